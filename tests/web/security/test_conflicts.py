"""Optimistic locking on every edit form (issue 14): two sessions open the same form, the
first saves, the second saves: the second gets 409 naming the changed field with both
values, and the database holds the first one's change (nothing overwritten). On SQLite
and on the real PostgreSQL alike.

The sessions, the forms as a browser sends them and the conflict page's checks are in
:mod:`tests.web.security.editing`; the world fixture in this folder's conftest.
"""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.web.helpers import add_user
from tests.web.security.editing import (
    assert_conflict,
    function_id,
    open_form,
    open_in_two_sessions,
    session_of,
)
from tests.web.security.world import Side
from web.db import session_scope
from web.models import (
    Candidate,
    Edit,
    InventoryVersion,
    MatchProposal,
    Organisation,
    OrganisationMember,
    ReviewDecision,
    ReviewSubmission,
    User,
)


@pytest.fixture
def app(app_on_both_databases: Flask) -> Flask:
    """Conflicts on SQLite and on the real PostgreSQL (see this folder's conftest)."""
    return app_on_both_databases


def test_organisation_edit(app: Flask, world: tuple[Side, Side]) -> None:
    side, _ = world
    org_id = side.ids["organisation_id"]
    second = add_user(app, "consultant-a2", "consultant")
    with session_scope(app) as db:
        db.add(OrganisationMember(organisation_id=org_id, user_id=second))
    url = f"/consultant/organisations/{org_id}/edit"
    (first, late), (form_1, form_2) = open_in_two_sessions(app, url, side.users["consultant"],
                                                           "consultant-a2")
    assert form_1["version"] == form_2["version"] == "1"
    assert first.post(url, data={**form_1, "name": "Bouwbedrijf Eerste Naam"}).status_code == 302
    response = late.post(url, data={**form_2, "name": "Bouwbedrijf Tweede Naam", "sector": "bouw"})
    assert_conflict(response, "Bouwbedrijf Eerste Naam", "Bouwbedrijf Tweede Naam", "bouw",
                    side.users["consultant"])
    with session_scope(app) as db:
        org = db.get(Organisation, org_id)
        assert org is not None and (org.name, org.sector) == ("Bouwbedrijf Eerste Naam", None)


def test_a_form_without_its_version_saves_nothing(app: Flask, world: tuple[Side, Side]) -> None:
    side, _ = world
    org_id = side.ids["organisation_id"]
    client = session_of(app, side.users["consultant"])
    url = f"/consultant/organisations/{org_id}/edit"
    form = open_form(client, url)
    del form["version"]
    response = client.post(url, data={**form, "name": "Zonder Versie BV"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'id="error-summary"' in body and 'name="version"' in body
    with session_scope(app) as db:
        assert db.get(Organisation, org_id).name != "Zonder Versie BV"  # type: ignore[union-attr]


def test_task_edit_on_a_version_that_is_no_longer_the_newest(app: Flask,
                                                            world: tuple[Side, Side]) -> None:
    side, _ = world
    org_id, version_id = side.ids["organisation_id"], side.ids["version_id"]
    url = f"/consultant/organisations/{org_id}/versions/{version_id}/tasks/VD-005"
    # The same person, a second tab.
    (client_1, client_2), (form_1, form_2) = open_in_two_sessions(app, url,
                                                                  side.users["consultant"])
    assert client_1.post(url, data={**form_1, "hours_per_week": "7"}).status_code == 302
    late_pace = "1" if form_2["d_pace"] != "1" else "2"
    response = client_2.post(url, data={**form_2, "hours_per_week": "9", "d_pace": late_pace})
    body = assert_conflict(response, "Er is intussen een nieuwere versie 2", "Uren per week",
                           side.users["consultant"])
    assert "<td>9</td>" in body and "<td>7</td>" in body  # both values of the hours
    with session_scope(app) as db:
        versions = db.scalars(select(InventoryVersion).where(
            InventoryVersion.organisation_id == org_id)
            .order_by(InventoryVersion.number)).all()
        assert [v.number for v in versions] == [1, 2]
        task = versions[-1].inventory().task_by_id()["VD-005"]
        assert task.hours_per_week == 7.0
        assert task.demands["pace"] == int(form_1["d_pace"]) != int(late_pace)


def test_proposal_edit(app: Flask, world: tuple[Side, Side]) -> None:
    side, _ = world
    org_id, run_id = side.ids["organisation_id"], side.ids["run_id"]
    client_1 = session_of(app, side.users["consultant"])
    client_2 = session_of(app, side.users["consultant"])
    url = f"/consultant/organisations/{org_id}/runs/{run_id}/edit"
    lock = open_form(client_1, url, "lock-form")
    remove = open_form(client_2, url, "remove-form")
    assert lock["lock-version"] == remove["remove-version"] == "0"
    assert client_1.post(url, data={**lock, "lock-lock_task_id": "VD-005"}).status_code == 302
    response = client_2.post(url, data={**remove, "remove-role_id": "NF-BM-2"})
    assert_conflict(response, "taak VD-005 buiten het herontwerp gehouden",
                    "functie NF-BM-2 geschrapt", "uren per week van functie NF-BM-1")
    with session_scope(app) as db:
        edits = db.scalars(select(Edit).where(Edit.run_id == run_id)).all()
        assert [e.change["kind"] for e in edits] == ["lock_task"]


def test_submit_for_review_after_someone_changed_the_function(
        app: Flask, world: tuple[Side, Side]) -> None:
    side, _ = world
    org_id, run_id = side.ids["organisation_id"], side.ids["run_id"]
    client_1 = session_of(app, side.users["consultant"])
    client_2 = session_of(app, side.users["consultant"])
    base = f"/consultant/organisations/{org_id}/runs/{run_id}"
    submit = open_form(client_1, f"{base}/functions/NF-BM-2")
    move = open_form(client_2, f"{base}/edit", "move-form")
    move.update({"move-task_id": "VD-014", "move-from_role": "NF-BM-2", "move-to_role": "",
                 "move-hours": "5"})
    assert client_2.post(f"{base}/edit", data=move).status_code == 302
    response = client_1.post(f"{base}/functions/NF-BM-2/submit", data=submit)
    assert_conflict(response, "uren per week van functie NF-BM-2", "35,5", "30,5")
    with session_scope(app) as db:
        submitted = db.scalars(select(ReviewSubmission).where(
            ReviewSubmission.organisation_id == org_id)).all()
        assert [s.function.role_id for s in submitted] == ["NF-BM-1"]  # only the world's


def test_review_decision(app: Flask, world: tuple[Side, Side]) -> None:
    side, other = world
    sub_id = side.ids["submission_id"]
    url = f"/review/submissions/{sub_id}"
    (first, late), (form_1, form_2) = open_in_two_sessions(app, url, side.users["uwv_advisor"],
                                                           other.users["uwv_advisor"])
    assert first.post(url, data={**form_1, "verdict": "approved"}).status_code == 302
    response = late.post(url, data={**form_2, "verdict": "returned",
                                    "reason": "Te weinig variatie in de taken"})
    assert_conflict(response, "Goedgekeurd", "Teruggestuurd", "Te weinig variatie in de taken",
                    side.users["uwv_advisor"])
    with session_scope(app) as db:
        sub = db.get(ReviewSubmission, sub_id)
        assert sub is not None and sub.state == "approved"
        assert db.scalar(select(func.count()).select_from(ReviewDecision)
                         .where(ReviewDecision.submission_id == sub_id)) == 1


def test_candidate_edit(app: Flask, world: tuple[Side, Side]) -> None:
    side, _ = world
    cand_id = side.ids["candidate_id"]
    url = f"/coach/candidates/{cand_id}/edit"
    (client_1, client_2), (form_1, form_2) = open_in_two_sessions(app, url,
                                                                  side.users["job_coach"])
    assert client_1.post(url, data={**form_1, "max_hours": "31"}).status_code == 302
    response = client_2.post(url, data={**form_2, "max_hours": "20"})
    body = assert_conflict(response, side.users["job_coach"])
    assert "<td>31</td>" in body and "<td>20</td>" in body
    with session_scope(app) as db:
        assert db.get(Candidate, cand_id).max_hours == 31.0  # type: ignore[union-attr]


def test_match_proposal_made_twice(app: Flask, world: tuple[Side, Side]) -> None:
    side, _ = world
    cand_id = side.ids["candidate_id"]
    fn_id = function_id(app, side, "NF-BM-2")
    url = f"/coach/candidates/{cand_id}/propose/{fn_id}"
    (client_1, client_2), (form_1, form_2) = open_in_two_sessions(app, url,
                                                                  side.users["job_coach"])
    response = client_1.post(url, data={**form_1, "override_reason": "wil graag buiten werken"})
    assert response.status_code == 302
    response = client_2.post(url, data={**form_2, "override_reason": "kent het bedrijf al"})
    assert_conflict(response, "wil graag buiten werken", "kent het bedrijf al")
    with session_scope(app) as db:
        assert db.scalar(select(func.count()).select_from(MatchProposal).where(
            MatchProposal.candidate_id == cand_id,
            MatchProposal.function_id == fn_id)) == 1


def test_answer_to_a_proposal(app: Flask, world: tuple[Side, Side]) -> None:
    side, _ = world
    fn_id = function_id(app, side, "NF-BM-3")
    with session_scope(app) as db:
        proposal = MatchProposal(candidate_id=side.ids["candidate_id"], function_id=fn_id,
                                 run_id=side.ids["run_id"], override_reason="test")
        db.add(proposal)
        db.flush()
        proposal_id = proposal.id
    url = f"/coach/proposals/{proposal_id}"
    (client_1, client_2), (form_1, form_2) = open_in_two_sessions(app, url,
                                                                  side.users["job_coach"])
    response = client_1.post(url, data={**form_1, "answer": "decline",
                                        "reason": "liever dichter bij huis"})
    assert response.status_code == 302
    response = client_2.post(url, data={**form_2, "answer": "decline",
                                        "reason": "te weinig uren"})
    assert_conflict(response, "liever dichter bij huis", "te weinig uren",
                    side.users["job_coach"])
    with session_scope(app) as db:
        row = db.get(MatchProposal, proposal_id)
        assert row is not None and row.answer_reason == "liever dichter bij huis"


def test_admin_user_edit(app: Flask, world: tuple[Side, Side]) -> None:
    side, other = world
    with session_scope(app) as db:
        target = db.scalars(select(User).where(User.name == side.users["job_coach"])).one()
        target_id = target.id
    url = f"/admin/users/{target_id}/edit"
    (first, late), (form_1, form_2) = open_in_two_sessions(app, url, side.users["admin"],
                                                           other.users["admin"])
    assert first.post(url, data={**form_1, "role": "consultant"}).status_code == 302
    response = late.post(url, data={k: v for k, v in form_2.items() if k != "active"})
    assert_conflict(response, side.users["admin"])
    with session_scope(app) as db:
        user = db.get(User, target_id)
        assert user is not None and (user.role, user.active) == ("consultant", True)
