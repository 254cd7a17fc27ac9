"""Plausibility of an inventory: numbers a work analysis cannot really hold.

A file can be well-formed and still impossible: a role of three people whose tasks
take 400 hours a week, a task of 1e308 hours, a lift of 900 kg. Such numbers would
flow straight into the redesign and come out as a "normal" proposal, so they are
caught at read time, with the same all-or-nothing rule and the same
``FILE [SHEET] row N, column C: message`` lines as every other input problem.

Two kinds of finding:

* **errors** (:class:`taskmodels.errors.InputProblem` in ``problems``): a role whose
  tasks add up to more hours than the role has (headcount x contract hours) by more
  than the margin, and any number past a plausible ceiling (:data:`CEILINGS`, and a
  task of more than 60 hours per person of its role);
* **warnings** (kept on the :class:`taskmodels.models.Inventory`): a role whose
  tasks exceed its hours by at most the margin, worth a second look but usable.

The margin is a policy value (``max_role_hours_excess``, default 10 %); taskmodels
does not import the policy, so the reader takes it as a parameter.
"""

from __future__ import annotations

from typing import Any

from taskmodels.errors import InputProblem
from taskmodels.messages import ParamValue
from taskmodels.sources import RawSheet

Record = tuple[int, dict[str, Any], dict[str, str]]

DEFAULT_MAX_ROLE_HOURS_EXCESS = 0.10
"""Share by which a role's tasks may exceed its hours before it is an error."""

MAX_HOURS_PER_PERSON = 60.0
"""A task cannot take more than 60 hours a week per person of its role."""

#: Plausible ceilings per (sheet, column): above these a number is a typing error.
CEILINGS: dict[tuple[str, str], float] = {
    ("tasks", "hours_per_week"): 10_000.0,
    ("tasks", "lifting_kg"): 100.0,
    ("roles", "hourly_cost"): 1_000.0,
    ("roles", "headcount"): 100_000.0,
    ("candidates", "max_lifting_kg"): 100.0,
    # Monitor waves come a few a year; a wave past 1,000 is a typing error (and would
    # not fit the integer column a store keeps it in).
    ("ratings", "wave"): 1_000.0,
}

#: A role's hours are compared with its tasks' hours to this precision.
_SLACK = 1e-6


def _ceilings(sheet: RawSheet, records: list[Record], problems: list[InputProblem]) -> None:
    for row, values, _ in records:
        if row in sheet.bad_rows:
            continue
        for (name, column), ceiling in CEILINGS.items():
            value = values.get(column)
            if name != sheet.sheet or not isinstance(value, int | float):
                continue
            if value > ceiling:
                problems.append(InputProblem(sheet.file, sheet.sheet, row, column,
                                             code="input.ceiling",
                                             params={"value": float(value),
                                                     "ceiling": ceiling}))


def _rows(rows: list[int]) -> str:
    return ", ".join(str(r) for r in rows)


def check_plausibility(sheets: dict[str, RawSheet], role_recs: list[Record],
                       task_recs: list[Record], problems: list[InputProblem],
                       warnings: list[InputProblem],
                       max_role_hours_excess: float = DEFAULT_MAX_ROLE_HOURS_EXCESS) -> None:
    """Append implausible numbers to ``problems`` and small excesses to ``warnings``.

    Parameters
    ----------
    sheets, role_recs, task_recs:
        The parsed sheets and their records (row number, values, extra columns).
    problems, warnings:
        Collected findings, one :class:`InputProblem` each.
    max_role_hours_excess:
        The share by which a role's tasks may exceed headcount x contract hours
        and still be only a warning (0.10 = 10 %).
    """
    roles, tasks = sheets["roles"], sheets["tasks"]
    _ceilings(roles, role_recs, problems)
    _ceilings(tasks, task_recs, problems)
    role_rows: dict[str, tuple[int, dict[str, Any]]] = {}
    for row, values, _ in role_recs:
        if row not in roles.bad_rows and values.get("role") is not None:
            role_rows.setdefault(values["role"], (row, values))
    hours: dict[str, float] = {}
    rows_of: dict[str, list[int]] = {}
    for row, values, _ in task_recs:
        name, h = values.get("role"), values.get("hours_per_week")
        if row in tasks.bad_rows or name not in role_rows or not isinstance(h, int | float):
            continue
        headcount = role_rows[name][1].get("headcount")
        if isinstance(headcount, int) and headcount > 0 \
                and h > MAX_HOURS_PER_PERSON * headcount + _SLACK:
            problems.append(InputProblem(tasks.file, tasks.sheet, row, "hours_per_week",
                                         code="input.task_hours_per_person",
                                         params={"value": float(h), "role": name,
                                                 "headcount": headcount,
                                                 "ceiling": MAX_HOURS_PER_PERSON * headcount}))
        hours[name] = hours.get(name, 0.0) + float(h)
        rows_of.setdefault(name, []).append(row)
    for name, total in hours.items():
        row, values = role_rows[name]
        headcount, contract = values.get("headcount"), values.get("contract_hours")
        if not isinstance(headcount, int) or not isinstance(contract, int | float):
            continue
        available = headcount * float(contract)
        if total <= available + _SLACK:
            continue
        params: dict[str, ParamValue] = {
            "role": name, "hours": total, "available": available,
            "headcount": headcount, "contract_hours": float(contract),
            "rows": _rows(rows_of[name]), "margin": max_role_hours_excess}
        if total > available * (1 + max_role_hours_excess) + _SLACK:
            problems.append(InputProblem(roles.file, roles.sheet, row, "headcount",
                                         code="input.role_hours_excess", params=params))
        else:
            warnings.append(InputProblem(roles.file, roles.sheet, row, "headcount",
                                         code="input.role_hours_excess_warning", params=params))


def check_candidate_plausibility(sheets: dict[str, RawSheet], cand_recs: list[Record],
                                 problems: list[InputProblem],
                                 rating_recs: list[Record] | None = None) -> None:
    """Candidate numbers past a plausible ceiling (e.g. a lifting limit of 900 kg),
    and rating waves past theirs when ``rating_recs`` are given."""
    if "candidates" in sheets:
        _ceilings(sheets["candidates"], cand_recs, problems)
    if "ratings" in sheets and rating_recs:
        _ceilings(sheets["ratings"], rating_recs, problems)
