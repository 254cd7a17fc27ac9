"""Writing the audit trail (append-only; see :class:`web.models.AuditEvent`).

An event is kept with its session and added when that session commits, so it is
written in the same transaction as the change it describes (both or neither), but
as the transaction's *last* write. On SQLite the write lock is taken at a
transaction's first write and held to its commit; an audit row added when a page
starts would hold that lock through every query and the rendering of the page, and
under load the other writers queued behind it until "database is locked". Added at
commit, the lock is held for the few milliseconds of the insert.
"""

from __future__ import annotations

from typing import Any

from flask import g, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from web.models import AuditEvent, User
from web.models.base import utcnow

_PENDING = "audit_pending"


def record(
    db: Session,
    action: str,
    *,
    user: User | None = None,
    object_type: str | None = None,
    object_id: int | str | None = None,
    candidate_pseudonym: str | None = None,
    **detail: Any,
) -> AuditEvent:
    """Keep one audit event with ``db``; it is inserted when ``db`` commits.

    ``user`` defaults to the logged-in user; the name is copied so the entry still
    says who it was after the account is gone. The time is taken now (when the thing
    happened), not at the commit. A rolled-back session writes none of its events.

    Returns
    -------
    AuditEvent
        The event (its ``id`` is set once the session has committed).
    """
    if user is None and has_request_context():
        user = g.get("user")
    entry = AuditEvent(
        at=utcnow(),
        user_id=user.id if user is not None else None,
        user_name=user.name if user is not None else None,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        candidate_pseudonym=candidate_pseudonym,
        detail=detail,
    )
    if not db.in_transaction():
        db.begin()  # so that a rollback before any query still drops the event
    db.info.setdefault(_PENDING, []).append(entry)
    return entry


def pending(db: Session) -> list[AuditEvent]:
    """The events kept with ``db`` and not written yet."""
    return list(db.info.get(_PENDING, ()))


@event.listens_for(Session, "before_commit")
def _add_pending(db: Session) -> None:
    # Session.commit flushes after this hook, so the rows go in with the transaction.
    events = db.info.pop(_PENDING, None)
    if events:
        db.add_all(events)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(db: Session, previous_transaction: Any) -> None:
    # Nothing of a rolled-back transaction happened, so nothing of it is audited
    # (a savepoint rolled back inside it leaves the outer transaction's events).
    if previous_transaction.parent is None:
        db.info.pop(_PENDING, None)
