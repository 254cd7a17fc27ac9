"""Printed summaries: rendered from the report through the catalogue, in Dutch or English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from matcher import api
from matcher.cli import main
from matcher.reports import summaries
from taskmodels import messages
from taskmodels.examples import candidates_path, example_path

FAST = api.SolveOptions(time_limit=2, workers=1)


@pytest.fixture(scope="module")
def care() -> api.MatchReport:
    inventory = api.read_inventory(example_path("zorgcentrum_de_linde"))
    return api.match(inventory, api.read_candidates(candidates_path()), options=FAST)


def test_dutch_numbers_words_and_labels(care: api.MatchReport) -> None:
    text = api.summary(care)
    saving = care.impact.annual_saving_eur
    assert f"besparing {messages.format_euro(saving, 'nl')} per jaar" in text
    assert messages.format_number(care.impact.carved_hours, "nl") + " uur per week" in text
    assert " dag " in text and " day " not in text  # times of day as their label
    # Never a raw solver objective, never a status code, never scientific notation.
    assert not re.search(r"\d[eE][+-]?\d", text)
    assert "OPTIMAL" not in text and "FEASIBLE" not in text
    assert str(int(care.solver.objective or 0)) not in text


def test_english_throughout(care: api.MatchReport) -> None:
    text = api.summary(care, "en")
    for dutch in ("uur", "Nieuwe functies", "Oplosser", "besparing", "Niet geplaatst"):
        assert dutch not in text
    assert "New functions" in text and "Solver:" in text
    assert messages.format_number(care.impact.carved_hours, "en") + " hours a week" in text


def test_pool_aware_design_states_its_bound_on_people_and_its_fragile_functions(
        care: api.MatchReport) -> None:
    """The design's solver line speaks of the people bound it proves (none on hours)."""
    text = api.summary(care)
    line = next(x for x in text.splitlines() if x.startswith("Oplosser:")
                and "functiecreatie met de pool" in x)
    placed, bound = care.solver.placed, care.solver.placed_bound  # type: ignore[attr-defined]
    if care.solver.status == "OPTIMAL":
        assert "Bewezen optimaal" in line
    else:
        assert f"hoogstens {max(bound, placed)} kandidaten te plaatsen; geplaatst {placed}" in line
    assert "Geen grens bewezen" not in text and "deelproblemen" not in line
    fragile = sorted(fn.role_id for fn in care.roles if fn.fragile)  # type: ignore[attr-defined]
    lines = [x for x in text.splitlines() if x.startswith("Kwetsbaar")]
    assert lines == ([f"Kwetsbaar (maar één persoon in de pool past): {', '.join(fragile)}"]
                     if fragile else [])


def test_every_summary_text_is_a_catalogue_code() -> None:
    source = Path(summaries.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'_t\(lang, "([a-z_.]+)"', source))
    used |= {f"col.{c}" for c in re.findall(r'"(\w+)"\)\]?$', source, re.M)}
    for code in sorted(c for c in used if not c.startswith("col.")):
        for lang in messages.LANGS:
            assert messages.template(f"summary.{code}", lang)


def test_the_bound_is_shown_in_hours_not_objective_units() -> None:
    inventory = api.read_inventory(example_path("ziekenhuis_maasland"))
    report = api.redesign(inventory, options=api.SolveOptions(time_limit=0.5, workers=1))
    line = next(x for x in api.summary(report).splitlines() if x.startswith("Oplosser"))
    if report.solver.status == "OPTIMAL":
        assert "Bewezen optimaal" in line
    else:  # the distance to the proven bound on hours carved, in hours
        bound = report.solver.carved_hours_bound  # type: ignore[attr-defined]
        assert messages.format_number(max(bound, report.impact.carved_hours), "nl") in line
        assert "uur per week" in line


def test_command_line_english_summary(tmp_path: Path, capsys) -> None:
    folder = str(example_path("bouwbedrijf_van_dijk"))
    assert main(["redesign", folder, "--time-limit", "1", "--workers", "1", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Redesign (job creation): bouwbedrijf_van_dijk")
    assert "Nieuwe functies" not in out
    assert main(["redesign", folder, "--time-limit", "1", "--workers", "1"]) == 0
    assert capsys.readouterr().out.startswith("Herontwerp (functiecreatie): bouwbedrijf_van_dijk")
