"""Input problems, collected whole and reported one line each.

The line format is fixed by FORMATS.md section 1:
``FILE [SHEET] row N, column C: message`` with the row number as the user sees it
in the spreadsheet (the header is row 1). The words ``row`` and ``column`` are part
of that contract (outside tools parse the lines), so they stay as they are in both
languages; the message after the colon is rendered from the catalogue, Dutch by
default.

Every problem is a catalogue code with parameters (``input.not_number`` with
``value='twintig'``), so the command line, the JSON API and the web pages show the
same problem in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from taskmodels.messages import DEFAULT_LANG, Message, ParamValue, render, text

LEGACY_CODE = "input.text"
"""The code of a problem created with a ready-made text instead of a code.

Kept only so that a caller not yet converted keeps working; every problem the
project itself creates passes a code (a test checks taskmodels for it).
"""


@dataclass(frozen=True)
class InputProblem:
    """One problem in an input file: where it is, and what is wrong as a code.

    Create it with a code and parameters::

        InputProblem(file, "tasks", 4, "role", code="input.unknown_role",
                     params={"role": "Kok"})

    Attributes
    ----------
    file, sheet, row, column:
        Where the problem is; ``row`` as the user sees it (header = row 1); any of
        sheet, row and column may be ``None`` when the problem is not in one cell.
    message:
        The Dutch text (FORMATS.md section 5 ``problems[].message``). Filled in from
        ``code`` when not given; a text given without a code is kept as it is, under
        :data:`LEGACY_CODE`.
    code, params:
        The catalogue code (prefix ``input.``) and its parameters.
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    message: str = ""
    code: str = ""
    params: dict[str, ParamValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Frozen dataclass: fill the derived fields once, at construction.
        if not self.code:
            object.__setattr__(self, "code", LEGACY_CODE)
            object.__setattr__(self, "params", {"text": self.message})
        if not self.message:
            object.__setattr__(self, "message", self.text(DEFAULT_LANG))

    @property
    def as_message(self) -> Message:
        """The problem as a catalogue :class:`Message`."""
        return Message(code=self.code, params=self.params)

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """What is wrong, in ``lang``."""
        return render(self.as_message, lang)

    def where(self) -> str:
        """``FILE [SHEET] row N, column C`` (the fixed words of the line format)."""
        where = self.file
        if self.sheet:
            where += f" [{self.sheet}]"
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        if parts:
            where += " " + ", ".join(parts)
        return where

    def line(self, lang: str = DEFAULT_LANG) -> str:
        """The report line of FORMATS.md section 1 in ``lang``."""
        return f"{self.where()}: {self.text(lang)}"

    def __str__(self) -> str:
        return self.line(DEFAULT_LANG)

    def as_report(self, lang: str = DEFAULT_LANG) -> dict[str, Any]:
        """The problem as JSON (FORMATS.md section 5), its message in ``lang``."""
        return {"file": self.file, "sheet": self.sheet, "row": self.row,
                "column": self.column, "code": self.code, "params": dict(self.params),
                "message": self.text(lang)}


class InventoryError(Exception):
    """An input that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[InputProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in input")
        # Sorted as the user walks the file: by file, sheet, then row.
        self.problems = sorted(problems, key=lambda p: (p.file, p.sheet or "", p.row or 0))

    def report(self, lang: str = DEFAULT_LANG) -> str:
        """One line per problem in ``lang``, then a count."""
        lines = [p.line(lang) for p in self.problems]
        n = len(self.problems)
        lines.append(text("input.count.one" if n == 1 else "input.count.many", lang, n=n))
        return "\n".join(lines)
