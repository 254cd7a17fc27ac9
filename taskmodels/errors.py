"""Input problems, collected whole and reported one line each.

The line format is fixed by FORMATS.md section 1:
``FILE [SHEET] row N, column C: message`` with the row number as the user sees it
in the spreadsheet (the header is row 1).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InputProblem:
    """One problem in an input file, with where it is."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
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
        return f"{where}: {self.message}"


class InventoryError(Exception):
    """An input that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[InputProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in input")
        # Sorted as the user walks the file: by file, sheet, then row.
        self.problems = sorted(problems, key=lambda p: (p.file, p.sheet or "", p.row or 0))

    def report(self) -> str:
        """One line per problem, then a count."""
        lines = [str(p) for p in self.problems]
        n = len(self.problems)
        lines.append(f"{n} problem{'s' if n != 1 else ''} found; nothing was imported.")
        return "\n".join(lines)
