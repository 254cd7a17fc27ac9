"""The message catalogue: every code in both languages, placeholders alike, numbers Dutch."""

from __future__ import annotations

import string

import pytest

from taskmodels.messages import (
    LANGS,
    MissingMessage,
    codes,
    format_number,
    msg,
    render,
    template,
)


def _fields(code: str, lang: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template(code, lang)) if f}


def test_every_code_has_both_languages() -> None:
    nl, en = codes("nl"), codes("en")
    assert nl - en == set(), f"codes without an English text: {sorted(nl - en)}"
    assert en - nl == set(), f"codes without a Dutch text: {sorted(en - nl)}"


def test_placeholders_are_the_same_in_both_languages() -> None:
    differ = [c for c in codes("nl") if _fields(c, "nl") != _fields(c, "en")]
    assert differ == []


def test_dutch_numbers_use_comma_and_dot() -> None:
    assert format_number(448422.37, "nl", 0) == "448.422"
    assert format_number(35.714, "nl", 2) == "35,71"
    assert format_number(1543.5, "en", 1) == "1,543.5"


def test_labels_render_inside_messages() -> None:
    assert render(msg("status.OPTIMAL"), "nl") == "bewezen optimaal"
    assert render(msg("dim.pace"), "en") == "working pace"


def test_missing_code_is_an_error_not_a_blank() -> None:
    with pytest.raises(MissingMessage):
        render(msg("no.such.code"), "nl")


@pytest.mark.parametrize("lang", LANGS)
def test_every_template_formats_with_its_own_fields(lang: str) -> None:
    # Each template must at least parse; a broken brace would crash at render time.
    for code in codes(lang):
        _fields(code, lang)
