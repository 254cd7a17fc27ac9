"""Placements: an accepted match with its start date and hours.

Visible to the coach (their own candidates) and to the consultants of the
organisation; the consultant sees the pseudonym only, never the display name.
"""

from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from web import access
from web import db as storage
from web.audit import record
from web.coach.blueprint import bp
from web.models import Candidate, Function, Placement


@bp.route("/organisations/<int:organisation_id>/placements")
@access.roles(access.JOB_COACH, access.CONSULTANT)
def placements(organisation_id: int) -> str:
    """The organisation's placements (a coach: of their own candidates only)."""
    org = access.load_organisation(organisation_id)
    user = access.current_user()
    assert user is not None
    stmt = (select(Placement, Candidate.pseudonym, Function.name)
            .join(Candidate, Candidate.id == Placement.candidate_id)
            .join(Function, Function.id == Placement.function_id)
            .where(Placement.organisation_id == org.id).order_by(Placement.start_date))
    if user.role == access.JOB_COACH:
        stmt = stmt.where(Candidate.coach_id == user.id)
    rows = storage.session().execute(stmt).all()
    for placement, pseudonym, _ in rows:
        record(storage.session(), "candidate.view_placement", object_type="placement",
               object_id=placement.id, candidate_pseudonym=pseudonym)
    return render_template("coach/placements.html", organisation=org, rows=rows)
