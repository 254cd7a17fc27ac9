"""The people-side bound and the pool-aware solve on tiny, hand-checkable problems."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.solver.carving import CarveProblem, PersonData, UnitData, hint_is_valid
from matcher.solver.cpsat import CpSatSettings
from matcher.solver.people_bound import flow_bound, group_bounds, holder_bound
from matcher.solver.pool_design import solve_with_people_bound

FAST = CpSatSettings(time_limit=3, workers=1)


def whole(hours: int, group: int = 0) -> UnitData:
    return UnitData(hours, False, 0, 0, 2, 1, group)


def split(hours: int, group: int = 0) -> UnitData:
    return UnitData(hours, True, hours // 100, hours % 100, 2, 1, group)


def test_a_large_whole_unit_serves_one_person_only() -> None:
    # 29 h keep_with-like whole unit + 81 h splittable; ten people who need 12 h each.
    units = (whole(2900), split(8100))
    people = tuple(PersonData(1200, 3600, {0: 0, 1: 0}) for _ in range(10))
    problem = CarveProblem(units, people, 8)
    # Without the holder argument: floor(110 / 12) = 9; with it 1 + floor(81 / 12) = 7.
    assert holder_bound(problem, 0) == 7


def test_flow_bound_counts_each_person_once() -> None:
    units = (split(2400, 0), split(2400, 1))
    people = (PersonData(1200, 2400, {0: 0, 1: 0}), PersonData(1200, 2400, {0: 0}),
              PersonData(1200, 2400, {0: 0}))
    problem = CarveProblem(units, people, 8)
    assert flow_bound(problem, {0: 1, 1: 1}) == 2
    assert flow_bound(problem, {0: 2, 1: 0}) == 2
    assert flow_bound(problem, {0: 3, 1: 3}) == 3


def _options(u: UnitData, eligible: list[int]) -> list[dict[int, int]]:
    if not u.splittable:
        return [{}] + [{c: u.hours} for c in eligible]
    choices = [0] + list(range(u.min_part, u.whole_hours + 1))
    out = []
    for ks in itertools.product(choices, repeat=len(eligible)):
        if sum(ks) > u.whole_hours:
            continue
        takers = [c for c, k in zip(eligible, ks, strict=True) if k]
        for carrier in [None] + (takers if u.fraction else []):
            out.append({c: 100 * k + (u.fraction if c == carrier else 0)
                        for c, k in zip(eligible, ks, strict=True) if k})
    return out


def most_placed(problem: CarveProblem) -> int:
    """Brute force: the most people any valid solution places."""
    per_unit = [_options(u, [c for c, p in enumerate(problem.people) if k in p.eligible])
                for k, u in enumerate(problem.units)]
    best = 0
    for combo in itertools.product(*per_unit):
        parts: list[dict[int, int]] = [{} for _ in problem.people]
        for k, offer in enumerate(combo):
            for c, h in offer.items():
                parts[c][k] = h
        if hint_is_valid(problem, parts):
            best = max(best, sum(1 for p in parts if p))
    return best


@st.composite
def tiny(draw) -> CarveProblem:
    units = []
    for _ in range(draw(st.integers(1, 3))):
        group = draw(st.integers(0, 1))
        if draw(st.booleans()):
            units.append(split(draw(st.integers(4, 6)) * 100 + draw(st.sampled_from([0, 50])), group))
        else:
            units.append(whole(draw(st.sampled_from([200, 300, 400, 600])), group))
    people = []
    for _ in range(draw(st.integers(1, 3))):
        lo = draw(st.sampled_from([200, 300, 500]))
        hi = lo + draw(st.sampled_from([0, 150, 400]))
        elig = draw(st.lists(st.integers(0, len(units) - 1), unique=True))
        people.append(PersonData(lo, hi, {k: 0 for k in elig}))
    return CarveProblem(tuple(units), tuple(people), draw(st.integers(1, 3)))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny())
def test_bound_is_valid_and_the_solve_is_optimal(problem: CarveProblem) -> None:
    truth = most_placed(problem)
    bound = group_bounds(problem, FAST)
    assert bound.bound >= truth
    assert all(holder_bound(problem, g) >= 0 for g in bound.caps)
    design = solve_with_people_bound(problem, FAST)
    assert hint_is_valid(problem, design.solution.parts)
    assert design.placed == truth
    assert design.placed_bound >= truth
