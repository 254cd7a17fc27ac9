"""The carving evaluator: one broken carving per rule, each named by its code."""

from __future__ import annotations

from dataclasses import replace

import pytest

from matcher.checks.carving import evaluate_carving
from matcher.monitor.profiles import build_profiles
from matcher.policy import Policy
from matcher.redesign.functions import NewFunction, TaskPart
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import Candidate, CandidatePool, Inventory, Role, Task

ABLE = {d: 4.0 for d in DIMENSION_IDS}


def task(tid: str, hours: float = 14, **kw: object) -> Task:
    base: dict[str, object] = dict(task_id=tid, task=f"taak {tid}", role="Verpleegkundige",
                                   hours_per_week=hours, level=1, separable=True,
                                   department="Afdeling A")
    base["demands"] = {k: kw.pop(k) for k in list(kw) if k in DIMENSION_IDS}
    base.update(kw)
    return Task(**base)  # type: ignore[arg-type]


def person(cid: str = "K1", **kw: object) -> Candidate:
    base: dict[str, object] = dict(candidate_id=cid, max_hours=36, capacities=ABLE)
    base.update(kw)
    return Candidate(**base)  # type: ignore[arg-type]


INVENTORY = Inventory(
    organisation="test",
    roles=(Role(role="Verpleegkundige", department="Afdeling A", headcount=10,
                contract_hours=32, hourly_cost=40, level=4),),
    tasks=(
        task("T1", 14), task("T2", 3), task("T3", 14, lifting_kg=20), task("E1", 14, time_of_day="evening"),
        task("N1", 14, time_of_day="night"), task("W1", 14, weekend=True),
        task("C1", 14, customer_contact=True), task("L1", 14, level=3), task("P1", 14, pace=5),
        task("B1", 14, department="Keuken"), task("S1", 14, separable=False),
        task("G1", 8, keep_with=("G2",)), task("G2", 8), task("F1", 13.5),
        task("H1", 30, keep_with=("H2",)), task("H2", 10),
        *(task(f"M{k}", 2) for k in range(9)),
    ),
)
TASKS = INVENTORY.task_by_id()


def fn(*parts: tuple[str, float], cid: str = "K1", rid: str = "CF-1") -> NewFunction:
    return NewFunction.from_parts(rid, [TaskPart(t, h) for t, h in parts], TASKS, cid)


def codes(functions: list[NewFunction], *people: Candidate, allow: bool = False) -> set[str]:
    people = people or (person(),)
    profiles = build_profiles(CandidatePool(candidates=people), {})
    return set(evaluate_carving(INVENTORY, list(people), profiles, Policy(), functions,
                                allow).codes())


def test_a_valid_carving_passes() -> None:
    assert codes([fn(("T1", 14))]) == set()


@pytest.mark.parametrize(("functions", "who", "code"), [
    ([fn(("T1", 14))], person(capacities={}), "check.carve.no_capacity"),
    ([fn(("P1", 14))], person(), "check.carve.capacity"),
    ([fn(("L1", 14))], person(level=1), "check.carve.level"),
    ([fn(("T3", 14))], person(max_lifting_kg=10), "check.carve.lifting"),
    ([fn(("E1", 14))], person(evening_ok=False), "check.carve.evening"),
    ([fn(("N1", 14))], person(night_ok=False), "check.carve.night"),
    ([fn(("W1", 14))], person(weekend_ok=False), "check.carve.weekend"),
    ([fn(("C1", 14))], person(customer_contact_ok=False), "check.carve.customer_contact"),
    ([fn(("T1", 14))], person(avoids=("T1",)), "check.carve.avoids"),
    ([fn(("T1", 14))], person(max_hours=12), "check.carve.hours"),
    ([fn(("T1", 14))], person(productivity=0.3), "check.carve.hours"),
    ([fn(("T1", 14), ("B1", 14))], person(), "check.carve.departments"),
    ([fn(("T1", 7), ("E1", 7))], person(), "check.carve.time_of_day"),
    ([fn(*((f"M{k}", 2) for k in range(9)))], person(), "check.carve.task_count"),
    ([fn(("T1", 14), ("T1", 0.0))], person(), "check.carve.part_hours"),
    ([fn(("T1", 14), ("T1", 14))], person(), "check.carve.duplicate_part"),
    ([fn(("T1", 14), ("T1", 14))], person(), "check.carve.over_carved"),
    ([fn(("G1", 8), ("T1", 6))], person(), "check.carve.keep_with"),
    ([fn(("T2", 1), ("T1", 13))], person(), "check.carve.split_small"),
    ([fn(("T1", 1.5), ("F1", 13.5))], person(), "check.carve.split_part"),
    ([fn(("F1", 6.5), ("T1", 7)), fn(("F1", 7.5), ("T3", 7), cid="K2", rid="CF-2")],
     person(), "check.carve.split_fraction"),
    ([fn(("S1", 14))], person(), "check.carve.not_carveable"),
    ([fn(("H1", 30), ("H2", 10))], person(max_hours=40), "check.carve.keep_with_hours"),
])
def test_each_broken_rule_is_named(functions: list[NewFunction], who: Candidate,
                                   code: str) -> None:
    extra = tuple(person(f.candidate_id) for f in functions if f.candidate_id != who.candidate_id)
    found = codes(functions, who, *extra)
    assert code in found, found


def test_profile_unknowns_and_people() -> None:
    honest = fn(("P1", 14))
    assert "check.carve.profile" in codes([replace(honest, demands={**honest.demands, "pace": 1})])
    ghost = replace(honest, parts=(TaskPart("X9", 14),))
    assert codes([ghost]) == {"check.carve.unknown_task"}
    assert codes([fn(("T1", 14), cid="K9")]) == {"check.carve.unknown_candidate"}
    twice = [fn(("T1", 14)), fn(("T3", 14), rid="CF-2")]
    assert "check.carve.placed_twice" in codes(twice)


def test_a_borderline_capacity_passes_only_when_allowed() -> None:
    one_short = person(capacities={**ABLE, "pace": 4.0})
    assert "check.carve.capacity" in codes([fn(("P1", 14))], one_short)
    assert "check.carve.capacity" not in codes([fn(("P1", 14))], one_short,
                                               allow=True)  # 4 for 5: borderline


def test_objective_terms_are_recomputed() -> None:
    people = (person(),)
    profiles = build_profiles(CandidatePool(candidates=people), {})
    ev = evaluate_carving(INVENTORY, list(people), profiles, Policy(), [fn(("T1", 14))])
    assert (ev.placed, ev.carved_hours) == (1, 14)
    assert ev.annual_saving_eur == pytest.approx((40 - 22) * 14 * 52)
