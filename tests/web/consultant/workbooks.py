"""Test workbooks: the bundled example as xlsx or zip, and one with known mistakes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl

from taskmodels.examples import example_path
from taskmodels.reading import read_inventory
from taskmodels.writing import write_inventory

EXAMPLE = "zorgcentrum_de_linde"


def good_xlsx(tmp: Path) -> bytes:
    """The example inventory as one workbook."""
    path = tmp / "linde.xlsx"
    write_inventory(read_inventory(example_path(EXAMPLE)), path)
    return path.read_bytes()


def good_zip() -> bytes:
    """The example's csv folder as a zip (inside a sub-folder, as a zipped folder is)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for csv in sorted(example_path(EXAMPLE).glob("*.csv")):
            archive.write(csv, f"linde/{csv.name}")
    return buffer.getvalue()


def bad_xlsx(tmp: Path) -> tuple[bytes, list[tuple[str, int, str]]]:
    """The example with three mistakes; returns the bytes and (sheet, row, column) of each."""
    path = tmp / "fouten.xlsx"
    write_inventory(read_inventory(example_path(EXAMPLE)), path)
    wb = openpyxl.load_workbook(path)
    ws = wb["tasks"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) + 1 for name in header}
    ws.cell(row=2, column=col["hours_per_week"], value="twintig")
    ws.cell(row=3, column=col["role"], value="Astronaut")
    ws.cell(row=4, column=col["d_pace"], value=9)
    wb.save(path)
    return path.read_bytes(), [("tasks", 2, "hours_per_week"), ("tasks", 3, "role"),
                               ("tasks", 4, "d_pace")]
