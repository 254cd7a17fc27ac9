"""What the consultant's pages show of a run: the current proposal, its charts, a comparison.

A run's proposal is its report, or the report of its latest hand edit
(:mod:`web.current_proposal`). Everything here reads the report JSON of
FORMATS.md §4 as ``matcher.api`` wrote it; nothing is recomputed in the web layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.messages import format_number, text
from web.charts import Chart, bar_chart, radar_chart
from web.models import Run


def function_of(report: dict[str, Any], role_id: str) -> dict[str, Any] | None:
    """The new function ``role_id`` of ``report``, or None."""
    return next((fn for fn in report.get("roles", []) if fn["role_id"] == role_id), None)


def gap_share(run: Run) -> float | None:
    """Distance of the objective to the proven bound, 0–1 (None without a bound)."""
    if run.solver_status == "OPTIMAL":
        return 0.0
    if run.objective is None or run.bound is None:
        return None
    denom = max(abs(run.bound), abs(run.objective), 1e-9)
    return abs(run.bound - run.objective) / denom


def hours_bound(report: dict[str, Any] | None) -> tuple[float, float, float] | None:
    """``(most hours a week carve-able, hours still from it, that as a share 0-1)``.

    The redesign's proven bound on hours carved (``solver.carved_hours_bound``), the
    first term of its objective: a consultant reads it in hours, where the weighted
    objective's gap mixes hours with saving and accessibility. None without a bound.
    """
    if not report:
        return None
    bound = (report.get("solver") or {}).get("carved_hours_bound")
    if bound is None:
        return None
    carved = float((report.get("impact") or {}).get("carved_hours", 0.0))
    bound = max(float(bound), carved)
    missing = bound - carved
    return bound, missing, missing / bound if bound > 0 else 0.0


def demand_radar(fn: dict[str, Any], policy: dict[str, Any], lang: str) -> Chart:
    """The function's demand profile against the target-group ceiling (policy ``max_demand``)."""
    ceiling = float(policy.get("max_demand", 3))
    demands = fn.get("demands", {})
    axes = [(text(f"dim.{d}", lang), float(demands.get(d, 1)), ceiling) for d in DIMENSION_IDS]
    above = [label for label, v, c in axes if v > c]
    desc_code = "web.consultant.chart.radar_desc_above" if above else "web.consultant.chart.radar_desc"
    return radar_chart(
        axes,
        title=text("web.consultant.chart.radar_title", lang, function=fn["role_id"]),
        description=text(desc_code, lang, function=fn["role_id"], ceiling=ceiling,
                         above=", ".join(above)),
        headers=(text("web.consultant.chart.dimension", lang),
                 text("web.consultant.chart.demand", lang),
                 text("web.consultant.chart.ceiling", lang)),
        legend=(text("web.consultant.chart.legend_demand", lang),
                text("web.consultant.chart.legend_ceiling", lang)),
        format_value=lambda v: format_number(v, lang, 0),
    )


def freed_bars(report: dict[str, Any], lang: str) -> Chart:
    """Hours freed per week per current role, largest first."""
    freed = report.get("impact", {}).get("freed_hours_by_role", {})
    bars = sorted(((role, float(h)) for role, h in freed.items() if h), key=lambda b: -b[1])
    total = sum(h for _, h in bars)
    return bar_chart(
        bars,
        title=text("web.consultant.chart.freed_title", lang),
        description=text("web.consultant.chart.freed_desc", lang, roles=len(bars), hours=total),
        headers=(text("web.consultant.export.role", lang),
                 text("web.consultant.export.freed_hours", lang)),
        format_value=lambda v: format_number(v, lang, 1),
    )


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a run and the totals of its current proposal."""

    run: Run
    report: dict[str, Any]

    @property
    def functions(self) -> list[dict[str, Any]]:
        """The new functions."""
        return list(self.report.get("roles", []))

    @property
    def hours(self) -> float:
        """Hours carved per week."""
        return float(self.report.get("impact", {}).get("carved_hours", 0.0))

    @property
    def saving(self) -> float:
        """Annual saving in euro."""
        return float(self.report.get("impact", {}).get("annual_saving_eur", 0.0))

    @property
    def jobs(self) -> float:
        """Jobs-agreement jobs."""
        return float(self.report.get("impact", {}).get("jobs_agreement_jobs", 0.0))


def problems_by_subject(verdict: dict[str, Any] | None) -> dict[str, list[dict[str, Any]]]:
    """A verdict's broken rules grouped by what they name (a function, task or candidate)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for p in (verdict or {}).get("problems", []):
        out.setdefault(str(p.get("subject") or ""), []).append(p)
    return out


def describe_change(change: dict[str, Any] | None, lang: str) -> str:
    """A hand edit as one sentence, as the edit history writes it (None: no edit yet)."""
    if not change:
        return text("web.conflict.no_change", lang)
    return text(f"web.consultant.edit.change.{change.get('kind')}", lang,
                task=change.get("task_id") or "", hours=change.get("hours") or 0,
                from_role=change.get("from_role") or "–", to_role=change.get("to_role") or "–",
                function=change.get("role_id") or "")


def function_differences(seen: dict[str, Any] | None, saved: dict[str, Any],
                         lang: str) -> list[tuple[str, Any, Any]]:
    """Per new function, its hours and its tasks as ``seen`` (the proposal the page was
    opened on) and as ``saved`` now: the rows of a conflict table (web.concurrency)."""
    if seen is None:
        return []

    def by_role(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {fn["role_id"]: fn for fn in report.get("roles", [])}

    def tasks(fn: dict[str, Any] | None) -> str | None:
        if fn is None:
            return None
        return ", ".join(f"{p['task_id']} ({format_number(float(p['hours']), lang, 1)})"
                         for p in fn.get("tasks", []))

    before, after = by_role(seen), by_role(saved)
    rows: list[tuple[str, Any, Any]] = []
    for role in sorted(set(before) | set(after)):
        old, new = before.get(role), after.get(role)
        rows.append((text("web.conflict.field.function_hours", lang, function=role),
                     float(old["hours_per_week"]) if old else None,
                     float(new["hours_per_week"]) if new else None))
        rows.append((text("web.conflict.field.function_tasks", lang, function=role),
                     tasks(old), tasks(new)))
    return rows
