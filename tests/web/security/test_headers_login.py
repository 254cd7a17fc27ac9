"""Security headers on every kind of response; login throttling; idle sessions; passwords."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import make_app
from tests.web.helpers import PASSWORD, add_user, login
from web.auth.policy import common_passwords, password_problems


def _assert_headers(response: Any, secure: bool = False) -> None:
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert ("Strict-Transport-Security" in response.headers) is secure


def test_headers_on_pages_errors_static_and_json(client: FlaskClient, login_as: Any,
                                                 job_coach: dict[str, Any]) -> None:
    for path, status in (("/login", 200), ("/healthz", 200), ("/static/web.css", 200),
                         ("/no-such-page", 404), ("/coach/", 302)):
        response = client.get(path)
        assert response.status_code == status, path
        _assert_headers(response)
    login_as(job_coach)
    for path, status in (("/coach/", 200), ("/admin/users", 403)):
        response = client.get(path)
        assert response.status_code == status, path
        _assert_headers(response)
        assert response.headers["Cache-Control"] == "no-store"


def test_hsts_only_behind_tls(tmp_path: Path) -> None:
    plain = make_app(tmp_path / "a").test_client()
    assert "Strict-Transport-Security" not in plain.get("/login").headers
    # A forged X-Forwarded-Proto is ignored unless the app is configured behind a proxy.
    assert "Strict-Transport-Security" not in plain.get(
        "/login", headers={"X-Forwarded-Proto": "https"}).headers
    proxied = make_app(tmp_path / "b", BEHIND_TLS=True).test_client()
    _assert_headers(proxied.get("/login", headers={"X-Forwarded-Proto": "https"}), secure=True)
    assert "Strict-Transport-Security" in proxied.get("/login", base_url="https://localhost").headers


def test_templates_have_no_inline_script_or_style() -> None:
    root = Path(__file__).resolve().parents[3] / "web"
    bad = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=", re.I)
    offenders = [str(p) for p in root.rglob("*.html") if bad.search(p.read_text())]
    assert offenders == []


def test_login_throttled_same_answer_for_unknown_and_known_name(tmp_path: Path) -> None:
    app = make_app(tmp_path, LOGIN_MAX_FAILURES=3, LOGIN_MAX_FAILURES_PER_ADDRESS=5)
    add_user(app, "sanne", "job_coach")

    def client_at(addr: str) -> FlaskClient:
        c = app.test_client()
        c.environ_base["REMOTE_ADDR"] = addr
        return c

    client = client_at("10.0.0.1")
    for _ in range(3):
        assert login(client, "sanne", "wrong-password-x").status_code == 400
    refused = login(client_at("10.0.0.2"), "sanne", PASSWORD)  # right password, blocked name
    assert refused.status_code == 429
    assert "Te veel inlogpogingen" in refused.get_data(as_text=True)
    # An unknown name gets exactly the same treatment (no account enumeration).
    for _ in range(3):
        assert login(client_at("10.0.0.3"), "nobody", "wrong-password-x").status_code == 400
    assert login(client_at("10.0.0.3"), "nobody", "x").status_code == 429
    # The address limit stops guessing across many names from one client.
    other = client_at("10.0.0.4")
    answers = [login(other, f"name-{i}", "wrong-password-x").status_code for i in range(6)]
    assert answers == [400] * 5 + [429]
    assert login(client_at("10.0.0.5"), "name-9", "wrong").status_code == 400


def test_failed_login_messages_equal(client: FlaskClient, job_coach: dict[str, Any]) -> None:
    wrong_pw = login(client, job_coach["name"], "not-the-password").get_data(as_text=True)
    wrong_name = login(client, "no-such-user", "not-the-password").get_data(as_text=True)
    strip = re.compile(r'value="[^"]*"')
    assert strip.sub("", wrong_pw).replace(job_coach["name"], "X") == \
        strip.sub("", wrong_name).replace("no-such-user", "X")


def test_idle_session_expires(tmp_path: Path, monkeypatch: Any) -> None:
    import web.security as security

    app = make_app(tmp_path, SESSION_IDLE_MINUTES=30)
    add_user(app, "sanne", "job_coach")
    client = app.test_client()
    assert login(client, "sanne").status_code == 302
    assert client.get("/coach/").status_code == 200
    now = security.time.time()
    monkeypatch.setattr(security.time, "time", lambda: now + 29 * 60)
    assert client.get("/coach/").status_code == 200  # activity renews the window
    monkeypatch.setattr(security.time, "time", lambda: now + 29 * 60 + 31 * 60)
    response = client.get("/coach/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_disabled_account_session_ends(app: Flask, client: FlaskClient, login_as: Any,
                                       job_coach: dict[str, Any]) -> None:
    from web.db import session_scope
    from web.models import User

    login_as(job_coach)
    assert client.get("/coach/").status_code == 200
    with session_scope(app) as db:
        db.get(User, job_coach["id"]).active = False
    response = client.get("/coach/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_password_policy() -> None:
    assert len(common_passwords()) > 300
    codes = lambda pw, name=None: [m.code for m in password_problems(pw, name)]  # noqa: E731
    assert codes("kort") == ["web.password.too_short"]
    assert "web.password.common" in codes("Wachtwoord123!")
    assert "web.password.common" in codes("aaaaaaaaaaaaaaa")
    assert "web.password.contains_name" in codes("sanne-is-de-beste", "sanne")
    assert codes("paars-fietspad-onder-water") == []


def test_users_add_refuses_common_password(tmp_path: Path, monkeypatch: Any) -> None:
    import subprocess
    import sys

    db = f"sqlite:///{tmp_path / 'u.db'}"
    env = {"MATCHER_INSTANCE": str(tmp_path / "inst"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "matcher", "users", "add", "piet", "--role", "job_coach",
         "--db", db], input="welkom123456\nwelkom123456\n", capture_output=True, text=True,
        env=env, timeout=120, cwd=Path(__file__).resolve().parents[3])
    assert done.returncode == 2, done.stderr
    assert "veelgebruikte" in done.stderr + done.stdout
