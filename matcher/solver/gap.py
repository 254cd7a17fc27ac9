"""The generalized assignment core on CP-SAT, and the GAP benchmark solvers.

:class:`GapModel` is the core every assignment model here is built from: one
boolean per allowed agent-job pair, and one method per constraint family (added
in this order: assignment, capacity, objective, then the optional bounds, cuts and
hint). Person-first carving (:mod:`matcher.solver.carving`) builds on the same
pieces and adds its side constraints.

Two solvers use it on benchmark instances:

* :func:`solve_plain`: the baseline, the model and nothing else, default CP-SAT.
* :func:`solve_gap`: ours. The LP relaxation gives a bound and reduced costs; a
  regret greedy gives a first solution; a short full CP-SAT solve settles the easy
  instances; an agent-subset large-neighbourhood search (each step an exact CP-SAT
  solve of a few agents and their jobs), with a compiled tabu walk beside it on a
  second worker, improves the hard ones; a full solve shrunk by reduced-cost
  fixing and seeded with the best solution tightens the bound and may prove
  optimality: once when the search first stalls, and again at the end. See
  docs/gap.md.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import numpy as np
from ortools.sat.python import cp_model

from matcher.gap.orlibrary import GapInstance
from matcher.results import SolveOptions, SolverStats
from matcher.solver.cpsat import CpSatSettings, run_cpsat
from matcher.solver.gap_lp import LpRelaxation, solve_lp
from matcher.solver.gap_search import agent_lns, assignment_cost, regret_greedy
from matcher.solver.gap_tabu import SharedBest, walk_beside


class GapModel:
    """A CP-SAT model with one boolean per allowed (agent, job) pair.

    Parameters
    ----------
    n_agents, n_jobs:
        Sizes; agents and jobs are dense indices ``0..m-1`` and ``0..n-1``.
    allowed:
        Optional bool ``(m, n)``; a pair that is not allowed gets no variable.
    """

    def __init__(self, n_agents: int, n_jobs: int, allowed: np.ndarray | None = None) -> None:
        self.model = cp_model.CpModel()
        self.n_agents = n_agents
        self.n_jobs = n_jobs
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        for i in range(n_agents):
            for j in range(n_jobs):
                if allowed is None or allowed[i, j]:
                    self.x[i, j] = self.model.new_bool_var(f"x_{i}_{j}")
        self.cost: cp_model.LinearExprT = 0

    def pairs_of_job(self, j: int) -> list[cp_model.IntVar]:
        """The variables of job ``j`` (one per agent allowed to do it)."""
        return [self.x[i, j] for i in range(self.n_agents) if (i, j) in self.x]

    def pairs_of_agent(self, i: int) -> list[tuple[int, cp_model.IntVar]]:
        """``(job, variable)`` of agent ``i``."""
        return [(j, self.x[i, j]) for j in range(self.n_jobs) if (i, j) in self.x]

    # -- constraint families, in the order they are added -------------------------

    def add_assignment(self, exactly: bool = True, jobs: list[int] | None = None) -> None:
        """Every job (or each of ``jobs``) to exactly one agent, or to at most one."""
        for j in range(self.n_jobs) if jobs is None else jobs:
            terms = self.pairs_of_job(j)
            if exactly:
                self.model.add_exactly_one(terms)
            elif terms:
                self.model.add_at_most_one(terms)

    def add_capacity(self, weights: np.ndarray, capacities: np.ndarray) -> None:
        """Each agent's total resource use within its capacity (a knapsack row)."""
        for i in range(self.n_agents):
            terms = self.pairs_of_agent(i)
            if terms:
                self.model.add(
                    sum(int(weights[i, j]) * v for j, v in terms) <= int(capacities[i])
                )

    def add_objective(self, costs: np.ndarray) -> None:
        """Minimise the total cost of the chosen pairs."""
        self.cost = sum(int(costs[i, j]) * v for (i, j), v in self.x.items())
        self.model.minimize(self.cost)

    def add_cost_bounds(self, lower: int | None, upper: int | None) -> None:
        """Known bounds on the cost: an LP bound below, an incumbent above."""
        if lower is not None:
            self.model.add(self.cost >= int(lower))
        if upper is not None:
            self.model.add(self.cost <= int(upper))

    def add_reduced_cost_cut(self, reduced_costs: np.ndarray, slack: float) -> None:
        """``sum rc_ij x_ij <= UB - z``: no solution better than UB exceeds it.

        Reduced costs are scaled to integers (rounded down, so the cut stays valid).
        """
        scale = 100
        terms = [
            (int(math.floor(reduced_costs[i, j] * scale)), v)
            for (i, j), v in self.x.items()
            if reduced_costs[i, j] * scale >= 1
        ]
        if terms:
            self.model.add(sum(c * v for c, v in terms) <= int(math.floor(slack * scale + 1e-6)))

    def add_hint(self, assignment: list[int] | np.ndarray | None) -> None:
        """Seed the search with a (possibly partial) assignment; ``-1`` means none."""
        if assignment is None:
            return
        for (i, j), v in self.x.items():
            self.model.add_hint(v, 1 if assignment[j] == i else 0)

    # -- solving --------------------------------------------------------------------

    def solve(self, settings: CpSatSettings) -> tuple[list[int] | None, SolverStats]:
        """Solve; return the agent of each job (``-1`` when unassigned) and stats."""
        solver, stats = run_cpsat(self.model, settings)
        if stats.status not in ("OPTIMAL", "FEASIBLE"):
            return None, stats
        assignment = [-1] * self.n_jobs
        for (i, j), v in self.x.items():
            if solver.BooleanValue(v):
                assignment[j] = i
        return assignment, stats


@dataclass(frozen=True)
class GapResult:
    """A GAP solve: the agent of each job (None when no solution) and the stats."""

    instance: str
    assignment: tuple[int, ...] | None
    stats: SolverStats

    def as_report(self) -> dict[str, object]:
        """One entry of the ``bench gap`` JSON report (FORMATS.md section 4)."""
        bound = self.stats.bound
        return {
            "instance": self.instance,
            "objective": None if self.assignment is None else self.stats.objective,
            "bound": None if bound is None or not math.isfinite(bound) else bound,
            "status": self.stats.status,
            "seconds": round(self.stats.seconds, 3),
        }


def _cpsat_bound(stats: SolverStats) -> float:
    """The bound of a CP-SAT solve: :func:`run_cpsat` always sets one (infinite if none)."""
    assert stats.bound is not None
    return stats.bound


def _settings(options: SolveOptions, time_limit: float, level: int = 2) -> CpSatSettings:
    return CpSatSettings(
        time_limit=time_limit, workers=options.workers, seed=options.seed,
        linearization_level=level,
    )


def solve_plain(instance: GapInstance, options: SolveOptions = SolveOptions()) -> GapResult:  # noqa: B008
    """The baseline: one boolean per pair, exactly-one, capacities, min cost; default CP-SAT."""
    model = GapModel(instance.n_agents, instance.n_jobs)
    model.add_assignment()
    model.add_capacity(instance.weights, instance.capacities)
    model.add_objective(instance.costs)
    assignment, stats = model.solve(_settings(options, options.time_limit, level=1))
    return GapResult(instance.name, None if assignment is None else tuple(assignment), stats)


def _finish(
    instance: GapInstance, best: np.ndarray | None, bound: float, proven_infeasible: bool,
    start: float,
) -> GapResult:
    seconds = time.perf_counter() - start
    if best is None:
        status = "INFEASIBLE" if proven_infeasible else "UNKNOWN"
        return GapResult(instance.name, None, SolverStats(status, float("nan"), float(bound), seconds))
    cost = float(assignment_cost(instance, best))
    bound = min(bound, cost)
    status = "OPTIMAL" if bound >= cost - 1e-9 else "FEASIBLE"
    return GapResult(
        instance.name, tuple(int(a) for a in best), SolverStats(status, cost, float(bound), seconds)
    )


@dataclass
class _Walk:
    """The tabu walk running beside the other phases: its best, and a pause switch."""

    shared: SharedBest
    paused: threading.Event


@contextmanager
def _walk_beside(instance: GapInstance, best: np.ndarray,
                 options: SolveOptions) -> Iterator[_Walk | None]:
    """With two or more workers, a tabu walk in its own thread for the ``with`` block.

    It is independent of the LNS and the proof attempts (it never waits on them);
    its best is read through ``shared``. With one worker there is no walk (None).
    """
    if options.workers < 2:
        yield None
        return
    walk = _Walk(SharedBest(best, assignment_cost(instance, best)), threading.Event())
    stop = threading.Event()
    walker = threading.Thread(target=walk_beside, daemon=True,
                              args=(instance, walk.shared, stop, options.seed, walk.paused))
    walker.start()
    try:
        yield walk
    finally:
        stop.set()
        walker.join()


def _better_of(instance: GapInstance, best: np.ndarray, walk: _Walk | None) -> np.ndarray:
    """``best``, or the walk's best when that is cheaper."""
    if walk is None:
        return best
    return walk.shared.exchange(best, assignment_cost(instance, best))[0]


def _search(instance: GapInstance, best: np.ndarray, deadline: float,
            rng: np.random.Generator, options: SolveOptions, lp: LpRelaxation,
            walk: _Walk | None, escalate: bool) -> np.ndarray:
    """Phase 2: the LNS, trading solutions with the tabu walk when there is one.

    The LNS uses the workers the walk leaves. Without ``escalate`` it returns at the
    first stall (10 % of the time without a better solution from either); with it,
    at a stall at the largest step or the deadline.
    """
    def solve_single(sub: GapModel, limit: float) -> tuple[list[int] | None, SolverStats]:
        return sub.solve(replace(_settings(options, limit), workers=1))

    found, _ = agent_lns(
        instance, best, deadline, rng, max(1, options.workers - (walk is not None)),
        lp.value, lp.reduced_costs, solve_single, GapModel,
        stall=max(2.0, 0.1 * options.time_limit), max_step=16.0 if escalate else 0.5,
        exchange=None if walk is None else walk.shared.exchange,
    )
    return _better_of(instance, found, walk)


def solve_gap(instance: GapInstance, options: SolveOptions = SolveOptions()) -> GapResult:  # noqa: B008
    """Solve a GAP instance within ``options.time_limit`` seconds (ours; see module doc)."""
    start = time.perf_counter()
    deadline = start + options.time_limit
    rng = np.random.default_rng(options.seed)
    usable = instance.weights <= instance.capacities[:, None]
    if not usable.any(axis=0).all():
        # A job no agent can take: infeasible without search.
        return _finish(instance, None, float("inf"), True, start)

    lp = solve_lp(instance)
    if not lp.ok:
        return _finish(instance, None, float("inf"), True, start)
    bound = math.ceil(lp.value - 1e-6)

    best = regret_greedy(instance, lp.x)

    # Phase 1: the full model for a short while (5 %); easy instances end here, proven.
    first = max(0.5, 0.05 * options.time_limit)
    model = GapModel(instance.n_agents, instance.n_jobs, allowed=usable)
    model.add_assignment()
    model.add_capacity(instance.weights, instance.capacities)
    model.add_objective(instance.costs)
    model.add_cost_bounds(bound, None)
    model.add_hint(best)
    found, stats = model.solve(_settings(options, min(first, deadline - time.perf_counter())))
    if stats.status == "INFEASIBLE":
        return _finish(instance, None, float("inf"), True, start)
    bound = max(bound, math.ceil(_cpsat_bound(stats) - 1e-6))
    if found is not None and (best is None or assignment_cost(instance, found)
                              < assignment_cost(instance, best)):
        best = np.asarray(found)
    if stats.status == "OPTIMAL" or best is None:
        return _finish(instance, best, bound, False, start)

    # Phase 2: the search (agent-subset LNS, with two or more workers a tabu walk
    # beside it). First without escalation: when it stalls this early, the instance
    # is usually one CP-SAT can prove (Chu-Beasley B and C), so phase 3 gets a first
    # try with a quarter of the time. Then the search again, escalating to bigger
    # neighbourhoods when it stalls, until it stalls at the largest or the time is up
    # (hard instances, where the last seconds find more as search than as a proof).
    # The tabu walk runs through all of it, proof attempts included.
    with _walk_beside(instance, best, options) as walk:
        best = _search(instance, best, deadline, rng, options, lp, walk, escalate=False)
        try_until = min(deadline, time.perf_counter() + 0.25 * options.time_limit)
        best, bound = _prove(instance, best, bound, try_until, usable, lp, options, walk)
        best = _better_of(instance, best, walk)
        if bound < assignment_cost(instance, best) and time.perf_counter() < deadline - 0.05:
            best = _search(instance, best, deadline, rng, options, lp, walk, escalate=True)
            best, bound = _prove(instance, best, bound, deadline, usable, lp, options, walk)
            best = _better_of(instance, best, walk)
    return _finish(instance, best, bound, False, start)


def _prove(instance: GapInstance, best: np.ndarray, bound: int, until: float,
           usable: np.ndarray, lp: LpRelaxation, options: SolveOptions, walk: _Walk | None,
           ) -> tuple[np.ndarray, int]:
    """Phase 3: the full model again, shrunk by reduced-cost fixing against the incumbent.

    Returns the best assignment and the bound (proven when they meet). When the
    incumbent is within 0.25 % of the bound, a proof is the likelier gain, so the
    tabu walk pauses and CP-SAT gets every core (on b10200 the proof took over
    30 s with the walk beside it, 5 s without); further off (type D), the walk goes
    on and may find better while CP-SAT tries.
    """
    upper = assignment_cost(instance, best)
    remaining = until - time.perf_counter()
    if bound >= upper or remaining <= 0.05:
        return best, bound
    keep = usable & (lp.value + lp.reduced_costs <= upper + 1e-6)
    model = GapModel(instance.n_agents, instance.n_jobs, allowed=keep)
    model.add_assignment()
    model.add_capacity(instance.weights, instance.capacities)
    model.add_objective(instance.costs)
    model.add_cost_bounds(bound, upper)
    model.add_reduced_cost_cut(lp.reduced_costs, upper - lp.value)
    model.add_hint(best)
    close = upper - bound <= 0.0025 * abs(upper)
    if walk is not None and close:
        walk.paused.set()
    try:
        found, stats = model.solve(_settings(options, remaining))
    finally:
        if walk is not None:
            walk.paused.clear()
    if stats.status in ("OPTIMAL", "FEASIBLE"):
        bound = max(bound, math.ceil(_cpsat_bound(stats) - 1e-6))
    if found is not None and assignment_cost(instance, found) < upper:
        best = np.asarray(found)
    return best, bound
