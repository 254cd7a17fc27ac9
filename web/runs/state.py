"""The database side of a background run: create, cancel, and mark dead runs interrupted.

Everything here writes with SQL-level ``UPDATE`` statements rather than ORM flushes:
``Run`` is optimistically locked (its ``version`` column), and progress written by a
worker many times a second must not make a cancel pressed in a page fail as stale.

Liveness is ``runs.updated_at``: the process that submitted a run touches it every
:data:`HEARTBEAT_SECONDS` while the run is in flight (see :mod:`web.runs.engine`).
A ``queued`` or ``running`` run untouched for :data:`STALE_SECONDS` belongs to a
process that died (a restart, a crash, a killed server) and is marked ``interrupted``
with that reason, at start and on every heartbeat of any living process.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from taskmodels.messages import Message, msg
from web.models import InventoryVersion, Run

HEARTBEAT_SECONDS = 2.0
"""How often the submitting process touches its runs in flight."""

STALE_SECONDS = 20.0
"""A run untouched this long has lost its process (ten missed heartbeats)."""

LIVE_STATES = ("queued", "running")


def now() -> datetime:
    """The current time in UTC (what ``updated_at`` holds)."""
    return datetime.now(UTC)


def create_run(db: Session, version: InventoryVersion, *, user_id: int | None,
               policy: dict[str, Any] | None = None, time_limit: float = 10.0,
               workers: int = 1, seed: int = 0, kind: str = "redesign") -> Run:
    """A new ``queued`` run of ``version`` (added to ``db``; submit it after the commit)."""
    run = Run(organisation_id=version.organisation_id, inventory_version_id=version.id,
              kind=kind, state="queued", policy=dict(policy or {}), seed=seed,
              options={"time_limit": time_limit, "workers": workers, "seed": seed},
              created_by_id=user_id,
              progress_message=msg("web.runs.queued").model_dump_json())
    db.add(run)
    db.flush()
    return run


def request_cancel(conn: Connection | Session, run_id: int) -> str:
    """Ask a run to stop; returns the state it is in afterwards.

    A queued run is cancelled at once (no worker has it yet, and the worker checks
    the state before starting); a running one gets ``cancel_requested`` and its
    worker stops within the API's two seconds, keeping the best answer so far.
    """
    conn.execute(update(Run).where(Run.id == run_id, Run.state == "queued").values(
        state="cancelled", cancel_requested=True, finished_at=now(),
        progress_message=msg("web.runs.cancelled").model_dump_json()))
    conn.execute(update(Run).where(Run.id == run_id, Run.state == "running")
                 .values(cancel_requested=True))
    return str(conn.execute(select(Run.state).where(Run.id == run_id)).scalar_one())


def touch(conn: Connection, run_ids: list[int]) -> None:
    """The heartbeat: these runs' process is alive."""
    if run_ids:
        conn.execute(update(Run).where(Run.id.in_(run_ids), Run.state.in_(LIVE_STATES))
                     .values(updated_at=now()))


def sweep_stale(conn: Connection | Session, *, older_than: float = STALE_SECONDS) -> int:
    """Mark ``queued``/``running`` runs without a heartbeat for ``older_than`` s interrupted.

    Returns how many runs were marked.
    """
    limit = now() - timedelta(seconds=older_than)
    reason = msg("web.runs.interrupted_reason", seconds=int(older_than)).model_dump_json()
    result = conn.execute(
        update(Run).where(Run.state.in_(LIVE_STATES), Run.updated_at < limit)
        .values(state="interrupted", error_reason=reason, finished_at=now(),
                progress_message=msg("web.runs.interrupted").model_dump_json()))
    return int(getattr(result, "rowcount", 0) or 0)  # a CursorResult for an UPDATE


def stop_runs(conn: Connection | Session, run_ids: list[int]) -> int:
    """The server is stopping: mark these live runs ``interrupted`` (and ask them to stop).

    Their workers see ``cancel_requested`` and stop; a worker writes its end state
    only while the run is still ``running``, so the ``interrupted`` state and its
    reason stay. Returns how many runs were marked.
    """
    if not run_ids:
        return 0
    result = conn.execute(
        update(Run).where(Run.id.in_(run_ids), Run.state.in_(LIVE_STATES))
        .values(state="interrupted", cancel_requested=True, finished_at=now(),
                error_reason=msg("web.runs.stopped_reason").model_dump_json(),
                progress_message=msg("web.runs.interrupted").model_dump_json()))
    return int(getattr(result, "rowcount", 0) or 0)


def _message(raw: str | None) -> Message | None:
    if not raw:
        return None
    try:
        return Message.model_validate_json(raw)
    except ValueError:  # a plain text from an older writer: show it as it is
        return msg("web.runs.plain", text=raw)


def progress_message(run: Run) -> Message | None:
    """The run's progress text as a catalogue message (render it in the reader's language)."""
    return _message(run.progress_message)


def error_message(run: Run) -> Message | None:
    """Why the run failed or was interrupted, as a catalogue message."""
    return _message(run.error_reason)
