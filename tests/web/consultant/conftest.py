"""Fixtures of the consultant's area: an organisation with an inventory version and a
finished redesign run (a real solve, two seconds), and another consultant's twin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from taskmodels.examples import example_path
from web.db import session_scope
from web.models import Function, InventoryVersion, Run

EXAMPLE = "zorgcentrum_de_linde"


@pytest.fixture(scope="session")
def example_report() -> dict[str, Any]:
    """One real redesign of the bundled example, made once for the whole session."""
    from matcher import api

    inventory = api.read_inventory(example_path(EXAMPLE))
    report = api.redesign(inventory, options=api.SolveOptions(time_limit=3, workers=1, seed=0))
    assert report.roles, "the example must give at least one new function"
    return report.model_dump(mode="json")


def _seed(app: Flask, org_id: int, report: dict[str, Any], user_id: int | None) -> dict[str, int]:
    from matcher import api

    inventory = api.read_inventory(example_path(EXAMPLE))
    with session_scope(app) as db:
        version = InventoryVersion.from_inventory(inventory, organisation_id=org_id, number=1,
                                                  source_filename=f"{EXAMPLE}.xlsx")
        db.add(version)
        db.flush()
        run = Run(organisation_id=org_id, inventory_version_id=version.id, kind="redesign",
                  state="done", report=report, solver_status=report["solver"]["status"],
                  objective=report["solver"].get("objective"), bound=report["solver"].get("bound"),
                  created_by_id=user_id, progress_done=1, progress_total=1,
                  options={"time_limit": 1, "workers": 1, "seed": 0})
        db.add(run)
        db.flush()
        for fn in report["roles"]:
            db.add(Function(run_id=run.id, organisation_id=org_id, role_id=fn["role_id"],
                            name=fn["role_id"], department=fn["department"],
                            hours=fn["hours_per_week"], data=fn))
        return {"org": org_id, "version": version.id, "run": run.id}


@pytest.fixture(autouse=True)
def _close_run_engine(app: Flask):
    """A test that started a run leaves no Dask cluster or worker thread behind."""
    yield
    engine = app.extensions.get("web.runs")
    if engine is not None:
        for run_id in engine.in_flight():
            engine.wait(run_id, timeout=60)
        engine.close()


@pytest.fixture
def seeded(app: Flask, consultant: dict[str, Any], make_user: Callable[..., int],
           make_organisation: Callable[..., int],
           example_report: dict[str, Any]) -> dict[str, Any]:
    """Own organisation (the ``consultant`` works for it) and another consultant's one."""
    other = make_user("consultant", name="other-consultant")
    own = _seed(app, make_organisation("Zorgcentrum De Linde", (consultant["id"],)),
                example_report, consultant["id"])
    theirs = _seed(app, make_organisation("Andermans Bedrijf", (other,)), example_report, other)
    role_id = example_report["roles"][0]["role_id"]
    task_id = example_report["tasks"][0]["task_id"]
    return {"own": own, "theirs": theirs, "role_id": role_id, "task_id": task_id}
