"""Fit, carving, proposals, the candidate's answer and the placement (real solves, small limits)."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.web.coach.conftest import OWN_NAME, World
from tests.web.helpers import login, post_form
from web.db import session_scope
from web.models import AuditEvent, Function, MatchProposal, Placement, Run


def _fit(client, world: World) -> str:
    login(client, world.coach["name"])
    response = post_form(client, f"/coach/candidates/{world.candidate}/fit", {},
                         form_page=f"/coach/candidates/{world.candidate}/fit")
    assert response.status_code == 302
    return client.get(f"/coach/candidates/{world.candidate}/fit").get_data(as_text=True)


def test_fit_shows_explained_match_with_radar_and_stores_a_checked_run(client, world: World) -> None:
    page = _fit(client, world)
    with session_scope(world.app) as db:
        run = db.scalars(select(Run).where(Run.kind == "match")).one()
        assert run.state == "done" and run.candidate_ids == ["K001"]
        report = run.report
        mine = [m for m in report["matches"] if m["candidate_id"] == "K001"]
        fids = {f.role_id: f.id for f in db.scalars(select(Function).where(Function.run_id == run.id))}
    assert OWN_NAME not in str(report)  # the display name never reaches the core or a report
    if mine:
        m = mine[0]
        assert f"{m['role_id']}: past" in page
        assert "Regels die hielpen of tegenwerkten" in page
        assert "Capaciteit tegenover de eisen van " + m["role_id"] in page and "<svg" in page
        assert f"/coach/candidates/{world.candidate}/propose/{fids[m['role_id']]}" in page
        if m["borderline"]:
            assert "Krap passend op" in page
    else:
        assert "Nog geen passende functie" in page


def test_carve_for_this_person_shows_the_package(client, world: World) -> None:
    login(client, world.coach["name"])
    fit_page = f"/coach/candidates/{world.candidate}/fit"
    response = post_form(client, f"/coach/candidates/{world.candidate}/carve/{world.organisation}",
                         {}, form_page=fit_page)
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    with session_scope(world.app) as db:
        run = db.scalars(select(Run).where(Run.kind == "carve")).one()
        formed = [r for r in run.report["roles"] if r.get("candidate_id") == "K001"]
    assert "Functie op maat" in page
    if formed:
        assert "Het pakket taken" in page
        for part in formed[0]["tasks"]:
            assert part["task_id"] in page


def test_other_coach_cannot_open_the_run_or_carve(client, world: World) -> None:
    _fit(client, world)
    with session_scope(world.app) as db:
        run_id = db.scalars(select(Run.id)).one()
    login(client, world.other_coach["name"])
    assert client.get(f"/coach/candidates/{world.candidate}/runs/{run_id}").status_code == 404
    # coach B's own candidate, but a run without them and an organisation B does not work for
    assert client.get(f"/coach/candidates/{world.other_candidate}/runs/{run_id}").status_code == 404
    response = post_form(client, f"/coach/candidates/{world.other_candidate}/carve/{world.organisation}",
                         {}, form_page="/coach/candidates/new")
    assert response.status_code == 404


def _solver_and_other(world: World) -> tuple[int | None, int]:
    with session_scope(world.app) as db:
        run = db.scalars(select(Run).where(Run.kind == "match")).one()
        matched = {m["role_id"] for m in run.report["matches"] if m["candidate_id"] == "K001"}
        fns = db.scalars(select(Function).where(Function.run_id == run.id)).all()
        solver = next((f.id for f in fns if f.role_id in matched), None)
        other = next(f.id for f in fns if f.role_id not in matched)
        return solver, other


def test_override_needs_a_reason_and_is_recorded(client, world: World) -> None:
    _fit(client, world)
    _, other = _solver_and_other(world)
    path = f"/coach/candidates/{world.candidate}/propose/{other}"
    page = post_form(client, path, {"function_id": other}).get_data(as_text=True)
    assert "invoerfout" in page and "Geef een reden" in page
    with session_scope(world.app) as db:
        assert db.scalars(select(MatchProposal)).first() is None
    response = post_form(client, path, {"function_id": other,
                                        "override_reason": "Wil graag in deze ploeg werken"})
    assert response.status_code == 302
    with session_scope(world.app) as db:
        proposal = db.scalars(select(MatchProposal)).one()
        assert proposal.override_reason == "Wil graag in deze ploeg werken"
        event = db.scalars(select(AuditEvent).where(AuditEvent.action == "candidate.propose")).one()
        assert event.detail["override"] is True


def test_accept_becomes_a_placement_seen_by_consultant_without_the_name(client, world: World) -> None:
    _fit(client, world)
    solver, other = _solver_and_other(world)
    fid = solver or other
    data = {"function_id": fid} if solver else {"function_id": fid, "override_reason": "past goed"}
    response = post_form(client, f"/coach/candidates/{world.candidate}/propose/{fid}", data)
    answer_path = response.location
    page = post_form(client, answer_path, {"answer": "decline"}).get_data(as_text=True)
    assert "Schrijf op waarom" in page  # a decline needs the person's reason
    page = post_form(client, answer_path, {"answer": "accept", "hours": "17"}).get_data(as_text=True)
    assert "startdatum" in page.lower() and "invoerfout" in page
    response = post_form(client, answer_path, {"answer": "accept", "start_date": "2027-02-01",
                                               "hours": "17", "reason": "Ik wil dit graag"})
    assert response.status_code == 302
    with session_scope(world.app) as db:
        proposal = db.scalars(select(MatchProposal)).one()
        placement = db.scalars(select(Placement)).one()
        assert proposal.answer == "accept" and proposal.answer_reason == "Ik wil dit graag"
        assert (placement.hours, placement.start_date.isoformat()) == (17.0, "2027-02-01")
        assert placement.organisation_id == world.organisation
    assert "Start 2027-02-01" in client.get(f"/coach/candidates/{world.candidate}").get_data(as_text=True)
    login(client, world.consultant["name"])
    page = client.get(f"/coach/organisations/{world.organisation}/placements").get_data(as_text=True)
    assert "K001" in page and "2027-02-01" in page and OWN_NAME not in page
    # the other coach does not see it (not their candidate, not their organisation)
    login(client, world.other_coach["name"])
    assert client.get(f"/coach/organisations/{world.organisation}/placements").status_code == 404
    assert client.get(re.sub(r"\?.*", "", answer_path)).status_code == 404


def test_a_rejected_answer_is_never_shown_as_a_proposal(client, world: World) -> None:
    """A run the evaluator rejected shows the rejection, not its matches or functions."""
    from taskmodels.messages import msg

    _fit(client, world)
    with session_scope(world.app) as db:
        run = db.scalars(select(Run).where(Run.kind == "match")).one()
        run.state = "failed"
        run.error_reason = msg("web.coach.fit.rejected", problems="test").model_dump_json()
        roles = [r["role_id"] for r in run.report["roles"]]
    page = client.get(f"/coach/candidates/{world.candidate}/fit").get_data(as_text=True)
    assert "De controle keurde" in page
    assert "Regels die hielpen" not in page and f"{roles[0]}: past" not in page
    assert "toch voorstellen" not in page
