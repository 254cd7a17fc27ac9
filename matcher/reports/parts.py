"""Report parts from the internal result objects (one converter per part, used by every kind).

The library's texts are on their way from Dutch sentences to catalogue codes; the
converters accept both. A :class:`~taskmodels.messages.Message` (or anything with a
``message`` attribute holding one) lands in the report twice: rendered in Dutch
under the contract's key (``reasons``, ``reason``, ``text``) and as ``{code, params}``
beside it (``reason_codes``, ``reason_code``, ``text_code``, ``support_codes``). A plain
sentence is kept as it is, without a code.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from matcher.reports.models import (
    Blocker,
    DevelopmentStep,
    Explanation,
    ExplanationRule,
    FunctionImpactReport,
    FunctionReport,
    ImpactReport,
    MatchEntry,
    NearestFunction,
    RoleImpactReport,
    SolverSummary,
    TaskDecisionReport,
    TaskPartReport,
    UnmatchedEntry,
)
from taskmodels.messages import Message, render

if TYPE_CHECKING:
    from matcher.redesign.carveable import TaskDecision
    from matcher.redesign.functions import NewFunction
    from matcher.redesign.impact import Impact
    from matcher.results import SolverStats


# --- texts and plain values -------------------------------------------------------------


def as_message(value: Any) -> Message | None:
    """The catalogue message ``value`` stands for, or None for a plain sentence.

    Parameters that are messages themselves become ``{code, params}`` data, as they
    are after a JSON round trip, so a saved report loads equal to the one written.
    """
    inner = getattr(value, "message", None)
    if not isinstance(value, Message) and isinstance(inner, Message):
        value = inner
    if isinstance(value, Message):
        return Message.model_validate({"code": value.code, "params": plain(value.params)})
    if isinstance(value, Mapping) and "code" in value and set(value) <= {"code", "params"}:
        return Message.model_validate(plain(value))
    return None


def as_text(value: Any, lang: str = "nl") -> str:
    """``value`` as a sentence in ``lang``: a message rendered, an old-style reason's text."""
    message = as_message(value)
    if message is not None:
        return render(message, lang)
    text = getattr(value, "text", None)
    if callable(text):
        return str(text(lang))
    return str(value)


def plain(value: Any) -> Any:
    """JSON-ready data: NumPy scalars as Python numbers, messages as ``{code, params}``,
    tuples as lists, non-finite floats as None (JSON has no NaN)."""
    if isinstance(value, Message):
        return value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # NumPy scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _finite(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _split_texts(values: Iterable[Any]) -> tuple[list[str], list[str], list[Message]]:
    """(Dutch sentences, English sentences, codes) of a list of reasons."""
    items = list(values)
    codes = [m for m in (as_message(v) for v in items) if m is not None]
    return ([as_text(v, "nl") for v in items], [as_text(v, "en") for v in items],
            codes if len(codes) == len(items) else [])


# --- tasks, functions, impact -----------------------------------------------------------


def decision_reports(decisions: Iterable[TaskDecision], functions: Iterable[NewFunction],
                     notes: Mapping[str, Any] | None = None) -> list[TaskDecisionReport]:
    """The ``tasks`` list: each decision with its reasons and the hours carved of it.

    ``notes`` adds, per task, why carve-able hours stayed with the role.
    """
    carved: dict[str, float] = {}
    for fn in functions:
        for p in fn.parts:
            carved[p.task_id] = carved.get(p.task_id, 0.0) + p.hours
    out = []
    for d in decisions:
        reasons = list(d.reasons)
        note = (notes or {}).get(d.task_id)
        if note is not None:
            reasons.append(note)
        nl, en, codes = _split_texts(reasons)
        out.append(TaskDecisionReport(
            task_id=d.task_id, carveable=d.carveable, reasons=nl, reasons_en=en,
            reason_codes=codes, reason_rules=[str(getattr(r, "rule", "")) for r in reasons],
            carved_hours=round(carved.get(d.task_id, 0.0), 2)))
    return out


def function_report(fn: NewFunction) -> FunctionReport:
    """One ``roles`` entry."""
    return FunctionReport(
        role_id=fn.role_id, department=fn.department, time_of_day=fn.time_of_day,
        hours_per_week=round(fn.hours, 2),
        tasks=[TaskPartReport(task_id=p.task_id, hours=p.hours) for p in fn.parts],
        demands=dict(fn.demands), level=fn.level, lifting_kg=fn.lifting_kg,
        evening=fn.evening, night=fn.night, weekend=fn.weekend,
        customer_contact=fn.customer_contact,
        relieves={k: round(v, 2) for k, v in fn.relieves.items()},
        candidate_id=fn.candidate_id)


def impact_report(impact: Impact) -> ImpactReport:
    """The ``impact`` object, rounded for reading as before."""
    return ImpactReport(
        carved_hours=round(impact.carved_hours, 2),
        jobs_agreement_jobs=round(impact.jobs_agreement_jobs, 2),
        annual_saving_eur=round(impact.annual_saving_eur, 2),
        freed_hours_by_role={k: round(v, 2) for k, v in impact.freed_hours_by_role.items()},
        by_role=[RoleImpactReport.model_validate(r.as_report()) for r in impact.roles],
        by_function=[FunctionImpactReport.model_validate(f.as_report())
                     for f in impact.functions])


def solver_summary(stats: SolverStats, sense: str = "max", **extra: Any) -> SolverSummary:
    """The ``solver`` object: status, objective, bound (null when none), seconds, gap, extras."""
    summary = SolverSummary(
        status=stats.status,  # type: ignore[arg-type]
        objective=_finite(stats.objective), bound=_finite(stats.bound),
        seconds=float(stats.seconds), sense=sense,  # type: ignore[arg-type]
        **{k: plain(v) for k, v in extra.items()})
    gap = summary.relative_gap
    summary.gap = None if gap is None else round(gap, 6)
    return summary


# --- matches and people not placed -------------------------------------------------------


def explanation_report(explanation: Mapping[str, Any]) -> Explanation:
    """A pair's explanation; each rule's reason rendered, its code kept beside it."""
    data = {k: plain(v) for k, v in explanation.items() if k not in ("rules", "support")}
    rules = []
    for r in explanation.get("rules", []):
        rule = {k: plain(v) for k, v in r.items() if k not in ("reason", "reason_code")}
        # An explanation already in report form (a stored report) keeps its code.
        code = as_message(r.get("reason")) or as_message(r.get("reason_code"))
        rules.append(ExplanationRule(**rule, reason=as_text(r.get("reason", "")),
                                     reason_code=code))
    # Support travels like reasons: the Dutch sentence under the contract's key, and
    # {code, params} beside it, so a page or a summary renders it in its reader's language.
    support_nl, _en, support_codes = _split_texts(explanation.get("support", []))
    data.pop("support_codes", None)  # recomputed from the sentences (a saved report reloads)
    if not support_codes:
        support_codes = [m for m in (as_message(c) for c in explanation.get("support_codes", []))
                         if m is not None]
    return Explanation(**data, rules=rules, support=support_nl, support_codes=support_codes)


def match_entry(candidate_id: str, role_id: str, effective_hours: float, score: float,
                borderline: Iterable[str], explanation: Mapping[str, Any],
                **extra: Any) -> MatchEntry:
    """One ``matches`` entry."""
    return MatchEntry(candidate_id=candidate_id, role_id=role_id,
                      effective_hours=round(float(effective_hours), 2), score=float(score),
                      borderline=[str(b) for b in borderline],
                      explanation=explanation_report(explanation),
                      **{k: plain(v) for k, v in extra.items()})


def blocker_report(blocker: Mapping[str, Any]) -> Blocker:
    """A hard rule that keeps a person out of a function; its reason rendered, code kept."""
    fields = {k: plain(v) for k, v in blocker.items() if k not in ("reason", "reason_code")}
    return Blocker(**fields, reason=as_text(blocker.get("reason", "")),
                   reason_code=as_message(blocker.get("reason")))


def unmatched_entry(candidate_id: str, reasons: Iterable[Any],
                    nearest: Mapping[str, Any] | None = None,
                    development: Iterable[Mapping[str, Any]] = (), **extra: Any) -> UnmatchedEntry:
    """One ``unmatched`` entry, its reasons rendered in Dutch and kept as codes."""
    nl, _en, codes = _split_texts(reasons)
    near = None
    if nearest is not None:
        near = NearestFunction(role_id=str(nearest["role_id"]),
                               blockers=[blocker_report(b) for b in nearest.get("blockers", [])])
    steps = []
    for s in development:
        fields = {k: plain(v) for k, v in s.items() if k not in ("text", "outlook")}
        outlook = {str(k): as_text(v) for k, v in s.get("outlook", {}).items()}
        steps.append(DevelopmentStep(**fields, text=as_text(s.get("text", "")),
                                     text_code=as_message(s.get("text")), outlook=outlook))
    return UnmatchedEntry(candidate_id=candidate_id, reasons=nl, reason_codes=codes,
                          nearest=near, development=steps,
                          **{k: plain(v) for k, v in extra.items()})


def unmatched_from_dict(data: Mapping[str, Any]) -> UnmatchedEntry:
    """An ``unmatched`` entry from its dictionary form (carving, regional)."""
    rest = {k: v for k, v in data.items()
            if k not in ("candidate_id", "reasons", "nearest", "development")}
    return unmatched_entry(str(data["candidate_id"]), data.get("reasons", []),
                           data.get("nearest"), data.get("development", []), **rest)


def match_from_dict(data: Mapping[str, Any]) -> MatchEntry:
    """A ``matches`` entry from its dictionary form (carving)."""
    rest = {k: v for k, v in data.items() if k not in
            ("candidate_id", "role_id", "effective_hours", "score", "borderline", "explanation")}
    return match_entry(str(data["candidate_id"]), str(data["role_id"]),
                       data["effective_hours"], data["score"], data.get("borderline", []),
                       data.get("explanation", {"score": data["score"]}), **rest)
