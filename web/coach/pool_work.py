"""What a background worker does for a pool run (``match`` or ``carve`` against chosen people).

Called from :mod:`web.runs.worker` for runs whose kind is not ``redesign``: the pool is
read from the database by the pseudonyms stored on the run (``candidate_ids``), with
every monitor answer, and handed to ``api.match`` or ``api.carve``; the display name
never leaves its row (``Candidate.to_core`` drops it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from taskmodels.models import CandidatePool
from web.audit import record
from web.coach.core import pool_of
from web.models import Candidate, Run


def pool_for_run(db: Session, run: Run) -> CandidatePool:
    """The candidates the run names, in the order it names them (unknown ones skipped)."""
    rows = db.scalars(select(Candidate).options(selectinload(Candidate.ratings))
                      .where(Candidate.pseudonym.in_(list(run.candidate_ids or [])))).all()
    order = {p: i for i, p in enumerate(run.candidate_ids or [])}
    return pool_of(sorted(rows, key=lambda c: order[c.pseudonym]))


def record_pool_candidates(db: Session, run: Run) -> None:
    """Audit each candidate a pool run is started with (health-related data goes in)."""
    for pseudonym in run.candidate_ids or []:
        record(db, "candidate.pool_run", object_type="run", object_id=run.id,
               candidate_pseudonym=pseudonym, organisation_id=run.organisation_id)


def solve_pool(api: Any, kind: str, inventory: Any, pool: CandidatePool, **kwargs: Any) -> Any:
    """``api.match`` (functions formed with the pool in view) or ``api.carve`` (person first)."""
    if kind == "match":
        return api.match(inventory, pool, **kwargs)
    if kind == "carve":
        return api.carve(inventory, pool, **kwargs)
    raise ValueError(f"not a pool run kind: {kind!r}")
