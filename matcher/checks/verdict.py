"""The verdict on a report: every rule re-checked and every figure recomputed.

:func:`evaluate_report` takes any per-organisation report (redesign, match, carve),
as the JSON models of :mod:`matcher.reports.models`, plus the raw inventory and
candidates, and checks it from scratch with the independent evaluators of
:mod:`matcher.checks`: each function rebuilt from its tasks under the policy the
report states, each match re-checked against the person, each figure of the
report recomputed in plain Python here (no :mod:`matcher.redesign.impact`, no fit
matrix) and compared with what the report says. A report saved yesterday and
edited today is judged the same way as a fresh one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from matcher.checks.carving import evaluate_carving
from matcher.checks.match import SCORE_ROUNDING, pair_problems, rebuild
from matcher.checks.match import evaluate as evaluate_matches
from matcher.checks.problem import Problem, problem
from matcher.checks.redesign import evaluate as evaluate_redesign
from matcher.monitor.profiles import build_profiles
from matcher.policy import Policy
from matcher.redesign.functions import NewFunction, TaskPart
from matcher.reports.models import CarveReport, FunctionReport, MatchReport, RedesignReport
from taskmodels.models import CandidatePool, Inventory

__all__ = ["Figures", "MatchFigure", "Problem", "Verdict", "evaluate_report"]

#: Reports round hours and euros to 2 decimals; figures agree within this.
FIGURE_ROUNDING = 0.011


class MatchFigure(BaseModel):
    """One match as recomputed: the person's effective hours and the 0-100 score."""

    model_config = ConfigDict(frozen=True)

    candidate_id: str
    role_id: str
    effective_hours: float
    score: float


class Figures(BaseModel):
    """The report's figures, recomputed from the inventory (FORMATS.md section 2)."""

    model_config = ConfigDict(frozen=True)

    carved_hours: float = 0.0
    jobs_agreement_jobs: float = 0.0
    annual_saving_eur: float = 0.0
    freed_hours_by_role: dict[str, float] = Field(default_factory=dict)
    people_placed: int = 0
    matches: list[MatchFigure] = Field(default_factory=list)


class Verdict(BaseModel):
    """Whether a report holds: ``ok``, every broken rule, and the figures recomputed."""

    model_config = ConfigDict(frozen=True)

    ok: bool
    problems: list[Problem] = Field(default_factory=list)
    figures: Figures = Field(default_factory=Figures)

    def codes(self) -> list[str]:
        """The problem codes, in order (handy in tests and filters)."""
        return [p.code for p in self.problems]


def functions_of(roles: Iterable[FunctionReport]) -> list[NewFunction]:
    """The report's functions exactly as stated (profiles included, to be checked)."""
    return [
        NewFunction(
            role_id=r.role_id, department=r.department, time_of_day=r.time_of_day,
            parts=tuple(TaskPart(p.task_id, p.hours) for p in r.tasks),
            demands=dict(r.demands), level=r.level, lifting_kg=r.lifting_kg,
            evening=r.evening, night=r.night, weekend=r.weekend,
            customer_contact=r.customer_contact, candidate_id=r.candidate_id,
            relieves=dict(r.relieves))
        for r in roles
    ]


def edits_of(report: BaseModel) -> list[dict[str, Any]]:
    """The edits recorded on a report (the ``edits`` extra key; empty when unedited)."""
    extra = report.model_extra or {}
    return list(extra.get("edits", []))


def _figures(inventory: Inventory, policy: Policy, functions: list[NewFunction]) -> Figures:
    """Carved hours, jobs, saving and freed hours per role, in plain Python."""
    tasks = inventory.task_by_id()
    cost = {r.role: r.hourly_cost for r in inventory.roles}
    freed: dict[str, float] = {}
    saving = 0.0
    for fn in functions:
        for part in fn.parts:
            task = tasks.get(part.task_id)
            if task is None:
                continue
            freed[task.role] = freed.get(task.role, 0.0) + part.hours
            rate = cost.get(task.role, policy.new_function_hourly_cost)
            saving += (rate - policy.new_function_hourly_cost) * part.hours * policy.weeks_per_year
    carved = sum(freed.values())
    return Figures(carved_hours=carved, jobs_agreement_jobs=carved / policy.jobs_agreement_hours,
                   annual_saving_eur=saving, freed_hours_by_role=freed)


def _differs(stated: float, recomputed: float, scale: float = 1.0) -> bool:
    return abs(stated - recomputed) > FIGURE_ROUNDING * scale


def _figure_problems(report: RedesignReport | MatchReport | CarveReport,
                     figures: Figures) -> list[Problem]:
    out: list[Problem] = []
    impact = report.impact
    for name, stated, recomputed, scale in (
        ("carved_hours", impact.carved_hours, figures.carved_hours, 1.0),
        ("jobs_agreement_jobs", impact.jobs_agreement_jobs, figures.jobs_agreement_jobs, 1.0),
        # Euros: each part's saving is rounded once, so allow a cent per part.
        ("annual_saving_eur", impact.annual_saving_eur, figures.annual_saving_eur,
         max(1.0, float(sum(len(r.tasks) for r in report.roles)))),
    ):
        if _differs(stated, recomputed, scale):
            out.append(problem("check.report.figure", name, figure=name, stated=stated,
                               recomputed=round(recomputed, 2)))
    for role in sorted(set(impact.freed_hours_by_role) | set(figures.freed_hours_by_role)):
        stated = impact.freed_hours_by_role.get(role, 0.0)
        recomputed = figures.freed_hours_by_role.get(role, 0.0)
        if _differs(stated, recomputed):
            out.append(problem("check.report.freed_hours", role, role=role, stated=stated,
                               recomputed=round(recomputed, 2)))
    for r in report.roles:
        hours = sum(p.hours for p in r.tasks)
        if _differs(r.hours_per_week, hours):
            out.append(problem("check.report.function_hours", r.role_id,
                               stated=r.hours_per_week, recomputed=round(hours, 2)))
    return out


def _edit_problems(report: RedesignReport | MatchReport | CarveReport) -> list[Problem]:
    """Locked tasks back in a function, forbidden pairs matched (rules the edits set)."""
    out: list[Problem] = []
    edits = edits_of(report)
    locked = {e["task_id"] for e in edits if e.get("kind") == "lock_task"}
    forbidden = {(e["candidate_id"], e["role_id"]) for e in edits
                 if e.get("kind") == "forbid_match"}
    for r in report.roles:
        for p in r.tasks:
            if p.task_id in locked:
                out.append(problem("check.edit.locked_task", r.role_id, task=p.task_id))
    for m in report.matches:
        if (m.candidate_id, m.role_id) in forbidden:
            out.append(problem("check.edit.forbidden_pair", f"{m.candidate_id} -> {m.role_id}"))
    return out


def evaluate_report(report: RedesignReport | MatchReport | CarveReport, inventory: Inventory,
                    candidates: CandidatePool | None = None) -> Verdict:
    """Re-check ``report`` against ``inventory`` (and ``candidates``) from scratch.

    Parameters
    ----------
    report:
        A redesign, match or carve report (models of :mod:`matcher.reports.models`).
    inventory:
        The raw work analysis the report was made from.
    candidates:
        The candidate pool (default: the inventory's own candidates); needed for
        match and carve reports.

    Returns
    -------
    Verdict
        ``ok`` when no rule is broken and every stated figure agrees with its
        recomputation; ``problems`` names each broken rule; ``figures`` holds the
        recomputed values.

    Raises
    ------
    TypeError
        For a regional report (its employers each have their own inventory).
    """
    if not isinstance(report, RedesignReport | MatchReport | CarveReport):
        raise TypeError(f"cannot evaluate a {type(report).__name__} here; "
                        "evaluate each employer's report with its own inventory")
    policy = report.policy
    functions = functions_of(report.roles)
    problems: list[Problem] = []
    pool = (candidates or inventory.pool).with_ratings_from(inventory.ratings)
    people = list(pool.candidates)
    profiles = build_profiles(pool) if people else {}
    if isinstance(report, CarveReport):
        # The person each function was formed for is the one matched to it.
        matched = {m.role_id: m.candidate_id for m in report.matches}
        functions = [replace(fn, candidate_id=matched.get(fn.role_id))
                     for fn in functions]
        for fn in functions:
            stated = next(r.candidate_id for r in report.roles if r.role_id == fn.role_id)
            if stated is not None and stated != fn.candidate_id:
                problems.append(problem("check.report.carved_for", fn.role_id,
                                        stated=stated, matched=str(fn.candidate_id)))
        problems += evaluate_carving(inventory, people, profiles, policy, functions,
                                     allow_borderline=True).problems
    else:
        problems += list(evaluate_redesign(inventory, policy, functions).violations)
    figures = _figures(inventory, policy, functions)
    match_figures: list[MatchFigure] = []
    if report.matches:
        tasks = inventory.task_by_id()
        pairs = [(m.candidate_id, m.role_id) for m in report.matches]
        # Borderline is allowed only where the match marks it (checked below).
        checked = evaluate_matches(pairs, people, profiles, functions, policy, True, tasks=tasks)
        if not isinstance(report, CarveReport):  # carving re-checked the person already
            problems += checked.problems
        by_c = {c.candidate_id: c for c in people}
        by_f = {f.role_id: f for f in functions}
        for m in report.matches:
            key = (m.candidate_id, m.role_id)
            if key not in checked.scores:
                continue
            rebuilt = rebuild(by_f[m.role_id], tasks)
            if rebuilt is not None:
                _, border = pair_problems(by_c[m.candidate_id], profiles[m.candidate_id],
                                          rebuilt, policy, True)
                unmarked = sorted(set(border) - set(m.borderline))
                if unmarked:
                    problems.append(problem("check.report.unmarked_borderline",
                                            f"{m.candidate_id} -> {m.role_id}",
                                            dimensions=[f"dim.{d}" for d in unmarked]))
            hours, score = checked.effective_hours[key], checked.scores[key]
            match_figures.append(MatchFigure(candidate_id=m.candidate_id, role_id=m.role_id,
                                             effective_hours=hours, score=score))
            if _differs(m.effective_hours, hours):
                problems.append(problem("check.report.effective_hours",
                                        f"{m.candidate_id} -> {m.role_id}",
                                        stated=m.effective_hours, recomputed=round(hours, 2)))
            if abs(m.score - score) > SCORE_ROUNDING + 1e-9:
                problems.append(problem("check.report.score", f"{m.candidate_id} -> {m.role_id}",
                                        stated=m.score, recomputed=score))
    figures = figures.model_copy(update={"people_placed": len(match_figures),
                                         "matches": match_figures})
    problems += _figure_problems(report, figures)
    problems += _edit_problems(report)
    return Verdict(ok=not problems, problems=problems, figures=figures)
