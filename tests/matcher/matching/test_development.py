"""Unmatched people: reasons in words, the nearest function, and development steps."""

from __future__ import annotations

from matcher.matching.development import NO_DATA_REASON, explain_unmatched
from matcher.matching.fit import FitMatrix
from matcher.monitor.profiles import build_profiles
from matcher.policy import Policy
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import Candidate, CandidatePool
from tests.matcher.matching.test_fit import function, person, task


def scenario(c: Candidate, allow: bool = False):
    tasks = {
        "T1": task("T1", hours=20, pace=3),
        "T2": task("T2", hours=20, pace=3, precision=2),
        "T3": task("T3", hours=20, time="night"),
        "T4": task("T4", hours=20, time="night", pace=2),
        "T5": task("T5", hours=20, pace=3, attention=3),
    }
    functions = [function(f"F{k}", tasks, f"T{k}") for k in range(1, 6)]
    profiles = build_profiles(CandidatePool(candidates=(c,)), {})
    fm = FitMatrix.build(profiles, [c], functions, tasks, Policy(), allow)
    return explain_unmatched(fm, 0, profiles[c.candidate_id])


def caps(**levels: float) -> dict[str, float]:
    return {d: 3.0 for d in DIMENSION_IDS} | levels


def test_nearest_function_and_what_blocks_it() -> None:
    u = scenario(person(caps=caps(pace=2.0), night_ok=False))
    assert u.nearest is not None and u.nearest["role_id"] == "F1"
    assert u.reasons[0].startswith("dichtstbijzijnde functie F1: werktempo 2 < vereist 3")
    assert [b["rule"] for b in u.nearest["blockers"]] == ["borderline"]


def test_other_functions_counted_by_what_blocks_them() -> None:
    u = scenario(person(caps=caps(pace=2.0), night_ok=False))
    assert "2 andere functies vallen af door nachtwerk" in u.reasons


def test_smallest_capacity_gain_that_opens_functions() -> None:
    u = scenario(person(caps=caps(pace=2.0), night_ok=False))
    first = u.development[0]
    assert first["gain"] == {"pace": 1}
    assert sorted(first["opens"]) == ["F1", "F2", "F5"]
    assert first["text"] == "één niveau meer op werktempo opent 3 functies"


def test_capacity_gain_never_opens_a_night_function_for_someone_who_cannot() -> None:
    u = scenario(person(caps=caps(pace=1.0), night_ok=False))
    opened = {r for step in u.development for r in step["opens"]}
    assert not opened & {"F3", "F4"}
    assert u.development[0]["gain"] == {"pace": 2}
    assert u.development[0]["text"].startswith("twee niveaus meer op werktempo")


def test_missing_capacity_asks_for_measuring_first() -> None:
    c = person(caps={d: 3.0 for d in DIMENSION_IDS if d != "attention"} | {"pace": 2.0},
               night_ok=False)
    u = scenario(c)
    assert any(s["text"].startswith("eerst meten") and "concentratie" in s["text"]
               for s in u.development)
    assert all("F5" not in s["opens"] for s in u.development)


def test_no_capacity_data_reason() -> None:
    u = scenario(person(caps={}))
    assert u.reasons == [NO_DATA_REASON] and u.nearest is None and u.development == []


def test_fitting_but_given_to_others_says_so() -> None:
    u = scenario(person(caps=caps(), night_ok=False))
    assert u.reasons[0].startswith("past in 3 functie(s)")
