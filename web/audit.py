"""Writing the audit trail (append-only; see :class:`web.models.AuditEvent`)."""

from __future__ import annotations

from typing import Any

from flask import g, has_request_context
from sqlalchemy.orm import Session

from web.models import AuditEvent, User


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
    """Add one audit event to ``db`` (committed with the rest of the request).

    ``user`` defaults to the logged-in user; the name is copied so the entry still
    says who it was after the account is gone.
    """
    if user is None and has_request_context():
        user = g.get("user")
    event = AuditEvent(
        user_id=user.id if user is not None else None,
        user_name=user.name if user is not None else None,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        candidate_pseudonym=candidate_pseudonym,
        detail=detail,
    )
    db.add(event)
    return event
