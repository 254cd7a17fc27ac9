"""One assembly per report kind, from the internal result objects.

The command line, the demo, the regional workers and the web all build their
reports here, so a report of one kind always has the same shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from matcher.reports.models import (
    CarveReport,
    Completeness,
    EmployerReport,
    MatchEntry,
    MatchReport,
    RedesignReport,
    RegionalMatchEntry,
    RegionalReport,
    SkippedEmployer,
    SolverSummary,
    UnmatchedEntry,
    weakest_status,
)
from matcher.reports.parts import (
    decision_reports,
    function_report,
    impact_report,
    match_entry,
    match_from_dict,
    plain,
    solver_summary,
    unmatched_entry,
    unmatched_from_dict,
)

if TYPE_CHECKING:
    from matcher.carving.result import CarveResult
    from matcher.matching.pipeline import MatchResult
    from matcher.redesign.pipeline import RedesignResult


def redesign_report(result: RedesignResult) -> RedesignReport:
    """The report of a redesign (functiecreatie); ``matches`` and ``unmatched`` stay empty.

    ``solver`` carries the objective in the units of the lexicographic weights it
    states, the terms recomputed by the evaluator, and the hours bound (the most hours
    any valid bundling could carve, as proven), which a summary can show in hours.
    """
    ev = result.evaluation
    solver = solver_summary(
        result.solver,
        weights={"hours": result.weights.hours, "saving": result.weights.saving,
                 "access": result.weights.access},
        objective_terms={"carved_hundredths": ev.carved_hundredths,
                         "saving_term": ev.saving_term, "access_penalty": ev.access_penalty},
        subproblems=result.subproblem_count,
        carved_hours_bound=round(result.hours_bound, 2),
    )
    return RedesignReport(
        organisation=result.organisation, policy=result.policy,
        tasks=decision_reports(result.decisions, result.functions, result.notes),
        roles=[function_report(fn) for fn in result.functions],
        impact=impact_report(result.impact), solver=solver)


def match_entries(result: MatchResult) -> tuple[list[MatchEntry], list[UnmatchedEntry]]:
    """The ``matches`` and ``unmatched`` lists of a matching."""
    matches = [match_entry(m.candidate_id, m.role_id, m.effective_hours, m.score, m.borderline,
                           m.explanation) for m in result.matches]
    unmatched = [unmatched_entry(u.candidate_id, u.reasons, u.nearest, u.development)
                 for u in result.unmatched]
    return matches, unmatched


def match_solver(result: MatchResult) -> SolverSummary:
    """The assignment's ``solver`` object (with method, people placed and total score)."""
    extra: dict[str, Any] = {}
    if result.assignment is not None:
        details = result.assignment.as_report()
        extra = {k: v for k, v in details.items()
                 if k not in ("status", "objective", "bound", "seconds", "gap")}
    return solver_summary(result.solver, **extra)


def match_report(redesign: RedesignResult, result: MatchResult) -> MatchReport:
    """Redesign, then matching: the redesign's report with matches, unmatched and profiles.

    The top-level ``solver`` keeps the redesign's objective and bound (its units are
    stated under ``phases.redesign``); its status is the weaker of the two runs and its
    seconds their sum. Both runs are kept whole under ``phases``.
    """
    base = redesign_report(redesign)
    matches, unmatched = match_entries(result)
    first, second = base.solver, match_solver(result)
    solver = SolverSummary(
        status=weakest_status([first.status, second.status]),  # type: ignore[arg-type]
        objective=first.objective, bound=first.bound, gap=first.gap,
        seconds=round(first.seconds + second.seconds, 6),
        phases={"redesign": first, "match": second})
    return MatchReport(
        organisation=base.organisation, policy=base.policy, tasks=base.tasks, roles=base.roles,
        matches=matches, unmatched=unmatched, impact=base.impact, solver=solver,
        profiles={cid: plain(p.as_report()) for cid, p in result.profiles.items()})


def carve_report(result: CarveResult) -> CarveReport:
    """The report of a person-first carving; every role names the candidate it was formed for."""
    solver = solver_summary(
        result.solver,
        weights={"placed": result.weights.placed, "hours": result.weights.hours,
                 "saving_and_fit": result.weights.tier3},
        objective_terms=dict(result.terms),
        baseline_redesign_match=dict(result.baseline),
        # The people figures under the names pool-aware match uses (one reader for both).
        placed=result.placed, placed_bound=result.terms.get("placed_bound"),
    )
    return CarveReport(
        organisation=result.organisation, policy=result.policy,
        tasks=decision_reports(result.decisions, result.functions),
        roles=[function_report(fn) for fn in result.functions],
        matches=[match_from_dict(m) for m in result.matches],
        unmatched=[unmatched_from_dict(u) for u in result.unmatched],
        impact=impact_report(result.impact), solver=solver,
        completeness=Completeness(**result.completeness) if result.completeness else None)


def _summary_from_dict(data: Mapping[str, Any]) -> SolverSummary:
    values = {k: plain(v) for k, v in data.items()}
    for key in ("objective", "bound"):
        values.setdefault(key, None)
    return SolverSummary.model_validate(values)


def regional_report(data: Mapping[str, Any]) -> RegionalReport:
    """The regional report from the run's plain data (built from the stored records).

    The per-employer reports are the redesign reports the workers stored (without
    ``policy``, stated once at the top, and without matches: those are regional).
    """
    employers = []
    for e in data.get("employers", []):
        values = {k: v for k, v in e.items()
                  if k not in ("solver", "carve", "policy", "matches", "unmatched", "kind")}
        carve = e.get("carve")
        employers.append(EmployerReport.model_validate({
            **values, "solver": _summary_from_dict(e["solver"]),
            "carve": None if carve is None else CarveReport.model_validate(
                {"organisation": e["organisation"], **carve}),
        }))
    matches = []
    for m in data.get("matches", []):
        base = match_from_dict(m)
        matches.append(RegionalMatchEntry.model_validate(base.model_dump()))
    return RegionalReport(
        policy=data["policy"], employers=employers,
        skipped=[SkippedEmployer.model_validate(plain(s)) for s in data.get("skipped", [])],
        matches=matches,
        unmatched=[unmatched_from_dict(u) for u in data.get("unmatched", [])],
        solver=_summary_from_dict(data["solver"]),
        phases=plain(data.get("phases", {})),
        completeness=Completeness(**data["completeness"]) if data.get("completeness") else None)
