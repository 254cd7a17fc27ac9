"""Background runs: state in the database, the work on a real Dask LocalCluster."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from taskmodels.examples import example_path
from taskmodels.messages import render
from web.db import make_engine, upgrade
from web.models import Function, InventoryVersion, Organisation, Run
from web.runs import RunEngine, create_run, error_message, request_cancel, sweep_stale
from web.runs.state import now


@pytest.fixture()
def db_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def _inventory():
    from matcher import api
    return api.read_inventory(example_path("zorgcentrum_de_linde"))


def _version(url: str, inventory=None) -> int:
    engine = make_engine(url)
    with Session(engine) as db, db.begin():
        org = Organisation(name="Ziekenhuis")
        db.add(org)
        db.flush()
        if inventory is None:
            from taskmodels.models import Inventory
            inventory = Inventory(organisation="leeg", roles=(), tasks=())
        version = InventoryVersion.from_inventory(inventory, organisation_id=org.id, number=1)
        db.add(version)
        db.flush()
        vid = version.id
    engine.dispose()
    return vid


def _new_run(url: str, vid: int, **kw) -> int:
    engine = make_engine(url)
    with Session(engine) as db, db.begin():
        run = create_run(db, db.get(InventoryVersion, vid), user_id=None, **kw)
        rid = run.id
    engine.dispose()
    return rid


def _get(url: str, rid: int) -> Run:
    engine = make_engine(url)
    with Session(engine) as db:
        run = db.get(Run, rid)
        db.expunge(run)
    engine.dispose()
    return run


def test_stale_running_run_is_interrupted_with_reason_fresh_one_kept(db_url):
    vid = _version(db_url)
    old, fresh = _new_run(db_url, vid), _new_run(db_url, vid)
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(update(Run).where(Run.id.in_([old, fresh])).values(state="running"))
        # the onupdate of updated_at is overridden by the explicit value
        conn.execute(update(Run).where(Run.id == old)
                     .values(updated_at=now() - timedelta(minutes=5)))
        assert sweep_stale(conn) == 1
    assert _get(db_url, fresh).state == "running"
    run = _get(db_url, old)
    assert run.state == "interrupted" and run.finished_at is not None
    assert "gestopt" in render(error_message(run), "nl")
    assert "stopped" in render(error_message(run), "en")


def test_cancel_of_a_queued_run_is_immediate_and_of_a_running_one_requested(db_url):
    vid = _version(db_url)
    queued, running = _new_run(db_url, vid), _new_run(db_url, vid)
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(update(Run).where(Run.id == running).values(state="running"))
        assert request_cancel(conn, queued) == "cancelled"
        assert request_cancel(conn, running) == "running"
    assert _get(db_url, running).cancel_requested is True
    assert _get(db_url, queued).cancel_requested is True
