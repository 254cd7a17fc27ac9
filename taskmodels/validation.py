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
                                         f"duplicate {what} '{value}' (also in row {first[value]})"))
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
                                         f"role '{values['role']}' does not exist in sheet roles"))
        for other_id in values.get("keep_with") or ():
            other = by_id.get(other_id)
            if other is None:
                problems.append(InputProblem(tasks.file, tasks.sheet, row, "keep_with",
                                             f"task '{other_id}' does not exist in sheet tasks"))
                continue
            if None not in (other["department"], values["department"]) and \
                    other["department"] != values["department"]:
                problems.append(InputProblem(
                    tasks.file, tasks.sheet, row, "keep_with",
                    f"links task '{other_id}' of department '{other['department']}' "
                    f"(row {task_rows[other_id]}) to department '{values['department']}'; "
                    "tasks kept together must share one department"))
            if other["time_of_day"] != values["time_of_day"]:
                problems.append(InputProblem(
                    tasks.file, tasks.sheet, row, "keep_with",
                    f"links task '{other_id}' done at {other['time_of_day']} "
                    f"(row {task_rows[other_id]}) to a task done at {values['time_of_day']}; "
                    "tasks kept together must share one time of day"))


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
                                         f"candidate '{values['candidate_id']}' does not exist in sheet candidates"))
        if values["item"] is not None and values["item"] not in bank:
            problems.append(InputProblem(ratings.file, ratings.sheet, row, "item",
                                         f"item '{values['item']}' is not in the item bank"))
        key = (values["candidate_id"], values["wave"], values["rater"], values["item"])
        if key in seen:
            problems.append(InputProblem(ratings.file, ratings.sheet, row, "item",
                                         f"this rater already scored item '{values['item']}' in wave "
                                         f"{values['wave']} (row {seen[key]})"))
        else:
            seen[key] = row
