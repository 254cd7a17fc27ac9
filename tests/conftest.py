"""Shared fixtures: tiny hand-checkable inventories written to real files."""

from __future__ import annotations

from pathlib import Path

import pytest

ROLES_CSV = """role,department,headcount,contract_hours,hourly_cost,level
Verpleegkundige,Afdeling A,10,32,45,4
Schoonmaker,Facilitair,3,24,28,2
"""

TASKS_CSV = """task_id,task,role,hours_per_week,level,separable,core,time_of_day,keep_with,d_pace
T1,Bedden opmaken,Verpleegkundige,20,1,ja,nee,day,T2,2
T2,Linnen sorteren,Verpleegkundige,4,1,yes,no,day,,3
T3,Medicatie toedienen,Verpleegkundige,30,4,nee,ja,day,,3
T4,Dweilen,Schoonmaker,12,1,1,0,evening,,
"""


def write_folder(root: Path, **sheets: str) -> Path:
    """Write CSV sheets (name=text) into ``root`` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in sheets.items():
        (root / f"{name}.csv").write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def tiny_folder(tmp_path: Path) -> Path:
    """A valid two-role, four-task inventory folder."""
    return write_folder(tmp_path / "tiny", roles=ROLES_CSV, tasks=TASKS_CSV)
