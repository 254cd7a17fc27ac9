"""An independent check of any redesign proposal, in plain Python.

It shares no code with the carve-ability decisions, the splitting data or the
solver: from the inventory, the policy and the proposed functions alone it
recomputes every rule of FORMATS.md section 2 and every objective term. Tests assert
that it agrees with the solver on every solve; :func:`matcher.redesign.pipeline.run_redesign`
refuses to return a proposal it rejects.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matcher.checks.problem import Problem
from matcher.checks.tolerance import TOLERANCE
from matcher.policy import Policy
from matcher.redesign.functions import NewFunction
from matcher.redesign.keep_with import keep_with_groups
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.messages import ParamValue, text
from taskmodels.models import Inventory, Role, Task

_EPS = TOLERANCE


class Violation(Problem):
    """One broken rule in a proposal: a :class:`Problem` with code ``check.redesign.<rule>``.

    ``role_id`` is the function it was found in; ``subject`` names the function or
    the task.
    """

    role_id: str | None = None

    @property
    def rule(self) -> str:
        """The rule's short name (the last part of the code)."""
        return self.code.rsplit(".", 1)[-1]


def _violation(rule: str, role_id: str | None, subject: str | None = None, /,
               **params: ParamValue) -> Violation:
    code = f"check.redesign.{rule}"
    return Violation(code=code, subject=subject or role_id or "-", role_id=role_id,
                     message_nl=text(code, "nl", **params), message_en=text(code, "en", **params))


@dataclass(frozen=True)
class Evaluation:
    """Feasibility and objective terms of a proposal.

    The integer terms use the solver's units: hours in hundredths, the saving term
    as ``round((role cost - new cost) x weeks)`` per task times hundredths, and the
    accessibility penalty as the sum over functions and dimensions of (demand - 1).
    """

    violations: tuple[Violation, ...]
    carved_hundredths: int
    saving_term: int
    access_penalty: int
    carved_hours: float
    annual_saving_eur: float

    @property
    def feasible(self) -> bool:
        """True when no rule is broken."""
        return not self.violations

    def objective(self, w_hours: int, w_saving: int, w_access: int) -> int:
        """The weighted lexicographic objective with the given weights."""
        return w_hours * self.carved_hundredths + w_saving * self.saving_term \
            - w_access * self.access_penalty


def _task_ok(task: Task, roles: dict[str, Role], policy: Policy) -> bool:
    role = roles.get(task.role)
    return (
        role is not None and task.separable and not task.core
        and (task.level < role.level or not policy.require_below_role_level)
        and task.level <= policy.max_task_level
        and all(task.demands.get(d, 1) <= policy.max_demand for d in DIMENSION_IDS)
    )


def _check_function(fn: NewFunction, tasks: dict[str, Task], policy: Policy,
                    out: list[Violation]) -> None:
    def bad(rule: str, **params: ParamValue) -> None:
        out.append(_violation(rule, fn.role_id, **params))

    known = [p for p in fn.parts if p.task_id in tasks]
    if len(known) < len(fn.parts):
        bad("unknown_task")
    if not known:
        bad("empty")
        return
    chosen = [tasks[p.task_id] for p in known]
    hours = sum(p.hours for p in fn.parts)
    if hours < policy.min_function_hours - _EPS or hours > policy.max_function_hours + _EPS:
        bad("hours", hours=hours, low=policy.min_function_hours,
            high=policy.max_function_hours)
    if len({t.department for t in chosen}) > policy.max_departments:
        bad("departments")
    if len({t.time_of_day for t in chosen}) > policy.max_times_of_day:
        bad("time_of_day")
    ids = [p.task_id for p in fn.parts]
    if len(set(ids)) != len(ids):
        bad("duplicate_part")
    if len(set(ids)) > policy.max_tasks_per_function:
        bad("task_count", count=len(set(ids)), limit=policy.max_tasks_per_function)
    if any(p.hours <= 0 for p in fn.parts):
        bad("part_hours")
    profile = {d: max(t.demands.get(d, 1) for t in chosen) for d in DIMENSION_IDS}
    derived = (
        profile, max(t.level for t in chosen), max(t.lifting_kg for t in chosen),
        any(t.time_of_day == "evening" for t in chosen),
        any(t.time_of_day == "night" for t in chosen),
        any(t.weekend for t in chosen), any(t.customer_contact for t in chosen),
    )
    stated = (dict(fn.demands), fn.level, fn.lifting_kg, fn.evening, fn.night,
              fn.weekend, fn.customer_contact)
    if derived != stated:
        bad("profile")


def _check_parts(task: Task, parts: list[tuple[str, float]], group: frozenset[str],
                 placed_in: dict[str, list[str]], policy: Policy,
                 out: list[Violation]) -> None:
    """The split and keep_with rules for one task's parts (``(role_id, hours)``)."""
    total = task.hours_per_week
    hours = [h for _, h in parts]
    where = parts[0][0]
    if sum(hours) > total + _EPS:
        out.append(_violation("over_carved", where, task.task_id))
    if len(group) > 1:
        together = all(placed_in.get(m) == [where] for m in group)
        entire = len(parts) == 1 and abs(hours[0] - total) < _EPS
        if not (together and entire):
            out.append(_violation("keep_with", where, task.task_id))
        return
    m = policy.min_part_hours
    if total < 2 * m - _EPS:
        if len(parts) != 1 or abs(hours[0] - total) > _EPS:
            out.append(_violation("split_small", where, task.task_id))
        return
    fraction = total - math.floor(total + _EPS)
    carriers = 0
    for h in hours:
        whole = h
        if abs(h - round(h)) > _EPS:  # not whole hours: must be whole + the fraction
            carriers += 1
            whole = h - fraction
        if abs(whole - round(whole)) > _EPS or whole < m - _EPS:
            out.append(_violation("split_part", where, task.task_id, hours=h, minimum=m))
    if carriers > 1:
        out.append(_violation("split_fraction", where, task.task_id))


def evaluate(inventory: Inventory, policy: Policy, functions: list[NewFunction]) -> Evaluation:
    """Check every rule and recompute every objective term of a proposal.

    Returns
    -------
    Evaluation
        Violations (empty when feasible) and the objective terms.
    """
    tasks = inventory.task_by_id()
    roles = inventory.role_by_name()
    out: list[Violation] = []
    parts_of: dict[str, list[tuple[str, float]]] = {}
    placed_in: dict[str, list[str]] = {}
    for fn in functions:
        _check_function(fn, tasks, policy, out)
        for p in fn.parts:
            parts_of.setdefault(p.task_id, []).append((fn.role_id, p.hours))
            placed_in.setdefault(p.task_id, []).append(fn.role_id)
    group_of = keep_with_groups(tasks)
    for tid, parts in parts_of.items():
        task = tasks.get(tid)
        if task is None:
            continue
        if not (_task_ok(task, roles, policy)
                and all(_task_ok(tasks[g], roles, policy) for g in group_of[tid])):
            out.append(_violation("carveable", parts[0][0], tid))
        group = group_of[tid]
        if len(group) > 1 and sum(tasks[g].hours_per_week for g in group) \
                > policy.max_keep_with_hours + _EPS:
            out.append(_violation("keep_with_hours", parts[0][0], tid,
                                  limit=policy.max_keep_with_hours))
        _check_parts(task, parts, group, placed_in, policy, out)
    hundredths = saving_term = access = 0
    saving_eur = 0.0
    for fn in functions:
        for p in fn.parts:
            task = tasks.get(p.task_id)
            if task is None:
                continue
            role = roles.get(task.role)
            cost = role.hourly_cost if role else policy.new_function_hourly_cost
            diff = cost - policy.new_function_hourly_cost
            h = int(round(p.hours * 100))
            hundredths += h
            saving_term += int(round(diff * policy.weeks_per_year)) * h
            saving_eur += diff * p.hours * policy.weeks_per_year
        known = [tasks[p.task_id] for p in fn.parts if p.task_id in tasks]
        if known:
            access += sum(max(t.demands.get(d, 1) for t in known) - 1 for d in DIMENSION_IDS)
    return Evaluation(
        violations=tuple(out),
        carved_hundredths=hundredths,
        saving_term=saving_term,
        access_penalty=access,
        carved_hours=hundredths / 100,
        annual_saving_eur=saving_eur,
    )
