"""The caseload: scope, completeness, create, edit and import (all or nothing)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from sqlalchemy import func, select

from tests.web.coach.conftest import OTHER_NAME, OWN_NAME, World
from tests.web.coach.seed import EXAMPLES
from tests.web.helpers import csrf_token, login, post_form
from web.db import session_scope
from web.models import AuditEvent, Candidate, Rating

CANDIDATE_FORM = {
    "pseudonym": "K900", "display_name": "Cor Verzonnen", "min_hours": "12", "max_hours": "24",
    "productivity": "80", "level": "2", "max_lifting_kg": "10", "evening_ok": "y",
    "weekend_ok": "y", "customer_contact_ok": "y", "prefers": "Werkplaats; Kantine",
    "avoids": "T01",
}


def _count(world: World, model: type) -> int:
    with session_scope(world.app) as db:
        return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_caseload_shows_only_own_candidates_with_completeness(client, world: World) -> None:
    login(client, world.coach["name"])
    page = client.get("/coach/").get_data(as_text=True)
    assert "K001" in page and OWN_NAME in page
    assert "K002" not in page and OTHER_NAME not in page
    # K001 has monitor answers on every dimension: nothing missing
    assert "Volledig" in page


def test_caseload_names_missing_dimensions(client, world: World) -> None:
    from tests.web.coach.seed import add_candidate

    add_candidate(world.app, world.coach["id"], "K003", pseudonym="K777", with_ratings=False)
    login(client, world.coach["name"])
    page = client.get("/coach/").get_data(as_text=True)
    with session_scope(world.app) as db:
        caps = db.scalars(select(Candidate.capacities).where(Candidate.pseudonym == "K777")).one()
    expected_missing = 13 - len(caps)
    if expected_missing:
        assert f"{expected_missing} dimensies zonder meting" in page
    else:  # K003 carries explicit capacities on every dimension: then it is complete
        assert page.count("Volledig") == 2


@pytest.mark.parametrize("path", ["", "/edit", "/monitor", "/monitor/1/self", "/profile", "/fit"])
def test_other_coachs_candidate_is_404_and_never_shown(client, world: World, path: str) -> None:
    login(client, world.coach["name"])
    response = client.get(f"/coach/candidates/{world.other_candidate}{path}")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "K002" not in body and OTHER_NAME not in body


@pytest.mark.parametrize("who", ["consultant", "advisor"])
def test_other_roles_are_refused_the_coach_pages(client, world: World, who: str) -> None:
    login(client, getattr(world, who)["name"])
    for path in ("/coach/", f"/coach/candidates/{world.candidate}", "/coach/import"):
        assert client.get(path).status_code == 403


def test_not_logged_in_goes_to_login(client, world: World) -> None:
    response = client.get(f"/coach/candidates/{world.candidate}")
    assert response.status_code == 302 and "/login" in response.location


def test_create_candidate_and_audit(client, world: World) -> None:
    login(client, world.coach["name"])
    response = post_form(client, "/coach/candidates/new", CANDIDATE_FORM)
    assert response.status_code == 302
    with session_scope(world.app) as db:
        row = db.scalars(select(Candidate).where(Candidate.pseudonym == "K900")).one()
        assert (row.coach_id, row.min_hours, row.max_hours) == (world.coach["id"], 12, 24)
        assert row.productivity == pytest.approx(0.8) and not row.night_ok and row.evening_ok
        assert row.prefers == ["Werkplaats", "Kantine"] and row.avoids == ["T01"]
        actions = db.scalars(select(AuditEvent.action)
                             .where(AuditEvent.candidate_pseudonym == "K900")).all()
        assert "candidate.create" in actions


def test_create_with_errors_shows_summary_and_keeps_answers(client, world: World) -> None:
    login(client, world.coach["name"])
    bad = {**CANDIDATE_FORM, "min_hours": "30", "max_hours": "20", "level": "9", "pseudonym": "K001"}
    response = post_form(client, "/coach/candidates/new", bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>2 invoerfout" in page  # the window and the level
    assert 'class="error-summary"' in page and 'href="#max_hours"' in page
    assert 'aria-invalid="true"' in page and 'value="Cor Verzonnen"' in page
    assert _count(world, Candidate) == 2


def test_taken_pseudonym_is_refused(client, world: World) -> None:
    login(client, world.coach["name"])
    page = post_form(client, "/coach/candidates/new", {**CANDIDATE_FORM, "pseudonym": "K002"}
                     ).get_data(as_text=True)
    assert "al in gebruik" in page and _count(world, Candidate) == 2
    assert OTHER_NAME not in page


def test_edit_own_candidate(client, world: World) -> None:
    login(client, world.coach["name"])
    path = f"/coach/candidates/{world.candidate}/edit"
    form = client.get(path).get_data(as_text=True)
    assert f'value="{OWN_NAME}"' in form
    version = re.search(r'name="version" type="hidden" value="(\d+)"', form)
    assert version, "the edit form carries the row's version (web.concurrency)"
    response = post_form(client, path, {**CANDIDATE_FORM, "pseudonym": "K001", "max_hours": "30",
                                        "version": version.group(1)})
    assert response.status_code == 302
    with session_scope(world.app) as db:
        assert db.get(Candidate, world.candidate).max_hours == 30  # type: ignore[union-attr]


def test_edit_other_coachs_candidate_changes_nothing(client, world: World) -> None:
    login(client, world.coach["name"])
    token = csrf_token(client, "/coach/candidates/new")
    response = client.post(f"/coach/candidates/{world.other_candidate}/edit",
                           data={**CANDIDATE_FORM, "pseudonym": "K002", "csrf_token": token})
    assert response.status_code == 404
    with session_scope(world.app) as db:
        assert db.get(Candidate, world.other_candidate).display_name == OTHER_NAME  # type: ignore[union-attr]


def _zip(files: dict[str, str]) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    buf.seek(0)
    return buf


def _upload(client, data: io.BytesIO, name: str):
    token = csrf_token(client, "/coach/import")
    return client.post("/coach/import", data={"csrf_token": token, "file": (data, name)},
                       content_type="multipart/form-data")


def test_import_good_file_stores_candidates_and_ratings(client, world: World) -> None:
    login(client, world.coach["name"])
    header = (EXAMPLES / "kandidaten" / "candidates.csv").read_text().splitlines()[0]
    cands = header + "\nN001,24,12,0.8,2,15,yes,no,yes,yes,,,,,,,,,,,,,,,\n"
    ratings = "candidate_id,wave,rater,item,score\nN001,1,self,PAC1,3\nN001,1,mentor,PAC1,2\n"
    response = _upload(client, _zip({"candidates.csv": cands, "ratings.csv": ratings}), "pool.zip")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with session_scope(world.app) as db:
        row = db.scalars(select(Candidate).where(Candidate.pseudonym == "N001")).one()
        assert row.coach_id == world.coach["id"]
        assert db.scalar(select(func.count()).select_from(Rating)
                         .where(Rating.candidate_id == row.id)) == 2


def test_import_bad_file_lists_every_problem_and_stores_nothing(client, world: World) -> None:
    login(client, world.coach["name"])
    header = (EXAMPLES / "kandidaten" / "candidates.csv").read_text().splitlines()[0]
    cands = (header + "\nN001,24,12,0.8,2,15,yes,no,yes,yes,,,,,,,,,,,,,,,"
             "\nN002,twintig,0,1.5,2,15,yes,no,yes,yes,,,,,,,,,,,,,,,\n")
    ratings = "candidate_id,wave,rater,item,score\nN001,1,self,PAC1,9\n"
    before = (_count(world, Candidate), _count(world, Rating))
    response = _upload(client, _zip({"candidates.csv": cands, "ratings.csv": ratings}), "pool.zip")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="error-summary"' in page and "Er is niets opgeslagen" in page
    assert "max_hours" in page and "productivity" in page and "score" in page
    assert page.count('<tr id="problem-') >= 3
    # The same table as the consultant's upload (one macro, one set of headings).
    assert '<h2 id="problems">Alle problemen</h2>' in page
    assert '<th scope="col">Bestand</th><th scope="col">Blad</th>' in page
    assert (_count(world, Candidate), _count(world, Rating)) == before


def test_import_of_a_pseudonym_in_use_stores_nothing(client, world: World) -> None:
    login(client, world.coach["name"])
    header = (EXAMPLES / "kandidaten" / "candidates.csv").read_text().splitlines()[0]
    cands = header + "\nK002,24,12,0.8,2,15,yes,no,yes,yes,,,,,,,,,,,,,,,\n"
    response = _upload(client, io.BytesIO(cands.encode()), "candidates.csv")
    page = response.get_data(as_text=True)
    assert "al in gebruik" in page and OTHER_NAME not in page
    assert _count(world, Candidate) == 2


def test_import_without_file_is_a_form_error(client, world: World) -> None:
    login(client, world.coach["name"])
    page = post_form(client, "/coach/import", {}).get_data(as_text=True)
    assert "Kies een bestand" in page and "invoerfout" in page
