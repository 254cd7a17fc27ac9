"""Fixtures for the web layer: app (a throw-away SQLite file), client, runner, users per
role, a real PostgreSQL (``pg_url``), storage URLs for both databases, a live
waitress server and Debian's Chromium driven by Playwright, with axe-core.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from tests.web.helpers import PASSWORD, add_organisation, add_user, login
from web import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def make_app(tmp_path: Path, **config: Any) -> Flask:
    """An application on its own instance folder (SQLite file there unless told)."""
    instance = tmp_path / "instance"
    return create_app({"TESTING": True, "INSTANCE_PATH": str(instance), **config})


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    """The application on a fresh SQLite file, migrated to head."""
    return make_app(tmp_path)


@pytest.fixture(autouse=True)
def _close_run_engines() -> Iterator[None]:
    """Every run engine a test made is closed when it ends: runs still in flight are
    interrupted and their heartbeat thread joined, so none outlives its database."""
    from web.runs import live_engines

    before = {id(e) for e in live_engines()}
    yield
    for engine in live_engines():
        if id(engine) not in before:
            engine.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def make_user(app: Flask) -> Callable[..., int]:
    """Factory: ``make_user("job_coach", name="coach-a")`` → the new user's id."""
    counter = iter(range(1, 10_000))

    def make(role: str, name: str | None = None, **kwargs: Any) -> int:
        return add_user(app, name or f"{role}-{next(counter)}", role, **kwargs)

    return make


@pytest.fixture
def make_organisation(app: Flask) -> Callable[..., int]:
    """Factory: ``make_organisation("Ziekenhuis", members=(uid,))`` → the id."""

    def make(name: str, members: tuple[int, ...] = ()) -> int:
        return add_organisation(app, name, members)

    return make


def _role_fixture(role: str) -> Any:
    @pytest.fixture
    def user(make_user: Callable[..., int]) -> dict[str, Any]:
        name = f"test-{role}"
        return {"id": make_user(role, name=name), "name": name, "password": PASSWORD}

    return user


consultant = _role_fixture("consultant")
job_coach = _role_fixture("job_coach")
uwv_advisor = _role_fixture("uwv_advisor")
admin = _role_fixture("admin")


@pytest.fixture
def login_as(client: FlaskClient) -> Callable[[dict[str, Any]], FlaskClient]:
    """Log ``client`` in as a user made by a role fixture; asserts it worked."""

    def do(user: dict[str, Any]) -> FlaskClient:
        response = login(client, user["name"], user["password"])
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return do


# --- PostgreSQL ---------------------------------------------------------------------

@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """The real PostgreSQL server's URL (TEST_DATABASE_URL, set by .ci/run).

    Under CI=true a missing server is a failure, not a skip: the storage tests must
    have run on PostgreSQL for the build to pass.
    """
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("TEST_DATABASE_URL is not set under CI=true; .ci/run starts PostgreSQL")
        pytest.skip("TEST_DATABASE_URL not set (run .ci/run, or start PostgreSQL locally)")
    return url


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """A URL on the real server whose tables live in a schema of this test alone.

    A schema per test (dropped afterwards, :func:`web.db.scratch_schema`) keeps tests
    apart without needing the right to create databases.
    """
    from web.db import scratch_schema
    from web.runs import shutdown

    with scratch_schema(pg_server_url, "t") as url:
        try:
            yield url
        finally:
            # Runs and heartbeats on this schema stop first (else "run heartbeat failed").
            shutdown(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL: once on SQLite, once on the real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'storage.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


# --- live server and browser --------------------------------------------------------

@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The app served by waitress (the production server) on a free loopback port."""
    from waitress import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        # Close the browser's keep-alive connections too, in the server's own loop
        # thread: waitress's loop runs while any connection is open, and server.close()
        # alone closes only the listening socket (the join then waited its 5 s out).
        def close_all() -> None:
            for channel in list(server._map.values()):
                if channel is not server and channel is not server.trigger:
                    channel.close()
            server.close()

        server.trigger.pull_trigger(close_all)
        thread.join(timeout=5)
        if thread.is_alive():
            server.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} missing under CI=true; .ci/run installs chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser page (its own cookies) for one test."""
    context = browser.new_context(locale="nl-NL")
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()
