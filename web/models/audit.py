"""The audit trail: append-only records of who did what to which object."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, event
from sqlalchemy.orm import Mapped, mapped_column

from web.models.base import Base, utcnow


class AuditEventImmutable(RuntimeError):
    """Raised when code tries to change or delete an audit event (a bug, never input)."""


class AuditEvent(Base):
    """One audited action. Never updated or deleted.

    No foreign keys on purpose: the entry must outlive the user and the candidate it
    names (erasure leaves the pseudonym here and nothing else about the person).
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None]
    user_name: Mapped[str | None] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    candidate_pseudonym: Mapped[str | None] = mapped_column(String(64), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(mapper: Any, connection: Any, target: AuditEvent) -> None:
    raise AuditEventImmutable(f"audit event {target.id} cannot be changed")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(mapper: Any, connection: Any, target: AuditEvent) -> None:
    raise AuditEventImmutable(f"audit event {target.id} cannot be deleted")
