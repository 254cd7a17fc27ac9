"""Background runs (redesign, match, carve), the functions they propose, and hand edits."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.models.base import Base, Versioned, utcnow

if TYPE_CHECKING:
    from web.models.review import ReviewSubmission

RUN_KINDS: tuple[str, ...] = ("redesign", "match", "carve")
RUN_STATES: tuple[str, ...] = ("queued", "running", "done", "failed", "cancelled", "interrupted")
FINAL_STATES: frozenset[str] = frozenset({"done", "failed", "cancelled", "interrupted"})


class Run(Versioned, Base):
    """One solve, its state kept in the database so a restart never loses it.

    ``queued`` → ``running`` → ``done`` | ``failed`` | ``cancelled``; a run found
    ``queued`` or ``running`` when the server starts is marked ``interrupted``
    (docs/web.md). ``cancel_requested`` is how a cancel button reaches a worker
    in another thread or process.
    """

    __tablename__ = "runs"
    __table_args__ = (
        CheckConstraint("kind IN ('redesign', 'match', 'carve')", name="kind"),
        CheckConstraint(
            "state IN ('queued', 'running', 'done', 'failed', 'cancelled', 'interrupted')",
            name="state",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    inventory_version_id: Mapped[int] = mapped_column(
        ForeignKey("inventory_versions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    candidate_ids: Mapped[list[Any]] = mapped_column(default=list)
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    policy: Mapped[dict[str, Any]] = mapped_column(default=dict)
    seed: Mapped[int] = mapped_column(default=0)
    progress_done: Mapped[int] = mapped_column(default=0)
    progress_total: Mapped[int] = mapped_column(default=0)
    progress_message: Mapped[str | None] = mapped_column(String(500))
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    report: Mapped[dict[str, Any] | None]
    solver_status: Mapped[str | None] = mapped_column(String(20))
    objective: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[float | None] = mapped_column(Float)
    error_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    functions: Mapped[list[Function]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="Function.id"
    )

    @property
    def finished(self) -> bool:
        """True once the run can no longer change by itself."""
        return self.state in FINAL_STATES


class Function(Base):
    """A proposed new function taken from a run's report (the unit of UWV review).

    ``organisation_id`` is repeated from the run so every scope query is one join
    shorter; ``data`` is the function exactly as the report gives it.
    """

    __tablename__ = "functions"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    role_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    department: Mapped[str | None] = mapped_column(String(200))
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)

    run: Mapped[Run] = relationship(back_populates="functions")
    submissions: Mapped[list[ReviewSubmission]] = relationship(
        back_populates="function", order_by="ReviewSubmission.id"
    )


class Edit(Base):
    """A hand edit of a run's proposal: who, when, what, and the evaluator's verdict."""

    __tablename__ = "edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    function_id: Mapped[int | None] = mapped_column(
        ForeignKey("functions.id", ondelete="SET NULL")
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    change: Mapped[dict[str, Any]]
    verdict: Mapped[dict[str, Any]] = mapped_column(default=dict)
    verdict_ok: Mapped[bool] = mapped_column(default=True)
    report: Mapped[dict[str, Any] | None]

