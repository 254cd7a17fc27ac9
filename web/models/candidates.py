"""A job coach's candidates, their monitor ratings, match proposals and placements.

Special-category personal data: only what matching needs (FORMATS.md §1 candidates),
the ``display_name`` only for the own coach, limitations never diagnoses.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from taskmodels.models import Candidate as CoreCandidate
from web.models.base import Base, Versioned, utcnow


class Candidate(Versioned, Base):
    """A person on a coach's caseload, by pseudonym; the §1 fields as columns."""

    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    coach_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    pseudonym: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    max_hours: Mapped[float] = mapped_column(Float)
    min_hours: Mapped[float] = mapped_column(Float, default=0.0)
    productivity: Mapped[float] = mapped_column(Float, default=1.0)
    level: Mapped[int] = mapped_column(default=1)
    max_lifting_kg: Mapped[float] = mapped_column(Float, default=25.0)
    evening_ok: Mapped[bool] = mapped_column(default=True)
    night_ok: Mapped[bool] = mapped_column(default=False)
    weekend_ok: Mapped[bool] = mapped_column(default=True)
    customer_contact_ok: Mapped[bool] = mapped_column(default=True)
    prefers: Mapped[list[Any]] = mapped_column(default=list)
    avoids: Mapped[list[Any]] = mapped_column(default=list)
    capacities: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    ratings: Mapped[list[Rating]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", passive_deletes=True
    )

    @classmethod
    def from_core(cls, person: CoreCandidate, **fields: Any) -> Candidate:
        """A row from the core's validated candidate (``display_name`` from its extras)."""
        fields.setdefault("display_name", person.extra.get("display_name") or None)
        return cls(
            pseudonym=person.candidate_id,
            max_hours=person.max_hours,
            min_hours=person.min_hours,
            productivity=person.productivity,
            level=person.level,
            max_lifting_kg=person.max_lifting_kg,
            evening_ok=person.evening_ok,
            night_ok=person.night_ok,
            weekend_ok=person.weekend_ok,
            customer_contact_ok=person.customer_contact_ok,
            prefers=list(person.prefers),
            avoids=list(person.avoids),
            capacities=dict(person.capacities),
            **fields,
        )

    def to_core(self) -> CoreCandidate:
        """The core's candidate, validated; the display name never leaves this table."""
        return CoreCandidate(
            candidate_id=self.pseudonym,
            max_hours=self.max_hours,
            min_hours=self.min_hours,
            productivity=self.productivity,
            level=self.level,
            max_lifting_kg=self.max_lifting_kg,
            evening_ok=self.evening_ok,
            night_ok=self.night_ok,
            weekend_ok=self.weekend_ok,
            customer_contact_ok=self.customer_contact_ok,
            prefers=tuple(self.prefers),
            avoids=tuple(self.avoids),
            capacities=dict(self.capacities),
        )


class Rating(Base):
    """One monitor answer: candidate, wave, rater, item, score (FORMATS.md §1 ratings)."""

    __tablename__ = "ratings"
    __table_args__ = (
        UniqueConstraint("candidate_id", "wave", "rater", "item"),
        CheckConstraint("rater IN ('self', 'mentor', 'supervisor', 'other')", name="rater"),
        CheckConstraint("score BETWEEN 1 AND 5", name="score"),
        CheckConstraint("wave >= 1", name="wave"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    wave: Mapped[int]
    rater: Mapped[str] = mapped_column(String(20))
    item: Mapped[str] = mapped_column(String(40))
    score: Mapped[int]
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)

    candidate: Mapped[Candidate] = relationship(back_populates="ratings")


class MatchProposal(Versioned, Base):
    """A proposed match of a candidate with a function, and the candidate's own answer.

    ``override_reason`` is required (by the page) when a person proposes what the
    solver did not; ``explanation`` is the report's explanation as data.
    """

    __tablename__ = "match_proposals"
    __table_args__ = (
        CheckConstraint("answer IS NULL OR answer IN ('accept', 'decline')", name="answer"),
        CheckConstraint("answer IS NULL OR answer_reason IS NOT NULL OR answer = 'accept'",
                        name="decline_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    function_id: Mapped[int] = mapped_column(
        ForeignKey("functions.id", ondelete="CASCADE"), index=True
    )
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    explanation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    override_reason: Mapped[str | None] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(String(10))
    answer_reason: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Placement(Base):
    """An accepted match that became a job: start date and weekly hours."""

    __tablename__ = "placements"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(
        ForeignKey("match_proposals.id", ondelete="CASCADE"), unique=True
    )
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    function_id: Mapped[int] = mapped_column(
        ForeignKey("functions.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    start_date: Mapped[date]
    hours: Mapped[float] = mapped_column(Float)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
