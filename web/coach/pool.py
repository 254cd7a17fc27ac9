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
from sqlalchemy import Select, exists, func, select
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from web import access
from web import db as storage
from web.audit import record
from web.coach.blueprint import bp, rulelabel
from web.coach.core import proposal_of
from web.coach.fit import latest_version
from web.coach.forms import PoolRunForm
from web.coach.pool_work import record_pool_candidates
from web.exports import placed_in, to_csv
from web.i18n import current_lang, t
from web.models import Candidate, Edit, Function, Organisation, OrganisationMember, Run, User
from web.runs import create_run, get_engine
from web.runs.progress import run_progress

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
        record_pool_candidates(db, run)
        get_engine().submit_after_commit(db, run.id)
        return redirect(url_for("coach.pool_run", organisation_id=org.id, run_id=run.id))
    return render_template("coach/pool_new.html", organisation=org, form=form,
                           has_version=version is not None, show_names=_own_names())


def _own_names() -> bool:
    user = access.current_user()
    return user is not None and user.role == access.JOB_COACH


@bp.route("/organisations/<int:organisation_id>/pool/<int:run_id>/progress.json")
@access.roles(*BOTH)
def pool_progress(organisation_id: int, run_id: int) -> Response:
    """The run's progress for the progress bar's script (the page works without it)."""
    run = load_pool_run(access.load_organisation(organisation_id), run_id)
    return jsonify(run_progress(run))


#: The completeness counts of a pool run's report, in the order the page lists them
#: (issue 11: candidates who could not be considered, and why, first on the page).
COMPLETENESS_ROWS = ("no_capacity_data", "no_hours_window", "no_carveable_work",
                     "blocked", "too_little_fitting_work")


def completeness_rows(report: dict[str, Any]) -> list[tuple[str, int]]:
    """``(reason code, count)`` per reason a candidate was not considered (none: empty).

    "Blocked" adds those blocked by one condition (named apart by :func:`blocked_rules`)
    and those blocked by several.
    """
    c = report.get("completeness")
    if not c:
        return []
    blocked = sum(int(n) for n in (c.get("blocked_by_one_condition") or {}).values()) \
        + int(c.get("blocked_by_several_conditions", 0))
    counts = {**c, "blocked": blocked}
    return [(code, int(counts.get(code, 0))) for code in COMPLETENESS_ROWS]


def blocked_rules(report: dict[str, Any]) -> list[tuple[str, int]]:
    """``(rule label, count)``: candidates for whom one rule blocks every carve-able task.

    A rule is ``night``, ``lifting`` … (labelled as the fit page labels it) or
    ``<rule>:<capacity>`` (``dimension:pace`` reads as the capacity's own name,
    ``borderline:pace`` as the rule's label and the capacity's name).
    """
    c = report.get("completeness") or {}
    rows = []
    for rule, n in (c.get("blocked_by_one_condition") or {}).items():
        kind, _, dimension = str(rule).partition(":")
        label = rulelabel({"rule": kind})
        if dimension:
            capacity = t(f"dim.{dimension}")
            label = capacity if kind == "dimension" else f"{label}: {capacity}"
        rows.append((label, int(n)))
    return sorted(rows, key=lambda rn: (-rn[1], rn[0]))


def people_bound(report: dict[str, Any]) -> tuple[int, int] | None:
    """``(placed, proven most placeable)`` of a pool run's report, or None without a bound.

    Both pool-aware match and carving state it as ``solver.placed_bound`` (people placed
    come first in both objectives, FORMATS.md section 2); a carving stored before that
    has it among its objective terms only. A hand-edited report keeps the run's solver
    figures under ``solver.before``: its bound still holds for the edited proposal, which
    places whom the edit left placed.
    """
    solver = report.get("solver") or {}
    if solver.get("edited"):
        solver = solver.get("before") or {}
    bound = solver.get("placed_bound", (solver.get("objective_terms") or {}).get("placed_bound"))
    if bound is None:
        return None
    placed = len(report.get("matches") or [])
    return placed, max(int(bound), placed)


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
    report = proposal_of(run)  # as it stands: a consultant may have edited it
    names: dict[str, str] = {}
    own: dict[str, int] = {}
    user = access.current_user()
    if user is not None and _own_names():  # the own coach sees their own names, nobody else
        mine = storage.session().scalars(
            select(Candidate).where(Candidate.coach_id == user.id,
                                    Candidate.pseudonym.in_(run.candidate_ids or []))).all()
        names = {c.pseudonym: c.display_name for c in mine if c.display_name}
        own = {c.pseudonym: c.id for c in mine}
    for pseudonym in run.candidate_ids or []:
        record(storage.session(), "candidate.view_pool_run", object_type="run",
               object_id=run.id, candidate_pseudonym=pseudonym)
    edits = storage.session().scalar(select(func.count()).select_from(Edit)
                                     .where(Edit.run_id == run.id)) or 0
    # A consultant opens the edited proposal; the coach is only told it was edited.
    edited_url = (url_for("consultant.proposal_edit", organisation_id=org.id, run_id=run.id)
                  if edits and user is not None and user.role == access.CONSULTANT else None)
    return render_template("coach/pool_run.html", organisation=org, run=run, report=report,
                           progress=run_progress(run), names=names, edits=edits,
                           edited_url=edited_url,
                           baseline=organisation_first(org),
                           completeness=completeness_rows(report),
                           blocked_rules=blocked_rules(report), bound=people_bound(report),
                           proposals=propose_links(run, report, own),
                           function_links=function_links(user, org, run, report))


def function_links(user: User | None, org: Organisation, run: Run, report: dict[str, Any],
                   ) -> dict[str, str]:
    """For a consultant, each function's page (tasks, demands, submit it for review).

    A pool run's functions are stored like a redesign's, so the consultant reviews and
    submits a pool-aware function the way they do their own.
    """
    if user is None or user.role != access.CONSULTANT or run.state != "done":
        return {}
    return {r["role_id"]: url_for("consultant.function", organisation_id=org.id, run_id=run.id,
                                  role_id=r["role_id"]) for r in report.get("roles", [])}


def propose_links(run: Run, report: dict[str, Any], own: dict[str, int]) -> dict[str, str]:
    """Per placed candidate of the own coach, the page that proposes them for their function.

    The proposal keeps this run's match and its explanation (``solver_entry``), and goes
    the way every proposal goes: the candidate answers, the function to review.
    """
    if not own or run.state != "done":
        return {}
    functions = {role_id: function_id for role_id, function_id in storage.session().execute(
        select(Function.role_id, Function.id).where(Function.run_id == run.id))}
    return {m["candidate_id"]: url_for("coach.propose", candidate_id=own[m["candidate_id"]],
                                       function_id=functions[m["role_id"]])
            for m in report.get("matches", [])
            if m["candidate_id"] in own and m["role_id"] in functions}


@bp.route("/organisations/<int:organisation_id>/pool/<int:run_id>/export.csv")
@access.roles(*BOTH)
def pool_export(organisation_id: int, run_id: int) -> Response:
    """A finished pool run's functions and who is placed in each, as CSV (pseudonyms only),
    as the proposal stands (after a consultant's edits, if any)."""
    org = access.load_organisation(organisation_id)
    run = load_pool_run(org, run_id)
    report = proposal_of(run)  # as the page shows it
    if run.state != "done" or not report:
        abort(404)
    db = storage.session()
    for placed in filter(None, map(placed_in, report.get("roles", []))):
        record(db, "candidate.export_pool_run", object_type="run", object_id=run.id,
               candidate_pseudonym=placed)
    body = "\ufeff" + to_csv(report, "pool", current_lang())
    return Response(body.encode("utf-8"), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="pool-{run.id}.csv"'})

