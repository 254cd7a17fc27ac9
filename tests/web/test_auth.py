"""Login, logout, sessions and the error-summary form pattern."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from tests.web.helpers import PASSWORD, csrf_token, login, post_form
from web.db import session_scope
from web.models import AuditEvent, User


def test_login_form_has_name_password_and_csrf_fields(client) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/login").get_data(as_text=True)
    assert re.search(r'<input[^>]+name="name"[^>]+type="text"', body)
    assert re.search(r'<input[^>]+name="password"[^>]+type="password"', body)
    assert re.search(r'<input[^>]+name="csrf_token"[^>]+type="hidden"', body)
    assert '<label class="label" for="name">Gebruikersnaam</label>' in body


def test_login_lands_on_the_role_area_and_is_audited(app: Flask, make_user, client) -> None:  # type: ignore[no-untyped-def]
    make_user("job_coach", name="coach")
    response = login(client, "coach")
    assert response.status_code == 302 and response.location == "/"
    assert client.get("/").location == "/coach/"
    assert client.get("/coach/").status_code == 200
    with session_scope(app) as db:
        logins = db.scalars(select(AuditEvent).where(AuditEvent.action == "login")).all()
        assert [(e.user_name, e.object_type) for e in logins] == [("coach", "user")]


def test_login_follows_a_local_next_but_not_another_host(make_user, client) -> None:  # type: ignore[no-untyped-def]
    make_user("admin", name="root")
    token = csrf_token(client, "/login?next=/admin/users")
    r = client.post("/login", data={"name": "root", "password": PASSWORD,
                                    "next": "/admin/users", "csrf_token": token})
    assert r.location == "/admin/users"
    client.post("/logout", data={"csrf_token": csrf_token(client, "/admin/users")})
    token = csrf_token(client)
    r = client.post("/login", data={"name": "root", "password": PASSWORD,
                                    "next": "//evil.example/x", "csrf_token": token})
    assert r.location == "/"


def _without_token(body: str) -> str:
    return re.sub(r'value="[^"]*\.[^"]*"', "", body)


def test_wrong_name_and_wrong_password_answer_the_same(make_user, client) -> None:  # type: ignore[no-untyped-def]
    make_user("consultant", name="real")
    wrong_password = login(client, "real", "not-the-password")
    wrong_name = login(client, "nobody", "not-the-password")
    assert wrong_password.status_code == wrong_name.status_code == 400
    a = _without_token(wrong_password.get_data(as_text=True)).replace('value="real"', "")
    b = _without_token(wrong_name.get_data(as_text=True)).replace('value="nobody"', "")
    assert a == b
    assert "De gebruikersnaam of het wachtwoord klopt niet" in a


def test_inactive_account_cannot_log_in(make_user, client) -> None:  # type: ignore[no-untyped-def]
    make_user("consultant", name="gone", active=False)
    assert login(client, "gone").status_code == 400


def test_post_without_csrf_token_is_refused(make_user, client) -> None:  # type: ignore[no-untyped-def]
    make_user("consultant", name="c")
    response = client.post("/login", data={"name": "c", "password": PASSWORD})
    assert response.status_code == 400
    assert "Het formulier kon niet worden verwerkt" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # not logged in


def test_logout_is_a_post_and_ends_the_session(make_user, client) -> None:  # type: ignore[no-untyped-def]
    make_user("admin", name="root")
    login(client, "root")
    assert client.get("/logout").status_code == 405
    assert client.get("/admin/users").status_code == 200
    r = post_form(client, "/logout", {}, form_page="/admin/users")
    assert r.status_code == 302 and r.location == "/login"
    assert client.get("/admin/users").status_code == 302


def test_login_starts_a_fresh_session(make_user, client) -> None:  # type: ignore[no-untyped-def]
    make_user("admin", name="root")
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
    login(client, "root")
    with client.session_transaction() as sess:
        assert "planted" not in sess
        assert "user_id" in sess


def test_ending_sessions_logs_the_user_out_everywhere(app: Flask, make_user, client) -> None:  # type: ignore[no-untyped-def]
    uid = make_user("admin", name="root")
    login(client, "root")
    assert client.get("/admin/users").status_code == 200
    with session_scope(app) as db:
        db.get(User, uid).end_sessions()
    assert client.get("/admin/users").status_code == 302


def test_session_cookie_is_httponly_and_lax(make_user, client) -> None:  # type: ignore[no-untyped-def]
    make_user("admin", name="root")
    response = login(client, "root")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_session_cookie_is_secure_behind_tls(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.web.conftest import make_app
    from tests.web.helpers import add_user

    app = make_app(tmp_path, BEHIND_TLS=True)
    add_user(app, "root", "admin")
    client = app.test_client()
    headers = {"X-Forwarded-Proto": "https"}
    page = client.get("/login", headers=headers, base_url="https://localhost")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))[1]
    response = client.post("/login", data={"name": "root", "password": PASSWORD,
                                           "csrf_token": token},
                           headers={**headers, "Referer": "https://localhost/login"},
                           base_url="https://localhost")
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


def test_failed_form_follows_the_error_summary_pattern(client) -> None:  # type: ignore[no-untyped-def]
    response = post_form(client, "/login", {"name": "kees", "password": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    title = re.search(r"<title>(.*?)</title>", body, re.S)[1].strip()
    assert title.startswith("1 invoerfout(en)")
    summary = re.search(r'<div class="error-summary" id="error-summary"[^>]*>(.*?)</div>', body, re.S)
    assert summary and 'role="alert"' in body and 'tabindex="-1"' in body
    assert '<a href="#password">Vul uw wachtwoord in</a>' in summary[1]
    field = re.search(r'<input[^>]*id="password"[^>]*>', body)[0]
    assert 'aria-invalid="true"' in field and 'aria-describedby="password-error"' in field
    assert '<p class="field-error" id="password-error">' in body
    assert re.search(r'<input[^>]*id="name"[^>]*value="kees"', body)  # the answer kept
    # The summary comes before the form.
    assert body.index("error-summary") < body.index('<form method="post" action="/login"')
