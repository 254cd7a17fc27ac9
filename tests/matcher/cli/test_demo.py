"""The demo runs the whole chain on the bundled data, with no arguments needed."""

from __future__ import annotations

import json
from pathlib import Path

from matcher.cli import main
from taskmodels.examples import example_names

REPORT_KEYS = {"organisation", "policy", "tasks", "roles", "matches", "unmatched", "impact", "solver"}


def test_demo_runs_the_chain_for_every_bundled_organisation(tmp_path: Path, capsys) -> None:
    out = tmp_path / "demo.json"
    assert main(["demo", "--time-limit", "1", "--workers", "1", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    reports = json.loads(out.read_text(encoding="utf-8"))
    assert [r["organisation"] for r in reports] == example_names()
    for report in reports:
        assert REPORT_KEYS <= set(report)
        assert report["organisation"] in printed
        assert report["roles"], f"{report['organisation']}: no new functions"
        # Carving is seeded with redesign + match, so it never places fewer people.
        assert len(report["carve"]["matches"]) >= len(report["matches"])
    placed = [m["candidate_id"] for r in reports for m in r["matches"]]
    assert len(placed) == len(set(placed)), "a person was matched at two employers"
    assert "Totaal" in printed
