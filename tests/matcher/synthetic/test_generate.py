"""The synthetic data generator: reproducible, valid under the reader, sized as asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.cli import main
from matcher.redesign.carveable import decide
from matcher.synthetic.generate import SECTOR_NAMES, generate_candidates, generate_inventory
from taskmodels.reading import read_candidates, read_inventory
from taskmodels.writing import write_candidates, write_inventory


def test_same_seed_same_inventory_and_other_seed_differs() -> None:
    a = generate_inventory("zorg-001", "care", 60, seed=7)
    b = generate_inventory("zorg-001", "care", 60, seed=7)
    c = generate_inventory("zorg-001", "care", 60, seed=8)
    assert a == b
    assert a != c


def test_same_seed_same_candidates_and_other_seed_differs() -> None:
    assert generate_candidates(50, seed=3) == generate_candidates(50, seed=3)
    assert generate_candidates(50, seed=3) != generate_candidates(50, seed=4)


@pytest.mark.parametrize("n_tasks,n_departments", [(1, None), (7, 1), (60, None), (300, 4)])
def test_sizes_as_asked(n_tasks: int, n_departments: int | None) -> None:
    inv = generate_inventory("x", "logistics", n_tasks, n_departments=n_departments, seed=1)
    assert len(inv.tasks) == n_tasks
    assert len({t.task_id for t in inv.tasks}) == n_tasks
    if n_departments is not None:
        assert len({r.department for r in inv.roles}) == min(
            n_departments, len({t.department for t in inv.tasks}))
    pool = generate_candidates(123, seed=1)
    assert len(pool.candidates) == 123
    assert len({c.candidate_id for c in pool.candidates}) == 123


def test_unknown_sector_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown sector"):
        generate_inventory("x", "mining", 10)


@pytest.mark.parametrize("sector", SECTOR_NAMES)
def test_every_sector_has_carveable_work_in_the_expected_share(sector: str) -> None:
    inv = generate_inventory(f"{sector}-1", sector, 300, seed=11)
    hours = {t.task_id: t.hours_per_week for t in inv.tasks}
    carved = [d.task_id for d in decide(inv) if d.carveable]
    assert carved, f"{sector} produced no carve-able task"
    share = sum(hours[t] for t in carved) / sum(hours.values())
    # The generator aims at 20-35 % of the hours; keep_with groups that fail and the
    # occasional harder-than-template task pull it a little below that.
    assert 0.15 <= share <= 0.40, f"{sector}: carve-able share {share:.2f}"
    # Also not everything: the analysis must show work that stays.
    assert len(carved) < len(inv.tasks)


@settings(max_examples=15, deadline=None)
@given(
    sector=st.sampled_from(SECTOR_NAMES),
    n_tasks=st.integers(1, 80),
    n_departments=st.one_of(st.none(), st.integers(1, 6)),
    seed=st.integers(0, 2**32 - 1),
)
def test_generated_inventory_round_trips_through_the_reader(
    tmp_path_factory: pytest.TempPathFactory, sector: str, n_tasks: int,
    n_departments: int | None, seed: int,
) -> None:
    inv = generate_inventory("werkgever", sector, n_tasks, n_departments, seed=seed)
    folder = tmp_path_factory.mktemp("inv") / "werkgever"
    write_inventory(inv, folder)
    back = read_inventory(folder)  # raises InventoryError on any problem
    assert back.roles == inv.roles
    assert back.tasks == inv.tasks
    tasks = inv.task_by_id()
    for t in inv.tasks:
        for other in t.keep_with:
            assert tasks[other].department == t.department
            assert tasks[other].time_of_day == t.time_of_day


def test_candidates_round_trip_and_stay_in_range(tmp_path: Path) -> None:
    pool = generate_candidates(200, seed=5, departments=["Keuken", "Hal A"])
    write_candidates(pool, tmp_path / "candidates.csv")
    back = read_candidates(tmp_path / "candidates.csv")
    assert back.candidates == pool.candidates
    for c in pool.candidates:
        assert 1 <= min(c.capacities.values()) and max(c.capacities.values()) <= 5
        assert c.min_hours <= c.max_hours
        assert set(c.prefers) <= {"Keuken", "Hal A"}
    assert any(c.prefers for c in pool.candidates)


def test_ratings_use_item_bank_ids_and_read_back(tmp_path: Path) -> None:
    from taskmodels.itembank import item_bank

    bank = item_bank()  # shipped with the package: a missing file is a failure
    assert bank
    pool = generate_candidates(5, seed=2, capacities=False, ratings=True)
    assert pool.ratings
    assert {r.item for r in pool.ratings} <= set(bank)
    assert all(not c.capacities for c in pool.candidates)
    write_candidates(pool, tmp_path / "pool")
    assert read_candidates(tmp_path / "pool").ratings == pool.ratings


def test_generate_command_writes_readable_reproducible_files(tmp_path: Path) -> None:
    args = ["generate", "--employers", "8", "--tasks-per-employer", "20", "--candidates", "30",
            "--seed", "4"]
    assert main([*args, str(tmp_path / "a")]) == 0
    assert main([*args, str(tmp_path / "b")]) == 0
    employers = sorted((tmp_path / "a" / "employers").iterdir())
    assert len(employers) == 8
    # Eight employers over seven sectors: every sector is used.
    assert len({p.name.split("-")[0] for p in employers}) == 7
    for folder in employers:
        inv = read_inventory(folder)
        assert inv.organisation == folder.name
        assert len(inv.tasks) == 20
        other = tmp_path / "b" / "employers" / folder.name
        for sheet in ("roles.csv", "tasks.csv"):
            assert (folder / sheet).read_bytes() == (other / sheet).read_bytes()
    pool = read_candidates(tmp_path / "a" / "candidates.csv")
    assert len(pool.candidates) == 30
    assert (tmp_path / "a" / "candidates.csv").read_bytes() == (
        tmp_path / "b" / "candidates.csv").read_bytes()


def test_generate_command_refuses_unknown_sector(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["generate", "--sectors", "care,mining", str(tmp_path / "x")])
    assert code == 2
    assert "mining" in capsys.readouterr().err


def test_generate_monitor_only_writes_ratings_instead_of_capacities(tmp_path: Path) -> None:
    code = main(["generate", "--employers", "1", "--tasks-per-employer", "5", "--candidates", "4",
                 "--monitor-only", str(tmp_path / "out")])
    assert code == 0
    pool = read_candidates(tmp_path / "out" / "candidates.csv")
    assert all(not c.capacities for c in pool.candidates)
    assert {r.candidate_id for r in pool.ratings} == {c.candidate_id for c in pool.candidates}
