"""The pool-aware functiecreatie model: structural functions shaped to the people there.

With candidates known, a new function is formed as "a slot for one person": a
package of task parts, like person-first carving, but every function is a
*structural* one under the organisation's generic policy. That makes it exactly
the carving model (:mod:`matcher.solver.carving`) on different data, which
:mod:`matcher.matching.pool` prepares:

* units are the tasks carve-able under the **generic** ceilings (task level <= 2,
  every demand <= 3; FORMATS.md section 2), not the person-first ones;
* a person's window is on **standard** hours: ``[max(12, min_hours x p),
  min(36, max_hours x p)]`` (the function's own 12-36 hours, and the match rule
  "hours / productivity within the person's window"), where carving bounds the
  effective hours instead.

So the model is reused as it is (one department and time of day per function,
whole-hour parts of at least ``min_part``, ``keep_with`` groups whole, at most 8
tasks, capacities and conditions as per-(person, unit) eligibility), with the same
lexicographic objective: people placed, then hours carved, then saving and fit.
What this module adds is the people-side bound of :mod:`matcher.solver.people_bound`,
run first: its per-group packings are a second starting point besides the
organisation-first answer, its caps are cuts, and its bound is reported.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace

from matcher.solver.carving import (
    CarveProblem,
    CarveSolution,
    hint_is_valid,
    objective_terms,
    solve_carving,
)
from matcher.solver.cpsat import CpSatSettings
from matcher.solver.group_benders import benders
from matcher.solver.group_search import improve_by_groups
from matcher.solver.people_bound import PeopleBound, combined_packing, group_bounds

#: Share of the time limit spent on the per-group bounds (and their packings).
BOUND_SHARE = 0.35
#: Share spent re-packing groups that lost people to others (see :func:`repair_packing`).
REPAIR_SHARE = 0.15
#: Share spent on the person-to-group decomposition (:mod:`matcher.solver.group_benders`),
#: taken from the joint model's time; only with at least ``BENDERS_MIN_SECONDS`` in all
#: (measured: with 14 s the joint model, left with 5 s, placed 14 where it placed 30).
#: Half the time since the master knows whole units: it then proves most cases early
#: (the joint model gets what is left), and gen 6 went from 43/44 at 35 % to 44/44.
BENDERS_SHARE = 0.5
BENDERS_MIN_SECONDS = 30.0
#: With the decomposition, the caps and re-packing get less: the decomposition's hall
#: rows bound better than the caps' flow, and its checks find the packings (measured on
#: gemeente_heuvelland at 60 s: with 35/15/20 % the decomposition ended at 36 placed,
#: bound 37; with 15/10/35 % it proved 37 in 21 s).
DECOMPOSE_BOUND_SHARE = 0.15
DECOMPOSE_REPAIR_SHARE = 0.10
#: Share for the local search over groups (:mod:`matcher.solver.group_search`) after the
#: decomposition, when its answer is not proven optimal.
SEARCH_SHARE = 0.1
#: Share kept for the local search and the joint model after the decomposition.
AFTER_BENDERS_SHARE = 0.2


@dataclass
class PoolDesign:
    """The joint answer and the people-side bound that came with it."""

    solution: CarveSolution
    people_bound: PeopleBound
    start: str  # which starting point the joint model was seeded with

    @property
    def placed(self) -> int:
        """People placed in the designed functions."""
        return self.solution.terms["placed"]

    @property
    def placed_bound(self) -> int:
        """Proven upper bound on people placed (the better of CP-SAT's and the people-side one)."""
        own = self.solution.placed_bound
        return min(self.people_bound.bound, own) if own is not None else self.people_bound.bound


def _rank(problem: CarveProblem, parts: list[dict[int, int]] | None) -> tuple[int, int]:
    if parts is None:
        return (-1, -1)
    t = objective_terms(problem, parts)
    return (t["placed"], t["hundredths"])


def repair_packing(problem: CarveProblem, bound: PeopleBound, settings: CpSatSettings,
                   cancel: threading.Event | None = None) -> list[dict[int, int]]:
    """The per-group packings made disjoint, then each short group re-packed with who is free.

    :func:`combined_packing` keeps each person in one group, so a group may fall below
    what it could hold. Each such group (fewest people short first) is solved again
    with only the people no other group keeps, seeded with what it still has; it
    never gets worse (the seed is kept when the search finds nothing better).
    """
    from matcher.solver.carving import add_people_cuts, build_model
    from matcher.solver.cpsat import run_cpsat
    from matcher.solver.people_bound import restrict

    parts = combined_packing(problem, bound)
    group_of = {c: problem.units[min(p)].group for c, p in enumerate(parts) if p}
    short = [g for g in bound.caps
             if sum(1 for gg in group_of.values() if gg == g) < bound.caps[g]
             and g in bound.packings]
    started = time.perf_counter()
    for n, g in enumerate(sorted(short, key=lambda g: len(bound.packings[g]))):
        if cancel is not None and cancel.is_set():
            break
        sub = restrict(problem, g)
        free = tuple(p if group_of.get(c, g) == g else replace(p, eligible={})
                     for c, p in enumerate(sub.people))
        sub = replace(sub, people=free)
        mine = [parts[c] if group_of.get(c) == g else {} for c in range(len(parts))]
        model = build_model(sub)
        add_people_cuts(model, {g: bound.caps[g]}, None)
        model.model.maximize(sum(model.place))
        model.add_carve_hint(mine)
        left = settings.time_limit - (time.perf_counter() - started)
        budget = max(0.05, left / (len(short) - n))
        solver, stats = run_cpsat(model.model, replace(settings, time_limit=budget))
        if stats.status not in ("OPTIMAL", "FEASIBLE"):
            continue
        found = model.read(solver)
        if sum(1 for p in found if p) > sum(1 for p in mine if p):
            for c in [c for c, gg in group_of.items() if gg == g]:
                parts[c] = {}
                del group_of[c]
            for c, p in enumerate(found):
                if p:
                    parts[c], group_of[c] = p, g
    return parts


def solve_with_people_bound(
    problem: CarveProblem, settings: CpSatSettings, hint: list[dict[int, int]] | None = None,
    cancel: threading.Event | None = None, bound_share: float = BOUND_SHARE,
    decompose: bool = True,
) -> PoolDesign:
    """People-side bound first, then the joint two-stage model with its cuts and best start.

    Used by pool-aware match and by person-first carving alike (same model family).
    ``decompose=False`` leaves out the person-to-group decomposition (the method
    before it, kept for the side-by-side benchmark).
    """
    started = time.perf_counter()
    decompose = decompose and settings.time_limit >= BENDERS_MIN_SECONDS
    repair_share = REPAIR_SHARE
    if decompose:
        bound_share, repair_share = DECOMPOSE_BOUND_SHARE, DECOMPOSE_REPAIR_SHARE
    bound = group_bounds(problem, replace(settings, time_limit=settings.time_limit * bound_share),
                         cancel)
    packed = repair_packing(problem, bound,
                            replace(settings, time_limit=settings.time_limit * repair_share),
                            cancel)
    start, name = (hint, "organisation_first") if _rank(problem, hint) >= _rank(problem, packed) \
        else (packed, "group_packings")
    if decompose and bound.bound > _rank(problem, start)[0] \
            and not (cancel is not None and cancel.is_set()):
        # Who goes to which group, decided apart (matcher.solver.group_benders): a
        # bound that knows each person is placed once and small people are scarce,
        # and per group the most of the people sent there.
        # It also gets what the caps and re-packing left unused: they often end early,
        # and the decomposition is what closes the gap (zorgcentrum_de_linde at 60 s: the
        # caps took 4.6 s of 9; with 35 s instead of 30 it proved 38/38 in one run and
        # ended at 37/38 in another: two CP-SAT workers do not repeat their timing).
        used = time.perf_counter() - started
        budget = max(settings.time_limit * BENDERS_SHARE,
                     settings.time_limit * (1 - AFTER_BENDERS_SHARE) - used)
        split = benders(problem, bound.caps, replace(settings, time_limit=budget),
                        start if start is not None and hint_is_valid(problem, start) else None,
                        cancel)
        bound = replace(bound, bound=min(bound.bound, split.bound), benders=split.as_report())
        if _rank(problem, split.parts) > _rank(problem, start):
            start, name = split.parts, "group_benders"
        if bound.bound > _rank(problem, start)[0] and start is not None \
                and hint_is_valid(problem, start) and not (cancel is not None and cancel.is_set()):
            # Who goes where, moved person by person with exact group checks: CP-SAT
            # packs a given set of people in milliseconds but is slow to choose them.
            search = improve_by_groups(
                problem, start, replace(settings, time_limit=settings.time_limit * SEARCH_SHARE),
                cancel)
            if search.placed > _rank(problem, start)[0] and hint_is_valid(problem, search.parts):
                start, name = search.parts, "group_search"
    left = max(0.2, settings.time_limit - (time.perf_counter() - started))
    if cancel is not None and cancel.is_set():
        left = 0.05
    solution = solve_carving(problem, replace(settings, time_limit=left), start,
                             caps=bound.caps, max_people=bound.bound)
    return PoolDesign(solution, bound, name)
