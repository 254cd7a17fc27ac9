"""The coach's "Zoek passende functies" and "Snijd voor deze persoon" as background runs.

Both solve (a pool-aware ``api.match`` of this one person against an organisation's
newest work analysis; ``api.carve`` around them), which takes seconds: a page request
must not wait for it. They are queued on the same run engine as pool and redesign runs
(:mod:`web.runs`, through its public ``create_run`` and ``get_engine``); the worker
re-checks every answer with ``api.evaluate`` before it is stored, and the pages show
progress until the run ends (``coach.pool_progress`` answers for match and carve runs).
"""

from __future__ import annotations

from web import access
from web import db as storage
from web.coach.core import FIT_TIME_LIMIT
from web.models import Candidate, InventoryVersion, Run
from web.runs import create_run, get_engine


def start_candidate_run(version: InventoryVersion, kind: str, candidate: Candidate) -> Run:
    """Queue a ``match`` or ``carve`` run of ``version`` for ``candidate`` alone.

    Borderline fits are allowed (shown marked, with their support, never as plain
    fits); one worker and seed 0 keep the answer reproducible. The run is handed to
    the engine once the request's transaction commits (the worker must find the row).
    """
    db = storage.session()
    user = access.current_user()
    run = create_run(db, version, user_id=user.id if user else None,
                     time_limit=FIT_TIME_LIMIT, kind=kind)
    run.candidate_ids = [candidate.pseudonym]
    run.options = {**(run.options or {}), "allow_borderline": True}
    db.flush()
    get_engine().submit_after_commit(db, run.id)
    return run
