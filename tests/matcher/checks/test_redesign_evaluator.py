"""The redesign evaluator: the rules test_redesign.py does not feed it, and its data."""

from __future__ import annotations

from dataclasses import replace

from matcher.checks.redesign import evaluate
from matcher.policy import Policy
from matcher.redesign.functions import NewFunction, TaskPart
from taskmodels.models import Inventory, Role, Task


def _inv() -> Inventory:
    roles = (Role(role="R", department="A", headcount=3, contract_hours=36, hourly_cost=40,
                  level=4),)
    tasks = [Task(task_id=t, task=t, role="R", hours_per_week=h, level=1, separable=True,
                  department="A", keep_with=kw, demands={})
             for t, h, kw in [("S1", 14, ()), ("S2", 10, ()), ("K1", 30, ("K2",)),
                              ("K2", 10, ())]]
    return Inventory(organisation="o", roles=roles, tasks=tuple(tasks))


def _codes(*functions: NewFunction) -> list[str]:
    return [v.code for v in evaluate(_inv(), Policy(), list(functions)).violations]


def _fn(*parts: tuple[str, float]) -> NewFunction:
    return NewFunction.from_parts("NF-1", [TaskPart(t, h) for t, h in parts],
                                  _inv().task_by_id())


def test_a_valid_function_passes() -> None:
    assert _codes(_fn(("S1", 14))) == []


def test_a_part_of_an_unknown_task() -> None:
    fn = replace(_fn(("S1", 14)), parts=(TaskPart("S1", 14), TaskPart("X1", 2)))
    assert "check.redesign.unknown_task" in _codes(fn)


def test_a_function_without_known_tasks() -> None:
    fn = replace(_fn(("S1", 14)), parts=(TaskPart("X1", 14),))
    assert _codes(fn) == ["check.redesign.unknown_task", "check.redesign.empty"]


def test_the_same_task_twice_and_a_part_without_hours() -> None:
    found = _codes(_fn(("S1", 7), ("S1", 7)))
    assert "check.redesign.duplicate_part" in found
    assert "check.redesign.part_hours" in _codes(_fn(("S1", 14), ("S2", 0.0)))


def test_a_keep_with_group_above_its_ceiling() -> None:
    # K1 + K2 hold 40 hours, above the 36-hour ceiling for a group.
    assert "check.redesign.keep_with_hours" in _codes(_fn(("K1", 30), ("K2", 10)))


def test_violations_carry_subject_role_and_both_languages() -> None:
    [v] = evaluate(_inv(), Policy(), [_fn(("S2", 10))]).violations
    assert (v.code, v.rule, v.role_id, v.subject) == ("check.redesign.hours", "hours",
                                                      "NF-1", "NF-1")
    assert "12" in v.message_nl and "uur" in v.message_nl and "hours" in v.message_en
