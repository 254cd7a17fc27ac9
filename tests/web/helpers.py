"""Helpers for web tests that are plain functions (fixtures live in conftest.py)."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from web.auth.passwords import hash_password
from web.db import session_scope
from web.models import Organisation, OrganisationMember, User

PASSWORD = "correct-horse-battery"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token of the form on ``path`` (GET it as the browser would)."""
    page = client.get(path)
    found = _CSRF.search(page.get_data(as_text=True))
    assert found, f"no csrf_token field on {path} (status {page.status_code})"
    return found.group(1)


def post_form(client: FlaskClient, path: str, data: dict[str, Any],
              form_page: str | None = None, **kwargs: Any) -> TestResponse:
    """POST ``data`` to ``path`` with the CSRF token taken from ``form_page`` (default
    ``path``; use another page when ``path`` has no GET, e.g. ``/logout``)."""
    token = csrf_token(client, form_page or path)
    return client.post(path, data={**data, "csrf_token": token}, **kwargs)


def login(client: FlaskClient, name: str, password: str = PASSWORD) -> TestResponse:
    """Log in through the real form (CSRF token included); returns the POST response."""
    return post_form(client, "/login", {"name": name, "password": password})


def add_user(app: Flask, name: str, role: str, password: str = PASSWORD,
             active: bool = True) -> int:
    """Create an account directly in the database; returns its id."""
    with session_scope(app) as db:
        user = User(name=name, role=role, password_hash=hash_password(password), active=active)
        db.add(user)
        db.flush()
        return user.id


def add_organisation(app: Flask, name: str, member_ids: tuple[int, ...] = ()) -> int:
    """Create an organisation with ``member_ids`` working for it; returns its id."""
    with session_scope(app) as db:
        org = Organisation(name=name)
        db.add(org)
        db.flush()
        for uid in member_ids:
            db.add(OrganisationMember(organisation_id=org.id, user_id=uid))
        return org.id
