"""A run's proposal as it stands: the report of its newest hand edit, else its own.

Every edit is kept (``Edit`` rows), so the history can be shown. The consultant's and
the coach's pages that show or act on a run's functions read the proposal through
here, so a function a consultant removed is shown and offered to nobody.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import Edit, Run


def latest_edit(db: Session, run: Run) -> Edit | None:
    """The run's newest hand edit, or None."""
    return db.scalars(select(Edit).where(Edit.run_id == run.id).order_by(Edit.id.desc())
                      .limit(1)).first()


def current_report(db: Session, run: Run) -> dict[str, Any] | None:
    """The proposal as it stands: the newest edit's report, else the run's own."""
    edit = latest_edit(db, run)
    if edit is not None and edit.report:
        return edit.report
    return run.report
