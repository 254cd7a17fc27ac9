"""Assembling the management report from a run's proposal, and printing it to PDF."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from flask import render_template

from matcher import api
from taskmodels.messages import codes
from web.consultant.proposal import demand_radar, freed_bars, gap_share, hours_bound

PRINT_CSS = Path(__file__).with_name("report.css")


def report_context(organisation: Any, run: Any, report: dict[str, Any], inventory: Any,
                   lang: str) -> dict[str, Any]:
    """Everything the report template shows: key figures, analysis, functions, effect, policy."""
    tasks = report.get("tasks", [])
    carveable = [x for x in tasks if x.get("carveable")]
    # Counted per rule (each task once per rule), labelled in the reader's language:
    # the reasons themselves carry per-task numbers, a count of them would not read.
    rules: Counter[str] = Counter()
    for x in tasks:
        if not x.get("carveable"):
            rules.update(set(x.get("reason_rules", [])))
    top_reasons = [(api.rule_label(rule, lang), n) for rule, n in rules.most_common(5)]
    policy = report.get("policy", {})
    roles = report.get("roles", [])
    return {
        "organisation": organisation, "run": run, "report": report, "lang": lang,
        "task_count": len(tasks), "carveable_count": len(carveable),
        "role_count": len(inventory.roles),
        "task_names": task_names(inventory),
        "top_reasons": top_reasons,
        "functions": [(fn, demand_radar(fn, policy, lang)) for fn in roles],
        "function_hours": sum(float(fn.get("hours_per_week", 0.0)) for fn in roles),
        "freed_chart": freed_bars(report, lang), "policy": policy, "gap": gap_share(run),
        "hours_bound": hours_bound(report),
        "policy_codes": codes(lang),
    }


def task_names(inventory: Any) -> dict[str, str]:
    """Each task's description by its id (the JSON report names tasks by id only)."""
    return {x.task_id: x.task for x in inventory.tasks}


def _no_network(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"the report loads nothing from outside: {url}")


def render_pdf(context: dict[str, Any]) -> bytes:
    """The report as PDF bytes (call inside a request: the template uses the page helpers)."""
    from weasyprint import CSS, HTML  # imported late: loading Pango costs a moment

    html = render_template("consultant/report_print.html", **context)
    return bytes(HTML(string=html, url_fetcher=_no_network).write_pdf(
        stylesheets=[CSS(filename=str(PRINT_CSS))]))
