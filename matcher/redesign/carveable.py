"""Which tasks can be carved out of today's functions, and why (or why not).

A task is carve-able (FORMATS.md section 2) when it is separable, not a core task,
below its role's level, at or under the target group's level ceiling, and every
demand is at or under the demand ceiling. A ``keep_with`` group is carve-able only
when every member is and the group fits the hour ceiling; it then moves as one
unit. Every decision carries its reasons as data, one per rule: a catalogue code
with parameters (``carve.demand`` with the dimension, level and ceiling), rendered
in Dutch or English, so a consultant can read them back to the employer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from matcher.policy import Policy
from taskmodels.catalogue import BY_ID, DIMENSION_IDS
from taskmodels.messages import DEFAULT_LANG, Message, msg, text
from taskmodels.models import Inventory, Role, Task

DEFAULT_POLICY = Policy()
"""The FORMATS.md defaults (a Policy is immutable, so one shared instance is safe)."""


@dataclass(frozen=True)
class Reason:
    """One rule's verdict on a task, in words a consultant can read aloud.

    ``rule`` is the rule id (``core``, ``demand:pace``) that counts and groups
    reasons; ``message`` the text as data, rendered late in the reader's language.
    """

    rule: str
    message: Message

    @property
    def code(self) -> str:
        """The catalogue code of the message."""
        return self.message.code

    @property
    def nl(self) -> str:
        """The reason in Dutch."""
        return self.message.render("nl")

    @property
    def en(self) -> str:
        """The reason in English."""
        return self.message.render("en")

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The reason in ``lang`` ('nl' or 'en')."""
        return self.message.render(lang)

    def as_report(self) -> dict[str, object]:
        """The reason as a JSON object: rule, code and parameters, and both texts."""
        return {"rule": self.rule, "code": self.code, "params": dict(self.message.params),
                "nl": self.nl, "en": self.en}


@dataclass(frozen=True)
class TaskDecision:
    """Whether one task is carve-able, with every reason.

    For a carve-able task ``reasons`` holds one positive summary; otherwise it holds
    one entry per rule the task breaks (a task can break several).
    """

    task_id: str
    carveable: bool
    reasons: tuple[Reason, ...]

    def texts(self, lang: str = DEFAULT_LANG) -> list[str]:
        """The reasons as plain sentences."""
        return [r.text(lang) for r in self.reasons]


@dataclass(frozen=True)
class CarveUnit:
    """Carve-able work that moves as one: a lone task or a whole ``keep_with`` group.

    Attributes
    ----------
    unit_id:
        The first task id of the unit (stable and readable).
    task_ids:
        Member tasks, in inventory order.
    department, time_of_day:
        Shared by every member (the reader rejects mixed groups).
    hours:
        Total weekly hours of the members.
    grouped:
        True for a ``keep_with`` group of two or more tasks: never split.
    """

    unit_id: str
    task_ids: tuple[str, ...]
    department: str
    time_of_day: str
    hours: float
    grouped: bool


def _own_reasons(task: Task, role: Role | None, policy: Policy) -> list[Reason]:
    """The rules a single task breaks on its own (group rules come later)."""
    out: list[Reason] = []
    if role is None:
        out.append(Reason("unknown_role", msg("carve.unknown_role", role=task.role)))
    if not task.separable:
        out.append(Reason("separable", msg("carve.not_separable")))
    if task.core:
        out.append(Reason("core", msg("carve.core_task", role=task.role)))
    if role is not None and policy.require_below_role_level and task.level >= role.level:
        out.append(Reason("below_role_level", msg(
            "carve.not_below_level", task_level=task.level, role_level=role.level, role=role.role)))
    if task.level > policy.max_task_level:
        out.append(Reason("task_level", msg(
            "carve.task_level", level=task.level, level_name=f"level.{task.level}",
            ceiling=policy.max_task_level, ceiling_name=f"level.{policy.max_task_level}")))
    for dim in DIMENSION_IDS:
        level = task.demands.get(dim, 1)
        if level > policy.max_demand:
            out.append(Reason(f"demand:{dim}", msg(
                "carve.demand", dimension=BY_ID[dim].code, level=level, ceiling=policy.max_demand)))
    return out


def _keep_with_groups(tasks: tuple[Task, ...]) -> list[list[str]]:
    """Connected components of the ``keep_with`` links (a link binds both ways)."""
    index = {t.task_id: t for t in tasks}
    parent = {t.task_id: t.task_id for t in tasks}

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for t in tasks:
        for other in t.keep_with:
            if other in index:  # the reader rejects unknown ids; ignore defensively
                ra, rb = find(t.task_id), find(other)
                if ra != rb:
                    parent[rb] = ra
    groups: dict[str, list[str]] = {}
    for t in tasks:  # inventory order inside and between groups
        groups.setdefault(find(t.task_id), []).append(t.task_id)
    return list(groups.values())


def _group_reasons(members: list[Task], own_ok: dict[str, bool], policy: Policy) -> list[Reason]:
    """Rules a ``keep_with`` group breaks as a whole (applied to every member)."""
    ids = [t.task_id for t in members]
    out: list[Reason] = []
    blocked = [t.task_id for t in members if not own_ok[t.task_id]]
    if blocked:
        out.append(Reason("keep_with", msg("carve.keep_with_blocked", tasks=ids, blocked=blocked)))
    hours = sum(t.hours_per_week for t in members)
    if hours > policy.max_keep_with_hours:
        out.append(Reason("keep_with_hours", msg(
            "carve.keep_with_hours", tasks=ids, hours=hours, max_hours=policy.max_keep_with_hours)))
    if len(members) > policy.max_tasks_per_function:
        out.append(Reason("keep_with_tasks", msg(
            "carve.keep_with_tasks", tasks=ids, count=len(members),
            max_tasks=policy.max_tasks_per_function)))
    if len({(t.department, t.time_of_day) for t in members}) > 1:
        out.append(Reason("keep_with_mixed", msg("carve.keep_with_mixed", tasks=ids)))
    return out


def _positive(task: Task, role: Role, policy: Policy) -> Reason:
    return Reason("carveable", msg(
        "carve.carveable", task_level=task.level, role_level=role.level, ceiling=policy.max_demand))


def decide(inventory: Inventory, policy: Policy = DEFAULT_POLICY) -> list[TaskDecision]:
    """Decide for every task whether it is carve-able, with reasons.

    Returns
    -------
    list[TaskDecision]
        One decision per task, in inventory order.
    """
    roles = inventory.role_by_name()
    own = {t.task_id: _own_reasons(t, roles.get(t.role), policy) for t in inventory.tasks}
    own_ok = {tid: not reasons for tid, reasons in own.items()}
    by_id = inventory.task_by_id()
    extra: dict[str, list[Reason]] = {}
    for group in _keep_with_groups(inventory.tasks):
        if len(group) < 2:
            continue
        members = [by_id[tid] for tid in group]
        group_reasons = _group_reasons(members, own_ok, policy)
        for tid in group:
            # A member's own failures are already listed; the group reason says why
            # an otherwise fine member is held back too.
            extra[tid] = [r for r in group_reasons if r.rule != "keep_with" or own_ok[tid]]
    decisions: list[TaskDecision] = []
    for t in inventory.tasks:
        reasons = own[t.task_id] + extra.get(t.task_id, [])
        if reasons:
            decisions.append(TaskDecision(t.task_id, False, tuple(reasons)))
        else:
            decisions.append(TaskDecision(t.task_id, True, (_positive(t, roles[t.role], policy),)))
    return decisions


def carve_units(inventory: Inventory, decisions: list[TaskDecision]) -> list[CarveUnit]:
    """The carve-able work as units that move whole: lone tasks and ``keep_with`` groups.

    A group is a unit only when all its members are carve-able (which
    :func:`decide` guarantees for every member or none).
    """
    ok = {d.task_id for d in decisions if d.carveable}
    by_id = inventory.task_by_id()
    units: list[CarveUnit] = []
    for group in _keep_with_groups(inventory.tasks):
        if not all(tid in ok for tid in group):
            continue
        members = [by_id[tid] for tid in group]
        units.append(CarveUnit(
            unit_id=group[0],
            task_ids=tuple(group),
            department=members[0].department,
            time_of_day=members[0].time_of_day,
            hours=sum(t.hours_per_week for t in members),
            grouped=len(group) > 1,
        ))
    return units


def rule_label(rule: str, lang: str = DEFAULT_LANG) -> str:
    """A short, general label for a rule (the reasons themselves name the numbers).

    The label is the catalogue code ``carve.rule.<rule>``; a rule without one (a
    rule id from elsewhere) is shown as its id rather than hidden.
    """
    if rule.startswith("demand:"):
        return text("carve.rule.demand", lang, dimension=BY_ID[rule.split(":", 1)[1]].code)
    try:
        return text(f"carve.rule.{rule}", lang)
    except KeyError:
        return rule


def common_reasons(decisions: list[TaskDecision], top: int = 5) -> list[tuple[str, int]]:
    """The most frequent rules that make tasks not carve-able, with task counts.

    Returns
    -------
    list[tuple[str, int]]
        ``(rule, number of tasks)``, most frequent first; see :func:`rule_label`.
    """
    counts: Counter[str] = Counter()
    for d in decisions:
        if not d.carveable:
            counts.update({r.rule for r in d.reasons})
    return counts.most_common(top)
