"""The person-to-group decomposition: its bound is proven, its answers are valid.

The brute force here is written out in plain Python (its own enumeration and its own
check of the carving rules, no solver helper), so that a wrong model and a wrong
check cannot agree by sharing code.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.solver.carving import CarveProblem, PersonData, UnitData
from matcher.solver.cpsat import CpSatSettings
from matcher.solver.group_benders import (
    _Master,
    benders,
    check_group,
    hall_rows,
    harder_people,
    shrink_core,
)
from matcher.solver.people_bound import group_bounds
from matcher.solver.pool_design import solve_with_people_bound

FAST = CpSatSettings(time_limit=3, workers=1)


def whole(hours: int, group: int, tasks: int = 1) -> UnitData:
    return UnitData(hours, False, 0, 0, 2, tasks, group)


def split(hours: int, group: int) -> UnitData:
    return UnitData(hours, True, hours // 100, hours % 100, 2, 1, group)


def valid(problem: CarveProblem, parts: list[dict[int, int]]) -> bool:
    """The carving rules of the dense problem, checked from scratch."""
    holders: dict[int, int] = {}
    hours_used: dict[int, int] = {}
    carriers: dict[int, int] = {}
    for c, package in enumerate(parts):
        if not package:
            continue
        person = problem.people[c]
        if not set(package) <= set(person.eligible):
            return False
        if len({problem.units[u].group for u in package}) > 1:
            return False
        total = sum(package.values())
        if total < person.lo or total > person.hi:
            return False
        if sum(problem.units[u].n_tasks for u in package) > problem.max_tasks:
            return False
        for u, h in package.items():
            unit = problem.units[u]
            if not unit.splittable:
                if h != unit.hours:
                    return False
                holders[u] = holders.get(u, 0) + 1
            else:
                full, rest = h // 100, h % 100
                if full < unit.min_part or rest not in (0, unit.fraction):
                    return False
                hours_used[u] = hours_used.get(u, 0) + full
                if rest:
                    carriers[u] = carriers.get(u, 0) + 1
    if any(n > 1 for n in holders.values()) or any(n > 1 for n in carriers.values()):
        return False
    return all(hours_used[u] <= problem.units[u].whole_hours for u in hours_used)


def truth(problem: CarveProblem, group: int | None = None,
          among: set[int] | None = None) -> int:
    """The most people any valid solution places, by trying every way to hand out work.

    With ``group`` and ``among``: the most of ``among`` placed in that one group (the
    other people and the other groups' units left out).
    """
    if group is not None:
        people = tuple(
            PersonData(p.lo, p.hi, {u: b for u, b in p.eligible.items()
                                    if c in (among or set()) and problem.units[u].group == group})
            for c, p in enumerate(problem.people))
        problem = CarveProblem(problem.units, people, problem.max_tasks)
    offers = []
    for k, unit in enumerate(problem.units):
        takers = [c for c, p in enumerate(problem.people) if k in p.eligible]
        if not unit.splittable:
            offers.append([{}] + [{c: unit.hours} for c in takers])
            continue
        options = []
        sizes = [0] + list(range(unit.min_part, unit.whole_hours + 1))
        for ks in itertools.product(sizes, repeat=len(takers)):
            if sum(ks) > unit.whole_hours:
                continue
            got = [c for c, n in zip(takers, ks, strict=True) if n]
            for carrier in [None] + (got if unit.fraction else []):
                options.append({c: 100 * n + (unit.fraction if c == carrier else 0)
                                for c, n in zip(takers, ks, strict=True) if n})
        offers.append(options)
    best = 0
    for combo in itertools.product(*offers):
        parts: list[dict[int, int]] = [{} for _ in problem.people]
        for k, offer in enumerate(combo):
            for c, h in offer.items():
                parts[c][k] = h
        if valid(problem, parts):
            best = max(best, sum(1 for p in parts if p))
    return best


def test_small_people_are_scarce_and_the_bound_knows_it() -> None:
    # Two groups of 6 h. Two people need 3 h, two need 4 h; everyone fits both.
    # Alone, each group holds 2 (the two 3-hour people), so the flow bound says 4;
    # but a 4-hour person leaves room for nobody else: at most 2 + 1 = 3.
    units = (split(600, 0), split(600, 1))
    people = tuple(PersonData(lo, 600, {0: 0, 1: 0}) for lo in (300, 300, 400, 400))
    problem = CarveProblem(units, people, 8)
    assert truth(problem) == 3
    caps = group_bounds(problem, FAST)
    assert caps.bound == 4
    result = benders(problem, caps.caps, FAST)
    assert result.bound == 3
    assert result.placed == 3 and result.proven
    assert valid(problem, result.parts)
    design = solve_with_people_bound(problem, FAST)
    assert design.placed == 3 and design.placed_bound == 3
    assert valid(problem, design.solution.parts)


def test_people_confined_to_a_small_task_share_its_hours() -> None:
    # One group: a 6-hour task only the two 4-hour people may do, a 20-hour task only
    # the third person may do. The group's 26 hours hold all three minimums (4 + 4 + 12),
    # but the two small people both live on 6 hours: at most one of them. Without caps,
    # the master's row over the 6-hour task alone says so.
    units = (split(600, 0), split(2000, 0))
    people = (PersonData(400, 600, {0: 0}), PersonData(400, 600, {0: 0}),
              PersonData(1200, 2000, {1: 0}))
    problem = CarveProblem(units, people, 8)
    assert truth(problem) == 2
    rows = hall_rows(problem)[0]
    assert ([0, 1], 600) in [(row.people, row.hours) for row in rows]
    result = benders(problem, {}, FAST)
    assert result.bound == 2 and result.placed == 2 and result.proven
    assert valid(problem, result.parts)


def test_a_whole_unit_nobody_can_take_gives_no_hours() -> None:
    # A 10-hour whole unit beside a 6-hour task; three people of 3-6 hours may do both.
    # The 16 hours hold three minimums, but nobody can work 10 hours: 6 hours are left
    # to share, so two people at most, and the master's row counts the unit as lost.
    units = (whole(1000, 0), split(600, 0))
    people = tuple(PersonData(300, 600, {0: 0, 1: 0}) for _ in range(3))
    problem = CarveProblem(units, people, 8)
    assert truth(problem) == 2
    result = benders(problem, {}, FAST)
    assert result.rounds == 1 and result.bound == 2 and result.placed == 2
    assert valid(problem, result.parts)


def test_a_large_whole_unit_makes_its_taker_work_its_hours() -> None:
    # A 9-hour whole unit and a 5-hour task (14 hours). Three people need at least
    # 4 hours; only person 0 (up to 10 hours) can take the large unit. Minimums alone
    # allow three (12 <= 14), but whoever takes the unit works 9 of the 14 hours, and
    # leaving it idle leaves 5: two at most, which the master knows before any check.
    units = (whole(900, 0), split(500, 0))
    people = (PersonData(400, 1000, {0: 0, 1: 0}), PersonData(400, 500, {0: 0, 1: 0}),
              PersonData(400, 500, {1: 0}))
    problem = CarveProblem(units, people, 8)
    assert truth(problem) == 2
    master = _Master(problem, {})
    _, bound = master.solve(FAST, None)
    assert bound == 2
    assert (0, 0) in master.z and (1, 0) not in master.z


def test_a_group_check_names_people_who_cannot_share() -> None:
    # One whole 14-hour unit and nothing else: two people cannot both be placed.
    units = (whole(1400, 0), split(600, 0))
    people = (PersonData(1200, 2000, {0: 0, 1: 0}), PersonData(1200, 2000, {0: 0, 1: 0}),
              PersonData(200, 600, {1: 0}))
    problem = CarveProblem(units, people, 8)
    status, packing = check_group(problem, 0, [0, 1], FAST)
    assert status == "INFEASIBLE" and not packing
    assert shrink_core(problem, 0, [0, 1], FAST, float("inf")) == [0, 1]
    status, packing = check_group(problem, 0, [0, 2], FAST)
    assert status == "FEASIBLE" and set(packing) == {0, 2}
    assert valid(problem, [packing.get(c, {}) for c in range(3)])


@st.composite
def tiny(draw) -> CarveProblem:
    """Up to 3 units in up to 3 groups, up to 4 people with small windows."""
    units = []
    for _ in range(draw(st.integers(1, 3))):
        group = draw(st.integers(0, 2))
        if draw(st.booleans()):
            units.append(split(draw(st.integers(4, 5)) * 100
                               + draw(st.sampled_from([0, 50])), group))
        else:
            units.append(whole(draw(st.sampled_from([200, 300, 400, 600])), group,
                               draw(st.integers(1, 2))))
    people = []
    for _ in range(draw(st.integers(1, 4))):
        lo = draw(st.sampled_from([200, 250, 300, 500]))
        hi = lo + draw(st.sampled_from([0, 150, 400]))
        eligible = draw(st.lists(st.integers(0, len(units) - 1), unique=True))
        people.append(PersonData(lo, hi, {k: 0 for k in eligible}))
    return CarveProblem(tuple(units), tuple(people), draw(st.integers(1, 3)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny())
def test_bound_at_least_the_optimum_at_least_the_answer(problem: CarveProblem) -> None:
    best = truth(problem)
    caps = group_bounds(problem, FAST)
    result = benders(problem, caps.caps, FAST)
    assert valid(problem, result.parts)
    assert result.bound >= best >= result.placed
    design = solve_with_people_bound(problem, FAST)
    assert valid(problem, design.solution.parts)
    assert design.placed_bound >= best >= design.placed


def test_a_harder_person_replaces_a_core_member() -> None:
    # One whole 14-hour unit: persons 0 and 1 cannot share it. Person 2 may do only
    # that unit, with a window inside person 1's: harder, so {0, 2} is cut as well.
    units = (whole(1400, 0), split(600, 0))
    people = (PersonData(1200, 2000, {0: 0, 1: 0}), PersonData(1200, 2000, {0: 0, 1: 0}),
              PersonData(1400, 1800, {0: 0}), PersonData(200, 600, {1: 0}))
    problem = CarveProblem(units, people, 8)
    harder = harder_people(problem)
    assert 2 in harder[1, 0] and 2 in harder[0, 0] and 3 not in harder[1, 0]
    master = _Master(problem, {})
    assert master.lifted_cuts(0, [0, 1]) >= 2
    assert (0, [0, 2]) in master.cuts and (0, [1, 2]) in master.cuts
    assert truth(problem, 0, {0, 2}) == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny())
def test_every_learnt_cut_holds_by_brute_force(problem: CarveProblem) -> None:
    # Whatever the master may learn from a proven core or a lifted swap,
    # the brute force confirms: that many of those people never share the group.
    master = _Master(problem, {})
    groups = {u.group for u in problem.units}
    for g in groups:
        takers = [c for c in range(len(problem.people)) if (c, g) in master.y]
        if len(takers) < 2:
            continue
        if check_group(problem, g, takers, FAST)[0] != "INFEASIBLE":
            continue
        core = shrink_core(problem, g, takers, FAST, float("inf"))
        master.cut(g, core)
        master.lifted_cuts(g, core)
    for g, people in master.cuts:
        assert truth(problem, g, set(people)) <= len(people) - 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny())
def test_the_master_alone_never_cuts_off_the_optimum(problem: CarveProblem) -> None:
    # Hall rows with who takes each whole unit, before any learnt cut: a relaxation,
    # so its proven bound is at least the brute-force optimum.
    _, bound = _Master(problem, {}).solve(FAST, None)
    assert bound is not None and bound >= truth(problem)
