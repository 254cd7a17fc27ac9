"""The monitor: item answers -> per-rater, per-wave scores -> a capacity profile."""

from __future__ import annotations

import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from matcher.monitor.profiles import (
    CONFIDENCE_HIGH,
    SELF_ONLY_FACTOR,
    build_profile,
    build_profiles,
    confidence_label,
)
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import Candidate, CandidatePool, Rating

# A tiny item bank: two pace items, one attention item.
ITEMS = {"P1": "pace", "P2": "pace", "A1": "attention"}


def person(cid: str = "K1", **caps: float) -> Candidate:
    return Candidate(candidate_id=cid, max_hours=32, capacities=caps)


def answers(rater: str, wave: int, scores: dict[str, int], cid: str = "K1") -> list[Rating]:
    return [Rating(candidate_id=cid, wave=wave, rater=rater, item=i, score=s)
            for i, s in scores.items()]


def test_others_mean_is_the_value_and_self_is_kept_apart() -> None:
    ratings = (answers("self", 1, {"P1": 5, "P2": 5}) + answers("mentor", 1, {"P1": 2, "P2": 3})
               + answers("other", 1, {"P1": 3, "P2": 4}))
    pace = build_profile(person(), ratings, ITEMS).dimensions["pace"]
    assert pace.source == "monitor"
    assert pace.others_score == pytest.approx(3.0)      # mean of 2.5 and 3.5
    assert pace.value == pytest.approx(3.0)
    assert pace.self_score == pytest.approx(5.0)
    assert pace.gap == pytest.approx(2.0)               # self rates higher than others


def test_dimension_without_ratings_is_missing_not_zero() -> None:
    prof = build_profile(person(), answers("mentor", 1, {"P1": 3, "P2": 3}), ITEMS)
    attention = prof.dimensions["attention"]
    assert attention.value is None and attention.source == "missing"
    assert attention.confidence == 0 and attention.label == "none"
    assert "attention" in prof.missing and "pace" not in prof.missing


def test_missing_item_is_visible_and_lowers_confidence() -> None:
    full = build_profile(person(), answers("mentor", 1, {"P1": 3, "P2": 3}), ITEMS)
    half = build_profile(person(), answers("mentor", 1, {"P1": 3}), ITEMS)
    scored = half.dimensions["pace"].per_wave[1][0]
    assert (scored.items_answered, scored.items_expected) == (1, 2)
    assert any("1 van 2 items" in n for n in half.notes)
    assert half.dimensions["pace"].confidence < full.dimensions["pace"].confidence
    assert half.dimensions["pace"].value == full.dimensions["pace"].value  # never filled in


def test_explicit_column_overrides_monitor_and_says_so() -> None:
    ratings = answers("mentor", 1, {"P1": 2, "P2": 2})
    pace = build_profile(person(pace=4.0), ratings, ITEMS).dimensions["pace"]
    assert pace.source == "explicit" and pace.value == 4.0 and pace.confidence == 1.0
    assert pace.others_score == pytest.approx(2.0)   # the monitor stays visible


def test_latest_wave_is_current_and_trend_is_within_rater() -> None:
    # The mentor rises one level; the supervisor rates once, so only the mentor's own
    # change counts. Two waves of two identical answers cannot make that reliable.
    ratings = (answers("mentor", 1, {"P1": 2, "P2": 2}) + answers("mentor", 2, {"P1": 3, "P2": 3})
               + answers("supervisor", 3, {"P1": 4, "P2": 4}))
    pace = build_profile(person(), ratings, ITEMS).dimensions["pace"]
    assert pace.wave == 3 and pace.value == pytest.approx(4.0)
    assert pace.slope == pytest.approx(1.0)
    assert pace.trend is not None and pace.trend.raters == ("mentor",)
    assert pace.outlook == "unknown"
    assert pace.outlook_reason.code == "monitor.outlook.too_uncertain_each"


def test_single_wave_is_unknown() -> None:
    one = build_profile(person(), answers("mentor", 1, {"P1": 3, "P2": 3}), ITEMS)
    assert one.dimensions["pace"].outlook == "unknown"
    assert one.dimensions["pace"].outlook_reason.code == "monitor.outlook.one_wave"


def test_self_only_is_used_but_with_low_confidence() -> None:
    pace = build_profile(person(), answers("self", 1, {"P1": 4, "P2": 4}), ITEMS).dimensions["pace"]
    assert pace.value == pytest.approx(4.0) and pace.others_score is None
    assert pace.confidence <= SELF_ONLY_FACTOR and pace.label == "low"


def test_disagreement_lowers_confidence() -> None:
    agree = answers("mentor", 1, {"P1": 3, "P2": 3}) + answers("supervisor", 1, {"P1": 3, "P2": 3})
    split = answers("mentor", 1, {"P1": 1, "P2": 1}) + answers("supervisor", 1, {"P1": 5, "P2": 5})
    a = build_profile(person(), agree, ITEMS).dimensions["pace"]
    b = build_profile(person(), split, ITEMS).dimensions["pace"]
    assert a.value == b.value == pytest.approx(3.0)
    assert b.confidence < a.confidence


def test_no_source_at_all() -> None:
    profiles = build_profiles(CandidatePool(candidates=(person("K9"),)), ITEMS)
    assert not profiles["K9"].has_source
    assert profiles["K9"].missing == list(DIMENSION_IDS)


def test_ratings_of_other_people_are_ignored() -> None:
    ratings = answers("mentor", 1, {"P1": 1, "P2": 1}, cid="K2")
    assert build_profile(person("K1"), ratings, ITEMS).dimensions["pace"].source == "missing"


def test_confidence_labels() -> None:
    assert confidence_label(0) == "none"
    assert confidence_label(CONFIDENCE_HIGH) == "high"
    assert confidence_label(0.1) == "low"


score = st.integers(1, 5)
rater_scores = st.fixed_dictionaries({"P1": score, "P2": score, "A1": score})


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.sampled_from(["self", "mentor", "supervisor", "other"]), rater_scores,
                       min_size=1, max_size=4),
       st.integers(1, 3), st.randoms(use_true_random=False))
def test_order_of_raters_and_answers_does_not_change_a_profile(
    by_rater: dict[str, dict[str, int]], waves: int, rnd: random.Random,
) -> None:
    ratings = [r for w in range(1, waves + 1) for rater, s in by_rater.items()
               for r in answers(rater, w, {i: min(5, v + w - 1) for i, v in s.items()})]
    shuffled = list(ratings)
    rnd.shuffle(shuffled)
    a = build_profile(person(), ratings, ITEMS).as_report()
    b = build_profile(person(), shuffled, ITEMS).as_report()
    assert a == b


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([(1, 3), (2, 2), (2, 4), (3, 5), (1, 5), (4, 4)]),
                min_size=2, max_size=2))
def test_an_extra_agreeing_rater_raises_confidence_without_moving_the_score(
    pairs: list[tuple[int, int]],
) -> None:
    # Mentor and supervisor may disagree; the extra rater ("other") scores every item
    # at exactly their mean, i.e. agrees with the current others' score.
    (m1, s1), (m2, s2) = pairs
    base = (answers("mentor", 1, {"P1": m1, "P2": m2})
            + answers("supervisor", 1, {"P1": s1, "P2": s2}))
    before = build_profile(person(), base, ITEMS).dimensions["pace"]
    mean = before.others_score
    assert mean is not None
    assume(mean == int(mean))  # an integer answer cannot sit exactly at a half-level mean
    extra = answers("other", 1, {"P1": int(mean), "P2": int(mean)})
    after = build_profile(person(), base + extra, ITEMS).dimensions["pace"]
    assert after.value == before.value
    assert after.confidence > before.confidence
