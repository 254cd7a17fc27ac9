"""What a carving run produces: the result, and the prepared data the model is built from.

Kept apart from :mod:`matcher.carving.pipeline` so that the hint and the summary can
use these types without importing the pipeline (no import cycle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from matcher.checks.carving import CarveEvaluation
from matcher.errors import AnswerRejected
from matcher.monitor.profiles import CapacityProfile
from matcher.policy import Policy
from matcher.redesign.carveable import CarveUnit, TaskDecision
from matcher.redesign.functions import NewFunction, TaskPart
from matcher.redesign.impact import Impact
from matcher.redesign.splitting import SCALE, Piece
from matcher.results import SolverStats
from matcher.solver.carving import CarveProblem, CarveWeights
from taskmodels.models import Candidate, Task

if TYPE_CHECKING:
    from matcher.matching.explanation import Sentence
    from matcher.reports.models import CarveReport


class CarvingRejected(AnswerRejected):
    """The independent evaluator rejected a carving: a bug, never bad input."""


@dataclass(frozen=True)
class CarveResult:
    """Functions carved around candidates, their matches, and the solver figures.

    ``solver.objective`` and ``solver.bound`` are in the units of ``weights``:
    ``placed x W_p + hundredths x W_h + (saving + fit)``.
    """

    organisation: str
    policy: Policy
    decisions: list[TaskDecision]
    functions: list[NewFunction]
    matches: list[dict[str, Any]]
    unmatched: list[dict[str, Any]]
    impact: Impact
    solver: SolverStats
    weights: CarveWeights
    terms: dict[str, int | None]  # the objective terms and placed_bound (None: none proven)
    evaluation: CarveEvaluation
    baseline: dict[str, Any] = field(default_factory=dict)
    #: Candidates who could not be considered, and why (issue 11; numbers).
    completeness: dict[str, Any] | None = None

    @property
    def placed(self) -> int:
        """Number of people who got a function."""
        return len(self.functions)

    def to_report(self) -> dict[str, object]:
        """The JSON report of FORMATS.md section 4; every role carries its candidate_id."""
        return self.report().model_dump(mode="json")

    def report(self) -> CarveReport:
        """The report as its pydantic model (:func:`matcher.reports.assemble.carve_report`)."""
        from matcher.reports.assemble import carve_report  # the assembly imports this module

        return carve_report(self)

    def summary(self, lang: str = "nl", max_unmatched: int | None = None) -> str:
        """A readable summary (Dutch by default); ``max_unmatched`` caps the list of
        people not placed."""
        from matcher.carving.summary import render_summary

        return render_summary(self, lang, max_unmatched)


@dataclass
class Prepared:
    """The domain data behind the dense problem (index -> id)."""

    decisions: list[TaskDecision]
    units: list[CarveUnit]
    pieces: list[Piece]
    candidates: list[Candidate]
    profiles: dict[str, CapacityProfile]
    problem: CarveProblem
    why_not: dict[str, list[Sentence]]

    def task_parts(self, given: dict[int, int], tasks: dict[str, Task]) -> list[TaskPart]:
        """The task parts of one person's package ``given`` (unit index -> scaled hours).

        A splittable unit gives the hours the solver chose; a whole unit (a lone task
        that may not be split, or a ``keep_with`` group) gives every member whole.
        """
        parts: list[TaskPart] = []
        for k in sorted(given):
            unit = self.units[k]
            if self.pieces[k].splittable:
                parts.append(TaskPart(unit.task_ids[0], given[k] / SCALE))
            else:
                parts.extend(TaskPart(t, tasks[t].hours_per_week) for t in unit.task_ids)
        return parts
