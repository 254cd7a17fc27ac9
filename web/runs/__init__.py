"""Background runs: a run's state lives in the database, its work on a Dask cluster.

``queued`` → ``running`` → ``done`` | ``failed`` | ``cancelled``; a run whose process
died, or whose server stopped, is marked ``interrupted`` with its reason and can be
run again (same version, options and seed). :mod:`web.runs.state` holds the database side (start,
cancel, the sweep of dead runs), :mod:`web.runs.worker` the function a Dask worker
executes, :mod:`web.runs.engine` the Dask client and the heartbeat, :mod:`web.runs.progress`
what the pages show of a run's progress. docs/web.md tells
the whole path.
"""

from web.runs.engine import RunEngine, get_engine, init_app, live_engines, shutdown
from web.runs.state import (
    HEARTBEAT_SECONDS,
    STALE_SECONDS,
    create_run,
    error_message,
    progress_message,
    request_cancel,
    stop_runs,
    sweep_stale,
)

__all__ = [
    "HEARTBEAT_SECONDS", "STALE_SECONDS", "RunEngine", "create_run", "error_message",
    "get_engine", "init_app", "live_engines", "progress_message", "request_cancel", "shutdown",
    "stop_runs", "sweep_stale",
]
