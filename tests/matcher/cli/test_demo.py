"""The demo runs the whole chain on the bundled data as ONE regional run (issue 10 item 8)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from matcher.cli import main
from matcher.reports import RegionalReport
from taskmodels.examples import candidates_path, example_names
from taskmodels.reading import read_candidates

EMPLOYER_KEYS = {"organisation", "tasks", "roles", "impact", "solver"}


def test_demo_counts_each_person_once_over_the_whole_region(tmp_path: Path, capsys) -> None:
    out = tmp_path / "demo.json"
    assert main(["demo", "--time-limit", "1", "--workers", "1", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    report = RegionalReport.model_validate(data)
    assert [e.organisation for e in report.employers] == example_names()
    pool = {c.candidate_id for c in read_candidates(candidates_path()).candidates}
    for employer in data["employers"]:
        assert EMPLOYER_KEYS <= set(employer)
        assert employer["organisation"] in printed
        assert employer["roles"], f"{employer['organisation']}: no new functions"
    # One assignment over the region: nobody twice, nobody outside the pool.
    placed = [m.candidate_id for m in report.matches]
    assert placed and len(placed) == len(set(placed)) and set(placed) <= pool
    # Carving happens per employer around exactly the people assigned there, so the
    # carved people are a partition too: the region never counts a person twice.
    carved = [m.candidate_id for e in report.employers if e.carve for m in e.carve.matches]
    assert len(carved) == len(set(carved)) and set(carved) <= set(placed)
    for e in report.employers:
        if e.carve is not None:
            mine = {m.candidate_id for m in report.matches if m.employer == e.organisation}
            assert {m.candidate_id for m in e.carve.matches} <= mine
    total_line = next(line for line in printed.splitlines() if "van de 50 kandidaten" in line)
    assert total_line.startswith(f"{len(set(placed))} van de {len(pool)} kandidaten")
    assert "Totaal" in printed and "OPTIMAL" not in printed
    # Issue 11: each employer designed with the whole pool in view, completeness on top.
    assert {e["solver"].get("method") for e in data["employers"]} == {"pool_aware"}
    c = data["completeness"]
    assert c["candidates"] == len(pool) and 0 < c["considered"] < len(pool)
    assert len(set(placed)) <= c["considered"]
    assert f"Kandidaten: {len(pool)}, waarvan {c['considered']} meegenomen" in printed


#: Words of the Dutch sentences in the catalogue (reasons, explanations, development
#: steps) that no English sentence uses; the bundled data's own names (departments,
#: roles, task names) use none of them.
DUTCH_WORDS = ("niet", "geen", "uur", "passend", "taak", "taken", "kandidaat", "kandidaten",
               "werkomstandigheden", "nodig", "andere", "binnen", "dagdeel", "zonder",
               "geplaatst", "boven", "onder", "alleen", "naar")


def test_demo_speaks_english_when_asked(capsys) -> None:
    assert main(["demo", "--time-limit", "1", "--workers", "1", "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "Candidate pool:" in printed and "Total" in printed and "Totaal" not in printed
    assert " dag " not in printed and "uur per week" not in printed
    # Every reason (not placed, blocked, borderline support) is rendered in English too.
    words = set(re.findall(r"[a-zà-ÿ]+", printed.lower()))
    assert not words & set(DUTCH_WORDS), sorted(words & set(DUTCH_WORDS))
    assert "Not placed:" in printed
    # The regional block starts with the data completeness counts, in English.
    assert "Candidates: 50, of whom" in printed

