"""The UWV advisor's journey in Debian's Chromium, with axe-core on every page of it.

The advisor approves one submitted function and returns another with a reason (the
decision form in its error state first); the consultant then sees both decisions on
the function pages and in the decision history. No page either of them opens shows a
candidate's display name.
"""

from __future__ import annotations

from sqlalchemy import select

from tests.web.axe import assert_no_axe_violations
from tests.web.coach.conftest import OTHER_NAME, OWN_NAME, World, world  # noqa: F401
from tests.web.coach.seed import add_redesign
from tests.web.helpers import PASSWORD
from web.db import session_scope
from web.models import Function, MatchProposal, ReviewSubmission

REASON = "Te veel tilwerk voor de doelgroep; haal het sjouwen van materiaal eruit"


def _login(page, base: str, name: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def _no_names(page) -> None:
    content = page.content()
    assert OWN_NAME not in content and OTHER_NAME not in content, page.url


def test_review_journey(live_server, browser, world: World) -> None:  # noqa: F811
    ids = add_redesign(world.app, world.organisation, world.version, submit=(0, 1))
    with session_scope(world.app) as db:
        db.add(MatchProposal(candidate_id=world.candidate, function_id=ids[0]))
        subs = {s.function_id: s.id for s in db.scalars(select(ReviewSubmission))}
        fns = {f.id: (f.run_id, f.role_id) for f in db.scalars(select(Function))}

    advisor = browser.new_context(locale="nl-NL").new_page()
    _login(advisor, live_server, world.advisor["name"])
    advisor.goto(f"{live_server}/review/")
    assert advisor.locator("h1").inner_text() == "Te beoordelen functies"
    assert advisor.locator("tbody tr").count() == 2
    _no_names(advisor)
    assert_no_axe_violations(advisor)

    # approve the first
    advisor.goto(f"{live_server}/review/submissions/{subs[ids[0]]}")
    assert "Kandidaat A" in advisor.content() and "K001" not in advisor.content()
    _no_names(advisor)
    assert_no_axe_violations(advisor)
    advisor.check("#verdict-0")
    with advisor.expect_navigation():
        advisor.click("main form button[type=submit]")
    assert "goedgekeurd" in advisor.locator(".notice").inner_text()

    # return the second: first without a reason (the error state), then with one
    advisor.goto(f"{live_server}/review/submissions/{subs[ids[1]]}")
    advisor.check("#verdict-1")
    with advisor.expect_navigation():
        advisor.click("main form button[type=submit]")
    assert advisor.locator("#error-summary").is_visible()
    assert advisor.title().startswith("1 invoerfout")
    assert_no_axe_violations(advisor)
    advisor.check("#verdict-1")
    advisor.fill("#reason", REASON)
    with advisor.expect_navigation():
        advisor.click("main form button[type=submit]")
    assert advisor.locator("tbody tr").count() == 0  # the queue is empty now
    assert_no_axe_violations(advisor)
    advisor.context.close()

    # the consultant sees both decisions
    consultant = browser.new_context(locale="nl-NL").new_page()
    _login(consultant, live_server, world.consultant["name"])
    for fid, expected in ((ids[0], "Goedgekeurd"), (ids[1], REASON)):
        run_id, role_id = fns[fid]
        consultant.goto(f"{live_server}/consultant/organisations/{world.organisation}"
                        f"/runs/{run_id}/functions/{role_id}")
        assert expected in consultant.locator("#submissions").inner_text()
        _no_names(consultant)
        with consultant.expect_navigation():
            consultant.click("text=Geschiedenis van besluiten over deze functie")
        assert expected in consultant.locator("#history").inner_text()
        assert "advisor-a" in consultant.locator("#history").inner_text()
        _no_names(consultant)
        assert_no_axe_violations(consultant)
    consultant.context.close()
