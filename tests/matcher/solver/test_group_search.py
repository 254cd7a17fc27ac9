"""The local search over groups: valid answers, never fewer people, never above the optimum.

The optimum and the rule check come from the brute force of ``test_group_benders`` (its
own enumeration and its own check of the carving rules, no solver helper).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from matcher.solver.carving import CarveProblem, PersonData
from matcher.solver.cpsat import CpSatSettings
from matcher.solver.group_search import improve_by_groups
from tests.matcher.solver.test_group_benders import split, tiny, truth, valid

FAST = CpSatSettings(time_limit=3, workers=1)


def test_small_people_go_where_only_small_people_fit() -> None:
    # Group 0 has 6 h, group 1 has 8 h. Two 3-hour people, one 8-hour person; all fit
    # both groups. The start puts a 3-hour person in group 1, where the 8-hour person
    # then cannot go: 2 placed. The search moves them and places all 3.
    units = (split(600, 0), split(800, 1))
    people = tuple(PersonData(lo, 800, {0: 0, 1: 0}) for lo in (300, 300, 800))
    problem = CarveProblem(units, people, 8)
    start = [{0: 300}, {1: 300}, {}]
    assert valid(problem, start)
    result = improve_by_groups(problem, start, FAST, greedy=False)
    assert result.start_placed == 2
    assert result.placed == 3 == truth(problem)
    assert valid(problem, result.parts)
    assert result.parts[2] == {1: 800}


def test_one_person_makes_room_for_two() -> None:
    # One 8-hour group: a 7-hour person holds it; two 4-hour people fit instead.
    units = (split(800, 0),)
    people = (PersonData(700, 800, {0: 0}), PersonData(400, 800, {0: 0}),
              PersonData(400, 800, {0: 0}))
    problem = CarveProblem(units, people, 8)
    result = improve_by_groups(problem, [{0: 700}, {}, {}], FAST, greedy=False)
    assert result.placed == 2 == truth(problem)
    assert valid(problem, result.parts)
    assert not result.parts[0]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny())
def test_the_search_stays_valid_and_below_the_optimum(problem: CarveProblem) -> None:
    empty: list[dict[int, int]] = [{} for _ in problem.people]
    result = improve_by_groups(problem, empty, FAST)
    assert valid(problem, result.parts)
    assert result.placed == sum(1 for p in result.parts if p)
    assert truth(problem) >= result.placed >= 0
