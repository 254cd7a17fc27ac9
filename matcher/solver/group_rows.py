"""Valid rows for the person-to-group master (:mod:`matcher.solver.group_benders`).

Everything here holds for every solution of the joint carving model, so the master
built from it bounds people placed: where a person may be placed (``placeable_groups``),
the *hall rows* (people confined to a set of a group's units share those units' hours),
the *whole units* the master models (a whole unit goes to one person, who then works at
least its hours, and its hours are lost to everybody when nobody takes it), and which
people are at least as hard to place as another (for lifting the learnt cuts).
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher.solver.carving import CarveProblem, achievable_window

#: Most master variables spent on who takes which whole unit (see :func:`whole_unit_takers`).
TAKER_LIMIT = 1500


def group_hours(problem: CarveProblem) -> dict[int, int]:
    """Hundredths of carve-able work per group."""
    hours: dict[int, int] = {}
    for u in problem.units:
        hours[u.group] = hours.get(u.group, 0) + u.hours
    return hours


def placeable_groups(problem: CarveProblem, c: int) -> dict[int, int]:
    """Groups person ``c`` could be placed in alone, with their achievable minimum there.

    A group counts when the person's window is not empty and their eligible work in
    it reaches the minimum (else no solution places them there).
    """
    person = problem.people[c]
    lo, hi = achievable_window(problem, c)
    if lo > hi:
        return {}
    avail: dict[int, int] = {}
    for u in person.eligible:
        g = problem.units[u].group
        avail[g] = avail.get(g, 0) + problem.units[u].hours
    return {g: lo for g, h in avail.items() if h >= lo}


def union_closure(sets: set[frozenset[int]], limit: int) -> set[frozenset[int]]:
    """The unions of any of ``sets`` (each set itself included), at most ``limit`` of them.

    Only unions matter for a hall row: a set of units that is no union of eligible
    sets holds the same confined people as the union of the eligible sets inside it,
    with more hours. Past ``limit`` the smallest unions found so far and the union of
    all are kept (fewer rows, each still valid).
    """
    out = set(sets)
    frontier = set(sets)
    while frontier and len(out) < limit:
        grown = {a | b for a in frontier for b in sets} - out
        for units in sorted(grown, key=lambda e: (len(e), sorted(e))):
            if len(out) >= limit:
                break
            out.add(units)
        frontier = grown & out
    if sets:
        out.add(frozenset().union(*sets))
    return out


@dataclass(frozen=True)
class HallRow:
    """One row of a group: the people confined to ``units`` and those units' hours."""

    units: frozenset[int]
    people: list[int]
    hours: int


def whole_unit_takers(problem: CarveProblem, limit: int = TAKER_LIMIT,
                      ) -> dict[int, list[int]]:
    """Per whole unit, who could take it, for the units the master models.

    A taker may do the unit, has an achievable maximum of at least its hours and room
    for its tasks. Units nobody can take (their hours serve nobody) and units that can
    waste hours first (more hours than some taker's
    minimum: a taker then works above their minimum), largest first; then the others,
    largest first, while the takers in all stay within ``limit`` (each is a master
    variable; on a generated case of 12 departments every unit in the master made it
    too slow to prove anything in 40 s).
    """
    # Each person's window and groups once: both walk all of the person's units.
    window = [achievable_window(problem, c) for c in range(len(problem.people))]
    groups = [placeable_groups(problem, c) for c in range(len(problem.people))]
    found: list[tuple[bool, int, int, list[int]]] = []
    for u, d in enumerate(problem.units):
        if d.splittable or d.n_tasks > problem.max_tasks:
            continue
        takers = [c for c, person in enumerate(problem.people)
                  if u in person.eligible and d.group in groups[c] and window[c][1] >= d.hours]
        # A unit nobody can take has hours that serve nobody: modelled at no cost.
        wastes = not takers or d.hours > min(window[c][0] for c in takers)
        found.append((not wastes, -d.hours, u, takers))
    out: dict[int, list[int]] = {}
    used = 0
    for wastes_not, _, u, takers in sorted(found):
        if not wastes_not or used + len(takers) <= limit:
            out[u] = takers
            used += len(takers)
    return out


def hall_rows(problem: CarveProblem, limit: int = 2000,
              whole: dict[int, list[int]] | None = None) -> dict[int, list[HallRow]]:
    """Per group, hours knapsacks over the people confined to a set of its units.

    For a set ``R`` of group ``g``'s units, everybody placed in ``g`` whose eligible
    units there all lie in ``R`` takes at least their achievable minimum from ``R``'s
    hours: ``sum_{c: E_cg in R} lo_c y[c, g] <= hours(R)``. One row per union of
    distinct eligible sets (at most ``limit`` per group, see :func:`union_closure`),
    always including each set and the union of all (units nobody may do carry no
    hours to share). A row is kept when some choice of people could break it, counting
    for the modelled whole units of ``R`` (``whole``, see :func:`whole_unit_takers`)
    the most each can add in the master (its hours, see ``_Master``). Valid for every
    solution, as the plain knapsack is.
    """
    whole = whole or {}
    reach: dict[int, dict[int, frozenset[int]]] = {}
    lo: dict[int, int] = {}
    for c in range(len(problem.people)):
        options = placeable_groups(problem, c)
        for g, minimum in options.items():
            lo[c] = minimum
            units = frozenset(u for u in problem.people[c].eligible
                              if problem.units[u].group == g)
            reach.setdefault(g, {})[c] = units
    rows: dict[int, list[HallRow]] = {}
    for g, sets in reach.items():
        candidates = union_closure(set(sets.values()), limit)
        out = []
        for units in sorted(candidates, key=sorted):
            people = sorted(c for c, e in sets.items() if e <= units)
            hours = sum(problem.units[u].hours for u in units)
            extra = sum(problem.units[u].hours for u in units if u in whole)
            if sum(lo[c] for c in people) + extra > hours:
                out.append(HallRow(units, people, hours))
        rows[g] = out
    return rows



def harder_people(problem: CarveProblem) -> dict[tuple[int, int], list[int]]:
    """Per (person ``c``, group ``g``) the other people at least as hard to place in ``g``.

    ``d`` is harder than ``c`` in ``g`` when ``d``'s eligible units in ``g`` are among
    ``c``'s and ``lo_c <= lo_d <= hi_d <= hi_c``: a package is valid for a person
    through its units, its hours total and the task limit (the same for all), so
    every package valid for ``d`` in ``g`` is valid for ``c``. (Fit bonuses do not
    bear on validity.)
    """
    reach: dict[int, list[tuple[int, frozenset[int]]]] = {}
    for c in range(len(problem.people)):
        for g in placeable_groups(problem, c):
            units = frozenset(u for u in problem.people[c].eligible
                              if problem.units[u].group == g)
            reach.setdefault(g, []).append((c, units))
    out: dict[tuple[int, int], list[int]] = {}
    for g, members in reach.items():
        for c, e_c in members:
            pc = problem.people[c]
            out[c, g] = [d for d, e_d in members if d != c and e_d <= e_c
                         and pc.lo <= problem.people[d].lo
                         and problem.people[d].hi <= pc.hi]
    return out
