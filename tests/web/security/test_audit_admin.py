"""The admin's audit page (filters, read-only) and disabling an account."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import select

from tests.web.coach.seed import add_candidate
from tests.web.helpers import add_user, login, post_form
from web.db import session_scope
from web.models import AuditEvent, User
from web.models.audit import AuditEventImmutable


def test_audit_trail_lists_candidate_views_filterable_and_read_only(app: Flask) -> None:
    coach = add_user(app, "coach-x", "job_coach")
    add_user(app, "root", "admin")
    one = add_candidate(app, coach, "K001", pseudonym="PS-ONE")
    add_candidate(app, coach, "K002", pseudonym="PS-TWO")
    coach_client = app.test_client()
    login(coach_client, "coach-x")
    assert coach_client.get(f"/coach/candidates/{one}").status_code == 200
    assert coach_client.get(f"/coach/candidates/{one}/export.json").status_code == 200

    admin = app.test_client()
    login(admin, "root")
    page = admin.get("/admin/audit?pseudonym=PS-ONE").get_data(as_text=True)
    assert "candidate.view" in page and "candidate.export" in page and "coach-x" in page
    assert "PS-TWO" not in page
    only_export = admin.get("/admin/audit?pseudonym=PS-ONE&action=candidate.export")
    assert "<td>candidate.view</td>" not in only_export.get_data(as_text=True)
    assert "<td>candidate.export</td>" in only_export.get_data(as_text=True)
    assert "coach-x" not in admin.get("/admin/audit?user=nobody").get_data(as_text=True)
    assert "PS-ONE" not in admin.get("/admin/audit?since=2999-01-01").get_data(as_text=True)
    assert admin.get("/admin/audit?since=not-a-date").status_code == 200  # shown as an error
    # Nothing in the URL map may change the trail: every admin route but the two account
    # changes (disable, edit role/active) is GET.
    writers = sorted(r.endpoint for r in app.url_map.iter_rules()
                     if r.endpoint.startswith("admin.") and r.methods & {"POST", "PUT", "DELETE"})
    assert writers == ["admin.user_disable", "admin.user_edit"]
    # And the model itself refuses an update and a delete.
    with pytest.raises(AuditEventImmutable):
        with session_scope(app) as db:
            db.scalars(select(AuditEvent)).first().action = "forged"  # type: ignore[union-attr]
    with pytest.raises(AuditEventImmutable):
        with session_scope(app) as db:
            db.delete(db.scalars(select(AuditEvent)).first())


def test_admin_disables_an_account_and_its_session_ends(app: Flask) -> None:
    coach = add_user(app, "coach-y", "job_coach")
    add_user(app, "root", "admin")
    coach_client = app.test_client()
    login(coach_client, "coach-y")
    assert coach_client.get("/coach/").status_code == 200
    admin = app.test_client()
    login(admin, "root")
    listing = admin.get("/admin/users").get_data(as_text=True)
    version = re.search(rf'action="/admin/users/{coach}/disable">.*?name="version" value="(\d+)"',
                        listing, re.S)
    assert version, "the disable button carries the account's version (web.concurrency)"
    done = post_form(admin, f"/admin/users/{coach}/disable", {"version": version.group(1)},
                     form_page="/admin/users")
    assert done.status_code == 302
    with session_scope(app) as db:
        assert db.get(User, coach).active is False  # type: ignore[union-attr]
    ended = coach_client.get("/coach/")
    assert ended.status_code == 302 and "/login" in ended.headers["Location"]
    assert login(app.test_client(), "coach-y").status_code == 400  # cannot log in again
    body = admin.get("/admin/audit?action=user.disable").get_data(as_text=True)
    assert "coach-y" in body


def test_admin_cannot_disable_themself(app: Flask) -> None:
    root = add_user(app, "root", "admin")
    admin = app.test_client()
    login(admin, "root")
    post_form(admin, f"/admin/users/{root}/disable", {}, form_page="/admin/users")
    assert admin.get("/admin/users").status_code == 200
