"""What a Dask worker executes for one run: load, solve through ``matcher.api``, store.

The function takes the database URL and the run id only (both pickle, and a worker on
another machine can reach the database by the URL), opens its own engine, and writes
in its own short transactions, so a page reading the run never waits on the solve.

Cancel reaches the solve through a ``threading.Event``: a small thread reads the
run's ``cancel_requested`` twice a second and sets the event; ``matcher.api`` then
returns within two seconds with status ``CANCELLED`` and the best valid answer.
Every answer is re-checked by ``matcher.api.evaluate`` (the independent evaluator)
before it is stored; a rejected answer fails the run, it is never shown as done.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from taskmodels.messages import Message, msg
from web.db import make_engine
from web.models import Function, InventoryVersion, Run
from web.runs.state import now

log = logging.getLogger(__name__)

CANCEL_POLL_SECONDS = 0.5
PROGRESS_EVERY_SECONDS = 0.25  # fewer writes; the last step is always written


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def _engine(url: str) -> Engine:
    """One engine per database URL per worker process (connection pool reused)."""
    with _ENGINES_LOCK:
        if url not in _ENGINES:
            _ENGINES[url] = make_engine(url)
        return _ENGINES[url]


def dispose_worker_engine(url: str) -> None:
    """Close this process's worker connections to ``url`` (the run engine is closing)."""
    with _ENGINES_LOCK:
        engine = _ENGINES.pop(url, None)
    if engine is not None:
        engine.dispose()


def _set(engine: Engine, run_id: int, *, states: tuple[str, ...] = ("running",),
         **values: Any) -> int:
    """Write ``values`` into the run while it is in one of ``states``; rows written.

    A run marked ``interrupted`` (its server stopping) or ``cancelled`` meanwhile is
    never overwritten by a worker that had not noticed yet.
    """
    with engine.begin() as conn:
        return int(conn.execute(update(Run).where(Run.id == run_id, Run.state.in_(states))
                                .values(**values)).rowcount or 0)


class _CancelWatch(threading.Thread):
    """Sets ``event`` once the run's ``cancel_requested`` is true in the database."""

    def __init__(self, engine: Engine, run_id: int, event: threading.Event) -> None:
        super().__init__(name=f"cancel-watch-{run_id}", daemon=True)
        self.engine, self.run_id, self.event = engine, run_id, event
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(CANCEL_POLL_SECONDS):
            with self.engine.connect() as conn:
                if conn.execute(select(Run.cancel_requested).where(Run.id == self.run_id)).scalar():
                    self.event.set()
                    return


class _ProgressWriter:
    """The ``progress=`` callback: done/total/message into the run, throttled."""

    def __init__(self, engine: Engine, run_id: int) -> None:
        self.engine, self.run_id = engine, run_id
        self._last = float("-inf")

    def __call__(self, progress: Any) -> None:
        t = time.monotonic()
        if t - self._last < PROGRESS_EVERY_SECONDS and progress.done < progress.total:
            return
        self._last = t
        message = progress.message if isinstance(progress.message, Message) else \
            msg("web.runs.plain", text=str(progress.message))
        _set(self.engine, self.run_id, progress_done=int(progress.done),
             progress_total=int(progress.total), progress_message=message.model_dump_json()[:500])


def execute_run(db_url: str, run_id: int) -> str:
    """Run ``run_id`` to its end and return the state it ended in.

    A run that is no longer ``queued`` when a worker gets it (cancelled while it
    waited, or marked interrupted) is left alone.
    """
    engine = _engine(db_url)
    started = _set(engine, run_id, states=("queued",), state="running", started_at=now(),
                   progress_message=msg("web.runs.started").model_dump_json())
    if not started:
        return _state(engine, run_id)
    cancel = threading.Event()
    watch = _CancelWatch(engine, run_id, cancel)
    watch.start()
    try:
        return _solve_and_store(engine, run_id, cancel)
    except _Rejected as exc:  # the independent check refused the answer: no proposal
        return _fail(engine, run_id, exc.reason)
    except Exception as exc:  # any failure ends the run visibly, with its reason kept
        from matcher.api import AnswerRejected

        if isinstance(exc, AnswerRejected):  # a pipeline's own check refused its answer
            log.error("run %s: answer rejected: %s", run_id, exc)
            return _fail(engine, run_id, msg("web.runs.rejected_reason",
                                             problems=[str(exc)[:300]]))
        return _fail(engine, run_id, msg("web.runs.failed_reason",
                                         error=f"{type(exc).__name__}: {exc}"[:300]))
    finally:
        watch.stopped.set()


class _Rejected(Exception):
    """The verdict on a finished answer found broken rules (``reason`` names them)."""

    def __init__(self, reason: Message) -> None:
        super().__init__(reason.code)
        self.reason = reason


def _rejection(problems: list[Any]) -> Message:
    """The verdict's first broken rules, each rendered later in the reader's language."""
    items: list[Any] = [
        {"code": "web.runs.rejected_problem",
         "params": {"subject": p.subject, "rule": [{"code": p.code, "params": p.params}]}}
        for p in problems[:5]]
    return msg("web.runs.rejected_reason", problems=items)


def _fail(engine: Engine, run_id: int, reason: Message) -> str:
    """End the run as failed with ``reason``, unless it was interrupted meanwhile."""
    if not _set(engine, run_id, state="failed", finished_at=now(),
                error_reason=reason.model_dump_json(),
                progress_message=msg("web.runs.failed").model_dump_json()):
        return _state(engine, run_id)  # interrupted meanwhile: that state stays
    log.warning("run %s failed", run_id, exc_info=True)
    return "failed"


def _state(engine: Engine, run_id: int) -> str:
    with engine.connect() as conn:
        return str(conn.execute(select(Run.state).where(Run.id == run_id)).scalar_one())


def _solve_and_store(engine: Engine, run_id: int, cancel: threading.Event) -> str:
    from matcher import api  # imported here: the worker process may not have it loaded yet
    from web.coach.pool_work import pool_for_run, solve_pool

    with Session(engine) as db:
        run = db.get(Run, run_id)
        assert run is not None
        version = db.get(InventoryVersion, run.inventory_version_id)
        assert version is not None
        inventory = version.inventory()
        policy = api.Policy(**run.policy) if run.policy else None
        opts = dict(run.options or {})
        options = api.SolveOptions(time_limit=float(opts.get("time_limit", 10.0)),
                                   workers=int(opts.get("workers", 1)),
                                   seed=int(opts.get("seed", run.seed)),
                                   allow_borderline=bool(opts.get("allow_borderline", False)))
        kind = run.kind
        # Pool runs (match/carve against chosen candidates) belong to the coach's area.
        pool = pool_for_run(db, run) if kind != "redesign" else None
    if pool is None:
        report = api.redesign(inventory, policy=policy, options=options,
                              progress=_ProgressWriter(engine, run_id), cancel=cancel)
    else:
        report = solve_pool(api, kind, inventory, pool, policy=policy, options=options,
                            progress=_ProgressWriter(engine, run_id), cancel=cancel)
    verdict = api.evaluate(report, inventory, pool)
    if not verdict.ok:
        log.error("run %s: answer rejected: %s", run_id, "; ".join(map(str, verdict.problems)))
        raise _Rejected(_rejection(list(verdict.problems)))
    data = report.model_dump(mode="json")
    solver = report.solver
    state = "cancelled" if solver.status == "CANCELLED" else "done"
    with Session(engine) as db, db.begin():
        run = db.get(Run, run_id)
        assert run is not None
        # The end state first, and only while still running: a run its stopping server
        # marked interrupted keeps that state, and gets no functions.
        ended = db.execute(update(Run).where(Run.id == run_id, Run.state == "running").values(
            state=state, report=data, solver_status=solver.status,
            objective=solver.objective, bound=solver.bound, finished_at=now(),
            progress_done=max(run.progress_done, run.progress_total),
            progress_message=msg(f"web.runs.{state}").model_dump_json()))
        stored = bool(getattr(ended, "rowcount", 0))
        for fn in data["roles"] if stored else ():
            db.add(Function(run_id=run_id, organisation_id=run.organisation_id,
                            role_id=fn["role_id"], name=fn["role_id"],
                            department=fn.get("department"),
                            hours=float(fn["hours_per_week"]), data=fn))
    return state if stored else _state(engine, run_id)
