"""Only bad input is skipped: a failing employer task ends the regional run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from matcher.policy import Policy
from matcher.regional.engine import open_client
from matcher.regional.pipeline import redesign_employer, run_employers, run_regional
from matcher.regional.state import StateStore
from matcher.results import SolveOptions
from matcher.synthetic.generate import generate_inventory
from taskmodels.errors import InventoryError
from taskmodels.models import CandidatePool
from taskmodels.writing import write_inventory
from tests.conftest import write_folder

OPTIONS = SolveOptions(time_limit=1.0, workers=1)


@pytest.fixture(scope="module")
def client():
    with open_client(workers=1) as c:
        yield c


def _employers(root: Path) -> list[Path]:
    good = root / "goed"
    write_inventory(generate_inventory("goed", "care", 8, seed=1), good)
    bad = write_folder(root / "kapot", roles="role,department\nX,Y\n", tasks="task_id\nT1\n")
    return [good, bad]


def test_bad_input_comes_back_as_a_record_and_a_bug_ends_the_run(client, tmp_path: Path) -> None:
    paths = _employers(tmp_path / "employers")
    records, _ = run_employers(client, paths, Policy(), OPTIONS, StateStore(tmp_path / "s"))
    assert [r["ok"] for r in records] == [True, False]
    assert records[1]["problems"]  # named lines, each with file, sheet and row

    def rejected(path: str, pool: CandidatePool | None, policy: Policy, options: SolveOptions,
                 print_: str) -> dict[str, Any]:
        # A stand-in for a proposal the evaluator rejects on one employer.
        if path.endswith("goed"):
            raise RuntimeError("evaluator rejected the proposal")
        return redesign_employer(path, pool, policy, options, print_)

    with pytest.raises(RuntimeError, match="evaluator rejected"):
        run_employers(client, paths, Policy(), OPTIONS, StateStore(tmp_path / "s2"),
                      task=rejected)


def test_nothing_readable_is_bad_input(client, tmp_path: Path) -> None:
    root = tmp_path / "employers"
    write_folder(root / "kapot", roles="role,department\nX,Y\n", tasks="task_id\nT1\n")
    with pytest.raises(InventoryError):
        run_regional(client, root, CandidatePool(), Policy(), OPTIONS, tmp_path / "s")
