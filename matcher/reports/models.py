"""The JSON reports of FORMATS.md section 4 as pydantic models.

``report.model_dump(mode="json")`` is exactly the section 4 JSON (plus extra keys,
which the contract allows), and ``type(report).model_validate_json(report.model_dump_json())
== report``: a report saved yesterday can be loaded, shown and re-checked today.

Every text a user reads travels twice: as the Dutch sentence the contract names
(``reasons``: ``["…"]``) and as catalogue codes with parameters (``reason_codes``),
so a web page renders it in the reader's language from :mod:`taskmodels.messages`.

Models accept extra keys (``extra="allow"``) so that a newer writer's additions
survive a load and a save by an older reader; the keys below always exist.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from matcher.policy import Policy
from taskmodels.messages import Message

Status = Literal["OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN", "CANCELLED"]
"""What a solve ended with (FORMATS.md section 2, plus CANCELLED for a stopped call)."""

STATUSES: tuple[str, ...] = ("OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN", "CANCELLED")

#: Weakest first: the status of several runs together is the weakest of them.
STATUS_ORDER: tuple[str, ...] = ("CANCELLED", "INFEASIBLE", "UNKNOWN", "FEASIBLE", "OPTIMAL")


def weakest_status(statuses: list[str]) -> str:
    """The weakest of ``statuses`` (``OPTIMAL`` for none: nothing was left unproven)."""
    known = [s for s in statuses if s in STATUS_ORDER]
    return min(known, key=STATUS_ORDER.index) if known else "OPTIMAL"


class _Part(BaseModel):
    """Base of every report part: extra keys kept, values checked on assignment."""

    model_config = ConfigDict(extra="allow", validate_assignment=True)


# --- tasks ----------------------------------------------------------------------------


class TaskDecisionReport(_Part):
    """One task of the work analysis: carve-able or not, and why."""

    task_id: str
    carveable: bool
    reasons: list[str] = Field(default_factory=list, description="Dutch sentences")
    reasons_en: list[str] = Field(default_factory=list, description="English sentences")
    reason_codes: list[Message] = Field(default_factory=list,
                                        description="the same reasons as catalogue codes")
    reason_rules: list[str] = Field(default_factory=list, description="rule ids, for filtering")
    carved_hours: float = 0.0


# --- new functions ----------------------------------------------------------------------


class TaskPartReport(_Part):
    """Some hours of one task moved into a new function."""

    task_id: str
    hours: float


class FunctionReport(_Part):
    """A new function (``roles`` entry): its tasks, demand profile and conditions."""

    role_id: str
    department: str
    time_of_day: str
    hours_per_week: float
    tasks: list[TaskPartReport]
    demands: dict[str, int]
    level: int = 1
    lifting_kg: float = 0.0
    evening: bool = False
    night: bool = False
    weekend: bool = False
    customer_contact: bool = False
    relieves: dict[str, float] = Field(default_factory=dict)
    candidate_id: str | None = None


# --- matches and people not placed ------------------------------------------------------


class ExplanationRule(_Part):
    """One rule that helped or hurt a pair (Timefold-style score analysis)."""

    rule: str
    weight: float | None = None
    contribution: float | None = None
    reason: str = ""
    reason_code: Message | None = None


class Explanation(_Part):
    """Why this score for this person in this function, as data."""

    score: float
    feasible: bool = True
    borderline: list[str] = Field(default_factory=list)
    support: list[str] = Field(default_factory=list, description="Dutch sentences")
    support_codes: list[Message] = Field(default_factory=list,
                                         description="the same support as catalogue codes")
    low_confidence: list[str] = Field(default_factory=list)
    rules: list[ExplanationRule] = Field(default_factory=list)


class MatchEntry(_Part):
    """One proposed placement."""

    candidate_id: str
    role_id: str
    effective_hours: float
    score: float
    borderline: list[str] = Field(default_factory=list)
    explanation: Explanation


class RegionalMatchEntry(MatchEntry):
    """A placement in a regional run: it names its employer (``function_id`` is region-unique)."""

    employer: str
    function_id: str | None = None


class Blocker(_Part):
    """A hard rule that keeps a person out of a function."""

    rule: str
    dimension: str | None = None
    have: Any = None
    need: Any = None
    reason: str = ""
    reason_code: Message | None = None


class NearestFunction(_Part):
    """The function a person came closest to, and what blocks it."""

    role_id: str
    blockers: list[Blocker] = Field(default_factory=list)


class DevelopmentStep(_Part):
    """A capacity gain that would open functions (for the job coach's plan)."""

    gain: dict[str, int] = Field(default_factory=dict)
    opens: list[str] = Field(default_factory=list)
    count: int = 0
    text: str = ""
    outlook: dict[str, str] = Field(default_factory=dict)
    text_code: Message | None = None


class UnmatchedEntry(_Part):
    """A person not placed, with the reasons."""

    candidate_id: str
    reasons: list[str] = Field(default_factory=list)
    reason_codes: list[Message] = Field(default_factory=list)
    nearest: NearestFunction | None = None
    development: list[DevelopmentStep] = Field(default_factory=list)


# --- effect on staff and cost -----------------------------------------------------------


class RoleImpactReport(_Part):
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


class FunctionImpactReport(_Part):
    """What one new function takes over, from whom, and what it saves."""

    role_id: str
    hours: float
    relieves: dict[str, float] = Field(default_factory=dict)
    annual_saving_eur: float
    jobs_agreement_jobs: float


class ImpactReport(_Part):
    """The ``impact`` object."""

    carved_hours: float
    jobs_agreement_jobs: float
    annual_saving_eur: float
    freed_hours_by_role: dict[str, float] = Field(default_factory=dict)
    by_role: list[RoleImpactReport] = Field(default_factory=list)
    by_function: list[FunctionImpactReport] = Field(default_factory=list)


# --- solver -----------------------------------------------------------------------------


class SolverSummary(_Part):
    """How a run ended: status, objective, best proven bound (null when none), seconds.

    ``objective`` and ``bound`` are in the run's own units (stated in the per-run
    extras, e.g. ``weights`` or ``objective_units``); ``gap`` is their relative
    distance, null without a bound. A bound on the wrong side of the objective is a
    bug and refused here.
    """

    status: Status
    objective: float | None = None
    bound: float | None = None
    seconds: float = 0.0
    gap: float | None = None
    sense: Literal["max", "min"] = "max"
    phases: dict[str, SolverSummary] = Field(default_factory=dict,
                                             description="per solver phase, e.g. redesign, match")

    @model_validator(mode="after")
    def _bound_side(self) -> SolverSummary:
        if self.objective is not None and self.bound is not None:
            slack = 1e-6 * max(1.0, abs(self.objective))
            wrong = (self.bound < self.objective - slack if self.sense == "max"
                     else self.bound > self.objective + slack)
            if wrong:
                raise ValueError(f"bound {self.bound} is on the wrong side of objective "
                                 f"{self.objective} ({self.sense}imising): a bound is never invented")
        return self

    @property
    def relative_gap(self) -> float | None:
        """Relative distance objective to bound (0 when OPTIMAL, None without a bound)."""
        if self.status == "OPTIMAL":
            return 0.0
        if self.objective is None or self.bound is None:
            return None
        denom = max(abs(self.bound), abs(self.objective), 1e-9)
        return abs(self.bound - self.objective) / denom


# --- data completeness (issue 11) -------------------------------------------------------


class Completeness(_Part):
    """How many candidates could not be considered, and why (numbers, for the summary's top).

    ``blocked_by_one_condition`` counts, per rule (``night``, ``lifting``,
    ``dimension:pace`` …), the people whom that one rule keeps from every carve-able task.
    """

    candidates: int = 0
    considered: int = 0
    not_considered: int = 0
    no_capacity_data: int = 0
    no_hours_window: int = 0
    no_carveable_work: int = 0
    too_little_fitting_work: int = 0
    blocked_by_several_conditions: int = 0
    blocked_by_one_condition: dict[str, int] = Field(default_factory=dict)


# --- whole reports ----------------------------------------------------------------------


class _OrganisationReport(_Part):
    """The fields every per-organisation report shares (FORMATS.md section 4)."""

    organisation: str
    policy: Policy = Field(default_factory=Policy)
    tasks: list[TaskDecisionReport] = Field(default_factory=list)
    roles: list[FunctionReport] = Field(default_factory=list)
    matches: list[MatchEntry] = Field(default_factory=list)
    unmatched: list[UnmatchedEntry] = Field(default_factory=list)
    impact: ImpactReport
    solver: SolverSummary
    completeness: Completeness | None = None


class RedesignReport(_OrganisationReport):
    """Functiecreatie: carve-able tasks, new functions, effect; ``matches`` stays empty."""

    kind: Literal["redesign"] = Field("redesign", exclude=True)


class MatchReport(_OrganisationReport):
    """Redesign, then candidates assigned to the new functions, with capacity profiles."""

    kind: Literal["match"] = Field("match", exclude=True)
    profiles: dict[str, dict[str, Any]] = Field(default_factory=dict)


class CarveReport(_OrganisationReport):
    """Person-first carving: each role carries the candidate it was formed for."""

    kind: Literal["carve"] = Field("carve", exclude=True)


class EmployerReport(_Part):
    """One employer of a regional run (its matches are at the top of the regional report)."""

    organisation: str
    tasks: list[TaskDecisionReport] = Field(default_factory=list)
    roles: list[FunctionReport] = Field(default_factory=list)
    impact: ImpactReport
    solver: SolverSummary
    carve: CarveReport | None = None
    #: Who in the pool could not be considered at this employer (issue 11).
    completeness: Completeness | None = None


class SkippedEmployer(_Part):
    """An employer whose inventory could not be read (bad input only)."""

    organisation: str
    problems: list[str] = Field(default_factory=list)


class RegionalReport(_Part):
    """Many employers, one pool, nobody placed twice."""

    kind: Literal["regional"] = Field("regional", exclude=True)
    policy: Policy = Field(default_factory=Policy)
    employers: list[EmployerReport] = Field(default_factory=list)
    skipped: list[SkippedEmployer] = Field(default_factory=list)
    matches: list[RegionalMatchEntry] = Field(default_factory=list)
    unmatched: list[UnmatchedEntry] = Field(default_factory=list)
    solver: SolverSummary
    phases: dict[str, dict[str, Any]] = Field(default_factory=dict)
    #: Who in the pool no employer could consider, and why (issue 11).
    completeness: Completeness | None = None


Report = RedesignReport | MatchReport | CarveReport | RegionalReport

_KINDS: dict[str, type[BaseModel]] = {
    "redesign": RedesignReport, "match": MatchReport, "carve": CarveReport,
    "regional": RegionalReport,
}


def load_report(data: str | bytes | dict[str, Any]) -> Report:
    """A report from its JSON (text or parsed), of the kind it states.

    ``kind`` is not written (the JSON keeps exactly the contract's top-level keys);
    a report is recognised by its shape: ``employers`` is regional, ``profiles`` is a
    match, a role with a ``candidate_id`` or a ``placed`` weight is a carving, else a
    redesign. A ``kind`` key, when present, decides.
    """
    parsed: dict[str, Any] = json.loads(data) if isinstance(data, str | bytes) else dict(data)
    kind = parsed.get("kind")
    if kind is None:
        if "employers" in parsed:
            kind = "regional"
        elif "profiles" in parsed:
            kind = "match"
        elif any(r.get("candidate_id") for r in parsed.get("roles", [])) \
                or "placed" in (parsed.get("solver", {}).get("weights") or {}):
            kind = "carve"
        else:
            kind = "redesign"
    if kind not in _KINDS:
        raise ValueError(f"unknown report kind {kind!r}; expected one of {sorted(_KINDS)}")
    return _KINDS[kind].model_validate(parsed)  # type: ignore[return-value]
