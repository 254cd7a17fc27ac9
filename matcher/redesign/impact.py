"""The effect of a redesign on today's staff and on cost, as management sees it.

Per current role: hours freed per week, the share of its hours that is work below
its level, hours before and after, the annual saving and jobs-agreement jobs. Per
new function: which roles it relieves and by how many hours. The saving of carved
hours is ``hours x (role hourly cost - new function hourly cost) x weeks``
(FORMATS.md section 2): the freed hours no longer cost the role's rate, the new
function does the same hours at its own rate.
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher.policy import Policy
from matcher.redesign.functions import NewFunction
from taskmodels.models import Inventory


@dataclass(frozen=True)
class RoleImpact:
    """The effect on one current role (all its people together)."""

    role: str
    department: str
    hours_before: float
    hours_after: float
    freed_hours: float
    below_level_hours: float
    below_level_share: float
    annual_saving_eur: float
    jobs_agreement_jobs: float

    def as_report(self) -> dict[str, object]:
        """As a JSON object (rounded for reading)."""
        return {
            "role": self.role, "department": self.department,
            "hours_before": round(self.hours_before, 2), "hours_after": round(self.hours_after, 2),
            "freed_hours": round(self.freed_hours, 2),
            "below_level_hours": round(self.below_level_hours, 2),
            "below_level_share": round(self.below_level_share, 4),
            "annual_saving_eur": round(self.annual_saving_eur, 2),
            "jobs_agreement_jobs": round(self.jobs_agreement_jobs, 2),
        }


@dataclass(frozen=True)
class FunctionImpact:
    """What one new function takes over, from whom, and what it saves."""

    role_id: str
    hours: float
    relieves: dict[str, float]
    annual_saving_eur: float
    jobs_agreement_jobs: float

    def as_report(self) -> dict[str, object]:
        """As a JSON object (rounded for reading)."""
        return {
            "role_id": self.role_id, "hours": round(self.hours, 2),
            "relieves": {k: round(v, 2) for k, v in self.relieves.items()},
            "annual_saving_eur": round(self.annual_saving_eur, 2),
            "jobs_agreement_jobs": round(self.jobs_agreement_jobs, 2),
        }


@dataclass(frozen=True)
class Impact:
    """The whole effect of a redesign."""

    roles: tuple[RoleImpact, ...]
    functions: tuple[FunctionImpact, ...]
    carved_hours: float
    jobs_agreement_jobs: float
    annual_saving_eur: float

    @property
    def freed_hours_by_role(self) -> dict[str, float]:
        """Hours freed per week, per role that gives up any."""
        return {r.role: r.freed_hours for r in self.roles if r.freed_hours > 0}

    def as_report(self) -> dict[str, object]:
        """The ``impact`` object of the JSON report (FORMATS.md section 4, plus detail)."""
        return {
            "carved_hours": round(self.carved_hours, 2),
            "jobs_agreement_jobs": round(self.jobs_agreement_jobs, 2),
            "annual_saving_eur": round(self.annual_saving_eur, 2),
            "freed_hours_by_role": {k: round(v, 2) for k, v in self.freed_hours_by_role.items()},
            "by_role": [r.as_report() for r in self.roles],
            "by_function": [f.as_report() for f in self.functions],
        }


def compute_impact(inventory: Inventory, policy: Policy, functions: list[NewFunction]) -> Impact:
    """The effect of ``functions`` on every current role and on cost.

    ``hours_before`` is headcount x contract hours; where that is zero (a role
    recorded without staff numbers) the sum of its task hours stands in, so the
    shares stay meaningful.
    """
    tasks = inventory.task_by_id()
    roles = inventory.role_by_name()
    new_cost = policy.new_function_hourly_cost
    weeks = policy.weeks_per_year
    freed: dict[str, float] = {}
    function_rows = []
    for fn in functions:
        saving = 0.0
        for p in fn.parts:
            role = tasks[p.task_id].role
            freed[role] = freed.get(role, 0.0) + p.hours
            saving += p.hours * (roles[role].hourly_cost - new_cost) * weeks
        function_rows.append(FunctionImpact(
            fn.role_id, fn.hours, dict(fn.relieves), saving, fn.hours / policy.jobs_agreement_hours,
        ))
    task_hours: dict[str, float] = {}
    below: dict[str, float] = {}
    for t in inventory.tasks:
        task_hours[t.role] = task_hours.get(t.role, 0.0) + t.hours_per_week
        if t.role in roles and t.level < roles[t.role].level:
            below[t.role] = below.get(t.role, 0.0) + t.hours_per_week
    role_rows = []
    for r in inventory.roles:
        before = r.total_hours or task_hours.get(r.role, 0.0)
        got = freed.get(r.role, 0.0)
        low = below.get(r.role, 0.0)
        role_rows.append(RoleImpact(
            role=r.role, department=r.department,
            hours_before=before, hours_after=before - got, freed_hours=got,
            below_level_hours=low, below_level_share=low / before if before else 0.0,
            annual_saving_eur=got * (r.hourly_cost - new_cost) * weeks,
            jobs_agreement_jobs=got / policy.jobs_agreement_hours,
        ))
    carved = sum(freed.values())
    return Impact(
        roles=tuple(role_rows),
        functions=tuple(function_rows),
        carved_hours=carved,
        jobs_agreement_jobs=carved / policy.jobs_agreement_hours,
        annual_saving_eur=sum(r.annual_saving_eur for r in role_rows),
    )
