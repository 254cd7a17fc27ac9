"""Edits to a proposal, re-checked: move task hours, remove a function, lock a task,
pin or forbid a match (FORMATS.md section 5, ``edit``)."""

from matcher.edits.apply import Edited, apply_edits
from matcher.edits.models import (
    Edit,
    EditError,
    ForbidMatch,
    LockTask,
    MovePart,
    PinMatch,
    RemoveFunction,
)

__all__ = ["Edit", "EditError", "Edited", "ForbidMatch", "LockTask", "MovePart", "PinMatch",
           "RemoveFunction", "apply_edits"]
