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

from matcher.solver.carving import CarveProblem, CarveSolution, objective_terms, solve_carving
from matcher.solver.cpsat import CpSatSettings
from matcher.solver.people_bound import PeopleBound, combined_packing, group_bounds

#: Share of the time limit spent on the per-group bounds (and their packings).
BOUND_SHARE = 0.35


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


def solve_with_people_bound(
    problem: CarveProblem, settings: CpSatSettings, hint: list[dict[int, int]] | None = None,
    cancel: threading.Event | None = None, bound_share: float = BOUND_SHARE,
) -> PoolDesign:
    """People-side bound first, then the joint two-stage model with its cuts and best start.

    Used by pool-aware match and by person-first carving alike (same model family).
    """
    started = time.perf_counter()
    bound = group_bounds(problem, replace(settings, time_limit=settings.time_limit * bound_share),
                         cancel)
    packed = combined_packing(problem, bound)
    start, name = (hint, "organisation_first") if _rank(problem, hint) >= _rank(problem, packed) \
        else (packed, "group_packings")
    left = max(0.2, settings.time_limit - (time.perf_counter() - started))
    if cancel is not None and cancel.is_set():
        left = 0.05
    solution = solve_carving(problem, replace(settings, time_limit=left), start,
                             caps=bound.caps, max_people=bound.bound)
    return PoolDesign(solution, bound, name)
