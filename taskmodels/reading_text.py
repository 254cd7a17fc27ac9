"""Checks on the text of a cell: characters that hide or break what it says, and length.

A spreadsheet cell can hold anything: a NUL byte (which PostgreSQL refuses in text and
JSON, so a stored import would fail half-way), other control characters, right-to-left
*override* marks (U+202E and its family, which make ``KOK`` look like ``KOK`` reversed
and let two different ids look alike), or a 10,000-character "name". Each is reported
at its row and column like every other input problem, so nothing of it is stored.
"""

from __future__ import annotations

import re

from taskmodels.errors import InputProblem

ID_COLUMNS = frozenset({"task_id", "candidate_id", "item"})
"""Columns that identify a record (and are compared and stored as keys)."""

MAX_ID_CHARS = 64
"""Longest id (a pseudonym column holds 64 characters in every store)."""
MAX_TEXT_CHARS = 200
"""Longest name or department (no real function or department name comes close)."""
MAX_LIST_CHARS = 1_000
"""Longest ``;``-separated list cell and longest cell of an extra column."""

_BAD_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
"""C0 controls but tab and line breaks (a cell may wrap), DEL, the invisible zero-width
space, word joiner and byte-order mark (``\ufeffK1`` looks like ``K1``), and the bidi
embedding, override and isolate controls. Right-to-left *marks* (U+200E, U+200F) and
the zero-width (non-)joiners stay allowed: Arabic, Persian, Hebrew and Indic names
and emoji need them."""


_LINE_BREAK = re.compile("[\n\r\x85\u2028\u2029]")
"""Line breaks: fine inside a task's name, never inside an id."""


def _limit(column: str, kind: str) -> int:
    if column in ID_COLUMNS:
        return MAX_ID_CHARS
    if kind == "text" or column == "display_name":
        return MAX_TEXT_CHARS
    return MAX_LIST_CHARS


def check_text(file: str, sheet: str, row: int, column: str, kind: str, value: str,
               problems: list[InputProblem]) -> bool:
    """Append a problem when ``value`` has a hidden character or is too long.

    Parameters
    ----------
    file, sheet, row, column:
        Where the cell is (row as the user sees it).
    kind:
        The column's kind (``text``, ``list``; ``extra`` for a column outside
        FORMATS.md section 1).
    value:
        The cell's text as read.

    Returns
    -------
    bool
        True when the cell is acceptable.
    """
    found = _BAD_CHARACTER.search(value) or (
        _LINE_BREAK.search(value) if column in ID_COLUMNS else None)
    if found:
        problems.append(InputProblem(file, sheet, row, column, code="input.control_character",
                                     params={"codepoint": f"U+{ord(found.group()):04X}",
                                             "position": found.start() + 1}))
        return False
    limit = _limit(column, kind)
    if len(value) > limit:
        problems.append(InputProblem(file, sheet, row, column, code="input.too_long",
                                     params={"length": len(value), "max": limit}))
        return False
    return True
