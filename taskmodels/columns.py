"""The workbook's sheets and columns as data (FORMATS.md section 1).

One :class:`Column` per column: its kind (how a cell is parsed), whether it is
required, its default, its range, and a Dutch help text for the template. The reader,
the writer and the template all work from this one table, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from taskmodels.catalogue import BY_ID, DIMENSION_IDS, RATERS, TIMES_OF_DAY


@dataclass(frozen=True)
class Column:
    """One column of one sheet.

    ``kind`` is one of: text, int, number, bool, choice, list.
    ``low``/``high`` bound numbers (``low_open`` makes the lower bound strict).
    """

    name: str
    kind: str
    required: bool = False
    default: Any = None
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    choices: tuple[str, ...] = ()
    help_nl: str = ""


def _dimension_columns(prefix: str, kind: str, what_nl: str, default: Any) -> list[Column]:
    return [
        Column(
            f"{prefix}{d}", kind, default=default, low=1, high=5,
            help_nl=f"{what_nl} {BY_ID[d].label_nl if prefix == 'd_' else BY_ID[d].capacity_nl} (1-5)",
        )
        for d in DIMENSION_IDS
    ]


ROLES: tuple[Column, ...] = (
    Column("role", "text", True, help_nl="unieke naam van de huidige functie"),
    Column("department", "text", True, help_nl="afdeling"),
    Column("headcount", "int", True, low=0, help_nl="aantal medewerkers in deze functie"),
    Column("contract_hours", "number", True, low=0, high=60, help_nl="contracturen per week per persoon"),
    Column("hourly_cost", "number", True, low=0, help_nl="werkgeverskosten per uur in euro"),
    Column("level", "int", True, low=1, high=8, help_nl="opleidingsniveau van de functie (NLQF 1-8)"),
)

TASKS: tuple[Column, ...] = (
    Column("task_id", "text", True, help_nl="unieke code van de taak"),
    Column("task", "text", True, help_nl="naam van de taak"),
    Column("role", "text", True, help_nl="huidige functie die de taak doet (moet in blad roles staan)"),
    Column("hours_per_week", "number", True, low=0, low_open=True,
           help_nl="uren per week voor de hele functiegroep samen"),
    Column("level", "int", True, low=1, high=8, help_nl="niveau dat de taak zelf vraagt (NLQF 1-8)"),
    Column("separable", "bool", True, help_nl="los te halen zonder verlies van kwaliteit of veiligheid (ja/nee)"),
    Column("core", "bool", default=False, help_nl="kerntaak van de functie, nooit afsplitsen (ja/nee)"),
    Column("department", "text", default=None, help_nl="afdeling; leeg = afdeling van de functie"),
    Column("time_of_day", "choice", default="day", choices=TIMES_OF_DAY,
           help_nl="dagdeel: day, evening of night"),
    Column("weekend", "bool", default=False, help_nl="weekendwerk (ja/nee)"),
    Column("lifting_kg", "number", default=0.0, low=0, help_nl="zwaarste tilgewicht in kg"),
    Column("customer_contact", "bool", default=False, help_nl="klantcontact (ja/nee)"),
    Column("keep_with", "list", default=(),
           help_nl="taakcodes (gescheiden door ;) die mee moeten naar dezelfde nieuwe functie"),
    *_dimension_columns("d_", "int", "eis aan", 1),
)

CANDIDATES: tuple[Column, ...] = (
    Column("candidate_id", "text", True, help_nl="pseudoniem; nooit een BSN"),
    Column("max_hours", "number", True, low=0, high=60, low_open=True,
           help_nl="meeste uren per week die de persoon kan werken"),
    Column("min_hours", "number", default=0.0, low=0, help_nl="minste uren per week die de moeite waard zijn"),
    Column("productivity", "number", default=1.0, low=0, high=1, low_open=True,
           help_nl="deel van het normale tempo (loonwaarde / 100), tussen 0 en 1"),
    Column("level", "int", default=1, low=1, high=8, help_nl="hoogst behaalde opleidingsniveau (NLQF 1-8)"),
    Column("max_lifting_kg", "number", default=25.0, low=0, help_nl="maximaal tilgewicht in kg"),
    Column("evening_ok", "bool", default=True, help_nl="avondwerk mogelijk (ja/nee)"),
    Column("night_ok", "bool", default=False, help_nl="nachtwerk mogelijk (ja/nee)"),
    Column("weekend_ok", "bool", default=True, help_nl="weekendwerk mogelijk (ja/nee)"),
    Column("customer_contact_ok", "bool", default=True, help_nl="klantcontact mogelijk (ja/nee)"),
    Column("prefers", "list", default=(), help_nl="voorkeursafdelingen (gescheiden door ;)"),
    Column("avoids", "list", default=(), help_nl="taakcodes die de persoon niet wil doen (gescheiden door ;)"),
    *_dimension_columns("c_", "number", "capaciteit", None),
)

RATINGS: tuple[Column, ...] = (
    Column("candidate_id", "text", True, help_nl="pseudoniem van de kandidaat (moet in blad candidates staan)"),
    Column("wave", "int", True, low=1, help_nl="meetmoment (1, 2, 3, ...)"),
    Column("rater", "choice", True, choices=RATERS,
           help_nl="beoordelaar: self, mentor (werkbegeleider), supervisor of other (naaste)"),
    Column("item", "text", True, help_nl="code van het item uit de itembank"),
    Column("score", "int", True, low=1, high=5, help_nl="score 1-5"),
)

SHEETS: dict[str, tuple[Column, ...]] = {
    "roles": ROLES, "tasks": TASKS, "candidates": CANDIDATES, "ratings": RATINGS,
}
"""Every sheet in workbook order."""

TRUE_WORDS = frozenset({"yes", "ja", "true", "1", "waar", "y", "j"})
FALSE_WORDS = frozenset({"no", "nee", "false", "0", "onwaar", "n"})
