"""Hypothesis strategies that generate valid, small domain objects.

Everything generated passes the reader's cross-record and plausibility rules (FORMATS.md
section 1; a role has the people its tasks need):
unique ids, tasks refer to existing roles, ``keep_with`` only links tasks of one
department and time of day. Draws lean towards carve-able work (low levels and
demands, separable) so that redesign and matching have something to do, but every
rule is broken now and then.

Use ``inventories()`` for a work analysis, ``inventories(with_candidates=True)`` to
carry candidates too, or ``candidates()`` / ``candidate_pools()`` on their own.
"""

from __future__ import annotations

from hypothesis import strategies as st

from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import Candidate, CandidatePool, Inventory, Role, Task
from tests.taskmodels.strategies import plausible_roles

DEPARTMENTS = ("Afdeling A", "Keuken", "Facilitair", "Magazijn")
HOURS = st.one_of(
    st.sampled_from([0.5, 1, 1.5, 2, 2.5, 3, 3.75, 4, 5, 6, 7.5, 8, 10, 12, 13, 16, 20, 24, 30]),
    st.integers(25, 4000).map(lambda n: n / 100),
)


@st.composite
def demands(draw: st.DrawFn, low: bool = True) -> dict[str, int]:
    """A demand on a few dimensions (the rest stay at 1); mostly within the ceiling 3."""
    dims = draw(st.lists(st.sampled_from(DIMENSION_IDS), max_size=4, unique=True))
    top = 5 if not low or draw(st.integers(0, 9)) == 0 else 3
    return {d: draw(st.integers(1, top)) for d in dims}


@st.composite
def roles(draw: st.DrawFn, min_size: int = 1, max_size: int = 4) -> list[Role]:
    """Current functions with unique names, spread over a few departments."""
    n = draw(st.integers(min_size, max_size))
    return [
        Role(
            role=f"Functie {k + 1}",
            department=draw(st.sampled_from(DEPARTMENTS)),
            headcount=draw(st.integers(0, 12)),
            contract_hours=draw(st.sampled_from([0, 16, 24, 32, 36, 40])),
            hourly_cost=draw(st.sampled_from([18.0, 22.0, 28.5, 35.0, 45.0, 60.0])),
            level=draw(st.integers(2, 6)),
        )
        for k in range(n)
    ]


@st.composite
def tasks_for(draw: st.DrawFn, role_list: list[Role], min_size: int = 1,
              max_size: int = 14) -> list[Task]:
    """Tasks of the given roles, some linked with ``keep_with`` (always valid links)."""
    n = draw(st.integers(min_size, max_size))
    out: list[Task] = []
    for k in range(n):
        role = draw(st.sampled_from(role_list))
        other_dep = draw(st.integers(0, 7)) == 0
        out.append(Task(
            task_id=f"T{k + 1}",
            task=f"Taak {k + 1}",
            role=role.role,
            hours_per_week=draw(HOURS),
            level=draw(st.sampled_from([1, 1, 1, 2, 2, 3, 4])),
            separable=draw(st.integers(0, 7)) > 0,
            core=draw(st.integers(0, 7)) == 0,
            department=draw(st.sampled_from(DEPARTMENTS)) if other_dep else role.department,
            time_of_day=draw(st.sampled_from(["day", "day", "day", "evening", "night"])),
            weekend=draw(st.booleans()),
            lifting_kg=draw(st.sampled_from([0, 0, 5, 10, 15, 25])),
            customer_contact=draw(st.booleans()),
            demands=draw(demands()),
        ))
    # keep_with: link a few tasks to an earlier task of the same department and time.
    linked = list(out)
    for k, t in enumerate(out):
        if k == 0 or draw(st.integers(0, 4)) > 0:
            continue
        mates = [o.task_id for o in out[:k]
                 if (o.department, o.time_of_day) == (t.department, t.time_of_day)]
        if mates:
            linked[k] = t.model_copy(update={"keep_with": (draw(st.sampled_from(mates)),)})
    return linked


@st.composite
def candidates(draw: st.DrawFn, min_size: int = 0, max_size: int = 6,
               with_capacities: bool = True) -> list[Candidate]:
    """People from the target group with random limits and (usually) capacities."""
    n = draw(st.integers(min_size, max_size))
    out = []
    for k in range(n):
        max_h = draw(st.sampled_from([8.0, 12.0, 16.0, 20.0, 24.0, 32.0, 36.0, 40.0]))
        caps = ({d: float(draw(st.integers(1, 5))) for d in DIMENSION_IDS}
                if with_capacities and draw(st.integers(0, 5)) > 0 else {})
        out.append(Candidate(
            candidate_id=f"K{k + 1:03d}",
            max_hours=max_h,
            min_hours=draw(st.sampled_from([0.0, 8.0, 12.0])) if max_h >= 12 else 0.0,
            productivity=draw(st.sampled_from([1.0, 0.9, 0.8, 0.7, 0.5])),
            level=draw(st.integers(1, 4)),
            max_lifting_kg=draw(st.sampled_from([0.0, 5.0, 10.0, 25.0])),
            evening_ok=draw(st.booleans()),
            night_ok=draw(st.booleans()),
            weekend_ok=draw(st.booleans()),
            customer_contact_ok=draw(st.booleans()),
            prefers=tuple(draw(st.lists(st.sampled_from(DEPARTMENTS), max_size=2, unique=True))),
            capacities=caps,
        ))
    return out


@st.composite
def candidate_pools(draw: st.DrawFn, min_size: int = 0, max_size: int = 6) -> CandidatePool:
    """A candidate pool without monitor ratings (capacities given directly)."""
    return CandidatePool(candidates=tuple(draw(candidates(min_size, max_size))))


@st.composite
def inventories(draw: st.DrawFn, max_roles: int = 4, min_tasks: int = 1, max_tasks: int = 14,
                with_candidates: bool = False) -> Inventory:
    """A valid work analysis of one organisation, optionally with candidates."""
    role_list = draw(roles(max_size=max_roles))
    task_list = draw(tasks_for(role_list, min_size=min_tasks, max_size=max_tasks))
    people = draw(candidates()) if with_candidates else []
    return Inventory(
        organisation=draw(st.sampled_from(["Ziekenhuis", "Bouwbedrijf", "School"])),
        roles=plausible_roles(tuple(role_list), task_list),
        tasks=tuple(task_list),
        candidates=tuple(people),
    )
