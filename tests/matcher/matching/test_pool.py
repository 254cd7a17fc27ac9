"""Pool-aware functiecreatie: structural functions the pool can fill, checked twice."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from matcher.carving.pipeline import run_carve
from matcher.checks.match import evaluate as evaluate_match
from matcher.checks.redesign import evaluate as evaluate_redesign
from matcher.matching.pipeline import run_match
from matcher.matching.pool import design_and_match
from matcher.policy import Policy
from matcher.redesign.pipeline import run_redesign
from matcher.results import SolveOptions
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.examples import candidates_path, example_path
from taskmodels.models import Candidate, CandidatePool, Inventory, Role, Task
from taskmodels.reading import read_candidates, read_inventory
from tests.matcher.strategies import inventories

FAST = SolveOptions(time_limit=3.0, workers=1)
TINY = SolveOptions(time_limit=1.0, workers=1)
ABLE = {d: 4.0 for d in DIMENSION_IDS}


def role() -> Role:
    return Role(role="Verpleegkundige", department="Afdeling A", headcount=5, contract_hours=32,
                hourly_cost=40, level=4)


def task(tid: str, hours: float, **kw) -> Task:
    base = dict(task_id=tid, task=f"taak {tid}", role="Verpleegkundige", hours_per_week=hours,
                level=1, separable=True, department="Afdeling A", demands={})
    base.update(kw)
    return Task(**base)


def person(cid: str, **kw) -> Candidate:
    base = dict(candidate_id=cid, max_hours=36, capacities=ABLE)
    base.update(kw)
    return Candidate(**base)


def inv(*tasks: Task) -> Inventory:
    return Inventory(organisation="test", roles=(role(),), tasks=tasks)


def checked(inventory: Inventory, pool: CandidatePool, result) -> None:
    """Both independent evaluators accept the answer (generic policy; every match)."""
    policy = Policy()
    redesign = evaluate_redesign(inventory, policy, result.functions)
    assert redesign.feasible, redesign.violations
    pool = pool.with_ratings_from(inventory.ratings)
    pairs = [(m.candidate_id, m.role_id) for m in result.match.matches]
    match = evaluate_match(pairs, list(pool.candidates), result.match.profiles, result.functions,
                           policy, False, tasks=inventory.task_by_id())
    assert match.ok, match.problems
    assert match.placed == result.placed


def test_functions_are_sized_for_the_people_there() -> None:
    # 32 h of one task: redesign makes one 32-hour function nobody here can take;
    # pool-aware design cuts it into two 16-hour functions, one per person.
    inventory = inv(task("T1", 32))
    pool = CandidatePool(candidates=(person("K1", max_hours=16), person("K2", max_hours=16)))
    functions = run_redesign(inventory, Policy(), FAST).functions
    assert len(run_match(inventory, pool, functions, Policy(), FAST).matches) == 0
    result = design_and_match(inventory, pool, Policy(), FAST)
    checked(inventory, pool, result)
    assert result.placed == 2
    assert sorted(f.hours for f in result.functions) == [16.0, 16.0]
    assert result.placed_bound == 2 and result.placed_gap == 0.0


def test_generic_ceilings_still_hold() -> None:
    # Pace 4 is above the target-group ceiling 3: not carve-able for a structural
    # function, even for a person who could do it (person-first carving could).
    inventory = inv(task("T1", 20, demands={"pace": 4}))
    pool = CandidatePool(candidates=(person("K1", capacities={d: 5.0 for d in DIMENSION_IDS}),))
    result = design_and_match(inventory, pool, Policy(), FAST)
    assert result.functions == [] and result.placed == 0
    assert run_carve(inventory, pool, Policy(), FAST).placed == 1


def test_leftover_hours_still_form_structural_functions() -> None:
    # One person wants 12 h; the other 24 h of the task stay carve-able work and
    # become an unfilled structural function.
    inventory = inv(task("T1", 36))
    pool = CandidatePool(candidates=(person("K1", max_hours=12),))
    result = design_and_match(inventory, pool, Policy(), FAST)
    checked(inventory, pool, result)
    assert result.placed == 1
    assert result.impact.carved_hours == 36.0
    report = result.to_report()
    assert len(report["roles"]) >= 2  # the person's function and unfilled ones
    assert [r["placed_candidate"] for r in report["roles"]].count("K1") == 1
    # Only K1 fits any of them (12-hour functions): each is visibly fragile.
    assert all(r["fitting_candidates"] == ["K1"] and r["fragile"] for r in report["roles"])


def test_completeness_counts_who_could_not_be_considered() -> None:
    inventory = inv(task("T1", 20, time_of_day="night"), task("T2", 20, time_of_day="night",
                                                                   task_id="T2"))
    pool = CandidatePool(candidates=(
        person("K1", night_ok=True),                    # considered
        person("K2", capacities={}),                    # no capacity data
        person("K3", max_hours=16, productivity=0.7),   # 11.2 h: below a 12-hour function
        person("K4", night_ok=False),                   # every task is night work
    ))
    result = design_and_match(inventory, pool, Policy(), FAST)
    c = result.to_report()["completeness"]
    assert c["candidates"] == 4 and c["considered"] == 1
    assert c["no_capacity_data"] == 1 and c["no_hours_window"] == 1
    assert c["blocked_by_one_condition"] == {"night": 1}
    assert c["not_considered"] == 3
    first = result.summary().splitlines()[0]
    assert first.startswith("Kandidaten: 4, waarvan 1 meegenomen")
    assert result.summary("en").splitlines()[0].startswith("Candidates: 4, of whom 1 considered")


def test_a_function_only_one_person_fits_is_reported_fragile() -> None:
    inventory = inv(task("T1", 20, time_of_day="night"), task("T2", 20, task_id="T2"))
    pool = CandidatePool(candidates=(
        person("K1", night_ok=True, max_hours=20), person("K2", night_ok=False, max_hours=20),
        person("K3", night_ok=False, max_hours=20)))
    result = design_and_match(inventory, pool, Policy(), FAST)
    checked(inventory, pool, result)
    roles = {r["role_id"]: r for r in result.to_report()["roles"]}
    night = [rid for rid, r in roles.items() if r["time_of_day"] == "night"]
    assert night and all(roles[rid]["fitting_candidates"] == ["K1"] for rid in night)
    fragile = sorted(rid for rid, r in roles.items() if r["fragile"])
    assert fragile == sorted(rid for rid, r in roles.items() if r["fitting_count"] == 1)
    assert set(night) <= set(fragile)
    lines = [x for x in result.summary().splitlines() if x.startswith("Kwetsbaar")]
    assert lines == [f"Kwetsbaar (maar één persoon in de pool past): {', '.join(fragile)}"]


@pytest.mark.parametrize("name", ["bouwbedrijf_van_dijk"])
def test_bundled_example_passes_both_evaluators_and_beats_the_chain(name: str) -> None:
    inventory = read_inventory(example_path(name))
    pool = read_candidates(candidates_path())
    options = SolveOptions(time_limit=5.0, workers=2)
    result = design_and_match(inventory, pool, Policy(), options)
    checked(inventory, pool, result)
    chain = result.baseline["placed"]
    assert result.placed >= 2 * max(chain, 1)
    report = result.to_report()
    assert report["solver"]["placed_bound"] >= result.placed
    for entry in report["roles"]:
        placed = entry["placed_candidate"]
        assert placed is None or placed in entry["fitting_candidates"]
        assert entry["fitting_count"] == len(entry["fitting_candidates"])
    assert "display_name" not in str(report)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(inventories(with_candidates=True))
def test_pool_aware_never_places_fewer_than_the_chain_and_carve_never_fewer(
        inventory: Inventory) -> None:
    pool = CandidatePool(candidates=inventory.candidates)
    inventory = inventory.model_copy(update={"candidates": ()})
    functions = run_redesign(inventory, Policy(), TINY).functions
    chain = run_match(inventory, pool, functions, Policy(), TINY)
    result = design_and_match(inventory, pool, Policy(), TINY, seed=(functions, chain))
    checked(inventory, pool, result)
    assert result.placed >= len(chain.matches)
    carved = run_carve(inventory, pool, Policy(), TINY, seed=(result.functions, result.match))
    assert carved.placed >= result.placed
