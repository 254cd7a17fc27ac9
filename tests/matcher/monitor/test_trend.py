"""Trend, outlook and gap: each outlook reason, and the invariants of issue 15."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.monitor.profiles import build_profile
from matcher.monitor.trend import STABLE_MARGIN
from taskmodels.messages import render
from taskmodels.models import Candidate, Rating

ITEMS = {"P1": "pace", "P2": "pace", "P3": "pace", "A1": "attention"}
PACE = ("P1", "P2", "P3")


def person() -> Candidate:
    return Candidate(candidate_id="K1", max_hours=32)


def panel(answers: dict[str, dict[int, tuple[int, ...]]]) -> list[Rating]:
    """``{rater: {wave: (score of P1, P2, P3)}}`` -> ratings (fewer scores, fewer items)."""
    return [Rating(candidate_id="K1", wave=w, rater=rater, item=PACE[i], score=s)
            for rater, waves in answers.items() for w, scores in waves.items()
            for i, s in enumerate(scores)]


def pace(ratings: list[Rating]):  # noqa: ANN201 - a DimensionScore
    return build_profile(person(), ratings, ITEMS).dimensions["pace"]


RISING = {"self": {1: (2, 3, 2), 2: (3, 3, 4), 3: (4, 5, 4)},
          "mentor": {1: (1, 2, 2), 2: (2, 3, 3), 3: (3, 4, 4)}}


# --- one test per outlook reason -------------------------------------------------------

def test_improving_reliable_change_with_its_reason_in_both_languages() -> None:
    d = pace(panel(RISING))
    assert d.outlook == "improving" and d.trend is not None and d.trend.reliable
    assert d.change == pytest.approx(2.0)            # about one level a wave, both raters
    low, high = d.change_interval
    assert 0 < low < d.change < high
    assert d.outlook_reason.code == "monitor.outlook.improving"
    assert d.outlook_reason.params["waves"] == 3 and d.outlook_reason.params["answers"] == 18
    assert render(d.outlook_reason, "nl").startswith("verbetert: +2,0 niveau over 3 metingen, betrouwbaar")
    assert render(d.outlook_reason, "en").startswith("improving: +2.0 level over 3 waves, reliable")


def test_declining_reliable_change() -> None:
    falling = {r: {4 - w: s for w, s in waves.items()} for r, waves in RISING.items()}
    d = pace(panel(falling))
    assert d.outlook == "declining" and d.change == pytest.approx(-2.0)
    assert d.outlook_reason.code == "monitor.outlook.declining"
    assert d.change_interval[1] < 0


def test_stable_when_the_interval_is_narrow_around_zero() -> None:
    flat = {r: {w: (3, 3, 3) for w in (1, 2, 3, 4)} for r in ("self", "mentor", "supervisor")}
    d = pace(panel(flat))
    assert d.outlook == "stable" and d.change == pytest.approx(0.0)
    low, high = d.change_interval
    assert -STABLE_MARGIN <= low < 0 < high <= STABLE_MARGIN
    assert render(d.outlook_reason, "nl").startswith("stabiel: 0,0 niveau over 4 metingen")


def test_unknown_too_uncertain_each_names_waves_and_answers() -> None:
    # The issue's own example: two waves, three answers each.
    d = pace(panel({"mentor": {1: (2, 4, 3), 2: (3, 4, 2)}}))
    assert d.outlook == "unknown"
    assert d.outlook_reason.code == "monitor.outlook.too_uncertain_each"
    assert render(d.outlook_reason, "nl").startswith("nog niet te zeggen: 2 metingen met elk 3 antwoorden")
    assert render(d.outlook_reason, "en").startswith("cannot tell yet: 2 waves with 3 answers each")


def test_unknown_too_uncertain_with_unequal_answers() -> None:
    d = pace(panel({"mentor": {1: (2, 4, 3), 2: (3, 4)}}))
    assert d.outlook == "unknown" and d.outlook_reason.code == "monitor.outlook.too_uncertain"
    assert d.outlook_reason.params["answers"] == 5


def test_unknown_one_wave() -> None:
    d = pace(panel({"self": {1: (5, 5, 5)}, "mentor": {1: (1, 1, 1)}}))
    assert d.outlook == "unknown" and d.outlook_reason.code == "monitor.outlook.one_wave"
    assert d.change is None and d.change_se is None


def test_unknown_when_no_rater_rated_twice() -> None:
    # A rise from the naaste at wave 1 to the supervisor at wave 2 may be the raters' difference.
    d = pace(panel({"other": {1: (1, 1, 1)}, "supervisor": {2: (5, 5, 5)}}))
    assert d.outlook == "unknown" and d.outlook_reason.code == "monitor.outlook.no_repeat_rater"


def test_unknown_when_the_error_cannot_be_estimated() -> None:
    # One rater, one item per wave, two waves: the line passes through both points.
    d = pace(panel({"mentor": {1: (1,), 2: (5,)}}))
    assert d.outlook == "unknown" and d.outlook_reason.code == "monitor.outlook.no_error_estimate"


def test_unknown_without_ratings() -> None:
    d = build_profile(person(), [], ITEMS).dimensions["pace"]
    assert d.outlook == "unknown" and d.outlook_reason.code == "monitor.outlook.no_ratings"


# --- the self-other gap ----------------------------------------------------------------

def test_gap_beyond_the_noise_is_reliable() -> None:
    d = pace(panel({"self": {1: (5, 5, 5)}, "mentor": {1: (2, 2, 2)}, "supervisor": {1: (2, 2, 2)}}))
    assert d.gap == pytest.approx(3.0) and d.gap_reliable
    assert d.gap_estimate is not None and d.gap_estimate.reason.code == "monitor.gap.self_higher"
    lower = pace(panel({"self": {1: (1, 1, 1)}, "mentor": {1: (4, 4, 4)}}))
    assert lower.gap_reliable and lower.gap_estimate.reason.code == "monitor.gap.self_lower"


def test_gap_within_the_noise_is_not_reported_as_a_gap() -> None:
    # The others disagree with each other by more than the self differs from their mean.
    d = pace(panel({"self": {1: (4, 3, 4)}, "mentor": {1: (2, 1, 2)}, "supervisor": {1: (5, 4, 5)}}))
    assert d.gap is not None and abs(d.gap) > 0.3
    assert not d.gap_reliable
    assert d.gap_estimate is not None and d.gap_estimate.reason.code == "monitor.gap.within_noise"
    assert d.gap_se is not None and d.gap_se > 0


def test_no_gap_without_both_sides() -> None:
    d = pace(panel({"mentor": {1: (3, 3, 3)}}))
    assert d.gap is None and d.gap_estimate is None and not d.gap_reliable


# --- properties ------------------------------------------------------------------------

score = st.integers(1, 5)
cell = st.lists(score, min_size=1, max_size=3).map(tuple)
RATERS = ("self", "mentor", "supervisor", "other")


def panels(min_waves: int = 1, max_waves: int = 4, raters: tuple[str, ...] = RATERS):
    """Random panels: per rater a set of waves, per wave 1-3 item scores."""
    waves = st.dictionaries(st.integers(1, max_waves), cell, min_size=min_waves, max_size=max_waves)
    return st.dictionaries(st.sampled_from(raters), waves, min_size=1, max_size=len(raters))


@settings(max_examples=80, deadline=None)
@given(panels(), st.randoms(use_true_random=False))
def test_order_of_raters_and_items_never_changes_an_outlook(
    answers: dict[str, dict[int, tuple[int, ...]]], rnd: random.Random,
) -> None:
    ratings = panel(answers)
    shuffled = list(ratings)
    rnd.shuffle(shuffled)
    # Items permuted within each rater and wave: which item got which score.
    permuted = panel({r: {w: tuple(rnd.sample(list(s), len(s))) for w, s in waves.items()}
                      for r, waves in answers.items()})
    a, b, c = pace(ratings), pace(shuffled), pace(permuted)
    assert a.outlook == b.outlook == c.outlook
    assert a.outlook_reason == b.outlook_reason == c.outlook_reason
    assert a.as_report() == b.as_report()


@settings(max_examples=80, deadline=None)
@given(panels(max_waves=1))
def test_one_wave_is_always_unknown(answers: dict[str, dict[int, tuple[int, ...]]]) -> None:
    d = pace(panel(answers))
    assert d.outlook == "unknown" and d.outlook_reason.code == "monitor.outlook.one_wave"


def _agreeing(answers: dict[str, dict[int, tuple[int, ...]]]) -> dict[str, dict[int, tuple[int, ...]]]:
    """Each rater gets a partner (self/mentor -> supervisor/other) who answers exactly alike."""
    partner = {"self": "supervisor", "mentor": "other"}
    return {**answers, **{partner[r]: dict(w) for r, w in answers.items()}}


@settings(max_examples=120, deadline=None)
@given(panels(min_waves=2, raters=("self", "mentor")))
def test_an_agreeing_rater_never_turns_a_reliable_change_into_unknown(
    answers: dict[str, dict[int, tuple[int, ...]]],
) -> None:
    before = pace(panel(answers))
    after = pace(panel(_agreeing(answers)))
    if before.outlook in ("improving", "declining"):
        assert after.outlook == before.outlook
    if before.change is not None:
        assert after.change == pytest.approx(before.change)


@settings(max_examples=120, deadline=None)
@given(panels(min_waves=2, raters=("self", "mentor")))
def test_the_standard_error_shrinks_as_answers_are_added(
    answers: dict[str, dict[int, tuple[int, ...]]],
) -> None:
    before = pace(panel(answers))
    after = pace(panel(_agreeing(answers)))
    if before.change_se is not None:
        assert after.change_se is not None and after.change_se < before.change_se


def test_the_gap_standard_error_shrinks_with_a_second_agreeing_other() -> None:
    # (Not a property over all panels: the gap's item variance is pooled over the
    # cells, so a noisier extra rater may rightly widen it. Same spread, more raters.)
    one = pace(panel({"self": {1: (3, 4, 3)}, "mentor": {1: (2, 3, 2)}}))
    two = pace(panel({"self": {1: (3, 4, 3)}, "mentor": {1: (2, 3, 2)}, "supervisor": {1: (2, 3, 2)}}))
    assert one.gap == pytest.approx(two.gap)
    assert one.gap_se is not None and two.gap_se is not None and two.gap_se < one.gap_se


def test_a_reason_never_shows_minus_zero() -> None:
    from taskmodels.messages import msg

    reason = msg("monitor.outlook.too_uncertain", waves=3, answers=24, change=0.5, low=-0.03, high=1.0)
    assert "interval 0,0 tot 1,0" in render(reason, "nl")
    assert "interval 0.0 to 1.0" in render(reason, "en")


def test_the_formats_section_5_names_exist() -> None:
    d = pace(panel(RISING))
    assert (d.self, d.others) == (d.self_score, d.others_score)
    for name in ("value", "confidence", "self", "others", "gap", "slope", "outlook",
                 "outlook_reason", "change_se", "change_interval", "gap_se", "gap_reliable"):
        assert getattr(d, name) is not None, name
    report = d.as_report()
    assert report["outlook"] == "improving" and report["trend"]["reliable"] is True
    assert report["outlook_reason"]["code"] == "monitor.outlook.improving"
