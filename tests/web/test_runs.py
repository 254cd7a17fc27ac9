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


# --- on a real Dask LocalCluster ------------------------------------------------------

@pytest.fixture()
def run_engine(db_url):
    engine = RunEngine(db_url)
    try:
        yield engine
    finally:
        engine.close()


def _functions(url: str, rid: int) -> list[str]:
    engine = make_engine(url)
    with Session(engine) as db:
        names = list(db.scalars(select(Function.role_id).where(Function.run_id == rid)))
    engine.dispose()
    return names


def test_run_on_local_cluster_ends_done_with_checked_report(db_url, run_engine):
    from matcher import api

    vid = _version(db_url, _inventory())
    rid = _new_run(db_url, vid, time_limit=2)
    run_engine.submit(rid)
    assert run_engine.in_flight() == [rid]
    assert run_engine.wait(rid, timeout=120) == "done"
    run = _get(db_url, rid)
    assert run.state == "done" and run.started_at and run.finished_at
    assert run.solver_status in ("OPTIMAL", "FEASIBLE")
    assert run.progress_total > 0 and run.progress_done == run.progress_total
    report = api.load_report(run.report)
    assert sorted(_functions(db_url, rid)) == sorted(fn.role_id for fn in report.roles)
    assert api.evaluate(report, _inventory()).ok  # the stored answer holds when re-checked
    if run.bound is not None:
        assert run.bound >= run.objective - 1e-6  # maximising: the bound is never below


def test_cancel_stops_a_running_solve_within_seconds_keeping_its_answer(db_url, run_engine):
    import time

    from matcher.synthetic.generate import generate_inventory

    big = generate_inventory("Groot Zorgcentrum", "care", 1500, seed=3)
    vid = _version(db_url, big)
    rid = _new_run(db_url, vid, time_limit=120)
    run_engine.submit(rid)
    deadline = time.monotonic() + 60
    while _get(db_url, rid).state != "running":
        assert time.monotonic() < deadline, "the run never started"
        time.sleep(0.2)
    time.sleep(1.0)  # let the solve get going
    engine = make_engine(db_url)
    with engine.begin() as conn:
        assert request_cancel(conn, rid) == "running"
    engine.dispose()
    asked = time.monotonic()
    assert run_engine.wait(rid, timeout=60) == "cancelled"
    waited = time.monotonic() - asked
    run = _get(db_url, rid)
    assert run.state == "cancelled" and run.solver_status == "CANCELLED"
    assert run.report is not None and run.report["solver"]["status"] == "CANCELLED"
    # reported, not asserted as a timing: the API's own tests hold it to 2 s
    print(f"cancel took {waited:.2f} s (0.5 s poll + the API's stop)")


def test_a_run_cancelled_while_queued_is_never_started(db_url, run_engine):
    vid = _version(db_url)
    rid = _new_run(db_url, vid)
    engine = make_engine(db_url)
    with engine.begin() as conn:
        request_cancel(conn, rid)
    engine.dispose()
    run_engine.submit(rid)
    assert run_engine.wait(rid, timeout=60) == "cancelled"
    assert _get(db_url, rid).started_at is None


def test_a_failing_run_is_failed_with_its_reason(db_url, run_engine):
    vid = _version(db_url)
    rid = _new_run(db_url, vid, policy={"max_demand": 99})  # the Policy refuses it
    run_engine.submit(rid)
    assert run_engine.wait(rid, timeout=60) == "failed"
    run = _get(db_url, rid)
    assert "max_demand" in render(error_message(run), "en")



def test_an_answer_the_evaluator_rejects_fails_the_run_naming_the_broken_rule(db_url,
                                                                              monkeypatch):
    """A solver answer with a wrong figure: the real evaluator refuses it, nothing is stored.

    The fault is put into the answer (its hours on a function raised by 5), not into the
    check: the worker's own ``api.evaluate`` must find it, and the reason must read in
    both languages with the rule and where it breaks.
    """
    from matcher import api
    from web.runs.worker import execute_run

    real = api.redesign

    def tampered(*args, **kwargs):
        report = real(*args, **kwargs)
        report.roles[0].hours_per_week += 5
        return report

    monkeypatch.setattr(api, "redesign", tampered)
    rid = _new_run(db_url, _version(db_url, _inventory()), time_limit=5)
    assert execute_run(db_url, rid) == "failed"
    run = _get(db_url, rid)
    assert run.report is None
    reason = error_message(run)
    assert reason is not None and reason.code == "web.runs.rejected_reason"
    nl, en = render(reason, "nl"), render(reason, "en")
    assert "controle keurde de uitkomst af" in nl and "Gebroken regels" in nl
    assert "independent check rejected the answer" in en
    first = reason.params["problems"][0]["params"]["subject"]
    assert first and first in nl and first in en
    engine = make_engine(db_url)
    with Session(engine) as db:
        assert db.scalars(select(Function).where(Function.run_id == rid)).all() == []
    engine.dispose()


def test_a_pipeline_that_refuses_its_own_answer_fails_the_run_as_a_rejection(db_url,
                                                                            monkeypatch):
    """``api.AnswerRejected`` (every pipeline's evaluator error) is shown as a rejection."""
    from matcher import api
    from matcher.redesign.pipeline import ProposalRejected
    from web.runs.worker import execute_run

    assert issubclass(ProposalRejected, api.AnswerRejected)

    def refuses(*args, **kwargs):
        raise ProposalRejected("FN-1: hours_out_of_range")

    monkeypatch.setattr(api, "redesign", refuses)
    rid = _new_run(db_url, _version(db_url, _inventory()))
    assert execute_run(db_url, rid) == "failed"
    reason = error_message(_get(db_url, rid))
    assert reason is not None and reason.code == "web.runs.rejected_reason"
    assert "FN-1: hours_out_of_range" in render(reason, "nl")


# --- lifetime: a run engine ends with its application ------------------------------------

@pytest.fixture(params=["sqlite", "postgresql"])
def any_url(request, db_url):
    """The SQLite file above, or a migrated schema on the real PostgreSQL."""
    if request.param == "sqlite":
        return db_url
    url = request.getfixturevalue("pg_url")
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def test_close_interrupts_runs_in_flight_and_joins_the_heartbeat(any_url, caplog):
    import time

    from matcher.synthetic.generate import generate_inventory
    from web.runs import live_engines

    vid = _version(any_url, generate_inventory("Groot Zorgcentrum", "care", 1500, seed=3))
    rid = _new_run(any_url, vid, time_limit=120)
    engine = RunEngine(any_url, heartbeat=0.2)
    engine.submit(rid)
    deadline = time.monotonic() + 60
    while _get(any_url, rid).state != "running":
        assert time.monotonic() < deadline, "the run never started"
        time.sleep(0.1)
    beat = engine._beat
    assert beat is not None and beat.is_alive()
    engine.close()
    assert not beat.is_alive() and engine.closed and engine not in live_engines()
    run = _get(any_url, rid)
    assert run.state == "interrupted" and run.cancel_requested
    assert error_message(run).code == "web.runs.stopped_reason"
    assert "gestopt" in render(error_message(run), "nl")
    assert run.report is None and _functions(any_url, rid) == []  # the worker wrote nothing
    time.sleep(1.0)  # five heartbeats' time: a thread left behind would log now
    assert "run heartbeat failed" not in caplog.text
    engine.close()  # twice is harmless


def test_disposing_the_app_engine_closes_its_run_engine(tmp_path):
    from tests.web.conftest import make_app
    from web import db as storage
    from web.runs import get_engine

    app = make_app(tmp_path, RUN_HEARTBEAT=True, RUN_HEARTBEAT_SECONDS=0.2)
    runs = get_engine(app)
    beat = runs._beat
    assert beat is not None and beat.is_alive() and not runs.closed
    with app.app_context():
        storage.engine().dispose()
    assert runs.closed and not beat.is_alive()
    fresh = get_engine(app)  # the application still takes runs afterwards
    assert fresh is not runs and not fresh.closed and get_engine(app) is fresh


def test_shutdown_closes_only_the_engines_on_that_database(db_url, tmp_path):
    from web.runs import live_engines, shutdown

    other_url = f"sqlite:///{tmp_path / 'other.db'}"
    mine, other = RunEngine(db_url), RunEngine(other_url)
    try:
        assert shutdown(db_url) == 1
        assert mine.closed and not other.closed
        assert other in live_engines() and mine not in live_engines()
    finally:
        other.close()
