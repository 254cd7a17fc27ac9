"""The printed summaries, rendered from the report models through the message catalogue.

Every word comes from a ``summary.*`` code (Dutch by default, ``lang="en"`` for
English); numbers are written as the reader writes them (``1.543,5`` in Dutch).
A summary shows what a consultant can check: people placed, hours carved,
jobs-agreement jobs, the saving in euro, the solver's status in words and the
distance to the proven bound in hours or people, never a raw weighted objective.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from matcher.reports.models import (
    CarveReport,
    Completeness,
    MatchEntry,
    MatchReport,
    RedesignReport,
    RegionalReport,
    SolverSummary,
    TaskDecisionReport,
    UnmatchedEntry,
)
from taskmodels.messages import Message, MissingMessage, format_number, render, text


def _t(lang: str, code: str, **params: object) -> str:
    return text(f"summary.{code}", lang, **params)  # type: ignore[arg-type]


def table(header: Sequence[str], rows: Iterable[Sequence[str]], indent: str = "  ") -> list[str]:
    """Left-aligned text columns; the cells are already formatted."""
    body = [list(r) for r in rows]
    widths = [max(len(str(row[k])) for row in [list(header), *body]) for k in range(len(header))]
    return [indent + "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=False)).rstrip()
            for row in [list(header), *body]]


def time_label(time_of_day: str, lang: str) -> str:
    """``dag`` for ``day`` (``day; evening`` becomes ``dag; avond``)."""
    return "; ".join(_label(f"time.{t.strip()}", t.strip(), lang) for t in time_of_day.split(";"))


def _label(code: str, fallback: str, lang: str) -> str:
    try:
        return text(code, lang)
    except MissingMessage:
        return fallback


def status_words(status: str, lang: str) -> str:
    """The solver status in words (``bewezen optimaal``)."""
    return _label(f"status.{status}", status, lang)


def _texts(sentences: list[str], codes: list[Message], lang: str) -> list[str]:
    """Reasons in ``lang``: from their codes when the report has them, else as written."""
    if codes and len(codes) == len(sentences):
        return [render(c, lang) for c in codes]
    return sentences


def rule_label(rule: str, lang: str) -> str:
    """A short label of a carve-ability rule (``demand:pace`` → ``werktempo boven …``)."""
    if rule.startswith("demand:"):
        return _demand_label(rule.split(":", 1)[1], lang)
    return _label(f"carve.rule.{rule}", rule, lang)


def _demand_label(dimension: str, lang: str) -> str:
    try:
        return text("carve.rule.demand", lang, dimension=f"dim.{dimension}")
    except MissingMessage:
        return f"demand:{dimension}"


def common_reasons(tasks: list[TaskDecisionReport], lang: str, top: int = 5) -> list[str]:
    """The most frequent reasons tasks are not carve-able, each with its count."""
    counts = Counter(rule for t in tasks if not t.carveable for rule in t.reason_rules if rule)
    return [_t(lang, "reason_count", reason=rule_label(rule, lang), count=n)
            for rule, n in counts.most_common(top)]


# --- redesign ---------------------------------------------------------------------------


def _bound_line(solver: SolverSummary, carved: float, lang: str) -> str:
    """Distance to the bound in hours: the most any valid bundling could carve, as proven."""
    bound = getattr(solver, "carved_hours_bound", None)
    if solver.status == "OPTIMAL":
        return _t(lang, "bound.proven")
    people = getattr(solver, "placed_bound", None)
    if bound is None and people is not None:
        # Pool-aware design: people placed come first in its objective, and theirs is
        # the bound it proves (no bound on hours alone).
        placed = int(getattr(solver, "placed", 0) or 0)
        return _t(lang, "bound.people", ceiling=max(int(people), placed), placed=placed)
    if solver.bound is None or bound is None:
        return _t(lang, "bound.none")
    bound = max(float(bound), carved)
    if bound - carved < 0.05:
        return _t(lang, "bound.hours_reached", bound=bound)
    share = (bound - carved) / bound if bound > 0 else 0.0
    return _t(lang, "bound.hours", bound=bound, missing=bound - carved, share=share)


def redesign_lines(report: RedesignReport | MatchReport | CarveReport, lang: str) -> list[str]:
    """The redesign part: tasks, new functions, effect per role, totals, solver."""
    n_ok = sum(t.carveable for t in report.tasks)
    lines = [_t(lang, "redesign.title", organisation=report.organisation),
             _t(lang, "redesign.tasks", tasks=len(report.tasks), carveable=n_ok)]
    if n_ok == 0:
        lines.append(_t(lang, "redesign.none"))
        lines += [f"  - {line}" for line in common_reasons(report.tasks, lang)]
    elif not report.roles:
        lines.append(_t(lang, "redesign.too_little", hours=report.policy.min_function_hours))
    if report.roles:
        lines += ["", _t(lang, "redesign.functions", count=len(report.roles))]
        head = [_t(lang, f"col.{c}") for c in
                ("function", "department", "time", "hours", "tasks", "relieves")]
        rows = [[fn.role_id, fn.department, time_label(fn.time_of_day, lang),
                 format_number(fn.hours_per_week, lang), str(len({p.task_id for p in fn.tasks})),
                 ", ".join(f"{r} {format_number(h, lang)}" for r, h in fn.relieves.items())]
                for fn in report.roles]
        lines += table(head, rows)
        head = [_t(lang, f"col.{c}") for c in
                ("role", "hours_before", "freed", "hours_after", "below_level", "saving")]
        rows = [[r.role, format_number(r.hours_before, lang), format_number(r.freed_hours, lang),
                 format_number(r.hours_after, lang),
                 f"{format_number(100 * r.below_level_share, lang, 0)} %",
                 format_number(r.annual_saving_eur, lang, 0)]
                for r in report.impact.by_role if r.freed_hours > 0]
        lines += ["", _t(lang, "redesign.effect")] + table(head, rows)
    imp = report.impact
    lines += ["", _t(lang, "redesign.total", hours=imp.carved_hours, jobs=imp.jobs_agreement_jobs,
                     saving=imp.annual_saving_eur)]
    solver = report.solver.phases.get("redesign", report.solver)
    if getattr(solver, "method", None) == "pool_aware":  # one model over all groups
        line = _t(lang, "redesign.solver_pool", status=status_words(solver.status, lang),
                  seconds=solver.seconds)
    else:
        line = _t(lang, "redesign.solver", status=status_words(solver.status, lang),
                  subproblems=int(getattr(solver, "subproblems", 0) or 0),
                  seconds=solver.seconds)
    lines.append(line + " " + _bound_line(solver, imp.carved_hours, lang))
    return lines


def redesign_summary(report: RedesignReport, lang: str = "nl") -> str:
    """A readable summary of a redesign."""
    return "\n".join(redesign_lines(report, lang))


# --- matching ---------------------------------------------------------------------------


def _more(lines: list[str], shown: int, total: int, lang: str) -> None:
    if shown < total:
        lines.append("  " + _t(lang, "more", count=total - shown))


def unmatched_lines(unmatched: list[UnmatchedEntry], lang: str,
                    max_unmatched: int | None = None, development: bool = True) -> list[str]:
    """People not placed, each with the reasons (and up to three development steps)."""
    if not unmatched:
        return []
    lines = [_t(lang, "unmatched")]
    shown = unmatched if max_unmatched is None else unmatched[:max_unmatched]
    for u in shown:
        lines.append(f"  {u.candidate_id}: " + "; ".join(_texts(u.reasons, u.reason_codes, lang)))
        if development:
            for step in u.development[:3]:
                words = render(step.text_code, lang) if step.text_code else step.text
                lines.append("      " + _t(lang, "match.development", step=words))
    _more(lines, len(shown), len(unmatched), lang)
    return lines


def match_lines(matches: Sequence[MatchEntry], unmatched: list[UnmatchedEntry],
                solver: SolverSummary, lang: str, max_unmatched: int | None = None) -> list[str]:
    """The matching part: people placed, each placement, people not placed."""
    total = len(matches) + len(unmatched)
    average = sum(m.score for m in matches) / len(matches) if matches else 0.0
    lines = [_t(lang, "match.title", placed=len(matches), total=total, score=average,
                status=status_words(solver.status, lang), seconds=solver.seconds)]
    if matches:
        lines.append(_t(lang, "match.placements"))
    for m in matches:
        extra = ""
        if m.borderline:
            extra += _t(lang, "match.borderline", dimensions=[f"dim.{d}" for d in m.borderline])
            support = m.explanation.support_codes or m.explanation.support
            if support:  # the codes render in the reader's language; old reports keep Dutch
                extra += _t(lang, "match.support", support=list(support))
        if m.explanation.low_confidence:
            extra += _t(lang, "match.low_confidence",
                        dimensions=[f"dim.{d}" for d in m.explanation.low_confidence])
        lines.append("  " + _t(lang, "match.line", candidate=m.candidate_id, role=m.role_id,
                               score=m.score, hours=m.effective_hours) + extra)
    return lines + unmatched_lines(unmatched, lang, max_unmatched)


def match_summary(report: MatchReport, lang: str = "nl", max_unmatched: int | None = None) -> str:
    """Redesign and matching, one after the other (data completeness first, when known)."""
    solver = report.solver.phases.get("match", report.solver)
    return "\n".join([*completeness_lines(report, lang), *redesign_lines(report, lang), "",
                      *match_lines(report.matches, report.unmatched, solver, lang, max_unmatched)])


def completeness_lines(report: MatchReport | CarveReport, lang: str = "nl") -> list[str]:
    """Issue 11: how many candidates could not be considered, and why, as the first lines."""
    c = getattr(report, "completeness", None)
    if c is None:
        return []
    lines = completeness_counts(c, lang)
    placed, bound = getattr(report.solver, "placed", None), getattr(report.solver, "placed_bound", None)
    if placed is not None and bound is not None:
        lines.append(text("pool.summary.design", lang, functions=len(report.roles), placed=placed,
                        bound=bound, gap=getattr(report.solver, "placed_gap_percent", 0.0),
                        hours=report.impact.carved_hours,
                        status=status_words(report.solver.status, lang)))
    fragile = sorted(fn.role_id for fn in report.roles if getattr(fn, "fragile", False))
    if fragile:  # a function only one person in the pool can fill
        lines.append(text("pool.summary.fragile", lang, roles=", ".join(fragile)))
    return [*lines, ""]


def completeness_counts(c: Completeness, lang: str = "nl") -> list[str]:
    """The completeness counts as lines: every report's (match, carve, regional) first lines."""
    lines = [text("pool.summary.completeness", lang, candidates=c.candidates,
                  considered=c.considered, no_data=c.no_capacity_data, no_window=c.no_hours_window,
                  blocked=sum(c.blocked_by_one_condition.values()) + c.blocked_by_several_conditions,
                  little=c.too_little_fitting_work)]
    lines += [text("pool.summary.blocked_rule", lang, rule=rule, count=n)
              for rule, n in c.blocked_by_one_condition.items()]
    return lines


# --- carving ----------------------------------------------------------------------------


def carve_summary(report: CarveReport, lang: str = "nl", max_unmatched: int | None = None) -> str:
    """A readable summary of a person-first carving."""
    placed = len(report.roles)
    lines = [*completeness_lines(report, lang),
             _t(lang, "carve.title", organisation=report.organisation, placed=placed,
                total=placed + len(report.unmatched)), ""]
    by_role = {m.role_id: m for m in report.matches}
    head = [_t(lang, f"col.{c}") for c in ("function", "candidate", "department", "time",
                                           "hours", "effective_hours", "score", "tasks")]
    rows = []
    for fn in report.roles:
        m = by_role.get(fn.role_id)
        rows.append([
            fn.role_id, fn.candidate_id or "-", fn.department, time_label(fn.time_of_day, lang),
            format_number(fn.hours_per_week, lang),
            format_number(m.effective_hours if m else fn.hours_per_week, lang),
            format_number(m.score if m else 0.0, lang),
            ", ".join(_t(lang, "carve.part", task=p.task_id, hours=p.hours) for p in fn.tasks)])
    lines += table(head, rows, indent="") if rows else [_t(lang, "carve.none")]
    if report.unmatched:
        lines.append("")
        lines += unmatched_lines(report.unmatched, lang, max_unmatched, development=False)
    imp = report.impact
    lines += ["", _t(lang, "carve.totals", hours=imp.carved_hours, jobs=imp.jobs_agreement_jobs,
                     saving=imp.annual_saving_eur)]
    base = getattr(report.solver, "baseline_redesign_match", None) or {}
    if base.get("available"):
        lines.append(_t(lang, "carve.baseline", base=int(base["placed"]), placed=placed,
                        diff=placed - int(base["placed"])))
    elif base:
        lines.append(_t(lang, "carve.no_baseline", note=str(base.get("note", ""))))
    lines.append(_t(lang, "carve.solver", status=status_words(report.solver.status, lang),
                    seconds=report.solver.seconds) + " " + _carve_bound(report, lang))
    return "\n".join(lines)


def _carve_bound(report: CarveReport, lang: str) -> str:
    """The proven most people placeable: the objective is lexicographic, people first.

    Every tier below "people placed" adds less than one placed-weight, so
    ``floor(bound / weight)`` people is a proven ceiling.
    """
    solver = report.solver
    if solver.status == "OPTIMAL":
        return _t(lang, "bound.proven")
    weight = (getattr(solver, "weights", None) or {}).get("placed")
    if solver.bound is None or not weight:
        return _t(lang, "bound.none")
    ceiling = max(int(solver.bound // weight), len(report.roles))
    return _t(lang, "bound.people", ceiling=ceiling, placed=len(report.roles))


# --- regional ---------------------------------------------------------------------------


def regional_summary(report: RegionalReport, lang: str = "nl") -> str:
    """A readable summary of a regional run; data completeness first (issue 11)."""
    employers = report.employers
    hours = sum(e.impact.carved_hours for e in employers)
    jobs = sum(e.impact.jobs_agreement_jobs for e in employers)
    red = report.phases.get("redesign", {})
    assign = report.phases.get("assignment", {})
    lines = [*(completeness_counts(report.completeness, lang) + [""] if report.completeness else []),
        _t(lang, "regional.employers", employers=len(employers),
           resumed=int(red.get("resumed", 0)), skipped=len(report.skipped)),
        _t(lang, "regional.functions", functions=sum(len(e.roles) for e in employers),
           hours=hours, jobs=jobs),
        _t(lang, "regional.placed", placed=len(report.matches), unplaced=len(report.unmatched)),
        _t(lang, "regional.solver", status=status_words(report.solver.status, lang)),
        _t(lang, "regional.times", redesign=float(red.get("seconds", 0.0)),
           workers=int(red.get("workers", 0)), assign=float(assign.get("seconds", 0.0))),
    ]
    if "carve" in report.phases:
        carved = sum(len(e.carve.matches) for e in employers if e.carve is not None)
        lines.append(_t(lang, "regional.carve", placed=carved,
                        seconds=float(report.phases["carve"].get("seconds", 0.0))))
    return "\n".join(lines)


def region_matches(report: RegionalReport, lang: str = "nl",
                   max_unmatched: int | None = None) -> str:
    """The regional assignment: each placement named ``employer/function``, then who is not placed."""
    named = [m.model_copy(update={"role_id": f"{m.employer}/{m.role_id}"}) for m in report.matches]
    return "\n".join(match_lines(named, report.unmatched, report.solver, lang, max_unmatched))
