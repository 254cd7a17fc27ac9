"""Fit scoring: one test per hard rule, the score's terms, explanations, and agreement
with the independent evaluator on random candidates x functions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.checks.match import pair_problems, pair_score, rebuild
from matcher.matching.fit import WEIGHTS, FitMatrix, capacity_level
from matcher.monitor.profiles import build_profiles
from matcher.policy import Policy
from matcher.redesign.functions import NewFunction, TaskPart
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import Candidate, CandidatePool, Rating, Task

ITEMS = {"P1": "pace", "P2": "pace"}


def task(tid: str, dept: str = "Keuken", hours: float = 20, level: int = 1, time: str = "day",
         weekend: bool = False, lift: float = 0, customer: bool = False, **demands: int) -> Task:
    return Task(task_id=tid, task=f"taak {tid}", role="Kok", hours_per_week=hours, level=level,
                separable=True, department=dept, time_of_day=time, weekend=weekend,
                lifting_kg=lift, customer_contact=customer, demands=demands)


def function(rid: str, tasks: dict[str, Task], *ids: str) -> NewFunction:
    return NewFunction.from_parts(rid, [TaskPart(t, tasks[t].hours_per_week) for t in ids], tasks)


def person(cid: str = "K1", caps: dict[str, float] | None = None, **kw: object) -> Candidate:
    full = {d: 3.0 for d in DIMENSION_IDS} if caps is None else caps
    kw.setdefault("max_hours", 32)
    return Candidate(candidate_id=cid, capacities=full, **kw)


def fit_of(people: list[Candidate], functions: list[NewFunction], tasks: dict[str, Task],
           allow: bool = False, ratings: tuple[Rating, ...] = (),
           policy: Policy | None = None) -> FitMatrix:
    profiles = build_profiles(CandidatePool(candidates=tuple(people), ratings=ratings), ITEMS)
    return FitMatrix.build(profiles, people, functions, tasks, policy or Policy(), allow)


def one(t: Task, c: Candidate, allow: bool = False) -> tuple[bool, FitMatrix]:
    tasks = {t.task_id: t}
    fm = fit_of([c], [function("F1", tasks, t.task_id)], tasks, allow)
    return bool(fm.feasible[0, 0]), fm


def test_capacity_equal_to_demand_fits() -> None:
    assert one(task("T", pace=3), person())[0]


def test_capacity_two_levels_short_never_fits() -> None:
    ok, fm = one(task("T", pace=3), person(caps={"pace": 1.0}), allow=True)
    assert not ok
    assert [b["rule"] for b in fm.blockers("K1", "F1")] == ["dimension"]
    assert "werktempo 1 < vereist 3" in fm.blockers("K1", "F1")[0]["reason"]


def test_borderline_only_with_allow_borderline() -> None:
    c = person(caps={d: 3.0 for d in DIMENSION_IDS} | {"pace": 2.0})
    assert not one(task("T", pace=3), c)[0]
    ok, fm = one(task("T", pace=3), c, allow=True)
    assert ok and fm.borderline[0, 0] == 1
    exp = fm.explain("K1", "F1")
    assert exp["borderline"] == ["pace"] and exp["support"]


def test_capacities_are_rounded_half_up() -> None:
    assert capacity_level(2.5) == 3 and capacity_level(2.49) == 2 and capacity_level(None) == 0
    assert one(task("T", pace=3), person(caps={"pace": 2.5}))[0]
    assert not one(task("T", pace=3), person(caps={"pace": 2.4}))[0]


def test_missing_capacity_meets_level_1_only_and_is_never_borderline() -> None:
    c = person(caps={"pace": 3.0})                       # attention missing
    assert one(task("T", attention=1), c)[0]
    ok, fm = one(task("T", attention=2), c, allow=True)
    assert not ok
    assert fm.blockers("K1", "F1")[0]["rule"] == "missing_capacity"


def test_no_capacity_source_never_fits() -> None:
    ok, fm = one(task("T"), person(caps={}))
    assert not ok
    assert "geen capaciteitsgegevens" in fm.blockers("K1", "F1")[0]["reason"]


@pytest.mark.parametrize("own, level, fits", [(1, 2, True), (1, 3, False), (3, 3, True)])
def test_function_level_at_most_2_or_own_level(own: int, level: int, fits: bool) -> None:
    assert one(task("T", level=level), person(level=own))[0] is fits


@pytest.mark.parametrize("hours, productivity, lo, hi, fits", [
    (20, 1.0, 0, 20, True), (20, 0.8, 0, 24, False), (20, 0.8, 0, 25, True),
    (12, 1.0, 16, 32, False), (12, 0.5, 16, 32, True),
])
def test_hours_divided_by_productivity_within_window(hours: float, productivity: float,
                                                     lo: float, hi: float, fits: bool) -> None:
    c = person(min_hours=lo, max_hours=hi, productivity=productivity)
    assert one(task("T", hours=hours), c)[0] is fits


def test_lifting_limit() -> None:
    assert one(task("T", lift=10), person(max_lifting_kg=10))[0]
    assert not one(task("T", lift=15), person(max_lifting_kg=10))[0]


@pytest.mark.parametrize("kw, flag", [
    ({"time": "evening"}, "evening_ok"), ({"time": "night"}, "night_ok"),
    ({"weekend": True}, "weekend_ok"), ({"customer": True}, "customer_contact_ok"),
])
def test_conditions_only_where_accepted(kw: dict[str, object], flag: str) -> None:
    assert one(task("T", **kw), person(**{flag: True}))[0]
    ok, fm = one(task("T", **kw), person(**{flag: False}))
    assert not ok and fm.blockers("K1", "F1")[0]["rule"] != "dimension"


def test_avoided_task_never_given() -> None:
    tasks = {"T1": task("T1", hours=10), "T2": task("T2", hours=10)}
    fm = fit_of([person(avoids=("T2",))], [function("F1", tasks, "T1", "T2"),
                                           function("F2", tasks, "T1")], tasks)
    assert fm.feasible.tolist() == [[False, True]]
    assert fm.blockers("K1", "F1")[0]["reason"] == "wil taak T2 niet doen"


def test_preference_adds_its_weight() -> None:
    tasks = {"T": task("T", dept="Keuken")}
    fm = fit_of([person("A", prefers=("Keuken",)), person("B")], [function("F", tasks, "T")], tasks)
    assert fm.score[0, 0] - fm.score[1, 0] == pytest.approx(WEIGHTS["preference"])


def test_margin_rewarded_and_heavy_overqualification_mildly_penalised() -> None:
    tasks = {"T": task("T", pace=1)}
    levels = [1.0, 3.0, 5.0]
    people = [person(f"K{i}", caps={d: v for d in DIMENSION_IDS}) for i, v in enumerate(levels)]
    s = fit_of(people, [function("F", tasks, "T")], tasks).score[:, 0]
    assert s[1] > s[0]                       # two levels of margin beat none
    assert s[2] < s[1]                       # four levels: bored
    assert s[1] - s[2] <= WEIGHTS["boredom"]  # ... but only mildly


def test_low_confidence_counts_less_and_is_flagged() -> None:
    tasks = {"T": task("T", pace=2)}
    caps = {d: 3.0 for d in DIMENSION_IDS if d != "pace"}
    self_only = tuple(Rating(candidate_id="K1", wave=1, rater="self", item=i, score=4)
                      for i in ("P1", "P2"))
    fm = fit_of([person("K1", caps=caps)], [function("F", tasks, "T")], tasks, ratings=self_only)
    exp = fm.explain("K1", "F")
    assert fm.feasible[0, 0] and exp["low_confidence"] == ["pace"]
    assert any(r["rule"] == "low_confidence" for r in exp["rules"])
    margins = {r["reason"].split(" ")[0]: r["contribution"] for r in exp["rules"] if r["rule"] == "margin"}
    assert margins["werktempo"] < margins["zelfstandig"]   # same margin, lower weight


def test_explanation_adds_up_to_the_score() -> None:
    tasks = {"T": task("T", pace=2, hours=24, dept="Keuken")}
    fm = fit_of([person(prefers=("Keuken",))], [function("F", tasks, "T")], tasks)
    exp = fm.explain("K1", "F")
    total = sum(r["contribution"] for r in exp["rules"] if r["contribution"] is not None)
    assert exp["score"] == pytest.approx(fm.score[0, 0], abs=0.011)
    assert total == pytest.approx(exp["score"], abs=0.01)
    assert all({"rule", "weight", "contribution", "reason"} <= set(r) for r in exp["rules"])


# -- agreement with the independent evaluator on random instances --------------------

# Mostly present, often near a level boundary, sometimes missing.
capacity = st.sampled_from([None, 1.0, 2.0, 2.4, 2.5, 2.6, 3.0, 3.0, 3.5, 4.0, 4.0, 4.49, 5.0])
rare = st.sampled_from([False, False, False, True])


@st.composite
def people(draw: st.DrawFn) -> list[Candidate]:
    out = []
    for k in range(draw(st.integers(1, 5))):
        caps = {d: c for d in DIMENSION_IDS if (c := draw(capacity)) is not None}
        max_h = draw(st.sampled_from([12.0, 16.0, 24.0, 32.0, 40.0]))
        out.append(Candidate(
            candidate_id=f"K{k}", max_hours=max_h, min_hours=draw(st.sampled_from([0.0, 8.0, 12.0])),
            productivity=draw(st.sampled_from([1.0, 0.8, 0.75, 0.5])), level=draw(st.integers(1, 3)),
            max_lifting_kg=draw(st.sampled_from([0.0, 10.0, 25.0, 25.0])), evening_ok=draw(st.booleans()),
            night_ok=draw(st.booleans()), weekend_ok=draw(st.booleans()),
            customer_contact_ok=draw(st.booleans()),
            prefers=tuple(draw(st.lists(st.sampled_from(["Keuken", "Facilitair"]), max_size=1))),
            avoids=tuple(draw(st.lists(st.sampled_from(["T0", "T1", "T2"]), max_size=1))),
            capacities=caps))
    return out


@st.composite
def task_sets(draw: st.DrawFn) -> dict[str, Task]:
    out = {}
    for k in range(draw(st.integers(1, 5))):
        dem = {d: draw(st.integers(1, 4)) for d in draw(st.lists(st.sampled_from(DIMENSION_IDS),
                                                                   max_size=3, unique=True))}
        out[f"T{k}"] = task(f"T{k}", dept=draw(st.sampled_from(["Keuken", "Facilitair"])),
                            hours=draw(st.sampled_from([3.0, 4.0, 6.5, 8.0, 12.0])),
                            level=draw(st.integers(1, 3)),
                            time=draw(st.sampled_from(["day", "day", "day", "evening", "night"])),
                            weekend=draw(rare), lift=draw(st.sampled_from([0.0, 5.0, 15.0])),
                            customer=draw(rare), **dem)
    return out


@settings(max_examples=60, deadline=None)
@given(people(), task_sets(), st.booleans(), st.randoms(use_true_random=False))
def test_fit_agrees_with_the_evaluator(cands: list[Candidate], tasks: dict[str, Task],
                                       allow: bool, rnd) -> None:
    ids = list(tasks)
    functions = [function(f"F{j}", tasks, *rnd.sample(ids, rnd.randint(1, len(ids))))
                 for j in range(rnd.randint(1, 4))]
    profiles = build_profiles(CandidatePool(candidates=tuple(cands)), ITEMS)
    fm = FitMatrix.build(profiles, cands, functions, tasks, Policy(), allow)
    for i, c in enumerate(cands):
        for j, f in enumerate(functions):
            rebuilt = rebuild(f, tasks)
            assert rebuilt is not None
            problems, border = pair_problems(c, profiles[c.candidate_id], rebuilt, Policy(), allow)
            assert bool(fm.feasible[i, j]) == (not problems), problems
            exp = fm.explain(c.candidate_id, f.role_id)
            assert exp["feasible"] == (not problems)
            if not problems:
                assert fm.borderline[i, j] == len(border)
                assert fm.score[i, j] == pytest.approx(pair_score(c, profiles[c.candidate_id], rebuilt), abs=0.011)
                assert exp["score"] == pytest.approx(fm.score[i, j], abs=0.011)
