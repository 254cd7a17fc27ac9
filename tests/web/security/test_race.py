"""The race path of optimistic locking (issue 14): two requests that both pass the
version check before either commits.

``test_conflicts`` covers the common case (the second person opened the form before
the first saved, and posts after the first committed). Here both posts are in flight
at once: two threads, two logged-in clients, two database sessions, and a barrier at
each session's first flush, so both requests have read the stored version and passed
the check before either writes. The database alone decides who wins (SQLite's write
lock, PostgreSQL's row and index locks); the other must get the 409 page, never a 500
and never an overwrite, and on it the same field table as the early check shows (its
own value beside the winner's). Run on a real SQLite file and on the real PostgreSQL.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from taskmodels.messages import text
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
    ReviewSubmission,
)

BARRIER_SECONDS = 20.0
"""How long a racer waits for the other at its first flush (a safety net, not a timing)."""


class Race:
    """Two posts released together: each request waits at its first write statement
    until the other's has arrived too, so both checks ran on the same stored version.

    The barrier sits on the engine (``before_cursor_execute``), not on the session's
    flush: a write may be a plain ``UPDATE`` (``web.concurrency.claim``) that no flush
    precedes. ``first_writes`` keeps the statement each racer stopped at, so a test can
    see the barrier was after the check and at the write that decides the race.
    """

    def __init__(self, app: Flask) -> None:
        self.barrier = threading.Barrier(2, timeout=BARRIER_SECONDS)
        self.racers: set[threading.Thread] = set()
        self.first_writes: list[str] = []
        self._lock = threading.Lock()
        self.engine = app.extensions["web.db"].kw["bind"]
        event.listen(self.engine, "before_cursor_execute", self._before_execute)

    def _before_execute(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        me = threading.current_thread()
        verb = statement.lstrip().split(None, 1)[0].upper()
        if me not in self.racers or verb not in ("INSERT", "UPDATE", "DELETE"):
            return
        with self._lock:
            self.racers.discard(me)  # once per racer (each makes one request)
            self.first_writes.append(" ".join(statement.split()[:3]))
        self.barrier.wait()

    def run(self, *posts: Callable[[], Any]) -> list[Any]:
        """Run ``posts`` (two) in threads at once; their responses, in order."""
        results: list[Any] = [None] * len(posts)
        errors: list[BaseException] = []

        def work(i: int, post: Callable[[], Any]) -> None:
            try:
                results[i] = post()
            except BaseException as exc:  # reported below, in the test's thread
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(i, p)) for i, p in enumerate(posts)]
        self.racers.update(threads)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=2 * BARRIER_SECONDS + 30)
        assert not any(th.is_alive() for th in threads), "a racer hung"
        assert not errors, errors
        assert len(self.first_writes) == 2, "both requests must reach their first write"
        return results

    def close(self) -> None:
        """Stop intercepting writes."""
        event.remove(self.engine, "before_cursor_execute", self._before_execute)


@pytest.fixture
def app(app_on_both_databases: Flask) -> Flask:
    """Races on SQLite and on the real PostgreSQL (see this folder's conftest)."""
    return app_on_both_databases


@pytest.fixture
def race(app: Flask) -> Iterator[Race]:
    r = Race(app)
    yield r
    r.close()


def race_one_field(race: Race, app: Flask, user: str, url: str, name: str,
                   values: list[str]) -> tuple[list[FlaskClient], list[Any]]:
    """Two sessions of ``user`` open the form at ``url`` and post it at once, each with
    its own value of field ``name``; their clients and responses, in that order."""
    clients, forms = open_in_two_sessions(app, url, user)
    return clients, race.run(*(lambda c=c, f=f, v=v: c.post(url, data={**f, name: v})
                               for c, f, v in zip(clients, forms, values, strict=True)))


def assert_both_values(response: Any, yours: str, saved: str, *, at_commit: bool = True
                       ) -> None:
    """The loser's conflict table holds its own value and the one the winner stored, in
    that order in one row; ``at_commit``: the save lost at the commit, and the page says
    the two came at the same moment (a loss found in the view, by ``claim`` or a unique
    number, is shown as the early check shows it)."""
    body = assert_conflict(response)
    assert (html.escape(text("web.conflict.at_commit", "nl")) in body) is at_commit
    assert re.search(rf"<td>{re.escape(html.escape(yours))}</td>\s*"
                     rf"<td>{re.escape(html.escape(saved))}</td>", body), body[:3000]


def one_saved_one_conflict(responses: list[Any]) -> tuple[int, int]:
    """(index of the winner, of the loser): exactly one redirect after a save and one
    409 conflict page (with its error summary), nothing else."""
    statuses = [r.status_code for r in responses]
    assert sorted(statuses) == [302, 409], [
        (r.status_code, r.get_data(as_text=True)[:400]) for r in responses]
    loser = statuses.index(409)
    body = responses[loser].get_data(as_text=True)
    assert html.escape(text("web.error.409.title", "nl")) in body, body[:800]
    # The security headers the other hooks set before the commit are still there.
    assert "frame-ancestors 'none'" in responses[loser].headers["Content-Security-Policy"]
    assert "Location" not in responses[loser].headers
    return 1 - loser, loser


def _no_saved_flash(client: FlaskClient, url: str) -> None:
    """The loser's next page shows no "saved" message for what was not saved."""
    body = client.get(url).get_data(as_text=True)
    assert 'class="flash' not in body, body[:800]


def test_task_edit_race(app: Flask, world: tuple[Side, Side], race: Race) -> None:
    side, _ = world
    org_id, version_id = side.ids["organisation_id"], side.ids["version_id"]
    url = f"/consultant/organisations/{org_id}/versions/{version_id}/tasks/VD-005"
    hours = ["7", "9"]
    _, responses = race_one_field(race, app, side.users["consultant"], url, "hours_per_week",
                                  hours)
    winner, loser = one_saved_one_conflict(responses)
    assert race.first_writes == ["INSERT INTO inventory_versions"] * 2
    # The next number was taken: the view rereads the newest version and shows it.
    assert_both_values(responses[loser], hours[loser], hours[winner], at_commit=False)
    with session_scope(app) as db:
        versions = db.scalars(select(InventoryVersion).where(
            InventoryVersion.organisation_id == org_id)
            .order_by(InventoryVersion.number)).all()
        assert [v.number for v in versions] == [1, 2]
        task = versions[-1].inventory().task_by_id()["VD-005"]
        assert task.hours_per_week == float(hours[winner])


def test_proposal_edit_race(app: Flask, world: tuple[Side, Side], race: Race) -> None:
    side, _ = world
    org_id, run_id = side.ids["organisation_id"], side.ids["run_id"]
    clients = [session_of(app, side.users["consultant"]) for _ in range(2)]
    url = f"/consultant/organisations/{org_id}/runs/{run_id}/edit"
    lock = open_form(clients[0], url, "lock-form")
    remove = open_form(clients[1], url, "remove-form")
    posts = [lambda: clients[0].post(url, data={**lock, "lock-lock_task_id": "VD-005"}),
             lambda: clients[1].post(url, data={**remove, "remove-role_id": "NF-BM-2"})]
    responses = race.run(*posts)
    winner, loser = one_saved_one_conflict(responses)
    assert race.first_writes == ["UPDATE runs SET"] * 2  # the claim, before the edit
    changes = ["taak VD-005 buiten het herontwerp gehouden", "functie NF-BM-2 geschrapt"]
    assert_both_values(responses[loser], changes[loser], changes[winner], at_commit=False)
    with session_scope(app) as db:
        edits = db.scalars(select(Edit).where(Edit.run_id == run_id)).all()
        assert [e.change["kind"] for e in edits] == [["lock_task", "remove_function"][winner]]


def test_submit_for_review_races_a_hand_edit(app: Flask, world: tuple[Side, Side],
                                             race: Race) -> None:
    """A submit and a move of hours out of the same function, both from the same newest
    edit: the submission would hold the function as it was before the move."""
    side, _ = world
    org_id, run_id = side.ids["organisation_id"], side.ids["run_id"]
    clients = [session_of(app, side.users["consultant"]) for _ in range(2)]
    base = f"/consultant/organisations/{org_id}/runs/{run_id}"
    submit = open_form(clients[0], f"{base}/functions/NF-BM-2")
    move = open_form(clients[1], f"{base}/edit", "move-form")
    move.update({"move-task_id": "VD-014", "move-from_role": "NF-BM-2", "move-to_role": "",
                 "move-hours": "5"})
    posts = [lambda: clients[0].post(f"{base}/functions/NF-BM-2/submit", data=submit),
             lambda: clients[1].post(f"{base}/edit", data=move)]
    winner, _loser = one_saved_one_conflict(race.run(*posts))
    assert race.first_writes == ["UPDATE runs SET"] * 2
    with session_scope(app) as db:
        edits = db.scalars(select(Edit).where(Edit.run_id == run_id)).all()
        submitted = db.scalars(select(ReviewSubmission).where(
            ReviewSubmission.organisation_id == org_id)).all()
        roles = sorted(s.function.role_id for s in submitted)
        if winner == 0:  # the submit: the function as it stood, no edit after it
            assert (roles, edits) == (["NF-BM-1", "NF-BM-2"], [])
        else:
            assert roles == ["NF-BM-1"] and [e.change["kind"] for e in edits] == ["move_part"]


def test_the_same_function_submitted_twice_at_once(app: Flask, world: tuple[Side, Side],
                                                   race: Race) -> None:
    side, _ = world
    org_id, run_id = side.ids["organisation_id"], side.ids["run_id"]
    base = f"/consultant/organisations/{org_id}/runs/{run_id}"
    clients, forms = open_in_two_sessions(app, f"{base}/functions/NF-BM-2",
                                          side.users["consultant"])
    responses = race.run(*(lambda c=c, f=f: c.post(f"{base}/functions/NF-BM-2/submit", data=f)
                           for c, f in zip(clients, forms, strict=True)))
    one_saved_one_conflict(responses)
    with session_scope(app) as db:
        submitted = db.scalars(select(ReviewSubmission).where(
            ReviewSubmission.organisation_id == org_id)).all()
        assert sorted(s.function.role_id for s in submitted) == ["NF-BM-1", "NF-BM-2"]


def test_organisation_edit_race(app: Flask, world: tuple[Side, Side], race: Race) -> None:
    side, _ = world
    org_id = side.ids["organisation_id"]
    url = f"/consultant/organisations/{org_id}/edit"
    names = ["Bouwbedrijf Eerste Naam", "Bouwbedrijf Tweede Naam"]
    clients, responses = race_one_field(race, app, side.users["consultant"], url, "name", names)
    winner, loser = one_saved_one_conflict(responses)
    assert race.first_writes == ["UPDATE organisations SET"] * 2  # at the commit
    assert_both_values(responses[loser], names[loser], names[winner])
    _no_saved_flash(clients[loser], f"/consultant/organisations/{org_id}")
    with session_scope(app) as db:
        org = db.get(Organisation, org_id)
        assert org is not None and (org.name, org.version) == (names[winner], 2)


def test_candidate_edit_race(app: Flask, world: tuple[Side, Side], race: Race) -> None:
    side, _ = world
    cand_id = side.ids["candidate_id"]
    url = f"/coach/candidates/{cand_id}/edit"
    hours = ["31", "20"]
    _, responses = race_one_field(race, app, side.users["job_coach"], url, "max_hours", hours)
    winner, loser = one_saved_one_conflict(responses)
    # At the commit: the flush writes the audit row first (it was added at commit).
    assert race.first_writes == ["INSERT INTO audit_events"] * 2
    assert_both_values(responses[loser], hours[loser], hours[winner])
    with session_scope(app) as db:
        cand = db.get(Candidate, cand_id)
        assert cand is not None and (cand.max_hours, cand.version) == (float(hours[winner]), 2)


def test_the_same_match_proposed_twice_at_once(app: Flask, world: tuple[Side, Side],
                                               race: Race) -> None:
    """Two tabs propose the candidate for the same function at once: one proposal is
    stored (the candidate's version puts them in order), the other gets the 409 page."""
    side, _ = world
    cand_id = side.ids["candidate_id"]
    fn_id = function_id(app, side, "NF-BM-2")
    url = f"/coach/candidates/{cand_id}/propose/{fn_id}"
    reasons = ["wil graag buiten werken", "kent het bedrijf al"]
    clients, responses = race_one_field(race, app, side.users["job_coach"], url,
                                        "override_reason", reasons)
    winner, loser = one_saved_one_conflict(responses)
    assert race.first_writes == ["UPDATE candidates SET"] * 2
    assert_both_values(responses[loser], f"voorgesteld ({reasons[loser]})",
                       f"voorgesteld ({reasons[winner]})", at_commit=False)  # the claim failed
    _no_saved_flash(clients[loser], f"/coach/candidates/{cand_id}")
    with session_scope(app) as db:
        stored = db.scalars(select(MatchProposal).where(
            MatchProposal.candidate_id == cand_id,
            MatchProposal.function_id == fn_id)).all()
        assert [p.override_reason for p in stored] == [reasons[winner]]


def test_review_decision_race(app: Flask, world: tuple[Side, Side], race: Race) -> None:
    """Two advisors decide on the same submission at once: one decision is stored, the
    other advisor sees both verdicts and is told the two came at the same moment."""
    side, other = world
    sub_id = side.ids["submission_id"]
    url = f"/review/submissions/{sub_id}"
    clients, forms = open_in_two_sessions(app, url, side.users["uwv_advisor"],
                                          other.users["uwv_advisor"])
    verdicts = ["approved", "returned"]
    reasons = ["", "Te weinig variatie in de taken"]
    responses = race.run(*(lambda c=c, f=f, v=v, r=r: c.post(url, data={**f, "verdict": v,
                                                                          "reason": r})
                           for c, f, v, r in zip(clients, forms, verdicts, reasons, strict=True)))
    winner, loser = one_saved_one_conflict(responses)
    assert race.first_writes == ["INSERT INTO audit_events"] * 2  # at the commit
    shown = [text(f"web.review.verdict.{v}", "nl") for v in verdicts]
    assert_both_values(responses[loser], shown[loser], shown[winner])
    with session_scope(app) as db:
        sub = db.get(ReviewSubmission, sub_id)
        assert sub is not None and (sub.state, sub.version) == (verdicts[winner], 2)
        assert [d.verdict for d in sub.decisions] == [verdicts[winner]]
