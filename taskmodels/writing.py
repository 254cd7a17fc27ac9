"""Writing an inventory or a candidate pool back to a workbook or a CSV folder.

The writer uses the same column table as the reader, so a round trip
workbook -> models -> workbook keeps every value (extra columns included).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from taskmodels.columns import SHEETS, Column
from taskmodels.models import CandidatePool, Inventory


def _cell(value: Any, column: Column) -> Any:
    if value is None:
        return None
    if column.kind == "bool":
        return "yes" if value else "no"
    if column.kind == "list":
        return ";".join(value) or None
    if column.kind == "number" and float(value).is_integer():
        return int(value)
    return value


def _record_rows(sheet: str, records: Iterable[Any]) -> tuple[list[str], list[list[Any]]]:
    columns = SHEETS[sheet]
    records = list(records)
    extras: list[str] = []
    for rec in records:
        for key in getattr(rec, "extra", {}):
            if key not in extras:
                extras.append(key)
    header = [c.name for c in columns] + extras
    rows = []
    for rec in records:
        data = rec.model_dump()
        flat: dict[str, Any] = dict(data)
        for dim, level in data.get("demands", {}).items():
            flat[f"d_{dim}"] = level
        for dim, level in data.get("capacities", {}).items():
            flat[f"c_{dim}"] = level
        row = [_cell(flat.get(c.name), c) for c in columns]
        row += [data.get("extra", {}).get(k) for k in extras]
        rows.append(row)
    return header, rows


def _sheets_of(inventory: Inventory | None, pool: CandidatePool | None) -> dict[str, list[Any]]:
    sheets: dict[str, list[Any]] = {}
    if inventory is not None:
        sheets["roles"] = list(inventory.roles)
        sheets["tasks"] = list(inventory.tasks)
        if inventory.candidates:
            sheets["candidates"] = list(inventory.candidates)
        if inventory.ratings:
            sheets["ratings"] = list(inventory.ratings)
    if pool is not None:
        sheets["candidates"] = list(pool.candidates)
        if pool.ratings:
            sheets["ratings"] = list(pool.ratings)
    return sheets


def _write(sheets: dict[str, list[Any]], path: Path) -> None:
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        for name, records in sheets.items():
            ws = book.create_sheet(name)
            header, rows = _record_rows(name, records)
            ws.append(header)
            for row in rows:
                ws.append(row)
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
        return
    if path.suffix.lower() == ".csv":
        if set(sheets) - {"candidates", "ratings"}:
            raise ValueError("a single .csv file holds candidates only; give a folder or an .xlsx path")
        targets = {"candidates": path, "ratings": path.with_name("ratings.csv")}
    else:
        targets = {name: path / f"{name}.csv" for name in sheets}
    for name, records in sheets.items():
        header, rows = _record_rows(name, records)
        target = targets[name]
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(["" if v is None else v for v in row] for row in rows)


def write_inventory(inventory: Inventory, path: str | Path) -> None:
    """Write an inventory to ``path``: an ``.xlsx`` workbook, else a folder of CSV files."""
    _write(_sheets_of(inventory, None), Path(path))


def write_candidates(pool: CandidatePool, path: str | Path) -> None:
    """Write a candidate pool: ``.xlsx``, a ``.csv`` (ratings.csv beside it), or a folder."""
    _write(_sheets_of(None, pool), Path(path))
