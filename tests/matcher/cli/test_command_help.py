"""Help of the commands changed for issue 11 comes from the catalogue, in nl and en,
and ``regional`` takes ``--org-first`` (and still accepts ``--pool-aware``)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from matcher.cli.commands import carve, demo, match, regional
from matcher.cli.commands._common import help_lang, help_text
from taskmodels.messages import text

ROOT = Path(__file__).resolve().parents[3]


def _parser(module) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    module.add_arguments(parser)
    return parser


@pytest.mark.parametrize("module", [regional, carve, match, demo])
def test_every_flag_of_the_command_has_catalogue_help(module) -> None:
    parser = _parser(module)
    nl_texts = {text(code, "nl") for code in _codes() if code != "cli.help.time_limit"}
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        # Rendered in Dutch (no --lang on this test's command line): a catalogue text.
        assert action.help, f"{module.__name__}: {action.option_strings or action.dest} has no help"
        assert action.help.replace("%%", "%") in nl_texts | _with_defaults(), \
            f"{action.option_strings}: {action.help!r} is not from the catalogue"


def _codes() -> list[str]:
    po = ROOT / "taskmodels/messages/locale/nl/LC_MESSAGES/messages.po"
    return [line.split('"')[1] for line in po.read_text(encoding="utf-8").splitlines()
            if line.startswith('msgid "cli.')]


def _with_defaults() -> set[str]:
    return {text("cli.help.time_limit", "nl", default=d) for d in (30.0, demo.TIME_LIMIT)}


def test_help_language_follows_lang_on_the_command_line() -> None:
    assert help_lang(["regional", "--help"]) == "nl"
    assert help_lang(["regional", "--lang", "en", "--help"]) == "en"
    assert help_lang(["regional", "--lang=en"]) == "en"
    assert help_text("help.org_first", "en").startswith("design each employer's functions")
    assert help_text("help.org_first", "nl").startswith("de functies per werkgever")


def test_regional_help_in_english_names_org_first() -> None:
    done = subprocess.run([sys.executable, "-m", "matcher", "regional", "--lang", "en", "--help"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    flat = " ".join(done.stdout.split())
    assert "--org-first" in flat and "for the organisation alone" in flat
    assert "--pool-aware" in flat and "the default" in flat
    dutch = subprocess.run([sys.executable, "-m", "matcher", "regional", "--help"],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "alleen voor de organisatie" in " ".join(dutch.stdout.split())


def test_regional_is_pool_aware_unless_org_first() -> None:
    parser = _parser(regional)
    base = ["FOLDER", "--candidates", "c.csv"]
    assert parser.parse_args(base).pool_aware is True
    assert parser.parse_args([*base, "--pool-aware"]).pool_aware is True
    assert parser.parse_args([*base, "--org-first"]).pool_aware is False
    with pytest.raises(SystemExit):
        parser.parse_args([*base, "--org-first", "--pool-aware"])


def test_match_and_carve_keep_their_arguments() -> None:
    m = _parser(match).parse_args(["INV", "--candidates", "c.csv", "--time-limit", "2"])
    assert (m.inventory, m.candidates, m.time_limit) == ("INV", "c.csv", 2.0)
    with pytest.raises(SystemExit):
        _parser(match).parse_args(["INV"])  # match needs candidates
    c = _parser(carve).parse_args(["INV", "--candidate", "K007"])
    assert (c.inventory, c.candidates, c.candidate) == ("INV", None, "K007")
