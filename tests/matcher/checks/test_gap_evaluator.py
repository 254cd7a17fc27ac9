"""The GAP evaluator recomputes cost and loads; fed broken answers it names each."""

from __future__ import annotations

import numpy as np

from matcher.checks.gap import check_gap_assignment
from matcher.gap.orlibrary import GapInstance


def _instance() -> GapInstance:
    return GapInstance(name="tiny", costs=np.array([[1, 5, 3], [4, 2, 6]]),
                       weights=np.array([[2, 2, 2], [1, 3, 1]]), capacities=np.array([4, 4]))


def test_a_valid_assignment_has_its_cost() -> None:
    check = check_gap_assignment(_instance(), [0, 1, 0])
    assert (check.feasible, check.cost, check.problems) == (True, 1 + 2 + 3, [])


def test_an_overloaded_agent() -> None:
    check = check_gap_assignment(_instance(), [0, 0, 0])  # agent 0 uses 6 of 4
    assert not check.feasible
    assert check.problems == ["agent 0 uses 6, capacity 4"]


def test_a_job_without_a_valid_agent() -> None:
    check = check_gap_assignment(_instance(), [0, 2, 1])
    assert not check.feasible and check.problems == ["job 1 has no valid agent (2)"]


def test_a_wrong_number_of_jobs() -> None:
    check = check_gap_assignment(_instance(), [0, 1])
    assert not check.feasible and "2 jobs assigned" in check.problems[0]
