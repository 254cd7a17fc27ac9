"""Real processes for the fault tests: the production server as a child process, and a
plain HTTP user (urllib with a cookie jar, CSRF tokens read from the forms).

Nothing here is a stand-in: ``python -m matcher serve`` is what an office runs, and
the user speaks HTTP to it over loopback like a browser without JavaScript.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PASSWORD = "fault-test-password-2026"


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sqlite_url(instance: Path) -> str:
    """The server's default database: the SQLite file in its instance folder."""
    return f"sqlite:///{instance / 'matcher.db'}"


def _env(instance: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTEST_CURRENT_TEST")}
    env["MATCHER_INSTANCE"] = str(instance)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def add_account(instance: Path, db_url: str, name: str, role: str) -> None:
    """``python -m matcher users add NAME --role ROLE`` with the password piped twice."""
    done = subprocess.run(
        [sys.executable, "-m", "matcher", "users", "add", name, "--role", role, "--db", db_url],
        input=f"{PASSWORD}\n{PASSWORD}\n", text=True, capture_output=True, cwd=ROOT,
        env=_env(instance), timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


class Server:
    """``python -m matcher serve`` in its own process group, on a free loopback port.

    Parameters
    ----------
    instance
        The instance folder (secret key; the SQLite file unless ``db_url`` names another).
    db_url
        The database URL given with ``--db``.
    log
        Where the server's output goes (quoted when a test fails).
    """

    def __init__(self, instance: Path, db_url: str, log: Path) -> None:
        self.instance, self.db_url, self.log = instance, db_url, log
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def base(self) -> str:
        """The server's address."""
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        """The last lines the server printed."""
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def start(self, timeout: float = 180.0) -> Server:
        """Start it and wait until ``/healthz`` answers 200."""
        self.port = free_port()
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "matcher", "serve", "--host", "127.0.0.1",
                 "--port", str(self.port), "--db", self.db_url, "--threads", "4"],
                cwd=ROOT, env=_env(self.instance), stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)  # its own group: SIGKILL reaches every thread's process
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited with {self.proc.returncode}:\n{self.output()}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as resp:
                    if resp.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise AssertionError(f"server did not answer within {timeout} s:\n{self.output()}")

    def kill(self) -> None:
        """SIGKILL the whole process group: no handler, no atexit, no goodbye."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        """End it (Ctrl-C first, then SIGKILL); used at teardown."""
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGINT)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Answer:
    """One HTTP answer."""

    status: int
    body: str
    headers: dict[str, str]

    @property
    def location(self) -> str:
        """The redirect target's path."""
        return urllib.parse.urlsplit(self.headers.get("Location", "")).path


class User:
    """A person at a browser without JavaScript: cookies kept, redirects not followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def _send(self, request: urllib.request.Request, timeout: float) -> Answer:
        try:
            with self._opener.open(request, timeout=timeout) as resp:
                return Answer(resp.status, resp.read().decode("utf-8", "replace"),
                              dict(resp.headers))
        except urllib.error.HTTPError as exc:  # 3xx (not followed), 4xx, 5xx
            return Answer(exc.code, exc.read().decode("utf-8", "replace"), dict(exc.headers))

    def get(self, path: str, timeout: float = 60.0) -> Answer:
        """GET ``path``."""
        return self._send(urllib.request.Request(self.base + path), timeout)

    def token(self, path: str) -> str:
        """The CSRF token of the form on ``path``."""
        page = self.get(path)
        found = CSRF.search(page.body)
        assert found, f"no csrf_token on {path} ({page.status}): {page.body[:300]}"
        return found.group(1)

    def post(self, path: str, data: dict[str, str], *, form_page: str | None = None,
             files: dict[str, tuple[str, bytes]] | None = None, timeout: float = 120.0) -> Answer:
        """POST a form (CSRF token from ``form_page``, default ``path``); ``files`` as
        ``{field: (filename, bytes)}`` makes it multipart."""
        fields = {**data, "csrf_token": self.token(form_page or path)}
        if files:
            boundary = uuid.uuid4().hex
            parts: list[bytes] = []
            for key, value in fields.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"'
                             f"\r\n\r\n{value}\r\n".encode())
            for key, (filename, content) in files.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; '
                             f'filename="{filename}"\r\nContent-Type: application/octet-stream'
                             "\r\n\r\n".encode() + content + b"\r\n")
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            ctype = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
            ctype = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base + path, data=body, method="POST",
                                         headers={"Content-Type": ctype})
        return self._send(request, timeout)

    def json(self, path: str) -> dict[str, Any]:
        """GET a JSON answer."""
        answer = self.get(path)
        assert answer.status == 200, (path, answer.status, answer.body[:300])
        data: dict[str, Any] = json.loads(answer.body)
        return data

    def login(self, name: str, password: str = PASSWORD) -> None:
        """Log in through the form; asserts the redirect that says it worked."""
        answer = self.post("/login", {"name": name, "password": password})
        assert answer.status == 302, (answer.status, answer.body[:500])

    def language(self, lang: str, form_page: str = "/login") -> None:
        """Choose the page language (the header's form on ``form_page``)."""
        answer = self.post("/language", {"lang": lang, "next": "/"}, form_page=form_page)
        assert answer.status == 302, (answer.status, answer.body[:300])
