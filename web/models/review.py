"""UWV review of proposed functions: a submission and its decisions (history kept)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.models.base import Base, Versioned, utcnow

if TYPE_CHECKING:
    from web.models.runs import Function

SUBMISSION_STATES: tuple[str, ...] = ("submitted", "approved", "returned")


class ReviewSubmission(Versioned, Base):
    """A function put before a UWV advisor; resubmitting after a return is a new row."""

    __tablename__ = "review_submissions"
    __table_args__ = (
        CheckConstraint("state IN ('submitted', 'approved', 'returned')", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    function_id: Mapped[int] = mapped_column(
        ForeignKey("functions.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(20), default="submitted", index=True)
    note: Mapped[str | None] = mapped_column(Text)
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)

    function: Mapped[Function] = relationship(back_populates="submissions")
    decisions: Mapped[list[ReviewDecision]] = relationship(
        back_populates="submission", order_by="ReviewDecision.id"
    )


class ReviewDecision(Base):
    """An advisor's verdict on a submission; a returned one carries its reason."""

    __tablename__ = "review_decisions"
    __table_args__ = (
        CheckConstraint("verdict IN ('approved', 'returned')", name="verdict"),
        CheckConstraint("verdict = 'approved' OR reason IS NOT NULL", name="returned_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("review_submissions.id", ondelete="CASCADE"), index=True
    )
    verdict: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    submission: Mapped[ReviewSubmission] = relationship(back_populates="decisions")
