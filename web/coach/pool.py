"""Pool runs: a pool-aware ``match`` or ``carve`` for one organisation against chosen people.

Started by a coach (their own candidates) or a consultant of the organisation (the
candidates of coaches who work for it, by pseudonym only), solved in the background
on the same engine as redesign runs (:mod:`web.runs`), with a progress bar. The result
shows who is placed where and who is not and why, beside the organisation-first
result (the organisation's newest redesign run).
"""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, redirect, render_template, url_for
from sqlalchemy import Select, exists, select
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from web import access
from web import db as storage
from web.audit import record
from web.coach.blueprint import bp
from web.coach.fit import latest_version
from web.coach.forms import PoolRunForm
from web.i18n import current_lang, t
from web.models import Candidate, Organisation, OrganisationMember, Run
from web.runs import create_run, error_message, get_engine, progress_message

POOL_TIME_LIMIT = 5.0
BOTH = (access.JOB_COACH, access.CONSULTANT)


def pool_candidates(org: Organisation) -> Select[Candidate]:
    """Who the user may put in a pool for ``org``: a coach their own caseload; a consultant
    the candidates of coaches working for the organisation (shown by pseudonym only)."""
    user = access.current_user()
    assert user is not None
    stmt = select(Candidate).order_by(Candidate.pseudonym)
    if user.role == access.JOB_COACH:
        return stmt.where(Candidate.coach_id == user.id)
    return stmt.where(exists().where(OrganisationMember.organisation_id == org.id,
                                     OrganisationMember.user_id == Candidate.coach_id))


def load_pool_run(org: Organisation, run_id: int) -> Run:
    """A match or carve run of ``org`` (an organisation the user works for), else 404."""
    run = access.load_run(run_id, org)
    if run.kind not in ("match", "carve"):
        abort(404)
    return run


@bp.route("/organisations/<int:organisation_id>/pool", methods=["GET", "POST"])
@access.roles(*BOTH)
def pool_new(organisation_id: int) -> Response | str:
    """Choose the kind of run and the candidates; start it in the background."""
    org = access.load_organisation(organisation_id)
    people = storage.session().scalars(pool_candidates(org)).all()
    form = PoolRunForm()
    form.candidates.choices = [SelectChoice(c.id, c.pseudonym) for c in people]
    form.organisation_id.choices = [SelectChoice(org.id, org.name)]
    form.organisation_id.data = org.id
    version = latest_version(org)
    if version is not None and form.validate_on_submit():
        chosen = [c.pseudonym for c in people if c.id in set(form.candidates.data or [])]
        db = storage.session()
        user = access.current_user()
        run = create_run(db, version, user_id=user.id if user else None,
                         time_limit=POOL_TIME_LIMIT, kind=form.kind.data)
        run.candidate_ids = chosen
        for pseudonym in chosen:
            record(db, "candidate.pool_run", object_type="run", object_id=run.id,
                   candidate_pseudonym=pseudonym, organisation_id=org.id)
        get_engine().submit_after_commit(db, run.id)
        return redirect(url_for("coach.pool_run", organisation_id=org.id, run_id=run.id))
    return render_template("coach/pool_new.html", organisation=org, form=form,
                           has_version=version is not None, show_names=_own_names())


def _own_names() -> bool:
    user = access.current_user()
    return user is not None and user.role == access.JOB_COACH


def run_progress(run: Run) -> dict[str, Any]:
    """A run's state and progress, rendered in the reader's language (page and JSON)."""
    lang = current_lang()
    m, err = progress_message(run), error_message(run)
    return {"state": run.state, "state_text": t(f"web.runs.{run.state}"),
            "done": run.progress_done, "total": run.progress_total,
            "message": m.render(lang) if m else "", "error": err.render(lang) if err else None,
            "finished": run.finished}


@bp.route("/organisations/<int:organisation_id>/pool/<int:run_id>/progress.json")
@access.roles(*BOTH)
def pool_progress(organisation_id: int, run_id: int) -> Response:
    """The run's progress for the progress bar's script (the page works without it)."""
    run = load_pool_run(access.load_organisation(organisation_id), run_id)
    return jsonify(run_progress(run))


def organisation_first(org: Organisation) -> Run | None:
    """The organisation's newest finished redesign run (functions designed without the pool)."""
    return storage.session().scalars(
        select(Run).where(Run.organisation_id == org.id, Run.kind == "redesign",
                          Run.state == "done").order_by(Run.id.desc()).limit(1)).first()


@bp.route("/organisations/<int:organisation_id>/pool/<int:run_id>")
@access.roles(*BOTH)
def pool_run(organisation_id: int, run_id: int) -> str:
    """Progress, then who is placed where and who not and why, beside organisation-first."""
    org = access.load_organisation(organisation_id)
    run = load_pool_run(org, run_id)
    report = run.report or {}
    names: dict[str, str] = {}
    user = access.current_user()
    if user is not None and _own_names():  # the own coach sees their own names, nobody else
        names = {c.pseudonym: c.display_name for c in storage.session().scalars(
            select(Candidate).where(Candidate.coach_id == user.id,
                                    Candidate.pseudonym.in_(run.candidate_ids or [])))
                 if c.display_name}
    for pseudonym in run.candidate_ids or []:
        record(storage.session(), "candidate.view_pool_run", object_type="run",
               object_id=run.id, candidate_pseudonym=pseudonym)
    return render_template("coach/pool_run.html", organisation=org, run=run, report=report,
                           progress=run_progress(run), names=names,
                           baseline=organisation_first(org))
