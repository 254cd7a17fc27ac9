"""The central access check and the scoped loaders."""

from __future__ import annotations

import pytest
from flask import Flask, g
from werkzeug.exceptions import NotFound

from tests.web.helpers import login
from web import access
from web.db import session_scope
from web.models import Candidate, User

ROLES = ("consultant", "job_coach", "uwv_advisor", "admin")


def test_every_endpoint_declares_its_roles(app: Flask) -> None:
    undeclared = sorted(
        rule.endpoint for rule in app.url_map.iter_rules()
        if access.declared_roles(app, rule.endpoint) is None
    )
    assert undeclared == []
    assert len(list(app.url_map.iter_rules())) >= 8


def test_an_undeclared_endpoint_is_refused(app: Flask, make_user, client) -> None:  # type: ignore[no-untyped-def]
    app.add_url_rule("/undeclared", "undeclared", lambda: "secret")
    make_user("admin", name="root")
    login(client, "root")
    response = client.get("/undeclared")
    assert response.status_code == 403
    assert "secret" not in response.get_data(as_text=True)


def test_nothing_but_public_pages_before_login(app: Flask, client) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.arguments:
            continue
        declared = access.declared_roles(app, rule.endpoint)
        response = client.get(rule.rule)
        if declared is access.PUBLIC:
            assert response.status_code in (200, 302), rule.rule
            continue
        checked += 1
        assert response.status_code == 302, rule.rule
        assert response.location.startswith("/login?next="), rule.rule
    assert checked >= 4


LANDINGS = {"/admin/users": "admin", "/coach/": "job_coach", "/review/": "uwv_advisor"}


@pytest.mark.parametrize("role", ROLES)
def test_each_area_admits_only_its_role(role: str, make_user, client) -> None:  # type: ignore[no-untyped-def]
    make_user(role, name="someone")
    assert login(client, "someone").status_code == 302
    for path, allowed in LANDINGS.items():
        response = client.get(path)
        if role == allowed:
            assert response.status_code == 200, path
        else:
            assert response.status_code == 403, path
            body = response.get_data(as_text=True)
            assert "Geen toegang" in body and "<form" in body  # the page, not a form error


def _as(app: Flask, user_id: int):  # type: ignore[no-untyped-def]
    ctx = app.test_request_context("/")
    ctx.push()
    from web import db as storage
    g.user = storage.session().get(User, user_id)
    return ctx


def test_consultant_sees_only_own_organisations(app: Flask, make_user, make_organisation) -> None:  # type: ignore[no-untyped-def]
    mine = make_user("consultant", name="c-mine")
    other = make_user("consultant", name="c-other")
    org_a = make_organisation("A", members=(mine,))
    org_b = make_organisation("B", members=(other,))
    ctx = _as(app, mine)
    try:
        assert access.load_organisation(org_a).name == "A"
        with pytest.raises(NotFound):
            access.load_organisation(org_b)
        with pytest.raises(NotFound):
            access.load_organisation(99_999)
    finally:
        ctx.pop()
    ctx = _as(app, make_user("uwv_advisor", name="adv"))
    try:
        with pytest.raises(NotFound):
            access.load_organisation(org_a)
    finally:
        ctx.pop()


def test_coach_sees_only_own_candidates(app: Flask, make_user, client) -> None:  # type: ignore[no-untyped-def]
    coach_a = make_user("job_coach", name="coach-a")
    coach_b = make_user("job_coach", name="coach-b")
    with session_scope(app) as db:
        a = Candidate(pseudonym="K101", display_name="Anna Aarts", max_hours=20, coach_id=coach_a)
        b = Candidate(pseudonym="K102", display_name="Bram Bos", max_hours=20, coach_id=coach_b)
        db.add_all([a, b])
        db.flush()
        ids = (a.id, b.id)
    ctx = _as(app, coach_a)
    try:
        assert access.load_candidate(ids[0]).pseudonym == "K101"
        with pytest.raises(NotFound):
            access.load_candidate(ids[1])
    finally:
        ctx.pop()
    login(client, "coach-a")
    body = client.get("/coach/").get_data(as_text=True)
    assert "Anna Aarts" in body and "K101" in body
    assert "Bram Bos" not in body and "K102" not in body


def _sample_path(rule) -> str:  # type: ignore[no-untyped-def]
    """The rule's URL with every argument filled (1 for ints, 'x' for the rest)."""
    values = {}
    for name in rule.arguments:
        converter = rule._converters.get(name)
        values[name] = 1 if type(converter).__name__ in ("IntegerConverter", "NumberConverter") else "x"
    built = rule.build(values, append_unknown=False)
    assert built is not None, rule.rule
    return built[1]


def test_every_guarded_route_sends_anonymous_users_to_login(app: Flask, client) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for rule in app.url_map.iter_rules():
        declared = access.declared_roles(app, rule.endpoint)
        if declared is access.PUBLIC or "GET" not in rule.methods:
            continue
        response = client.get(_sample_path(rule))
        assert response.status_code == 302, rule.rule
        assert response.location.startswith("/login?next="), rule.rule
        checked += 1
    assert checked >= 4


@pytest.mark.parametrize("role", ROLES)
def test_every_route_refuses_the_roles_it_does_not_declare(role: str, app: Flask, make_user, client) -> None:  # type: ignore[no-untyped-def]
    make_user(role, name="visitor")
    login(client, "visitor")
    refused = 0
    for rule in app.url_map.iter_rules():
        declared = access.declared_roles(app, rule.endpoint)
        if declared is access.PUBLIC or role in declared or "GET" not in rule.methods:
            continue
        response = client.get(_sample_path(rule))
        assert response.status_code == 403, (rule.rule, response.status_code)
        refused += 1
    assert refused >= 2
