"""Fuzzing the readers: any file gives either a whole inventory or pool, or an
InventoryError whose every problem names the file (and row and column where it is a
cell); never another exception, never a half-read result.

Run with ``-s`` to see how many inputs each strategy tried.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from taskmodels.columns import SHEETS
from taskmodels.errors import InputProblem, InventoryError
from taskmodels.reading import read_candidates, read_inventory
from tests.taskmodels.fuzz_inputs import (
    BAD_NUMBERS,
    STRATEGIES,
    Tally,
    Upload,
    as_file,
    csv_bytes,
    external_links,
    members_of,
    small_inventory,
    small_pool,
    too_many_rows,
    uploads,
    xlsx_bytes,
    zip_bytes,
)

CELL_CODES = ("input.not_number", "input.not_finite", "input.not_whole", "input.range.",
              "input.not_yes_no", "input.not_choice", "input.empty_value", "input.ceiling",
              "input.formula", "input.duplicate", "input.unknown_role", "input.min_above_max",
              "input.too_long", "input.control_character")
"""Problems that are always about one cell, so they must name its row and column."""

TALLY = {"inventory": Tally(), "pool": Tally()}
EXAMPLES = 250
"""Inputs per target; about 20 s for both on one core."""


def _place(upload: Upload, folder: Path) -> Path:
    """The upload on disk as the pages put it: a workbook or CSV as is, a zip unpacked flat."""
    path = folder / upload.name
    if not upload.name.endswith(".zip"):
        path.write_bytes(upload.data)
        return path
    target = folder / Path(upload.name).stem
    target.mkdir()
    with zipfile.ZipFile(io.BytesIO(upload.data)) as archive:
        for m in archive.infolist():
            if m.filename.endswith(".csv") and "/" not in m.filename:
                (target / m.filename).write_bytes(archive.read(m))
    return target


def _read(target: str, path: Path) -> object:
    return read_inventory(path) if target == "inventory" else read_candidates(path)


def check_one(target: str, upload: Upload, folder: Path) -> None:
    """The reader's answer to ``upload`` obeys the all-or-nothing contract."""
    TALLY[target].add(upload)
    if upload.name.endswith(".zip") and upload.strategy.startswith(("zip bomb", "random")):
        return  # the pages refuse these before the reader (tests/web/security)
    path = _place(upload, folder)
    try:
        result = _read(target, path)
    except InventoryError as exc:
        assert not upload.valid, [p.line() for p in exc.problems]
        problems = exc.problems
        assert problems
        for p in problems:
            assert p.file.startswith(str(path)), (p.file, path)
            assert p.message and p.text("en"), p
            if p.code.startswith(CELL_CODES):
                assert p.row is not None and p.column, p.line()
        where = {(p.sheet, p.row, p.column) for p in problems}
        for cell in upload.cells:
            assert cell in where, (cell, [p.line() for p in problems])
        return
    except Exception:
        TALLY[target].server_errors += 1
        raise
    assert not upload.cells, f"{upload.strategy}: accepted, expected a problem at {upload.cells}"
    if upload.valid:
        expected = small_inventory() if target == "inventory" else small_pool()
        if target == "inventory":
            assert len(result.tasks) == len(expected["tasks"]) - 1  # type: ignore[attr-defined]
        else:
            assert len(result.candidates) == len(expected["candidates"]) - 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("target", ["inventory", "pool"])
def test_any_upload_is_read_whole_or_refused_with_its_place(
        target: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    tally = TALLY[target] = Tally()

    @settings(max_examples=EXAMPLES, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(upload=uploads(target))
    def run(upload: Upload) -> None:
        check_one(target, upload, tmp_path_factory.mktemp("fuzz"))

    run()
    print(tally.summary(f"reading fuzz ({target})", "unexpected exceptions", "half-read results"))
    tried = set(tally.tried)
    assert {s.split(" (")[0] for s in STRATEGIES} <= tried, tried


@pytest.mark.parametrize("target", ["inventory", "pool"])
@settings(max_examples=3, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_too_many_rows_is_refused(target: str, data: st.DataObject,
                                  tmp_path_factory: pytest.TempPathFactory) -> None:
    upload = data.draw(too_many_rows(target))
    path = _place(upload, tmp_path_factory.mktemp("rows"))
    TALLY[target].add(upload)
    with pytest.raises(InventoryError) as info:
        _read(target, path)
    assert "input.too_many_rows" in {p.code for p in info.value.problems}


@pytest.mark.parametrize("kind", ["xlsx", "zip"])
def test_the_untouched_inputs_are_valid(kind: str, tmp_path: Path) -> None:
    """The strategies start from files that really pass (else every break is moot)."""
    for target, sheets in (("inventory", small_inventory()), ("pool", small_pool())):
        name, data = as_file(sheets, kind, f"geldig-{target}")
        (tmp_path / f"{target}-{kind}").mkdir()
        check_one(target, Upload("valid", name, data, valid=True), tmp_path / f"{target}-{kind}")


# --- sweeps: every column, every odd value ----------------------------------------------

def _folder(sheets: dict[str, list[list[str]]], folder: Path) -> Path:
    folder.mkdir()
    for sheet, rows in sheets.items():
        (folder / f"{sheet}.csv").write_bytes(csv_bytes(rows))
    return folder


def _problems(target: str, path: Path) -> list[InputProblem]:
    try:
        _read(target, path)
    except InventoryError as exc:
        return exc.problems
    return []


def _columns(target: str) -> list[tuple[str, str, str]]:
    sheets = small_inventory() if target == "inventory" else small_pool()
    kinds = {(s, c.name): c.kind for s, cols in SHEETS.items() for c in cols}
    return [(sheet, name, kinds[sheet, name]) for sheet, rows in sheets.items() for name in rows[0]]


@pytest.mark.parametrize("target", ["inventory", "pool"])
def test_every_odd_number_in_every_numeric_column_is_named_at_its_cell(
        target: str, tmp_path: Path) -> None:
    tried = 0
    for sheet, column, kind in _columns(target):
        if kind not in ("int", "number"):
            continue
        for value in sorted(BAD_NUMBERS):
            sheets = small_inventory() if target == "inventory" else small_pool()
            rows = sheets[sheet]
            rows[1][rows[0].index(column)] = value
            path = _folder(sheets, tmp_path / f"n{tried}")
            where = {(p.sheet, p.row, p.column) for p in _problems(target, path)}
            assert (sheet, 2, column) in where, (sheet, column, value, where)
            tried += 1
    print(f"odd numbers ({target}): {tried:,} inputs, each named at its row and column")
    assert tried >= 36 * len(BAD_NUMBERS) // 2


HIDDEN = ["\x00", "a\x00b", "\x01\x02", "\x1b[31m", "\u202eKOK", "K\u2066O\u2069K",
          "\ufeffK1", "K\u200b1", "x" * 10_000, "\u202e" * 10_000]
"""Values that must be refused in *every* column, whatever its kind."""


@pytest.mark.parametrize("target", ["inventory", "pool"])
def test_hidden_characters_and_huge_cells_in_every_column_are_named(target: str,
                                                                  tmp_path: Path) -> None:
    tried = 0
    for sheet, column, _kind in _columns(target):
        for value in HIDDEN:
            sheets = small_inventory() if target == "inventory" else small_pool()
            rows = sheets[sheet]
            rows[1][rows[0].index(column)] = value
            path = _folder(sheets, tmp_path / f"h{tried}")
            problems = _problems(target, path)
            where = {(p.sheet, p.row, p.column) for p in problems}
            assert (sheet, 2, column) in where, (sheet, column, value[:20], where)
            tried += 1
    print(f"hidden characters and 10,000-character cells ({target}): {tried:,} inputs")


@pytest.mark.parametrize("target", ["inventory", "pool"])
def test_formulas_in_every_column_of_a_workbook_are_reported_never_evaluated(
        target: str, tmp_path: Path) -> None:
    """``=…`` cells are formula cells: reported at their letter, their cached value unused.
    ``+1``, ``-1`` and ``@SUM`` typed as text are plain text: numbers where they parse
    ("+1" is 1), refused where they do not; never evaluated."""
    tried = 0
    sheets0 = small_inventory() if target == "inventory" else small_pool()
    for sheet, rows0 in sheets0.items():
        for c, column in enumerate(rows0[0]):
            for value in ("=HYPERLINK(\"http://example.invalid\",\"x\")", "=1+2", "@SUM(A1:A9)"):
                sheets = small_inventory() if target == "inventory" else small_pool()
                sheets[sheet][1][c] = value
                path = tmp_path / f"f{tried}.xlsx"
                path.write_bytes(xlsx_bytes(dict(sheets)))
                problems = _problems(target, path)
                where = {(p.sheet, p.row, p.column, p.code) for p in problems}
                if value.startswith("="):
                    assert (sheet, 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[c], "input.formula") in where
                else:
                    kind = dict((n, k) for s, n, k in _columns(target) if s == sheet)[column]
                    if kind not in ("text", "list"):
                        assert (sheet, 2, column) in {w[:3] for w in where}, (column, where)
                tried += 1
    print(f"formulas in every column ({target}): {tried:,} workbooks")


def test_external_link_is_not_followed_and_its_cached_value_not_taken(tmp_path: Path) -> None:
    """openpyxl is called with keep_links=False and data_only=False: the link part is
    dropped, and the formula on it is reported rather than its cached value (7) read."""
    import openpyxl

    upload = find(external_links("inventory"), lambda u: True)
    path = tmp_path / "extern.xlsx"
    path.write_bytes(upload.data)
    book = openpyxl.load_workbook(path, read_only=True, keep_links=True)
    assert book._external_links  # the file really carries an external link
    problems = _problems("inventory", path)
    assert [(p.sheet, p.row, p.column) for p in problems if p.code == "input.formula"] \
        == upload.cells


# --- regressions: the exact inputs the fuzzing found -------------------------------------

def _valid_members(target: str = "inventory") -> dict[str, bytes]:
    return members_of(xlsx_bytes(dict(small_inventory() if target == "inventory"
                                      else small_pool())))


def test_regression_content_types_first_byte_flipped(tmp_path: Path) -> None:
    """Found by the fuzzer: ``[Content_Types].xml`` with its first byte flipped (``<`` →
    0xC3) made openpyxl raise xml.etree ParseError, which escaped the reader (a 500)."""
    members = _valid_members()
    data = members["[Content_Types].xml"]
    members["[Content_Types].xml"] = bytes([data[0] ^ 0xFF]) + data[1:]
    path = tmp_path / "veranderd.xlsx"
    path.write_bytes(zip_bytes(members))
    (problem,) = _problems("inventory", path)
    assert (problem.file, problem.code) == (str(path), "input.not_xlsx")
    assert "ParseError" in problem.text("en")


def test_regression_sheet_xml_cut_short(tmp_path: Path) -> None:
    """Found by the fuzzer: a worksheet part cut mid-element raised ParseError while
    the rows were iterated (after load_workbook had succeeded)."""
    members = _valid_members()
    sheet = members["xl/worksheets/sheet2.xml"]
    members["xl/worksheets/sheet2.xml"] = sheet[:len(sheet) // 2]
    path = tmp_path / "afgebroken.xlsx"
    path.write_bytes(zip_bytes(members))
    assert [p.code for p in _problems("inventory", path)] == ["input.not_xlsx"]


def test_regression_junk_in_the_document_properties(tmp_path: Path) -> None:
    """Found by the fuzzer: an element spliced into ``docProps/core.xml`` made openpyxl's
    object layer raise TypeError (not a parse error) while opening."""
    members = _valid_members()
    core = members["docProps/core.xml"]
    # Spliced after the date of "2026-12-02T00:56:52Z": openpyxl then reads a date
    # where it expects a date and time.
    at = core.index(b"</dcterms:created>") - len(b"T00:56:52Z")
    members["docProps/core.xml"] = core[:at] + b'<c r="A1" t="s"><v>999999</v></c>' + core[at:]
    path = tmp_path / "veranderd.xlsx"
    path.write_bytes(zip_bytes(members))
    (problem,) = _problems("inventory", path)
    assert problem.code == "input.not_xlsx" and "TypeError" in problem.text("en")


def test_regression_wave_past_any_store(tmp_path: Path) -> None:
    """Found by the fuzzer: wave ``1e20`` is a whole number ≥ 1, so it was accepted, and
    storing it overflowed the database's integer column (a 500 on import)."""
    sheets = small_pool()
    sheets["ratings"][1][1] = "1e20"
    problems = _problems("pool", _folder(sheets, tmp_path / "pool"))
    assert [(p.sheet, p.row, p.column, p.code) for p in problems] == [
        ("ratings", 2, "wave", "input.ceiling")]


def test_regression_min_above_max_names_its_column(tmp_path: Path) -> None:
    """Found by the fuzzer: min_hours ``1e20`` gave a row problem without a column."""
    sheets = small_pool()
    sheets["candidates"][1][sheets["candidates"][0].index("min_hours")] = "1e20"
    problems = _problems("pool", _folder(sheets, tmp_path / "pool"))
    assert [(p.row, p.column, p.code) for p in problems] == [
        (2, "min_hours", "input.min_above_max")]


@pytest.mark.parametrize(("value", "code"), [
    ("K\x00001", "input.control_character"), ("\u202e100K", "input.control_character"),
    ("K" * 65, "input.too_long")])
def test_regression_pseudonym_a_store_cannot_hold(value: str, code: str, tmp_path: Path) -> None:
    """Found by the fuzzer: a pseudonym with NUL (PostgreSQL refuses NUL in text), a
    right-to-left override (``K001`` shown as another id) or longer than the 64
    characters the store holds was accepted."""
    sheets = small_pool()
    sheets["candidates"][1][0] = value
    for row in sheets["ratings"][1:]:
        if row[0] == "K001":
            row[0] = value
    problems = _problems("pool", _folder(sheets, tmp_path / "pool"))
    assert ("candidates", 2, "candidate_id", code) in {
        (p.sheet, p.row, p.column, p.code) for p in problems}


def test_regression_csv_cell_past_the_csv_field_limit(tmp_path: Path) -> None:
    """Found by probing the CSV side: a 200,000-character cell made the csv module
    raise csv.Error (field larger than field limit) out of the reader (a 500)."""
    sheets = small_pool()
    sheets["candidates"][2][0] = "x" * 200_000
    folder = _folder(sheets, tmp_path / "pool")
    problems = _problems("pool", folder)
    assert [(p.file, p.row, p.code) for p in problems] == [
        (str(folder / "candidates.csv"), 3, "input.csv_broken")]


@pytest.mark.parametrize("sep", ["\u2028", "\r", "\x0c"])
def test_regression_line_break_inside_a_quoted_cell_is_kept(sep: str, tmp_path: Path) -> None:
    """Found by probing the CSV side: str.splitlines split a quoted ``"K\u20281"`` in two
    and the csv module glued it back as ``K1``: a different id, silently. Now the cell
    keeps its text, and a line break in an id is refused at its cell."""
    sheets = small_pool()
    sheets["candidates"][1][0] = f"K{sep}1"
    for row in sheets["ratings"][1:]:
        if row[0] == "K001":
            row[0] = f"K{sep}1"
    folder = _folder(sheets, tmp_path / "pool")
    for sheet, rows in sheets.items():  # every cell quoted, as Excel quotes a line break
        buffer = io.StringIO()
        csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
        (folder / f"{sheet}.csv").write_text(buffer.getvalue(), encoding="utf-8", newline="")
    problems = _problems("pool", folder)
    assert ("candidates", 2, "candidate_id", "input.control_character") in {
        (p.sheet, p.row, p.column, p.code) for p in problems}
    assert "K1" not in {str(p.params.get("value")) for p in problems}
