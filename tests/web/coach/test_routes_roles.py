"""Every route of the coach and review areas, for every role: allowed, refused, or 404.

Walks the URL map, so a route added later without a case here fails this test.
"""

from __future__ import annotations

import pytest

from tests.web.coach.conftest import World
from tests.web.helpers import login

# endpoint -> (path with the world's own objects, roles that may open it)
COACH = ("job_coach",)
BOTH = ("job_coach", "consultant")


def cases(world: World) -> dict[str, tuple[str, tuple[str, ...]]]:
    c, o = world.candidate, world.organisation
    return {
        "coach.index": ("/coach/", COACH),
        "coach.create": ("/coach/candidates/new", COACH),
        "coach.import_candidates": ("/coach/import", COACH),
        "coach.candidate": (f"/coach/candidates/{c}", COACH),
        "coach.edit": (f"/coach/candidates/{c}/edit", COACH),
        "coach.monitor": (f"/coach/candidates/{c}/monitor", COACH),
        "coach.rate": (f"/coach/candidates/{c}/monitor/1/self", COACH),
        "coach.profile": (f"/coach/candidates/{c}/profile", COACH),
        "coach.fit": (f"/coach/candidates/{c}/fit", COACH),
        "coach.export": (f"/coach/candidates/{c}/export.json", COACH),
        "coach.erase": (f"/coach/candidates/{c}/erase", COACH),
        "coach.placements": (f"/coach/organisations/{o}/placements", BOTH),
        "coach.pool_new": (f"/coach/organisations/{o}/pool", BOTH),
        "review.index": ("/review/", ("uwv_advisor",)),
    }


# routes that need an object made by a solve or a proposal (tested in their own files),
# or that only accept POST; the matrix still checks the role refusal on them.
NEEDS_OBJECT = {
    "coach.compute_fit", "coach.carve", "coach.run_result", "coach.propose", "coach.answer",
    "coach.pool_run", "coach.pool_progress", "coach.pool_export", "review.submission",
    "review.history",
}


def test_every_route_has_a_case(app, world: World) -> None:
    endpoints = {r.endpoint for r in app.url_map.iter_rules()
                 if r.endpoint.startswith(("coach.", "review."))}
    assert endpoints == set(cases(world)) | NEEDS_OBJECT


@pytest.mark.parametrize("role", ["job_coach", "consultant", "uwv_advisor", "admin"])
def test_route_by_role(client, world: World, role: str) -> None:
    names = {"job_coach": world.coach["name"], "consultant": world.consultant["name"],
             "uwv_advisor": world.advisor["name"]}
    if role == "admin":
        from tests.web.helpers import add_user

        add_user(world.app, "admin-a", "admin")
        names["admin"] = "admin-a"
    login(client, names[role])
    checked = 0
    for endpoint, (path, allowed) in cases(world).items():
        response = client.get(path)
        status = response.status_code
        assert status == (200 if role in allowed else 403), (endpoint, role, status)
        if status == 200 and response.content_type.startswith("text/html"):
            body = response.get_data(as_text=True)
            assert "web.coach." not in body and "web.review." not in body, endpoint  # no raw code
        checked += 1
    print(f"{role}: {checked} routes")


def test_not_logged_in_every_route_redirects_to_login(client, world: World) -> None:
    for path, _ in cases(world).values():
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.location, path


def test_other_coach_gets_404_on_every_candidate_route(client, world: World) -> None:
    login(client, world.other_coach["name"])
    for endpoint, (path, _) in cases(world).items():
        if f"/candidates/{world.candidate}" in path or "/organisations/" in path:
            response = client.get(path)
            assert response.status_code == 404, endpoint
            assert "Anna Fictief" not in response.get_data(as_text=True)
