"""The application as a whole: health check, languages, error pages, the secret key."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy.orm import sessionmaker

from tests.web.conftest import make_app
from tests.web.helpers import csrf_token, login, post_form
from web.db import make_engine

UNREACHABLE = "postgresql+psycopg://nobody:x@127.0.0.1:9/none?connect_timeout=1"


def test_healthz_answers_ok_when_the_database_answers(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_unreachable_database_gives_503_health_and_a_clear_page(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    # The database goes away after start: point the app's sessions at a port where
    # nothing listens (a real connection failure, not a mock).
    app.extensions["web.db"] = sessionmaker(make_engine(UNREACHABLE))
    client = app.test_client()
    assert client.get("/healthz").status_code == 503
    response = post_form(client, "/login", {"name": "x", "password": "yyyyyyyyyyyy"})
    assert response.status_code == 503
    body = response.get_data(as_text=True)
    assert "Tijdelijk niet beschikbaar" in body and "niets opgeslagen" in body


def test_pages_are_dutch_by_default_and_english_on_request(client) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/login").get_data(as_text=True)
    assert '<html lang="nl">' in body and "Inloggen" in body
    r = post_form(client, "/language", {"lang": "en", "next": "/login"}, form_page="/login")
    assert r.status_code == 302 and r.location == "/login"
    body = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in body and "Sign in" in body and "Inloggen" not in body


def test_no_catalogue_code_leaks_into_a_page(make_user, client) -> None:  # type: ignore[no-untyped-def]
    for role, path in (("admin", "/admin/users"), ("job_coach", "/coach/"),
                       ("uwv_advisor", "/review/")):
        make_user(role, name=f"u-{role}")
        login(client, f"u-{role}")
        for page in ("/login", path, "/does-not-exist"):
            body = client.get(page).get_data(as_text=True)
            visible = re.sub(r"<[^>]+>", " ", body)
            assert not re.search(r"\bweb\.[a-z_]+\.", visible), (page, visible[:300])
        post_form(client, "/logout", {}, form_page=path)


def test_404_page_is_its_own_page(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "Pagina niet gevonden" in response.get_data(as_text=True)


def test_secret_key_is_generated_once_and_kept_in_the_instance_folder(tmp_path: Path) -> None:
    first = make_app(tmp_path)
    key_file = Path(first.instance_path) / "secret_key"
    assert key_file.exists() and len(key_file.read_text().strip()) == 64
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    second = make_app(tmp_path)
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text().strip()


def test_default_database_is_a_sqlite_file_in_the_instance_folder(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    assert app.config["DATABASE_URL"] == f"sqlite:///{Path(app.instance_path) / 'matcher.db'}"
    assert (Path(app.instance_path) / "matcher.db").exists()


def test_csrf_token_field_is_on_every_form(make_user, client) -> None:  # type: ignore[no-untyped-def]
    make_user("admin", name="root")
    login(client, "root")
    body = client.get("/admin/users").get_data(as_text=True)
    forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", body, re.S)
    assert len(forms) >= 2  # language and logout
    assert all('name="csrf_token"' in f for f in forms)
    assert csrf_token(client, "/admin/users")
