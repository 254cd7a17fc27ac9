"""'How many people in the pool fit it' counts the whole §2 rule, not the dimensions alone."""

from __future__ import annotations

import re

from sqlalchemy import select

from matcher import api
from tests.web.coach.conftest import OTHER_NAME, OWN_NAME, World
from tests.web.coach.seed import add_candidate, add_redesign
from tests.web.helpers import login
from web.coach.core import pool_of
from web.db import session_scope
from web.models import Candidate, Function, InventoryVersion, ReviewSubmission

ABLE = {"independence": 5, "social": 5, "deadlines": 5, "pace": 5, "interruptions": 5,
        "unpredictability": 5, "physical": 5, "cognitive": 5, "attention": 5, "literacy": 5,
        "numeracy": 5, "digital": 5, "precision": 5}


def _able(world: World, pseudonym: str, **values: object) -> int:
    """A candidate whose capacities meet every demand; ``values`` break other rules."""
    cid = add_candidate(world.app, world.coach["id"], "K001", pseudonym=pseudonym,
                        with_ratings=False)
    with session_scope(world.app) as db:
        row = db.get(Candidate, cid)
        assert row is not None
        row.capacities = dict(ABLE)
        row.max_hours, row.min_hours, row.productivity, row.level = 40.0, 0.0, 1.0, 8
        row.max_lifting_kg, row.night_ok, row.evening_ok, row.weekend_ok = 100.0, True, True, True
        row.customer_contact_ok = True
        for key, value in values.items():
            setattr(row, key, value)
    return cid


def test_pool_count_applies_hours_lifting_and_avoided_tasks(client, world: World) -> None:
    ids = add_redesign(world.app, world.organisation, world.version, submit=(0,))
    with session_scope(world.app) as db:
        fn = db.get(Function, ids[0])
        assert fn is not None
        data = dict(fn.data)
        sub = db.scalars(select(ReviewSubmission.id)).one()
    _able(world, "P-OK")
    _able(world, "P-AVOIDS", avoids=[data["tasks"][0]["task_id"]])
    _able(world, "P-HOURS", max_hours=max(1.0, data["hours_per_week"] / 2))
    login(client, world.advisor["name"])
    page = client.get(f"/review/submissions/{sub}").get_data(as_text=True)
    with session_scope(world.app) as db:
        everyone = db.scalars(select(Candidate).order_by(Candidate.id)).all()
        version = db.get(InventoryVersion, world.version)
        assert version is not None
        expected = api.function_fits(version.inventory(), pool_of(everyone), data)
    status = {p.candidate_id: p.status for p in expected.people}
    # the three have every capacity; two of them break another rule of §2
    assert status["P-OK"] == "fits"
    assert status["P-AVOIDS"] == "no_fit" and status["P-HOURS"] == "no_fit"
    total = len(everyone)
    found = re.search(r"(\d+) van de (\d+) kandidaten in de pool passen volgens de volledige "
                      r"regel.*?; (\d+) passen krap", page, re.S)
    assert found, "the whole-rule count is on the page"
    assert tuple(map(int, found.groups())) == (expected.counts["fits"], total,
                                               expected.counts["borderline"])
    assert "voldoen op alle dimensies" not in page  # the dimension-only caveat is gone
    for secret in ("P-OK", "P-AVOIDS", "P-HOURS", "K001", "K002", OWN_NAME, OTHER_NAME):
        assert secret not in page


def test_pool_count_in_english(client, world: World) -> None:
    from tests.web.helpers import post_form

    add_redesign(world.app, world.organisation, world.version, submit=(0,))
    with session_scope(world.app) as db:
        sub = db.scalars(select(ReviewSubmission.id)).one()
    login(client, world.advisor["name"])
    post_form(client, "/language", {"lang": "en", "next": "/"}, form_page="/login")
    page = client.get(f"/review/submissions/{sub}").get_data(as_text=True)
    assert "candidates in the pool fit by the whole rule" in page
    assert "volgens de volledige regel" not in page
