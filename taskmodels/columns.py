"""The workbook's sheets and columns as data (FORMATS.md section 1).

One :class:`Column` per column: its kind (how a cell is parsed), whether it is
required, its default, its range, and the catalogue code of its help text (Dutch in
the template by default, English on request). The reader,
the writer and the template all work from this one table, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from taskmodels.catalogue import BY_ID, DIMENSION_IDS, RATERS, TIMES_OF_DAY
from taskmodels.messages import DEFAULT_LANG, ParamValue, text


@dataclass(frozen=True)
class Column:
    """One column of one sheet.

    ``kind`` is one of: text, int, number, bool, choice, list.
    ``low``/``high`` bound numbers (``low_open`` makes the lower bound strict).
    ``help_code``/``help_params`` name the help text in the message catalogue.
    """

    name: str
    kind: str
    required: bool = False
    default: Any = None
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    choices: tuple[str, ...] = ()
    help_code: str = ""
    help_params: tuple[tuple[str, ParamValue], ...] = ()

    def help(self, lang: str = DEFAULT_LANG) -> str:
        """The help text of the column in ``lang``."""
        return text(self.help_code, lang, **dict(self.help_params)) if self.help_code else ""

    @property
    def help_nl(self) -> str:
        """The Dutch help text (the template's default language)."""
        return self.help("nl")


def _dimension_columns(prefix: str, kind: str, default: Any) -> list[Column]:
    demand = prefix == "d_"
    return [
        Column(
            f"{prefix}{d}", kind, default=default, low=1, high=5,
            help_code="column.demand" if demand else "column.capacity",
            help_params=(("dimension", BY_ID[d].code if demand else BY_ID[d].capacity_code),),
        )
        for d in DIMENSION_IDS
    ]


ROLES: tuple[Column, ...] = (
    Column("role", "text", True, help_code="column.roles.role"),
    Column("department", "text", True, help_code="column.roles.department"),
    Column("headcount", "int", True, low=0, help_code="column.roles.headcount"),
    Column("contract_hours", "number", True, low=0, high=60, help_code="column.roles.contract_hours"),
    Column("hourly_cost", "number", True, low=0, help_code="column.roles.hourly_cost"),
    Column("level", "int", True, low=1, high=8, help_code="column.roles.level"),
)

TASKS: tuple[Column, ...] = (
    Column("task_id", "text", True, help_code="column.tasks.task_id"),
    Column("task", "text", True, help_code="column.tasks.task"),
    Column("role", "text", True, help_code="column.tasks.role"),
    Column("hours_per_week", "number", True, low=0, low_open=True,
           help_code="column.tasks.hours_per_week"),
    Column("level", "int", True, low=1, high=8, help_code="column.tasks.level"),
    Column("separable", "bool", True, help_code="column.tasks.separable"),
    Column("core", "bool", default=False, help_code="column.tasks.core"),
    Column("department", "text", default=None, help_code="column.tasks.department"),
    Column("time_of_day", "choice", default="day", choices=TIMES_OF_DAY,
           help_code="column.tasks.time_of_day"),
    Column("weekend", "bool", default=False, help_code="column.tasks.weekend"),
    Column("lifting_kg", "number", default=0.0, low=0, help_code="column.tasks.lifting_kg"),
    Column("customer_contact", "bool", default=False, help_code="column.tasks.customer_contact"),
    Column("keep_with", "list", default=(),
           help_code="column.tasks.keep_with"),
    *_dimension_columns("d_", "int", 1),
)

CANDIDATES: tuple[Column, ...] = (
    Column("candidate_id", "text", True, help_code="column.candidates.candidate_id"),
    Column("max_hours", "number", True, low=0, high=60, low_open=True,
           help_code="column.candidates.max_hours"),
    Column("min_hours", "number", default=0.0, low=0, help_code="column.candidates.min_hours"),
    Column("productivity", "number", default=1.0, low=0, high=1, low_open=True,
           help_code="column.candidates.productivity"),
    Column("level", "int", default=1, low=1, high=8, help_code="column.candidates.level"),
    Column("max_lifting_kg", "number", default=25.0, low=0, help_code="column.candidates.max_lifting_kg"),
    Column("evening_ok", "bool", default=True, help_code="column.candidates.evening_ok"),
    Column("night_ok", "bool", default=False, help_code="column.candidates.night_ok"),
    Column("weekend_ok", "bool", default=True, help_code="column.candidates.weekend_ok"),
    Column("customer_contact_ok", "bool", default=True, help_code="column.candidates.customer_contact_ok"),
    Column("prefers", "list", default=(), help_code="column.candidates.prefers"),
    Column("avoids", "list", default=(), help_code="column.candidates.avoids"),
    *_dimension_columns("c_", "number", None),
)

RATINGS: tuple[Column, ...] = (
    Column("candidate_id", "text", True, help_code="column.ratings.candidate_id"),
    Column("wave", "int", True, low=1, help_code="column.ratings.wave"),
    Column("rater", "choice", True, choices=RATERS,
           help_code="column.ratings.rater"),
    Column("item", "text", True, help_code="column.ratings.item"),
    Column("score", "int", True, low=1, high=5, help_code="column.ratings.score"),
)

SHEETS: dict[str, tuple[Column, ...]] = {
    "roles": ROLES, "tasks": TASKS, "candidates": CANDIDATES, "ratings": RATINGS,
}
"""Every sheet in workbook order."""

TRUE_WORDS = frozenset({"yes", "ja", "true", "1", "waar", "y", "j"})
FALSE_WORDS = frozenset({"no", "nee", "false", "0", "onwaar", "n"})
