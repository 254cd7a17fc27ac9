"""Fit, carving, proposals, the candidate's answer and the placement (real solves, small limits)."""

from __future__ import annotations

import re

from markupsafe import escape
from sqlalchemy import select

from taskmodels.messages import text
from tests.web.coach.conftest import OWN_NAME, World
from tests.web.helpers import login, post_form
from web.db import session_scope
from web.models import AuditEvent, Function, InventoryVersion, MatchProposal, Placement, Run
from web.runs import get_engine

_VERSION = re.compile(r'name="version"[^>]*value="([^"]*)"')


def _post(client, path: str, data: dict) -> object:
    """POST as the page's form does: with its CSRF token and its hidden ``version``."""
    found = _VERSION.search(client.get(path).get_data(as_text=True))
    return post_form(client, path, {**({"version": found.group(1)} if found else {}), **data})


def _wait_all(world: World) -> None:
    """Wait for every run the page queued (the real engine, a Dask LocalCluster)."""
    with session_scope(world.app) as db:
        ids = db.scalars(select(Run.id).where(Run.kind.in_(("match", "carve")))).all()
    for run_id in ids:
        assert get_engine(world.app).wait(run_id, timeout=120) in ("done", "cancelled")


def _fit(client, world: World) -> str:
    login(client, world.coach["name"])
    response = post_form(client, f"/coach/candidates/{world.candidate}/fit", {},
                         form_page=f"/coach/candidates/{world.candidate}/fit")
    assert response.status_code == 302
    with session_scope(world.app) as db:  # queued, not solved inside the request
        run = db.scalars(select(Run).where(Run.kind == "match")).one()
        assert run.state in ("queued", "running", "done") and run.candidate_ids == ["K001"]
        assert run.options["allow_borderline"] is True
    _wait_all(world)
    return client.get(f"/coach/candidates/{world.candidate}/fit").get_data(as_text=True)


def test_fit_shows_explained_match_with_radar_and_stores_a_checked_run(client, world: World) -> None:
    page = _fit(client, world)
    with session_scope(world.app) as db:
        run = db.scalars(select(Run).where(Run.kind == "match")).one()
        assert run.state == "done" and run.candidate_ids == ["K001"]
        report = run.report
        mine = [m for m in report["matches"] if m["candidate_id"] == "K001"]
        fids = {f.role_id: f.id for f in db.scalars(select(Function).where(Function.run_id == run.id))}
    assert OWN_NAME not in str(report)  # the display name never reaches the core or a report
    if mine:
        m = mine[0]
        assert f"{m['role_id']}: past" in page
        assert "Regels die hielpen of tegenwerkten bij " + m["role_id"] in page
        assert "Capaciteit tegenover de eisen van " + m["role_id"] in page and "<svg" in page
        assert f"/coach/candidates/{world.candidate}/propose/{fids[m['role_id']]}" in page
        if m["borderline"]:
            assert "Krap passend op" in page
    else:
        assert "Nog geen passende functie" in page


def test_carve_for_this_person_shows_the_package(client, world: World) -> None:
    login(client, world.coach["name"])
    fit_page = f"/coach/candidates/{world.candidate}/fit"
    response = post_form(client, f"/coach/candidates/{world.candidate}/carve/{world.organisation}",
                         {}, form_page=fit_page)
    assert response.status_code == 302
    _wait_all(world)
    page = client.get(response.location).get_data(as_text=True)
    with session_scope(world.app) as db:
        run = db.scalars(select(Run).where(Run.kind == "carve")).one()
        formed = [r for r in run.report["roles"] if r.get("candidate_id") == "K001"]
        status = run.solver_status
        names = {tk["task_id"]: tk["task"] for tk in
                 db.get(InventoryVersion, run.inventory_version_id).data["tasks"]}
    assert "Functie op maat" in page
    # the solver's status in words (issue 13), never its raw code
    assert status and f"Status van de rekenhulp: {status}" not in page
    assert "Status van de rekenhulp: " + text(f"status.{status}", "nl") in page
    if formed:
        assert "Het pakket taken" in page
        for part in formed[0]["tasks"]:  # each task by its name, with its id
            assert str(escape(f"{names[part['task_id']]} ({part['task_id']})")) in page


def test_other_coach_cannot_open_the_run_or_carve(client, world: World) -> None:
    _fit(client, world)
    with session_scope(world.app) as db:
        run_id = db.scalars(select(Run.id)).one()
    login(client, world.other_coach["name"])
    assert client.get(f"/coach/candidates/{world.candidate}/runs/{run_id}").status_code == 404
    # coach B's own candidate, but a run without them and an organisation B does not work for
    assert client.get(f"/coach/candidates/{world.other_candidate}/runs/{run_id}").status_code == 404
    response = post_form(client, f"/coach/candidates/{world.other_candidate}/carve/{world.organisation}",
                         {}, form_page="/coach/candidates/new")
    assert response.status_code == 404


def _solver_and_other(world: World) -> tuple[int | None, int]:
    with session_scope(world.app) as db:
        run = db.scalars(select(Run).where(Run.kind == "match")).one()
        matched = {m["role_id"] for m in run.report["matches"] if m["candidate_id"] == "K001"}
        fns = db.scalars(select(Function).where(Function.run_id == run.id)).all()
        solver = next((f.id for f in fns if f.role_id in matched), None)
        other = next(f.id for f in fns if f.role_id not in matched)
        return solver, other


def test_override_needs_a_reason_and_is_recorded(client, world: World) -> None:
    _fit(client, world)
    _, other = _solver_and_other(world)
    path = f"/coach/candidates/{world.candidate}/propose/{other}"
    page = _post(client, path, {"function_id": other}).get_data(as_text=True)
    assert "invoerfout" in page and "Geef een reden" in page
    with session_scope(world.app) as db:
        assert db.scalars(select(MatchProposal)).first() is None
    response = _post(client, path, {"function_id": other,
                                        "override_reason": "Wil graag in deze ploeg werken"})
    assert response.status_code == 302
    with session_scope(world.app) as db:
        proposal = db.scalars(select(MatchProposal)).one()
        assert proposal.override_reason == "Wil graag in deze ploeg werken"
        event = db.scalars(select(AuditEvent).where(AuditEvent.action == "candidate.propose")).one()
        assert event.detail["override"] is True


def test_accept_becomes_a_placement_seen_by_consultant_without_the_name(client, world: World) -> None:
    _fit(client, world)
    solver, other = _solver_and_other(world)
    fid = solver or other
    data = {"function_id": fid} if solver else {"function_id": fid, "override_reason": "past goed"}
    response = _post(client, f"/coach/candidates/{world.candidate}/propose/{fid}", data)
    answer_path = response.location
    page = _post(client, answer_path, {"answer": "decline"}).get_data(as_text=True)
    assert "Schrijf op waarom" in page  # a decline needs the person's reason
    page = _post(client, answer_path, {"answer": "accept", "hours": "17"}).get_data(as_text=True)
    assert "startdatum" in page.lower() and "invoerfout" in page
    response = _post(client, answer_path, {"answer": "accept", "start_date": "2027-02-01",
                                               "hours": "17", "reason": "Ik wil dit graag"})
    assert response.status_code == 302
    with session_scope(world.app) as db:
        proposal = db.scalars(select(MatchProposal)).one()
        placement = db.scalars(select(Placement)).one()
        assert proposal.answer == "accept" and proposal.answer_reason == "Ik wil dit graag"
        assert (placement.hours, placement.start_date.isoformat()) == (17.0, "2027-02-01")
        assert placement.organisation_id == world.organisation
        fname = db.get(Function, fid).name
    # the candidate page names the function and the organisation (issue 13)
    assert str(escape(f"{fname} bij Bouwbedrijf Van Dijk: start 2027-02-01")) in \
        client.get(f"/coach/candidates/{world.candidate}").get_data(as_text=True)
    login(client, world.consultant["name"])
    page = client.get(f"/coach/organisations/{world.organisation}/placements").get_data(as_text=True)
    assert "K001" in page and "2027-02-01" in page and OWN_NAME not in page
    # the other coach does not see it (not their candidate, not their organisation)
    login(client, world.other_coach["name"])
    assert client.get(f"/coach/organisations/{world.organisation}/placements").status_code == 404
    assert client.get(re.sub(r"\?.*", "", answer_path)).status_code == 404


def test_a_rejected_answer_is_never_shown_as_a_proposal(client, world: World) -> None:
    """A run the evaluator rejected shows the rejection, not its matches or functions."""
    from taskmodels.messages import msg

    _fit(client, world)
    with session_scope(world.app) as db:
        run = db.scalars(select(Run).where(Run.kind == "match")).one()
        run.state = "failed"
        run.error_reason = msg("web.runs.rejected_reason", problems=["test"]).model_dump_json()
        roles = [r["role_id"] for r in run.report["roles"]]
    page = client.get(f"/coach/candidates/{world.candidate}/fit").get_data(as_text=True)
    assert "controle keurde de uitkomst af" in page
    assert "Regels die hielpen" not in page and f"{roles[0]}: past" not in page
    assert "toch voorstellen" not in page


# --- the list of every fitting function (issue 13, no solve) ------------------------------

def _structural(world: World) -> tuple[list[int], dict]:
    """A done redesign run of the organisation; the fit of K007 on it, as the api gives it."""
    from matcher import api
    from tests.web.coach.seed import add_redesign, bundled_pool

    ids = add_redesign(world.app, world.organisation, world.version)
    with session_scope(world.app) as db:
        run = db.get(Function, ids[0]).run
        from web.models import InventoryVersion

        inventory = db.get(InventoryVersion, run.inventory_version_id).inventory()
        report = run.report
    pool = bundled_pool()
    one = api.CandidatePool(candidates=(pool.by_id()["K007"],),
                            ratings=tuple(r for r in pool.ratings if r.candidate_id == "K007"))
    return ids, api.candidate_fits(inventory, one, "K007", report).model_dump(mode="json")


def _k007(world: World) -> int:
    from tests.web.coach.seed import add_candidate

    return add_candidate(world.app, world.coach["id"], "K007")


def test_fit_page_lists_every_fitting_function_and_the_borderline_ones_apart(client, world: World) -> None:
    ids, expected = _structural(world)
    cid = _k007(world)
    assert len(expected["fits"]) >= 2 and expected["borderline"], "K007 must fit several, some borderline"
    login(client, world.coach["name"])
    with session_scope(world.app) as db:
        runs_before = db.scalars(select(Run.id)).all()
    page = client.get(f"/coach/candidates/{cid}/fit").get_data(as_text=True)
    with session_scope(world.app) as db:
        assert db.scalars(select(Run.id)).all() == runs_before  # listing solved nothing
    plain, border = page.split("Krap passend, alleen met steun")
    for m in expected["fits"]:
        assert f"{m['role_id']}: past (score" in plain
    for m in expected["borderline"]:
        assert f"{m['role_id']}: krap passend (score" in border
        assert f"{m['role_id']}: past (score" not in page
    b = expected["borderline"][0]
    assert "Krap passend op" in border and "Steun die het verschil overbrugt: ondersteuning op" in border
    # one radar, for the best fit; another function's radar on request
    best = expected["fits"][0]["role_id"]
    assert page.count("<svg") == 1 and f"Capaciteit tegenover de eisen van {best}" in page
    with session_scope(world.app) as db:
        fid = db.scalars(select(Function.id).where(Function.id.in_(ids),
                                                   Function.role_id == b["role_id"])).one()
    other = client.get(f"/coach/candidates/{cid}/fit?function={fid}").get_data(as_text=True)
    assert f"Capaciteit tegenover de eisen van {b['role_id']}" in other and other.count("<svg") == 1


def test_english_page_shows_english_support(client, world: World) -> None:
    _, expected = _structural(world)
    cid = _k007(world)
    login(client, world.coach["name"])
    post_form(client, "/language", {"lang": "en", "next": "/"}, form_page="/login")
    page = client.get(f"/coach/candidates/{cid}/fit").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Support that closes the gap: support on" in page
    assert "ondersteuning op" not in page and "Steun die" not in page
    assert f"{expected['borderline'][0]['role_id']}: borderline fit" in page


def test_proposing_a_listed_fit_needs_no_reason_and_keeps_its_explanation(client, world: World) -> None:
    ids, expected = _structural(world)
    cid = _k007(world)
    b = expected["borderline"][0]
    with session_scope(world.app) as db:
        fid = db.scalars(select(Function.id).where(Function.id.in_(ids),
                                                   Function.role_id == b["role_id"])).one()
    login(client, world.coach["name"])
    response = _post(client, f"/coach/candidates/{cid}/propose/{fid}", {"function_id": fid})
    assert response.status_code == 302
    with session_scope(world.app) as db:
        proposal = db.scalars(select(MatchProposal)).one()
        assert proposal.override_reason is None
        assert proposal.explanation["borderline"] == b["borderline"]
        assert proposal.explanation["support_codes"][0]["code"] == "fit.support"


def test_nothing_fits_shows_the_development_path(client, world: World) -> None:
    from tests.web.coach.seed import add_candidate, add_redesign

    add_redesign(world.app, world.organisation, world.version)
    cid = add_candidate(world.app, world.coach["id"], "K002", pseudonym="K902")
    login(client, world.coach["name"])
    page = client.get(f"/coach/candidates/{cid}/fit").get_data(as_text=True)
    assert "Geen functie past zonder steun." in page and "Nog geen passende functie" in page
    assert "Het dichtst bij:" in page


def test_fit_list_of_another_coachs_candidate_is_404(client, world: World) -> None:
    from tests.web.coach.conftest import OTHER_NAME

    _structural(world)
    login(client, world.coach["name"])
    response = client.get(f"/coach/candidates/{world.other_candidate}/fit")
    assert response.status_code == 404 and OTHER_NAME not in response.get_data(as_text=True)
    login(client, world.consultant["name"])  # not a coach: no fit page at all
    assert client.get(f"/coach/candidates/{world.candidate}/fit").status_code in (403, 404)


def test_propose_page_of_a_listed_borderline_fit_names_the_support(client, world: World) -> None:
    ids, expected = _structural(world)
    cid = _k007(world)
    b = expected["borderline"][0]
    with session_scope(world.app) as db:
        fid = db.scalars(select(Function.id).where(Function.id.in_(ids),
                                                   Function.role_id == b["role_id"])).one()
    login(client, world.coach["name"])
    page = client.get(f"/coach/candidates/{cid}/propose/{fid}").get_data(as_text=True)
    assert "Past volgens de regels" in page and "Krap passend op" in page
    assert "Steun die het verschil overbrugt: ondersteuning op" in page
    assert "override_reason" not in page  # no reason asked: the rules let the pair through


_FIT_SECTION = re.compile(r'<section class="fit[^"]*" id="fn-\d+">(.*?)</section>', re.S)


def test_each_rules_table_is_folded_behind_a_summary_with_its_count(client, world: World) -> None:
    """The rules table of every listed function sits in a closed ``<details>`` whose summary
    says what is inside and how many rules, in Dutch and in English; the function, its
    verdict and the borderline support stay outside the fold, above it."""
    _, expected = _structural(world)
    cid = _k007(world)
    listed = expected["fits"] + expected["borderline"]
    login(client, world.coach["name"])
    for lang, summary in (("nl", "Regels voor deze functie ({n})"),
                          ("en", "Rules for this function ({n})")):
        if lang == "en":
            post_form(client, "/language", {"lang": "en", "next": "/"}, form_page="/login")
        page = client.get(f"/coach/candidates/{cid}/fit").get_data(as_text=True)
        sections = _FIT_SECTION.findall(page)
        assert len(sections) == len(listed)
        for m, section in zip(listed, sections, strict=True):
            outside, fold = section.split('<details class="fit-rules">')
            fold, after = fold.split("</details>")
            n = len(m["explanation"]["rules"])
            assert fold.lstrip().startswith(f"<summary>{summary.format(n=n)}</summary>")
            caption = text("web.coach.fit.rules_caption_of", lang, function=m["role_id"])
            assert fold.count('<tr><th scope="row">') == n and f"<caption>{caption}</caption>" in fold
            assert caption not in outside + after  # the rules table is the folded one
            assert f"{m['role_id']}: " in outside and "<h4>" in outside  # heading above it
            if m["borderline"]:
                support = "Steun die het verschil" if lang == "nl" else "Support that closes"
                assert support in outside
        assert "<details open" not in page and 'class="fit-rules" open' not in page


def test_a_function_the_consultant_removed_is_offered_to_nobody(client, world: World) -> None:
    """The coach's pages read the proposal as it stands: after a consultant removes a
    function, the fit page no longer lists it and nobody can be proposed for it (a link
    shown before tells why, and nothing is written)."""
    ids, expected = _structural(world)
    cid = _k007(world)
    gone = expected["fits"][0]["role_id"]
    with session_scope(world.app) as db:
        run_id = db.get(Function, ids[0]).run_id
        fid = db.scalars(select(Function.id).where(Function.id.in_(ids),
                                                   Function.role_id == gone)).one()
    login(client, world.coach["name"])
    assert f"{gone}: past (score" in client.get(f"/coach/candidates/{cid}/fit").get_data(as_text=True)
    login(client, world.consultant["name"])
    url = f"/consultant/organisations/{world.organisation}/runs/{run_id}/edit"
    version = re.search(r'name="remove-version" type="hidden" value="([^"]*)"',
                        client.get(url).get_data(as_text=True))
    assert version is not None
    assert post_form(client, url, {"remove-action": "remove", "remove-role_id": gone,
                                   "remove-version": version.group(1)}).status_code == 302
    login(client, world.coach["name"])
    page = client.get(f"/coach/candidates/{cid}/fit").get_data(as_text=True)
    assert f"{gone}: past (score" not in page
    for m in expected["fits"][1:]:
        assert f"{m['role_id']}: past (score" in page
    url = f"/coach/candidates/{cid}/propose/{fid}"
    opened = client.get(url)
    assert opened.status_code == 302
    told = client.get(opened.headers["Location"]).get_data(as_text=True)
    assert f"De functie {gone} staat niet meer in het voorstel" in told
    # a form opened before the edit and sent after it: refused the same way
    sent = post_form(client, url, {"function_id": fid, "version": "0"},
                     form_page=f"/coach/candidates/{cid}/fit")
    assert sent.status_code == 302 and sent.headers["Location"] == opened.headers["Location"]
    with session_scope(world.app) as db:
        assert db.scalars(select(MatchProposal)).first() is None
