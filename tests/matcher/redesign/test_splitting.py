"""Carve units as integer data: split rule, fractions, subproblems, objective weights."""

from __future__ import annotations

from hypothesis import given, settings

from matcher.policy import Policy
from matcher.redesign.carveable import carve_units, decide
from matcher.redesign.splitting import (
    INT64_SAFE,
    assignment_terms,
    lexicographic_weights,
    subproblems,
)
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import Inventory, Role, Task
from tests.matcher.builders import task
from tests.matcher.strategies import inventories

ROLES = (
    Role(role="Verpleegkundige", department="Afdeling A", headcount=10, contract_hours=32,
         hourly_cost=45, level=4),
    Role(role="Kok", department="Keuken", headcount=2, contract_hours=36, hourly_cost=20, level=3),
)




def subs_of(*tasks: Task, policy: Policy | None = None):
    policy = policy or Policy()
    inv = Inventory(organisation="o", roles=ROLES, tasks=tasks)
    return subproblems(carve_units(inv, decide(inv, policy)), inv, policy)


def test_task_of_at_least_two_parts_is_splittable_in_whole_hours():
    (sub,) = subs_of(task("T1", 7.5))
    (p,) = sub.pieces
    assert (p.splittable, p.hours, p.whole_hours, p.fraction, p.min_part) == (True, 750, 7, 50, 2)


def test_task_smaller_than_two_parts_moves_whole():
    (sub,) = subs_of(task("T1", 3.75))
    (p,) = sub.pieces
    assert not p.splittable and p.hours == 375


def test_fractional_min_part_rounds_up_to_whole_hours():
    (sub,) = subs_of(task("T1", 5.5), policy=Policy(min_part_hours=2.5))
    (p,) = sub.pieces
    assert p.min_part == 3 and not p.splittable  # 5.5 h cannot give two parts of 3 h


def test_keep_with_group_is_never_splittable():
    (sub,) = subs_of(task("T1", 10, keep_with=("T2",)), task("T2", 10))
    (p,) = sub.pieces
    assert not p.splittable and p.n_tasks == 2 and p.hours == 2000


def test_saving_rate_is_role_cost_minus_new_cost_times_weeks():
    subs = subs_of(task("T1", 5), task("K1", 6, role="Kok"))
    rates = {s.department: s.pieces[0].saving_rate for s in subs}
    assert rates == {"Afdeling A": (45 - 22) * 52, "Keuken": (20 - 22) * 52}
    assert subs[1].pieces[0].saving_whole == -104 * 600


def test_department_and_time_of_day_make_independent_subproblems():
    subs = subs_of(task("T1", 5), task("T2", 5, time_of_day="night"), task("K1", 6, role="Kok"),
                   task("T3", 5))
    assert [(s.department, s.time_of_day, len(s.pieces)) for s in subs] == [
        ("Afdeling A", "day", 2), ("Afdeling A", "night", 1), ("Keuken", "day", 1)]


def test_max_functions_bound():
    (sub,) = subs_of(task("T1", 30), task("T2", 10))
    assert sub.max_functions == 40 // 12


def test_assignment_terms_by_hand():
    (sub,) = subs_of(task("T1", 10, demands={"pace": 3}), task("T2", 3, demands={"social": 2}))
    terms = assignment_terms(sub, [[(0, 1000), (1, 300)]])
    assert terms == (1300, 23 * 52 * 1300, (3 - 1) + (2 - 1))


@settings(max_examples=60, deadline=None)
@given(inventories())
def test_weights_are_lexicographic_in_every_subproblem(inv):
    subs = subproblems(carve_units(inv, decide(inv)), inv, Policy())
    w = lexicographic_weights(subs)
    for s in subs:
        if w.access:
            assert w.saving > s.access_max() * w.access
        if w.saving:
            assert w.hours > w.saving * s.saving_span() + w.access * s.access_max()


def test_weights_drop_lower_terms_rather_than_overflow():
    # One department with 5,000 carve-able hours at a high saving rate: the full
    # lexicographic weights would leave 64 bits, so accessibility weighs nothing.
    role = Role(role="Specialist", department="Afdeling A", headcount=100, contract_hours=36,
                hourly_cost=100, level=6)
    tasks = tuple(task(f"T{k}", 25, role="Specialist", demands={d: 3 for d in DIMENSION_IDS})
                  for k in range(200))
    inv = Inventory(organisation="o", roles=(role,), tasks=tasks)
    subs = subproblems(carve_units(inv, decide(inv)), inv, Policy())
    w = lexicographic_weights(subs)
    assert (w.access, w.saving) == (0, 1)
    assert w.hours * (subs[0].total_hours + 1) + w.saving * subs[0].saving_span() < INT64_SAFE
