"""Raw tables from a workbook or a folder of CSV files, with the row numbers users see.

openpyxl (read-only mode) reads ``.xlsx`` and the standard ``csv`` module reads CSV:
both hand back cells exactly as typed, which the reader needs to name a bad cell
precisely; pandas would coerce types (and lose the row a value came from) first.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskmodels.errors import InputProblem

MAX_ROWS = 20_000
"""Most data rows per sheet (a work analysis has hundreds; a pool thousands). More is
reported as a problem of its own rather than read into memory."""


@dataclass
class RawSheet:
    """One sheet as read: normalised header names and rows with their sheet row numbers."""

    file: str
    sheet: str
    header: list[str]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    bad_rows: set[int] = field(default_factory=set)
    """Rows with a cell that could not be read; their models are not built."""


def _normalise(name: Any) -> str:
    return "" if name is None else str(name).strip().lower()


def _build(file: str, sheet: str, lines: list[tuple[int, list[Any]]]) -> RawSheet:
    if not lines:
        return RawSheet(file, sheet, [])
    header_row, header_cells = lines[0]
    header = [_normalise(h) for h in header_cells]
    raw = RawSheet(file, sheet, header)
    for row_number, cells in lines[1:]:
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue  # blank lines between blocks are common in hand-made sheets
        record = {name: cells[i] if i < len(cells) else None for i, name in enumerate(header) if name}
        raw.rows.append((row_number, record))
    return raw


def read_xlsx(path: Path, problems: list[InputProblem]) -> dict[str, RawSheet]:
    """All sheets of a workbook keyed by lower-case sheet name.

    A file that openpyxl cannot parse becomes one ``input.not_xlsx`` problem (and
    nothing from it is kept), whatever the parser raised while opening or reading.
    """
    from taskmodels.zipguard import ZipBomb, check_file

    try:
        check_file(str(path))  # before openpyxl unpacks anything: a zip bomb stops here
    except ZipBomb as exc:
        problems.append(InputProblem(str(path), None, None, None, code="input.zip_bomb",
                                     params={"detail": str(exc)}))
        return {}
    except (OSError, EOFError, zipfile.BadZipFile, ValueError) as exc:
        problems.append(InputProblem(str(path), None, None, None, code="input.not_xlsx",
                                     params={"detail": str(exc) or type(exc).__name__}))
        return {}
    found: list[InputProblem] = []
    try:
        with warnings.catch_warnings():
            # openpyxl warns (to stderr) about parts it drops; the file is judged below.
            warnings.simplefilter("ignore")
            sheets = _read_book(path, found)
    except Exception as exc:  # noqa: BLE001
        # A damaged part of the archive surfaces as whatever openpyxl's XML and object
        # layer raises (ParseError, TypeError, KeyError, ...), while opening or while
        # iterating rows; for the user each one means the same: not a readable workbook.
        problems.append(InputProblem(str(path), None, None, None, code="input.not_xlsx",
                                     params={"detail": _first_line(exc)}))
        return {}
    problems.extend(found)
    return sheets


def _first_line(exc: BaseException) -> str:
    text = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _read_book(path: Path, problems: list[InputProblem]) -> dict[str, RawSheet]:
    import openpyxl  # imported here: only workbook reading needs it

    # data_only=False: a formula is read as its text (never a cached value taken for
    # input) and reported below; keep_links=False: external links are dropped.
    book = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    sheets: dict[str, RawSheet] = {}
    try:
        for ws in book.worksheets:
            sheet = ws.title.strip().lower()
            lines: list[tuple[int, list[Any]]] = []
            for i, row in enumerate(ws.iter_rows(), start=1):
                # Count rows with content only: formatting down to row 1,048,576 is common.
                if len(lines) > MAX_ROWS and any(c.value is not None for c in row):
                    problems.append(InputProblem(str(path), sheet, i, None,
                                                 code="input.too_many_rows",
                                                 params={"max": MAX_ROWS}))
                    break
                values: list[Any] = []
                for cell in row:
                    if getattr(cell, "data_type", None) == "f":
                        problems.append(InputProblem(
                            str(path), sheet, i, getattr(cell, "column_letter", None),
                            code="input.formula"))
                        values.append(None)
                    else:
                        values.append(cell.value)
                lines.append((i, values))
            sheets[sheet] = _build(str(path), sheet, lines)
    finally:
        book.close()
    return sheets


def read_csv(path: Path, sheet: str, problems: list[InputProblem]) -> RawSheet | None:
    """One CSV file as a sheet (comma or semicolon separated, UTF-8 with or without BOM)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.append(InputProblem(str(path), sheet, None, None, code="input.not_utf8"))
        return None
    except OSError as exc:
        problems.append(InputProblem(str(path), sheet, None, None, code="input.unreadable",
                                     params={"detail": str(exc.strerror)}))
        return None
    first = text.split("\n", 1)[0]
    # Dutch Excel writes ';'-separated CSV; a header never contains ';' otherwise.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    # newline="": line breaks inside a quoted cell stay in the cell (str.splitlines
    # would also split on U+2028, form feed and a lone CR there, and glue the parts).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: list[tuple[int, list[Any]]] = []
    # Rows are counted per record, as a spreadsheet shows them: a quoted cell with a
    # line break spans two lines of text but stays one row.
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            if len(lines) > MAX_ROWS:  # the header plus MAX_ROWS rows
                problems.append(InputProblem(str(path), sheet, number, None,
                                             code="input.too_many_rows",
                                             params={"max": MAX_ROWS}))
                break
            lines.append((number, list(row)))
    except csv.Error as exc:
        # A cell past the csv module's field limit (131,072 characters) and the like.
        problems.append(InputProblem(str(path), sheet, number + 1, None,
                                     code="input.csv_broken", params={"detail": str(exc)}))
        return None
    return _build(str(path), sheet, lines)
