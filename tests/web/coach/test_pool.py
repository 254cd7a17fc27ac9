"""Pool runs in the background (the real run engine on a Dask LocalCluster)."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import select

from tests.web.coach.conftest import OTHER_NAME, OWN_NAME, World
from tests.web.coach.seed import add_candidate
from tests.web.helpers import login, post_form
from tests.web.security.editing import open_form
from web.db import session_scope
from web.models import AuditEvent, Candidate, Edit, Function, MatchProposal, Run
from web.runs import get_engine


def _start(client, world: World, kind: str, ids: list[int]) -> int:
    path = f"/coach/organisations/{world.organisation}/pool"
    # Only what the rendered form carries (its hidden fields included), as a browser
    # posts it: a field the template forgot fails here.
    fields = open_form(client, path, marker="kind")
    assert "organisation_id" in fields and "csrf_token" in fields
    response = client.post(path, data={**fields, "kind": kind, "candidates": ids})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with session_scope(world.app) as db:
        run_id = db.scalars(select(Run.id).order_by(Run.id.desc())).first()
    assert run_id is not None
    assert get_engine(world.app).wait(run_id, timeout=120) in ("done", "cancelled")
    return run_id


def test_coach_pool_match_runs_in_background_and_shows_placed_and_not(client, world: World) -> None:
    second = add_candidate(world.app, world.coach["id"], "K003", pseudonym="K303")
    login(client, world.coach["name"])
    form = client.get(f"/coach/organisations/{world.organisation}/pool").get_data(as_text=True)
    assert "K001" in form and "K303" in form and "K002" not in form  # own caseload only
    run_id = _start(client, world, "match", [world.candidate, second])
    with session_scope(world.app) as db:
        run = db.get(Run, run_id)
        assert run is not None and run.kind == "match" and run.candidate_ids == ["K001", "K303"]
        report = run.report
        assert db.scalars(select(Function).where(Function.run_id == run_id)).first() is not None
    page = client.get(f"/coach/organisations/{world.organisation}/pool/{run_id}").get_data(as_text=True)
    placed = {m["candidate_id"] for m in report["matches"]}
    unplaced = {u["candidate_id"] for u in report["unmatched"]}
    assert placed | unplaced == {"K001", "K303"}
    for m in report["matches"]:
        assert m["role_id"] in page
    assert "Ter vergelijking: organisatie eerst" in page
    assert OWN_NAME in page or "K001" in unplaced | placed  # the own coach may see the own names
    progress = client.get(f"/coach/organisations/{world.organisation}/pool/{run_id}/progress.json")
    assert progress.get_json()["finished"] is True


def test_consultant_pool_carve_sees_pseudonyms_only(client, world: World) -> None:
    login(client, world.consultant["name"])
    form = client.get(f"/coach/organisations/{world.organisation}/pool").get_data(as_text=True)
    # coach-a works for the organisation (K001 offered); coach-b does not (K002 not offered)
    assert "K001" in form and "K002" not in form and OWN_NAME not in form
    run_id = _start(client, world, "carve", [world.candidate])
    page = client.get(f"/coach/organisations/{world.organisation}/pool/{run_id}").get_data(as_text=True)
    assert "K001" in page and OWN_NAME not in page and OTHER_NAME not in page


def test_pool_run_of_an_organisation_not_worked_for_is_404(client, world: World) -> None:
    login(client, world.other_coach["name"])
    assert client.get(f"/coach/organisations/{world.organisation}/pool").status_code == 404


def test_pool_run_needs_candidates(client, world: World) -> None:
    login(client, world.coach["name"])
    page = post_form(client, f"/coach/organisations/{world.organisation}/pool",
                     {"kind": "match", "organisation_id": world.organisation}).get_data(as_text=True)
    assert "invoerfout" in page and "Kies minstens één kandidaat" in page


def _cells(page: str, table_id: str) -> list[list[str]]:
    """The body rows of table ``table_id`` as cell texts (tags stripped)."""
    table = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body)]


def test_pool_match_page_counts_who_was_not_considered_and_states_the_bound(client, world: World) -> None:
    """Issue 11 on the coach's page: completeness numbers first, the proven bound on people
    placed, and per function how many in the pool fit it (one: marked fragile)."""
    # K016 has neither monitor answers nor c_-columns in the bundled pool: no capacity data
    bare = add_candidate(world.app, world.coach["id"], "K016", pseudonym="K404")
    # K003 and K004 miss van Dijk's functions on borderline capacities (the demo shows it)
    third = add_candidate(world.app, world.coach["id"], "K003", pseudonym="K503")
    fourth = add_candidate(world.app, world.coach["id"], "K004", pseudonym="K504")
    login(client, world.coach["name"])
    run_id = _start(client, world, "match", [world.candidate, bare, third, fourth])
    with session_scope(world.app) as db:
        run = db.get(Run, run_id)
        assert run is not None
        report = run.report
    c = report["completeness"]
    assert c["candidates"] == 4 and c["no_capacity_data"] >= 1
    page = client.get(f"/coach/organisations/{world.organisation}/pool/{run_id}").get_data(as_text=True)
    assert page.index('id="pool-completeness"') < page.index('id="pool-result"')  # numbers first
    # why not placed, in the web's words: a coach has no command line
    assert "alleen met ondersteuning" in page and "--allow-borderline" not in page
    # who is not placed: the deciding reason in view, the rest folded in a <details>
    unplaced = page.split('id="pool-unmatched"', 1)[1].split("<h2>", 1)[0]
    for u in report["unmatched"]:
        folded = f"<summary>{u['candidate_id']}" in unplaced
        assert folded == (len(u["reason_codes"]) > 1), u
    assert any(len(u["reason_codes"]) > 1 for u in report["unmatched"])
    assert f"{c['considered']} van de 4 kandidaten zijn meegenomen" in page
    rows = dict((label, int(n)) for label, n in _cells(page, "pool-completeness"))
    blocked = sum(c["blocked_by_one_condition"].values()) + c["blocked_by_several_conditions"]
    assert rows == {"Geen capaciteitsgegevens": c["no_capacity_data"],
                    "Geen passend urenvenster (de uren gedeeld door het werktempo vallen buiten 12–36 uur)":
                        c["no_hours_window"],
                    "Geen uitsnijdbaar werk bij deze organisatie": c["no_carveable_work"],
                    "Geblokkeerd door werkomstandigheden of capaciteiten": blocked,
                    "Te weinig passend werk binnen één afdeling en dagdeel": c["too_little_fitting_work"]}
    placed, bound = len(report["matches"]), report["solver"]["placed_bound"]
    if placed >= bound:
        assert f"Bewezen: meer dan {placed} mensen plaatsen kan niet" in page
    else:
        assert f"hoogstens {bound} mensen zijn te plaatsen binnen de regels; deze berekening " \
               f"plaatst er {placed}" in page
    if report["roles"]:
        shown = {row[0]: row for row in _cells(page, "pool-functions")}
        assert set(shown) == {r["role_id"] for r in report["roles"]}
        for r in report["roles"]:
            count = shown[r["role_id"]][2]
            assert count.split()[0] == str(r["fitting_count"])
            assert ("kwetsbaar" in count) == (r["fitting_count"] == 1)
            assert shown[r["role_id"]][3].startswith(r.get("placed_candidate") or "–")
    post_form(client, "/language", {"lang": "en", "next": "/"}, form_page="/login")
    page = client.get(f"/coach/organisations/{world.organisation}/pool/{run_id}").get_data(as_text=True)
    assert "Who could not be considered, and why" in page and "No capacity data" in page
    assert f"{c['considered']} of the 4 candidates were considered" in page
    assert "Proven" in page.split('id="pool-bound"', 1)[1][:200]


def test_pool_carve_page_states_the_bound_from_the_carving(client, world: World) -> None:
    login(client, world.coach["name"])
    run_id = _start(client, world, "carve", [world.candidate])
    with session_scope(world.app) as db:
        run = db.get(Run, run_id)
        assert run is not None
        report = run.report
    page = client.get(f"/coach/organisations/{world.organisation}/pool/{run_id}").get_data(as_text=True)
    bound = report["solver"]["placed_bound"]
    assert bound == report["solver"]["objective_terms"]["placed_bound"]
    placed = len(report["matches"])
    assert 'id="pool-bound"' in page and str(max(bound, placed)) in page.split('id="pool-bound"')[1][:300]
    assert 'id="pool-completeness"' in page


def test_pool_run_export_lists_functions_and_placements_by_pseudonym(client, world: World) -> None:
    second = add_candidate(world.app, world.coach["id"], "K003", pseudonym="K303")
    login(client, world.coach["name"])
    run_id = _start(client, world, "match", [world.candidate, second])
    base = f"/coach/organisations/{world.organisation}/pool/{run_id}"
    page = client.get(base).get_data(as_text=True)
    assert f'href="{base}/export.csv"' in page
    response = client.get(base + "/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["functie", "afdeling", "dagdeel", "uren functie per week",
                       "passen in de pool", "kwetsbaar (past bij één persoon)",
                       "geplaatst (pseudoniem)", "taken"]
    with session_scope(world.app) as db:
        run = db.get(Run, run_id)
        assert run is not None
        report = run.report
        exported = set(db.scalars(select(AuditEvent.candidate_pseudonym).where(
            AuditEvent.action == "candidate.export_pool_run", AuditEvent.object_id == str(run_id))))
    by_role = {r[0]: r for r in rows[1:]}
    assert set(by_role) == {r["role_id"] for r in report["roles"]}
    for r in report["roles"]:
        row = by_role[r["role_id"]]
        assert row[4] == str(r["fitting_count"])
        assert row[5] == ("ja" if r["fragile"] else "nee")
        assert row[6] == (r.get("placed_candidate") or "")
        assert row[7] == ", ".join(part["task_id"] for part in r["tasks"])
    placed = {r["placed_candidate"] for r in report["roles"] if r.get("placed_candidate")}
    assert placed and exported == placed  # each exported person is in the audit trail
    # a download leaves the application: pseudonyms only, even for the own coach
    assert OWN_NAME not in body
    # the consultant of the organisation may download it as well; a coach who does not
    # work for it may not
    login(client, world.consultant["name"])
    assert client.get(base + "/export.csv").status_code == 200
    login(client, world.other_coach["name"])
    assert client.get(base + "/export.csv").status_code == 404


def test_pool_run_page_proposes_the_own_placed_candidates(client, world: World) -> None:
    """From the pool run to the proposal: the own coach proposes a placed candidate for the
    function the run placed them in, with the run's match as the explanation."""
    second = add_candidate(world.app, world.coach["id"], "K003", pseudonym="K303")
    login(client, world.coach["name"])
    run_id = _start(client, world, "match", [world.candidate, second])
    base = f"/coach/organisations/{world.organisation}/pool/{run_id}"
    page = client.get(base).get_data(as_text=True)
    with session_scope(world.app) as db:
        run = db.get(Run, run_id)
        assert run is not None
        matches = run.report["matches"]
        functions = {f.role_id: f.id for f in db.scalars(select(Function).where(Function.run_id == run_id))}
    assert matches, "the bundled pool places someone at van Dijk"
    ids = {"K001": world.candidate, "K303": second}
    for m in matches:
        url = f"/coach/candidates/{ids[m['candidate_id']]}/propose/{functions[m['role_id']]}"
        assert f'href="{url}"' in page
        assert f"{m['candidate_id']} voorstellen voor {m['role_id']}" in page
    m = matches[0]
    url = f"/coach/candidates/{ids[m['candidate_id']]}/propose/{functions[m['role_id']]}"
    form = client.get(url).get_data(as_text=True)
    assert "De rekenhulp stelde deze combinatie voor" in form and "override_reason" not in form
    assert client.post(url, data=open_form(client, url)).status_code == 302
    with session_scope(world.app) as db:
        proposal = db.scalars(select(MatchProposal).order_by(MatchProposal.id.desc())).first()
        assert proposal is not None
        assert (proposal.run_id, proposal.function_id) == (run_id, functions[m["role_id"]])
        assert proposal.override_reason is None and proposal.explanation
    # the consultant sees the same run without proposing anyone (proposing is the coach's),
    # and opens each function's page, where they submit it for review as their own
    login(client, world.consultant["name"])
    page = client.get(base).get_data(as_text=True)
    assert "/propose/" not in page and "voorstellen voor" not in page
    org = world.organisation
    for role_id in functions:
        url = f"/consultant/organisations/{org}/runs/{run_id}/functions/{role_id}"
        assert f'href="{url}"' in page
    function_page = client.get(url).get_data(as_text=True)
    assert f"Nieuwe functie {role_id}" in function_page and "voorleggen" in function_page.lower()
    # named as what it is on the consultant's pages, not as a redesign
    assert f"Poolberekening {run_id} (functies vormen)" in function_page
    run_page = client.get(f"/consultant/organisations/{org}/runs/{run_id}").get_data(as_text=True)
    assert f"<h1>Poolberekening {run_id} (functies vormen)</h1>" in run_page
    # the coach has no consultant pages: no such links for them
    login(client, world.coach["name"])
    assert "/consultant/" not in client.get(base).get_data(as_text=True)



def test_a_pool_run_started_again_by_the_consultant_stays_a_pool_run(client, world: World) -> None:
    """"Opnieuw starten" on the consultant's run page of a pool run starts the same kind with
    the same candidates and options, audited per candidate, not a redesign without the pool."""
    login(client, world.consultant["name"])
    run_id = _start(client, world, "carve", [world.candidate])
    org = world.organisation
    run_page = f"/consultant/organisations/{org}/runs/{run_id}"
    page = client.get(run_page).get_data(as_text=True)
    # the consultant's run page leads to who the pool run placed where
    pool_page = f"/coach/organisations/{org}/pool/{run_id}"
    assert f'href="{pool_page}"' in page and 'id="run-pool-page"' in page
    response = post_form(client, run_page + "/again", {}, form_page=run_page)
    assert response.status_code == 302
    new_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    assert new_id != run_id
    assert get_engine(world.app).wait(new_id, timeout=120) == "done"
    with session_scope(world.app) as db:
        old, new = db.get(Run, run_id), db.get(Run, new_id)
        assert old is not None and new is not None
        assert (new.kind, new.candidate_ids, new.options, new.seed) == \
            (old.kind, old.candidate_ids, old.options, old.seed) == \
            ("carve", ["K001"], old.options, old.seed)
        audited = set(db.scalars(select(AuditEvent.candidate_pseudonym).where(
            AuditEvent.action == "candidate.pool_run", AuditEvent.object_id == str(new_id))))
        assert audited == {"K001"}
        assert {m["candidate_id"] for m in new.report["matches"]} | \
            {u["candidate_id"] for u in new.report["unmatched"]} == {"K001"}
    assert client.get(f"/coach/organisations/{org}/pool/{new_id}").status_code == 200
    # the organisation page lists both under a heading that fits pool runs too
    listing = client.get(f"/consultant/organisations/{org}").get_data(as_text=True)
    assert "<h2>Berekeningen</h2>" in listing and "Herontwerpen" not in listing
    for n in (run_id, new_id):
        assert f"Poolberekening {n} (functies op maat)" in listing



def _functions_listed(page: str) -> list[str]:
    """The function ids in the pool page's function table, in order."""
    table = re.search(r'<table class="table" id="pool-functions">.*?</table>', page, re.S)
    assert table is not None
    return re.findall(r"<tr><td>(?:<a [^>]*>)?([^<]+)", table.group(0).split("<tbody>", 1)[1])


def _edit(client, url: str, role_id: str):
    page = client.get(url).get_data(as_text=True)
    version = re.search(r'name="remove-version" type="hidden" value="([^"]*)"', page)
    assert version is not None
    return post_form(client, url, {"remove-action": "remove", "remove-role_id": role_id,
                                   "remove-version": version.group(1)})


def test_a_consultant_edits_a_pool_runs_proposal_with_its_own_pool(client, world: World) -> None:
    """Editing a pool run re-scores the people it places with the run's own pool (it
    failed with a server error when edited against the work analysis alone); who loses
    their function moves to the unplaced with the reason; the pool run page says it was
    edited; a placed person erased since blocks the edit with a message, and nothing is
    written."""
    second = add_candidate(world.app, world.coach["id"], "K003", pseudonym="K303")
    login(client, world.consultant["name"])
    run_id = _start(client, world, "match", [world.candidate, second])
    with session_scope(world.app) as db:
        run = db.get(Run, run_id)
        assert run is not None
        report = run.report
    placed = {m["role_id"]: m["candidate_id"] for m in report["matches"]}
    assert placed, "the bundled pool places someone at van Dijk"
    empty = [r["role_id"] for r in report["roles"] if r["role_id"] not in placed]
    assert empty, "van Dijk's pool run has functions nobody is placed in"
    url = f"/consultant/organisations/{world.organisation}/runs/{run_id}/edit"
    assert _edit(client, url, empty[0]).status_code == 302
    with session_scope(world.app) as db:
        edit = db.scalars(select(Edit).where(Edit.run_id == run_id)).one()
        assert edit.verdict_ok is True, edit.verdict
        assert {m["role_id"]: m["candidate_id"] for m in edit.report["matches"]} == placed
        assert all(m["explanation"] for m in edit.report["matches"])
    # the pool run page says so, and shows the proposal as it stands: without the function
    pool_page = f"/coach/organisations/{world.organisation}/pool/{run_id}"
    page = client.get(pool_page).get_data(as_text=True)
    assert 'id="pool-edited"' in page and "(1 aanpassing(en))" in page and f'href="{url}"' in page
    assert "zoals ze nu zijn" in page
    assert _functions_listed(page) == [r["role_id"] for r in edit.report["roles"]]
    assert empty[0] not in _functions_listed(page)
    role_id, person = next(iter(placed.items()))
    assert _edit(client, url, role_id).status_code == 302
    with session_scope(world.app) as db:
        functions = {f.role_id: f.id for f in db.scalars(select(Function).where(Function.run_id == run_id))}
        own = {c.pseudonym: c.id for c in db.scalars(select(Candidate))}
    login(client, world.coach["name"])
    page = client.get(pool_page).get_data(as_text=True)
    assert "(2 aanpassing(en))" in page and f'href="{url}"' not in page  # no consultant link
    # the person whose function was removed is not placed now, and proposed for nothing
    assert role_id not in _functions_listed(page)
    unplaced = re.search(r'<ul id="pool-unmatched".*?<h2>', page, re.S)
    assert unplaced is not None and person in unplaced.group(0)
    removed = f"/coach/candidates/{own[person]}/propose/{functions[role_id]}"
    assert f'href="{removed}"' not in page
    # a link to it shown before the edit proposes nobody: the coach is told why
    answer = client.get(removed)
    assert answer.status_code == 302
    told = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert f"De functie {role_id} staat niet meer in het voorstel" in told
    sent = post_form(client, removed, {"version": "0"}, form_page=pool_page)
    assert sent.status_code == 302 and sent.headers["Location"] == answer.headers["Location"]
    with session_scope(world.app) as db:
        assert db.scalars(select(MatchProposal).where(
            MatchProposal.function_id == functions[role_id])).first() is None
    # the export follows the page
    export = client.get(f"{pool_page}/export.csv").data.decode("utf-8-sig")
    exported = [row[0] for row in list(csv.reader(io.StringIO(export)))[1:]]
    assert exported == _functions_listed(page) and role_id not in exported
    login(client, world.consultant["name"])
    with session_scope(world.app) as db:
        last = db.scalars(select(Edit).where(Edit.run_id == run_id).order_by(Edit.id.desc())).first()
        assert last is not None and last.verdict_ok is True, last.verdict
        assert person not in {m["candidate_id"] for m in last.report["matches"]}
        assert person in {u["candidate_id"] for u in last.report["unmatched"]}
    # in a fresh run, someone it places is erased: their fit cannot be recomputed, and
    # the edit is refused with a message naming them; nothing is written
    again = _start(client, world, "match", [world.candidate, second])
    with session_scope(world.app) as db:
        fresh = db.get(Run, again)
        assert fresh is not None
        gone = fresh.report["matches"][0]["candidate_id"]
        db.delete(db.scalars(select(Candidate).where(Candidate.pseudonym == gone)).one())
    url = f"/consultant/organisations/{world.organisation}/runs/{again}/edit"
    response = _edit(client, url, fresh.report["roles"][0]["role_id"])
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and "niet meer in het kandidatenbestand" in text
    assert gone in text
    with session_scope(world.app) as db:
        assert db.scalars(select(Edit).where(Edit.run_id == again)).first() is None
