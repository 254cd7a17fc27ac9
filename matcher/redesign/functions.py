"""A new function (a bundle of carved task parts) and its derived properties.

The derived properties follow FORMATS.md section 2: the demand on a dimension is the
highest demand of its tasks, lifting is the heaviest lift, and the function is
evening / night / weekend / customer-contact work when any of its tasks is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import Task


@dataclass(frozen=True)
class TaskPart:
    """Some hours of one task moved into a new function."""

    task_id: str
    hours: float


@dataclass(frozen=True)
class NewFunction:
    """A proposed new function, with the profile a person must fit.

    Build one with :meth:`from_parts` so that every derived field is consistent
    with its tasks.
    """

    role_id: str
    department: str
    time_of_day: str
    parts: tuple[TaskPart, ...]
    demands: dict[str, int]
    level: int
    lifting_kg: float
    evening: bool
    night: bool
    weekend: bool
    customer_contact: bool
    candidate_id: str | None = None
    relieves: dict[str, float] = field(default_factory=dict)

    @property
    def hours(self) -> float:
        """Weekly hours at standard pace."""
        return sum(p.hours for p in self.parts)

    @property
    def task_ids(self) -> tuple[str, ...]:
        """Ids of the tasks it holds (each once)."""
        return tuple(dict.fromkeys(p.task_id for p in self.parts))

    @classmethod
    def from_parts(
        cls,
        role_id: str,
        parts: list[TaskPart] | tuple[TaskPart, ...],
        tasks: dict[str, Task],
        candidate_id: str | None = None,
    ) -> NewFunction:
        """Derive department, time, demand profile and conditions from the parts."""
        chosen = [tasks[p.task_id] for p in parts]
        if not chosen:
            raise ValueError(f"new function {role_id} has no tasks")
        demands = {d: max(t.demands[d] for t in chosen) for d in DIMENSION_IDS}
        relieves: dict[str, float] = {}
        for p in parts:
            role = tasks[p.task_id].role
            relieves[role] = relieves.get(role, 0.0) + p.hours
        times = {t.time_of_day for t in chosen}
        return cls(
            role_id=role_id,
            department="; ".join(sorted({t.department for t in chosen})),
            time_of_day="; ".join(sorted(times)),
            parts=tuple(parts),
            demands=demands,
            level=max(t.level for t in chosen),
            lifting_kg=max(t.lifting_kg for t in chosen),
            evening="evening" in times,
            night="night" in times,
            weekend=any(t.weekend for t in chosen),
            customer_contact=any(t.customer_contact for t in chosen),
            candidate_id=candidate_id,
            relieves=relieves,
        )

    def as_report(self) -> dict[str, object]:
        """The ``roles`` entry of the JSON report (FORMATS.md section 4)."""
        return {
            "role_id": self.role_id,
            "department": self.department,
            "time_of_day": self.time_of_day,
            "hours_per_week": round(self.hours, 2),
            "tasks": [{"task_id": p.task_id, "hours": p.hours} for p in self.parts],
            "demands": dict(self.demands),
            "level": self.level,
            "lifting_kg": self.lifting_kg,
            "evening": self.evening,
            "night": self.night,
            "weekend": self.weekend,
            "customer_contact": self.customer_contact,
            "relieves": {k: round(v, 2) for k, v in self.relieves.items()},
            "candidate_id": self.candidate_id,
        }
