"""``python -m matcher bench gap``: table, JSON report, exit status on bad files."""

from __future__ import annotations

import json
from pathlib import Path

from matcher.cli import main

TINY = "2 3\n1 2 3\n4 5 6\n7 8 9\n1 1 1\n10 2\n"


def test_bench_gap_prints_and_writes_json(tmp_path: Path, capsys) -> None:
    (tmp_path / "tiny").write_text(TINY)
    out = tmp_path / "r.json"
    code = main(["bench", "gap", str(tmp_path / "tiny"), "--time-limit", "2",
                 "--workers", "1", "--json", str(out)])
    assert code == 0
    assert "tiny" in capsys.readouterr().out
    (row,) = json.loads(out.read_text())
    assert set(row) == {"instance", "objective", "bound", "status", "seconds"}
    # Agent 0 has room for one job (7, 8, 9 <= 10, no two), agent 1 for two: every
    # such split costs 12 (1 + 5 + 6 = 2 + 4 + 6 = 3 + 4 + 5).
    assert row["status"] == "OPTIMAL" and row["objective"] == 12 == row["bound"]


def test_bench_gap_plain_model_agrees(tmp_path: Path, capsys) -> None:
    (tmp_path / "tiny").write_text(TINY)
    out = tmp_path / "p.json"
    assert main(["bench", "gap", str(tmp_path / "tiny"), "--model", "plain",
                 "--time-limit", "2", "--workers", "1", "--json", str(out)]) == 0
    assert json.loads(out.read_text())[0]["objective"] == 12


def test_bench_gap_bad_file_exits_2_with_every_problem(tmp_path: Path, capsys) -> None:
    (tmp_path / "bad").write_text("2 3\n1 x 3\n")
    code = main(["bench", "gap", str(tmp_path / "bad"), str(tmp_path / "missing")])
    assert code == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'bad'} row 2" in err and "missing" in err
