"""Labels of the capability catalogue come from the message catalogue, in both languages."""

from __future__ import annotations

import pytest

from taskmodels.catalogue import (
    BY_ID,
    DIMENSIONS,
    LEVELS,
    LEVELS_NL,
    RATER_NL,
    RATERS,
    TIME_OF_DAY_NL,
    TIMES_OF_DAY,
    WORK_CONDITIONS,
    level_label,
    rater_label,
    time_of_day_label,
)
from taskmodels.messages import LANGS


@pytest.mark.parametrize("lang", LANGS)
def test_every_dimension_has_labels_and_five_level_lines(lang: str) -> None:
    for d in DIMENSIONS:
        assert d.label(lang) and d.capacity_label(lang)
        lines = [d.level_text(n, lang) for n in range(1, 6)]
        assert len(set(lines)) == 5, f"{d.id}: level lines must differ"


def test_demand_and_capacity_labels_are_the_domain_words() -> None:
    # DOMAIN.md: the task demand "social contact", the person's "social functioning".
    social = BY_ID["social"]
    assert (social.label("nl"), social.capacity_label("nl")) == ("sociale omgang", "sociaal functioneren")
    assert (social.label("en"), social.capacity_label("en")) == ("social contact", "social functioning")
    assert BY_ID["cognitive"].label("en") == "complexity"
    assert BY_ID["cognitive"].capacity_label("en") == "mental ability"


def test_times_raters_levels_and_conditions_in_both_languages() -> None:
    assert [time_of_day_label(t) for t in TIMES_OF_DAY] == ["dag", "avond", "nacht"]
    assert [time_of_day_label(t, "en") for t in TIMES_OF_DAY] == ["day", "evening", "night"]
    assert rater_label("mentor") == "werkbegeleider" and rater_label("mentor", "en") == "workplace mentor"
    assert level_label(1) == "instroom (NLQF 1)" and level_label(8, "en") == "doctorate"
    assert {c.id: c.label("nl") for c in WORK_CONDITIONS}["night"] == "nachtwerk"
    assert all(c.label("en") != c.label("nl") for c in WORK_CONDITIONS)


def test_dutch_lookups_are_built_from_the_catalogue() -> None:
    assert TIME_OF_DAY_NL == {t: time_of_day_label(t, "nl") for t in TIMES_OF_DAY}
    assert RATER_NL == {r: rater_label(r, "nl") for r in RATERS}
    assert LEVELS_NL == {n: level_label(n, "nl") for n in LEVELS}
