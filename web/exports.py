"""Functions and their effect on staff and cost as xlsx and csv downloads.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read by spreadsheet programs as a formula (CSV/formula injection, OWASP); every text
cell of every export passes :func:`neutralise`, which puts a quote before it. Numbers
stay numbers (a negative saving is a number cell, not a text that starts with ``-``).

The sheets are built from the report's JSON (FORMATS.md §4) and the texts come from
the message catalogue in the reader's language, so the download says what the page says.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from taskmodels.messages import text

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


def neutralise(value: Any) -> Cell:
    """A cell value that no spreadsheet will run: texts that look like formulas get a quote.

    Numbers, booleans and ``None`` pass through unchanged; everything else becomes text.
    """
    if value is None or isinstance(value, bool):
        return value if value is None else int(value)
    if isinstance(value, int | float):
        return value
    s = str(value)
    return "'" + s if s.startswith(_FORMULA_START) else s


def function_rows(report: Mapping[str, Any], lang: str) -> tuple[list[str], list[list[Cell]]]:
    """One row per task part of every new function: function, department, time, task, hours."""
    headers = [text(f"web.consultant.export.{c}", lang) for c in
               ("function", "department", "time_of_day", "function_hours", "task_id", "hours",
                "jobs")]
    jobs_hours = float(report.get("policy", {}).get("jobs_agreement_hours", 25.5))
    rows: list[list[Cell]] = []
    for fn in report.get("roles", []):
        for part in fn.get("tasks", []):
            rows.append([fn["role_id"], fn.get("department"),
                         text(f"time.{fn.get('time_of_day', 'day')}", lang),
                         fn.get("hours_per_week"), part["task_id"], part["hours"],
                         round(float(fn.get("hours_per_week", 0)) / jobs_hours, 2)])
    return headers, rows


def effect_rows(report: Mapping[str, Any], lang: str) -> tuple[list[str], list[list[Cell]]]:
    """One row per current role relieved, then the totals: hours freed and annual saving."""
    headers = [text(f"web.consultant.export.{c}", lang) for c in ("role", "freed_hours")]
    impact = report.get("impact", {})
    rows: list[list[Cell]] = [[role, hours] for role, hours in
                              sorted(impact.get("freed_hours_by_role", {}).items())]
    rows.append([text("web.consultant.export.total_carved", lang), impact.get("carved_hours")])
    rows.append([text("web.consultant.export.total_jobs", lang), impact.get("jobs_agreement_jobs")])
    rows.append([text("web.consultant.export.total_saving", lang), impact.get("annual_saving_eur")])
    return headers, rows


def placed_in(fn: Mapping[str, Any]) -> str | None:
    """Who a pool run placed in function ``fn`` (pseudonym; older reports: ``candidate_id``)."""
    return fn.get("placed_candidate") or fn.get("candidate_id")


def pool_rows(report: Mapping[str, Any], lang: str) -> tuple[list[str], list[list[Cell]]]:
    """One row per function of a pool run: its hours, who in the pool fits it, who is placed.

    People appear by pseudonym only (a download leaves the application, so it carries
    no display names); the tasks by id, as in the functions sheet.
    """
    headers = [text(code, lang) for code in (
        "web.consultant.export.function", "web.consultant.export.department",
        "web.consultant.export.time_of_day", "web.consultant.export.function_hours",
        "web.coach.pool.export_fitting", "web.coach.pool.export_fragile",
        "web.coach.pool.export_placed", "web.coach.pool.export_tasks")]
    rows: list[list[Cell]] = []
    for fn in report.get("roles", []):
        rows.append([fn["role_id"], fn.get("department"),
                     text(f"time.{fn.get('time_of_day', 'day')}", lang), fn.get("hours_per_week"),
                     fn.get("fitting_count"),
                     text("web.consultant.yes" if fn.get("fragile") else "web.consultant.no", lang),
                     placed_in(fn), ", ".join(part["task_id"] for part in fn.get("tasks", []))])
    return headers, rows


def _sheets(report: Mapping[str, Any], lang: str) -> list[tuple[str, list[str], list[list[Cell]]]]:
    return [(text("web.consultant.export.sheet_functions", lang), *function_rows(report, lang)),
            (text("web.consultant.export.sheet_effect", lang), *effect_rows(report, lang))]


def to_xlsx(report: Mapping[str, Any], lang: str = "nl") -> bytes:
    """A workbook with two sheets (functions, effect), every cell neutralised."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, headers, rows in _sheets(report, lang):
        ws = wb.create_sheet(title[:31])  # Excel's limit on sheet names
        _write(ws, headers, rows)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _write(ws: Any, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    ws.append([neutralise(h) for h in headers])
    for row in rows:
        ws.append([neutralise(c) for c in row])
    for i, h in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, len(str(h)) + 2)
    ws.freeze_panes = "A2"


def to_csv(report: Mapping[str, Any], part: str, lang: str = "nl") -> str:
    """One sheet as CSV text (``part``: ``functions``, ``effect`` or ``pool``), cells neutralised.

    Raises
    ------
    ValueError
        When ``part`` names no sheet.
    """
    builders = {"functions": function_rows, "effect": effect_rows, "pool": pool_rows}
    if part not in builders:
        raise ValueError(f"unknown export part {part!r}; expected one of {sorted(builders)}")
    headers, rows = builders[part](report, lang)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    writer.writerows([[neutralise(c) for c in row] for row in rows])
    return out.getvalue()
