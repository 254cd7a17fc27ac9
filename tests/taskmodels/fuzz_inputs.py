"""Hostile upload inputs for the fuzz tests of the readers and the upload pages.

Every generator starts from a small *valid* inventory or candidate pool (taken from
the bundled examples, so it passes every rule) and breaks it in one way: random
bytes, a workbook cut short, a workbook re-zipped with a mutated member, a zip bomb
that fits in the upload limit, an odd value in one cell, a broken header, too many
rows, an external link. The same strategies drive ``tests/taskmodels/test_reading_fuzz.py``
(the readers) and ``tests/web/security/test_upload_fuzz.py`` (the pages).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from taskmodels.sources import MAX_ROWS

EXAMPLES = Path(__file__).resolve().parents[2] / "taskmodels" / "data" / "examples"

Rows = list[list[str]]
Sheets = dict[str, Rows]


def _csv_rows(path: Path) -> Rows:
    return [list(r) for r in csv.reader(path.read_text(encoding="utf-8").splitlines())]


@cache
def _inventory() -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    roles = _csv_rows(EXAMPLES / "zorgcentrum_de_linde" / "roles.csv")[:3]
    tasks = _csv_rows(EXAMPLES / "zorgcentrum_de_linde" / "tasks.csv")
    names = {r[0] for r in roles[1:]}
    kept = [tasks[0]] + [t for t in tasks[1:] if t[2] in names][:8]
    ids = {t[0] for t in kept[1:]}
    kw = kept[0].index("keep_with")
    for t in kept[1:]:  # keep only links to tasks that stay
        t[kw] = ";".join(x for x in t[kw].split(";") if x in ids)
    return tuple(map(tuple, roles)), tuple(map(tuple, kept))


def small_inventory() -> Sheets:
    """Two roles and their tasks from a bundled example: valid, a fresh copy each call."""
    roles, tasks = _inventory()
    return {"roles": [list(r) for r in roles], "tasks": [list(t) for t in tasks]}


@cache
def _pool() -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    cands = _csv_rows(EXAMPLES / "kandidaten" / "candidates.csv")[:4]
    ratings = _csv_rows(EXAMPLES / "kandidaten" / "ratings.csv")
    ids = {c[0] for c in cands[1:]}
    kept = [ratings[0]] + [r for r in ratings[1:] if r[0] in ids and r[1] == "1"][:40]
    return tuple(map(tuple, cands)), tuple(map(tuple, kept))


def small_pool(tag: str = "") -> Sheets:
    """Three bundled candidates with some wave-1 answers; ``tag`` renames the pseudonyms
    (``K001`` → ``K001-tag``) so one database can take the pool more than once."""
    cands, ratings = _pool()
    out = {"candidates": [list(c) for c in cands], "ratings": [list(r) for r in ratings]}
    if tag:
        for sheet in out.values():
            for row in sheet[1:]:
                row[0] = f"{row[0]}-{tag}"
    return out


# --- writing files --------------------------------------------------------------------

def csv_bytes(rows: Rows, delimiter: str = ",") -> bytes:
    """``rows`` as UTF-8 CSV."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(sheets: dict[str, list[list[Any]]]) -> bytes:
    """A workbook with one sheet per key. A string starting with ``=`` becomes a formula
    cell (openpyxl's rule, the same as typing it in Excel); numbers stay numbers."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append([_xlsx_value(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        # openpyxl refuses control characters; raw ones are injected by mutate_member.
        return ILLEGAL_CHARACTERS_RE.sub("?", value)
    return value


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip archive holding ``members``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def members_of(data: bytes) -> dict[str, bytes]:
    """The members of a zip (a workbook) by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {m.filename: archive.read(m) for m in archive.infolist()}


# --- what an upload is ------------------------------------------------------------------

@dataclass
class Upload:
    """One input: a file (``name``, ``data``) and what a correct reader must say of it.

    ``valid`` inputs must be read (imported) whole. For an invalid one, ``cells``
    lists (sheet, row, column) places at least one of which a problem must name,
    when the break is in a known cell (column as header name for CSV, as the letter
    for a formula cell of a workbook, which has no name yet).
    """

    strategy: str
    name: str
    data: bytes
    valid: bool = False
    cells: list[tuple[str, int, str]] = field(default_factory=list)


def as_file(sheets: Sheets, kind: str, stem: str) -> tuple[str, bytes]:
    """``sheets`` as an ``.xlsx`` or as a ``.zip`` of CSV files (the upload forms take both)."""
    if kind == "xlsx":
        return f"{stem}.xlsx", xlsx_bytes(dict(sheets))
    return f"{stem}.zip", zip_bytes({f"{s}.csv": csv_bytes(rows) for s, rows in sheets.items()})


# --- strategies ---------------------------------------------------------------------------

ODD_NUMBERS = ["1e308", "1e400", "-1e400", "-1", "-0.5", "nan", "NaN", "inf", "-inf",
               "Infinity", "1e20", "99999999999999999999999", "-99999999999999999999",
               "1.5.5", "twintig", "12 uur", "0x10", "١٢", "1,5e3", "", " ", "--1", "+-1"]
FORMULAS = ["=HYPERLINK(\"http://example.invalid\",\"klik\")", "=1+2", "+1", "-1",
            "@SUM(A1:A9)", "=cmd|' /C calc'!A0", "\t=1", "\r=1", "=WEBSERVICE(\"http://x\")"]
NASTY = ["\x00", "a\x00b", "\x01\x02\x1f", "\u202eKOK", "\u202e12", "\ufeff1", "\u200b",
         "_x0000_", "x" * 10_000, "1" * 10_000, "\u202e" * 10_000, "é" * 5_000,
         "<script>alert(1)</script>", "'; DROP TABLE candidates; --", "\\\\srv\\share",
         "\ud7ff\ue000", "🧑‍🦽", "\n\n", "a;b;;c", "K\u20281", "K\r1", "y" * 200_000]
cell_values = st.one_of(
    st.sampled_from(ODD_NUMBERS), st.sampled_from(FORMULAS), st.sampled_from(NASTY),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-10**30, 10**30).map(str),
    st.text(max_size=40),
)
"""A value for one cell: odd numbers, formulas, control characters, long text."""


def _sheets_for(target: str, tag: str) -> Sheets:
    return small_inventory() if target == "inventory" else small_pool(tag)


@st.composite
def random_bytes(draw: st.DrawFn, target: str) -> Upload:
    """Bytes of any kind under a name the form accepts."""
    data = draw(st.one_of(st.binary(max_size=4096),
                          st.binary(max_size=64).map(lambda b: b"PK\x03\x04" + b)))
    suffix = draw(st.sampled_from([".xlsx", ".zip"] + ([".csv"] if target == "pool" else [])))
    return Upload("random bytes", f"willekeurig{suffix}", data)


@cache
def _valid_xlsx(target: str) -> bytes:
    return xlsx_bytes(dict(_sheets_for(target, "")))


@st.composite
def truncated_xlsx(draw: st.DrawFn, target: str) -> Upload:
    """A valid workbook cut at a random offset."""
    whole = _valid_xlsx(target)
    cut = draw(st.integers(0, len(whole) - 1))
    return Upload("truncated xlsx", "afgebroken.xlsx", whole[:cut])


def _mutation(kind: str, data: bytes, at: int, junk: bytes) -> bytes | None:
    at = at % (len(data) + 1)
    if kind == "flip":
        return data[:at] + bytes([(data[at] ^ 0xFF) if at < len(data) else 0]) + data[at + 1:]
    if kind == "truncate":
        return data[:at]
    if kind == "insert":
        return data[:at] + junk + data[at:]
    if kind == "replace":
        return junk
    if kind == "drop":
        return None
    raise AssertionError(kind)


@st.composite
def mutated_xlsx(draw: st.DrawFn, target: str) -> Upload:
    """A valid workbook re-zipped with one member flipped, cut, spliced, replaced or gone."""
    members = members_of(_valid_xlsx(target))
    name = draw(st.sampled_from(sorted(members)))
    kind = draw(st.sampled_from(["flip", "truncate", "insert", "replace", "drop"]))
    junk = draw(st.one_of(
        st.binary(max_size=64),
        st.sampled_from([b"\x00", b"\x01", b"&#1;", b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>",
                         b"<c r=\"A1\" t=\"s\"><v>999999</v></c>", b"<v>1e400</v>",
                         b"<c r=\"XFD1048576\"><v>1</v></c>", b"]]>", b"<x:y/>"])))
    changed = _mutation(kind, members[name], draw(st.integers(0, 10**6)), junk)
    out = {k: v for k, v in members.items() if k != name}
    if changed is not None:
        out[name] = changed
    return Upload("mutated xlsx member", "veranderd.xlsx", zip_bytes(out))


@st.composite
def zip_bombs(draw: st.DrawFn, target: str) -> Upload:
    """Small archives that unpack far beyond the guard's limits."""
    shape = draw(st.sampled_from(["one big member", "many 1 MB members", "many members"]))
    suffix = draw(st.sampled_from([".xlsx", ".zip"]))
    inner = "xl/worksheets/sheet1.xml" if suffix == ".xlsx" else "tasks.csv"
    if shape == "one big member":
        members = {inner: b"0" * (draw(st.integers(3, 30)) * 1024 * 1024)}
    elif shape == "many 1 MB members":
        members = {f"m{i}.csv": b"0" * (1024 * 1024) for i in range(101)}
    else:
        members = {f"m{i}.csv": b"" for i in range(2_001)}
    if suffix == ".xlsx":  # the rest of a real workbook beside the bomb
        members = {**members_of(_valid_xlsx(target)), **members}
    return Upload(f"zip bomb ({shape})", f"bom{suffix}", zip_bytes(members))


_XLSX_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@st.composite
def odd_cells(draw: st.DrawFn, target: str) -> Upload:
    """One cell of a valid file (CSV in a zip, or xlsx) replaced by an odd value."""
    from taskmodels.columns import SHEETS

    tag = draw(st.uuids()).hex[:8]
    sheets = _sheets_for(target, tag)
    sheet = draw(st.sampled_from(sorted(sheets)))
    rows = sheets[sheet]
    r = draw(st.integers(1, len(rows) - 1))
    c = draw(st.integers(0, len(rows[0]) - 1))
    value = draw(cell_values)
    rows[r][c] = value
    kind = draw(st.sampled_from(["xlsx", "zip"]))
    name, data = as_file(sheets, kind, "cellen")
    column = rows[0][c]
    col_kind = {col.name: col.kind for col in SHEETS[sheet]}[column]
    cells = []
    if kind == "xlsx" and value.startswith("="):
        cells.append((sheet, r + 1, _XLSX_LETTERS[c] if c < 26 else "A" + _XLSX_LETTERS[c - 26]))
    elif value in BAD_NUMBERS and col_kind in ("int", "number"):
        cells.append((sheet, r + 1, column))
    return Upload(f"odd cell ({'formula' if value in FORMULAS else 'value'})", name, data,
                  cells=cells)


BAD_NUMBERS = frozenset({
    "1e400", "-1e400", "-1", "-0.5", "nan", "NaN", "inf", "-inf", "Infinity", "1e20",
    "99999999999999999999999", "-99999999999999999999", "1.5.5", "twintig", "12 uur",
    "0x10", "--1", "+-1"})
"""Values no numeric column of FORMATS.md section 1 takes: not a number, not finite,
negative (every range starts at 0 or 1) or past every plausible ceiling."""


@st.composite
def broken_headers(draw: st.DrawFn, target: str) -> Upload:
    """A header with a required column missing, duplicated, renamed or the columns shuffled."""
    from taskmodels.columns import SHEETS

    tag = draw(st.uuids()).hex[:8]
    sheets = _sheets_for(target, tag)
    sheet = draw(st.sampled_from(sorted(sheets)))
    rows = sheets[sheet]
    header = rows[0]
    required = [c.name for c in SHEETS[sheet] if c.required]
    how = draw(st.sampled_from(["missing", "duplicated", "reordered", "renamed", "empty"]))
    name = draw(st.sampled_from(required))
    c = header.index(name)
    valid = False
    cells: list[tuple[str, int, str]] = []
    if how == "missing":
        for row in rows:
            del row[c]
        cells.append((sheet, 1, name))
    elif how == "duplicated":
        for row in rows:
            row.append(row[c])
        cells.append((sheet, 1, name))
    elif how == "renamed":
        header[c] = draw(st.sampled_from([name.upper() + "?", name + "_x", "\u202e" + name, ""]))
        cells.append((sheet, 1, name))
    elif how == "empty":
        rows[:] = [header]  # a header and nothing below it
        valid = sheet == "ratings"  # candidates without answers are still candidates
    else:
        order = draw(st.permutations(range(len(header))))
        rows[:] = [[row[i] for i in order] for row in rows]
        # Upper case and spaces around a header name are the same column.
        rows[0] = [f" {h.upper()} " for h in rows[0]]
        valid = True
    kind = draw(st.sampled_from(["xlsx", "zip"]))
    file_name, data = as_file(sheets, kind, "koppen")
    if how == "empty" and sheet != "ratings":
        valid = False
    return Upload(f"broken header ({how})", file_name, data, valid=valid, cells=cells)


@st.composite
def too_many_rows(draw: st.DrawFn, target: str) -> Upload:
    """One sheet with more than MAX_ROWS data rows (copies of a valid row)."""
    tag = draw(st.uuids()).hex[:8]
    sheets = _sheets_for(target, tag)
    sheet = "tasks" if target == "inventory" else "candidates"
    rows = sheets[sheet]
    extra = draw(st.integers(1, 50))
    template = rows[1]
    rows.extend([[f"X{i}", *template[1:]] for i in range(MAX_ROWS + extra - len(rows) + 1)])
    return Upload("too many rows", "te_veel.zip", as_file(sheets, "zip", "te_veel")[1])


EXTERNAL_LINK = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<externalBook r:id="rId1"><sheetNames><sheetName val="Blad1"/></sheetNames>
<sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>7</v></cell></row></sheetData>
</sheetDataSet></externalBook></externalLink>"""


@st.composite
def external_links(draw: st.DrawFn, target: str) -> Upload:
    """A valid workbook with an external link part and one cell a formula on it."""
    tag = draw(st.uuids()).hex[:8]
    sheets: dict[str, list[list[Any]]] = dict(_sheets_for(target, tag))
    sheet = sorted(sheets)[-1]
    r = draw(st.integers(1, len(sheets[sheet]) - 1))
    c = draw(st.integers(0, len(sheets[sheet][0]) - 1))
    url = draw(st.sampled_from(["http://example.invalid/x.xlsx", "file:///etc/passwd",
                                "\\\\server\\share\\x.xlsx"]))
    sheets[sheet][r][c] = "='[1]Blad1'!A1"
    members = members_of(xlsx_bytes(sheets))
    members["xl/externalLinks/externalLink1.xml"] = EXTERNAL_LINK
    members["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
        b'//schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
        b'Target="' + url.encode() + b'" TargetMode="External"/></Relationships>')
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>')
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(
        b"</workbook>", b'<externalReferences><externalReference r:id="rIdX"/>'
        b"</externalReferences></workbook>")
    letter = _XLSX_LETTERS[c] if c < 26 else "A" + _XLSX_LETTERS[c - 26]
    return Upload("external link", "extern.xlsx", zip_bytes(members),
                  cells=[(sheet, r + 1, letter)])


@st.composite
def valid_files(draw: st.DrawFn, target: str) -> Upload:
    """The untouched small file, as xlsx or zip (pseudonyms fresh each time)."""
    tag = draw(st.uuids()).hex[:8]
    kind = draw(st.sampled_from(["xlsx", "zip"]))
    name, data = as_file(_sheets_for(target, tag), kind, "geldig")
    return Upload("valid", name, data, valid=True)


STRATEGIES: dict[str, Callable[[str], st.SearchStrategy[Upload]]] = {
    "random bytes": random_bytes,
    "truncated xlsx": truncated_xlsx,
    "mutated xlsx member": mutated_xlsx,
    "zip bomb": zip_bombs,
    "odd cell": odd_cells,
    "broken header": broken_headers,
    "external link": external_links,
    "valid": valid_files,
}
"""Every strategy by name (``too_many_rows`` is slow and sampled on its own)."""


def uploads(target: str) -> st.SearchStrategy[Upload]:
    """Any input of every strategy for ``target`` ("inventory" or "pool")."""
    return st.one_of(*(make(target) for make in STRATEGIES.values()))


class Tally:
    """Inputs tried per strategy, and the failures of each kind, for the printed summary."""

    def __init__(self) -> None:
        self.tried: Counter[str] = Counter()
        self.server_errors = 0
        self.partial = 0

    def add(self, upload: Upload) -> None:
        """Count one input."""
        self.tried[upload.strategy.split(" (")[0]] += 1

    def summary(self, what: str, errors: str = "server errors",
                partial: str = "partial imports") -> str:
        """Per strategy one line, then the summary line the issue asks for."""
        lines = [f"  {name}: {n:,}" for name, n in sorted(self.tried.items())]
        total = sum(self.tried.values())
        lines.append(f"{what}: {total:,} inputs, {self.server_errors} {errors}, "
                     f"{self.partial} {partial}")
        return "\n".join(lines)
