"""More people placed by local search over who goes to which group, with exact group checks.

A carving solution is, per (department, time of day) *group*, the set of people
placed there and a packing of the group's work among them. Given the set, whether a
packing exists is a small feasibility question that CP-SAT answers in milliseconds
(:func:`matcher.solver.group_benders.check_group`: every person forced to be placed),
while CP-SAT's own search for *which* people to place stalls: on
``gemeente_heuvelland`` it finds 14 people in one group in 30 s where a set of 15
checks feasible in 20 ms. So this search moves people, and lets CP-SAT only pack:

1. **insert**: a free person joins a group (smallest minimum hours first);
2. **move and insert**: a placed person moves to another group that can take them,
   and a free person takes the place left in the first;
3. **one out, two in**: a placed person makes room for two free people in their group
   (and is free again, for a later insert elsewhere).

Each accepted move places one more person; every group's set always has a packing
CP-SAT found, so the answer is valid at every step (the caller checks it again).
A cheap filter (the people's minimums must fit the hours of the units they may do,
per group) spares CP-SAT most hopeless checks; a check that runs out of time counts
as "no" (this is a search for answers, it proves nothing).
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, replace

from matcher.solver.carving import CarveProblem, achievable_window
from matcher.solver.cpsat import CpSatSettings
from matcher.solver.group_benders import check_group, placeable_groups


@dataclass
class SearchResult:
    """The improved answer and the search's figures."""

    parts: list[dict[int, int]]
    placed: int
    start_placed: int
    checks: int = 0
    moves: int = 0
    seconds: float = 0.0

    def as_report(self) -> dict[str, object]:
        """Figures for the ``solver`` object of a report."""
        return {"placed": self.placed, "start_placed": self.start_placed,
                "checks": self.checks, "moves": self.moves, "seconds": round(self.seconds, 3)}


class _Groups:
    """Per group the people placed there and their packing; cached exact checks."""

    def __init__(self, problem: CarveProblem, start: list[dict[int, int]],
                 settings: CpSatSettings, deadline: float, check_limit: float) -> None:
        self.problem = problem
        self.settings = settings
        self.deadline = deadline
        self.check_limit = check_limit
        self.options = {c: placeable_groups(problem, c) for c in range(len(problem.people))}
        self.lo = {c: achievable_window(problem, c)[0] for c in range(len(problem.people))}
        # Hours a person may draw on in each group: the units they may do there.
        self.reach: dict[tuple[int, int], frozenset[int]] = {}
        for c, person in enumerate(problem.people):
            by_group: dict[int, set[int]] = {}
            for u in person.eligible:
                by_group.setdefault(problem.units[u].group, set()).add(u)
            for g, units in by_group.items():
                self.reach[c, g] = frozenset(units)
        self.members: dict[int, set[int]] = {}
        self.packing: dict[int, dict[int, dict[int, int]]] = {}
        for c, given in enumerate(start):
            if given:
                g = problem.units[min(given)].group
                self.members.setdefault(g, set()).add(c)
                self.packing.setdefault(g, {})[c] = dict(given)
        self.cache: dict[tuple[int, frozenset[int]], dict[int, dict[int, int]] | None] = {}
        self.checks = 0

    def free(self) -> list[int]:
        """Placeable people in no group, smallest minimum first."""
        placed = {c for people in self.members.values() for c in people}
        return sorted((c for c, o in self.options.items() if o and c not in placed),
                      key=lambda c: (self.lo[c], c))

    def may_fit(self, g: int, people: frozenset[int]) -> bool:
        """Necessary: for each person's reachable units, the minimums of everyone
        confined to them fit those units' hours (a Hall condition, continuous hours)."""
        sets = {self.reach[c, g] for c in people}
        for units in sets:
            need = sum(self.lo[c] for c in people if self.reach[c, g] <= units)
            if need > sum(self.problem.units[u].hours for u in units):
                return False
        union = frozenset().union(*sets) if sets else frozenset()
        return sum(self.lo[c] for c in people) <= sum(self.problem.units[u].hours for u in union)

    def feasible(self, g: int, people: frozenset[int]) -> dict[int, dict[int, int]] | None:
        """A packing of ``g`` placing exactly ``people``, or None (none found)."""
        key = (g, people)
        if key in self.cache:
            return self.cache[key]
        if not self.may_fit(g, people):
            self.cache[key] = None
            return None
        left = self.deadline - time.perf_counter()
        if left <= 0.01:
            return None
        self.checks += 1
        status, packing = check_group(self.problem, g, sorted(people),
                                         replace(self.settings,
                                                 time_limit=min(self.check_limit, left)))
        found = packing if status == "FEASIBLE" else None
        self.cache[key] = found
        return found

    def set_group(self, g: int, packing: dict[int, dict[int, int]]) -> None:
        """Make ``packing`` group ``g``'s people and packing."""
        self.members[g] = set(packing)
        self.packing[g] = {c: dict(p) for c, p in packing.items()}

    def parts(self) -> list[dict[int, int]]:
        """Per person the parts of the current answer."""
        out: list[dict[int, int]] = [{} for _ in self.problem.people]
        for packing in self.packing.values():
            for c, p in packing.items():
                out[c] = dict(p)
        return out


def improve_by_groups(
    problem: CarveProblem, start: list[dict[int, int]], settings: CpSatSettings,
    cancel: threading.Event | None = None, check_limit: float = 0.5, greedy: bool = True,
) -> SearchResult:
    """Place more people than ``start`` (a valid answer) by the moves of the module docstring.

    Stops at the time limit, on cancel, or when no move places one more person.
    """
    started = time.perf_counter()
    deadline = started + settings.time_limit
    state = _Groups(problem, start, settings, deadline, check_limit)
    start_placed = sum(1 for p in start if p)
    for best_fit in (True, False) if greedy else ():
        fresh = _Groups(problem, [{} for _ in problem.people], settings, deadline, check_limit)
        fresh.cache, fresh.checks = state.cache, state.checks
        _greedy(fresh, best_fit)
        if sum(len(m) for m in fresh.members.values()) \
                > sum(len(m) for m in state.members.values()):
            state = fresh
        else:
            state.checks = fresh.checks
    moves = 0

    def stopped() -> bool:
        return time.perf_counter() >= deadline or (cancel is not None and cancel.is_set())

    def members(g: int) -> frozenset[int]:
        return frozenset(state.members.get(g, set()))

    def insert() -> bool:
        for c in state.free():
            for g in sorted(state.options[c], key=lambda g: len(state.members.get(g, ()))):
                if stopped():
                    return False
                found = state.feasible(g, members(g) | {c})
                if found is not None:
                    state.set_group(g, found)
                    return True
        return False

    def move_and_insert() -> bool:
        free = state.free()
        for g1 in sorted(state.members):
            for m in sorted(state.members[g1], key=lambda c: -state.lo[c]):
                takers = [c for c in free if g1 in state.options[c]]
                if not takers:
                    break
                # Only worth moving m when some free person fits g1 without m.
                without = members(g1) - {m}
                ins = [c for c in takers if state.may_fit(g1, without | {c})]
                if not ins:
                    continue
                for g2 in state.options[m]:
                    if g2 == g1 or stopped():
                        continue
                    if not state.may_fit(g2, members(g2) | {m}):
                        continue
                    for c in ins:
                        if stopped():
                            return False
                        here = state.feasible(g1, without | {c})
                        if here is None:
                            continue
                        there = state.feasible(g2, members(g2) | {m})
                        if there is None:
                            break
                        state.set_group(g1, here)
                        state.set_group(g2, there)
                        return True
        return False

    def one_out_two_in() -> bool:
        free = state.free()
        for g in sorted(state.members):
            takers = [c for c in free if g in state.options[c]]
            if len(takers) < 2:
                continue
            for m in sorted(state.members[g], key=lambda c: -state.lo[c]):
                without = members(g) - {m}
                for a, b in itertools.combinations(takers, 2):
                    if stopped():
                        return False
                    found = state.feasible(g, without | {a, b})
                    if found is not None:
                        state.set_group(g, found)
                        return True
        return False

    def swap_down() -> bool:
        # No person more, but a smaller one: the group keeps more hours for others.
        free = state.free()
        for g in sorted(state.members):
            takers = [c for c in free if g in state.options[c]]
            for m in sorted(state.members[g], key=lambda c: -state.lo[c]):
                without = members(g) - {m}
                for c in takers:
                    if state.lo[c] >= state.lo[m]:
                        break
                    if stopped():
                        return False
                    found = state.feasible(g, without | {c})
                    if found is not None:
                        state.set_group(g, found)
                        return True
        return False

    while not stopped():
        if insert() or move_and_insert() or one_out_two_in():
            moves += 1
            continue
        if swap_down():  # a smaller total of minimums: this ends, and opens inserts
            moves += 1
            continue
        break
    parts = state.parts()
    placed = sum(1 for p in parts if p)
    if placed < start_placed:  # cannot happen: no move removes a person
        parts, placed = start, start_placed
    return SearchResult(parts, placed, start_placed, state.checks, moves,
                        time.perf_counter() - started)


def _greedy(state: _Groups, best_fit: bool) -> None:
    """Smallest people first, each into the group that keeps the least (``best_fit``) or
    the most hours to spare."""
    hours: dict[int, int] = {}
    for d in state.problem.units:
        hours[d.group] = hours.get(d.group, 0) + d.hours
    for c in state.free():
        if time.perf_counter() >= state.deadline:
            return

        def spare(g: int, c: int = c) -> int:
            return hours[g] - sum(state.lo[k] for k in state.members.get(g, ())) - state.lo[c]

        order = sorted((g for g in state.options[c] if spare(g) >= 0),
                       key=lambda g: spare(g) if best_fit else -spare(g))
        for g in order:
            found = state.feasible(g, frozenset(state.members.get(g, set())) | {c})
            if found is not None:
                state.set_group(g, found)
                break
