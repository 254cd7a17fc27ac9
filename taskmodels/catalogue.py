"""The capability catalogue: one 1-5 scale for what a task demands and what a person can.

The ids are fixed (they are column suffixes in the workbook: ``d_<id>`` for a task's
demand, ``c_<id>`` for a person's capacity). Level 3 is the average worker and the
average job, following the MELBA convention.
"""

from __future__ import annotations

from dataclasses import dataclass

from taskmodels.messages import DEFAULT_LANG, text


@dataclass(frozen=True)
class Dimension:
    """One capability dimension, rated 1-5 for tasks (demand) and people (capacity).

    The labels live in the message catalogue (``dim.<id>`` for the task demand,
    ``dim.<id>.capacity`` for the person's capacity, ``dim.<id>.level.<n>`` for the
    plain-language line of each level), so every text is written once per language.

    Attributes
    ----------
    id:
        Fixed identifier, used in column names and reports.
    ihw_task_demand:
        True for the seven task demands of the IHW work analysis.
    """

    id: str
    ihw_task_demand: bool = False

    @property
    def code(self) -> str:
        """The catalogue code of the demand label (``dim.pace``)."""
        return f"dim.{self.id}"

    @property
    def capacity_code(self) -> str:
        """The catalogue code of the capacity label (``dim.pace.capacity``)."""
        return f"dim.{self.id}.capacity"

    def label(self, lang: str = DEFAULT_LANG) -> str:
        """The demand label in ``lang`` ('nl' or 'en')."""
        return text(self.code, lang)

    def capacity_label(self, lang: str = DEFAULT_LANG) -> str:
        """The capacity label in ``lang``."""
        return text(self.capacity_code, lang)

    def level_text(self, level: int, lang: str = DEFAULT_LANG) -> str:
        """The plain-language line of ``level`` (1-5) in ``lang``."""
        return text(f"dim.{self.id}.level.{level}", lang)

    # Thin views for callers written before the catalogue; new code calls the methods.
    @property
    def label_nl(self) -> str:
        """Dutch demand label."""
        return self.label("nl")

    @property
    def label_en(self) -> str:
        """English demand label."""
        return self.label("en")

    @property
    def capacity_nl(self) -> str:
        """Dutch capacity label."""
        return self.capacity_label("nl")

    @property
    def capacity_en(self) -> str:
        """English capacity label."""
        return self.capacity_label("en")

    @property
    def levels_nl(self) -> tuple[str, ...]:
        """The five Dutch level lines (index 0 is level 1)."""
        return tuple(self.level_text(n, "nl") for n in range(1, 6))


# The seven IHW task demands first, then the other capacities (DOMAIN.md).
DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("independence", True),
    Dimension("social", True),
    Dimension("deadlines", True),
    Dimension("pace", True),
    Dimension("interruptions", True),
    Dimension("unpredictability", True),
    Dimension("physical"),
    Dimension("cognitive"),
    Dimension("attention"),
    Dimension("literacy"),
    Dimension("numeracy"),
    Dimension("digital"),
    Dimension("precision"),
)

DIMENSION_IDS: tuple[str, ...] = tuple(d.id for d in DIMENSIONS)
"""The 13 dimension ids, in catalogue order (the order of every demand vector)."""

BY_ID: dict[str, Dimension] = {d.id: d for d in DIMENSIONS}

SCALE_MIN, SCALE_MAX, SCALE_AVERAGE = 1, 5, 3


@dataclass(frozen=True)
class WorkCondition:
    """A hard limit checked like UWV's Functional Abilities List (FML).

    Its label is the catalogue code ``condition.<id>``.
    """

    id: str
    task_column: str
    candidate_column: str

    def label(self, lang: str = DEFAULT_LANG) -> str:
        """The label in ``lang``."""
        return text(f"condition.{self.id}", lang)

    @property
    def label_nl(self) -> str:
        """Dutch label."""
        return self.label("nl")

    @property
    def label_en(self) -> str:
        """English label."""
        return self.label("en")


WORK_CONDITIONS: tuple[WorkCondition, ...] = (
    WorkCondition("lifting", "lifting_kg", "max_lifting_kg"),
    WorkCondition("evening", "time_of_day", "evening_ok"),
    WorkCondition("night", "time_of_day", "night_ok"),
    WorkCondition("weekend", "weekend", "weekend_ok"),
    WorkCondition("customer_contact", "customer_contact", "customer_contact_ok"),
    WorkCondition("hours", "hours_per_week", "min_hours/max_hours"),
)

TIMES_OF_DAY: tuple[str, ...] = ("day", "evening", "night")
RATERS: tuple[str, ...] = ("self", "mentor", "supervisor", "other")
LEVELS: tuple[int, ...] = tuple(range(1, 9))
"""NLQF qualification levels (1 entry ... 8 doctorate)."""


def time_of_day_label(time_of_day: str, lang: str = DEFAULT_LANG) -> str:
    """``dag``/``day`` for ``day`` and so on (catalogue code ``time.<id>``)."""
    return text(f"time.{time_of_day}", lang)


def rater_label(rater: str, lang: str = DEFAULT_LANG) -> str:
    """``werkbegeleider``/``workplace mentor`` for ``mentor`` (code ``rater.<id>``)."""
    return text(f"rater.{rater}", lang)


def level_label(level: int, lang: str = DEFAULT_LANG) -> str:
    """An NLQF level as a consultant names it (``MBO-2``; code ``level.<n>``)."""
    return text(f"level.{level}", lang)


# Dutch lookups for modules written before the catalogue, built from it so they
# cannot disagree; new code calls the functions above with the reader's language.
TIME_OF_DAY_NL: dict[str, str] = {t: time_of_day_label(t, "nl") for t in TIMES_OF_DAY}
RATER_NL: dict[str, str] = {r: rater_label(r, "nl") for r in RATERS}
LEVELS_NL: dict[int, str] = {n: level_label(n, "nl") for n in LEVELS}
