"""Review pages; the whole blueprint is for ``uwv_advisor``, declared once."""

from __future__ import annotations

from flask import Blueprint, render_template

from web import access
from web import db as storage
from web.models import ReviewSubmission

bp = access.guard_blueprint(
    Blueprint("review", __name__, url_prefix="/review"), access.UWV_ADVISOR
)


@bp.route("/")
def index() -> str:
    """The queue: submissions waiting for a decision, newest first."""
    stmt = access.visible_submissions().where(ReviewSubmission.state == "submitted")
    submissions = storage.session().scalars(stmt).all()
    return render_template("review/index.html", submissions=submissions)
