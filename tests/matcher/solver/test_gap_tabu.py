"""The compiled tabu walk: its bookkeeping, its answers, and the walk beside the LNS."""

from __future__ import annotations

import threading
import time

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.checks.gap import check_gap_assignment
from matcher.gap.orlibrary import GapInstance
from matcher.results import SolveOptions
from matcher.solver.gap import solve_gap
from matcher.solver.gap_search import assignment_cost, regret_greedy
from matcher.solver.gap_tabu import SharedBest, TabuSearch, walk_beside
from tests.matcher.solver.test_gap import brute_force


def tight_instance(m: int, n: int, seed: int) -> GapInstance:
    """A Chu-Beasley type D like instance: cost falls as weight rises, capacity tight."""
    rng = np.random.default_rng(seed)
    weights = rng.integers(1, 101, size=(m, n))
    costs = 111 - weights + rng.integers(-10, 11, size=(m, n))
    caps = (0.8 * weights.sum(axis=1) / m).astype(np.int64)
    return GapInstance(f"tight{seed}", costs, weights, caps)


@st.composite
def feasible_starts(draw, max_agents: int = 4, max_jobs: int = 9) -> tuple[GapInstance, np.ndarray]:
    """A small instance and a feasible assignment of it (capacities made to fit)."""
    m = draw(st.integers(2, max_agents))
    n = draw(st.integers(2, max_jobs))
    cells = m * n
    costs = np.array(draw(st.lists(st.integers(0, 40), min_size=cells, max_size=cells)))
    weights = np.array(draw(st.lists(st.integers(1, 12), min_size=cells, max_size=cells)))
    start = np.array(draw(st.lists(st.integers(0, m - 1), min_size=n, max_size=n)))
    costs, weights = costs.reshape(m, n), weights.reshape(m, n)
    load = np.bincount(start, weights=weights[start, np.arange(n)], minlength=m).astype(int)
    slack = np.array(draw(st.lists(st.integers(0, 6), min_size=m, max_size=m)))
    return GapInstance("h", costs, weights, load + slack), start


@given(feasible_starts(), st.booleans(), st.integers(0, 5))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_walk_keeps_its_books_and_returns_a_feasible_assignment_never_worse(
    case: tuple[GapInstance, np.ndarray], chains: bool, seed: int
) -> None:
    inst, start = case
    walk = TabuSearch(inst, start, seed=seed, chains=chains, restart_after=37)
    start_cost = assignment_cost(inst, start)
    for _ in range(5):
        walk.run(53)
        n = inst.n_jobs
        # The running cost and loads (also of infeasible positions) match a recount.
        assert walk.state[2] == float(inst.costs[walk.a, np.arange(n)].sum())
        loads = np.bincount(walk.a, weights=inst.weights[walk.a, np.arange(n)],
                            minlength=inst.n_agents)
        assert np.array_equal(walk.load, loads)
        check = check_gap_assignment(inst, walk.best_a)
        assert check.feasible, check.problems
        assert check.cost == walk.best_cost <= start_cost


@given(feasible_starts(max_agents=3, max_jobs=6))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_walk_reaches_the_brute_force_optimum_on_tiny_instances(
    case: tuple[GapInstance, np.ndarray],
) -> None:
    inst, start = case
    walk = TabuSearch(inst, start, seed=1)
    walk.run(3000)
    assert walk.best_cost == brute_force(inst)


def test_same_seed_same_walk() -> None:
    inst = tight_instance(5, 40, seed=3)
    start = regret_greedy(inst)
    first, second = TabuSearch(inst, start, seed=7), TabuSearch(inst, start, seed=7)
    first.run(500)
    second.run(500)
    assert np.array_equal(first.best_a, second.best_a)
    assert np.array_equal(first.a, second.a)


def test_walk_improves_a_tight_instance_beyond_the_greedy() -> None:
    inst = tight_instance(8, 60, seed=11)
    start = regret_greedy(inst)
    walk = TabuSearch(inst, start, seed=0)
    walk.run(20_000)
    check = check_gap_assignment(inst, walk.best_a)
    assert check.feasible
    assert check.cost < assignment_cost(inst, start)


def test_single_agent_has_no_move() -> None:
    inst = GapInstance("one", np.array([[3, 4]]), np.array([[1, 1]]), np.array([5]))
    assert TabuSearch(inst, np.array([0, 0])).run(10) is False


def test_walk_beside_offers_better_solutions_and_stops_when_asked() -> None:
    inst = tight_instance(8, 60, seed=5)
    start = regret_greedy(inst)
    shared = SharedBest(start, assignment_cost(inst, start))
    stop = threading.Event()
    walker = threading.Thread(target=walk_beside, args=(inst, shared, stop, 0))
    walker.start()
    time.sleep(1.0)
    stop.set()
    walker.join(timeout=30)
    assert not walker.is_alive()
    best, cost = shared.exchange(start, assignment_cost(inst, start))
    check = check_gap_assignment(inst, best)
    assert check.feasible and check.cost == cost < assignment_cost(inst, start)


def test_shared_best_keeps_the_cheaper() -> None:
    shared = SharedBest(np.array([0, 1]), 10)
    assert shared.exchange(np.array([1, 1]), 12)[1] == 10
    best, cost = shared.exchange(np.array([1, 0]), 8)
    assert cost == 8 and best.tolist() == [1, 0]


def test_two_workers_run_the_walk_beside_the_lns_and_agree_with_the_evaluator() -> None:
    inst = tight_instance(10, 60, seed=2)
    greedy = regret_greedy(inst)
    result = solve_gap(inst, SolveOptions(time_limit=4.0, workers=2, seed=0))
    assert result.assignment is not None
    check = check_gap_assignment(inst, result.assignment)
    assert check.feasible
    assert check.cost == result.stats.objective <= assignment_cost(inst, greedy)
    assert result.stats.bound <= result.stats.objective
