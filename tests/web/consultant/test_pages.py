"""The consultant's journey through the test client: what each page shows and stores."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pypdf
from flask import session
from markupsafe import escape
from sqlalchemy import func, select

from matcher import api
from taskmodels.examples import example_path
from taskmodels.messages import format_number
from tests.web.consultant.conftest import EXAMPLE
from tests.web.consultant.workbooks import bad_xlsx, good_xlsx, good_zip
from tests.web.helpers import csrf_token
from web.consultant.blueprint import run_label
from web.db import session_scope
from web.i18n import SESSION_KEY
from web.models import RUN_KINDS, AuditEvent, Edit, InventoryVersion, ReviewSubmission, Run


def _versions(app, org_id: int) -> int:
    with session_scope(app) as db:
        return db.scalar(select(func.count()).select_from(InventoryVersion)
                         .where(InventoryVersion.organisation_id == org_id))


def _post(client, url, data, **kw):
    return client.post(url, data={**data, "csrf_token": csrf_token(client, "/login")}, **kw)


def _version(client, url, name="version"):
    """The hidden version the form on ``url`` was rendered with (web.concurrency)."""
    import re

    found = re.search(rf'name="{name}" type="hidden" value="([^"]*)"',
                      client.get(url).get_data(as_text=True))
    assert found, f"no {name} on {url}"
    return found.group(1)


def _upload(client, org_id, payload: bytes, name: str):
    return _post(client, f"/consultant/organisations/{org_id}/upload",
                 {"file": (io.BytesIO(payload), name)}, content_type="multipart/form-data")


def test_bad_workbook_shows_every_problem_and_stores_nothing(app, login_as, consultant, seeded,
                                                            tmp_path):
    client = login_as(consultant)
    org = seeded["own"]["org"]
    before = _versions(app, org)
    payload, mistakes = bad_xlsx(tmp_path)
    response = _upload(client, org, payload, "fouten.xlsx")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert _versions(app, org) == before
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title.strip().startswith(str(len(mistakes)))  # the error count first (Invoerfout)
    summary = page[page.index('id="error-summary"'):page.index("</div>", page.index('id="error-summary"'))]
    for i, (sheet, row, column) in enumerate(mistakes, start=1):
        assert f'href="#problem-{i}"' in summary
        assert f"blad {sheet}, rij {row}, kolom {column}" in summary
        assert f'id="problem-{i}"' in page  # the details row the link points at
    assert "Er is niets opgeslagen" in page
    # The same table as the coach's import (one macro, one set of headings).
    assert '<h2 id="problems">Alle problemen</h2>' in page
    assert '<th scope="col">Bestand</th><th scope="col">Blad</th>' in page


def test_good_workbook_and_zip_are_stored_as_versions(app, login_as, consultant, seeded, tmp_path):
    client = login_as(consultant)
    org = seeded["own"]["org"]
    before = _versions(app, org)
    response = _upload(client, org, good_xlsx(tmp_path), "linde.xlsx")
    assert response.status_code == 302
    tasks_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Versie 2 opgeslagen" in tasks_page
    assert "niet uitsnijdbaar" in tasks_page and ">uitsnijdbaar<" in tasks_page
    assert "kerntaak" in tasks_page.lower()  # a reason in Dutch words
    assert _upload(client, org, good_zip(), "linde.zip").status_code == 302
    assert _versions(app, org) == before + 2
    with session_scope(app) as db:
        assert db.scalar(select(func.count()).select_from(AuditEvent)
                         .where(AuditEvent.action == "inventory.upload")) == 2


def test_broken_zip_is_a_problem_on_the_page(app, login_as, consultant, seeded):
    client = login_as(consultant)
    response = _upload(client, seeded["own"]["org"], b"no zip at all", "map.zip")
    assert response.status_code == 400
    assert "geen leesbaar zip-bestand" in response.get_data(as_text=True)


def test_task_edit_stores_a_new_version_and_shows_carveability_at_once(app, login_as, consultant,
                                                                      seeded, example_report):
    client = login_as(consultant)
    ids = seeded["own"]
    task = next(x["task_id"] for x in example_report["tasks"] if x["carveable"])
    url = f"/consultant/organisations/{ids['org']}/versions/{ids['version']}/tasks/{task}"
    form = client.get(url).get_data(as_text=True)
    assert 'for="d_pace"' in form and 'id="hours_per_week"' in form
    data = {f"d_{d}": "1" for d in ("independence", "social", "deadlines", "pace",
                                    "interruptions", "unpredictability", "physical",
                                    "cognitive", "attention", "literacy", "numeracy",
                                    "digital", "precision")}
    data.update({"hours_per_week": "4", "core": "y"})  # separable left unticked: not carve-able
    data["version"] = _version(client, url)
    response = _post(client, url, data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Taak {task} opgeslagen in versie 2: niet uitsnijdbaar" in page
    assert _versions(app, ids["org"]) == 2
    with session_scope(app) as db:
        new = db.scalars(select(InventoryVersion).where(InventoryVersion.number == 2,
                                                        InventoryVersion.organisation_id == ids["org"])).one()
        changed = new.inventory().task_by_id()[task]
        assert (changed.separable, changed.core, changed.hours_per_week) == (False, True, 4.0)
        assert new.parent_id == ids["version"]


def test_task_edit_with_a_bad_demand_is_refused_and_tied_to_the_field(app, login_as, consultant,
                                                                      seeded):
    client = login_as(consultant)
    ids = seeded["own"]
    url = (f"/consultant/organisations/{ids['org']}/versions/{ids['version']}"
           f"/tasks/{seeded['task_id']}")
    response = _post(client, url, {"hours_per_week": "3", "d_pace": "9"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#d_pace"' in page
    assert re.search(r'id="d_pace"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="d_pace"', page)
    assert _versions(app, ids["org"]) == 1


def _descriptions() -> dict[str, str]:
    """Task descriptions of the bundled example the pages were seeded with."""
    return {x.task_id: x.task for x in api.read_inventory(example_path(EXAMPLE)).tasks}


def test_run_page_function_and_effect(login_as, consultant, seeded, example_report):
    client = login_as(consultant)
    ids = seeded["own"]
    base = f"/consultant/organisations/{ids['org']}/runs/{ids['run']}"
    page = client.get(base).get_data(as_text=True)
    assert "<progress" in page and seeded["role_id"] in page
    assert 'id="run-solver"' in page
    # the proven bound in hours a week, as the consultant reads it (not objective units)
    bound = max(example_report["solver"]["carved_hours_bound"], example_report["impact"]["carved_hours"])
    missing = bound - example_report["impact"]["carved_hours"]
    shown = page.split('id="run-hours-bound">', 1)[1].split("</dd>", 1)[0]
    assert shown.startswith(f"hoogstens {format_number(bound, 'nl', 1)} uur per week; "
                            f"nog {format_number(missing, 'nl', 1)} uur")
    progress = client.get(base + "/progress.json").get_json()
    assert progress["state"] == "done" and progress["finished"] is True
    fn_page = client.get(f"{base}/functions/{seeded['role_id']}").get_data(as_text=True)
    assert "<svg" in fn_page and "<title id=" in fn_page and "<desc id=" in fn_page
    assert "plafond doelgroep" in fn_page  # the chart's numbers as a table beside it
    # Each task by its description too, from the inventory the run solved.
    described = _descriptions()
    fn = next(f for f in example_report["roles"] if f["role_id"] == seeded["role_id"])
    for part in fn["tasks"]:
        assert str(escape(described[part["task_id"]])) in fn_page
    effect = client.get(base + "/effect").get_data(as_text=True)
    assert 'id="effect-table"' in effect and "<svg" in effect
    freed = example_report["impact"]["freed_hours_by_role"]
    assert all(role in effect for role in freed)


def test_hand_edit_is_checked_recorded_and_shown(app, login_as, consultant, seeded, example_report):
    client = login_as(consultant)
    ids = seeded["own"]
    url = f"/consultant/organisations/{ids['org']}/runs/{ids['run']}/edit"
    fn = example_report["roles"][0]
    left, moves = fn["hours_per_week"], []
    for part in sorted(fn["tasks"], key=lambda p: -p["hours"]):  # back to the role until < 12 h
        hours = min(part["hours"], left - 1)
        moves.append((part["task_id"], hours))
        left -= hours
        if left < 12:
            break
    for task_id, hours in moves:
        response = _post(client, url, {"move-action": "move", "move-task_id": task_id,
                                       "move-from_role": fn["role_id"], "move-to_role": "",
                                       "move-hours": str(hours),
                                       "move-version": _version(client, url, "move-version")})
        assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    moved_left, part = left, {"task_id": moves[-1][0]}
    assert 'id="verdict"' in page and 'id="edit-history"' in page
    with session_scope(app) as db:
        edits = db.scalars(select(Edit).where(Edit.run_id == ids["run"])
                           .order_by(Edit.id)).all()
        assert len(edits) == len(moves)
        edit = edits[-1]
        assert edit.user_id == consultant["id"]
        assert edit.change["kind"] == "move_part" and edit.change["task_id"] == part["task_id"]
        new_fn = next(f for f in edit.report["roles"] if f["role_id"] == fn["role_id"])
        assert abs(new_fn["hours_per_week"] - moved_left) < 0.01
        assert edit.verdict_ok is False
        assert any(p["subject"] == fn["role_id"] for p in edit.verdict["problems"])
        assert db.scalar(select(func.count()).select_from(AuditEvent)
                         .where(AuditEvent.action == "proposal.edit")) == len(moves)
    assert "regel gebroken" in page and 'class="row--broken"' in page
    assert "Oordeel: het aangepaste voorstel breekt regels" in page
    # remove a function: the totals on the page change to the edited proposal's
    other = example_report["roles"][-1]["role_id"]
    _post(client, url, {"remove-action": "remove", "remove-role_id": other,
                        "remove-version": _version(client, url, "remove-version")})
    with session_scope(app) as db:
        last = db.scalars(select(Edit).where(Edit.run_id == ids["run"]).order_by(Edit.id.desc())).first()
        assert all(f["role_id"] != other for f in last.report["roles"])


def test_submit_for_review_is_stored_once(app, login_as, consultant, seeded):
    client = login_as(consultant)
    ids = seeded["own"]
    url = f"/consultant/organisations/{ids['org']}/runs/{ids['run']}/functions/{seeded['role_id']}"
    assert _post(client, url + "/submit", {"version": _version(client, url)}).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "voorgelegd" in page
    _post(client, url + "/submit", {"version": _version(client, url)})
    with session_scope(app) as db:
        subs = db.scalars(select(ReviewSubmission)
                          .where(ReviewSubmission.organisation_id == ids["org"])).all()
        assert [s.state for s in subs] == ["submitted"]


def test_report_pdf_holds_the_functions(login_as, consultant, seeded, example_report):
    client = login_as(consultant)
    ids = seeded["own"]
    base = f"/consultant/organisations/{ids['org']}/runs/{ids['run']}"
    html = client.get(base + "/report").get_data(as_text=True)
    assert "Uitgangspunten" in html and "max_demand" in html
    response = client.get(base + "/report.pdf")
    assert response.mimetype == "application/pdf"
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.data)).pages)
    described = _descriptions()
    flat_text = " ".join(text.split())
    for fn in example_report["roles"]:
        assert fn["role_id"] in text
        for part in fn["tasks"]:
            assert str(escape(described[part["task_id"]])) in html
            # The PDF may break a long description over lines: compare its first words.
            assert " ".join(described[part["task_id"]].split()[:3]) in flat_text
    assert "Effect op personeel en kosten" in text
    # The key figures open the first page; functions share pages (chart beside its table).
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(response.data)).pages]
    roles = example_report["roles"]
    hours = sum(fn["hours_per_week"] for fn in roles)
    assert "In het kort" in pages[0]
    assert f"Nieuwe functies {len(roles)}, samen {hours:.1f}".replace(".", ",") in pages[0]
    assert "Banen in de banenafspraak" in pages[0] and "Besparing per jaar" in pages[0]
    per_page = [sum(1 for fn in roles if fn["role_id"] + " " in page + " ") for page in pages]
    assert max(per_page) >= 2, per_page
    # The solution's quality states the proven bound on hours carved, in hours.
    bound = example_report["solver"]["carved_hours_bound"]
    assert 'id="report-hours-bound"' in html
    assert "Bewezen grens op uitgesneden uren" in " ".join(text.split())
    assert f"hoogstens {max(bound, example_report['impact']['carved_hours']):.1f}".replace(".", ",") in html
    # The most frequent reasons are rule labels with counts, never raw templates.
    assert "{" not in html and "{" not in text
    flat = " ".join(text.split())
    assert any(label in flat for label in
               ("kerntaak van de functie", "niet los te halen", "boven het plafond"))


def test_exports_hold_the_functions(login_as, consultant, seeded, example_report):
    client = login_as(consultant)
    ids = seeded["own"]
    base = f"/consultant/organisations/{ids['org']}/runs/{ids['run']}"
    wb = openpyxl.load_workbook(io.BytesIO(client.get(base + "/export.xlsx").data))
    names = {r[0] for r in wb["nieuwe functies"].iter_rows(min_row=2, values_only=True)}
    assert names == {fn["role_id"] for fn in example_report["roles"]}
    body = client.get(base + "/export-effect.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["huidige functie", "vrijgekomen uren per week"]
    assert client.get(base + "/export-nope.csv").status_code == 404


def test_compare_two_runs_side_by_side(login_as, consultant, seeded):
    client = login_as(consultant)
    ids = seeded["own"]
    page = client.get(f"/consultant/organisations/{ids['org']}/compare?a={ids['run']}&b={ids['run']}")
    text = page.get_data(as_text=True)
    assert 'id="compare-table"' in text and text.count(seeded["role_id"]) >= 2


def test_pages_in_english(login_as, consultant, seeded):
    client = login_as(consultant)
    client.post("/language", data={"lang": "en", "next": "/consultant/",
                                   "csrf_token": csrf_token(client, "/login")})
    ids = seeded["own"]
    page = client.get(f"/consultant/organisations/{ids['org']}/runs/{ids['run']}/effect")
    text = page.get_data(as_text=True)
    assert '<html lang="en"' in text and "Effect on staff and cost" in text


def test_run_again_starts_a_new_run_with_the_same_settings(app, login_as, consultant, seeded):
    from web.models import Run
    from web.runs import get_engine

    client = login_as(consultant)
    ids = seeded["own"]
    response = _post(client, f"/consultant/organisations/{ids['org']}/runs/{ids['run']}/again", {})
    assert response.status_code == 302
    new_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    assert new_id != ids["run"]
    assert get_engine(app).wait(new_id, timeout=120) == "done"
    with session_scope(app) as db:
        old, new = db.get(Run, ids["run"]), db.get(Run, new_id)
        assert (new.inventory_version_id, new.seed, new.options, new.kind) == \
            (old.inventory_version_id, old.seed, old.options, "redesign")
        assert new.report["roles"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="run-solver"' in page and 'id="run-again"' in page
    assert 'id="run-pool-page"' not in page  # a redesign has no pool run page


def test_every_run_kind_has_its_own_label_in_both_languages(app):
    """The run label is looked up by kind at render time (no literal code in a template),
    so a catalogue clean-up cannot see it is used: this pins one text per kind and language."""
    for lang in ("nl", "en"):
        with app.test_request_context("/"):
            session[SESSION_KEY] = lang
            labels = {kind: run_label(Run(id=7, kind=kind)) for kind in RUN_KINDS}
        assert all("7" in label for label in labels.values()), labels
        assert len(set(labels.values())) == len(RUN_KINDS), labels
