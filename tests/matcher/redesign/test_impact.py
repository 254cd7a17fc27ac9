"""Effect on staff and cost, checked by hand on two roles and two functions."""

from __future__ import annotations

import pytest

from matcher.policy import Policy
from matcher.redesign.functions import NewFunction, TaskPart
from matcher.redesign.impact import compute_impact
from taskmodels.models import Inventory, Role, Task

ROLES = (
    Role(role="Verpleegkundige", department="Afdeling A", headcount=10, contract_hours=32,
         hourly_cost=45, level=4),
    Role(role="Assistent", department="Afdeling A", headcount=0, contract_hours=24,
         hourly_cost=20, level=3),
)
TASKS = (
    Task(task_id="T1", task="Bedden", role="Verpleegkundige", hours_per_week=20, level=1,
         separable=True, department="Afdeling A", demands={}),
    Task(task_id="T2", task="Zorg", role="Verpleegkundige", hours_per_week=300, level=4,
         separable=False, department="Afdeling A", demands={}),
    Task(task_id="A1", task="Vullen", role="Assistent", hours_per_week=10, level=2,
         separable=True, department="Afdeling A", demands={}),
)
INV = Inventory(organisation="o", roles=ROLES, tasks=TASKS)
TASK_BY_ID = INV.task_by_id()


def impact(*functions: NewFunction, policy: Policy | None = None):
    policy = policy or Policy()
    return compute_impact(INV, policy, list(functions))


F1 = NewFunction.from_parts("NF-AA-1", [TaskPart("T1", 14), TaskPart("A1", 10)], TASK_BY_ID)
F2 = NewFunction.from_parts("NF-AA-2", [TaskPart("T1", 6)], TASK_BY_ID)


def test_freed_hours_before_and_after_per_role():
    nurse, assistant = impact(F1, F2).roles
    assert (nurse.hours_before, nurse.freed_hours, nurse.hours_after) == (320, 20, 300)
    # No headcount recorded: the task hours stand in for the role's hours.
    assert (assistant.hours_before, assistant.freed_hours, assistant.hours_after) == (10, 10, 0)


def test_share_of_hours_below_level():
    nurse, assistant = impact().roles
    assert nurse.below_level_share == pytest.approx(20 / 320)
    assert assistant.below_level_share == 1.0


def test_annual_saving_is_role_cost_minus_new_cost_times_52_weeks():
    result = impact(F1, F2)
    nurse, assistant = result.roles
    assert nurse.annual_saving_eur == pytest.approx(20 * (45 - 22) * 52)
    assert assistant.annual_saving_eur == pytest.approx(10 * (20 - 22) * 52)  # costs money
    assert result.annual_saving_eur == pytest.approx(20 * 23 * 52 - 10 * 2 * 52)


def test_new_cost_and_weeks_come_from_policy():
    result = impact(F2, policy=Policy(new_function_hourly_cost=25, weeks_per_year=50))
    assert result.annual_saving_eur == pytest.approx(6 * (45 - 25) * 50)


def test_jobs_agreement_jobs_are_hours_over_25_5():
    result = impact(F1, F2)
    assert result.carved_hours == 30
    assert result.jobs_agreement_jobs == pytest.approx(30 / 25.5)
    assert result.roles[0].jobs_agreement_jobs == pytest.approx(20 / 25.5)


def test_per_function_relief_and_saving():
    result = impact(F1, F2)
    first = result.functions[0]
    assert first.relieves == {"Verpleegkundige": 14, "Assistent": 10}
    assert first.annual_saving_eur == pytest.approx(14 * 23 * 52 - 10 * 2 * 52)


def test_report_has_the_contract_keys():
    report = impact(F1, F2).as_report()
    assert {"carved_hours", "jobs_agreement_jobs", "annual_saving_eur",
            "freed_hours_by_role"} <= set(report)
    assert report["freed_hours_by_role"] == {"Verpleegkundige": 20, "Assistent": 10}
