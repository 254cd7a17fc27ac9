"""Fixtures of the security tests: the two-sided world on the module's ``app``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.web.conftest import make_app
from tests.web.security.world import Side, build


@pytest.fixture
def world(app: Flask) -> tuple[Side, Side]:
    """Side A and side B (:mod:`tests.web.security.world`) stored in ``app``'s database."""
    return build(app)


@pytest.fixture
def app_on_both_databases(db_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app on a fresh SQLite file or PostgreSQL schema (``db_url``'s two params).

    A module whose ``app`` fixture returns it replaces the SQLite-only one, so ``world``
    is built in it too; its connections are closed before the schema is dropped.
    """
    app = make_app(tmp_path, DATABASE_URL=db_url)
    yield app
    app.extensions["web.db"].kw["bind"].dispose()
