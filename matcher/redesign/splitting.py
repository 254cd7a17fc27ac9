"""Carve units as the bundler sees them: integer hours, split rules, independent groups.

Splitting rule (FORMATS.md section 2): a carve-able task may be spread over several
new functions in whole hours, each part at least ``min_part_hours``, unless the
whole task is smaller. Here that becomes:

* a lone task of at least ``2 x min_part`` hours is *splittable*: each part holds a
  whole number of hours ``>= min_part``; a task whose hours are not whole (7.5 h)
  has its fraction (0.5 h) ride with exactly one of its parts, since no cut into
  whole hours could hold it otherwise. Hours not given to any part stay with the
  role (a task may be carved in part).
* every other unit (a smaller task, or a ``keep_with`` group) moves whole or not at
  all.

All hours are integers in hundredths of an hour (:data:`SCALE`), so CP-SAT and the
plain-Python code agree exactly, including quarter hours. The rules make every
(department, time of day) pair an independent subproblem (:func:`subproblems`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matcher.policy import Policy
from matcher.redesign.carveable import CarveUnit
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import Inventory, Task

SCALE = 100
"""Hours are counted in hundredths of an hour inside the bundler."""


def to_units(hours: float) -> int:
    """Hours as integer hundredths."""
    return int(round(hours * SCALE))


@dataclass(frozen=True)
class Piece:
    """One carve unit in integer data.

    Attributes
    ----------
    unit:
        The carve unit it stands for.
    hours:
        Total hours of the unit, in hundredths.
    splittable:
        True when parts may go to different functions (see module docstring).
    whole_hours:
        For a splittable unit: its whole hours (``floor``), the pool parts draw from.
    fraction:
        For a splittable unit: the non-whole rest in hundredths (rides with one part).
    min_part:
        Smallest part in whole hours.
    n_tasks:
        Distinct tasks the unit brings into a function.
    saving_rate:
        Annual saving (EUR) per weekly hour carved, for a lone task:
        ``round((role cost - new function cost) x weeks)``. Can be negative.
    saving_whole:
        The integer saving term of the whole unit: sum over its tasks of
        ``saving_rate x hundredths``.
    demands:
        Per catalogue dimension, the highest demand of the unit's tasks.
    """

    unit: CarveUnit
    hours: int
    splittable: bool
    whole_hours: int
    fraction: int
    min_part: int
    n_tasks: int
    saving_rate: int
    saving_whole: int
    demands: tuple[int, ...]


@dataclass(frozen=True)
class Subproblem:
    """The carve units of one (department, time of day) pair, with the function limits."""

    department: str
    time_of_day: str
    pieces: tuple[Piece, ...]
    min_hours: int
    max_hours: int
    max_tasks: int

    @property
    def total_hours(self) -> int:
        """All carve-able hours here, in hundredths."""
        return sum(p.hours for p in self.pieces)

    @property
    def max_functions(self) -> int:
        """An upper bound on how many valid functions fit.

        Each used function holds at least ``min_hours``; each holds at least one
        part, and a unit yields at most ``whole_hours // min_part`` parts.
        """
        parts = sum(p.whole_hours // max(p.min_part, 1) if p.splittable else 1
                    for p in self.pieces)
        if self.min_hours <= 0:
            return parts
        return min(parts, self.total_hours // self.min_hours)

    def access_max(self) -> int:
        """The largest possible accessibility penalty (every function at the top levels)."""
        top = [max((p.demands[d] for p in self.pieces), default=1) for d in range(len(DIMENSION_IDS))]
        return self.max_functions * sum(level - 1 for level in top)

    def saving_span(self) -> int:
        """Range of the saving term: most positive minus most negative possible value."""
        high = sum(max(0, p.saving_whole) for p in self.pieces)
        low = sum(min(0, p.saving_whole) for p in self.pieces)
        return high - low


@dataclass(frozen=True)
class Weights:
    """Named integer weights that make the objective lexicographic.

    ``objective = hours x H - access x A + saving x S`` with H the carved hundredths,
    S the saving term and A the accessibility penalty. ``saving > max A`` and
    ``hours > saving x span(S) + max A`` in every subproblem, so one hundredth of an
    hour outweighs any saving and any saving euro-cent step outweighs any change in
    accessibility.
    """

    hours: int
    saving: int
    access: int

    def objective(self, hours: int, saving: int, access: int) -> int:
        """The weighted objective of integer terms."""
        return self.hours * hours + self.saving * saving - self.access * access


INT64_SAFE = 2**62
"""Largest objective magnitude we let CP-SAT see (int64 with headroom)."""


def lexicographic_weights(subs: list[Subproblem]) -> Weights:
    """One set of weights valid for every subproblem, so their objectives add up.

    When the full weights would not fit in 64 bits, the accessibility term and then
    the saving term are dropped (weight 0); docs/redesign.md explains this fallback.
    """
    access_max = max((s.access_max() for s in subs), default=0)
    span = max((s.saving_span() for s in subs), default=0)
    biggest = max((s.total_hours for s in subs), default=0)
    for use_access, use_saving in ((True, True), (False, True), (False, False)):
        w_access = 1 if use_access else 0
        w_saving = (access_max * w_access + 1) if use_saving else 0
        w_hours = w_saving * span + access_max * w_access + 1
        if w_hours * (biggest + 1) + w_saving * span < INT64_SAFE:
            return Weights(w_hours, w_saving, w_access)
    return Weights(1, 0, 0)


def saving_rates(inventory: Inventory, policy: Policy) -> dict[str, int]:
    """Per task, the integer annual saving (EUR) per weekly hour carved."""
    roles = inventory.role_by_name()
    rates = {}
    for t in inventory.tasks:
        role = roles.get(t.role)
        cost = role.hourly_cost if role is not None else policy.new_function_hourly_cost
        rates[t.task_id] = int(round((cost - policy.new_function_hourly_cost) * policy.weeks_per_year))
    return rates


def make_piece(unit: CarveUnit, tasks: dict[str, Task], policy: Policy,
               rates: dict[str, int]) -> Piece:
    """A carve unit as integer data, with its split rule decided."""
    members = [tasks[tid] for tid in unit.task_ids]
    min_part = max(1, math.ceil(policy.min_part_hours - 1e-9))
    hours = sum(to_units(t.hours_per_week) for t in members)
    splittable = not unit.grouped and hours >= 2 * min_part * SCALE
    whole = hours // SCALE if splittable else 0
    return Piece(
        unit=unit,
        hours=hours,
        splittable=splittable,
        whole_hours=whole,
        fraction=hours - whole * SCALE if splittable else 0,
        min_part=min_part,
        n_tasks=len(members),
        saving_rate=rates[members[0].task_id],
        saving_whole=sum(rates[t.task_id] * to_units(t.hours_per_week) for t in members),
        demands=tuple(max(t.demands.get(d, 1) for t in members) for d in DIMENSION_IDS),
    )


def subproblems(units: list[CarveUnit], inventory: Inventory, policy: Policy) -> list[Subproblem]:
    """Group the carve units by (department, time of day): independent subproblems.

    The order is stable: departments and times as they first occur in the inventory.
    """
    rates = saving_rates(inventory, policy)
    tasks = inventory.task_by_id()
    groups: dict[tuple[str, str], list[Piece]] = {}
    for unit in units:
        key = (unit.department, unit.time_of_day)
        groups.setdefault(key, []).append(make_piece(unit, tasks, policy, rates))
    return [
        Subproblem(
            department=dep, time_of_day=tod, pieces=tuple(pieces),
            min_hours=to_units(policy.min_function_hours),
            max_hours=to_units(policy.max_function_hours),
            max_tasks=policy.max_tasks_per_function,
        )
        for (dep, tod), pieces in groups.items()
    ]


Assignment = list[list[tuple[int, int]]]
"""A bundling: per function, ``(piece index, hundredths)`` pairs; one pair per piece."""


def part_hours(piece: Piece, whole: int, with_fraction: bool) -> int:
    """Hundredths of a part made of ``whole`` hours plus, optionally, the fraction."""
    return whole * SCALE + (piece.fraction if with_fraction else 0)


def assignment_terms(sub: Subproblem, assignment: Assignment) -> tuple[int, int, int]:
    """(carved hundredths, saving term, accessibility penalty) of a bundling."""
    hours = saving = access = 0
    for function in assignment:
        if not function:
            continue
        for i, h in function:
            piece = sub.pieces[i]
            hours += h
            saving += piece.saving_whole if not piece.splittable else piece.saving_rate * h
        for d in range(len(DIMENSION_IDS)):
            access += max(sub.pieces[i].demands[d] for i, _ in function) - 1
    return hours, saving, access
