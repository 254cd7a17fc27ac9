"""The redesign policy: every default rule of FORMATS.md section 2, as data.

A TOML file given with ``--config`` overrides any value; unknown keys are an error
naming the key, so a typo never silently leaves a default in force. Reports state
the values used (:meth:`Policy.as_report`).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from taskmodels.messages import DEFAULT_LANG, Message, msg


class PolicyError(ValueError):
    """A configuration file that cannot be used; each problem names file and key.

    ``messages`` are catalogue messages (codes ``policy.…``); ``str(error)`` is the
    Dutch text, one line per problem, and :meth:`text` renders another language.
    """

    def __init__(self, messages: list[Message]) -> None:
        self.messages = messages
        super().__init__(self.text(DEFAULT_LANG))

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """Every problem in ``lang``, one line each."""
        return "\n".join(m.render(lang) for m in self.messages)


# pydantic error types with a text of our own; anything else keeps pydantic's text.
_LIMITS = {"greater_than": "gt", "greater_than_equal": "ge", "less_than": "lt",
           "less_than_equal": "le"}


def _problem(file: str, err: Any) -> Message:
    """One pydantic error of a policy file as a catalogue message."""
    key = ".".join(str(p) for p in err["loc"]) or "-"
    kind = str(err["type"])
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        return msg("policy.unknown_key", file=file, key=key)
    if kind in _LIMITS:
        return msg(f"policy.{_LIMITS[kind]}", file=file, key=key,
                   limit=float(ctx[_LIMITS[kind]]))
    if kind.startswith("policy."):
        return msg(kind, file=file, key=key, **{k: v for k, v in ctx.items()})
    if kind in ("int_parsing", "int_from_float", "float_parsing", "int_type", "float_type"):
        return msg("policy.not_a_number", file=file, key=key, value=str(err.get("input")))
    if kind in ("bool_parsing", "bool_type"):
        return msg("policy.not_yes_no", file=file, key=key, value=str(err.get("input")))
    return msg("policy.bad_value", file=file, key=key, detail=str(err["msg"]))


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
            raise PydanticCustomError("policy.hours_window",
                                      "min_function_hours is above max_function_hours")
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
            raise PolicyError([msg("policy.unreadable", file=str(path),
                                   detail=str(exc.strerror))]) from None
        except tomllib.TOMLDecodeError as exc:
            raise PolicyError([msg("policy.not_toml", file=str(path), detail=str(exc))]) from None
        values = data.get("policy", data)
        try:
            return cls(**values)
        except ValidationError as exc:
            raise PolicyError([_problem(str(path), err) for err in exc.errors()]) from None

    def as_report(self) -> dict[str, float | int | bool]:
        """The values in force, for the JSON report."""
        return self.model_dump()
