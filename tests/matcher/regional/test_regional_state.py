"""Per-employer records on disk: fingerprints, atomic writes, what resume may reuse."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from matcher.policy import Policy
from matcher.regional.state import StateStore, employer_name, fingerprint, normalised
from matcher.results import SolveOptions


def _inventory(root: Path) -> Path:
    folder = root / "zorg-001"
    folder.mkdir(parents=True)
    (folder / "roles.csv").write_text("role,department,headcount,contract_hours,hourly_cost,level\n"
                                      "Verpleegkundige,A,3,32,40,4\n", encoding="utf-8")
    (folder / "tasks.csv").write_text("task_id,task,role,hours_per_week,level,separable\n"
                                      "T1,Bedden opmaken,Verpleegkundige,8,1,ja\n", encoding="utf-8")
    return folder


def test_employer_name_is_file_or_folder_name_without_extension(tmp_path: Path) -> None:
    assert employer_name(_inventory(tmp_path)) == "zorg-001"
    book = tmp_path / "bouw-002.xlsx"
    book.write_bytes(b"x")
    assert employer_name(book) == "bouw-002"


def test_fingerprint_follows_content_policy_and_settings_but_not_threads(tmp_path: Path) -> None:
    folder = _inventory(tmp_path)
    opts = SolveOptions(time_limit=2, workers=1, seed=0)
    base = fingerprint(folder, Policy(), opts)
    assert fingerprint(folder, Policy(), opts) == base
    assert fingerprint(folder, Policy(), replace(opts, workers=8)) == base
    assert fingerprint(folder, Policy(max_function_hours=30), opts) != base
    assert fingerprint(folder, Policy(), replace(opts, time_limit=3)) != base
    assert fingerprint(folder, Policy(), replace(opts, seed=1)) != base
    assert fingerprint(folder, Policy(), opts, stage="carve:K1") != base
    tasks = folder / "tasks.csv"
    tasks.write_text(tasks.read_text(encoding="utf-8").replace(",8,", ",9,"), encoding="utf-8")
    assert fingerprint(folder, Policy(), opts) != base


def test_store_keeps_a_record_and_reuses_it_only_with_the_same_fingerprint(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state")
    record = normalised({"organisation": "zorg-001", "fingerprint": "abc", "ok": True,
                         "functions": [{"role_id": "NF-1", "hours": 12.5}]})
    store.save(record)
    assert store.load("zorg-001", "abc") == record
    assert store.load("zorg-001", "other") is None
    assert store.load("bouw-002", "abc") is None
    # Only the record itself is left behind (the temporary file was renamed).
    assert [p.name for p in (tmp_path / "state").iterdir()] == ["zorg-001.json"]


def test_a_damaged_record_is_redone_not_trusted(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state")
    store.path("zorg-001").write_text('{"organisation": "zorg-001", "fingerpr', encoding="utf-8")
    assert store.load("zorg-001", "abc") is None


def test_normalised_gives_json_types() -> None:
    assert normalised({"a": (1, 2), "b": 1.5}) == {"a": [1, 2], "b": 1.5}
