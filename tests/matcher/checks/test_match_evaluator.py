"""The match evaluator: fed one broken answer per rule, it names that rule's code."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest

from matcher.checks import match as check
from matcher.checks.match import SCORE_WEIGHTS, evaluate, same_objective
from matcher.checks.tolerance import TOLERANCE
from matcher.matching import fit
from matcher.monitor.profiles import build_profiles
from matcher.redesign.functions import NewFunction, TaskPart
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import Candidate, CandidatePool, Task


def task(tid: str = "T1", hours: float = 20, **kw: object) -> Task:
    base: dict[str, object] = dict(task_id=tid, task=f"taak {tid}", role="Kok",
                                   hours_per_week=hours, level=1, separable=True,
                                   department="Keuken")
    base["demands"] = {k: kw.pop(k) for k in list(kw) if k in DIMENSION_IDS}
    base.update(kw)
    return Task(**base)  # type: ignore[arg-type]


def person(cid: str = "K1", **kw: object) -> Candidate:
    base: dict[str, object] = dict(candidate_id=cid, max_hours=36,
                                   capacities={d: 3.0 for d in DIMENSION_IDS})
    base.update(kw)
    return Candidate(**base)  # type: ignore[arg-type]


def codes(people: list[Candidate], tasks: list[Task], pairs: list[tuple[str, str]] | None = None,
          functions: list[NewFunction] | None = None, allow: bool = False) -> list[str]:
    by_id = {t.task_id: t for t in tasks}
    if functions is None:
        functions = [NewFunction.from_parts("F1", [TaskPart(t.task_id, t.hours_per_week)
                                                   for t in tasks], by_id)]
    pairs = pairs if pairs is not None else [(people[0].candidate_id, functions[0].role_id)]
    profiles = build_profiles(CandidatePool(candidates=tuple(people)), {})
    return [p.code for p in evaluate(pairs, people, profiles, functions, None, allow,
                                     tasks=by_id).problems]


def test_a_fitting_pair_has_no_problems() -> None:
    assert codes([person()], [task(pace=3)]) == []


@pytest.mark.parametrize(("who", "what", "code"), [
    (person(capacities={}), task(), "check.match.no_capacity"),
    (person(capacities={"pace": 3.0}), task(attention=2), "check.match.missing_capacity"),
    (person(), task(pace=4), "check.match.borderline"),
    (person(), task(pace=5), "check.match.capacity"),
    (person(level=1), task(level=3), "check.match.level"),
    (person(max_hours=16), task(hours=20), "check.match.hours"),
    (person(min_hours=24), task(hours=20), "check.match.hours"),
    (person(max_hours=24, productivity=0.7), task(hours=20), "check.match.hours"),
    (person(max_lifting_kg=10), task(lifting_kg=15), "check.match.lifting"),
    (person(evening_ok=False), task(time_of_day="evening"), "check.match.evening"),
    (person(night_ok=False), task(time_of_day="night"), "check.match.night"),
    (person(weekend_ok=False), task(weekend=True), "check.match.weekend"),
    (person(customer_contact_ok=False), task(customer_contact=True),
     "check.match.customer_contact"),
    (person(avoids=("T1",)), task(), "check.match.avoids"),
])
def test_each_broken_fit_rule_is_named(who: Candidate, what: Task, code: str) -> None:
    found = codes([who], [what])
    assert code in found, found


def test_no_capacity_data_is_the_only_finding_of_a_person_without_data() -> None:
    # A missing capacity meets a level-1 demand: nothing else is reported.
    assert codes([person(capacities={})], [task()]) == ["check.match.no_capacity"]


def test_a_borderline_pair_passes_only_when_allowed() -> None:
    assert codes([person()], [task(pace=4)], allow=True) == []
    assert codes([person()], [task(pace=5)], allow=True) == ["check.match.capacity"]


def test_lifting_and_hours_use_the_one_tolerance() -> None:
    just = person(max_lifting_kg=10, max_hours=20)
    assert codes([just], [task(hours=20 + TOLERANCE / 2, lifting_kg=10 + TOLERANCE / 2)]) == []
    assert codes([just], [task(hours=20.01)]) == ["check.match.hours"]
    assert codes([just], [task(lifting_kg=10.01)]) == ["check.match.lifting"]


def test_the_profile_is_rebuilt_from_the_tasks_not_trusted() -> None:
    tasks = {"T1": task(pace=5)}
    honest = NewFunction.from_parts("F1", [TaskPart("T1", 20)], tasks)
    # A function that understates its demand would let a person of pace 3 through.
    lying = replace(honest, demands={**honest.demands, "pace": 1})
    found = codes([person()], list(tasks.values()), functions=[lying])
    assert "check.match.profile" in found and "check.match.capacity" in found


@pytest.mark.parametrize("field", ["lifting_kg", "evening", "customer_contact", "level"])
def test_understated_conditions_are_caught(field: str) -> None:
    tasks = {"T1": task(lifting_kg=20, time_of_day="evening", customer_contact=True, level=2)}
    honest = NewFunction.from_parts("F1", [TaskPart("T1", 20)], tasks)
    lying = replace(honest, **{field: 0 if field == "lifting_kg" else
                               (1 if field == "level" else False)})
    assert "check.match.profile" in codes([person()], list(tasks.values()), functions=[lying])


def test_unknown_pairs_tasks_and_double_placements() -> None:
    tasks = [task("T1"), task("T2")]
    by_id = {t.task_id: t for t in tasks}
    f1 = NewFunction.from_parts("F1", [TaskPart("T1", 20)], by_id)
    f2 = NewFunction.from_parts("F2", [TaskPart("T2", 20)], by_id)
    people = [person("K1"), person("K2")]
    assert codes(people, tasks, [("K9", "F1")], [f1, f2]) == ["check.match.unknown_pair"]
    assert codes(people, tasks, [("K1", "F1"), ("K1", "F2")], [f1, f2]) == [
        "check.match.placed_twice"]
    assert codes(people, tasks, [("K1", "F1"), ("K2", "F1")], [f1, f2]) == [
        "check.match.filled_twice"]
    ghost = replace(f1, parts=(TaskPart("T9", 20),))
    assert codes(people, tasks, [("K1", "F1")], [ghost]) == ["check.match.unknown_task"]


def test_problems_carry_subject_and_both_languages() -> None:
    people = [person(max_lifting_kg=10)]
    by_id = {"T1": task(lifting_kg=15)}
    fn = NewFunction.from_parts("F1", [TaskPart("T1", 20)], by_id)
    profiles = build_profiles(CandidatePool(candidates=tuple(people)), {})
    [p] = evaluate([("K1", "F1")], people, profiles, [fn], tasks=by_id).problems
    assert p.subject == "K1 -> F1"
    assert "15" in p.message_nl and "tillen" in p.message_nl
    assert "lifting" in p.message_en


def test_the_evaluator_has_its_own_weights_equal_to_the_scorer() -> None:
    assert SCORE_WEIGHTS == fit.WEIGHTS
    assert SCORE_WEIGHTS is not fit.WEIGHTS
    # Written independently: the evaluator module does not import the scorer.
    tree = ast.parse(Path(check.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not any(m and m.startswith("matcher.matching") for m in imported), imported


def test_one_tolerance_of_the_same_value_on_both_sides() -> None:
    assert TOLERANCE == fit.TOLERANCE


def test_scores_are_compared_pair_by_pair() -> None:
    assert same_objective({("K1", "F1"): 50.0}, {("K1", "F1"): 50.01})
    assert not same_objective({("K1", "F1"): 50.0}, {("K1", "F1"): 50.02})
