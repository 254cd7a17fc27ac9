"""A throw-away PostgreSQL cluster a test starts, kills and starts again itself.

Debian's server binaries (``/usr/lib/postgresql/<version>/bin``: ``initdb``,
``pg_ctl``), installed by ``.ci/run``. PostgreSQL refuses to run as root, so as root
every command runs as the ``postgres`` account (``runuser``) on a folder it owns.
The cluster listens on a free loopback port only, no Unix socket outside its folder,
password authentication (scram) on TCP.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.reliability.live import free_port


def server_bin() -> Path | None:
    """The newest installed PostgreSQL server's ``bin`` folder, or None."""
    found = sorted((p for p in Path("/usr/lib/postgresql").glob("*/bin")
                    if (p / "initdb").exists() and (p / "pg_ctl").exists()),
                   key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    return found[-1] if found else None


def require_server_bin() -> Path:
    """The binaries; a failure under ``CI=true`` (``.ci/run`` installs them), else a skip."""
    found = server_bin()
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("PostgreSQL server binaries missing under CI=true "
                        "(/usr/lib/postgresql/*/bin/initdb); .ci/run installs postgresql")
        pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql)")
    return found


class Cluster:
    """One cluster in its own folder.

    Parameters
    ----------
    bin_dir
        The server's ``bin`` folder.
    """

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="matcher-pg-"))
        self.data = self.root / "data"
        self.logfile = self.root / "server.log"
        self.port = free_port()
        self.password = secrets.token_hex(12)
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the cluster's ``postgres`` database."""
        return f"postgresql+psycopg://postgres:{self.password}@127.0.0.1:{self.port}/postgres"

    @property
    def dsn(self) -> str:
        """The same for psycopg itself."""
        return f"postgresql://postgres:{self.password}@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = list(args)
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                              stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}\n"
                                 f"{self.log()}")
        return done

    def log(self) -> str:
        """The server's log (quoted in failures)."""
        try:
            return self.logfile.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def init(self) -> Cluster:
        """``initdb`` with the superuser's password from a file only ``postgres`` reads."""
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        if self._as_postgres:
            account = pwd.getpwnam("postgres")
            os.chown(pwfile, account.pw_uid, account.pw_gid)
        pwfile.chmod(0o600)
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                  "--pwfile", str(pwfile), "--auth-host=scram-sha-256", "--auth-local=trust",
                  "--no-sync", "-E", "UTF8", "--locale=C")
        pwfile.unlink()
        return self

    def start(self) -> Cluster:
        """Start (and wait until it accepts connections); recovers after a crash."""
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                   f"-c unix_socket_directories={self.root}")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.logfile),
                  "-o", options, "-w", "-t", "120", "start")
        return self

    def kill(self) -> None:
        """Stop like a crash: ``pg_ctl -m immediate`` (SIGQUIT to every backend, no
        checkpoint; the next start replays the write-ahead log)."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def stop(self) -> None:
        """A clean stop (used at teardown; quiet when it is not running)."""
        pid = self.data / "postmaster.pid"
        if pid.exists():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        """Stop and delete the folder."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def cluster_fixture() -> Iterator[Cluster]:
    """Body of the ``pg_cluster`` fixture: a started cluster, removed afterwards."""
    cluster = Cluster(require_server_bin()).init().start()
    try:
        yield cluster
    finally:
        cluster.remove()
