"""Random corruptions of valid files are reported, and nothing is returned half-read."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taskmodels.errors import InventoryError
from taskmodels.reading import read_inventory
from taskmodels.writing import write_inventory
from tests.taskmodels.strategies import inventories

# (column, bad value) pairs that each break one rule of FORMATS.md section 1.
CORRUPTIONS = {
    "roles": [("headcount", "-1"), ("headcount", "veel"), ("contract_hours", "61"),
              ("hourly_cost", "-5"), ("level", "0"), ("level", "9"), ("role", "")],
    "tasks": [("hours_per_week", "0"), ("hours_per_week", "x"), ("level", "12"),
              ("separable", "soms"), ("separable", ""), ("time_of_day", "ochtend"),
              ("weekend", "misschien"), ("lifting_kg", "-2"), ("role", "Onbekende functie"),
              ("keep_with", "GEEN_TAAK"), ("d_pace", "6"), ("d_social", "0"), ("task_id", "")],
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(inv=inventories(), data=st.data())
def test_a_corrupted_cell_is_reported_at_its_row_and_column(inv, data, tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("bad")
    write_inventory(inv, folder)
    sheet = data.draw(st.sampled_from(["roles", "tasks"]))
    column, bad = data.draw(st.sampled_from(CORRUPTIONS[sheet]))
    path = folder / f"{sheet}.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    index = data.draw(st.integers(1, len(rows) - 1))
    col = rows[0].index(column)
    if column == "role" and sheet == "roles":
        # Emptying a role name may also orphan its tasks: the role cell must still be named.
        pass
    rows[index][col] = bad
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    with pytest.raises(InventoryError) as info:
        read_inventory(folder)
    where = {(p.file, p.row, p.column) for p in info.value.problems}
    assert (str(path), index + 1, column) in where


def test_nothing_half_read_when_one_sheet_is_bad(tiny_folder: Path) -> None:
    path = tiny_folder / "tasks.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("T4,Dweilen,Schoonmaker,12", "T4,Dweilen,Schoonmaker,nul"))
    with pytest.raises(InventoryError):
        read_inventory(tiny_folder)
