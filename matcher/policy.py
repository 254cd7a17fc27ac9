"""The redesign policy: every default rule of FORMATS.md section 2, as data.

A TOML file given with ``--config`` overrides any value; unknown keys are an error
naming the key, so a typo never silently leaves a default in force. Reports state
the values used (:meth:`Policy.as_report`).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator


class PolicyError(ValueError):
    """A configuration file that cannot be used; the message names file and key."""


class Policy(BaseModel):
    """Rule values for carving, bundling, fitting and the effect on cost.

    Attributes mirror FORMATS.md section 2; all are configurable.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    # When a task is carve-able.
    max_task_level: int = Field(2, ge=1, le=8)
    max_demand: int = Field(3, ge=1, le=5)
    require_below_role_level: bool = True
    max_keep_with_hours: float = Field(36.0, gt=0)
    # What a new function looks like.
    min_function_hours: float = Field(12.0, ge=0)
    max_function_hours: float = Field(36.0, gt=0)
    max_departments: int = Field(1, ge=1)
    max_times_of_day: int = Field(1, ge=1)
    max_tasks_per_function: int = Field(8, ge=1)
    min_part_hours: float = Field(2.0, gt=0)
    # Money and jobs.
    new_function_hourly_cost: float = Field(22.0, ge=0)
    jobs_agreement_hours: float = Field(25.5, gt=0)
    weeks_per_year: int = Field(52, ge=1)
    # Fitting people.
    max_level_without_own_level: int = Field(2, ge=1, le=8)
    # Reading an inventory: a role's tasks may exceed headcount x contract hours by
    # this share and be only a warning; beyond it the inventory is refused.
    max_role_hours_excess: float = Field(0.10, ge=0)

    @model_validator(mode="after")
    def _hours_window(self) -> Policy:
        if self.min_function_hours > self.max_function_hours:
            raise ValueError("min_function_hours is above max_function_hours")
        return self

    @classmethod
    def from_toml(cls, path: str | Path | None) -> Policy:
        """Read a policy from a TOML file (flat keys, or under a ``[policy]`` table).

        Raises
        ------
        PolicyError
            When the file cannot be read or a key or value is wrong.
        """
        if path is None:
            return cls()
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise PolicyError(f"{path}: cannot read: {exc.strerror}") from None
        except tomllib.TOMLDecodeError as exc:
            raise PolicyError(f"{path}: not valid TOML: {exc}") from None
        values = data.get("policy", data)
        try:
            return cls(**values)
        except ValidationError as exc:
            lines = [
                f"{path}, key {'.'.join(str(p) for p in err['loc']) or '-'}: {err['msg']}"
                for err in exc.errors()
            ]
            raise PolicyError("\n".join(lines)) from None

    def as_report(self) -> dict[str, float | int | bool]:
        """The values in force, for the JSON report."""
        return self.model_dump()
