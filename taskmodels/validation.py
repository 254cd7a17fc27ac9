"""Cross-record checks of an inventory: ids, references, keep_with groups, ratings.

Each check appends :class:`InputProblem` entries naming the row and column the user
must fix; none stops at the first problem.
"""

from __future__ import annotations

from typing import Any

from taskmodels.errors import InputProblem
from taskmodels.itembank import item_bank
from taskmodels.sources import RawSheet

Record = tuple[int, dict[str, Any], dict[str, str]]
"""One parsed row: its sheet row number, typed values by column, extra columns."""


def _duplicates(sheet: RawSheet, records: list[Record], key: str, what: str,
                problems: list[InputProblem]) -> dict[str, int]:
    first: dict[str, int] = {}
    for row, values, _ in records:
        value = values.get(key)
        if value is None:
            continue
        if value in first:
            problems.append(InputProblem(sheet.file, sheet.sheet, row, key,
                                         code="input.duplicate",
                                         params={"column": what, "value": str(value),
                                                 "first_row": first[value]}))
        else:
            first[value] = row
    return first


def check_inventory(sheets: dict[str, RawSheet], role_recs: list[Record],
                    task_recs: list[Record], problems: list[InputProblem]) -> None:
    """Roles unique; tasks unique with a known role; keep_with links valid and coherent."""
    roles, tasks = sheets["roles"], sheets["tasks"]
    role_rows = _duplicates(roles, role_recs, "role", "role", problems)
    task_rows = _duplicates(tasks, task_recs, "task_id", "task_id", problems)
    by_id = {v["task_id"]: v for _, v, _ in task_recs}
    for row, values, _ in task_recs:
        if values["role"] is not None and values["role"] not in role_rows:
            problems.append(InputProblem(tasks.file, tasks.sheet, row, "role",
                                         code="input.unknown_role", params={"role": values["role"]}))
        for other_id in values.get("keep_with") or ():
            other = by_id.get(other_id)
            if other is None:
                problems.append(InputProblem(tasks.file, tasks.sheet, row, "keep_with",
                                             code="input.unknown_task", params={"task_id": other_id}))
                continue
            if None not in (other["department"], values["department"]) and \
                    other["department"] != values["department"]:
                problems.append(InputProblem(
                    tasks.file, tasks.sheet, row, "keep_with",
                    code="input.keep_with_department",
                    params={"task_id": other_id, "other_department": other["department"],
                            "other_row": task_rows[other_id], "department": values["department"]}))
            if other["time_of_day"] != values["time_of_day"]:
                problems.append(InputProblem(
                    tasks.file, tasks.sheet, row, "keep_with",
                    code="input.keep_with_time",
                    params={"task_id": other_id, "other_time": f"time.{other['time_of_day']}",
                            "other_row": task_rows[other_id], "time": f"time.{values['time_of_day']}"}))


def check_candidates(sheets: dict[str, RawSheet], cand_recs: list[Record],
                     rating_recs: list[Record], problems: list[InputProblem]) -> None:
    """Candidate ids unique; ratings name a known candidate and item, once each."""
    known: dict[str, int] = {}
    if "candidates" in sheets:
        known = _duplicates(sheets["candidates"], cand_recs, "candidate_id", "candidate_id", problems)
    if "ratings" not in sheets:
        return
    ratings = sheets["ratings"]
    bank = item_bank()
    seen: dict[tuple[Any, ...], int] = {}
    for row, values, _ in rating_recs:
        if values["candidate_id"] is not None and values["candidate_id"] not in known:
            problems.append(InputProblem(ratings.file, ratings.sheet, row, "candidate_id",
                                         code="input.unknown_candidate",
                                         params={"candidate_id": values["candidate_id"]}))
        if values["item"] is not None and values["item"] not in bank:
            problems.append(InputProblem(ratings.file, ratings.sheet, row, "item",
                                         code="input.unknown_item", params={"item": values["item"]}))
        key = (values["candidate_id"], values["wave"], values["rater"], values["item"])
        if key in seen:
            problems.append(InputProblem(ratings.file, ratings.sheet, row, "item",
                                         code="input.duplicate_answer",
                                         params={"item": values["item"], "wave": values["wave"],
                                                 "first_row": seen[key]}))
        else:
            seen[key] = row
