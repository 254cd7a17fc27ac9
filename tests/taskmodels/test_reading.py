"""Reading inventories: one test per error kind of FORMATS.md section 1, plus the good path."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskmodels.errors import InventoryError
from taskmodels.reading import read_candidates, read_inventory
from tests.conftest import ROLES_CSV, TASKS_CSV, write_folder


def problems_of(path: Path, candidates: bool = False, lang: str = "en") -> list[str]:
    """The problem lines in ``lang`` (English here; the Dutch texts are tested below)."""
    reader = read_candidates if candidates else read_inventory
    with pytest.raises(InventoryError) as info:
        reader(path)
    return [p.line(lang) for p in info.value.problems]


def test_valid_folder_reads_with_defaults(tiny_folder: Path) -> None:
    inv = read_inventory(tiny_folder)
    assert inv.organisation == "tiny"
    t1, t4 = inv.task_by_id()["T1"], inv.task_by_id()["T4"]
    assert t1.separable and not t1.core and t1.keep_with == ("T2",)
    assert t1.department == "Afdeling A"  # taken from the role
    assert t1.demands["pace"] == 2 and t1.demands["social"] == 1
    assert t4.time_of_day == "evening" and t4.separable is True and t4.lifting_kg == 0


def test_missing_required_column(tmp_path: Path) -> None:
    roles = ROLES_CSV.replace(",hourly_cost", "").replace(",45,", ",").replace(",28,", ",")
    folder = write_folder(tmp_path / "inv", roles=roles, tasks=TASKS_CSV)
    assert problems_of(folder) == [
        f"{folder / 'roles.csv'} [roles] row 1, column hourly_cost: required column is missing"
    ]


def test_empty_required_cell(tmp_path: Path) -> None:
    tasks = TASKS_CSV.replace("T2,Linnen sorteren,Verpleegkundige,4,", "T2,Linnen sorteren,Verpleegkundige,,")
    folder = write_folder(tmp_path / "inv", roles=ROLES_CSV, tasks=tasks)
    assert problems_of(folder) == [
        f"{folder / 'tasks.csv'} [tasks] row 3, column hours_per_week: required value is empty"
    ]


@pytest.mark.parametrize(
    ("old", "new", "column", "message"),
    [
        (",20,1,ja", ",twintig,1,ja", "hours_per_week", "'twintig' is not a number"),
        (",20,1,ja", ",0,1,ja", "hours_per_week", "must be above 0, got 0"),
        (",20,1,ja", ",20,9,ja", "level", "must be at least 1 and at most 8, got 9"),
        (",20,1,ja", ",20,1.5,ja", "level", "'1.5' is not a whole number"),
        ("1,ja,nee,day", "1,misschien,nee,day", "separable",
         "'misschien' is not yes/no (also ja/nee, true/false, 1/0)"),
        ("nee,day,T2", "nee,middag,T2", "time_of_day", "'middag' is not one of day, evening, night"),
        ("day,T2,2", "day,T2,6", "d_pace", "must be at least 1 and at most 5, got 6"),
    ],
)
def test_out_of_range_or_wrong_type(tmp_path: Path, old: str, new: str, column: str, message: str) -> None:
    folder = write_folder(tmp_path / "inv", roles=ROLES_CSV, tasks=TASKS_CSV.replace(old, new, 1))
    assert problems_of(folder) == [f"{folder / 'tasks.csv'} [tasks] row 2, column {column}: {message}"]


def test_unknown_role(tmp_path: Path) -> None:
    tasks = TASKS_CSV.replace("T4,Dweilen,Schoonmaker", "T4,Dweilen,Glazenwasser")
    folder = write_folder(tmp_path / "inv", roles=ROLES_CSV, tasks=tasks)
    assert problems_of(folder) == [
        f"{folder / 'tasks.csv'} [tasks] row 5, column role: role 'Glazenwasser' does not exist in sheet roles"
    ]


def test_duplicate_ids(tmp_path: Path) -> None:
    roles = ROLES_CSV + "Schoonmaker,Facilitair,1,20,28,2\n"
    tasks = TASKS_CSV.replace("T4,Dweilen", "T3,Dweilen")
    folder = write_folder(tmp_path / "inv", roles=roles, tasks=tasks)
    assert problems_of(folder) == [
        f"{folder / 'roles.csv'} [roles] row 4, column role: duplicate role 'Schoonmaker' (also in row 3)",
        f"{folder / 'tasks.csv'} [tasks] row 5, column task_id: duplicate task_id 'T3' (also in row 4)",
    ]


def test_unknown_task_reference(tmp_path: Path) -> None:
    tasks = TASKS_CSV.replace("day,T2,2", "day,T2;T7,2")
    folder = write_folder(tmp_path / "inv", roles=ROLES_CSV, tasks=tasks)
    assert problems_of(folder) == [
        f"{folder / 'tasks.csv'} [tasks] row 2, column keep_with: task 'T7' does not exist in sheet tasks"
    ]


def test_keep_with_across_departments_and_times(tmp_path: Path) -> None:
    tasks = TASKS_CSV.replace("day,T2,2", "day,T4,2")
    folder = write_folder(tmp_path / "inv", roles=ROLES_CSV, tasks=tasks)
    lines = problems_of(folder)
    assert len(lines) == 2
    assert "row 2, column keep_with: links task 'T4' of department 'Facilitair' (row 5)" in lines[0]
    assert "must share one department" in lines[0]
    assert "links task 'T4' done at evening (row 5) to a task done at day" in lines[1]


def test_rating_for_unknown_candidate_and_item(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "pool",
        candidates="candidate_id,max_hours\nK1,24\n",
        ratings="candidate_id,wave,rater,item,score\nK1,1,self,NOPE,3\nK9,1,mentor,NOPE,3\nK1,1,boss,NOPE,8\n",
    )
    lines = problems_of(folder, candidates=True)
    ratings = folder / "ratings.csv"
    assert f"{ratings} [ratings] row 2, column item: item 'NOPE' is not in the item bank" in lines
    assert f"{ratings} [ratings] row 3, column candidate_id: candidate 'K9' does not exist in sheet candidates" in lines
    assert f"{ratings} [ratings] row 4, column rater: 'boss' is not one of self, mentor, supervisor, other" in lines
    assert f"{ratings} [ratings] row 4, column score: must be at least 1 and at most 5, got 8" in lines


def test_candidate_window_and_productivity(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "pool",
        candidates="candidate_id,max_hours,min_hours,productivity,c_pace\nK1,20,30,1,3\nK2,20,0,1.2,6\n",
    )
    lines = problems_of(folder, candidates=True)
    cands = folder / "candidates.csv"
    assert lines == [
        f"{cands} [candidates] row 2, column min_hours: min_hours 30 is above max_hours 20",
        f"{cands} [candidates] row 3, column productivity: must be above 0 and at most 1, got 1.2",
        f"{cands} [candidates] row 3, column c_pace: must be at least 1 and at most 5, got 6",
    ]


def test_candidate_without_capacity_source_is_valid(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "pool", candidates="candidate_id,max_hours\nK1,24\n")
    pool = read_candidates(folder)
    assert pool.candidates[0].capacities == {} and pool.ratings == ()


def test_missing_sheet_and_missing_path(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "inv", roles=ROLES_CSV)
    assert problems_of(folder) == [f"{folder / 'tasks.csv'} [tasks]: sheet 'tasks' is missing"]
    assert problems_of(tmp_path / "nowhere") == [f"{tmp_path / 'nowhere'}: file or folder not found"]


def test_semicolon_csv_and_decimal_comma(tmp_path: Path) -> None:
    """Dutch Excel saves CSV with ';' and decimal commas; both are read."""
    roles = ROLES_CSV.replace(",", ";")
    tasks = "task_id;task;role;hours_per_week;level;separable\nT1;Bedden;Verpleegkundige;2,5;1;ja\n"
    inv = read_inventory(write_folder(tmp_path / "inv", roles=roles, tasks=tasks))
    assert inv.tasks[0].hours_per_week == 2.5


def test_extra_columns_are_kept(tmp_path: Path) -> None:
    tasks = TASKS_CSV.replace("d_pace\n", "d_pace,opmerking\n").replace("day,,3\n", "day,,3,let op\n", 1)
    inv = read_inventory(write_folder(tmp_path / "inv", roles=ROLES_CSV, tasks=tasks))
    assert inv.task_by_id()["T2"].extra == {"opmerking": "let op"}


def test_five_distinct_problems_are_all_reported(tmp_path: Path) -> None:
    tasks = (TASKS_CSV.replace("T2,Linnen sorteren,Verpleegkundige,4", "T2,Linnen sorteren,Kok,4")
             .replace("T4,Dweilen", "T1,Dweilen").replace("T3,Medicatie toedienen,Verpleegkundige,30,4",
                                                          "T3,Medicatie toedienen,Verpleegkundige,-3,4"))
    roles = ROLES_CSV.replace("10,32,45,4", "10,32,45,11").replace("3,24,28,2", "drie,24,28,2")
    folder = write_folder(tmp_path / "inv", roles=roles, tasks=tasks)
    lines = problems_of(folder)
    assert len(lines) == 5
    assert [line.split(": ", 1)[0].split("] ", 1)[1] for line in lines] == [
        "row 2, column level", "row 3, column headcount", "row 3, column role",
        "row 4, column hours_per_week", "row 5, column task_id",
    ]


def test_duplicate_candidate_and_duplicate_answer(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "pool",
        candidates="candidate_id,max_hours\nK1,24\nK1,20\n",
        ratings="candidate_id,wave,rater,item,score\nK1,1,self,IND1,3\nK1,1,self,IND1,4\n",
    )
    lines = problems_of(folder, candidates=True)
    assert lines == [
        f"{folder / 'candidates.csv'} [candidates] row 3, column candidate_id: duplicate candidate_id 'K1' (also in row 2)",
        f"{folder / 'ratings.csv'} [ratings] row 3, column item: this rater already scored item 'IND1' in wave 1 (row 2)",
    ]
