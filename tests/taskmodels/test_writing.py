"""Round trips: workbook -> models -> workbook keeps everything."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from taskmodels.reading import read_candidates, read_inventory
from taskmodels.writing import write_candidates, write_inventory
from tests.taskmodels.strategies import inventories


def same(a, b) -> bool:  # organisation comes from the file name, so leave it out
    return a.model_dump(exclude={"organisation"}) == b.model_dump(exclude={"organisation"})


@pytest.mark.parametrize("target", ["copy.xlsx", "copy"])
def test_round_trip_of_tiny_inventory(tiny_folder: Path, tmp_path: Path, target: str) -> None:
    first = read_inventory(tiny_folder)
    write_inventory(first, tmp_path / target)
    second = read_inventory(tmp_path / target)
    assert same(first, second)
    write_inventory(second, tmp_path / ("again" + Path(target).suffix))
    assert same(second, read_inventory(tmp_path / ("again" + Path(target).suffix)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(inv=inventories())
def test_random_inventories_round_trip_xlsx_and_csv(inv, tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("rt")
    for target in (folder / "book.xlsx", folder / "csv"):
        write_inventory(inv, target)
        assert same(inv, read_inventory(target))


def test_candidates_round_trip_as_single_csv(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "candidates.csv").write_text(
        "candidate_id,max_hours,prefers,avoids,night_ok,c_pace\nK1,24,Keuken;Magazijn,T3,ja,2.5\n",
        encoding="utf-8",
    )
    pool = read_candidates(tmp_path / "in" / "candidates.csv")
    assert pool.candidates[0].prefers == ("Keuken", "Magazijn") and pool.candidates[0].night_ok
    write_candidates(pool, tmp_path / "out" / "candidates.csv")
    assert read_candidates(tmp_path / "out" / "candidates.csv") == pool


def test_extra_rating_columns_survive_a_round_trip(tmp_path: Path) -> None:
    folder = tmp_path / "pool"
    folder.mkdir()
    (folder / "candidates.csv").write_text("candidate_id,max_hours\nK1,24\n", encoding="utf-8")
    (folder / "ratings.csv").write_text(
        "candidate_id,wave,rater,item,score,datum\nK1,1,self,IND1,3,2026-10-01\n", encoding="utf-8")
    pool = read_candidates(folder)
    assert pool.ratings[0].extra == {"datum": "2026-10-01"}
    write_candidates(pool, tmp_path / "copy")
    assert read_candidates(tmp_path / "copy") == pool
