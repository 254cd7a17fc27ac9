"""Development steps of unmatched people use the reliable-change outlook (issue 15)."""

from __future__ import annotations

from matcher.matching.development import explain_unmatched
from matcher.matching.fit import FitMatrix
from matcher.monitor.profiles import build_profiles
from matcher.policy import Policy
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import CandidatePool, Rating
from tests.matcher.matching.test_fit import function, person, task

PACE_ITEMS = {"P1": "pace", "P2": "pace", "P3": "pace"}


def rated(answers: dict[str, dict[int, tuple[int, int, int]]]) -> list[Rating]:
    return [Rating(candidate_id="K1", wave=w, rater=r, item=f"P{i + 1}", score=s)
            for r, waves in answers.items() for w, scores in waves.items()
            for i, s in enumerate(scores)]


def pace_step(answers: dict[str, dict[int, tuple[int, int, int]]]):  # noqa: ANN201
    # Every dimension but pace is explicit (3); pace comes from the monitor at level 2.
    c = person(caps={d: 3.0 for d in DIMENSION_IDS if d != "pace"}, night_ok=False)
    tasks = {"T1": task("T1", hours=20, pace=3), "T2": task("T2", hours=20, pace=3)}
    functions = [function("F1", tasks, "T1"), function("F2", tasks, "T2")]
    profiles = build_profiles(CandidatePool(candidates=(c,), ratings=tuple(rated(answers))), PACE_ITEMS)
    fm = FitMatrix.build(profiles, [c], functions, tasks, Policy(), False)
    u = explain_unmatched(fm, 0, profiles[c.candidate_id])
    step = next(s for s in u.development if s["gain"] == {"pace": 1})
    return profiles[c.candidate_id].dimensions["pace"], step


def test_a_reliable_improvement_counts_as_development_under_way() -> None:
    rising = {"mentor": {1: (1, 1, 1), 2: (1, 2, 1), 3: (2, 1, 2), 4: (2, 2, 2)},
              "self": {1: (1, 1, 2), 2: (2, 1, 2), 3: (2, 2, 2), 4: (2, 3, 3)}}
    pace, step = pace_step(rising)
    assert pace.value == 2 and pace.outlook == "improving"
    assert step["developing"] == ["pace"]
    assert step["outlook_codes"] == {"pace": "improving"}
    assert step["outlook"] == {"pace": "groeiend"}
    assert step["outlook_reasons"]["pace"]["code"] == "monitor.outlook.improving"


def test_an_unknown_outlook_never_counts_as_development() -> None:
    # Scores moved up, but one wave each from two different raters cannot tell.
    pace, step = pace_step({"other": {1: (1, 1, 1)}, "mentor": {2: (2, 2, 2)}})
    assert pace.value == 2 and pace.outlook == "unknown"
    assert step["developing"] == []
    assert step["outlook_codes"] == {"pace": "unknown"}
    assert step["outlook_reasons"]["pace"]["code"] == "monitor.outlook.no_repeat_rater"
