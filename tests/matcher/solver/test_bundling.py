"""Bundling into new functions: one test per rule, solver against the evaluator.

Each rule test builds an inventory where the obvious bundling would break the rule,
and checks that the proposal never does, and that the hours it does carve are the
hand-computed optimum.
"""

from __future__ import annotations

from matcher.checks.redesign import evaluate
from matcher.policy import Policy
from matcher.redesign.carveable import carve_units, decide
from matcher.redesign.greedy import first_fit
from matcher.redesign.pipeline import RedesignResult, run_redesign
from matcher.redesign.splitting import assignment_terms, lexicographic_weights, subproblems
from matcher.results import SolveOptions
from matcher.solver.bundling import solve_bundling
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import Inventory, Role, Task
from tests.matcher.builders import task

FAST = SolveOptions(time_limit=3.0, workers=1, seed=1)
ROLES = (
    Role(role="Verpleegkundige", department="Afdeling A", headcount=10, contract_hours=32,
         hourly_cost=45, level=4),
    Role(role="Assistent", department="Afdeling A", headcount=4, contract_hours=24,
         hourly_cost=25, level=3),
    Role(role="Kok", department="Keuken", headcount=2, contract_hours=36, hourly_cost=30, level=3),
)




def redesign(*tasks: Task, policy: Policy | None = None) -> tuple[Inventory, RedesignResult]:
    policy = policy or Policy()
    inv = Inventory(organisation="o", roles=ROLES, tasks=tasks)
    result = run_redesign(inv, policy, FAST)
    check = evaluate(inv, policy, result.functions)
    assert check.feasible, check.violations
    w = result.weights
    assert check.objective(w.hours, w.saving, w.access) == result.solver.objective
    return inv, result


def carved(result: RedesignResult) -> float:
    return round(sum(fn.hours for fn in result.functions), 2)


def test_too_few_hours_make_no_function():
    _, result = redesign(task("T1", 6), task("T2", 5.5))
    assert result.functions == []
    assert result.to_report()["tasks"][0]["reason_rules"][-1] == "too_little_work"


def test_function_never_exceeds_max_hours():
    # Two unsplittable groups of 20 h: together 40 h, above 36; each is a function.
    _, result = redesign(task("T1", 10, keep_with=("T2",)), task("T2", 10),
                         task("T3", 10, keep_with=("T4",)), task("T4", 10))
    assert sorted(fn.hours for fn in result.functions) == [20, 20]


def test_function_holds_one_department():
    _, result = redesign(task("T1", 8), task("K1", 8, role="Kok"))
    assert result.functions == []  # 16 h exist, but 8 h per department


def test_function_holds_one_time_of_day():
    _, result = redesign(task("T1", 8), task("T2", 8, time_of_day="evening"))
    assert result.functions == []


def test_at_most_eight_tasks_and_better_than_first_fit():
    # Nine 3 h tasks (too small to split): first fit fills one function with eight
    # and strands the ninth; the optimum is two functions (15 h + 12 h).
    tasks = tuple(task(f"T{k}", 3) for k in range(1, 10))
    inv, result = redesign(*tasks)
    assert all(len(fn.task_ids) <= 8 for fn in result.functions)
    assert carved(result) == 27
    (sub,) = subproblems(carve_units(inv, decide(inv)), inv, Policy())
    assert assignment_terms(sub, first_fit(sub))[0] == 2400


def test_task_limit_comes_from_policy():
    tasks = tuple(task(f"T{k}", 3) for k in range(1, 10))
    _, result = redesign(*tasks, policy=Policy(max_tasks_per_function=4))
    assert all(len(fn.task_ids) <= 4 for fn in result.functions)
    assert carved(result) == 24  # two functions of four tasks; the ninth is left


def test_large_task_is_split_in_whole_hours_of_at_least_two():
    _, result = redesign(task("T1", 30.5), task("T2", 10))
    assert carved(result) == 40.5
    parts = [p.hours for fn in result.functions for p in fn.parts if p.task_id == "T1"]
    assert len(parts) >= 2 and sum(parts) == 30.5
    assert all(h >= 2 for h in parts)
    assert sum(1 for h in parts if h != int(h)) == 1  # the half hour rides with one part


def test_small_task_is_never_split():
    tasks = (task("T1", 3.5), task("T2", 3.5), task("T3", 3.5), task("T4", 3.5))
    _, result = redesign(*tasks, policy=Policy(min_function_hours=10, max_function_hours=12))
    assert carved(result) == 10.5  # three whole tasks; splitting the fourth is not allowed
    assert all(p.hours == 3.5 for fn in result.functions for p in fn.parts)


def test_keep_with_group_goes_whole_and_together():
    _, result = redesign(task("T1", 5, keep_with=("T2",)), task("T2", 5), task("T3", 20),
                         policy=Policy(max_function_hours=16))
    holders = [fn for fn in result.functions if {"T1", "T2"} & set(fn.task_ids)]
    assert len(holders) == 1
    assert {p.task_id: p.hours for p in holders[0].parts if p.task_id in ("T1", "T2")} == {
        "T1": 5, "T2": 5}


def test_demand_profile_is_the_maximum_per_dimension():
    _, result = redesign(task("T1", 7, demands={"pace": 3, "social": 1}),
                         task("T2", 7, demands={"pace": 1, "social": 2}))
    (fn,) = result.functions
    expected = {d: 1 for d in DIMENSION_IDS} | {"pace": 3, "social": 2}
    assert fn.demands == expected


def test_saving_breaks_ties_in_hours():
    # A 9 h group fills a 12 h function with either 3 h task; the nurse's hour costs
    # 45 EUR and the assistant's 25, so the nurse's task goes.
    tasks = (task("G1", 3, keep_with=("G2", "G3")), task("G2", 3), task("G3", 3),
             task("N", 3), task("A", 3, role="Assistent"))
    _, result = redesign(*tasks, policy=Policy(min_function_hours=12, max_function_hours=12))
    (fn,) = result.functions
    assert "N" in fn.task_ids and "A" not in fn.task_ids


def test_accessibility_keeps_demanding_tasks_together():
    # Two 12 h functions either way; pairing the pace-3 tasks leaves one function at
    # pace 1, open to more people.
    tasks = (task("P1", 3, demands={"pace": 3}), task("Q1", 3), task("P2", 3, demands={"pace": 3}),
             task("Q2", 3), task("P3", 3, demands={"pace": 3}), task("Q3", 3),
             task("P4", 3, demands={"pace": 3}), task("Q4", 3))
    _, result = redesign(*tasks, policy=Policy(min_function_hours=12, max_function_hours=12))
    groups = sorted(sorted(fn.task_ids) for fn in result.functions)
    assert groups == [["P1", "P2", "P3", "P4"], ["Q1", "Q2", "Q3", "Q4"]]


def test_solver_terms_match_evaluator_on_direct_solve():
    tasks = (task("T1", 17.25), task("T2", 6, demands={"physical": 3}), task("T3", 2.5),
             task("T4", 9, role="Assistent"))
    inv = Inventory(organisation="o", roles=ROLES, tasks=tasks)
    (sub,) = subproblems(carve_units(inv, decide(inv)), inv, Policy())
    w = lexicographic_weights([sub])
    res = solve_bundling(sub, w, first_fit(sub), time_limit=3, workers=1)
    assert res.stats.status == "OPTIMAL"
    assert w.objective(*res.terms) == res.stats.objective
    assert res.terms[0] == sub.total_hours  # 34.75 h all fit one function


def test_hint_changes_speed_not_the_optimum():
    tasks = tuple(task(f"T{k}", h) for k, h in enumerate([3, 3, 3, 3.5, 9, 14.25, 2.5, 7], 1))
    inv = Inventory(organisation="o", roles=ROLES, tasks=tasks)
    (sub,) = subproblems(carve_units(inv, decide(inv)), inv, Policy())
    w = lexicographic_weights([sub])
    with_hint = solve_bundling(sub, w, first_fit(sub), time_limit=3, workers=1)
    without = solve_bundling(sub, w, None, time_limit=3, workers=1)
    assert with_hint.stats.status == without.stats.status == "OPTIMAL"
    assert with_hint.terms == without.terms
