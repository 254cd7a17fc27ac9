"""The Dask side of background runs: one client per application process, and a heartbeat.

The same engine as the ``regional`` command: by default a ``distributed.LocalCluster``
in this process (``processes=False``: worker threads share the process, so nothing is
pickled to a second interpreter and a small office server needs nothing started), made
lazily on the first run and closed when the process ends; or, when the configuration
names ``DASK_SCHEDULER``, a cluster that a busy office grows by starting
``dask worker ADDRESS`` on more machines (those must import this package and reach
the database by its URL).

The heartbeat thread touches every run this process has in flight, and marks runs of
dead processes interrupted (:func:`web.runs.state.sweep_stale`).

**Lifetime.** A run engine ends with its application: when the application's
database engine is disposed, at interpreter exit, or by :func:`shutdown` (the tests
call it before they drop a PostgreSQL schema). :meth:`RunEngine.close` marks the runs
still in flight ``interrupted`` (the server stopped; they can be run again), asks
their solves to stop, waits briefly for them, then stops and *joins* the heartbeat,
so no thread of a closed engine writes to a database that is gone.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
from typing import Any

from distributed import Client, Future, LocalCluster
from flask import Flask, current_app
from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from web.db import make_engine
from web.runs.state import HEARTBEAT_SECONDS, STALE_SECONDS, stop_runs, sweep_stale, touch
from web.runs.worker import dispose_worker_engine, execute_run

log = logging.getLogger(__name__)
_EXT = "web.runs"

CLOSE_WAIT_SECONDS = 5.0
"""How long :meth:`RunEngine.close` waits for stopped solves (the API stops within 2 s)."""

_LIVE: weakref.WeakSet[RunEngine] = weakref.WeakSet()
_LIVE_LOCK = threading.Lock()


class RunEngine:
    """Submits runs to Dask and keeps their heartbeat while they are in flight.

    Parameters
    ----------
    db_url
        The database the workers read and write (the application's ``DATABASE_URL``).
    scheduler
        A Dask scheduler address; ``None`` makes a local cluster on first use.
    threads
        Worker threads of the local cluster (runs solved at the same time).
    heartbeat
        Seconds between heartbeats.
    stale
        A live run untouched this long is marked interrupted by the sweep.
    """

    def __init__(self, db_url: str, scheduler: str | None = None, threads: int = 1,
                 heartbeat: float = HEARTBEAT_SECONDS, stale: float = STALE_SECONDS) -> None:
        self.db_url, self.scheduler, self.threads = db_url, scheduler, threads
        self.heartbeat_seconds, self.stale_seconds = float(heartbeat), float(stale)
        self._engine: Engine = make_engine(db_url)
        self._lock = threading.Lock()
        self._client: Client | None = None
        self._cluster: LocalCluster | None = None
        self._futures: dict[int, Future] = {}
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None
        self._closed = False
        with _LIVE_LOCK:
            _LIVE.add(self)

    @property
    def closed(self) -> bool:
        """True once :meth:`close` has run (a closed engine takes no more runs)."""
        return self._closed

    # --- the cluster ------------------------------------------------------------------

    def client(self) -> Client:
        """The Dask client, made on first use (a local cluster unless a scheduler is named)."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the run engine is closed")
            if self._client is None:
                if self.scheduler:
                    self._client = Client(self.scheduler, timeout=30)
                else:
                    self._cluster = LocalCluster(
                        n_workers=1, threads_per_worker=self.threads, processes=False,
                        dashboard_address=":0", silence_logs=logging.ERROR)
                    self._client = Client(self._cluster)
            return self._client

    def start_heartbeat(self) -> None:
        """Start the thread that touches runs in flight and sweeps dead ones (once)."""
        with self._lock:
            if self._beat is None and not self._closed:
                self._beat = threading.Thread(target=self._heartbeat, name="run-heartbeat",
                                              daemon=True)
                self._beat.start()

    def close(self, wait: float = CLOSE_WAIT_SECONDS) -> None:
        """End the engine: runs in flight interrupted, heartbeat joined, cluster closed.

        Safe to call more than once and from any thread (the heartbeat's own included).

        Parameters
        ----------
        wait
            Seconds to wait for the solves of interrupted runs to return.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._stop.set()
        self._interrupt_in_flight(wait)
        beat = self._beat
        if beat is not None and beat is not threading.current_thread():
            beat.join(timeout=self.heartbeat_seconds + 30)
        with self._lock:
            client, cluster = self._client, self._cluster
            self._client = self._cluster = None
        for part in (client, cluster):
            if part is not None:
                try:
                    part.close()
                except Exception:  # at interpreter exit Dask may have closed itself
                    log.debug("closing %r failed", part, exc_info=True)
        self._engine.dispose()
        dispose_worker_engine(self.db_url)
        with _LIVE_LOCK:
            _LIVE.discard(self)

    def _interrupt_in_flight(self, wait: float) -> None:
        run_ids = self.in_flight()
        if not run_ids:
            return
        try:
            with self._engine.begin() as conn:
                stop_runs(conn, run_ids)
        except Exception:  # the database may be the reason we stop; the sweep catches up
            log.warning("could not mark runs %s interrupted at shutdown", run_ids, exc_info=True)
        deadline = time.monotonic() + wait
        with self._lock:
            futures = [self._futures[r] for r in run_ids if r in self._futures]
        for future in futures:
            try:
                future.result(timeout=max(0.0, deadline - time.monotonic()))
            except Exception:  # timed out or the task failed: either way we stop now
                log.debug("run task did not end in time at shutdown", exc_info=True)

    # --- runs -------------------------------------------------------------------------

    def submit(self, run_id: int) -> Future:
        """Hand a committed ``queued`` run to a worker."""
        self.start_heartbeat()
        future = self.client().submit(execute_run, self.db_url, run_id, key=f"run-{run_id}",
                                      pure=False)
        with self._lock:
            self._futures[run_id] = future
        future.add_done_callback(lambda f, rid=run_id: self._finished(rid, f))
        return future

    def submit_after_commit(self, db: Session, run_id: int) -> None:
        """Submit ``run_id`` once ``db`` has committed (a worker must find the row)."""
        event.listen(db, "after_commit", lambda _s: self.submit(run_id), once=True)

    def in_flight(self) -> list[int]:
        """Run ids this process has handed to Dask and not seen end."""
        with self._lock:
            return sorted(self._futures)

    def wait(self, run_id: int, timeout: float | None = None) -> str:
        """Block until the run's task ends; returns the state the worker reported."""
        with self._lock:
            future = self._futures.get(run_id)
        if future is None:
            raise KeyError(f"run {run_id} is not in flight in this process")
        return str(future.result(timeout=timeout))

    def _finished(self, run_id: int, future: Future) -> None:
        with self._lock:
            self._futures.pop(run_id, None)
        if future.status == "error":  # the worker's own handler failed: say so in the log
            log.error("run %s: worker task raised %r", run_id, future.exception())

    def _heartbeat(self) -> None:
        while not self._stop.wait(self.heartbeat_seconds):
            try:
                with self._engine.begin() as conn:
                    touch(conn, self.in_flight())
                    sweep_stale(conn, older_than=self.stale_seconds)
            except Exception:  # a database hiccup must not kill the heartbeat
                if self._stop.is_set():  # closing: the database may already be gone
                    return
                log.exception("run heartbeat failed")


def shutdown(db_url: str | None = None) -> int:
    """Close every live run engine (or those on ``db_url``); returns how many were closed.

    Registered with :mod:`atexit`; tests call it before dropping a database schema.
    """
    with _LIVE_LOCK:
        engines = [e for e in _LIVE if db_url is None or e.db_url == db_url]
    for engine in engines:
        engine.close()
    return len(engines)


def live_engines() -> list[RunEngine]:
    """The run engines not closed yet (for tests that check nothing is left behind)."""
    with _LIVE_LOCK:
        return [e for e in _LIVE if not e.closed]


atexit.register(shutdown)


def init_app(app: Flask) -> RunEngine:
    """Make the application's run engine, and mark runs of dead processes interrupted.

    Configuration: ``SCHEDULER`` (a Dask scheduler address, from ``MATCHER_SCHEDULER``;
    ``DASK_SCHEDULER`` is read too), ``RUN_THREADS`` (local worker threads, default 1),
    ``RUN_HEARTBEAT`` (default: on, except under ``TESTING``, where each test's
    application would leave a thread behind; a run submitted starts it anyway),
    ``RUN_HEARTBEAT_SECONDS`` and ``RUN_STALE_SECONDS`` (defaults 2 and 20).

    The run engine closes when the application's database engine is disposed
    (``web.db.engine().dispose()``), and at interpreter exit.
    """
    engine = _make(app)
    app.extensions[_EXT] = engine
    return engine


def _make(app: Flask) -> RunEngine:
    scheduler = app.config.get("SCHEDULER") or app.config.get("DASK_SCHEDULER") or None
    engine = RunEngine(app.config["DATABASE_URL"], scheduler, int(app.config.get("RUN_THREADS", 1)),
                       heartbeat=float(app.config.get("RUN_HEARTBEAT_SECONDS", HEARTBEAT_SECONDS)),
                       stale=float(app.config.get("RUN_STALE_SECONDS", STALE_SECONDS)))
    try:
        with engine._engine.begin() as conn:
            marked = sweep_stale(conn, older_than=engine.stale_seconds)
        if marked:
            log.warning("%d run(s) of a stopped process marked interrupted", marked)
    except OperationalError:  # unreachable now: pages answer 503, the heartbeat sweeps later
        log.warning("database unreachable at start; stale runs are swept once it answers")
    if app.config.get("RUN_HEARTBEAT", not app.testing):
        engine.start_heartbeat()
    app_db = app.extensions.get("web.db")
    if app_db is not None:
        # Disposing the application's engine ends its runs' threads too (tests, reloads).
        event.listen(app_db.kw["bind"], "engine_disposed", _closer(engine))
    return engine


def _closer(engine: RunEngine) -> Any:
    ref = weakref.ref(engine)  # the listener must not keep a closed engine alive

    def close(_engine: Engine) -> None:
        target = ref()
        if target is not None:
            target.close()

    return close


def get_engine(app: Any = None) -> RunEngine:
    """The run engine of ``app`` (default: the current application).

    After the engine was closed by a dispose of the application's database engine
    (a restore does that to release the SQLite file), a fresh one is made here, so
    the application keeps taking runs.
    """
    flask_app: Flask = app if app is not None else current_app
    engine: RunEngine = flask_app.extensions[_EXT]
    if engine.closed:
        engine = flask_app.extensions[_EXT] = _make(flask_app)
    return engine
