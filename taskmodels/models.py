"""Validated domain data: roles, tasks, candidates, monitor ratings, a whole inventory.

These classes never import a solver, a web framework or a database. They check each
record on construction; cross-record rules (unknown role, duplicate ids, ...) are
checked by :func:`taskmodels.validation.check_inventory`, which collects every problem.
Field names equal the workbook's column names (FORMATS.md section 1), so a problem
found here can always be reported against the column the user typed it in.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.errors import InputProblem


def _full_demands(value: dict[str, int] | None) -> dict[str, int]:
    demands = {d: 1 for d in DIMENSION_IDS}
    for key, level in (value or {}).items():
        if key not in demands:
            # The error type is the catalogue code, so the reader reports it as one.
            raise PydanticCustomError("input.unknown_dimension", "unknown dimension '{dimension}'",
                                      {"dimension": key})
        demands[key] = level
    return demands


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Role(_Record):
    """A current function at the employer (a row of the ``roles`` sheet)."""

    role: str = Field(min_length=1)
    department: str = Field(min_length=1)
    headcount: int = Field(ge=0)
    contract_hours: float = Field(ge=0, le=60)
    hourly_cost: float = Field(ge=0)
    level: int = Field(ge=1, le=8)
    extra: dict[str, str] = Field(default_factory=dict)

    @property
    def total_hours(self) -> float:
        """Weekly hours of the whole role group (headcount x contract hours)."""
        return self.headcount * self.contract_hours


class Task(_Record):
    """One task of the work analysis (a row of the ``tasks`` sheet).

    ``hours_per_week`` is the total the whole role group spends on it. ``department``
    is always filled: the reader copies the role's department where the cell is empty.
    ``demands`` holds every catalogue dimension (1 where the column was empty).
    """

    task_id: str = Field(min_length=1)
    task: str = Field(min_length=1)
    role: str = Field(min_length=1)
    hours_per_week: float = Field(gt=0)
    level: int = Field(ge=1, le=8)
    separable: bool
    core: bool = False
    department: str = Field(min_length=1)
    time_of_day: Literal["day", "evening", "night"] = "day"
    weekend: bool = False
    lifting_kg: float = Field(default=0, ge=0)
    customer_contact: bool = False
    keep_with: tuple[str, ...] = ()
    # validate_default: an omitted demands dict is still completed to all dimensions.
    demands: dict[str, int] = Field(default_factory=dict, validate_default=True)
    extra: dict[str, str] = Field(default_factory=dict)

    @field_validator("demands", mode="before")
    @classmethod
    def _complete_demands(cls, value: dict[str, int] | None) -> dict[str, int]:
        return _full_demands(value)

    @field_validator("demands")
    @classmethod
    def _demand_range(cls, value: dict[str, int]) -> dict[str, int]:
        for key, level in value.items():
            if not 1 <= level <= 5:
                raise PydanticCustomError("input.level_1_5", "{dimension} must be 1-5, got {got}",
                                          {"dimension": key, "got": level})
        return value


class Candidate(_Record):
    """A person looking for work (a row of the ``candidates`` sheet).

    Only what matching needs is kept: limitations and capacities, never a diagnosis.
    ``capacities`` holds the explicit ``c_*`` columns only; missing dimensions come
    from the monitor ratings (see :mod:`matcher.monitor.profiles`).
    """

    candidate_id: str = Field(min_length=1)
    max_hours: float = Field(gt=0, le=60)
    min_hours: float = Field(default=0, ge=0)
    productivity: float = Field(default=1.0, gt=0, le=1)
    level: int = Field(default=1, ge=1, le=8)
    max_lifting_kg: float = Field(default=25, ge=0)
    evening_ok: bool = True
    night_ok: bool = False
    weekend_ok: bool = True
    customer_contact_ok: bool = True
    prefers: tuple[str, ...] = ()
    avoids: tuple[str, ...] = ()
    capacities: dict[str, float] = Field(default_factory=dict)
    extra: dict[str, str] = Field(default_factory=dict)

    @field_validator("capacities")
    @classmethod
    def _capacity_range(cls, value: dict[str, float]) -> dict[str, float]:
        for key, level in value.items():
            if key not in DIMENSION_IDS:
                raise PydanticCustomError("input.unknown_dimension", "unknown dimension '{dimension}'",
                                          {"dimension": key})
            if not 1 <= level <= 5:
                raise PydanticCustomError("input.level_1_5", "{dimension} must be 1-5, got {got}",
                                          {"dimension": key, "got": level})
        return value

    @model_validator(mode="after")
    def _window(self) -> Candidate:
        if self.min_hours > self.max_hours:
            raise PydanticCustomError(
                "input.min_above_max", "min_hours {min_hours} is above max_hours {max_hours}",
                {"min_hours": self.min_hours, "max_hours": self.max_hours})
        return self


class Rating(_Record):
    """One monitor answer: a rater's score on one item at one wave."""

    candidate_id: str = Field(min_length=1)
    wave: int = Field(ge=1)
    rater: Literal["self", "mentor", "supervisor", "other"]
    item: str = Field(min_length=1)
    score: int = Field(ge=1, le=5)
    extra: dict[str, str] = Field(default_factory=dict)


class CandidatePool(_Record):
    """Candidates with their monitor ratings, as read from a candidates file."""

    candidates: tuple[Candidate, ...] = ()
    ratings: tuple[Rating, ...] = ()

    def by_id(self) -> dict[str, Candidate]:
        """Candidates keyed by their pseudonym."""
        return {c.candidate_id: c for c in self.candidates}

    def with_ratings_from(self, ratings: tuple[Rating, ...]) -> CandidatePool:
        """This pool plus ``ratings`` (e.g. an inventory's own sheet) for the candidates
        that have no ratings here yet; a pool's own ratings are never mixed with others."""
        rated = {r.candidate_id for r in self.ratings}
        ids = {c.candidate_id for c in self.candidates}
        extra = tuple(r for r in ratings if r.candidate_id in ids - rated)
        if not extra:
            return self
        return CandidatePool(candidates=self.candidates, ratings=self.ratings + extra)


class Inventory(_Record):
    """A whole work analysis of one organisation, optionally with candidates."""

    organisation: str
    roles: tuple[Role, ...]
    tasks: tuple[Task, ...]
    candidates: tuple[Candidate, ...] = ()
    ratings: tuple[Rating, ...] = ()
    #: Findings worth a second look that do not stop the reading (e.g. a role whose
    #: tasks exceed its hours by less than the margin); see taskmodels.plausibility.
    warnings: tuple[InputProblem, ...] = ()

    def role_by_name(self) -> dict[str, Role]:
        """Roles keyed by name."""
        return {r.role: r for r in self.roles}

    def task_by_id(self) -> dict[str, Task]:
        """Tasks keyed by task_id."""
        return {t.task_id: t for t in self.tasks}

    @property
    def pool(self) -> CandidatePool:
        """The candidates and ratings carried in this inventory."""
        return CandidatePool(candidates=self.candidates, ratings=self.ratings)
