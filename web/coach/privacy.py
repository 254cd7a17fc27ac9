"""The person's rights: everything held about one candidate as one file, and erasure.

The export is the data subject's right of access (AVG art. 15): the candidate's own
coach downloads every stored field, monitor answer, proposal and placement as one
JSON file. Erasure (art. 17) deletes the person with their ratings, proposals and
placements (the database cascades) and leaves one pseudonymous audit entry.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, abort, flash, redirect, render_template, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from web import access
from web import db as storage
from web.audit import record
from web.coach.blueprint import bp
from web.coach.forms import ActionForm
from web.i18n import t
from web.models import Candidate, MatchProposal, Placement

_FIELDS = ("pseudonym", "display_name", "min_hours", "max_hours", "productivity", "level",
           "max_lifting_kg", "evening_ok", "night_ok", "weekend_ok", "customer_contact_ok",
           "prefers", "avoids", "capacities")


def everything_held(candidate: Candidate) -> dict[str, Any]:
    """All stored data about ``candidate``, as plain JSON-ready data."""
    db = storage.session()
    proposals = db.scalars(select(MatchProposal)
                           .where(MatchProposal.candidate_id == candidate.id)).all()
    placements = db.scalars(select(Placement).where(Placement.candidate_id == candidate.id)).all()
    return {
        "candidate": {f: getattr(candidate, f) for f in _FIELDS},
        "ratings": [{"wave": r.wave, "rater": r.rater, "item": r.item, "score": r.score,
                     "entered_at": r.entered_at.isoformat()} for r in candidate.ratings],
        "proposals": [{"function_id": p.function_id, "override_reason": p.override_reason,
                       "answer": p.answer, "answer_reason": p.answer_reason,
                       "proposed_at": p.proposed_at.isoformat()} for p in proposals],
        "placements": [{"function_id": p.function_id, "start_date": p.start_date.isoformat(),
                        "hours": p.hours} for p in placements],
    }


@bp.route("/candidates/<int:candidate_id>/export.json")
def export(candidate_id: int) -> Response:
    """Download everything held about the candidate (for the person, on request)."""
    candidate = access.load_candidate(candidate_id)
    record(storage.session(), "candidate.export", object_type="candidate",
           object_id=candidate.id, candidate_pseudonym=candidate.pseudonym)
    body = json.dumps(everything_held(candidate), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{candidate.pseudonym}.json"'})


@bp.route("/candidates/<int:candidate_id>/erase", methods=["GET", "POST"])
def erase(candidate_id: int) -> BaseResponse | str:
    """Confirm, then erase the person and everything about them but one audit entry."""
    candidate = access.load_candidate(candidate_id)
    form = ActionForm()
    if form.is_submitted():
        if not form.validate():
            abort(400)
        db = storage.session()
        pseudonym = candidate.pseudonym
        record(db, "candidate.erase", object_type="candidate", object_id=candidate.id,
               candidate_pseudonym=pseudonym)
        db.delete(candidate)
        flash(t("web.coach.erase.done", pseudonym=pseudonym))
        return redirect(url_for("coach.index"))
    return render_template("coach/erase.html", candidate=candidate, form=form)
