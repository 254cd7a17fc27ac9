"""Synthetic inventories and candidate pools, reproducible from a seed.

For benchmarks and load tests: ``generate_inventory`` builds one employer's work
analysis from the sector templates in :mod:`matcher.synthetic.sectors` (Dutch role and task
names, realistic levels, hours and demands; roughly 20-35 % of task hours elementary
and carve-able under the default policy), and ``generate_candidates`` builds a pool of
people from the target group. Every random draw comes from one
:class:`numpy.random.Generator` seeded by the caller, so the same arguments always
give the same data.
"""

from __future__ import annotations

import numpy as np

from matcher.synthetic.sectors import SECTORS, DepartmentKind, RoleTemplate, TaskTemplate
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import Candidate, CandidatePool, Inventory, Rating, Role, Task

SECTOR_NAMES: tuple[str, ...] = tuple(SECTORS)
"""The sectors a generated employer can come from."""

ELEMENTARY_SHARE = (0.20, 0.35)
"""Range of the share of a role's task hours given to its elementary (carve-able) tasks."""

TASKS_PER_DEPARTMENT = 25
"""Default department size: a work analysis records about this many tasks per department."""


def _rng(seed: int | np.random.SeedSequence) -> np.random.Generator:
    return np.random.default_rng(seed)


def default_carveable(template: TaskTemplate, role_level: int, demands: dict[str, int]) -> bool:
    """The FORMATS.md section 2 carve-able rule for a single task, with the default values.

    The generator uses it only to steer how many hours go to elementary work; the
    project's own carving rules decide in a real run.
    """
    return (
        template.separable
        and not template.core
        and template.level < role_level
        and template.level <= 2
        and max(demands.values(), default=1) <= 3
    )


def _departments(kinds: tuple[DepartmentKind, ...], n: int) -> list[tuple[str, DepartmentKind]]:
    # Two of every three departments are of the sector's main kind (wards, sites,
    # halls); the rest are support departments (kitchen, facilities, administration).
    pattern = [0, 0, 1] if len(kinds) > 1 else [0]
    used: dict[int, int] = {}
    chosen = []
    for d in range(n):
        k = pattern[d % len(pattern)]
        kind = kinds[k]
        i = used.get(k, 0)
        used[k] = i + 1
        base = kind.names[i % len(kind.names)]
        round_ = i // len(kind.names)
        chosen.append((base if round_ == 0 else f"{base} {round_ + 1}", kind))
    return chosen


def _pick_templates(role: RoleTemplate, k: int, rng: np.random.Generator) -> list[tuple[TaskTemplate, str]]:
    """``k`` tasks for one role: a subset of its templates, or all plus numbered parts."""
    m = len(role.tasks)
    if k <= m:
        order = list(rng.permutation(m)[:k])
        if k >= 2 and not any(role.tasks[i].separable for i in order):
            # A role's analysis almost always finds some separable work; keep one.
            sep = [i for i in range(m) if role.tasks[i].separable]
            if sep:
                order[-1] = sep[int(rng.integers(len(sep)))]
        return [(role.tasks[i], role.tasks[i].name) for i in sorted(order)]
    picked = [(t, t.name) for t in role.tasks]
    for extra in range(k - m):
        t = role.tasks[extra % m]
        picked.append((t, f"{t.name} (deel {extra // m + 2})"))
    return picked


def _jitter(template: TaskTemplate, rng: np.random.Generator) -> dict[str, int]:
    # One task in ten is a little harder in this workplace than the template says;
    # that is what makes some elementary-looking tasks fail the demand ceiling.
    demands = dict(template.demands)
    if rng.random() < 0.10:
        dim = DIMENSION_IDS[int(rng.integers(len(DIMENSION_IDS)))]
        demands[dim] = min(5, demands.get(dim, 1) + 1)
    return demands


def _split_hours(total: float, n: int, rng: np.random.Generator) -> list[float]:
    if n == 0:
        return []
    weights = rng.dirichlet(np.full(n, 2.0))
    return [max(1.0, float(np.floor(total * w))) for w in weights]


def generate_inventory(
    organisation: str,
    sector: str,
    n_tasks: int,
    n_departments: int | None = None,
    seed: int | np.random.SeedSequence = 0,
) -> Inventory:
    """One employer's work analysis from a sector template.

    Parameters
    ----------
    organisation:
        Name of the employer (the inventory's organisation).
    sector:
        One of :data:`SECTOR_NAMES`.
    n_tasks:
        Exactly this many tasks are generated.
    n_departments:
        Number of departments; default one per :data:`TASKS_PER_DEPARTMENT` tasks.
    seed:
        Seed of the random generator; the same arguments give the same inventory.

    Returns
    -------
    Inventory
        Roles and tasks; every task's department is its role's, ``keep_with`` links
        only carve-able tasks of one role (so one department and time of day).
    """
    if sector not in SECTORS:
        raise ValueError(f"unknown sector '{sector}'; choose from {', '.join(SECTOR_NAMES)}")
    if n_tasks < 1:
        raise ValueError("n_tasks must be at least 1")
    rng = _rng(seed)
    if n_departments is None:
        n_departments = max(1, round(n_tasks / TASKS_PER_DEPARTMENT))
    departments = _departments(SECTORS[sector], max(1, n_departments))
    slots = [(name, role) for name, kind in departments for role in kind.roles]
    per_role = [n_tasks // len(slots) + (1 if i < n_tasks % len(slots) else 0)
                for i in range(len(slots))]

    roles: list[Role] = []
    tasks: list[Task] = []
    for (dept, template), k in zip(slots, per_role, strict=True):
        if k == 0:
            continue  # more roles than tasks asked for: leave the rest out
        name = f"{template.name} ({dept})"
        headcount = int(rng.integers(template.headcount[0], template.headcount[1] + 1))
        roles.append(Role(role=name, department=dept, headcount=headcount,
                          contract_hours=template.contract_hours,
                          hourly_cost=template.hourly_cost, level=template.level))
        picked = _pick_templates(template, k, rng)
        demands = [_jitter(t, rng) for t, _ in picked]
        elementary = [default_carveable(t, template.level, d)
                      for (t, _), d in zip(picked, demands, strict=True)]
        covered = headcount * template.contract_hours * rng.uniform(0.85, 1.0)
        if all(elementary):
            share = 1.0
        elif any(elementary):
            share = rng.uniform(*ELEMENTARY_SHARE)
        else:
            share = 0.0
        easy = iter(_split_hours(covered * share, sum(elementary), rng))
        rest = iter(_split_hours(covered * (1 - share), k - sum(elementary), rng))
        first = len(tasks)
        for (t, task_name), d, is_easy in zip(picked, demands, elementary, strict=True):
            tasks.append(Task(
                task_id=f"T{len(tasks) + 1:04d}", task=task_name, role=name,
                hours_per_week=next(easy) if is_easy else next(rest), level=t.level,
                separable=t.separable, core=t.core, department=dept,
                time_of_day=t.time_of_day, weekend=t.weekend, lifting_kg=t.lifting_kg,
                customer_contact=t.customer_contact, demands=d,
            ))
        _link_keep_with(tasks, first, elementary, rng)
    return Inventory(organisation=organisation, roles=tuple(roles), tasks=tuple(tasks))


def _link_keep_with(tasks: list[Task], first: int, elementary: list[bool],
                    rng: np.random.Generator) -> None:
    """Sometimes two elementary tasks of one role belong together (clear then clean)."""
    own = [first + i for i, e in enumerate(elementary) if e]
    if len(own) < 2 or rng.random() >= 0.3:
        return
    a, b = (int(x) for x in rng.choice(own, size=2, replace=False))
    ta, tb = tasks[a], tasks[b]
    if ta.time_of_day != tb.time_of_day or ta.hours_per_week + tb.hours_per_week > 36:
        return
    tasks[a] = ta.model_copy(update={"keep_with": (tb.task_id,)})


def generate_candidates(
    n: int,
    seed: int | np.random.SeedSequence = 0,
    departments: list[str] | None = None,
    *,
    capacities: bool = True,
    ratings: bool = False,
) -> CandidatePool:
    """A pool of ``n`` people from the target group.

    Parameters
    ----------
    n:
        Number of candidates (ids ``K00001`` ...).
    seed:
        Seed of the random generator.
    departments:
        Department names some candidates say they prefer (about 30 % name one).
    capacities:
        Give explicit ``c_*`` capacities (fast to match at scale).
    ratings:
        Also emit monitor ratings (self, mentor and a significant other at wave 1;
        self, mentor and supervisor at wave 2 for half of them) on the items of
        :func:`taskmodels.itembank.item_bank`, scattered around the same capacities.

    Returns
    -------
    CandidatePool
    """
    rng = _rng(seed)
    width = max(5, len(str(n)))
    # One general factor per person plus a spread per dimension: people are rarely
    # uniformly strong or weak, and the target group sits around and below average.
    general = rng.normal(2.9, 0.5, size=n)
    cap = np.clip(np.rint(general[:, None] + rng.normal(0, 0.7, size=(n, len(DIMENSION_IDS)))), 1, 5)
    # Hours and productivity (loonwaarde) spread widely in the target group: many
    # part-timers, a third at full productivity, few below 50 %.
    max_hours = rng.choice([12, 16, 20, 24, 28, 32, 36, 40], size=n,
                           p=[0.05, 0.08, 0.12, 0.18, 0.17, 0.15, 0.15, 0.10])
    min_pick = rng.choice([0, 0, 8, 12, 16], size=n)
    productivity = np.where(rng.random(size=n) < 0.3, 1.0,
                            np.round(np.clip(rng.normal(0.8, 0.12, size=n), 0.4, 1.0), 2))
    level = rng.choice([1, 2, 3], size=n, p=[0.45, 0.40, 0.15])
    lifting = rng.choice([5, 10, 15, 20, 25], size=n, p=[0.05, 0.15, 0.25, 0.25, 0.30])
    flags = rng.random(size=(n, 5))
    people = []
    for i in range(n):
        prefers: tuple[str, ...] = ()
        if departments and flags[i, 4] < 0.3:
            prefers = (departments[int(rng.integers(len(departments)))],)
        people.append(Candidate(
            candidate_id=f"K{i + 1:0{width}d}",
            max_hours=float(max_hours[i]),
            min_hours=float(min(min_pick[i], max_hours[i] // 2)),
            productivity=float(productivity[i]),
            level=int(level[i]),
            max_lifting_kg=float(lifting[i]),
            evening_ok=bool(flags[i, 0] < 0.7),
            night_ok=bool(flags[i, 1] < 0.15),
            weekend_ok=bool(flags[i, 2] < 0.6),
            customer_contact_ok=bool(flags[i, 3] < 0.75),
            prefers=prefers,
            capacities=(dict(zip(DIMENSION_IDS, map(float, cap[i]), strict=True))
                        if capacities else {}),
        ))
    answers = _ratings(people, cap, rng) if ratings else ()
    return CandidatePool(candidates=tuple(people), ratings=answers)


def _ratings(people: list[Candidate], cap: np.ndarray,
             rng: np.random.Generator) -> tuple[Rating, ...]:
    from taskmodels.itembank import item_bank  # the bank file ships separately

    items = list(item_bank().values())
    dim_index = {d: j for j, d in enumerate(DIMENSION_IDS)}
    out: list[Rating] = []
    for i, person in enumerate(people):
        waves = [(1, ("self", "mentor", "other"))]
        if rng.random() < 0.5:
            waves.append((2, ("self", "mentor", "supervisor")))
        for wave, raters in waves:
            for rater in raters:
                # Self-ratings run a little high: the monitor reports that gap.
                bias = 0.4 if rater == "self" else 0.0
                noise = rng.normal(bias + 0.2 * (wave - 1), 0.6, size=len(items))
                for item, e in zip(items, noise, strict=True):
                    score = int(np.clip(np.rint(cap[i, dim_index[item.dimension]] + e), 1, 5))
                    out.append(Rating(candidate_id=person.candidate_id, wave=wave,
                                      rater=rater, item=item.item, score=score))
    return tuple(out)
