"""Tiny hand-checkable tasks for the redesign tests."""

from __future__ import annotations

from taskmodels.models import Task


def task(task_id: str, hours: float, role: str = "Verpleegkundige", **fields: object) -> Task:
    """A separable level-1 task of ``role`` (Kok works in Keuken, others in Afdeling A)."""
    dep = "Keuken" if role == "Kok" else "Afdeling A"
    base: dict[str, object] = dict(task_id=task_id, task=task_id, role=role, hours_per_week=hours,
                                   level=1, separable=True, department=dep, demands={})
    base.update(fields)
    return Task(**base)
