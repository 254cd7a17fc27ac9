"""Reading an inventory or a candidate pool, all or nothing (FORMATS.md section 1).

Every problem in the input is collected and raised together as
:class:`taskmodels.errors.InventoryError`; nothing is returned half-read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from taskmodels.cells import CellError, is_empty, parse_cell
from taskmodels.columns import SHEETS
from taskmodels.errors import InputProblem, InventoryError
from taskmodels.models import Candidate, CandidatePool, Inventory, Rating, Role, Task
from taskmodels.plausibility import (
    DEFAULT_MAX_ROLE_HOURS_EXCESS,
    check_candidate_plausibility,
    check_plausibility,
)
from taskmodels.reading_text import check_text
from taskmodels.sources import RawSheet, read_csv, read_xlsx
from taskmodels.validation import Record, check_candidates, check_inventory


def _parse_sheet(raw: RawSheet, problems: list[InputProblem]) -> list[Record]:
    columns = SHEETS[raw.sheet]
    known = {c.name for c in columns}
    for col in columns:
        if col.required and col.name not in raw.header:
            problems.append(InputProblem(raw.file, raw.sheet, 1, col.name,
                                         code="input.missing_column"))
            # Without the column no row of this sheet can become a record.
            raw.bad_rows.update(row for row, _ in raw.rows)
    seen: set[str] = set()
    for name in raw.header:
        if name and name in seen:
            problems.append(InputProblem(raw.file, raw.sheet, 1, name, code="input.duplicate_column"))
        seen.add(name)
    records: list[Record] = []
    for row_number, cells in raw.rows:
        values: dict[str, Any] = {}
        for col in columns:
            value = cells.get(col.name)
            if is_empty(value):
                if col.required and col.name in raw.header:
                    problems.append(InputProblem(raw.file, raw.sheet, row_number, col.name,
                                                 code="input.empty_value"))
                    raw.bad_rows.add(row_number)
                values[col.name] = col.default
                continue
            try:
                values[col.name] = parse_cell(value, col)
            except CellError as exc:
                problems.append(InputProblem(raw.file, raw.sheet, row_number, col.name,
                                             code=exc.code, params=exc.params))
                raw.bad_rows.add(row_number)
                values[col.name] = col.default
                continue
            if col.kind in ("text", "list") and not check_text(
                    raw.file, raw.sheet, row_number, col.name, col.kind, _text(value), problems):
                raw.bad_rows.add(row_number)
        extra = {
            k: _text(v) for k, v in cells.items() if k not in known and k and not is_empty(v)
        }
        for name, value in extra.items():
            if not check_text(raw.file, raw.sheet, row_number, name, "extra", value, problems):
                raw.bad_rows.add(row_number)
        records.append((row_number, values, extra))
    return records


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _load_sheets(path: Path, wanted: tuple[str, ...], required: tuple[str, ...],
                 problems: list[InputProblem]) -> dict[str, RawSheet]:
    """Raw sheets from an .xlsx workbook, a folder of CSV files, or one CSV file."""
    found: dict[str, RawSheet] = {}
    if not path.exists():
        problems.append(InputProblem(str(path), None, None, None, code="input.not_found"))
        return found
    if path.is_dir():
        for sheet in wanted:
            file = path / f"{sheet}.csv"
            if file.exists():
                raw = read_csv(file, sheet, problems)
                if raw is not None:
                    found[sheet] = raw
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        found = {k: v for k, v in read_xlsx(path, problems).items() if k in wanted}
    elif path.suffix.lower() == ".csv":
        sheet = path.stem.lower() if path.stem.lower() in wanted else required[0]
        raw = read_csv(path, sheet, problems)
        if raw is not None:
            found[sheet] = raw
        # A candidates.csv may have its ratings.csv beside it, as in an inventory folder.
        sibling = path.with_name("ratings.csv")
        if "ratings" in wanted and sheet != "ratings" and sibling.exists():
            raw = read_csv(sibling, "ratings", problems)
            if raw is not None:
                found["ratings"] = raw
    else:
        problems.append(InputProblem(str(path), None, None, None, code="input.wrong_kind"))
        return found
    if problems:
        return found
    for sheet in required:
        if sheet not in found:
            where = f"{path / (sheet + '.csv')}" if path.is_dir() else str(path)
            problems.append(InputProblem(where, sheet, None, None, code="input.missing_sheet",
                                         params={"sheet": sheet}))
    return found


_RULE_COLUMN = {"input.min_above_max": "min_hours"}
"""The column named for a model rule that spans columns."""


def _build_models(kind: type, sheet: RawSheet, records: list[Record],
                  problems: list[InputProblem], convert: Any) -> list[Any]:
    built = []
    for row, values, extra in records:
        if row in sheet.bad_rows:
            continue
        try:
            built.append(kind(**convert(values), extra=extra))
        except ValidationError as exc:
            for err in exc.errors():
                # A rule on two fields has no single loc: name the field the user
                # would change (FORMATS.md: a row problem names its column).
                column = str(err["loc"][0]) if err["loc"] else _RULE_COLUMN.get(str(err["type"]))
                code, params = _model_problem(err)
                problems.append(InputProblem(sheet.file, sheet.sheet, row, column,
                                             code=code, params=params))
    return built


def _model_problem(err: Any) -> tuple[str, dict[str, Any]]:
    """Code and parameters of one pydantic error of a model built from a row.

    The models raise ``PydanticCustomError`` with an ``input.`` code for the rules
    only they can check (``min_hours`` above ``max_hours``); any other error is a
    rule the cell parser already enforces, so it is kept with pydantic's own text.
    """
    if str(err["type"]).startswith("input."):
        return str(err["type"]), dict(err.get("ctx") or {})
    return "input.invalid", {"detail": str(err["msg"])}


def _task_values(values: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in values.items() if not k.startswith("d_")}
    out["demands"] = {k[2:]: v for k, v in values.items() if k.startswith("d_")}
    return out


def _candidate_values(values: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in values.items() if not k.startswith("c_")}
    out["capacities"] = {k[2:]: v for k, v in values.items() if k.startswith("c_") and v is not None}
    return out


def _parse_people(sheets: dict[str, RawSheet], problems: list[InputProblem],
                  ) -> tuple[list[Candidate], list[Rating], list[Record], list[Record]]:
    candidates: list[Candidate] = []
    ratings: list[Rating] = []
    cand_recs: list[Record] = []
    rating_recs: list[Record] = []
    if "candidates" in sheets:
        cand_recs = _parse_sheet(sheets["candidates"], problems)
        candidates = _build_models(Candidate, sheets["candidates"], cand_recs, problems,
                                   _candidate_values)
    if "ratings" in sheets:
        rating_recs = _parse_sheet(sheets["ratings"], problems)
        ratings = _build_models(Rating, sheets["ratings"], rating_recs, problems, dict)
    return candidates, ratings, cand_recs, rating_recs


def read_inventory(path: str | Path,
                   max_role_hours_excess: float = DEFAULT_MAX_ROLE_HOURS_EXCESS) -> Inventory:
    """Read and check a whole inventory (workbook or folder).

    ``max_role_hours_excess`` is the policy's margin (default 10 %) by which a role's
    tasks may exceed its hours (headcount x contract hours) and be only a warning
    (kept on ``inventory.warnings``); beyond it the excess is an error
    (:mod:`taskmodels.plausibility`).

    Raises
    ------
    InventoryError
        With every problem found, one :class:`InputProblem` each.
    """
    path = Path(path)
    problems: list[InputProblem] = []
    sheets = _load_sheets(path, tuple(SHEETS), ("roles", "tasks"), problems)
    if problems:
        raise InventoryError(problems)
    role_recs = _parse_sheet(sheets["roles"], problems)
    task_recs = _parse_sheet(sheets["tasks"], problems)
    # A task's department defaults to its role's department (FORMATS.md section 1).
    role_department = {v["role"]: v["department"] for _, v, _ in role_recs if v["role"] and v["department"]}
    for row, values, _ in task_recs:
        if values.get("department") is None:
            values["department"] = role_department.get(values.get("role"))
            if values["department"] is None:
                # Unknown role: reported by check_inventory; no record can be built.
                sheets["tasks"].bad_rows.add(row)
    roles = _build_models(Role, sheets["roles"], role_recs, problems, dict)
    tasks = _build_models(Task, sheets["tasks"], task_recs, problems, _task_values)
    candidates, ratings, cand_recs, rating_recs = _parse_people(sheets, problems)
    # Cross-record checks run even after cell problems, so one pass reports everything.
    check_inventory(sheets, role_recs, task_recs, problems)
    check_candidates(sheets, cand_recs, rating_recs, problems)
    warnings: list[InputProblem] = []
    check_plausibility(sheets, role_recs, task_recs, problems, warnings, max_role_hours_excess)
    check_candidate_plausibility(sheets, cand_recs, problems, rating_recs)
    if problems:
        raise InventoryError(problems)
    organisation = path.stem if path.is_file() else path.name
    return Inventory(organisation=organisation, roles=tuple(roles), tasks=tuple(tasks),
                     candidates=tuple(candidates), ratings=tuple(ratings),
                     warnings=tuple(warnings))


def read_candidates(path: str | Path) -> CandidatePool:
    """Read a candidate pool: a workbook with a ``candidates`` sheet (and ``ratings``),
    a ``.csv`` file (with ``ratings.csv`` beside it, if present) or a folder.

    Raises
    ------
    InventoryError
        With every problem found.
    """
    path = Path(path)
    problems: list[InputProblem] = []
    sheets = _load_sheets(path, ("candidates", "ratings"), ("candidates",), problems)
    if problems:
        raise InventoryError(problems)
    candidates, ratings, cand_recs, rating_recs = _parse_people(sheets, problems)
    check_candidates(sheets, cand_recs, rating_recs, problems)
    check_candidate_plausibility(sheets, cand_recs, problems, rating_recs)
    if problems:
        raise InventoryError(problems)
    return CandidatePool(candidates=tuple(candidates), ratings=tuple(ratings))


def candidate_rows(path: str | Path) -> dict[str, tuple[str, int]]:
    """Where each candidate of a readable pool is: ``candidate_id`` → (file, row).

    For messages about a whole, valid pool that only a store can find wrong (a
    pseudonym already in use), so they too name the file and the row.
    """
    found = _load_sheets(Path(path), ("candidates",), ("candidates",), [])
    raw = found.get("candidates")
    if raw is None:
        return {}
    column = next(c for c in SHEETS["candidates"] if c.name == "candidate_id")
    rows: dict[str, tuple[str, int]] = {}
    for row, cells in raw.rows:
        value = cells.get("candidate_id")
        if not is_empty(value):
            rows.setdefault(parse_cell(value, column), (raw.file, row))
    return rows
