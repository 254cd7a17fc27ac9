"""The browser harness, proven on the login page: Chromium, waitress, axe-core."""

from __future__ import annotations

from typing import Any

from tests.web.axe import assert_no_axe_violations


def test_login_page_is_accessible_and_logs_in(page: Any, live_server: str, admin: dict) -> None:
    page.goto(f"{live_server}/login")
    assert page.locator("html").get_attribute("lang") == "nl"
    result = assert_no_axe_violations(page)
    assert len(result["passes"]) > 10  # the rules really ran

    # Failed submit: the error summary takes focus, is accessible, links to the field.
    page.fill("#name", admin["name"])
    page.click("button[type=submit].button:not(.button--secondary)")
    page.wait_for_selector("#error-summary")
    assert page.title().startswith("1 invoerfout(en)")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.input_value("#name") == admin["name"]
    assert_no_axe_violations(page)
    page.click("#error-summary a[href='#password']")
    assert page.evaluate("document.activeElement.id") == "password"

    page.fill("#password", admin["password"])
    page.click("button[type=submit].button:not(.button--secondary)")
    page.wait_for_url(f"{live_server}/admin/users")
    assert page.locator("h1").inner_text() == "Accounts"
    assert_no_axe_violations(page)


def test_keyboard_user_reaches_the_skip_link_first(page: Any, live_server: str) -> None:
    page.goto(f"{live_server}/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_axe_helper_fails_on_a_real_violation(page: Any, live_server: str) -> None:
    import pytest

    page.goto(f"{live_server}/login")
    # A field without any label: a WCAG 2.1 A failure the helper must report.
    page.evaluate("document.querySelector('form[action=\"/login\"]')"
                  ".insertAdjacentHTML('beforeend', '<input type=\"text\" name=\"x\">')")
    with pytest.raises(AssertionError, match="label"):
        assert_no_axe_violations(page)


def test_error_pages_and_english_are_accessible(page: Any, live_server: str, admin: dict) -> None:
    page.goto(f"{live_server}/login")
    page.select_option("#lang-select", "en")
    page.click(".lang-form button")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("h1").inner_text() == "Sign in"
    assert_no_axe_violations(page)
    page.fill("#name", admin["name"])
    page.fill("#password", admin["password"])
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server}/admin/users")
    response = page.goto(f"{live_server}/coach/")
    assert response.status == 403 and page.locator("h1").inner_text() == "No access"
    assert_no_axe_violations(page)
    response = page.goto(f"{live_server}/no-such-page")
    assert response.status == 404 and page.locator("h1").inner_text() == "Page not found"
    assert_no_axe_violations(page)
    page.click("header button:has-text('Sign out')")
    page.wait_for_url(f"{live_server}/login")
    assert page.locator("[role=status]").inner_text() == "You have signed out."
