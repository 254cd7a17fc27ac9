"""The GAP solver core against brute force, and the independent evaluator."""

from __future__ import annotations

import itertools
import time

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.checks.gap import check_gap_assignment
from matcher.gap.orlibrary import GapInstance
from matcher.results import SolveOptions
from matcher.solver.cpsat import CpSatSettings
from matcher.solver.gap import GapModel, solve_gap, solve_plain
from matcher.solver.gap_lp import solve_lp
from matcher.solver.gap_search import agent_lns, assignment_cost, regret_greedy

FAST = SolveOptions(time_limit=5.0, workers=1, seed=0)


def brute_force(inst: GapInstance) -> int | None:
    """Cheapest feasible assignment by trying every one (None when none fits)."""
    best = None
    for assignment in itertools.product(range(inst.n_agents), repeat=inst.n_jobs):
        check = check_gap_assignment(inst, assignment)
        if check.feasible and (best is None or check.cost < best):
            best = check.cost
    return best


def make(costs, weights, caps) -> GapInstance:
    return GapInstance("t", np.array(costs), np.array(weights), np.array(caps))


@st.composite
def tiny_instances(draw) -> GapInstance:
    m = draw(st.integers(1, 3))
    n = draw(st.integers(1, 5))
    costs = draw(st.lists(st.integers(0, 30), min_size=m * n, max_size=m * n))
    weights = draw(st.lists(st.integers(1, 9), min_size=m * n, max_size=m * n))
    caps = draw(st.lists(st.integers(0, 20), min_size=m, max_size=m))
    return GapInstance(
        "h", np.array(costs).reshape(m, n), np.array(weights).reshape(m, n), np.array(caps)
    )


def test_capacity_forces_the_dearer_agent() -> None:
    # Both jobs are cheaper on agent 0, but it only has room for one of them.
    inst = make([[1, 1], [5, 7]], [[3, 3], [3, 3]], [4, 10])
    result = solve_gap(inst, FAST)
    assert result.stats.status == "OPTIMAL"
    assert result.stats.objective == brute_force(inst) == 6
    assert result.assignment == (1, 0)


def test_infeasible_instance_is_reported_as_such() -> None:
    inst = make([[1, 1]], [[3, 3]], [5])
    for solve in (solve_gap, solve_plain):
        result = solve(inst, FAST)
        assert result.stats.status == "INFEASIBLE"
        assert result.assignment is None
        assert result.as_report()["objective"] is None


def test_job_no_agent_can_take_is_infeasible() -> None:
    inst = make([[1, 1], [1, 1]], [[1, 9], [1, 9]], [5, 5])
    assert solve_gap(inst, FAST).stats.status == "INFEASIBLE"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances())
def test_ours_equals_brute_force(inst: GapInstance) -> None:
    expected = brute_force(inst)
    result = solve_gap(inst, FAST)
    if expected is None:
        assert result.stats.status == "INFEASIBLE"
        return
    assert result.stats.status == "OPTIMAL"
    check = check_gap_assignment(inst, result.assignment)
    assert check.feasible
    assert check.cost == result.stats.objective == expected
    assert result.stats.bound == expected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances())
def test_plain_equals_ours_when_both_optimal(inst: GapInstance) -> None:
    ours, plain = solve_gap(inst, FAST), solve_plain(inst, FAST)
    assert ours.stats.status == plain.stats.status
    if plain.stats.status == "OPTIMAL":
        assert plain.stats.objective == ours.stats.objective
        assert check_gap_assignment(inst, plain.assignment).cost == plain.stats.objective


def test_lns_path_improves_a_larger_instance_and_stays_feasible() -> None:
    # Big enough that phase 1 may not prove optimality at once: every phase must
    # still return a feasible answer whose cost the evaluator confirms.
    rng = np.random.default_rng(3)
    m, n = 5, 40
    weights = rng.integers(5, 25, size=(m, n))
    inst = GapInstance("r", rng.integers(10, 50, size=(m, n)), weights,
                       (0.8 * weights.sum(axis=1) / m).astype(int))
    result = solve_gap(inst, SolveOptions(time_limit=3.0, workers=1))
    assert result.assignment is not None
    check = check_gap_assignment(inst, result.assignment)
    assert check.feasible and check.cost == result.stats.objective
    assert result.stats.bound <= result.stats.objective


def test_group_neighbourhoods_and_escalation_keep_answers_feasible_and_never_worse() -> None:
    # Only group neighbourhoods (p_group=1) and a short stall, so the search escalates:
    # every answer must still fit every capacity and cost no more than the start.
    rng = np.random.default_rng(5)
    m, n = 6, 30
    weights = rng.integers(5, 25, size=(m, n))
    inst = GapInstance("g", rng.integers(10, 50, size=(m, n)), weights,
                       (1.2 * weights.sum(axis=1) / m).astype(int))
    lp = solve_lp(inst)
    start = regret_greedy(inst, lp.x)
    assert start is not None
    found, _ = agent_lns(
        inst, start, time.perf_counter() + 1.5, np.random.default_rng(0), 1, lp.value,
        lp.reduced_costs, lambda sub, limit: sub.solve(CpSatSettings(time_limit=limit, workers=1)),
        GapModel, stall=0.3, max_step=1.0, p_group=1.0,
    )
    check = check_gap_assignment(inst, found)
    assert check.feasible
    assert check.cost == assignment_cost(inst, found) <= assignment_cost(inst, start)


def test_at_most_one_leaves_jobs_unassigned_when_it_pays() -> None:
    # The carving core uses at-most-one: with a reward for placing a job, the solver
    # places only the jobs that fit.
    model = GapModel(1, 3)
    model.add_assignment(exactly=False)
    model.add_capacity(np.array([[2, 2, 2]]), np.array([4]))
    model.add_objective(np.array([[-1, -1, -1]]))
    assignment, stats = model.solve(CpSatSettings(time_limit=2, workers=1))
    assert stats.status == "OPTIMAL" and stats.objective == -2
    assert sorted(assignment).count(-1) == 1


def test_evaluator_finds_overload_and_bad_agent() -> None:
    inst = make([[1, 2], [3, 4]], [[5, 5], [1, 1]], [6, 6])
    check = check_gap_assignment(inst, [0, 0])
    assert not check.feasible and check.cost == 3
    assert "agent 0 uses 10, capacity 6" in check.problems
    assert not check_gap_assignment(inst, [0, 7]).feasible
    assert not check_gap_assignment(inst, [0]).feasible
