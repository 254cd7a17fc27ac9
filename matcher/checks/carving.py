"""Independent check of a carving, in plain Python, against FORMATS.md section 2.

Written apart from the model and from :mod:`matcher.matching.fit`: it re-reads the rules
from the policy and the raw inventory and candidates, and recomputes the objective
terms (people placed, hours carved, annual saving). Person-first rules: the generic
task ceilings do not apply; the person's own fit does, and the function's
effective hours (hours / productivity) lie within both the function window
(12-36) and the person's own window.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from matcher.monitor.profiles import CapacityProfile
from matcher.policy import Policy
from matcher.redesign.functions import NewFunction
from matcher.redesign.keep_with import keep_with_groups
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import Candidate, Inventory, Task

EPS = 1e-6


@dataclass(frozen=True)
class CarveEvaluation:
    """Every broken rule (one line each) and the objective terms, recomputed."""

    problems: list[str] = field(default_factory=list)
    placed: int = 0
    carved_hours: float = 0.0
    annual_saving_eur: float = 0.0

    @property
    def feasible(self) -> bool:
        """True when no rule is broken."""
        return not self.problems


def _level(value: float | None) -> int:
    """Half-up rounding of a capacity; 0 when missing (FORMATS: compare whole levels)."""
    return 0 if value is None else int(math.floor(value + 0.5))


def _person_problems(fn: NewFunction, person: Candidate, profile: CapacityProfile,
                     chosen: list[Task], policy: Policy, allow_borderline: bool) -> list[str]:
    where = f"{fn.role_id} ({person.candidate_id})"
    out: list[str] = []
    if all(profile.value(d) is None for d in DIMENSION_IDS):
        out.append(f"{where}: the person has no capacity data")
    for d in DIMENSION_IDS:
        need = max(t.demands.get(d, 1) for t in chosen)
        have = _level(profile.value(d))
        if max(have, 1) >= need:
            continue
        if allow_borderline and have >= 1 and have == need - 1:
            continue
        out.append(f"{where}: capacity {d} {have} below demand {need}")
    level = max(t.level for t in chosen)
    if level > max(person.level, policy.max_level_without_own_level):
        out.append(f"{where}: function level {level} above the person's level {person.level}")
    if max(t.lifting_kg for t in chosen) > person.max_lifting_kg + EPS:
        out.append(f"{where}: lifting above {person.max_lifting_kg:g} kg")
    times = {t.time_of_day for t in chosen}
    if "evening" in times and not person.evening_ok:
        out.append(f"{where}: evening work not accepted")
    if "night" in times and not person.night_ok:
        out.append(f"{where}: night work not accepted")
    if any(t.weekend for t in chosen) and not person.weekend_ok:
        out.append(f"{where}: weekend work not accepted")
    if any(t.customer_contact for t in chosen) and not person.customer_contact_ok:
        out.append(f"{where}: customer contact not accepted")
    for t in chosen:
        if t.task_id in person.avoids:
            out.append(f"{where}: the person avoids task {t.task_id}")
    effective = fn.hours / person.productivity
    lo = max(policy.min_function_hours, person.min_hours)
    hi = min(policy.max_function_hours, person.max_hours)
    if effective < lo - EPS or effective > hi + EPS:
        out.append(f"{where}: {effective:.2f} effective hours outside {lo:g}-{hi:g}")
    return out


def _function_problems(fn: NewFunction, tasks: dict[str, Task], policy: Policy) -> list[str]:
    out: list[str] = []
    chosen = [tasks[p.task_id] for p in fn.parts]
    if len({t.department for t in chosen}) > policy.max_departments:
        out.append(f"{fn.role_id}: more than {policy.max_departments} department(s)")
    if len({t.time_of_day for t in chosen}) > policy.max_times_of_day:
        out.append(f"{fn.role_id}: mixes times of day")
    ids = [p.task_id for p in fn.parts]
    if len(ids) != len(set(ids)):
        out.append(f"{fn.role_id}: holds a task twice")
    if len(set(ids)) > policy.max_tasks_per_function:
        out.append(f"{fn.role_id}: {len(set(ids))} tasks, more than "
                   f"{policy.max_tasks_per_function}")
    if any(p.hours <= EPS for p in fn.parts):
        out.append(f"{fn.role_id}: a part without hours")
    demands = {d: max(t.demands.get(d, 1) for t in chosen) for d in DIMENSION_IDS}
    stated = (fn.demands, fn.level, fn.lifting_kg, fn.evening, fn.night, fn.weekend,
              fn.customer_contact)
    derived = (demands, max(t.level for t in chosen), max(t.lifting_kg for t in chosen),
               any(t.time_of_day == "evening" for t in chosen),
               any(t.time_of_day == "night" for t in chosen),
               any(t.weekend for t in chosen), any(t.customer_contact for t in chosen))
    if stated != derived:
        out.append(f"{fn.role_id}: profile differs from its tasks")
    return out


def _carveable(task: Task, inventory: Inventory, policy: Policy) -> bool:
    """Carve-able for a person: every rule but the generic level and demand ceilings."""
    role = inventory.role_by_name().get(task.role)
    return (role is not None and task.separable and not task.core
            and (task.level < role.level or not policy.require_below_role_level))


def _split_problems(tid: str, parts: list[tuple[str, float]], tasks: dict[str, Task],
                    group: frozenset[str], placed_in: dict[str, set[str]],
                    policy: Policy) -> list[str]:
    task = tasks[tid]
    hours = [h for _, h in parts]
    out: list[str] = []
    if sum(hours) > task.hours_per_week + EPS:
        out.append(f"{tid}: parts hold more hours than the task has")
    if len(group) > 1:
        homes = {frozenset(placed_in.get(g, set())) for g in group}
        if len(homes) != 1 or len(parts) != 1 or abs(hours[0] - task.hours_per_week) > EPS:
            out.append(f"{tid}: keep_with group not whole and together")
        return out
    m = policy.min_part_hours
    if task.hours_per_week < 2 * m - EPS:
        if len(parts) != 1 or abs(hours[0] - task.hours_per_week) > EPS:
            out.append(f"{tid}: too small to split, must move whole")
        return out
    fraction = task.hours_per_week - math.floor(task.hours_per_week + EPS)
    carriers = 0
    for h in hours:
        whole = h
        if abs(h - round(h)) > EPS:
            carriers += 1
            whole = h - fraction
        if abs(whole - round(whole)) > EPS or whole < m - EPS:
            out.append(f"{tid}: part of {h:g} h is not whole hours of at least {m:g}")
    if carriers > 1:
        out.append(f"{tid}: its fraction rides with more than one part")
    return out


def evaluate_carving(
    inventory: Inventory, candidates: list[Candidate], profiles: dict[str, CapacityProfile],
    policy: Policy, functions: list[NewFunction], allow_borderline: bool = False,
) -> CarveEvaluation:
    """Check every carved function and recompute the objective terms."""
    tasks = inventory.task_by_id()
    roles = inventory.role_by_name()
    people = {c.candidate_id: c for c in candidates}
    problems: list[str] = []
    seen_people: set[str] = set()
    parts_of: dict[str, list[tuple[str, float]]] = {}
    placed_in: dict[str, set[str]] = {}
    for fn in functions:
        if any(p.task_id not in tasks for p in fn.parts) or not fn.parts:
            problems.append(f"{fn.role_id}: unknown or no tasks")
            continue
        if fn.candidate_id not in people:
            problems.append(f"{fn.role_id}: not carved for a known candidate")
            continue
        if fn.candidate_id in seen_people:
            problems.append(f"{fn.role_id}: {fn.candidate_id} has more than one function")
        seen_people.add(fn.candidate_id)
        chosen = [tasks[p.task_id] for p in fn.parts]
        problems += _function_problems(fn, tasks, policy)
        problems += _person_problems(fn, people[fn.candidate_id], profiles[fn.candidate_id],
                                     chosen, policy, allow_borderline)
        for p in fn.parts:
            parts_of.setdefault(p.task_id, []).append((fn.role_id, p.hours))
            placed_in.setdefault(p.task_id, set()).add(fn.role_id)
    group_of = keep_with_groups(tasks)
    for tid, parts in parts_of.items():
        group = group_of[tid]
        if not all(_carveable(tasks[g], inventory, policy) for g in group):
            problems.append(f"{tid}: not carve-able (or tied to a task that is not)")
        if len(group) > 1 and sum(tasks[g].hours_per_week for g in group) \
                > policy.max_keep_with_hours + EPS:
            problems.append(f"{tid}: keep_with group above {policy.max_keep_with_hours:g} hours")
        problems += _split_problems(tid, parts, tasks, group, placed_in, policy)
    carved = sum(p.hours for fn in functions for p in fn.parts)
    saving = 0.0
    for fn in functions:
        for p in fn.parts:
            role = roles.get(tasks[p.task_id].role) if p.task_id in tasks else None
            rate = role.hourly_cost if role else policy.new_function_hourly_cost
            saving += (rate - policy.new_function_hourly_cost) * p.hours * policy.weeks_per_year
    return CarveEvaluation(problems, len(seen_people), carved, saving)
