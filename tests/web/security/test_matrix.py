"""Walk every route of the URL map for anonymous users and every role, on the user's
own object and on the other side's, against :data:`web.authz_matrix.MATRIX`."""

from __future__ import annotations

from flask import Flask, url_for

from tests.web.helpers import csrf_token, login
from tests.web.security.world import ROLES, Side, build
from web import authz_matrix
from web.authz_matrix import MATRIX, PUBLIC


def test_every_route_is_in_the_matrix(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(endpoints - set(MATRIX)) == []
    assert authz_matrix.disagreements(app) == []


def test_a_disagreeing_declaration_stops_the_server(app: Flask) -> None:
    import pytest

    from web import access

    view = app.view_functions["coach.index"]
    had = "required_roles" in vars(view)
    old = getattr(view, "required_roles", None)
    view.required_roles = frozenset({access.JOB_COACH, access.CONSULTANT})
    try:
        with pytest.raises(RuntimeError, match="coach.index"):
            authz_matrix.verify(app)
    finally:
        if had:
            view.required_roles = old
        else:
            del view.required_roles


def _url(app: Flask, rule, side: Side) -> str:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        return url_for(rule.endpoint, **{k: side.ids[k] for k in rule.arguments})


def test_matrix_walk(app: Flask) -> None:
    own, other = build(app)
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint != "auth.logout", r.rule))
    rules = rules[1:] + rules[:1]  # logout last: it ends the session
    cases = 0
    failures: list[str] = []
    try:
        for role in (None, *ROLES):
            client = app.test_client()
            if role is not None:
                assert login(client, own.users[role]).status_code == 302
            token = csrf_token(client, "/login")
            for rule in rules:
                expected = MATRIX[rule.endpoint]
                for label, side in (("own", own), ("other", other)):
                    url = _url(app, rule, side)
                    if rule.endpoint == "auth.logout" and label == "other" and role:
                        # the "own" logout ended the session: log in again to repeat it
                        assert login(client, own.users[role]).status_code == 302
                        token = csrf_token(client, "/login")
                    if expected.method == "GET":
                        response = client.get(url)
                    else:
                        response = client.post(url, data={"csrf_token": token})
                    if PUBLIC in expected.roles:
                        want = expected.own if label == "own" else expected.expected_other(role)
                    elif role is None:
                        want = 302
                    elif role not in expected.roles:
                        want = 403
                    else:
                        want = expected.own if label == "own" else expected.expected_other(role)
                    cases += 1
                    got = response.status_code
                    if got != want:
                        failures.append(f"{role} {rule.endpoint} {label}: {got} != {want}")
                    if role is None and want == 302 and PUBLIC not in expected.roles:
                        assert "/login" in response.headers["Location"], url
                    body = response.get_data(as_text=True) if not response.is_streamed else ""
                    # The advisor judges every submitted function: organisation names of
                    # both sides are theirs to see; a person's identity never is.
                    secrets = other.secrets[1:] if role == "uwv_advisor" else other.secrets
                    leaked = [s for s in secrets if s in body]
                    if leaked:
                        failures.append(f"{role} {rule.endpoint} {label}: shows {leaked}")
    finally:
        engine = app.extensions.get("web.runs")
        if engine is not None:
            for run_id in engine.in_flight():
                engine.wait(run_id, timeout=60)
            engine.close()
    print(f"authorization matrix: {cases} cases ({len(rules)} routes x 5 users x own/other)")
    assert failures == []
    assert cases == len(rules) * 5 * 2
