"""The person's rights: the export of everything held, and erasure with an audit entry."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from tests.web.coach.conftest import OWN_NAME, World
from tests.web.coach.seed import add_redesign
from tests.web.helpers import login, post_form
from web.db import session_scope
from web.models import AuditEvent, Candidate, MatchProposal, Placement, Rating


def _propose_and_place(world: World) -> None:
    ids = add_redesign(world.app, world.organisation, world.version)
    with session_scope(world.app) as db:
        p = MatchProposal(candidate_id=world.candidate, function_id=ids[0], answer="accept")
        db.add(p)
        db.flush()
        db.add(Placement(match_id=p.id, candidate_id=world.candidate, function_id=ids[0],
                         organisation_id=world.organisation, start_date=date(2027, 1, 4), hours=20))


def test_export_holds_everything_and_is_audited(client, world: World) -> None:
    _propose_and_place(world)
    login(client, world.coach["name"])
    response = client.get(f"/coach/candidates/{world.candidate}/export.json")
    data = response.get_json()
    assert response.headers["Content-Disposition"].endswith('K001.json"')
    assert data["candidate"]["display_name"] == OWN_NAME
    with session_scope(world.app) as db:
        n = db.scalar(select(func.count()).select_from(Rating)
                      .where(Rating.candidate_id == world.candidate))
        assert db.scalars(select(AuditEvent.action).where(
            AuditEvent.action == "candidate.export")).one()
    assert len(data["ratings"]) == n and len(data["proposals"]) == 1
    assert data["placements"][0]["start_date"] == "2027-01-04"


def test_export_of_another_coachs_candidate_is_404(client, world: World) -> None:
    login(client, world.coach["name"])
    assert client.get(f"/coach/candidates/{world.other_candidate}/export.json").status_code == 404


def test_erasure_removes_person_and_leaves_a_pseudonymous_audit_entry(client, world: World) -> None:
    _propose_and_place(world)
    login(client, world.coach["name"])
    path = f"/coach/candidates/{world.candidate}/erase"
    assert client.get(path).status_code == 200  # a confirmation page; GET changes nothing
    with session_scope(world.app) as db:
        assert db.get(Candidate, world.candidate) is not None
    assert post_form(client, path, {}).status_code == 302
    with session_scope(world.app) as db:
        assert db.get(Candidate, world.candidate) is None
        for model in (Rating, MatchProposal, Placement):
            assert db.scalar(select(func.count()).select_from(model)
                             .where(model.candidate_id == world.candidate)) == 0
        event = db.scalars(select(AuditEvent).where(AuditEvent.action == "candidate.erase")).one()
        assert event.candidate_pseudonym == "K001" and OWN_NAME not in str(event.detail)
        assert db.get(Candidate, world.other_candidate) is not None
    assert client.get(f"/coach/candidates/{world.candidate}").status_code == 404
