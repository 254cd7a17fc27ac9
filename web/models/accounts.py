"""Accounts, organisations and who works for which organisation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.models.base import Base, Versioned, utcnow

ROLES: tuple[str, ...] = ("consultant", "job_coach", "uwv_advisor", "admin")
"""The four roles of FORMATS.md section 6 (ids; the interface shows ``web.role.*``)."""


class User(Versioned, Base):
    """A person who logs in. ``session_version`` ends every open session when bumped."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role IN ('consultant', 'job_coach', 'uwv_advisor', 'admin')", name="role"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    organisations: Mapped[list[Organisation]] = relationship(
        secondary="organisation_members", back_populates="members", viewonly=True
    )

    def end_sessions(self) -> None:
        """Invalidate every session of this user (logout everywhere, disabled account)."""
        self.session_version += 1


class ApiToken(Base):
    """A bearer token for the JSON API; only its SHA-256 hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship()


class Organisation(Versioned, Base):
    """An employer whose work is analysed and redesigned."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    sector: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    members: Mapped[list[User]] = relationship(
        secondary="organisation_members", back_populates="organisations", viewonly=True
    )


class OrganisationMember(Base):
    """A consultant (or a job coach, issue 13) who works for an organisation.

    The one link that scopes organisation data: a consultant sees exactly the
    organisations listed here for them; a coach sees the functions of these.
    """

    __tablename__ = "organisation_members"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
