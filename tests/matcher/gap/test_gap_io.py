"""Reading OR-Library GAP files: good files, several instances, and clear errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matcher.gap.orlibrary import GapInstance, read_gap, write_gap
from taskmodels.errors import InventoryError

ONE = """2 3
 1 2 3
 4 5 6
 7 8 9
 1 1 1
 10 2
"""


def test_reads_one_instance(tmp_path: Path) -> None:
    path = tmp_path / "tiny"
    path.write_text(ONE)
    (inst,) = read_gap(path)
    assert inst.name == "tiny"
    assert (inst.n_agents, inst.n_jobs) == (2, 3)
    assert inst.costs.tolist() == [[1, 2, 3], [4, 5, 6]]
    assert inst.weights.tolist() == [[7, 8, 9], [1, 1, 1]]
    assert inst.capacities.tolist() == [10, 2]


def test_reads_a_file_with_a_leading_instance_count(tmp_path: Path) -> None:
    path = tmp_path / "many"
    body = ONE.strip()
    path.write_text(f"2\n{body}\n{body}\n")
    insts = read_gap(path)
    assert [i.name for i in insts] == ["many#1", "many#2"]
    assert all(i.capacities.tolist() == [10, 2] for i in insts)


def test_write_then_read_round_trips(tmp_path: Path) -> None:
    inst = GapInstance("x", np.array([[3, 1]]), np.array([[2, 2]]), np.array([4]))
    write_gap(inst, tmp_path / "x")
    (back,) = read_gap(tmp_path / "x")
    assert back.costs.tolist() == [[3, 1]] and back.capacities.tolist() == [4]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("2 3\n1 2 3\n4 x 6\n7 8 9\n1 1 1\n10 2\n", 3, "'x' is not a number"),
        ("2 3\n1 2 3\n4 5 6\n7 8 9\n1 1 1\n10\n", 6, "file ends early"),
        ("2 3\n1 2 3\n4 5 6\n7 -8 9\n1 1 1\n10 2\n", 4, "below 0"),
        ("2 3\n1 2 3\n4 5 6\n7 8 9\n1 1 1\n10 2 5\n", 6, "unexpected value '5'"),
        ("2 3\n1 2.5 3\n4 5 6\n7 8 9\n1 1 1\n10 2\n", 2, "not a whole number"),
    ],
)
def test_malformed_file_names_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = tmp_path / "bad"
    path.write_text(text)
    with pytest.raises(InventoryError) as info:
        read_gap(path)
    (problem,) = info.value.problems
    assert problem.file == str(path)
    assert problem.row == line
    assert words in problem.text("en")
    assert problem.code.startswith("gap.") and problem.message == problem.text("nl")


def test_empty_and_missing_files_are_input_errors(tmp_path: Path) -> None:
    (tmp_path / "empty").write_text("  \n")
    for path in (tmp_path / "empty", tmp_path / "absent"):
        with pytest.raises(InventoryError) as info:
            read_gap(path)
        assert str(path) in info.value.report()
