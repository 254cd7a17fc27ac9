"""Building blocks for the example organisations: demand profiles, roles, tasks.

A task is written as one call to :func:`t`: name, role, hours for the whole role
group per week, task level, separable, core, then a named demand profile and the
conditions. ``key``/``keep`` link tasks that must go together before ids exist.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from taskmodels.catalogue import DIMENSION_IDS  # noqa: E402

# Demand profiles in catalogue order: independence, social, deadlines, pace,
# interruptions, unpredictability, physical, cognitive, attention, literacy,
# numeracy, digital, precision. Elementary profiles stay at 3 or below.
PROFILES: dict[str, str] = {
    "schoon": "2123213121112",      # cleaning and tidying
    "logistiek": "2123223122212",   # carts, containers, moving goods
    "voorraad": "2122212222322",    # restocking, counting
    "gastvrij": "2222222121112",    # coffee rounds, serving, laying tables
    "admin": "2122111232223",       # scanning, archiving, filing
    "post": "2222212122112",        # sorting and delivering mail
    "buiten": "2113123121111",      # outdoor: litter, weeding, bins
    "bouwhulp": "2223223121112",    # tidying a building site
    "keukenhulp": "2123212121213",  # chopping, dishwashing
    "zorg": "4443443454435",        # nursing core
    "adl": "3433334332223",         # personal care
    "regie": "4443441444344",       # planning, professional office work
    "balie": "3433431333233",       # front desk
    "vak": "4333334333424",         # skilled trade
    "koken": "3244333332323",       # cooking
    "beleid": "4443331545344",      # policy, legal, calculation
}
SHORT = {"ind": "independence", "soc": "social", "ddl": "deadlines", "pace": "pace",
         "int": "interruptions", "unp": "unpredictability", "phys": "physical",
         "cog": "cognitive", "att": "attention", "lit": "literacy", "num": "numeracy",
         "dig": "digital", "prec": "precision"}


@dataclass
class Task:
    """One template task; ``key`` and ``keep`` link tasks before ids exist."""

    task: str
    role: str
    hours: float
    level: int
    separable: bool
    core: bool = False
    department: str | None = None
    tod: str = "day"
    weekend: bool = False
    kg: float = 0
    cc: bool = False
    demands: dict[str, int] = field(default_factory=dict)
    key: str | None = None
    keep: tuple[str, ...] = ()


def t(task: str, role: str, hours: float, level: int, sep: bool, core: bool = False, *,
      d: str, dept: str | None = None, tod: str = "day", wk: bool = False, kg: float = 0,
      cc: bool = False, key: str | None = None, keep: tuple[str, ...] = (), **over: int) -> Task:
    """A task from a demand profile name ``d`` plus overrides such as ``phys=4``."""
    demands = dict(zip(DIMENSION_IDS, (int(c) for c in PROFILES[d]), strict=True))
    for short, value in over.items():
        demands[SHORT[short]] = value
    return Task(task, role, hours, level, sep, core, dept, tod, wk, kg, cc, demands, key, keep)


@dataclass
class Role:
    role: str
    department: str
    headcount: int
    contract_hours: float
    hourly_cost: float
    level: int


@dataclass
class Organisation:
    folder: str
    prefix: str
    fill_department: bool  # write the department of every task, or only where it differs
    roles: list[Role]
    tasks: list[Task]


def is_elementary(task: Task) -> bool:
    """Separable, not core, level at most 2: the share IHW looks for first."""
    return task.separable and not task.core and task.level <= 2


def is_carveable(task: Task, role_level: int) -> bool:
    """The default carve-able rule of FORMATS.md section 2 (keep_with groups aside)."""
    return (is_elementary(task) and task.level < role_level
            and max(task.demands.values()) <= 3)


def yn(value: bool) -> str:
    """The workbook's boolean spelling."""
    return "yes" if value else "no"
