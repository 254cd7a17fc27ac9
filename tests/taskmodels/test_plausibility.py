"""Plausibility at read time: a role's hours, ceilings on hours, kilograms and costs."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.cli import main
from taskmodels.errors import InventoryError
from taskmodels.reading import read_candidates, read_inventory
from tests.conftest import write_folder

ROLES = """role,department,headcount,contract_hours,hourly_cost,level
Kok,Keuken,2,20,30,3
Schoonmaker,Facilitair,1,36,25,2
"""


def tasks(*rows: str) -> str:
    return "task_id,task,role,hours_per_week,level,separable,lifting_kg\n" + "".join(
        r + "\n" for r in rows)


def problems(folder: Path) -> list[tuple[str | None, int | None, str | None, str]]:
    with pytest.raises(InventoryError) as exc:
        read_inventory(folder)
    return [(p.sheet, p.row, p.column, p.code) for p in exc.value.problems]


def test_role_hours_within_the_role_are_fine(tmp_path: Path) -> None:
    # Kok has 2 x 20 = 40 hours; its tasks take exactly 40.
    folder = write_folder(tmp_path / "inv", roles=ROLES, tasks=tasks(
        "T1,Koken,Kok,30,2,ja,0", "T2,Afwassen,Kok,10,1,ja,0"))
    inventory = read_inventory(folder)
    assert inventory.warnings == ()


def test_a_small_excess_is_a_warning_naming_the_role_and_rows(tmp_path: Path) -> None:
    # 43 hours on 40 available: 7.5 %, within the 10 % margin.
    folder = write_folder(tmp_path / "inv", roles=ROLES, tasks=tasks(
        "T1,Koken,Kok,30,2,ja,0", "T2,Afwassen,Kok,13,1,ja,0"))
    inventory = read_inventory(folder)
    assert [(w.sheet, w.row, w.column, w.code) for w in inventory.warnings] == [
        ("roles", 2, "headcount", "input.role_hours_excess_warning")]
    line = inventory.warnings[0].line("en")
    assert "'Kok'" in line and "tasks rows 2, 3" in line and "add up to 43 hours" in line


def test_a_large_excess_is_an_error_naming_the_role_and_its_rows(tmp_path: Path) -> None:
    # 45 hours on 40 available: 12.5 %, above the margin.
    folder = write_folder(tmp_path / "inv", roles=ROLES, tasks=tasks(
        "T1,Koken,Kok,30,2,ja,0", "T2,Dweilen,Schoonmaker,10,1,ja,0",
        "T3,Afwassen,Kok,15,1,ja,0"))
    with pytest.raises(InventoryError) as exc:
        read_inventory(folder)
    [p] = exc.value.problems
    assert (p.sheet, p.row, p.column, p.code) == ("roles", 2, "headcount",
                                                  "input.role_hours_excess")
    assert "tasks rows 2, 4" in p.line("en")
    assert "taken-rijen 2, 4" in p.line("nl")


def test_the_margin_is_a_parameter(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "inv", roles=ROLES, tasks=tasks(
        "T1,Koken,Kok,30,2,ja,0", "T3,Afwassen,Kok,15,1,ja,0"))
    assert read_inventory(folder, max_role_hours_excess=0.2).warnings[0].code == \
        "input.role_hours_excess_warning"
    assert problems(folder) == [("roles", 2, "headcount", "input.role_hours_excess")]
    with pytest.raises(InventoryError):
        read_inventory(folder, max_role_hours_excess=0.0)


def test_a_task_of_1e308_hours_is_refused(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "inv", roles=ROLES, tasks=tasks("T1,Koken,Kok,1e308,2,ja,0"))
    found = problems(folder)
    assert ("tasks", 2, "hours_per_week", "input.ceiling") in found
    assert ("roles", 2, "headcount", "input.role_hours_excess") in found


def test_more_than_60_hours_per_person_is_refused(tmp_path: Path) -> None:
    # Schoonmaker: one person; 61 hours on one task is more than a person can work.
    folder = write_folder(tmp_path / "inv", roles=ROLES, tasks=tasks(
        "T1,Dweilen,Schoonmaker,61,1,ja,0"))
    assert ("tasks", 2, "hours_per_week", "input.task_hours_per_person") in problems(folder)


@pytest.mark.parametrize(("sheet", "roles", "rows", "column"), [
    ("tasks", ROLES, ("T1,Tillen,Kok,10,1,ja,150",), "lifting_kg"),
    ("roles", ROLES.replace("Kok,Keuken,2,20,30,3", "Kok,Keuken,2,20,5000,3"),
     ("T1,Koken,Kok,10,1,ja,0",), "hourly_cost"),
])
def test_numbers_past_a_ceiling_are_refused(tmp_path: Path, sheet: str, roles: str,
                                            rows: tuple[str, ...], column: str) -> None:
    folder = write_folder(tmp_path / "inv", roles=roles, tasks=tasks(*rows))
    assert problems(folder) == [(sheet, 2, column, "input.ceiling")]


@pytest.mark.parametrize("value", ["inf", "nan", "-inf"])
def test_non_finite_numbers_are_refused(tmp_path: Path, value: str) -> None:
    folder = write_folder(tmp_path / "inv", roles=ROLES, tasks=tasks(
        f"T1,Koken,Kok,{value},2,ja,0"))
    found = problems(folder)
    assert found and all(row == 2 and column == "hours_per_week" for _, row, column, _ in found)


def test_a_candidate_lifting_limit_past_the_ceiling_is_refused(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "pool", candidates=(
        "candidate_id,max_hours,max_lifting_kg\nK1,20,900\n"))
    with pytest.raises(InventoryError) as exc:
        read_candidates(folder)
    assert [(p.row, p.column, p.code) for p in exc.value.problems] == [
        (2, "max_lifting_kg", "input.ceiling")]


def test_validate_prints_warnings_and_exits_0(tmp_path: Path, capsys) -> None:
    folder = write_folder(tmp_path / "inv", roles=ROLES, tasks=tasks(
        "T1,Koken,Kok,30,2,ja,0", "T2,Afwassen,Kok,13,1,ja,0"))
    assert main(["validate", str(folder), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "1 warning(s):" in out and "input.role_hours_excess" not in out
    assert "[roles] row 2, column headcount: warning:" in out


def test_validate_refuses_an_implausible_inventory_with_exit_2(tmp_path: Path, capsys) -> None:
    folder = write_folder(tmp_path / "inv", roles=ROLES, tasks=tasks("T1,Koken,Kok,1e308,2,ja,0"))
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "[tasks] row 2, column hours_per_week:" in err
    assert "Traceback" not in err


def test_the_policy_margin_reaches_the_reader_from_the_command_line(tmp_path: Path) -> None:
    # 45 hours on 40: refused with the default 10 %, accepted (with a warning) at 20 %.
    folder = write_folder(tmp_path / "inv", roles=ROLES, tasks=tasks(
        "T1,Koken,Kok,30,2,ja,0", "T3,Afwassen,Kok,15,1,ja,0"))
    config = tmp_path / "ruim.toml"
    config.write_text("max_role_hours_excess = 0.2\n", encoding="utf-8")
    assert main(["redesign", str(folder), "--time-limit", "1", "--workers", "1"]) == 2
    assert main(["redesign", str(folder), "--time-limit", "1", "--workers", "1",
                 "--config", str(config)]) == 0
