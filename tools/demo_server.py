"""``serve --demo`` on a free loopback port, for the load bench and the walk-through.

Both start the production server (waitress) on the demo data with an instance folder
of their own, wait until ``/healthz`` answers, and stop it afterwards.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_demo_server(instance: str | Path, log_path: Path, extra: Sequence[str] = (),
                      wait: float = 600) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``matcher serve --demo`` (plus ``extra`` arguments); its process and base URL.

    The server writes to ``log_path``; when it does not answer within ``wait`` seconds,
    or ends, it is stopped and the end of that log is the error.
    """
    port = free_port()
    env = {**os.environ, "MATCHER_INSTANCE": str(instance), "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    cmd = [sys.executable, "-m", "matcher", "serve", "--demo", "--host", "127.0.0.1",
           "--port", str(port), *extra]
    log = open(log_path, "w")  # noqa: SIM115 - the server writes to it until it ends
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as r:
                if r.status == 200:
                    return server, base
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            server.terminate()
            raise SystemExit(f"the server did not start; its log:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.5)
