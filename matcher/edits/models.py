"""Edits a consultant or job coach makes to a proposal, as small pydantic models.

Each edit names what it changes by the report's own ids (FORMATS.md section 5). An
edit that breaks a rule is still applied; the verdict of the edited report flags it
(:mod:`matcher.checks.verdict`). An edit that cannot be applied at all (a task or
function that is not there) raises :class:`EditError`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class EditError(ValueError):
    """An edit that cannot be applied to this report (names an unknown id)."""


class _Edit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MovePart(_Edit):
    """Move ``hours`` of task ``task_id`` from one function to another.

    ``from_role`` is a new function of the report, or ``None`` (or the task's own
    current role) for hours that are still with the current function. ``to_role``
    is a new function (created when the id is new), or ``None`` to give the hours
    back to the current function.
    """

    kind: Literal["move_part"] = "move_part"
    task_id: str
    hours: float = Field(gt=0)
    from_role: str | None = None
    to_role: str | None = None


class RemoveFunction(_Edit):
    """Take a new function out: its hours go back to the current roles."""

    kind: Literal["remove_function"] = "remove_function"
    role_id: str


class LockTask(_Edit):
    """Keep a task out of redesign: its hours go back, and it may not be carved again."""

    kind: Literal["lock_task"] = "lock_task"
    task_id: str


class PinMatch(_Edit):
    """Place this person in this function (replacing whoever held either)."""

    kind: Literal["pin_match"] = "pin_match"
    candidate_id: str
    role_id: str


class ForbidMatch(_Edit):
    """Never place this person in this function."""

    kind: Literal["forbid_match"] = "forbid_match"
    candidate_id: str
    role_id: str


Edit = Annotated[MovePart | RemoveFunction | LockTask | PinMatch | ForbidMatch,
                 Field(discriminator="kind")]
"""Any edit; ``kind`` tells them apart in JSON (``{"kind": "lock_task", "task_id": "T3"}``)."""
