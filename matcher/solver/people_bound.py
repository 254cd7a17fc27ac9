"""A proven upper bound on people placed, from the people's side, for carving-type models.

Both person-first carving and pool-aware functiecreatie give every placed person one
function from one (department, time of day) *group* of work. That makes a
decomposition bound possible that CP-SAT's own relaxation does not see:

1. **Per group.** Restrict the problem to the units of one group ``g`` and ask
   CP-SAT for the most people that group alone can hold (every person who fits
   some of its work may take part). Whatever a full solution places in ``g`` is a
   solution of this restricted problem, so ``cap[g]``, the restricted problem's
   proven bound (its optimum when proven), bounds the people any solution places in
   ``g``. Most groups are proven optimal in milliseconds.
2. **Across groups.** Each person takes at most one group. The most people any
   solution can place is then at most the maximum flow in
   ``source -> person (1) -> group they have eligible work in (1) -> sink (cap[g])``,
   a bipartite b-matching solved exactly with OR-Tools' max-flow.

The per-group packings found on the way are kept: each person in at most one of
them (removing a person from a packing keeps it valid), they form a starting point
for the joint model. The caps are also valid cuts for the joint model
(``sum_c group[c, g] <= cap[g]``, ``sum_c place[c] <= bound``).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field, replace

from ortools.graph.python import max_flow

from matcher.solver.carving import CarveProblem, PersonData, achievable_window, build_model
from matcher.solver.cpsat import CpSatSettings, run_cpsat


@dataclass
class PeopleBound:
    """The decomposition bound and what was found on the way.

    Attributes
    ----------
    bound:
        Proven upper bound on the number of people any solution places.
    caps:
        Per group, a proven upper bound on the people placed in it.
    proven_groups:
        Groups whose cap was proven optimal (the packing reaches it).
    packings:
        Per group, the best packing found: ``{person index: {unit index: hundredths}}``.
    seconds:
        Wall time spent.
    """

    bound: int
    caps: dict[int, int]
    proven_groups: set[int] = field(default_factory=set)
    packings: dict[int, dict[int, dict[int, int]]] = field(default_factory=dict)
    seconds: float = 0.0
    #: Figures of the person-to-group decomposition when it tightened ``bound``.
    benders: dict[str, object] | None = None

    def as_report(self) -> dict[str, object]:
        """Figures for the ``solver`` object of a report."""
        out: dict[str, object] = {
            "people_bound": self.bound, "groups": len(self.caps),
            "groups_proven": len(self.proven_groups),
            "group_caps": {str(g): c for g, c in sorted(self.caps.items())},
            "seconds": round(self.seconds, 3)}
        if self.benders is not None:
            out["benders"] = self.benders
        return out


def restrict(problem: CarveProblem, group: int) -> CarveProblem:
    """The problem with every person's eligible units limited to one group."""
    people = tuple(
        PersonData(p.lo, p.hi, {u: s for u, s in p.eligible.items()
                                if problem.units[u].group == group})
        for p in problem.people
    )
    return replace(problem, people=people)


def flow_bound(problem: CarveProblem, caps: dict[int, int]) -> int:
    """Most people a person-to-group b-matching with group capacities ``caps`` places."""
    flow = max_flow.SimpleMaxFlow()
    groups = sorted(caps)
    index = {g: k for k, g in enumerate(groups)}
    n = len(problem.people)
    source, sink = n + len(groups), n + len(groups) + 1
    for c, person in enumerate(problem.people):
        mine = {problem.units[u].group for u in person.eligible} & set(caps)
        if not mine:
            continue
        flow.add_arc_with_capacity(source, c, 1)
        for g in mine:
            flow.add_arc_with_capacity(c, n + index[g], 1)
    for g in groups:
        if caps[g] > 0:
            flow.add_arc_with_capacity(n + index[g], sink, caps[g])
    if flow.solve(source, sink) != flow.OPTIMAL:  # cannot happen for finite capacities
        return sum(1 for p in problem.people if p.eligible)
    return int(flow.optimal_flow())


def holder_bound(problem: CarveProblem, group: int) -> int:
    """A counting bound on people in one group that CP-SAT's relaxation misses.

    A whole unit (a small task or a ``keep_with`` group) goes to one person at
    most. So for any set ``B`` of the group's whole units: at most ``|B|`` people
    hold one of them, and everybody else gets all their hours from the rest, so
    their minimums must fit in ``H - sum_B h``. With ``count(X)`` the most people
    whose smallest minimums sum to at most ``X``, every ``B`` gives the valid bound
    ``|B| + count(H - sum_B h)``; the largest whole units first give the best ones
    (all prefixes of that order are tried). A 29-hour ``keep_with`` group in a
    110-hour group of 12-hour people: ``1 + count(81) = 7``, not ``count(110) = 9``.
    """
    units = [d for d in problem.units if d.group == group]
    total = sum(d.hours for d in units)
    # A person's minimum as a total their units can make (whole hours plus some of
    # the units' remainders): 7.2 hours become 8 when every part is in whole hours.
    minimums = sorted(achievable_window(problem, c)[0] for c, p in enumerate(problem.people)
                      if any(problem.units[u].group == group for u in p.eligible))

    def count(hours: int) -> int:
        n = used = 0
        for lo in minimums:
            if used + lo > hours:
                break
            used, n = used + lo, n + 1
        return n

    best = count(total)
    whole = sorted((d.hours for d in units if not d.splittable), reverse=True)
    taken = 0
    for k, h in enumerate(whole, start=1):
        taken += h
        best = min(best, k + count(total - taken))
    return best


def group_bounds(problem: CarveProblem, settings: CpSatSettings,
                 cancel: threading.Event | None = None) -> PeopleBound:
    """Per-group caps (CP-SAT on each restricted problem) and the flow bound over them.

    The time limit is shared by the groups in proportion to their eligible pairs;
    time a quickly proven group leaves flows on to the rest. A cancelled run caps
    the groups not yet solved by the number of people who fit them (still valid).
    """
    started = time.perf_counter()
    groups = sorted({u.group for u in problem.units})
    sizes = {g: sum(1 for p in problem.people for u in p.eligible
                    if problem.units[u].group == g) for g in groups}
    caps: dict[int, int] = {}
    proven: set[int] = set()
    packings: dict[int, dict[int, dict[int, int]]] = {}
    remaining = sum(sizes.values())
    for g in sorted(groups, key=lambda g: sizes[g]):
        sub = restrict(problem, g)
        fitting = min(sum(1 for p in sub.people if p.eligible), holder_bound(sub, g))
        if fitting == 0 or (cancel is not None and cancel.is_set()):
            caps[g] = fitting
            if fitting == 0:
                proven.add(g)
            remaining -= sizes[g]
            continue
        left = settings.time_limit - (time.perf_counter() - started)
        budget = max(0.05, left * sizes[g] / max(1, remaining))
        remaining -= sizes[g]
        model = build_model(sub)
        # The counting bound as a cut: the search stops (OPTIMAL) once a packing reaches it.
        model.model.add(sum(model.place) <= fitting)
        model.model.maximize(sum(model.place))
        solver, stats = run_cpsat(model.model, replace(settings, time_limit=budget))
        if stats.status in ("OPTIMAL", "FEASIBLE"):
            parts = model.read(solver)
            packings[g] = {c: p for c, p in enumerate(parts) if p}
        if stats.status == "INFEASIBLE":  # only the empty packing: nobody fits here
            caps[g] = 0
        elif stats.bound is not None and math.isfinite(stats.bound):
            caps[g] = min(fitting, int(math.floor(stats.bound + 1e-6)))
        else:
            caps[g] = fitting
        if stats.status == "OPTIMAL" or len(packings.get(g, {})) >= caps[g]:
            proven.add(g)
    bound = flow_bound(problem, caps)
    return PeopleBound(bound, caps, proven, packings, time.perf_counter() - started)


def combined_packing(problem: CarveProblem, bound: PeopleBound) -> list[dict[int, int]]:
    """One valid solution from the per-group packings: each person kept in one group.

    People are kept where they are scarce: groups with the fewest packed people
    first, so a person packed in a small group stays there.
    """
    parts: list[dict[int, int]] = [{} for _ in problem.people]
    for g in sorted(bound.packings, key=lambda g: len(bound.packings[g])):
        for c, given in bound.packings[g].items():
            if not parts[c]:
                parts[c] = dict(given)
    return parts
