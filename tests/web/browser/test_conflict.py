"""Two people edit one organisation in two browsers (Debian's Chromium, two contexts with
their own cookies): the second to save gets the conflict page, which names the field
with both values, takes focus on its summary, passes axe-core, and reloads the current
version on request; the first person's change stays (issue 14, optimistic locking)."""

from __future__ import annotations

from typing import Any

from tests.web.axe import assert_no_axe_violations
from tests.web.helpers import PASSWORD
from web.db import session_scope
from web.models import Organisation


def _logged_in(browser: Any, live_server: str, name: str) -> Any:
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def test_second_save_gets_the_conflict_page(app, live_server, browser, make_user,
                                            make_organisation) -> None:
    first_id = make_user("consultant", name="eerste-adviseur")
    second_id = make_user("consultant", name="tweede-adviseur")
    org = make_organisation("Zorgcentrum De Linde", (first_id, second_id))
    first = _logged_in(browser, live_server, "eerste-adviseur")
    second = _logged_in(browser, live_server, "tweede-adviseur")
    try:
        edit = f"{live_server}/consultant/organisations/{org}/edit"
        first.goto(edit)
        second.goto(edit)  # both forms are open on the same version

        first.fill("#name", "Zorgcentrum De Linde Noord")
        first.click("main form button[type=submit]")
        first.wait_for_url(f"{live_server}/consultant/organisations/{org}")

        second.fill("#name", "Zorgcentrum De Linde Zuid")
        second.fill("#sector", "ouderenzorg")
        with second.expect_navigation() as navigation:
            second.click("main form button[type=submit]")
        assert navigation.value.status == 409
        assert second.locator("h1").inner_text() == "Iemand anders heeft dit intussen gewijzigd"
        # the error summary takes focus (web.js), as after any failed submission
        second.wait_for_function("document.activeElement.id === 'error-summary'")
        table = second.locator("#conflict-table")
        header = table.locator("thead th").all_inner_texts()
        assert header[1] == "Uw waarde" and "eerste-adviseur" in header[2]
        row = table.locator("tbody tr", has_text="Zorgcentrum De Linde Zuid")
        assert row.locator("td").all_inner_texts() == ["Zorgcentrum De Linde Zuid",
                                                       "Zorgcentrum De Linde Noord"]
        assert_no_axe_violations(second)

        second.click("text=Huidige versie openen")
        second.wait_for_url(edit)
        assert second.input_value("#name") == "Zorgcentrum De Linde Noord"
        with session_scope(app) as db:
            saved = db.get(Organisation, org)
            assert saved is not None
            assert (saved.name, saved.sector) == ("Zorgcentrum De Linde Noord", None)
    finally:
        first.context.close()
        second.context.close()
