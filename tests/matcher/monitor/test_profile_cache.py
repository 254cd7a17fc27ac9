"""The profile cache: keyed by everything a profile is computed from, so never stale."""

from __future__ import annotations

from matcher.monitor.profiles import _compute_profile, build_profile, profile_cache_info
from taskmodels.models import Candidate, Rating

ITEMS = ("PAC1", "PAC2", "PAC3")


def _person(pid: str = "P1", **capacities: float) -> Candidate:
    return Candidate(candidate_id=pid, max_hours=20, capacities=capacities)


def _answers(pid: str, score: int, wave: int = 1) -> list[Rating]:
    return [Rating(candidate_id=pid, wave=wave, rater=rater, item=item, score=score)
            for rater in ("self", "mentor") for item in ITEMS]


def test_the_same_content_is_computed_once_and_equals_a_fresh_build() -> None:
    person, answers = _person(), _answers("P1", 4)
    before = profile_cache_info()
    first = build_profile(person, answers)
    # new objects of equal content (as every page view makes them) hit the cache
    again = build_profile(_person(), _answers("P1", 4))
    after = profile_cache_info()
    assert again is first
    assert after["hits"] >= before["hits"] + 1
    assert first.as_report() == _compute_profile(person, answers).as_report()
    assert first.value("pace") == 4.0


def test_a_changed_answer_gives_the_new_value() -> None:
    old = build_profile(_person(), _answers("P1", 4))
    changed = _answers("P1", 4)
    changed[0] = Rating(candidate_id="P1", wave=1, rater="self", item="PAC1", score=1)
    new = build_profile(_person(), changed)
    assert new is not old
    assert new.dimensions["pace"].self_score != old.dimensions["pace"].self_score
    assert new.as_report() == _compute_profile(_person(), changed).as_report()
    # one more wave is more content too: the current wave moves on
    later = build_profile(_person(), _answers("P1", 4) + _answers("P1", 2, wave=2))
    assert later.dimensions["pace"].wave == 2 and later.value("pace") == 2.0


def test_capacities_and_the_person_are_part_of_the_key() -> None:
    plain = build_profile(_person(), _answers("P1", 4))
    explicit = build_profile(_person(pace=2), _answers("P1", 4))
    assert plain.value("pace") == 4.0
    assert explicit.value("pace") == 2.0 and explicit.dimensions["pace"].source == "explicit"
    other = build_profile(_person("P2"), _answers("P2", 4))
    assert other.candidate_id == "P2" and plain.candidate_id == "P1"


def test_other_peoples_answers_do_not_change_the_key() -> None:
    alone = build_profile(_person(), _answers("P1", 3))
    mixed = build_profile(_person(), _answers("P2", 1) + _answers("P1", 3))
    assert mixed is alone


def test_a_callers_own_item_bank_is_computed_not_cached() -> None:
    bank = {"PAC1": "pace"}
    before = profile_cache_info()
    first = build_profile(_person(), _answers("P1", 5), item_dimension=bank)
    second = build_profile(_person(), _answers("P1", 5), item_dimension=bank)
    assert first is not second and first.value("pace") == 5.0
    assert profile_cache_info()["size"] == before["size"]
