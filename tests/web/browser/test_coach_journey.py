"""The job coach's journey in Debian's Chromium, with axe-core on every page of it.

log in → the caseload → a new candidate's form in its error state → two waves of
monitor answers for a candidate → the profile with the trend → the fitting functions
(several, the borderline ones apart with their support) → a background fit run →
carve for the person (in the background) and read the borderline explanation → propose the match →
record the candidate's acceptance, which becomes a placement.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from tests.web.axe import assert_no_axe_violations
from tests.web.coach.conftest import OWN_NAME, World, world  # noqa: F401  (fixture)
from tests.web.coach.seed import add_candidate, add_redesign
from tests.web.helpers import PASSWORD
from web.db import session_scope
from web.models import MatchProposal, Placement, Rating, Run
from web.runs import get_engine

PACE_ITEMS = ("PAC1", "PAC2", "PAC3")


def _login(page, base: str, name: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("form[action$='/login'] button[type=submit], main button[type=submit]")


def test_coach_journey(live_server, page, world: World) -> None:  # noqa: F811
    fresh = add_candidate(world.app, world.coach["id"], "K003", pseudonym="K555",
                          display_name="Cas Verzonnen", with_ratings=False)
    _login(page, live_server, world.coach["name"])
    page.goto(f"{live_server}/coach/")
    assert page.locator("h1").inner_text() == "Mijn kandidaten"
    assert OWN_NAME in page.content() and "Cas Verzonnen" in page.content()
    assert_no_axe_violations(page)

    # a new candidate's form in its error state
    page.goto(f"{live_server}/coach/candidates/new")
    assert_no_axe_violations(page)
    page.fill("#pseudonym", "K556")
    page.fill("#min_hours", "30")
    page.fill("#max_hours", "20")
    page.click("main form button[type=submit]")
    assert page.locator("#error-summary").is_visible()
    assert page.title().startswith("1 invoerfout")
    assert_no_axe_violations(page)

    # two waves of monitor answers (self and werkbegeleider), pace items only
    for wave, score in ((1, "2"), (2, "4")):
        for rater in ("self", "mentor"):
            page.goto(f"{live_server}/coach/candidates/{fresh}/monitor/{wave}/{rater}")
            if wave == 1 and rater == "self":
                assert_no_axe_violations(page)
            for item in PACE_ITEMS:
                page.check(f"#item-{item}-{score}")
            page.click("main form button[type=submit]")
            assert "antwoorden opgeslagen" in page.locator(".notice").inner_text()
    with session_scope(world.app) as db:
        assert len(db.scalars(select(Rating).where(Rating.candidate_id == fresh)).all()) == 12
    page.goto(f"{live_server}/coach/candidates/{fresh}/monitor")
    assert_no_axe_violations(page)

    # the profile: the trend of pace over the two waves, as a chart and a table
    page.goto(f"{live_server}/coach/candidates/{fresh}/profile")
    trend = page.locator("section", has=page.locator("h3", has_text="werktempo"))
    assert trend.locator("svg title").text_content() == "Verloop van werktempo"
    cells = trend.locator("tbody tr").all_inner_texts()
    assert len(cells) == 2 and "2,0" in cells[0] and "4,0" in cells[1]
    assert_no_axe_violations(page)

    # every fitting function of the organisation, borderline ones apart with their support
    add_redesign(world.app, world.organisation, world.version)
    several = add_candidate(world.app, world.coach["id"], "K007")
    page.goto(f"{live_server}/coach/candidates/{several}/fit")
    plain = page.locator(".fit:not(.fit--borderline) h4").all_inner_texts()
    border = page.locator(".fit--borderline")
    assert len(plain) + border.count() > 1 and all(": past (score" in h for h in plain)
    assert border.count() >= 1
    text = border.first.inner_text()
    assert "krap passend" in text and "Krap passend op" in text
    assert "Steun die het verschil overbrugt: ondersteuning op" in text
    assert "Regels die hielpen of tegenwerkten bij" not in text  # the rules are folded
    assert page.locator("svg").count() == 1  # the radar of the chosen function only
    assert_no_axe_violations(page)
    # the rules table opens from its summary by keyboard, and reads as before
    rules = border.first.locator("details.fit-rules")
    summary = rules.locator("summary")
    folded = re.fullmatch(r"Regels voor deze functie \((\d+)\)", summary.inner_text())
    assert folded and not rules.locator("table").is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    table = rules.locator("table")
    assert table.is_visible()
    assert table.locator("caption").inner_text().startswith("Regels die hielpen of tegenwerkten bij")
    assert table.locator("tbody tr").count() == int(folded.group(1))
    assert "Grensgeval" in table.locator("tbody th").all_inner_texts()  # a label, not a code
    assert_no_axe_violations(page)
    # another function's radar on request
    border.first.locator("a", has_text="Toon de radar").click()
    assert border.first.locator("svg").count() == 1
    assert_no_axe_violations(page)

    # functions formed with the person in view: a background run, the page shows progress
    page.goto(f"{live_server}/coach/candidates/{world.candidate}/fit")
    with page.expect_navigation():
        page.click("main form[action$='/fit'] button[type=submit]")
    assert "Zoekopdracht gestart bij 1 organisaties" in page.content()
    with session_scope(world.app) as db:
        match_id = db.scalars(select(Run.id).where(Run.kind == "match")).one()
    assert get_engine(world.app).wait(match_id, timeout=120) == "done"
    page.goto(f"{live_server}/coach/candidates/{world.candidate}/fit")
    with session_scope(world.app) as db:
        match_run = db.scalars(select(Run).where(Run.kind == "match")).one()
        matched = [m for m in match_run.report["matches"] if m["candidate_id"] == "K001"]
    if matched:
        assert f"{matched[0]['role_id']}: " in page.content()
    assert_no_axe_violations(page)

    # carve for this person: queued, then the package and the borderline support
    with page.expect_navigation():
        page.click("main form[action*='/carve/'] button[type=submit]")
    assert "Functie op maat" in page.locator("h1").inner_text()
    with session_scope(world.app) as db:
        carve_id = db.scalars(select(Run.id).where(Run.kind == "carve")).one()
    assert get_engine(world.app).wait(carve_id, timeout=120) == "done"
    page.reload()
    with session_scope(world.app) as db:
        carve_run = db.get(Run, carve_id)
        carved = [m for m in carve_run.report["matches"] if m["candidate_id"] == "K001"]
    assert carved, "the bundled K001 gets a carved package at the bundled builder"
    if carved[0]["borderline"]:
        text = page.locator(".fit").first.inner_text()
        assert "Krap passend op" in text and "Steun die het verschil overbrugt" in text
    assert page.locator("text=Het pakket taken").is_visible()
    assert_no_axe_violations(page)

    # propose the solver's match, then record the candidate's acceptance
    page.click("main .fit a.button")
    assert "voorstellen voor" in page.locator("h1").inner_text()
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "/coach/proposals/" in page.url
    page.check("#answer-0")
    page.click("main form button[type=submit]")  # no start date yet: the error state
    assert page.locator("#error-summary").is_visible()
    assert_no_axe_violations(page)
    page.check("#answer-0")
    page.fill("#start_date", "2027-03-01")
    page.fill("#hours", "20")
    page.fill("#reason", "Ik wil graag bij de bouw werken")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url.endswith(f"/coach/candidates/{world.candidate}")
    assert ": start 2027-03-01, 20,0 uur per week" in page.content()  # named placement line
    assert_no_axe_violations(page)
    with session_scope(world.app) as db:
        proposal = db.scalars(select(MatchProposal)).one()
        assert proposal.answer == "accept" and proposal.override_reason is None
        assert db.scalars(select(Placement)).one().hours == 20


def test_pool_run_page_reads_numbers_first(live_server, page, world: World) -> None:  # noqa: F811
    """A pool-aware run started from the form: completeness numbers, the proven bound and
    the functions with how many in the pool fit them, all passing axe."""
    add_candidate(world.app, world.coach["id"], "K016", pseudonym="K616")  # no capacity data
    add_candidate(world.app, world.coach["id"], "K004", pseudonym="K604")
    _login(page, live_server, world.coach["name"])
    page.goto(f"{live_server}/coach/organisations/{world.organisation}/pool")
    assert_no_axe_violations(page)
    page.check("input[name=kind][value=match]")
    for box in page.locator("input[name=candidates]").all():
        box.check()
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    with session_scope(world.app) as db:
        run_id = db.scalars(select(Run.id).where(Run.kind == "match")).one()
    assert get_engine(world.app).wait(run_id, timeout=120) == "done"
    page.reload()
    headings = page.locator("main h2").all_inner_texts()
    assert headings.index("Wie niet meegenomen kon worden, en waarom") \
        < headings.index("Wie waar geplaatst is")
    rows = page.locator("#pool-completeness tbody tr").all_inner_texts()
    assert any(r.startswith("Geen capaciteitsgegevens") and r.rstrip().endswith("1") for r in rows)
    assert page.locator("#pool-bound").is_visible()
    with session_scope(world.app) as db:
        roles = db.get(Run, run_id).report["roles"]
    assert page.locator("#pool-functions tbody tr").count() == len(roles)
    assert_no_axe_violations(page)
    # the deciding reason is in view; the others open from the keyboard
    folded = page.locator("#pool-unmatched details")
    assert folded.count() >= 1  # K004 misses van Dijk's functions on several capacities
    inner = folded.first.locator("ul li").first
    expect(inner).to_be_hidden()
    folded.first.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(inner).to_be_visible()  # waits for the toggle, as a user would
