"""Independent check of a carving, in plain Python, against FORMATS.md section 2.

Written apart from the model and from :mod:`matcher.matching.fit`: it re-reads the rules
from the policy and the raw inventory and candidates, and recomputes the objective
terms (people placed, hours carved, annual saving). Person-first rules: the generic
task ceilings do not apply; the person's own fit does, and the function's
effective hours (hours / productivity) lie within both the function window
(12-36) and the person's own window. Each broken rule is a :class:`Problem` with a
``check.carve.…`` code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from matcher.checks.problem import Problem, problem
from matcher.checks.tolerance import TOLERANCE
from matcher.monitor.profiles import CapacityProfile
from matcher.policy import Policy
from matcher.redesign.functions import NewFunction
from matcher.redesign.keep_with import keep_with_groups
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import Candidate, Inventory, Task

EPS = TOLERANCE


@dataclass(frozen=True)
class CarveEvaluation:
    """Every broken rule and the objective terms, recomputed."""

    problems: list[Problem] = field(default_factory=list)
    placed: int = 0
    carved_hours: float = 0.0
    annual_saving_eur: float = 0.0

    @property
    def feasible(self) -> bool:
        """True when no rule is broken."""
        return not self.problems

    def codes(self) -> list[str]:
        """The codes of the problems found, in order."""
        return [p.code for p in self.problems]


def _level(value: float | None) -> int:
    """Half-up rounding of a capacity; 0 when missing (FORMATS: compare whole levels)."""
    return 0 if value is None else int(math.floor(value + 0.5))


def _person_problems(fn: NewFunction, person: Candidate, profile: CapacityProfile,
                     chosen: list[Task], policy: Policy, allow_borderline: bool) -> list[Problem]:
    where = f"{fn.role_id} ({person.candidate_id})"
    out: list[Problem] = []
    if all(profile.value(d) is None for d in DIMENSION_IDS):
        out.append(problem("check.carve.no_capacity", where))
    for d in DIMENSION_IDS:
        need = max(t.demands.get(d, 1) for t in chosen)
        have = _level(profile.value(d))
        if max(have, 1) >= need:
            continue
        if allow_borderline and have >= 1 and have == need - 1:
            continue
        out.append(problem("check.carve.capacity", where, dimension=f"dim.{d}", have=have,
                           need=need))
    level = max(t.level for t in chosen)
    if level > max(person.level, policy.max_level_without_own_level):
        out.append(problem("check.carve.level", where, level=level, own=person.level))
    lifting = max(t.lifting_kg for t in chosen)
    if lifting > person.max_lifting_kg + TOLERANCE:
        out.append(problem("check.carve.lifting", where, kg=lifting, limit=person.max_lifting_kg))
    times = {t.time_of_day for t in chosen}
    if "evening" in times and not person.evening_ok:
        out.append(problem("check.carve.evening", where))
    if "night" in times and not person.night_ok:
        out.append(problem("check.carve.night", where))
    if any(t.weekend for t in chosen) and not person.weekend_ok:
        out.append(problem("check.carve.weekend", where))
    if any(t.customer_contact for t in chosen) and not person.customer_contact_ok:
        out.append(problem("check.carve.customer_contact", where))
    for t in chosen:
        if t.task_id in person.avoids:
            out.append(problem("check.carve.avoids", where, task=t.task_id))
    effective = fn.hours / person.productivity
    lo = max(policy.min_function_hours, person.min_hours)
    hi = min(policy.max_function_hours, person.max_hours)
    if effective < lo - TOLERANCE or effective > hi + TOLERANCE:
        out.append(problem("check.carve.hours", where, hours=effective, low=lo, high=hi))
    return out


def _function_problems(fn: NewFunction, tasks: dict[str, Task], policy: Policy) -> list[Problem]:
    out: list[Problem] = []
    chosen = [tasks[p.task_id] for p in fn.parts]
    if len({t.department for t in chosen}) > policy.max_departments:
        out.append(problem("check.carve.departments", fn.role_id, limit=policy.max_departments))
    if len({t.time_of_day for t in chosen}) > policy.max_times_of_day:
        out.append(problem("check.carve.time_of_day", fn.role_id))
    ids = [p.task_id for p in fn.parts]
    if len(ids) != len(set(ids)):
        out.append(problem("check.carve.duplicate_part", fn.role_id))
    if len(set(ids)) > policy.max_tasks_per_function:
        out.append(problem("check.carve.task_count", fn.role_id, count=len(set(ids)),
                           limit=policy.max_tasks_per_function))
    if any(p.hours <= TOLERANCE for p in fn.parts):
        out.append(problem("check.carve.part_hours", fn.role_id))
    demands = {d: max(t.demands.get(d, 1) for t in chosen) for d in DIMENSION_IDS}
    stated = (fn.demands, fn.level, fn.lifting_kg, fn.evening, fn.night, fn.weekend,
              fn.customer_contact)
    derived = (demands, max(t.level for t in chosen), max(t.lifting_kg for t in chosen),
               any(t.time_of_day == "evening" for t in chosen),
               any(t.time_of_day == "night" for t in chosen),
               any(t.weekend for t in chosen), any(t.customer_contact for t in chosen))
    if stated != derived:
        out.append(problem("check.carve.profile", fn.role_id))
    return out


def _carveable(task: Task, inventory: Inventory, policy: Policy) -> bool:
    """Carve-able for a person: every rule but the generic level and demand ceilings."""
    role = inventory.role_by_name().get(task.role)
    return (role is not None and task.separable and not task.core
            and (task.level < role.level or not policy.require_below_role_level))


def _split_problems(tid: str, parts: list[tuple[str, float]], tasks: dict[str, Task],
                    group: frozenset[str], placed_in: dict[str, set[str]],
                    policy: Policy) -> list[Problem]:
    task = tasks[tid]
    hours = [h for _, h in parts]
    out: list[Problem] = []
    if sum(hours) > task.hours_per_week + TOLERANCE:
        out.append(problem("check.carve.over_carved", tid))
    if len(group) > 1:
        homes = {frozenset(placed_in.get(g, set())) for g in group}
        if len(homes) != 1 or len(parts) != 1 \
                or abs(hours[0] - task.hours_per_week) > TOLERANCE:
            out.append(problem("check.carve.keep_with", tid))
        return out
    m = policy.min_part_hours
    if task.hours_per_week < 2 * m - TOLERANCE:
        if len(parts) != 1 or abs(hours[0] - task.hours_per_week) > TOLERANCE:
            out.append(problem("check.carve.split_small", tid))
        return out
    fraction = task.hours_per_week - math.floor(task.hours_per_week + TOLERANCE)
    carriers = 0
    for h in hours:
        whole = h
        if abs(h - round(h)) > TOLERANCE:
            carriers += 1
            whole = h - fraction
        if abs(whole - round(whole)) > TOLERANCE or whole < m - TOLERANCE:
            out.append(problem("check.carve.split_part", tid, hours=h, minimum=m))
    if carriers > 1:
        out.append(problem("check.carve.split_fraction", tid))
    return out


def evaluate_carving(
    inventory: Inventory, candidates: list[Candidate], profiles: dict[str, CapacityProfile],
    policy: Policy, functions: list[NewFunction], allow_borderline: bool = False,
) -> CarveEvaluation:
    """Check every carved function and recompute the objective terms."""
    tasks = inventory.task_by_id()
    roles = inventory.role_by_name()
    people = {c.candidate_id: c for c in candidates}
    problems: list[Problem] = []
    seen_people: set[str] = set()
    parts_of: dict[str, list[tuple[str, float]]] = {}
    placed_in: dict[str, set[str]] = {}
    for fn in functions:
        if any(p.task_id not in tasks for p in fn.parts) or not fn.parts:
            problems.append(problem("check.carve.unknown_task", fn.role_id))
            continue
        if fn.candidate_id not in people:
            problems.append(problem("check.carve.unknown_candidate", fn.role_id))
            continue
        if fn.candidate_id in seen_people:
            problems.append(problem("check.carve.placed_twice", fn.role_id,
                                    candidate=fn.candidate_id))
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
            problems.append(problem("check.carve.not_carveable", tid))
        if len(group) > 1 and sum(tasks[g].hours_per_week for g in group) \
                > policy.max_keep_with_hours + TOLERANCE:
            problems.append(problem("check.carve.keep_with_hours", tid,
                                    limit=policy.max_keep_with_hours))
        problems += _split_problems(tid, parts, tasks, group, placed_in, policy)
    carved = sum(p.hours for fn in functions for p in fn.parts)
    saving = 0.0
    for fn in functions:
        for p in fn.parts:
            role = roles.get(tasks[p.task_id].role) if p.task_id in tasks else None
            rate = role.hourly_cost if role else policy.new_function_hourly_cost
            saving += (rate - policy.new_function_hourly_cost) * p.hours * policy.weeks_per_year
    return CarveEvaluation(problems, len(seen_people), carved, saving)
