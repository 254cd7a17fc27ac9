"""Who goes to which group: a logic-based Benders decomposition with a proven bound.

Every placed person takes all their work from one (department, time of day)
*group*, and a group's work is shared only by the people placed there. So the
joint carving model splits into

* a **master** (CP-SAT, small): ``y[c, g] = 1`` when person ``c`` is placed in group
  ``g``; each person in at most one group; per group at most its proven cap
  (:mod:`matcher.solver.people_bound`) and the *hours knapsack*
  ``sum_c lo_c y[c, g] <= H_g`` (every person placed there takes at least their own
  achievable minimum from the group's ``H_g`` hours), strengthened to *hall rows*
  over the people confined to a set of the group's units, with who takes each large
  whole unit (``z[c, u]``: a whole unit serves one person, who then works at least its
  hours, and is lost to everybody when nobody takes it; :mod:`matcher.solver.group_rows`);
  plus the cuts learnt below;
* one **check** per group (CP-SAT, the group's model with exactly the people the
  master sent there, each forced to be placed). When it is infeasible, a deletion
  filter narrows it to a minimal set ``K`` of those people that cannot all be placed
  in ``g`` together, and the master learns ``sum_{c in K} y[c, g] <= |K| - 1``.
  The cut is *lifted*: a person ``d`` is at least as hard to place in ``g`` as ``c``
  when ``d``'s eligible units in ``g`` are among ``c``'s and ``d``'s hours window lies
  within ``c``'s (every package valid for ``d`` is valid for ``c``), so ``K`` with one
  member swapped for a harder person is infeasible too, and cut as well.

Every master constraint holds for every solution of the joint model (the cap and the
knapsack by the reasoning above, a cut because its people were proven unable to
share the group), so the master's proven bound is a bound on people placed. When
every group's check is feasible, the checks' packings together are a solution with
exactly the master's number of people: the answer is then proven optimal in people
placed. A check that runs out of time proves nothing: its set is cut all the same, to
move the search on to other assignments, but only under a *trust* literal. The
search master enforces those cuts; the bound comes from the same master with the
trust literal off (proven cuts only), re-solved whenever proven cuts were added.

A round's checks are independent, so they run side by side, as many as the settings
have workers (threads: CP-SAT releases the interpreter while it solves), and so do the
failed groups' core shrinking and re-packing; the master learns the cuts afterwards, in
the groups' order, so a round's cuts do not depend on which check ends first.
"""

from __future__ import annotations

import math
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial

from ortools.sat.python import cp_model

from matcher.solver.carving import CarveProblem, achievable_window, build_model
from matcher.solver.cpsat import CpSatSettings, run_cpsat
from matcher.solver.group_rows import (
    HallRow,
    hall_rows,
    harder_people,
    placeable_groups,
    whole_unit_takers,
)
from matcher.solver.people_bound import restrict

__all__ = ["BendersResult", "HallRow", "benders", "check_group", "hall_rows", "harder_people",
           "most_placed", "placeable_groups", "shrink_core"]


@dataclass
class BendersResult:
    """The bound, the best answer the checks assembled, and the figures.

    Attributes
    ----------
    bound:
        Proven upper bound on people placed (the last master's proven bound).
    parts:
        Per person the parts of the best verified answer (empty lists: none).
    placed:
        People placed in ``parts``.
    proven:
        True when ``placed == bound`` (optimal in people placed).
    rounds, cuts, seconds:
        Master solves, cuts learnt, wall time.
    """

    bound: int
    parts: list[dict[int, int]]
    placed: int
    proven: bool = False
    rounds: int = 0
    cuts: int = 0
    seconds: float = 0.0
    history: list[tuple[int, int, int]] = field(default_factory=list)

    def as_report(self) -> dict[str, object]:
        """Figures for the ``solver`` object of a report."""
        return {"people_bound": self.bound, "placed": self.placed, "proven": self.proven,
                "rounds": self.rounds, "cuts": self.cuts, "seconds": round(self.seconds, 3)}


class _Master:
    """The person-to-group master model; cuts are added between solves."""

    def __init__(self, problem: CarveProblem, caps: dict[int, int]) -> None:
        self.model = cp_model.CpModel()
        self.y: dict[tuple[int, int], cp_model.IntVar] = {}
        by_group: dict[int, list[tuple[int, cp_model.IntVar]]] = {}
        for c in range(len(problem.people)):
            options = placeable_groups(problem, c)
            for g, lo in options.items():
                v = self.model.new_bool_var(f"y_{c}_{g}")
                self.y[c, g] = v
                by_group.setdefault(g, []).append((lo, v))
            if len(options) > 1:
                self.model.add_at_most_one(self.y[c, g] for g in options)
        for g, members in by_group.items():
            if g in caps and caps[g] < len(members):
                self.model.add(sum(v for _, v in members) <= caps[g])
        lo_of = {c: achievable_window(problem, c)[0] for c in range(len(problem.people))}
        # Who takes a modelled whole unit: z[c, u] (only when c is placed in u's group),
        # at most one taker per unit.
        self.z: dict[tuple[int, int], cp_model.IntVar] = {}
        takers = whole_unit_takers(problem)
        for u, people in takers.items():
            g = problem.units[u].group
            for c in people:
                self.z[c, u] = self.model.new_bool_var(f"z_{c}_{u}")
                self.model.add_implication(self.z[c, u], self.y[c, g])
            self.model.add_at_most_one(self.z[c, u] for c in people)
        for g, rows in hall_rows(problem, whole=takers).items():
            for row in rows:
                self.model.add(self._row(problem, g, row, lo_of, takers) <= row.hours)
        self.model.maximize(sum(self.y.values()))
        self.harder = harder_people(problem)
        # Unproven cuts (a check that ran out of time) hold only when ``trust`` is on.
        self.trust = self.model.new_bool_var("trust")
        #: Every set cut, per group (the tests re-check each one by brute force).
        self.cuts: list[tuple[int, list[int]]] = []

    def _row(self, problem: CarveProblem, group: int, row: HallRow, lo_of: dict[int, int],
             takers: dict[int, list[int]]) -> cp_model.LinearExpr:
        """The hours a hall row's units must give, at least, in a master solution.

        Each confined person placed takes their minimum. Each modelled whole unit ``u``
        of the row takes more: ``h_u`` when nobody takes it (its hours serve nobody) or
        when someone not confined to the row does (they work it whole, from the row's
        hours), and ``max(0, h_u - lo_c)`` above the minimum when confined person ``c``
        does (a function holding a whole unit has at least its hours). So the term is
        ``h_u (1 - sum_c z[c, u]) + sum_{c not confined} h_u z[c, u] + sum_{c confined}
        max(0, h_u - lo_c) z[c, u]``; a confined person holding several whole units
        works at least ``lo_c + sum_u max(0, h_u - lo_c)`` hours, which is at most
        their total.
        """
        confined = set(row.people)
        expr = cp_model.LinearExpr.weighted_sum([self.y[c, group] for c in row.people],
                                                [lo_of[c] for c in row.people])
        for u in sorted(row.units & takers.keys()):
            h = problem.units[u].hours
            expr += h
            for c in takers[u]:
                kept = max(0, h - lo_of[c]) if c in confined else h
                expr += (kept - h) * self.z[c, u]
        return expr

    def cut(self, group: int, people: list[int], proven: bool = True) -> None:
        """Not all of ``people`` in ``group`` together (unproven: only under ``trust``)."""
        ct = self.model.add(sum(self.y[c, group] for c in people) <= len(people) - 1)
        if proven:
            self.cuts.append((group, sorted(people)))
        else:
            ct.only_enforce_if(self.trust)

    def lifted_cuts(self, group: int, core: list[int], limit: int = 200) -> int:
        """Cut ``core`` with one member swapped for a harder person (at most ``limit``).

        Valid only for a *proven* infeasible ``core``: were the swapped set feasible,
        the harder person's package would place the swapped-out member, making
        ``core`` feasible. Returns the number of cuts added.
        """
        members = set(core)
        added = 0
        for c in core:
            rest = [k for k in core if k != c]
            for d in self.harder.get((c, group), []):
                if d in members:
                    continue
                if added >= limit:
                    return added
                self.cut(group, rest + [d])
                added += 1
        return added

    def solve(self, settings: CpSatSettings, hint: dict[int, int] | None, trust: bool = False,
              ) -> tuple[dict[int, list[int]] | None, int | None]:
        """People per group of the best master solution, and its proven bound.

        With ``trust`` the unproven cuts hold as well: the bound then speaks only for
        the solutions those cuts leave, and the caller must not use it.
        """
        domain = self.model.proto.variables[self.trust.index].domain
        domain[0] = domain[1] = 1 if trust else 0
        self.model.clear_hints()
        if hint:
            for (c, g), v in self.y.items():
                self.model.add_hint(v, 1 if hint.get(c) == g else 0)
        solver, stats = run_cpsat(self.model, settings)
        bound = None
        if stats.status == "INFEASIBLE":
            bound = 0
        elif stats.bound is not None and math.isfinite(stats.bound):
            bound = int(math.floor(stats.bound + 1e-6))
        if stats.status not in ("OPTIMAL", "FEASIBLE"):
            return None, bound
        sent: dict[int, list[int]] = {}
        for (c, g), v in self.y.items():
            if solver.BooleanValue(v):
                sent.setdefault(g, []).append(c)
        return sent, bound


def check_group(problem: CarveProblem, group: int, people: list[int], settings: CpSatSettings,
                ) -> tuple[str, dict[int, dict[int, int]]]:
    """Can all ``people`` be placed in ``group`` together?

    Returns ``(status, packing)``: ``"FEASIBLE"`` with the packing, ``"INFEASIBLE"``
    (:func:`shrink_core` then finds a minimal set of them that cannot share the group),
    or ``"UNKNOWN"`` with no packing.
    """
    sub = restrict(problem, group)
    chosen = set(people)
    sub = replace(sub, people=tuple(p if c in chosen else replace(p, eligible={})
                                    for c, p in enumerate(sub.people)))
    model = build_model(sub)
    # Each person's placement is fixed in the model, not assumed: presolve then uses it,
    # and hard sets are decided in hundredths of a second where an assumption-core solve
    # took 0.5-2.7 s or ran out of time (gemeente_heuvelland: 16-18 s of a 30-s
    # decomposition went into such checks). The core comes from the deletion filter.
    for c in people:
        model.model.add(model.place[c] == 1)
    # One worker per check: a round's checks run side by side (see :func:`benders`). The
    # knapsack rows in the LP (level 2) prove most infeasible sets at once.
    solver, stats = run_cpsat(model.model, replace(settings, workers=1, linearization_level=2))
    if stats.status in ("OPTIMAL", "FEASIBLE"):
        parts = model.read(solver)
        return "FEASIBLE", {c: parts[c] for c in people}
    return ("INFEASIBLE" if stats.status == "INFEASIBLE" else "UNKNOWN"), {}


def most_placed(problem: CarveProblem, group: int, people: list[int],
                settings: CpSatSettings) -> dict[int, dict[int, int]]:
    """The largest packing of ``group`` from ``people`` found within the time limit."""
    sub = restrict(problem, group)
    chosen = set(people)
    sub = replace(sub, people=tuple(p if c in chosen else replace(p, eligible={})
                                    for c, p in enumerate(sub.people)))
    model = build_model(sub)
    model.model.maximize(sum(model.place[c] for c in people))
    solver, stats = run_cpsat(model.model, replace(settings, linearization_level=2))
    if stats.status not in ("OPTIMAL", "FEASIBLE"):
        return {}
    parts = model.read(solver)
    return {c: parts[c] for c in people if parts[c]}


def shrink_core(problem: CarveProblem, group: int, core: list[int], settings: CpSatSettings,
                deadline: float) -> list[int]:
    """Drop people from an infeasible set while it stays infeasible (a deletion filter)."""
    kept = list(core)
    for c in list(core):
        if time.perf_counter() > deadline or len(kept) <= 1:
            break
        trial = [k for k in kept if k != c]
        if check_group(problem, group, trial, settings)[0] == "INFEASIBLE":
            kept = trial
    return kept


def benders(
    problem: CarveProblem, caps: dict[int, int], settings: CpSatSettings,
    start: list[dict[int, int]] | None = None, cancel: threading.Event | None = None,
    check_limit: float = 2.0,
) -> BendersResult:
    """Solve master and checks in turn until they agree or the time is up.

    ``caps`` are proven people-per-group caps (cuts in the master); ``start`` a valid
    solution whose groups hint the first master solve.
    """
    started = time.perf_counter()
    deadline = started + settings.time_limit
    master = _Master(problem, caps)
    hint: dict[int, int] | None = None
    if start is not None:
        hint = {c: problem.units[min(p)].group for c, p in enumerate(start) if p}
    empty: list[dict[int, int]] = [{} for _ in problem.people]
    best_parts, best_placed = empty, 0
    if start is not None:
        best_parts, best_placed = start, sum(1 for p in start if p)
    bound = sum(1 for c in range(len(problem.people)) if placeable_groups(problem, c))
    rounds = cuts = 0
    heuristic = False  # set once a cut was not proven: the search master then trusts it
    fresh = False  # proven cuts added since the last proven-only master solve
    history: list[tuple[int, int, int]] = []
    feasible_cache: dict[tuple[int, frozenset[int]], dict[int, dict[int, int]]] = {}
    pool = ThreadPoolExecutor(max_workers=max(1, settings.workers))
    try:
        while time.perf_counter() < deadline and not (cancel is not None and cancel.is_set()):
            left = deadline - time.perf_counter()
            if heuristic and fresh:
                # The bound from proven cuts only; the search goes on with the trusted ones.
                _, proven_bound = master.solve(
                    replace(settings, time_limit=max(0.1, min(check_limit, left / 4))), hint)
                if proven_bound is not None:
                    bound = min(bound, proven_bound)
                fresh = False
                left = deadline - time.perf_counter()
            sent, master_bound = master.solve(
                replace(settings, time_limit=max(0.1, left / 2)), hint, trust=heuristic)
            rounds += 1
            if master_bound is not None and not heuristic:
                bound = min(bound, master_bound)
            if sent is None:
                break
            value = sum(len(v) for v in sent.values())
            parts: list[dict[int, int]] = [{} for _ in problem.people]
            todo = []
            for g, people in sorted(sent.items(), key=lambda kv: len(kv[1])):
                key = (g, frozenset(people))
                if key in feasible_cache:
                    for c, p in feasible_cache[key].items():
                        parts[c] = p
                else:
                    todo.append((g, people))
            # The groups' checks are independent and run on one CP-SAT worker each, so they
            # run side by side on the machine's workers; CP-SAT releases the interpreter
            # while it solves.
            check = partial(_check, problem, settings=settings, deadline=deadline,
                            check_limit=check_limit)
            outcomes = list(pool.map(check, [g for g, _ in todo], [people for _, people in todo]))
            failures = [(g, people) for (g, people), (status, _)
                        in zip(todo, outcomes, strict=True) if status == "INFEASIBLE"]
            # The answer still gets the most of a failed group's people it can hold when this
            # round can still beat the best answer (each failed group places at least one
            # person fewer than sent): a maximising packing mostly runs to its time limit.
            repack = value - len(failures) > best_placed
            learn = partial(_learn, problem, settings=settings, deadline=deadline,
                            check_limit=check_limit, repack=repack)
            learnt = list(pool.map(learn, *zip(*failures, strict=True))) if failures else []
            all_ok, unknown = not failures, False
            for (g, people), (status, packing) in zip(todo, outcomes, strict=True):
                if status == "FEASIBLE":
                    feasible_cache[g, frozenset(people)] = packing
                    for c, p in packing.items():
                        parts[c] = p
                elif status != "INFEASIBLE":
                    # Unproven: cut it all the same to move the search on, but from now on
                    # the master's bound no longer speaks for every solution.
                    all_ok, unknown = False, True
                    master.cut(g, people, proven=False)
            for (g, _), (core, packing) in zip(failures, learnt, strict=True):
                master.cut(g, core)
                cuts += 1 + master.lifted_cuts(g, core)
                fresh = True
                for c, p in packing.items():
                    parts[c] = p
            placed = sum(1 for p in parts if p)
            if placed > best_placed:
                best_parts, best_placed = parts, placed
            history.append((rounds, value, placed))
            hint = {c: problem.units[min(p)].group for c, p in enumerate(best_parts) if p}
            if all_ok and master_bound is not None and value >= master_bound:
                break  # the checks reach the master's bound: proven (or no better master)
            if best_placed >= bound:
                break  # the answer reaches the proven bound
            heuristic = heuristic or unknown
    finally:
        pool.shutdown(wait=True)
    return BendersResult(bound, best_parts, best_placed, best_placed >= bound, rounds, cuts,
                         time.perf_counter() - started, history)


def _check(problem: CarveProblem, group: int, people: list[int], settings: CpSatSettings,
           deadline: float, check_limit: float) -> tuple[str, dict[int, dict[int, int]]]:
    """One group's check, with one longer try when the first runs out of time."""
    limit = min(check_limit, max(0.05, deadline - time.perf_counter()))
    status, packing = check_group(problem, group, people, replace(settings, time_limit=limit))
    if status == "UNKNOWN":
        limit = min(4 * check_limit, max(0.05, deadline - time.perf_counter()))
        status, packing = check_group(problem, group, people, replace(settings, time_limit=limit))
    return status, packing


def _learn(problem: CarveProblem, group: int, people: list[int],
           settings: CpSatSettings, deadline: float, check_limit: float, repack: bool,
           ) -> tuple[list[int], dict[int, dict[int, int]]]:
    """A failed group's minimal core, and (``repack``) the most of its people it holds."""
    limit = min(check_limit, max(0.05, deadline - time.perf_counter()))
    core = shrink_core(problem, group, sorted(people), replace(settings, time_limit=limit),
                       min(deadline, time.perf_counter() + 2 * check_limit))
    packing: dict[int, dict[int, int]] = {}
    if repack:
        short = replace(settings, time_limit=min(limit, check_limit / 4), workers=1)
        packing = most_placed(problem, group, people, short)
    return core, packing
