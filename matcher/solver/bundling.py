"""CP-SAT model that bundles carve units of one (department, time of day) into new functions.

Plain data in (a :class:`matcher.redesign.splitting.Subproblem`, whose pieces are addressed
by integer index), plain data out (an assignment and
:class:`matcher.results.SolverStats`). The caller splits the inventory into these
independent subproblems and combines the stats. docs/redesign.md describes the
model; the constraint families are added in the order below.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from matcher.redesign.splitting import SCALE, Assignment, Subproblem, Weights, assignment_terms
from matcher.results import SolverStats
from matcher.solver.cpsat import STATUS_NAMES, stop_on_cancel

_STATUS = STATUS_NAMES


@dataclass(frozen=True)
class BundlingResult:
    """A solved subproblem: the functions found and how the solve ended."""

    assignment: Assignment
    stats: SolverStats
    terms: tuple[int, int, int]  # carved hundredths, saving term, accessibility penalty
    hours_bound: int = 0  # proven upper bound on carved hundredths


def hours_bound(sub: Subproblem, weights: Weights, bound: float) -> int:
    """An upper bound on carvable hundredths, read off the weighted objective's bound.

    Any plan with ``H`` hundredths scores at least ``w_h H + w_s S_low - w_a A_max``
    where ``S_low`` is the lowest saving term possible, so ``H`` is at most
    ``(bound - w_s S_low + w_a A_max) / w_h``. This separates the gap in hours from
    the gap in the lower-order terms.
    """
    if weights.hours <= 0:
        return sub.total_hours
    low = sum(min(0, p.saving_whole) for p in sub.pieces)
    top = (bound - weights.saving * low + weights.access * sub.access_max()) // weights.hours
    return int(max(0, min(sub.total_hours, top)))


class _Model:
    """The variables of one subproblem; one method per constraint family."""

    def __init__(self, sub: Subproblem, weights: Weights) -> None:
        self.sub = sub
        self.weights = weights
        self.m = cp_model.CpModel()
        self.F = sub.max_functions
        # Pieces that can never be in a valid function get no variables at all.
        self.fits = [
            i for i, p in enumerate(sub.pieces)
            if p.n_tasks <= sub.max_tasks
            and (p.hours <= sub.max_hours if not p.splittable else p.min_part * SCALE <= sub.max_hours)
        ]
        m, F = self.m, self.F
        self.used = [m.new_bool_var(f"used{f}") for f in range(F)]
        self.hours = [m.new_int_var(0, sub.max_hours, f"hours{f}") for f in range(F)]
        self.y: dict[tuple[int, int], cp_model.IntVar] = {}   # piece i in function f
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}   # whole hours of a split part
        self.z: dict[tuple[int, int], cp_model.IntVar] = {}   # the fraction rides here
        self.D: dict[tuple[int, int], cp_model.IntVar] = {}   # demand level per dimension
        for i in self.fits:
            p = sub.pieces[i]
            for f in range(F):
                self.y[i, f] = m.new_bool_var(f"y{i}_{f}")
                if p.splittable:
                    top = min(p.whole_hours, sub.max_hours // SCALE)
                    self.x[i, f] = m.new_int_var(0, top, f"x{i}_{f}")
                    if p.fraction:
                        self.z[i, f] = m.new_bool_var(f"z{i}_{f}")

    def contribution(self, i: int, f: int) -> cp_model.LinearExpr:
        """Hundredths that piece ``i`` brings into function ``f``."""
        p = self.sub.pieces[i]
        if not p.splittable:
            return p.hours * self.y[i, f]
        expr = SCALE * self.x[i, f]
        if (i, f) in self.z:
            expr += p.fraction * self.z[i, f]
        return expr

    def add_units(self) -> None:
        """A whole unit goes to at most one function; split parts obey the part rule."""
        m, F = self.m, self.F
        for i in self.fits:
            p = self.sub.pieces[i]
            ys = [self.y[i, f] for f in range(F)]
            if not p.splittable:
                m.add_at_most_one(ys)
                continue
            for f in range(F):
                x, y = self.x[i, f], self.y[i, f]
                m.add(x >= p.min_part * y)   # every part at least min_part whole hours
                m.add(x <= min(p.whole_hours, self.sub.max_hours // SCALE) * y)
                if (i, f) in self.z:
                    m.add_implication(self.z[i, f], y)
            m.add(sum(self.x[i, f] for f in range(F)) <= p.whole_hours)
            if p.fraction:
                m.add_at_most_one([self.z[i, f] for f in range(F)])

    def add_function_window(self) -> None:
        """A used function holds between min and max hours; an unused one holds nothing."""
        m, sub = self.m, self.sub
        for f in range(self.F):
            m.add(self.hours[f] == sum(self.contribution(i, f) for i in self.fits))
            m.add(self.hours[f] >= sub.min_hours * self.used[f])
            m.add(self.hours[f] <= sub.max_hours * self.used[f])
            for i in self.fits:
                m.add_implication(self.y[i, f], self.used[f])

    def add_task_count(self) -> None:
        """At most ``max_tasks`` different tasks per function."""
        for f in range(self.F):
            self.m.add(
                sum(self.sub.pieces[i].n_tasks * self.y[i, f] for i in self.fits)
                <= self.sub.max_tasks
            )

    def add_demand_profile(self) -> None:
        """A function's demand per dimension is at least each of its units' demands.

        Minimising the penalty pulls each level down to the highest demand present,
        so at the optimum it is exactly the FORMATS.md profile (the maximum). (A unary
        encoding with a covering cut per level was tried: a slightly better bound,
        but slower to good solutions on the benchmark.)
        """
        m, sub = self.m, self.sub
        n_dims = len(sub.pieces[0].demands) if sub.pieces else 0
        for d in range(n_dims):
            top = max((sub.pieces[i].demands[d] for i in self.fits), default=1)
            if top <= 1:
                continue  # every unit is at level 1 here: no variable needed
            for f in range(self.F):
                level = m.new_int_var(1, top, f"D{f}_{d}")
                self.D[f, d] = level
                for i in self.fits:
                    need = sub.pieces[i].demands[d]
                    if need > 1:
                        m.add(level >= need).OnlyEnforceIf(self.y[i, f])

    def add_symmetry_breaking(self) -> None:
        """Functions are interchangeable: order them, used first, by non-increasing hours."""
        for f in range(self.F - 1):
            self.m.add_implication(self.used[f + 1], self.used[f])
            self.m.add(self.hours[f] >= self.hours[f + 1])

    def set_objective(self) -> None:
        """Lexicographic: carved hours, then saving, then accessibility (named weights)."""
        w, sub = self.weights, self.sub
        hours = sum(self.hours)
        saving = []
        for (i, f), y in self.y.items():
            p = sub.pieces[i]
            if p.splittable:
                saving.append(p.saving_rate * self.contribution(i, f))
            else:
                saving.append(p.saving_whole * y)
        access = sum(level - 1 for level in self.D.values())
        self.m.maximize(w.hours * hours + w.saving * sum(saving) - w.access * access)

    def add_hint(self, hint: Assignment) -> None:
        """Hint a feasible bundling (the greedy one), in the symmetry-broken order."""
        placed: dict[tuple[int, int], int] = {}
        for f, function in enumerate(hint[: self.F]):
            for i, h in function:
                placed[i, f] = h
        for f in range(self.F):
            self.m.add_hint(self.used[f], f < len(hint) and bool(hint[f]))
            self.m.add_hint(self.hours[f], sum(h for (_, g), h in placed.items() if g == f))
        for (i, f), y in self.y.items():
            h = placed.get((i, f), 0)
            self.m.add_hint(y, h > 0)
            if (i, f) in self.x:
                frac = self.sub.pieces[i].fraction
                with_fraction = bool(frac) and h % SCALE == frac
                self.m.add_hint(self.x[i, f], (h - (frac if with_fraction else 0)) // SCALE)
                if (i, f) in self.z:
                    self.m.add_hint(self.z[i, f], with_fraction)
        for (f, d), level in self.D.items():
            members = [i for (i, g) in placed if g == f]
            self.m.add_hint(level, max((self.sub.pieces[i].demands[d] for i in members), default=1))

    def read(self, solver: cp_model.CpSolver) -> Assignment:
        """The functions of the solution, each as (piece, hundredths) pairs."""
        out: Assignment = []
        for f in range(self.F):
            parts = []
            for i in self.fits:
                if solver.Value(self.y[i, f]):
                    parts.append((i, int(solver.Value(self.contribution(i, f)))))
            if parts:
                out.append(parts)
        return out


PATIENCE_SHARE = 0.1
"""Once hours and saving are proven optimal, the search for a more accessible
bundling stops after this share of the subproblem's time (plus 0.1 s) without a
better solution. Accessibility only breaks ties; it rarely gets a proof, and
waiting out the whole time limit for it would make every run as slow as its limit.
"""


class _Patience(cp_model.CpSolverSolutionCallback):
    """Stops the search when the lexicographically leading terms are settled and stale."""

    def __init__(self, solver: cp_model.CpSolver, settled_gap: int, patience: float) -> None:
        super().__init__()
        self.solver = solver
        self.settled_gap = settled_gap
        self.patience = patience
        self.best: float | None = None
        self.bound: float | None = None
        self.last_change = time.monotonic()
        self.done = threading.Event()

    def on_solution_callback(self) -> None:
        value = self.ObjectiveValue()
        if self.best is None or value > self.best:
            self.best = value
            self.last_change = time.monotonic()
        self.bound = self.BestObjectiveBound()

    def on_bound(self, bound: float) -> None:
        self.bound = bound

    def watch(self) -> None:
        """Poll until the solve ends; stop it once patience runs out."""
        settled_at: float | None = None
        while not self.done.wait(0.02):
            if self.best is None or self.bound is None:
                continue
            if self.bound - self.best < self.settled_gap:
                settled_at = settled_at or time.monotonic()
                quiet = time.monotonic() - max(self.last_change, settled_at)
                if quiet > self.patience:
                    self.solver.stop_search()
                    return


def solve_bundling(
    sub: Subproblem,
    weights: Weights,
    hint: Assignment | None = None,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
) -> BundlingResult:
    """Bundle one subproblem into valid new functions with CP-SAT.

    Parameters
    ----------
    sub:
        The carve units of one (department, time of day).
    weights:
        Lexicographic objective weights (the same for every subproblem of a run).
    hint:
        A feasible assignment to start from (the greedy first-fit one).
    time_limit, workers, seed:
        CP-SAT wall time in seconds, threads and random seed.

    Returns
    -------
    BundlingResult
        The solver's best assignment (empty when none was found in time).
    """
    model = _Model(sub, weights)
    if model.F == 0 or not model.fits:
        return BundlingResult([], SolverStats("OPTIMAL", 0.0, 0.0, 0.0), (0, 0, 0), 0)
    model.add_units()
    model.add_function_window()
    model.add_task_count()
    model.add_demand_profile()
    model.add_symmetry_breaking()
    model.set_objective()
    if hint:
        model.add_hint(hint)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit, 0.01)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    # Ctrl-C belongs to the program (a web server shutting down cleanly), not to CP-SAT.
    solver.parameters.catch_sigint_signal = False
    # Hours and saving are settled when the bound leaves less than one saving unit
    # (or one hour unit, when the lower terms carry no weight).
    settled = weights.saving if weights.access else (weights.hours if weights.saving else 1)
    watcher = _Patience(solver, settled, PATIENCE_SHARE * time_limit + 0.1)
    solver.best_bound_callback = watcher.on_bound
    thread = threading.Thread(target=watcher.watch, daemon=True)
    thread.start()
    try:
        with stop_on_cancel(solver):
            code = solver.Solve(model.m, watcher)
    finally:
        watcher.done.set()
        thread.join()
    status = _STATUS.get(code, "UNKNOWN")
    if status in ("OPTIMAL", "FEASIBLE"):
        assignment = model.read(solver)
        # The objective is an integer; CP-SAT reports it as a float with rounding noise.
        objective = float(round(solver.ObjectiveValue()))
    else:
        assignment, objective = [], 0.0
    # CP-SAT's bound can be a loose one from the variable domains when the time runs
    # out early; the plan that carves everything at the best saving and no penalty is
    # a valid bound too, so report the smaller.
    ceiling = weights.hours * sub.total_hours + weights.saving * sum(
        max(0, p.saving_whole) for p in sub.pieces)
    bound = float(min(math.floor(solver.BestObjectiveBound() + 1e-6), ceiling))
    if status == "UNKNOWN":
        # Stopped before any solution (time out or cancel during presolve), CP-SAT
        # reports a bound of 0 it never proved; only the ceiling is proven then.
        bound = float(ceiling)
    stats = SolverStats(status, objective, bound, solver.WallTime())
    return BundlingResult(assignment, stats, assignment_terms(sub, assignment),
                          hours_bound(sub, weights, bound))
