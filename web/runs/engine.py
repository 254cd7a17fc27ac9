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
"""

from __future__ import annotations

import atexit
import logging
import threading
from typing import Any

from distributed import Client, Future, LocalCluster
from flask import Flask, current_app
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from web.db import make_engine
from web.runs.state import HEARTBEAT_SECONDS, STALE_SECONDS, sweep_stale, touch
from web.runs.worker import execute_run

log = logging.getLogger(__name__)
_EXT = "web.runs"


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
    """

    def __init__(self, db_url: str, scheduler: str | None = None, threads: int = 1) -> None:
        self.db_url, self.scheduler, self.threads = db_url, scheduler, threads
        self._engine: Engine = make_engine(db_url)
        self._lock = threading.Lock()
        self._client: Client | None = None
        self._cluster: LocalCluster | None = None
        self._futures: dict[int, Future] = {}
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    # --- the cluster ------------------------------------------------------------------

    def client(self) -> Client:
        """The Dask client, made on first use (a local cluster unless a scheduler is named)."""
        with self._lock:
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
            if self._beat is None:
                self._beat = threading.Thread(target=self._heartbeat, name="run-heartbeat",
                                              daemon=True)
                self._beat.start()

    def close(self) -> None:
        """Stop the heartbeat and close the client and the local cluster (at shutdown)."""
        self._stop.set()
        with self._lock:
            if self._client is not None:
                self._client.close()
            if self._cluster is not None:
                self._cluster.close()
            self._client = self._cluster = None
        self._engine.dispose()

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
        while not self._stop.wait(HEARTBEAT_SECONDS):
            try:
                with self._engine.begin() as conn:
                    touch(conn, self.in_flight())
                    sweep_stale(conn, older_than=STALE_SECONDS)
            except Exception:  # a database hiccup must not kill the heartbeat
                log.exception("run heartbeat failed")


def init_app(app: Flask) -> RunEngine:
    """Make the application's run engine, and mark runs of dead processes interrupted.

    Configuration: ``SCHEDULER`` (a Dask scheduler address, from ``MATCHER_SCHEDULER``;
    ``DASK_SCHEDULER`` is read too), ``RUN_THREADS`` (local worker threads, default 1), ``RUN_HEARTBEAT`` (default: on,
    except under ``TESTING``, where each test's application would leave a thread behind;
    a run submitted starts it anyway).
    """
    scheduler = app.config.get("SCHEDULER") or app.config.get("DASK_SCHEDULER") or None
    engine = RunEngine(app.config["DATABASE_URL"], scheduler, int(app.config.get("RUN_THREADS", 1)))
    with engine._engine.begin() as conn:
        marked = sweep_stale(conn)
    if marked:
        log.warning("%d run(s) of a stopped process marked interrupted", marked)
    if app.config.get("RUN_HEARTBEAT", not app.testing):
        engine.start_heartbeat()
    app.extensions[_EXT] = engine
    atexit.register(engine.close)
    return engine


def get_engine(app: Any = None) -> RunEngine:
    """The run engine of ``app`` (default: the current application)."""
    engine: RunEngine = (app or current_app).extensions[_EXT]
    return engine
