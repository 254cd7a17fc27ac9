"""The monitor: one form per wave and rater, missing answers kept missing, the profile."""

from __future__ import annotations

from sqlalchemy import select

from taskmodels.itembank import item_bank
from tests.web.coach.conftest import World
from tests.web.coach.seed import add_candidate
from tests.web.helpers import login, post_form
from web.db import session_scope
from web.models import AuditEvent, Rating


def _ratings(world: World, candidate_id: int, wave: int, rater: str) -> dict[str, int]:
    with session_scope(world.app) as db:
        rows = db.scalars(select(Rating).where(Rating.candidate_id == candidate_id,
                                               Rating.wave == wave, Rating.rater == rater)).all()
        return {r.item: r.score for r in rows}


def test_form_lists_every_item_with_a_no_answer_choice(client, world: World) -> None:
    login(client, world.coach["name"])
    page = client.get(f"/coach/candidates/{world.candidate}/monitor/9/mentor").get_data(as_text=True)
    for item in item_bank().values():
        assert item.text_nl.replace("'", "&#39;") in page
        assert f'id="item-{item.item}-none"' in page
    assert page.count("<fieldset") == len(item_bank())


def test_saving_keeps_missing_answers_missing(client, world: World) -> None:
    login(client, world.coach["name"])
    path = f"/coach/candidates/{world.candidate}/monitor/9/mentor"
    response = post_form(client, path, {"item-PAC1": "4", "item-PAC2": "", "item-SOC1": "2"})
    assert response.status_code == 302
    assert _ratings(world, world.candidate, 9, "mentor") == {"PAC1": 4, "SOC1": 2}
    page = client.get(path).get_data(as_text=True)
    assert 'id="item-PAC1-4" name="item-PAC1" value="4" checked' in page
    assert 'id="item-PAC2-none" name="item-PAC2" value="" checked' in page
    overview = client.get(f"/coach/candidates/{world.candidate}/monitor").get_data(as_text=True)
    assert f"2 van {len(item_bank())}" in overview
    with session_scope(world.app) as db:
        event = db.scalars(select(AuditEvent).where(AuditEvent.action == "candidate.ratings")).one()
        assert event.detail["missing"] == len(item_bank()) - 2


def test_saving_again_replaces_that_raters_answers_only(client, world: World) -> None:
    login(client, world.coach["name"])
    before_self = _ratings(world, world.candidate, 1, "self")
    post_form(client, f"/coach/candidates/{world.candidate}/monitor/1/mentor", {"item-PAC1": "5"})
    assert _ratings(world, world.candidate, 1, "mentor") == {"PAC1": 5}
    assert _ratings(world, world.candidate, 1, "self") == before_self and before_self


def test_a_score_outside_the_scale_is_refused(client, world: World) -> None:
    login(client, world.coach["name"])
    path = f"/coach/candidates/{world.candidate}/monitor/9/self"
    page = post_form(client, path, {"item-PAC1": "7", "item-PAC2": "3"}).get_data(as_text=True)
    assert "invoerfout" in page and 'href="#item-PAC1-1"' in page
    assert _ratings(world, world.candidate, 9, "self") == {}


def test_unknown_rater_is_404(client, world: World) -> None:
    login(client, world.coach["name"])
    assert client.get(f"/coach/candidates/{world.candidate}/monitor/1/boss").status_code == 404


def test_two_waves_give_a_trend_chart_with_its_table(client, world: World) -> None:
    cid = add_candidate(world.app, world.coach["id"], "K003", pseudonym="K803", with_ratings=False)
    login(client, world.coach["name"])
    for wave, score in ((1, "2"), (2, "4")):
        for rater in ("self", "mentor"):
            answers = {f"item-{i}": score for i in ("PAC1", "PAC2", "PAC3")}
            post_form(client, f"/coach/candidates/{cid}/monitor/{wave}/{rater}", answers)
    page = client.get(f"/coach/candidates/{cid}/profile").get_data(as_text=True)
    assert page.count("<svg") >= 1 and "Verloop van werktempo" in page
    assert "<desc" in page and "over 2 metingen" in page
    # the table beside the chart holds the numbers per wave: 2,0 at wave 1, 4,0 at wave 2
    section = page[page.index("Verloop van werktempo"):]
    assert "2,0" in section and "4,0" in section
    assert "Hoe de scores tot stand komen" in page


def test_pages_speak_english_when_chosen(client, world: World) -> None:
    login(client, world.coach["name"])
    post_form(client, "/language", {"lang": "en", "next": "/coach/"}, form_page="/coach/")
    for path, words in ((f"/coach/candidates/{world.candidate}/profile", "Trend of working pace"),
                        (f"/coach/candidates/{world.candidate}/monitor", "Work-capacity monitor"),
                        ("/coach/", "Completeness")):
        page = client.get(path).get_data(as_text=True)
        assert '<html lang="en">' in page and words in page, path
        assert "web.coach." not in page  # no code shown raw
