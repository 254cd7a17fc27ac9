"""``validate`` speaks Dutch by default and English with ``--lang en`` (issue 10, item 4)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROLES_CSV, TASKS_CSV, write_folder

ROOT = Path(__file__).resolve().parents[3]


def _bad_folder(tmp_path: Path) -> Path:
    tasks = (TASKS_CSV.replace("T4,Dweilen,Schoonmaker", "T4,Dweilen,Glazenwasser")
             .replace(",20,1,ja", ",2.5,9,ja", 1))
    return write_folder(tmp_path / "slecht", roles=ROLES_CSV, tasks=tasks)


def _validate(folder: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    # The real command line, as a consultant runs it (python -m matcher).
    return subprocess.run([sys.executable, "-m", "matcher", "validate", str(folder), *extra],
                          capture_output=True, text=True, cwd=ROOT, check=False)


def test_validate_prints_dutch_by_default(tmp_path: Path) -> None:
    folder = _bad_folder(tmp_path)
    done = _validate(folder)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    tasks = folder / "tasks.csv"
    assert lines == [
        f"{tasks} [tasks] row 2, column level: moet minstens 1 en hoogstens 8 zijn, maar is 9",
        f"{tasks} [tasks] row 5, column role: functie 'Glazenwasser' staat niet in blad roles",
        "2 problemen gevonden; er is niets ingelezen.",
    ]


def test_validate_prints_english_with_lang_en(tmp_path: Path) -> None:
    folder = _bad_folder(tmp_path)
    done = _validate(folder, "--lang", "en")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    tasks = folder / "tasks.csv"
    assert lines == [
        f"{tasks} [tasks] row 2, column level: must be at least 1 and at most 8, got 9",
        f"{tasks} [tasks] row 5, column role: role 'Glazenwasser' does not exist in sheet roles",
        "2 problems found; nothing was imported.",
    ]
