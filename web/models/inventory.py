"""Inventory versions: every upload or edit of a work analysis is a new, kept row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from taskmodels.models import Inventory
from web.models.accounts import Organisation
from web.models.base import Base, utcnow


class InventoryVersion(Base):
    """One version of an organisation's inventory (roles and tasks), never changed.

    The inventory is stored as the validated JSON of :class:`taskmodels.models.Inventory`
    rather than as role and task rows: the core takes and returns that model, so the
    round trip is exact and no second schema of the §1 columns has to be kept in step;
    rows are never updated (an edited task list is a new version), so nothing is lost
    by not querying inside it; and :meth:`inventory` re-validates on the way out.
    """

    __tablename__ = "inventory_versions"
    __table_args__ = (UniqueConstraint("organisation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("inventory_versions.id", ondelete="SET NULL")
    )
    source_filename: Mapped[str | None] = mapped_column(String(255))
    note: Mapped[str | None] = mapped_column(String(500))
    data: Mapped[dict[str, Any]]
    role_count: Mapped[int] = mapped_column(default=0)
    task_count: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship()

    @classmethod
    def from_inventory(cls, inventory: Inventory, **fields: Any) -> InventoryVersion:
        """A new version holding ``inventory`` (candidates are kept out: they are the coach's)."""
        data = inventory.model_copy(update={"candidates": (), "ratings": ()})
        return cls(
            data=data.model_dump(mode="json"),
            role_count=len(inventory.roles),
            task_count=len(inventory.tasks),
            **fields,
        )

    def inventory(self) -> Inventory:
        """The stored inventory, validated again by the core's model."""
        return Inventory.model_validate(self.data)
