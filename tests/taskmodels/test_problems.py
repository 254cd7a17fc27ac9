"""Input problems as catalogue codes: Dutch by default, English on request, Dutch numbers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from taskmodels.errors import LEGACY_CODE, InputProblem, InventoryError
from taskmodels.reading import read_candidates, read_inventory
from tests.conftest import ROLES_CSV, TASKS_CSV, write_folder

TASKMODELS = Path(__file__).resolve().parents[2] / "taskmodels"


def _error(path: Path, candidates: bool = False) -> InventoryError:
    reader = read_candidates if candidates else read_inventory
    with pytest.raises(InventoryError) as info:
        reader(path)
    return info.value


def test_a_problem_carries_code_params_and_a_dutch_message(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "inv", roles=ROLES_CSV,
                          tasks=TASKS_CSV.replace(",20,1,ja", ",20,9,ja", 1))
    (problem,) = _error(folder).problems
    assert (problem.sheet, problem.row, problem.column) == ("tasks", 2, "level")
    assert problem.code == "input.range.min_max"
    assert problem.params == {"low": 1, "high": 8, "got": 9.0}
    assert problem.message == "moet minstens 1 en hoogstens 8 zijn, maar is 9"
    assert problem.text("en") == "must be at least 1 and at most 8, got 9"
    report = problem.as_report("en")
    assert set(report) >= {"file", "sheet", "row", "column", "code", "message"}
    assert report["message"] == "must be at least 1 and at most 8, got 9"


def test_line_format_keeps_its_fixed_words_in_dutch(tmp_path: Path) -> None:
    tasks = TASKS_CSV.replace("T4,Dweilen,Schoonmaker", "T4,Dweilen,Glazenwasser")
    folder = write_folder(tmp_path / "inv", roles=ROLES_CSV, tasks=tasks)
    assert [str(p) for p in _error(folder).problems] == [
        f"{folder / 'tasks.csv'} [tasks] row 5, column role: "
        "functie 'Glazenwasser' staat niet in blad roles"
    ]


def test_numbers_in_problems_are_dutch(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "pool",
                          candidates="candidate_id,max_hours,productivity\nK1,20,1.25\n")
    (problem,) = _error(folder, candidates=True).problems
    assert problem.message == "moet groter zijn dan 0 en hoogstens 1, maar is 1,25"
    assert problem.text("en") == "must be above 0 and at most 1, got 1.25"


def test_min_above_max_comes_from_the_model_as_a_code(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "pool",
                          candidates="candidate_id,max_hours,min_hours\nK1,20,30.5\n")
    (problem,) = _error(folder, candidates=True).problems
    # The row names the field to change (min_hours), not just the row (issue 14).
    assert problem.code == "input.min_above_max" and problem.column == "min_hours"
    assert problem.message == "min_hours 30,5 is groter dan max_hours 20"


def test_keep_with_across_times_names_the_times_in_each_language(tmp_path: Path) -> None:
    tasks = TASKS_CSV.replace("day,T2,2", "day,T4,2")
    folder = write_folder(tmp_path / "inv", roles=ROLES_CSV, tasks=tasks)
    time_problem = [p for p in _error(folder).problems if p.code == "input.keep_with_time"][0]
    assert "dagdeel avond (rij 5) aan een taak in dagdeel dag" in time_problem.message
    assert "done at evening (row 5) to a task done at day" in time_problem.text("en")


def test_report_counts_in_the_chosen_language(tmp_path: Path) -> None:
    tasks = TASKS_CSV.replace("T4,Dweilen", "T3,Dweilen").replace(",20,1,ja", ",twintig,1,ja", 1)
    folder = write_folder(tmp_path / "inv", roles=ROLES_CSV, tasks=tasks)
    error = _error(folder)
    nl, en = error.report().splitlines(), error.report("en").splitlines()
    assert nl[-1] == "2 problemen gevonden; er is niets ingelezen."
    assert en[-1] == "2 problems found; nothing was imported."
    assert nl[0].endswith("'twintig' is geen getal") and en[0].endswith("'twintig' is not a number")
    one = InventoryError([InputProblem("x.csv", None, None, None, code="input.not_found")])
    assert one.report().splitlines() == ["x.csv: bestand of map niet gevonden",
                                         "1 probleem gevonden; er is niets ingelezen."]


def test_a_text_without_a_code_is_kept_under_the_legacy_code() -> None:
    # Callers outside taskmodels that still pass a ready text keep working.
    p = InputProblem("gap.txt", None, 3, None, "'x' is not a number")
    assert p.code == LEGACY_CODE and p.message == "'x' is not a number"
    assert p.text("en") == "'x' is not a number"


def _problem_calls_without_code(source: str) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "InputProblem"
                and "code" not in {k.arg for k in node.keywords}):
            lines.append(node.lineno)
    return lines


def test_every_problem_the_library_creates_passes_a_code() -> None:
    root = TASKMODELS.parent
    missing = {
        str(path.relative_to(root)): lines
        for package in ("taskmodels", "matcher")
        for path in sorted((root / package).rglob("*.py"))
        if (lines := _problem_calls_without_code(path.read_text(encoding="utf-8")))
    }
    assert missing == {}


def test_the_code_scan_finds_a_call_without_code() -> None:
    # The scan above must be able to fail.
    assert _problem_calls_without_code("InputProblem('f', None, 1, 'c', 'tekst')") == [1]
