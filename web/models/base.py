"""The declarative base every table shares, with a metadata naming convention.

Named constraints matter because migrations drop and alter them by name; without a
convention SQLite and PostgreSQL would invent different names and a downgrade written
against one would fail on the other.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (stored as such on both databases)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base of every model; JSON columns map ``dict``/``list`` annotations."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dict[str, Any]: JSON,
        list[Any]: JSON,
        datetime: DateTime(timezone=True),
    }


class Versioned:
    """Optimistic locking: every UPDATE checks and bumps ``version``.

    Two people editing the same row: the second flush raises
    :class:`sqlalchemy.orm.exc.StaleDataError` instead of overwriting (issue 14).
    """

    version: Mapped[int] = mapped_column(default=1, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
