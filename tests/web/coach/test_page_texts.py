"""The coach's pages say things in words (issue 13): rule labels, web texts, names, hours."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from sqlalchemy import select

from taskmodels.messages import text
from tests.web.coach.conftest import World
from tests.web.coach.test_fit import _k007, _post, _structural
from tests.web.helpers import login, post_form
from web.db import session_scope
from web.models import Function, Placement

RAW_RULES = ("base", "margin", "hours", "borderline", "low_confidence", "preference", "boredom")


def _english(client) -> None:
    post_form(client, "/language", {"lang": "en", "next": "/"}, form_page="/login")


@contextmanager
def _speaking(lang: str) -> Iterator[None]:
    """Render in ``lang`` inside a request context, as the language switch would."""
    from flask import session
    from flask_babel import refresh

    from web.i18n import SESSION_KEY

    session[SESSION_KEY] = lang
    refresh()
    yield


def _row_headers(page: str) -> set[str]:
    return set(re.findall(r'<th scope="row">([^<]*)</th>', page))


def test_fit_rules_table_shows_labels_not_codes_in_dutch_and_english(client, world: World) -> None:
    _structural(world)
    cid = _k007(world)
    login(client, world.coach["name"])
    page = client.get(f"/coach/candidates/{cid}/fit").get_data(as_text=True)
    rows = _row_headers(page)
    assert "Basisscore" in rows and "Urengebruik" in rows
    assert not rows & set(RAW_RULES)
    _english(client)
    rows = _row_headers(client.get(f"/coach/candidates/{cid}/fit").get_data(as_text=True))
    assert "Base score" in rows and "Use of the hours" in rows
    assert not rows & set(RAW_RULES)


def test_a_blocking_rule_is_named_as_the_development_reasons_name_it(app: Flask) -> None:
    from web.coach.blueprint import rulelabel

    with app.test_request_context():
        assert rulelabel({"rule": "evening", "contribution": None}) == "Avondwerk"
        assert rulelabel({"rule": "level", "contribution": None}) == "Het functieniveau"
        assert rulelabel({"rule": "no_capacity_data", "contribution": None}) == "Geen capaciteitsgegevens"
        assert rulelabel({"rule": "borderline", "contribution": -10.0}) == "Grensgeval"
    with app.test_request_context(), _speaking("en"):
        assert rulelabel({"rule": "evening", "contribution": None}) == "Evening work"
        assert rulelabel({"rule": "margin", "contribution": 2.0}) == "Room above the demand"


def test_borderline_blocker_reads_without_a_command_line_flag(app: Flask) -> None:
    """Nested in the nearest function's reason as on the page, in both languages."""
    from web.coach.blueprint import webreason
    from web.i18n import message

    blocked = {"code": "fit.borderline_blocked",
               "params": {"dimension": "dim.pace", "have": 2, "need": 3}}
    nearest = {"code": "develop.nearest", "params": {"role_id": "R1", "blockers": [blocked]}}
    with app.test_request_context():
        nl = message(webreason(nearest))
        assert "--allow-borderline" not in nl and "alleen met ondersteuning" in nl
        assert "werktempo 2 < vereist 3" in message(webreason(blocked))
    with app.test_request_context(), _speaking("en"):
        en = message(webreason(blocked))
        assert "--allow-borderline" not in en and "possible only with support" in en


def test_nothing_fits_names_the_nearest_function_once(client, world: World) -> None:
    from tests.web.coach.seed import add_candidate, add_redesign

    add_redesign(world.app, world.organisation, world.version)
    cid = add_candidate(world.app, world.coach["id"], "K002", pseudonym="K902")
    login(client, world.coach["name"])
    page = client.get(f"/coach/candidates/{cid}/fit").get_data(as_text=True)
    assert page.count("Het dichtst bij:") == 1
    assert "dichtstbijzijnde functie" not in page and "--allow-borderline" not in page
    _english(client)
    page = client.get(f"/coach/candidates/{cid}/fit").get_data(as_text=True)
    assert page.count("Closest:") == 1
    assert "nearest function" not in page and "--allow-borderline" not in page


def _propose_listed_fit(client, world: World) -> tuple[int, int, str]:
    """Propose K007 for a listed fit (no solve); the function gets a name of its own."""
    ids, expected = _structural(world)
    cid = _k007(world)
    m = expected["fits"][0]
    with session_scope(world.app) as db:
        fn = db.scalars(select(Function).where(Function.id.in_(ids),
                                               Function.role_id == m["role_id"])).one()
        fn.name = "Werkvoorbereider op maat"
        fid = fn.id
    login(client, world.coach["name"])
    response = _post(client, f"/coach/candidates/{cid}/propose/{fid}", {"function_id": fid})
    assert response.status_code == 302
    return cid, m["effective_hours"], response.location


def test_answer_form_prefills_hours_with_one_decimal_and_reads_a_dutch_comma(client, world: World) -> None:
    _, effective, answer_path = _propose_listed_fit(client, world)
    page = client.get(answer_path).get_data(as_text=True)
    field = re.search(r'<input[^>]*name="hours"[^>]*>', page)
    assert field is not None
    value = re.search(r'value="([^"]*)"', field.group(0))
    assert value is not None
    assert 'type="number"' in field.group(0)  # a number input's value is written with a point
    assert re.fullmatch(r"\d+(\.\d)?", value.group(1)), value.group(1)
    assert abs(float(value.group(1)) - effective) <= 0.05
    response = _post(client, answer_path, {"answer": "accept", "start_date": "2027-01-04",
                                           "hours": "20,5"})
    assert response.status_code == 302
    with session_scope(world.app) as db:
        assert db.scalars(select(Placement.hours)).one() == 20.5


def test_candidate_page_names_function_and_organisation(client, world: World) -> None:
    cid, _, answer_path = _propose_listed_fit(client, world)
    page = client.get(f"/coach/candidates/{cid}").get_data(as_text=True)
    assert "Werkvoorbereider op maat bij Bouwbedrijf Van Dijk" in page
    _post(client, answer_path, {"answer": "accept", "start_date": "2027-01-04", "hours": "20"})
    page = client.get(f"/coach/candidates/{cid}").get_data(as_text=True)
    assert ("Werkvoorbereider op maat bij Bouwbedrijf Van Dijk: start 2027-01-04, "
            "20,0 uur per week") in page
    _english(client)
    page = client.get(f"/coach/candidates/{cid}").get_data(as_text=True)
    assert "Werkvoorbereider op maat at Bouwbedrijf Van Dijk: starts 2027-01-04" in page
    assert re.search(r"Proposal \d+: Werkvoorbereider op maat at Bouwbedrijf Van Dijk", page)


def test_profile_outlook_label_is_not_printed_twice(client, world: World) -> None:
    login(client, world.coach["name"])
    page = client.get(f"/coach/candidates/{world.candidate}/profile").get_data(as_text=True)
    labels = ("verbetert", "stabiel", "gaat achteruit", "nog niet te zeggen")
    assert any(f"<td>{label}:" in page for label in labels)  # the reason is shown
    for label in labels:
        assert f"{label}: {label}:" not in page
    _english(client)
    page = client.get(f"/coach/candidates/{world.candidate}/profile").get_data(as_text=True)
    for label in ("improving", "stable", "declining", "not yet known"):
        assert f"{label}: {label}:" not in page


def test_caseload_says_entered_capacities_were_not_measured(client, world: World) -> None:
    from taskmodels.catalogue import DIMENSION_IDS
    from tests.web.coach.seed import add_candidate
    from web.models import Candidate

    cid = add_candidate(world.app, world.coach["id"], "K003", pseudonym="K777", with_ratings=False)
    with session_scope(world.app) as db:  # every capacity typed in, none measured
        db.get(Candidate, cid).capacities = {d: 3.0 for d in DIMENSION_IDS}
    login(client, world.coach["name"])
    page = client.get("/coach/").get_data(as_text=True)
    row = page[page.index("K777"):]
    row = row[:row.index("</tr>")]
    assert "capaciteiten ingevoerd (niet gemeten)" in row and "alle dimensies gemeten" not in row
    # the seeded candidate with monitor answers keeps "measured"
    own = page[page.index("K001"):]
    assert "capaciteiten ingevoerd (niet gemeten)" not in own[:own.index("</tr>")]
    assert "capaciteiten ingevoerd (niet gemeten)" in \
        client.get(f"/coach/candidates/{cid}").get_data(as_text=True)
    _english(client)
    page = client.get("/coach/").get_data(as_text=True)
    assert "capacities entered (not measured)" in page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_pool_runs_blocking_rules_read_as_labels(app: Flask, lang: str) -> None:
    """Every rule the completeness count can name, with or without a capacity, is a label."""
    from web.coach.pool import blocked_rules

    rules = {"night": 3, "lifting": 1, "dimension:pace": 2, "borderline:attention": 1,
             "missing_capacity:digital": 1, "level": 1, "hours": 1}
    report = {"completeness": {"blocked_by_one_condition": rules}}
    with app.test_request_context(), _speaking(lang):
        rows = blocked_rules(report)
        unknown = text("web.coach.fit.rule_unknown", lang, rule="X").split("X")[0]
        assert sorted(n for _, n in rows) == sorted(rules.values())
        assert rows[0][1] == 3  # most first
        for label, _ in rows:
            assert label and ":" not in label.split(": ")[0] and "_" not in label
            assert not label.startswith(unknown)
        labels = {label for label, _ in rows}
        assert text("dim.pace", lang) in labels  # a capacity by its own name
        assert any(label.endswith(": " + text("dim.attention", lang)) for label in labels)
