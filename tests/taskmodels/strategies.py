"""Hypothesis strategies for valid inventories as domain objects (for I/O tests)."""

from __future__ import annotations

import math

from hypothesis import strategies as st

from taskmodels.catalogue import DIMENSION_IDS, TIMES_OF_DAY
from taskmodels.models import Candidate, Inventory, Role, Task

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéë ABCDEF-", min_size=1, max_size=12).map(str.strip).filter(bool)
hours = st.integers(1, 400).map(lambda h: h / 4)  # quarter hours, exact in binary floats


def plausible_roles(roles: tuple[Role, ...], tasks: list[Task] | tuple[Task, ...]) -> tuple[Role, ...]:
    """``roles`` with headcount and contract hours raised where their tasks need it.

    The reader refuses a role whose tasks take more hours than headcount x contract
    hours (beyond a 10 % margin) or a task of more than 60 hours per person
    (taskmodels.plausibility); a generated valid inventory must pass, so each role
    gets at least the people its tasks need.
    """
    out = []
    for role in roles:
        mine = [t.hours_per_week for t in tasks if t.role == role.role]
        if not mine:
            out.append(role)
            continue
        contract = role.contract_hours or 36
        headcount = max(role.headcount, math.ceil(sum(mine) / contract),
                        math.ceil(max(mine) / 60))
        out.append(role.model_copy(update={"headcount": headcount, "contract_hours": contract}))
    return tuple(out)


@st.composite
def inventories(draw: st.DrawFn, max_roles: int = 4, max_tasks: int = 12) -> Inventory:
    """A random valid inventory (roles, tasks with keep_with pairs, candidates)."""
    departments = draw(st.lists(names, min_size=1, max_size=3, unique=True))
    role_names = draw(st.lists(names, min_size=1, max_size=max_roles, unique=True))
    roles = tuple(
        Role(role=name, department=draw(st.sampled_from(departments)),
             headcount=draw(st.integers(0, 40)), contract_hours=draw(st.integers(0, 60)),
             hourly_cost=draw(st.integers(0, 9000)) / 100, level=draw(st.integers(1, 8)))
        for name in role_names
    )
    n_tasks = draw(st.integers(1, max_tasks))
    tasks: list[Task] = []
    for i in range(n_tasks):
        role = draw(st.sampled_from(roles))
        tasks.append(Task(
            task_id=f"T{i + 1}", task=draw(names), role=role.role,
            hours_per_week=draw(hours), level=draw(st.integers(1, 8)),
            separable=draw(st.booleans()), core=draw(st.booleans()),
            department=draw(st.sampled_from([role.department, *departments])),
            time_of_day=draw(st.sampled_from(TIMES_OF_DAY)), weekend=draw(st.booleans()),
            lifting_kg=draw(st.integers(0, 40)), customer_contact=draw(st.booleans()),
            demands={d: draw(st.integers(1, 5)) for d in DIMENSION_IDS},
        ))
    # keep_with only between tasks of one department and one time of day.
    for i, task in enumerate(tasks):
        partners = [t.task_id for t in tasks[:i]
                    if t.department == task.department and t.time_of_day == task.time_of_day]
        if partners and draw(st.booleans()):
            tasks[i] = task.model_copy(update={"keep_with": (draw(st.sampled_from(partners)),)})
    candidates = tuple(
        Candidate(candidate_id=f"K{j}", max_hours=36, min_hours=draw(st.integers(0, 36)),
                  productivity=draw(st.integers(1, 100)) / 100,
                  capacities={d: draw(st.integers(1, 5)) for d in DIMENSION_IDS[:3]})
        for j in range(draw(st.integers(0, 3)))
    )
    return Inventory(organisation="random", roles=plausible_roles(roles, tasks),
                     tasks=tuple(tasks), candidates=candidates)
