"""The pages keep profiles, pools and fits by content: a change always shows at once.

Each test opens a page first (so whatever it computed is kept), changes a rating or
a field, either through the page a coach uses or straight in the database (as another
server process would, which no in-process cache hears of), and opens the page again.
"""

from __future__ import annotations

import re

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from taskmodels.itembank import item_bank
from taskmodels.messages import text
from tests.web.coach.conftest import World
from tests.web.coach.seed import add_candidate, add_redesign
from tests.web.helpers import login, post_form
from tests.web.review.test_pool_fit import ABLE
from web.coach.core import pool_of
from web.db import session_scope
from web.models import Candidate, Rating, ReviewSubmission
from web.review.fitview import PERSON_FITS


def _rate_all(client, candidate_id: int, score: int) -> None:
    """The coach answers every item of wave 1 for self and mentor with ``score``."""
    for rater in ("self", "mentor"):
        response = post_form(client, f"/coach/candidates/{candidate_id}/monitor/1/{rater}",
                             {f"item-{item}": str(score) for item in item_bank()})
        assert response.status_code == 302


def _shown_value(page: str, dimension: str) -> str:
    """The capacity cell of ``dimension`` in the profile table."""
    label = text(f"dim.{dimension}", "nl")
    found = re.search(rf'<th scope="row">{re.escape(label)}</th>\s*<td>([^<]*)</td>', page)
    assert found, f"no row for {dimension}"
    return found.group(1).strip()


def _rated_only(world: World, pseudonym: str) -> int:
    """A candidate whose capacities come from monitor answers only (none yet)."""
    cid = add_candidate(world.app, world.coach["id"], "K001", pseudonym=pseudonym,
                        with_ratings=False)
    with session_scope(world.app) as db:
        row = db.get(Candidate, cid)
        assert row is not None
        row.capacities = {}
        row.max_hours, row.min_hours, row.productivity, row.level = 40.0, 0.0, 1.0, 8
        row.max_lifting_kg, row.night_ok, row.evening_ok, row.weekend_ok = 100.0, True, True, True
        row.customer_contact_ok, row.avoids = True, []
    return cid


def test_profile_page_shows_a_changed_rating_at_once(client, world: World) -> None:
    cid = _rated_only(world, "P-RATED")
    login(client, world.coach["name"])
    path = f"/coach/candidates/{cid}/profile"
    assert _shown_value(client.get(path).get_data(as_text=True), "pace") == "ontbreekt"
    _rate_all(client, cid, 4)
    assert _shown_value(client.get(path).get_data(as_text=True), "pace") == "4,0"
    _rate_all(client, cid, 2)
    assert _shown_value(client.get(path).get_data(as_text=True), "pace") == "2,0"
    # back to the first answers: the same content gives the same (correct) profile again
    _rate_all(client, cid, 4)
    assert _shown_value(client.get(path).get_data(as_text=True), "pace") == "4,0"


def test_profile_page_sees_a_change_made_outside_this_process(client, world: World) -> None:
    cid = _rated_only(world, "P-ELSEWHERE")
    login(client, world.coach["name"])
    _rate_all(client, cid, 4)
    path = f"/coach/candidates/{cid}/profile"
    assert _shown_value(client.get(path).get_data(as_text=True), "pace") == "4,0"
    with session_scope(world.app) as db:  # another process rewrites one score in place
        db.execute(delete(Rating).where(Rating.candidate_id == cid, Rating.item == "PAC1",
                                        Rating.rater == "mentor"))
        db.add(Rating(candidate_id=cid, wave=1, rater="mentor", item="PAC1", score=1))
    shown = _shown_value(client.get(path).get_data(as_text=True), "pace")
    assert shown != "4,0" and shown.startswith("3,")
    with session_scope(world.app) as db:  # and an explicit capacity overrides the monitor
        row = db.get(Candidate, cid)
        assert row is not None
        row.capacities = {"pace": 5}
    assert _shown_value(client.get(path).get_data(as_text=True), "pace") == "5,0"


def test_fit_list_follows_the_ratings(client, world: World) -> None:
    add_redesign(world.app, world.organisation, world.version)
    cid = _rated_only(world, "P-FIT")
    login(client, world.coach["name"])
    path = f"/coach/candidates/{cid}/fit"
    _rate_all(client, cid, 5)
    page = client.get(path).get_data(as_text=True)
    assert ": past (score" in page and "Geen functie past zonder steun." not in page
    _rate_all(client, cid, 1)
    page = client.get(path).get_data(as_text=True)
    assert ": past (score" not in page and "Geen functie past zonder steun." in page
    _rate_all(client, cid, 5)
    assert ": past (score" in client.get(path).get_data(as_text=True)


def _whole_rule_counts(page: str) -> tuple[int, int]:
    found = re.search(r"(\d+) van de (\d+) kandidaten in de pool passen volgens de volledige "
                      r"regel", page, re.S)
    assert found, "the whole-rule count is on the page"
    return int(found.group(1)), int(found.group(2))


def _set(db: Session, cid: int, **values: object) -> None:
    row = db.get(Candidate, cid)
    assert row is not None
    for key, value in values.items():
        setattr(row, key, value)


def test_pool_count_follows_ratings_and_fields(client, world: World) -> None:
    add_redesign(world.app, world.organisation, world.version, submit=(0,))
    with session_scope(world.app) as db:
        sub = db.scalars(select(ReviewSubmission.id)).one()
    able = _rated_only(world, "P-ABLE")
    with session_scope(world.app) as db:
        _set(db, able, capacities=dict(ABLE))
    rated = _rated_only(world, "P-RATED-POOL")
    login(client, world.coach["name"])
    _rate_all(client, rated, 5)
    advisor = client.application.test_client()
    login(advisor, world.advisor["name"])
    path = f"/review/submissions/{sub}"
    PERSON_FITS.clear()
    fits, total = _whole_rule_counts(advisor.get(path).get_data(as_text=True))
    assert fits >= 2  # both fit the submitted function
    assert PERSON_FITS.info()["misses"] == total  # a cold page judges everybody
    _rate_all(client, rated, 1)  # the rated person no longer does
    before = PERSON_FITS.info()
    assert _whole_rule_counts(advisor.get(path).get_data(as_text=True)) == (fits - 1, total)
    after = PERSON_FITS.info()
    # Only the changed person was judged again; everybody else's class was kept.
    assert (after["misses"] - before["misses"], after["hits"] - before["hits"]) == (1, total - 1)
    with session_scope(world.app) as db:  # a field changed elsewhere: the hours window
        _set(db, able, max_hours=1.0)
    assert _whole_rule_counts(advisor.get(path).get_data(as_text=True)) == (fits - 2, total)
    with session_scope(world.app) as db:
        _set(db, able, max_hours=40.0)
    _rate_all(client, rated, 5)
    assert _whole_rule_counts(advisor.get(path).get_data(as_text=True)) == (fits, total)
    add_candidate(world.app, world.coach["id"], "K003", pseudonym="P-NEW")
    assert _whole_rule_counts(advisor.get(path).get_data(as_text=True))[1] == total + 1


def test_pool_of_counts_answers_not_yet_flushed(world: World) -> None:
    cid = _rated_only(world, "P-PENDING")
    with session_scope(world.app) as db:
        row = db.get(Candidate, cid)
        assert row is not None
        before = pool_of([row])
        db.add(Rating(candidate_id=cid, wave=1, rater="mentor", item="PAC1", score=3))
        after = pool_of([row])
    assert before.ratings == ()
    assert [(r.item, r.score) for r in after.ratings] == [("PAC1", 3)]
