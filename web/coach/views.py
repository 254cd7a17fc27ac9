"""Job coach pages; the whole blueprint is for ``job_coach``, declared once."""

from __future__ import annotations

from flask import Blueprint, render_template

from web import access
from web import db as storage

bp = access.guard_blueprint(Blueprint("coach", __name__, url_prefix="/coach"), access.JOB_COACH)


@bp.route("/")
def index() -> str:
    """The caseload: the coach's own candidates only (scope in the query)."""
    candidates = storage.session().scalars(access.visible_candidates()).all()
    return render_template("coach/index.html", candidates=candidates)
