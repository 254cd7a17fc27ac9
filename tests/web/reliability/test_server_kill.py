"""Kill the production server during a redesign run; restart it on the same database.

The run must then be shown ``interrupted`` with its reason (Dutch and English), the
page must offer to run it again, and the re-run must reach exactly the result of an
uninterrupted solve with the same seed and one worker (CP-SAT is deterministic then;
the time limit is far above what the instance needs, so no subproblem is cut short).

Once on SQLite (always) and once on PostgreSQL (``TEST_DATABASE_URL``; skipped with
that reason when unset outside CI, a failure under ``CI=true``).
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from taskmodels.messages import render, text
from tests.web.reliability.live import Server, User, add_account, sqlite_url
from web.db import make_engine
from web.models import Run
from web.runs import STALE_SECONDS, error_message

SEED = 7
TIME_LIMIT = 120  # far above the 5-15 s this instance needs: no subproblem is cut short
N_TASKS = 400


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The server's database: the instance folder's SQLite file, or a fresh PG schema."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "instance")
    url: str = request.getfixturevalue("pg_url")  # skips (or fails under CI) without PG
    return url


def _inventory_file(tmp_path: Path) -> tuple[Path, Any]:
    from matcher import api
    from matcher.synthetic.generate import generate_inventory
    from taskmodels.writing import write_inventory

    path = tmp_path / "proefzorg.xlsx"
    write_inventory(generate_inventory("Proefzorg", "care", N_TASKS, seed=3), path)
    return path, api.read_inventory(path)  # what the server reads from the same bytes


def _run_row(url: str, run_id: int) -> Run:
    engine = make_engine(url)
    try:
        with Session(engine) as db:
            run = db.scalars(select(Run).where(Run.id == run_id)).one()
            db.expunge(run)
            return run
    finally:
        engine.dispose()


def _wait_state(user: User, progress: str, want: set[str], timeout: float,
                server: Server, min_done: int = 0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        state = user.json(progress)
        if state["state"] in want and (state["state"] != "running" or state["done"] >= min_done):
            return state
        assert time.monotonic() < deadline, \
            f"run stayed {state['state']} ({state}) for {timeout} s:\n{server.output()}"
        time.sleep(0.1)


def _reference(inventory: Any, out: dict[str, Any]) -> None:
    """The uninterrupted solve, in this process, with the run's options."""
    from matcher import api

    report = api.redesign(inventory, options=api.SolveOptions(
        time_limit=TIME_LIMIT, workers=1, seed=SEED))
    out["report"] = report.model_dump(mode="json")


def _result(report: dict[str, Any]) -> dict[str, Any]:
    """What must be the same: the functions, the figures and the objective.

    Not the solver's time, nor its status: a subproblem whose leading terms are settled
    may be stopped by the solver's patience (wall time) before its proof completes on a
    busy machine and after it on an idle one, with the same answer either way.
    """
    return {"roles": report["roles"], "impact": report["impact"], "tasks": report["tasks"],
            "objective": report["solver"]["objective"]}


def _start_run(database: str, tmp_path: Path, servers: list[Server],
               workbook: Path) -> tuple[Server, User, str]:
    """Server up, consultant logged in, inventory uploaded, run started: its page path."""
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    server = Server(instance, database, tmp_path / "server.log").start()
    servers.append(server)
    add_account(instance, database, "fault-consultant", "consultant")
    user = User(server.base)
    user.login("fault-consultant")
    made = user.post("/consultant/organisations/new", {"name": "Proefzorg", "sector": "zorg"})
    assert made.status == 302, made.body[:500]
    org = int(re.search(r"/organisations/(\d+)", made.location).group(1))  # type: ignore[union-attr]
    upload = f"/consultant/organisations/{org}/upload"
    stored = user.post(upload, {"note": "storingstest"},
                       files={"file": (workbook.name, workbook.read_bytes())})
    assert stored.status == 302, stored.body[:1000]
    version_page = stored.location
    started = user.post(version_page + "/runs", {"time_limit": str(TIME_LIMIT),
                                                 "seed": str(SEED), "workers": "1"},
                        form_page=version_page)
    assert started.status == 302, started.body[:500]
    return server, user, started.location


def test_killed_server_leaves_an_interrupted_run_that_reruns_to_the_same_result(
        database: str, tmp_path: Path, servers: list[Server]) -> None:
    instance = tmp_path / "instance"
    workbook, inventory = _inventory_file(tmp_path)
    server, user, run_page = _start_run(database, tmp_path, servers, workbook)
    run_id = int(run_page.rsplit("/", 1)[1])
    progress = run_page + "/progress.json"

    # Running, and in the middle of its subproblems: then the server dies.
    running = _wait_state(user, progress, {"running", "done", "failed"}, 180, server, min_done=1)
    assert running["state"] == "running", running
    server.kill()
    killed_at = time.monotonic()
    row = _run_row(database, run_id)
    assert row.state == "running"  # the database still says so: nobody could tell it
    assert row.options == {"time_limit": TIME_LIMIT, "workers": 1, "seed": SEED}
    print(f"killed during run {run_id} at subproblem {running['done']} of {running['total']}")

    # The uninterrupted solve, computed here while the new server finds the dead run.
    reference: dict[str, Any] = {}
    solver = threading.Thread(target=_reference, args=(inventory, reference))
    solver.start()

    server = Server(instance, database, tmp_path / "server2.log").start()
    servers.append(server)
    user.base = server.base  # same session cookie: same instance folder, same secret key
    ended = _wait_state(user, progress, {"interrupted", "done", "failed", "cancelled"},
                        STALE_SECONDS * 4 + 60, server)
    assert ended["state"] == "interrupted", ended
    print(f"marked interrupted {time.monotonic() - killed_at:.1f} s after the kill "
          f"(stale after {STALE_SECONDS:.0f} s without a heartbeat)")

    row = _run_row(database, run_id)
    reason = error_message(row)
    assert reason is not None and reason.code == "web.runs.interrupted_reason"
    page = user.get(run_page)
    assert page.status == 200
    for lang in ("nl", "en"):
        if lang == "en":
            user.language("en", run_page)
            page = user.get(run_page)
        body = page.body
        assert f'<html lang="{lang}">' in body
        assert text("web.runs.interrupted", lang) in body
        assert render(reason, lang) in body
        assert 'id="run-again"' in body and text("web.consultant.run.again", lang) in body
        assert "Traceback" not in body
    user.language("nl", run_page)

    # Run it again from the page: a new run, same version, options and seed.
    again = user.post(run_page + "/again", {}, form_page=run_page)
    assert again.status == 302, again.body[:500]
    rerun_page = again.location
    rerun_id = int(rerun_page.rsplit("/", 1)[1])
    assert rerun_id != run_id
    done = _wait_state(user, rerun_page + "/progress.json", {"done", "failed", "cancelled",
                                                              "interrupted"}, 600, server)
    assert done["state"] == "done", done
    rerun = _run_row(database, rerun_id)
    assert rerun.options == {"time_limit": TIME_LIMIT, "workers": 1, "seed": SEED}
    assert rerun.report is not None

    solver.join(timeout=600)
    assert "report" in reference, "the reference solve did not finish"
    expected = reference["report"]
    assert expected["solver"]["status"] in ("OPTIMAL", "FEASIBLE"), expected["solver"]
    assert _result(rerun.report) == _result(expected)
    shown = user.get(rerun_page).body
    for fn in expected["roles"]:
        assert f">{fn['role_id']}</a>" in shown
    print(f"re-run {rerun_id}: {len(expected['roles'])} functions, "
          f"{expected['impact']['carved_hours']} hours carved, identical to the uninterrupted solve")


def _stop_during_run(database: str, tmp_path: Path, servers: list[Server],
                     signum: int) -> tuple[Run, Server]:
    """Start a run, send ``signum`` to the server's process group while it is solving,
    wait for the process to end; the run's row afterwards, and the server."""
    import os

    workbook, _ = _inventory_file(tmp_path)
    server, user, run_page = _start_run(database, tmp_path, servers, workbook)
    run_id = int(run_page.rsplit("/", 1)[1])
    running = _wait_state(user, run_page + "/progress.json", {"running", "done", "failed"},
                          180, server, min_done=1)
    assert running["state"] == "running", running
    assert server.proc is not None
    os.killpg(server.proc.pid, signum)
    server.proc.wait(timeout=60)
    return _run_row(database, run_id), server


def test_stopped_server_marks_its_run_interrupted_at_once(tmp_path: Path,
                                                         servers: list[Server]) -> None:
    """Ctrl-C (SIGINT) is a stop, not a crash: the run is interrupted on the way out,
    with its own reason, without waiting for the heartbeat to go stale."""
    import signal

    row, server = _stop_during_run(sqlite_url(tmp_path / "instance"), tmp_path, servers,
                                   signal.SIGINT)
    assert row.state == "interrupted", (row.state, server.output())
    reason = error_message(row)
    assert reason is not None and reason.code == "web.runs.stopped_reason"
    assert row.report is None  # the stopped solve stored nothing half-way
    assert "Traceback" not in server.output()


def test_sigterm_stops_like_ctrl_c(database: str, tmp_path: Path,
                                   servers: list[Server]) -> None:
    """SIGTERM, what a service manager sends to stop a service, is a clean stop too:
    exit status 0, the run interrupted with the stop's reason, no half result (no
    report, no functions of the run), no traceback."""
    import signal

    from web.models import Function

    row, server = _stop_during_run(database, tmp_path, servers, signal.SIGTERM)
    assert server.proc is not None
    assert server.proc.returncode == 0, (server.proc.returncode, server.output())
    assert row.state == "interrupted", (row.state, server.output())
    reason = error_message(row)
    assert reason is not None and reason.code == "web.runs.stopped_reason"
    assert row.report is None and row.finished_at is not None
    engine = make_engine(database)
    try:
        with Session(engine) as db:
            assert db.scalars(select(Function).where(Function.run_id == row.id)).all() == []
    finally:
        engine.dispose()
    assert "Traceback" not in server.output()
