"""Every report kind round-trips through JSON and carries the FORMATS.md section 4 keys."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher import api
from matcher.reports import load_report
from tests.matcher.strategies import candidate_pools, inventories

FAST = api.SolveOptions(time_limit=1, workers=1)
TOP = {"organisation", "policy", "tasks", "roles", "matches", "unmatched", "impact", "solver"}
ROLE = {"role_id", "department", "time_of_day", "hours_per_week", "tasks", "demands",
        "lifting_kg", "evening", "night", "weekend", "customer_contact", "candidate_id"}
MATCH = {"candidate_id", "role_id", "effective_hours", "score", "borderline", "explanation"}
IMPACT = {"carved_hours", "jobs_agreement_jobs", "annual_saving_eur", "freed_hours_by_role"}
SOLVER = {"status", "objective", "bound", "seconds"}
SLOW = settings(max_examples=8, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def round_trips(report: api.Report) -> dict:
    """The report's JSON, after checking it loads back equal (by its own type and by shape)."""
    text = report.model_dump_json()
    assert type(report).model_validate_json(text) == report
    assert load_report(text) == report
    data = report.model_dump(mode="json")
    assert json.loads(text) == data
    return data


def has_contract_keys(data: dict) -> None:
    assert TOP <= set(data)
    assert IMPACT <= set(data["impact"]) and SOLVER <= set(data["solver"])
    for role in data["roles"]:
        assert ROLE <= set(role)
        assert set(role["demands"]) == set(data["roles"][0]["demands"])
    for match in data["matches"]:
        assert MATCH <= set(match)
    for person in data["unmatched"]:
        assert {"candidate_id", "reasons"} <= set(person)
        assert all(isinstance(r, str) for r in person["reasons"])
    for task in data["tasks"]:
        assert {"task_id", "carveable", "reasons"} <= set(task)


@SLOW
@given(inventories(max_tasks=8))
def test_redesign_report_round_trips(inventory) -> None:
    data = round_trips(api.redesign(inventory, options=FAST))
    has_contract_keys(data)
    assert data["matches"] == [] and data["unmatched"] == []


@SLOW
@given(inventories(max_tasks=8), candidate_pools(min_size=1, max_size=4))
def test_match_report_round_trips(inventory, pool) -> None:
    report = api.match(inventory, pool, options=FAST)
    data = round_trips(report)
    has_contract_keys(data)
    people = {m["candidate_id"] for m in data["matches"]} | {u["candidate_id"]
                                                             for u in data["unmatched"]}
    assert people == {c.candidate_id for c in pool.candidates}


@SLOW
@given(inventories(max_tasks=8), candidate_pools(min_size=1, max_size=4))
def test_carve_report_round_trips(inventory, pool) -> None:
    data = round_trips(api.carve(inventory, pool, options=FAST))
    has_contract_keys(data)
    assert all(role["candidate_id"] for role in data["roles"])


@SLOW
@given(st.lists(inventories(max_tasks=6), min_size=1, max_size=3),
       candidate_pools(min_size=1, max_size=4))
def test_regional_report_round_trips(found, pool) -> None:
    employers = [inv.model_copy(update={"organisation": f"werkgever-{k}"})
                 for k, inv in enumerate(found)]
    data = round_trips(api.regional(employers, pool, options=FAST))
    assert {"employers", "matches", "unmatched", "solver"} <= set(data)
    assert [e["organisation"] for e in data["employers"]] == [e.organisation for e in employers]
    for match in data["matches"]:
        assert MATCH | {"employer"} <= set(match)
    placed = [m["candidate_id"] for m in data["matches"]]
    assert len(placed) == len(set(placed))
