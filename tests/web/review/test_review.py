"""The UWV advisor's review: queue, judging page, decisions with reasons, history, scope."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.web.coach.conftest import OTHER_NAME, OWN_NAME, World
from tests.web.coach.seed import add_redesign
from tests.web.helpers import login, post_form
from web.db import session_scope
from web.models import (
    AuditEvent,
    Function,
    MatchProposal,
    ReviewDecision,
    ReviewSubmission,
)

_VERSION = re.compile(r'name="version"[^>]*value="([^"]*)"')


def _post(client, path: str, data: dict, form_page: str | None = None) -> object:
    """POST as the page's form does: its CSRF token and its hidden ``version`` (when any)."""
    found = _VERSION.search(client.get(form_page or path).get_data(as_text=True))
    return post_form(client, path, {**({"version": found.group(1)} if found else {}), **data},
                     form_page=form_page)


@pytest.fixture
def submitted(world: World) -> dict[str, int]:
    """A redesign of the world's organisation; functions 0 and 1 submitted, 2 not.
    The coach's candidate is proposed for function 0."""
    ids = add_redesign(world.app, world.organisation, world.version, submit=(0, 1))
    with session_scope(world.app) as db:
        db.add(MatchProposal(candidate_id=world.candidate, function_id=ids[0]))
        subs = {s.function_id: s.id for s in db.scalars(select(ReviewSubmission))}
    return {"f0": ids[0], "f1": ids[1], "f2": ids[2], "s0": subs[ids[0]], "s1": subs[ids[1]]}


def test_queue_lists_submitted_functions_only(client, world: World, submitted) -> None:
    login(client, world.advisor["name"])
    page = client.get("/review/").get_data(as_text=True)
    with session_scope(world.app) as db:
        names = {f.id: f.name for f in db.scalars(select(Function))}
    assert names[submitted["f0"]] in page and names[submitted["f1"]] in page
    assert f"/review/submissions/{submitted['s0']}" in page
    assert f">{names[submitted['f2']]}<" not in page
    # The employer is named (the jobs agreement is per employer), in the queue's own column.
    with session_scope(world.app) as db:
        from web.models import Organisation

        employer = db.get(Organisation, world.organisation).name  # type: ignore[union-attr]
    assert "<th scope=\"col\">Werkgever</th>" in page and f"<td>{employer}</td>" in page


def test_judging_page_has_what_is_needed_and_no_person(client, world: World, submitted) -> None:
    login(client, world.advisor["name"])
    page = client.get(f"/review/submissions/{submitted['s0']}").get_data(as_text=True)
    for heading in ("Taken en uren", "Waar de uren vandaan komen", "Samenhang",
                    "Eisen tegenover het plafond", "Past het bij de pool?",
                    "Voorgestelde kandidaten (gepseudonimiseerd)", "Geschiedenis van besluiten"):
        assert heading in page
    assert "<svg" in page and "banenafspraak-banen" in page
    with session_scope(world.app) as db:
        from web.models import Organisation

        employer = db.get(Organisation, world.organisation).name  # type: ignore[union-attr]
    assert f"Werkgever: {employer}" in page
    assert "wat moet de werkgeversadviseur veranderen?" in page
    assert "Kandidaat A" in page  # the proposed person, as an alias
    assert "K001" not in page and OWN_NAME not in page and OTHER_NAME not in page
    assert "van de 2 kandidaten in de pool" in page
    cells = page.count(">past<") + page.count(">krap<") + page.count(">past niet<") \
        + page.count(">onbekend<")
    # one class per dimension and one by the whole rule for the one proposed person, no scores
    assert cells == 14


def test_function_not_submitted_is_404_for_the_advisor(client, world: World, submitted) -> None:
    login(client, world.advisor["name"])
    assert client.get(f"/review/functions/{submitted['f2']}/history").status_code == 404
    assert client.get("/review/submissions/999").status_code == 404


def test_approve_and_return_with_reason(client, world: World, submitted) -> None:
    login(client, world.advisor["name"])
    path0, path1 = (f"/review/submissions/{submitted[k]}" for k in ("s0", "s1"))
    assert _post(client, path0, {"verdict": "approved"}).status_code == 302
    page = _post(client, path1, {"verdict": "returned"}).get_data(as_text=True)
    assert "invoerfout" in page and "Geef een reden" in page
    reason = "Te veel tilwerk voor de doelgroep; haal taak T12 eruit"
    assert _post(client, path1, {"verdict": "returned", "reason": reason}).status_code == 302
    with session_scope(world.app) as db:
        states = {s.id: s.state for s in db.scalars(select(ReviewSubmission))}
        decisions = db.scalars(select(ReviewDecision).order_by(ReviewDecision.id)).all()
        assert states[submitted["s0"]] == "approved" and states[submitted["s1"]] == "returned"
        assert [(d.verdict, d.reason) for d in decisions] == [("approved", None),
                                                              ("returned", reason)]
        assert all(d.decided_by_id == world.advisor["id"] for d in decisions)
        assert db.scalars(select(AuditEvent).where(AuditEvent.action == "review.decide")).all()
    # a decided submission is not decided twice
    _post(client, path0, {"verdict": "returned", "reason": "toch niet"}, form_page=path1)
    with session_scope(world.app) as db:
        assert len(db.scalars(select(ReviewDecision)).all()) == 2
    # the consultant sees both decisions in the history, with who and why
    login(client, world.consultant["name"])
    page = client.get(f"/review/functions/{submitted['f1']}/history").get_data(as_text=True)
    assert reason in page and "advisor-a" in page and "Teruggestuurd" in page
    page = client.get(f"/review/functions/{submitted['f0']}/history").get_data(as_text=True)
    assert "Goedgekeurd" in page
    # ... and on the consultant's own function page, and can resubmit the returned one
    with session_scope(world.app) as db:
        f1 = db.get(Function, submitted["f1"])
        assert f1 is not None
        fn_page = (f"/consultant/organisations/{world.organisation}/runs/{f1.run_id}"
                   f"/functions/{f1.role_id}")
    page = client.get(fn_page).get_data(as_text=True)
    assert reason in page and f"/review/functions/{submitted['f1']}/history" in page
    assert _post(client, fn_page + "/submit", {}, form_page=fn_page).status_code == 302
    login(client, world.advisor["name"])
    queue = client.get("/review/").get_data(as_text=True)
    with session_scope(world.app) as db:
        again = db.scalars(select(ReviewSubmission).where(
            ReviewSubmission.function_id == submitted["f1"],
            ReviewSubmission.state == "submitted")).one()
    assert f"/review/submissions/{again.id}" in queue
    history = client.get(f"/review/functions/{submitted['f1']}/history").get_data(as_text=True)
    assert history.count("Ingediend") == 2 and reason in history


@pytest.mark.parametrize("who", ["coach", "consultant"])
def test_review_pages_refused_to_other_roles(client, world: World, submitted, who: str) -> None:
    login(client, getattr(world, who)["name"])
    assert client.get("/review/").status_code == 403
    assert client.get(f"/review/submissions/{submitted['s0']}").status_code == 403


def test_consultant_of_another_organisation_gets_404_on_history(client, world: World,
                                                                submitted) -> None:
    from tests.web.helpers import add_user

    add_user(world.app, "consultant-z", "consultant")
    login(client, "consultant-z")
    assert client.get(f"/review/functions/{submitted['f0']}/history").status_code == 404


def test_proposal_from_the_coachs_fit_shows_on_the_submitted_function(client, world: World) -> None:
    """A coach proposes from their fit run; the advisor sees that person (as an alias) on
    the submitted function of the same id from the same work-analysis version."""
    ids = add_redesign(world.app, world.organisation, world.version, submit=(0,))
    login(client, world.coach["name"])
    post_form(client, f"/coach/candidates/{world.candidate}/fit", {})
    with session_scope(world.app) as db:  # the fit is a background run: wait for it
        from web.models import Run
        from web.runs import get_engine

        for run_id in db.scalars(select(Run.id).where(Run.kind == "match")).all():
            assert get_engine(world.app).wait(run_id, timeout=120) == "done"
    with session_scope(world.app) as db:
        submitted_fn = db.get(Function, ids[0])
        twin = db.scalars(select(Function).where(Function.role_id == submitted_fn.role_id,
                                                 Function.id != ids[0])).first()
        sub_id = db.scalars(select(ReviewSubmission.id)).one()
    assert twin is not None  # the fit's redesign of the same version names its functions alike
    _post(client, f"/coach/candidates/{world.candidate}/propose/{twin.id}",
              {"override_reason": "past goed"})
    login(client, world.advisor["name"])
    page = client.get(f"/review/submissions/{sub_id}").get_data(as_text=True)
    assert "Kandidaat A" in page and "K001" not in page and OWN_NAME not in page
