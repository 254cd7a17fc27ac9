"""An unreachable database: every page that needs it answers 503, rendered without it.

Three ways the database goes away: the SQLite file cannot be opened any more (its
path is now a folder), the PostgreSQL server is stopped under a running application
(and comes back), and an application started against a port where nothing listens.
Every route of the URL map is walked (GET and POST, with a valid CSRF token) as a
logged-in user, in Dutch and in English: 503, the catalogue's text, no traceback.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from taskmodels.messages import text
from tests.web.conftest import make_app
from tests.web.helpers import PASSWORD, add_user, csrf_token, login
from tests.web.reliability.live import free_port
from tests.web.reliability.pgcluster import Cluster
from web import access
from web import db as storage

NAME = "outage-consultant"


def _url(rule: Any) -> str:
    values = {arg: 1 if rule._converters[arg].__class__.__name__ == "IntegerConverter" else "x"
              for arg in rule.arguments}
    path: str = rule.build(values, append_unknown=False)[1]
    return path


def _session(app: Flask, lang: str) -> tuple[FlaskClient, str]:
    """A logged-in client in ``lang`` and its CSRF token, made while the database is up."""
    client = app.test_client()
    assert login(client, NAME, PASSWORD).status_code == 302
    token = csrf_token(client, "/consultant/")
    assert client.post("/language", data={"lang": lang, "next": "/",
                                          "csrf_token": token}).status_code == 302
    return client, token


def _walk(app: Flask, client: FlaskClient, token: str, lang: str) -> int:
    """Every route, every method: 503 where the database is needed; returns the count."""
    title, body_text = text("web.error.503.title", lang), text("web.error.503.body", lang)
    checked = 0
    failures: list[str] = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        public = access.declared_roles(app, rule.endpoint) is access.PUBLIC
        url = _url(rule)
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, data={"csrf_token": token})
            checked += 1
            body = response.get_data(as_text=True)
            if "Traceback" in body or response.status_code == 500:
                failures.append(f"{method} {url}: {response.status_code} {body[:200]}")
            elif rule.endpoint == "healthz":
                if response.status_code != 503 or response.get_json() != {"status": "unavailable"}:
                    failures.append(f"healthz: {response.status_code} {body[:100]}")
            elif not public:
                if response.status_code != 503 or title not in body or body_text not in body \
                        or f'<html lang="{lang}">' not in body:
                    failures.append(f"{method} {url}: {response.status_code} {body[:200]}")
                elif response.headers.get("Retry-After") is None:
                    failures.append(f"{method} {url}: no Retry-After")
    assert failures == []
    return checked


def _folder_instead_of_file(app: Flask) -> None:
    """The SQLite file can no longer be opened: its path is a folder now."""
    url = app.config["DATABASE_URL"]
    path = Path(re.sub(r"^sqlite:///", "", url))
    with app.app_context():
        storage.engine().dispose()  # no pooled connection to the old file survives
    for suffix in ("", "-wal", "-shm"):
        moved = Path(f"{path}{suffix}")
        if moved.exists():
            shutil.move(moved, f"{moved}.away")
    path.mkdir()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sqlite_file_gone_every_page_503(tmp_path: Path, lang: str) -> None:
    app = make_app(tmp_path)
    add_user(app, NAME, "consultant")
    client, token = _session(app, lang)
    _folder_instead_of_file(app)
    checked = _walk(app, client, token, lang)
    print(f"{checked} route x method cases answered without the database ({lang})")
    assert checked > 50


def test_postgresql_stopped_every_page_503_then_back(pg_cluster: Cluster,
                                                     tmp_path: Path) -> None:
    app = make_app(tmp_path, DATABASE_URL=pg_cluster.url)
    add_user(app, NAME, "consultant")
    clients = {lang: _session(app, lang) for lang in ("nl", "en")}
    pg_cluster.stop()
    for lang, (client, token) in clients.items():
        checked = _walk(app, client, token, lang)
    print(f"{checked} route x method cases per language with PostgreSQL stopped")
    pg_cluster.start()  # pre-ping replaces the dead pooled connections
    client, _ = clients["nl"]
    assert client.get("/healthz").status_code == 200
    assert client.get("/consultant/").status_code == 200


def test_started_against_a_closed_port(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://nobody:nothing@127.0.0.1:{free_port()}/matcher"
    app = make_app(tmp_path, DATABASE_URL=url, MIGRATE_AT_START=False)
    client = app.test_client()
    assert client.get("/healthz").status_code == 503
    response = client.post("/login", data={"name": NAME, "password": PASSWORD,
                                           "csrf_token": csrf_token(client)})
    body = response.get_data(as_text=True)
    assert response.status_code == 503, body[:300]
    assert text("web.error.503.body", "nl") in body and "Traceback" not in body
    # Pages that need no database still work: a protected one sends to the login form.
    assert client.get("/consultant/").status_code == 302
