"""Two people editing the same thing (issue 14), for ``test_conflicts`` and ``test_race``:
logged-in sessions of their own, forms filled in as a browser submits them, and the
409 conflict page with its field table.

Each session fills in the form exactly as a browser would submit it: every input of
the rendered form (hidden version and CSRF token included), with some values changed.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.web.helpers import login
from tests.web.security.world import Side
from web.db import session_scope
from web.models import Function


class _Forms(HTMLParser):
    """The fields of every ``<form method="post">`` of a page, as a browser sends them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"id": a.get("id", ""), "action": a.get("action", ""),
                               "fields": {}})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields[a["name"]] = a.get("value", "y")
            elif kind != "submit":
                fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and ("selected" in a
                                                   or self._select not in fields):
            fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            fields[self._textarea] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def open_form(client: FlaskClient, url: str, marker: str = "version") -> dict[str, Any]:
    """GET ``url`` and return the fields of its form holding ``marker`` (a field name or
    the form's id)."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    parser = _Forms()
    parser.feed(page.get_data(as_text=True))
    for form in parser.forms:
        if form["id"] == marker or marker in form["fields"]:
            return dict(form["fields"])
    raise AssertionError(f"no form with {marker!r} on {url}")


def session_of(app: Flask, name: str) -> FlaskClient:
    """A logged-in test client of its own (its own cookies: a second person or device)."""
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client


def open_in_two_sessions(app: Flask, url: str, first: str, second: str | None = None
                         ) -> tuple[list[FlaskClient], list[dict[str, Any]]]:
    """Two sessions, of ``first`` and ``second`` (by default ``first`` again: a second
    tab), each with the form at ``url`` open; their clients and their forms' fields."""
    clients = [session_of(app, first), session_of(app, second or first)]
    return clients, [open_form(c, url) for c in clients]


def function_id(app: Flask, side: Side, role_id: str) -> int:
    """The stored id of function ``role_id`` of ``side``'s redesign run."""
    with session_scope(app) as db:
        return db.scalars(select(Function.id).where(Function.role_id == role_id,
                                                    Function.run_id == side.ids["run_id"])).one()


def assert_conflict(response: Any, *texts: str) -> str:
    """409, the conflict table, each of ``texts`` in the page; returns the body."""
    body: str = response.get_data(as_text=True)
    assert response.status_code == 409, (response.status_code, body[:600])
    assert 'id="conflict-table"' in body and 'id="error-summary"' in body
    for text in texts:
        assert text in body, text
    return body
