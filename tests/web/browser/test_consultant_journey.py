"""The consultant's journey in Debian's Chromium, with axe-core on every page of it.

log in → upload a workbook with errors (the summary shows them, nothing stored) →
upload a good one → run a redesign and watch the progress bar finish → open a
function and its chart → move a task by hand and see the verdict → download the PDF
(its text holds the functions) and the xlsx (openpyxl opens it, it holds the functions).
"""

from __future__ import annotations

import io

import openpyxl
import pypdf
from sqlalchemy import func, select

from tests.web.axe import assert_no_axe_violations
from tests.web.consultant.workbooks import bad_xlsx, good_xlsx
from tests.web.helpers import PASSWORD
from web.db import session_scope
from web.models import InventoryVersion


def _versions(app, org_id: int) -> int:
    with session_scope(app) as db:
        return db.scalar(select(func.count()).select_from(InventoryVersion)
                         .where(InventoryVersion.organisation_id == org_id))


def test_consultant_journey(app, live_server, page, make_user, make_organisation, tmp_path):
    uid = make_user("consultant", name="journey-consultant")
    org = make_organisation("Zorgcentrum De Linde", (uid,))
    bad, mistakes = bad_xlsx(tmp_path)
    (tmp_path / "fouten.xlsx").write_bytes(bad)
    (tmp_path / "linde.xlsx").write_bytes(good_xlsx(tmp_path))

    # log in
    page.goto(f"{live_server}/login")
    page.fill("#name", "journey-consultant")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit] >> nth=-1")
    page.goto(f"{live_server}/consultant/")
    assert page.locator("h1").inner_text() == "Organisaties"
    assert_no_axe_violations(page)

    # a workbook with errors: every problem in the summary, nothing stored
    page.goto(f"{live_server}/consultant/organisations/{org}/upload")
    assert_no_axe_violations(page)
    page.set_input_files("#file", str(tmp_path / "fouten.xlsx"))
    page.click("form[enctype] button[type=submit]")
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert summary.locator("li").count() == len(mistakes)
    assert page.title().startswith(str(len(mistakes)))
    assert _versions(app, org) == 0
    assert_no_axe_violations(page)  # the form in its error state

    # a good workbook: the task list with carve-able status and reasons
    page.set_input_files("#file", str(tmp_path / "linde.xlsx"))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("text=Versie 1 opgeslagen")
    assert _versions(app, org) == 1
    assert page.locator("td", has_text="niet uitsnijdbaar").count() > 0
    assert_no_axe_violations(page)

    # run a redesign and watch the progress bar finish (web.js polls, then reloads)
    page.fill("#time_limit", "2")
    page.click("text=Start het herontwerp")
    page.wait_for_selector("#run-progress-bar")
    assert_no_axe_violations(page)
    page.wait_for_selector("#run-solver", timeout=90_000)
    bar = page.locator("#run-progress-bar")
    assert bar.get_attribute("value") == bar.get_attribute("max")
    assert page.locator("#run-state").inner_text() == "Klaar"
    functions = page.locator("#functions tbody tr td:first-child a").all_inner_texts()
    assert functions
    assert_no_axe_violations(page)
    run_url = page.url

    # a function and its chart
    page.click(f"#functions >> text={functions[0]}")
    page.wait_for_selector("#demand-chart svg title", state="attached")
    assert page.locator("#demand-chart table tbody tr").count() == 13  # every dimension
    assert_no_axe_violations(page)

    # the effect on staff and cost
    page.goto(run_url + "/effect")
    page.wait_for_selector("#freed-chart svg")
    assert_no_axe_violations(page)

    # move a task by hand and see the verdict
    page.goto(run_url + "/edit")
    first = page.locator("#functions tbody tr").first
    role_id = first.locator("td a").inner_text()
    task_id = first.locator("td").nth(1).inner_text().split(" ")[0]
    page.select_option("#move-task_id", task_id)
    page.select_option("#move-from_role", role_id)
    page.select_option("#move-to_role", "")
    page.fill("#move-hours", "1")
    page.click("#move-form button[type=submit]")
    page.wait_for_selector("#verdict")
    assert page.locator("#verdict-title").inner_text().startswith("Oordeel")
    assert page.locator("#edit-history tbody tr").count() == 1
    assert_no_axe_violations(page)

    # the report, then the PDF and the xlsx downloads
    page.goto(run_url + "/report")
    assert_no_axe_violations(page)
    with page.expect_download() as pdf_download:
        page.click("text=Rapport als pdf")
    reader = pypdf.PdfReader(pdf_download.value.path())
    pdf_text = "\n".join(p.extract_text() for p in reader.pages)
    edited = page.locator("section.function h3").all_inner_texts()
    assert edited and all(name in pdf_text for name in edited)
    page.goto(run_url)
    with page.expect_download() as xlsx_download:
        page.click("text=Functies en effect als Excel-bestand (xlsx)")
    wb = openpyxl.load_workbook(io.BytesIO(open(xlsx_download.value.path(), "rb").read()))
    names = {r[0] for r in wb["nieuwe functies"].iter_rows(min_row=2, values_only=True)}
    assert names == set(edited)
