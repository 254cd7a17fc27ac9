"""Redesign runs: start, progress, cancel; functions, effect, hand edits, compare, submit,
the management report (HTML and PDF) and the exports."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from matcher import api
from web import access
from web import db as storage
from web.audit import record
from web.coach.pool_work import pool_for_run, record_pool_candidates
from web.concurrency import (
    Saver,
    check_version,
    claim,
    require_version,
    sent,
    stale_page,
    submitted_version,
    user_name,
)
from web.consultant.blueprint import bp
from web.consultant.forms import (
    ActionForm,
    LockForm,
    MoveForm,
    RemoveForm,
    StartRunForm,
    SubmitForm,
)
from web.consultant.proposal import (
    Side,
    demand_radar,
    describe_change,
    freed_bars,
    function_differences,
    function_of,
    gap_share,
    hours_bound,
    problems_by_subject,
)
from web.current_proposal import current_report, latest_edit
from web.exports import to_csv, to_xlsx
from web.i18n import current_lang, t
from web.models import Edit, Function, ReviewSubmission, Run, User
from web.reports import render_pdf, report_context, task_names
from web.runs import create_run, get_engine, request_cancel
from web.runs.progress import run_progress as progress_of


def _load(organisation_id: int, run_id: int) -> tuple[Any, Run]:
    org = access.load_organisation(organisation_id)
    return org, access.load_run(run_id, org)


def _done_report(organisation_id: int, run_id: int) -> tuple[Any, Run, dict[str, Any]]:
    org, run = _load(organisation_id, run_id)
    report = current_report(storage.session(), run)
    if report is None:  # still running, failed or interrupted: nothing to show yet
        abort(404)
    return org, run, report


@bp.route("/organisations/<int:organisation_id>/versions/<int:version_id>/runs",
          methods=["POST"])
def run_start(organisation_id: int, version_id: int) -> Response | tuple[str, int]:
    """Queue a redesign of a version; it is handed to Dask once the row is committed."""
    org = access.load_organisation(organisation_id)
    ver = access.load_inventory_version(version_id, org)
    form = StartRunForm()
    if not form.validate_on_submit():
        flash(t("web.consultant.run.bad_time_limit"))
        return redirect(url_for(".version", organisation_id=org.id, version_id=ver.id))
    db = storage.session()
    run = create_run(db, ver, user_id=access.current_user().id,  # type: ignore[union-attr]
                     time_limit=float(form.time_limit.data),
                     seed=int(form.seed.data if form.seed.data is not None else 0),
                     workers=int(form.workers.data or 1))
    record(db, "run.start", object_type="run", object_id=run.id, organisation_id=org.id,
           version=ver.id)
    get_engine().submit_after_commit(db, run.id)
    return redirect(url_for(".run", organisation_id=org.id, run_id=run.id))


@bp.route("/organisations/<int:organisation_id>/runs/<int:run_id>")
def run(organisation_id: int, run_id: int) -> str:
    """A run: its state and progress bar, cancel, and when done its functions and figures."""
    org, run = _load(organisation_id, run_id)
    db = storage.session()
    report = current_report(db, run)
    return render_template("consultant/run.html", organisation=org, run=run, report=report,
                           progress=progress_of(run), gap=gap_share(run),
                           hours_bound=hours_bound(report), action_form=ActionForm(),
                           edit=latest_edit(db, run))


@bp.route("/organisations/<int:organisation_id>/runs/<int:run_id>/progress.json")
def run_progress(organisation_id: int, run_id: int) -> Response:
    """The run's progress for the progress bar's script (the page works without it)."""
    _, run = _load(organisation_id, run_id)
    return jsonify(progress_of(run))


@bp.route("/organisations/<int:organisation_id>/runs/<int:run_id>/cancel", methods=["POST"])
def run_cancel(organisation_id: int, run_id: int) -> Response:
    """Ask the run to stop; a running solve keeps its best answer so far."""
    org, run = _load(organisation_id, run_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    db = storage.session()
    state = request_cancel(db, run.id)
    record(db, "run.cancel", object_type="run", object_id=run.id, organisation_id=org.id)
    flash(t("web.consultant.run.cancel_asked" if state == "running" else "web.consultant.run.cancel_done"))
    return redirect(url_for(".run", organisation_id=org.id, run_id=run.id))


@bp.route("/organisations/<int:organisation_id>/runs/<int:run_id>/functions/<role_id>")
def function(organisation_id: int, run_id: int, role_id: str) -> str:
    """A proposed function: tasks and hours, relieved roles, demand radar, jobs, submission."""
    org, run, report = _done_report(organisation_id, run_id)
    fn = function_of(report, role_id)
    if fn is None:
        abort(404)
    db = storage.session()
    row = db.scalars(select(Function).where(Function.run_id == run.id,
                                            Function.role_id == role_id)).first()
    submissions = list(row.submissions) if row is not None else []
    jobs_hours = float(report.get("policy", {}).get("jobs_agreement_hours", 25.5))
    edit = latest_edit(db, run)
    submit_form = SubmitForm()
    submit_form.version.data = str(edit.id if edit else 0)
    return render_template("consultant/function.html", organisation=org, run=run, fn=fn,
                           task_names=task_names(run_inventory(run)),
                           chart=demand_radar(fn, report.get("policy", {}), current_lang()),
                           jobs=float(fn["hours_per_week"]) / jobs_hours,
                           submissions=submissions, action_form=submit_form,
                           problems=problems_by_subject(edit.verdict if edit else None).get(role_id, []))


@bp.route("/organisations/<int:organisation_id>/runs/<int:run_id>/effect")
def effect(organisation_id: int, run_id: int) -> str:
    """The effect on staff and cost: bar chart, before/after table, saving, jobs."""
    org, run, report = _done_report(organisation_id, run_id)
    return render_template("consultant/effect.html", organisation=org, run=run, report=report,
                           chart=freed_bars(report, current_lang()))


def _edit_forms(report: dict[str, Any], inventory: Any) -> tuple[MoveForm, RemoveForm, LockForm]:
    functions = [SelectChoice(fn["role_id"], fn["role_id"]) for fn in report.get("roles", [])]
    tasks = [SelectChoice(x.task_id, f"{x.task_id} – {x.task}") for x in inventory.tasks]
    back = [SelectChoice("", t("web.consultant.edit.back_to_role"))]
    move = MoveForm(prefix="move")
    move.task_id.choices = tasks
    move.from_role.choices = back + functions
    move.to_role.choices = back + functions
    remove = RemoveForm(prefix="remove")
    remove.role_id.choices = functions
    lock = LockForm(prefix="lock")
    lock.lock_task_id.choices = tasks
    return move, remove, lock


def _pool(run: Run, report: dict[str, Any]) -> tuple[Any, list[str]]:
    """The candidates a pool run's matches are recomputed with (None for a redesign),
    and who of those it places is no longer stored (deleted since the run)."""
    if run.kind == "redesign":
        return None, []
    pool = pool_for_run(storage.session(), run)
    stored = pool.by_id().keys()
    return pool, sorted({m["candidate_id"] for m in report.get("matches", [])} - stored)


def _apply(report: dict[str, Any], inventory: Any, change: Any, pool: Any = None,
           ) -> tuple[dict[str, Any], dict[str, Any], bool]:
    """``api.edit`` on the current proposal; the new report, its verdict, whether it is valid.

    A pool run's proposal is edited with its own pool (``pool``): the people it places
    are re-scored on the edited functions, and the verdict re-checks their matches.
    """
    loaded = api.load_report(report)
    if isinstance(loaded, api.RegionalReport):
        abort(404)  # a consultant's run is never regional; edits apply per employer
    new_report, verdict = api.edit(loaded, inventory, pool, change)
    dumped = verdict.model_dump(mode="json")
    return new_report.model_dump(mode="json"), dumped, bool(dumped.get("ok"))


def _seen_report(run: Run, opened: int | None) -> dict[str, Any] | None:
    """The proposal as it stood at edit ``opened`` (0: the run's own report)."""
    if opened == 0:
        return run.report
    edit = storage.session().get(Edit, opened) if opened is not None else None
    return edit.report if edit is not None and edit.run_id == run.id else None


def _proposal_conflict(org: Any, run: Run, version: str | None, newest: Edit | None,
                       report: dict[str, Any], mine: dict[str, Any] | None,
                       role_id: str | None = None) -> tuple[str, int] | None:
    """409 when someone edited the proposal after this page was opened (``version``: the
    newest edit id the page showed, 0 for none); per function hours and tasks then and
    now, and the two changes. ``role_id`` limits the rows to one function (a submit)."""
    current = newest.id if newest else 0
    if submitted_version(version) == current:
        return None
    lang = current_lang()
    seen = _seen_report(run, submitted_version(version))
    if role_id is not None:
        def one(rep: dict[str, Any] | None) -> dict[str, Any] | None:
            return None if rep is None else {"roles": [f for f in rep.get("roles", [])
                                                       if f["role_id"] == role_id]}
        seen, report = one(seen), one(report) or {}
    fields: list[tuple[str, Any, Any]] = []
    if mine is not None:
        fields.append((t("web.conflict.field.change"), describe_change(mine, lang),
                       describe_change(newest.change if newest else None, lang)))
    fields += function_differences(seen, report, lang)
    back = (url_for(".function", organisation_id=org.id, run_id=run.id, role_id=role_id)
            if role_id else url_for(".run", organisation_id=org.id, run_id=run.id))
    return check_version(
        current, version, fields,
        saver=Saver(user_name(newest.user_id), newest.created_at) if newest else Saver(),
        reload_url=back if role_id else url_for(".proposal_edit", organisation_id=org.id,
                                                run_id=run.id),
        back_url=back if not role_id else url_for(".run", organisation_id=org.id,
                                                  run_id=run.id))


@bp.route("/organisations/<int:organisation_id>/runs/<int:run_id>/edit", methods=["GET", "POST"])
def proposal_edit(organisation_id: int, run_id: int) -> Response | tuple[str, int]:
    """Edit the proposal by hand; the verdict and the changed figures appear at once."""
    org, run, report = _done_report(organisation_id, run_id)
    db = storage.session()
    inventory = run_inventory(run)
    move, remove, lock = _edit_forms(report, inventory)
    newest = latest_edit(db, run)
    for blank in (f for f in (move, remove, lock) if sent(f.version) is None):
        blank.version.data = str(newest.id if newest else 0)  # the forms not submitted
    change = None
    if request.method == "POST":
        action = request.form.get("action") or next(
            (request.form.get(f"{p}-action") for p in ("move", "remove", "lock")
             if request.form.get(f"{p}-action")), None)
        if action == "move" and move.validate_on_submit():
            change = api.MovePart(task_id=move.task_id.data, hours=float(move.hours.data),
                                  from_role=move.from_role.data or None,
                                  to_role=move.to_role.data or None)
        elif action == "remove" and remove.validate_on_submit():
            change = api.RemoveFunction(role_id=remove.role_id.data)
        elif action == "lock" and lock.validate_on_submit():
            change = api.LockTask(task_id=lock.lock_task_id.data)
        if change is not None:
            used: FlaskForm = {"move": move, "remove": remove}.get(str(action), lock)
            if not require_version(used, newest.id if newest else 0):
                change = None
        if change is not None:
            conflict = _proposal_conflict(org, run, sent(used.version), newest, report,
                                          change.model_dump(mode="json"))
            if conflict is not None:
                return conflict
            pool, gone = _pool(run, report)
            if gone:  # their fit cannot be recomputed: nothing is written
                used.form_errors.append(t("web.consultant.edit.pool_gone", people=", ".join(gone)))
                change = None
            else:
                try:
                    new_report, verdict, ok = _apply(report, inventory, change, pool)
                except ValueError:  # the edit names a task or function not in the proposal
                    used.form_errors.append(t("web.consultant.edit.not_applicable"))
                    change = None
        if change is not None and not claim(run):
            # Another edit got in after this request's check (both were made from the
            # same newest edit): nothing of this one is written.
            db.rollback()
            return _proposal_conflict(org, run, sent(used.version), latest_edit(db, run),
                                      current_report(db, run) or report,
                                      change.model_dump(mode="json")) or stale_page()
        if change is not None:
            user = access.current_user()
            edit = Edit(run_id=run.id, user_id=user.id,  # type: ignore[union-attr]
                        change=change.model_dump(mode="json"),
                        verdict=verdict, verdict_ok=ok, report=new_report)
            db.add(edit)
            db.flush()
            record(db, "proposal.edit", object_type="run", object_id=run.id,
                   organisation_id=org.id, edit=edit.id, change=edit.change, ok=ok)
            return redirect(url_for(".proposal_edit", organisation_id=org.id, run_id=run.id,
                                    _anchor="verdict"))
    forms_with_errors = [f for f in (move, remove, lock) if f.errors or f.form_errors]
    edits = db.scalars(select(Edit).where(Edit.run_id == run.id).order_by(Edit.id.desc())).all()
    ids = {e.user_id for e in edits if e.user_id is not None}
    names = dict(db.execute(select(User.id, User.name).where(User.id.in_(ids))).all()) if ids else {}
    last = edits[0] if edits else None
    status = 400 if forms_with_errors else 200
    return render_template("consultant/edit.html", organisation=org, run=run, report=report,
                           move=move, remove=remove, lock=lock, edits=edits, last=last,
                           user_names=names,
                           problems=problems_by_subject(last.verdict if last else None),
                           error_form=forms_with_errors[0] if forms_with_errors else None,
                           ), status


def run_inventory(run: Run) -> Any:
    """The inventory version a run solved (in scope: the run was loaded in scope)."""
    return access.load_inventory_version(run.inventory_version_id).inventory()


@bp.route("/organisations/<int:organisation_id>/compare")
def compare(organisation_id: int) -> str:
    """Two runs (of one version or of two versions) side by side."""
    org = access.load_organisation(organisation_id)
    db = storage.session()
    runs = db.scalars(select(Run).where(Run.organisation_id == org.id, Run.report.is_not(None))
                      .order_by(Run.id.desc())).all()
    sides: list[Side] = []
    for key in ("a", "b"):
        rid = request.args.get(key, type=int)
        if rid is not None:
            r = access.load_run(rid, org)
            rep = current_report(db, r)
            if rep is not None:
                sides.append(Side(r, rep))
    return render_template("consultant/compare.html", organisation=org, runs=runs, sides=sides,
                           a=request.args.get("a", type=int), b=request.args.get("b", type=int))


@bp.route("/organisations/<int:organisation_id>/runs/<int:run_id>/functions/<role_id>/submit",
          methods=["POST"])
def submit(organisation_id: int, run_id: int, role_id: str) -> Response | tuple[str, int]:
    """Submit a function for UWV review (the function as the proposal now has it)."""
    org, run, report = _done_report(organisation_id, run_id)
    fn = function_of(report, role_id)
    if fn is None:
        abort(404)
    form = SubmitForm()
    if not form.validate_on_submit():
        abort(400)
    db = storage.session()
    if sent(form.version) is None:  # not from the function page (which always sends it)
        flash(t("web.conflict.stale_page"))
        return redirect(url_for(".function", organisation_id=org.id, run_id=run.id,
                                role_id=role_id))
    conflict = _proposal_conflict(org, run, sent(form.version), latest_edit(db, run), report,
                                  None, role_id)
    if conflict is not None:
        return conflict
    if not claim(run):
        # A hand edit or another submit got in after this request's check: this one
        # would submit the function as it stood before it (or submit it twice).
        db.rollback()
        return _proposal_conflict(org, run, sent(form.version), latest_edit(db, run),
                                  current_report(db, run) or report, None,
                                  role_id) or stale_page()
    row = db.scalars(select(Function).where(Function.run_id == run.id,
                                            Function.role_id == role_id)).first()
    if row is None:
        row = Function(run_id=run.id, organisation_id=org.id, role_id=role_id, name=role_id)
        db.add(row)
    row.department, row.hours, row.data = fn.get("department"), float(fn["hours_per_week"]), fn
    db.flush()
    if any(s.state == "submitted" for s in row.submissions):
        flash(t("web.consultant.submit.already", function=role_id))
    else:
        sub = ReviewSubmission(function_id=row.id, organisation_id=org.id, state="submitted",
                               submitted_by_id=access.current_user().id)  # type: ignore[union-attr]
        db.add(sub)
        db.flush()
        record(db, "review.submit", object_type="function", object_id=row.id,
               organisation_id=org.id, run=run.id, role_id=role_id)
        flash(t("web.consultant.submit.done", function=role_id))
    return redirect(url_for(".function", organisation_id=org.id, run_id=run.id, role_id=role_id))


@bp.route("/organisations/<int:organisation_id>/runs/<int:run_id>/report")
def report(organisation_id: int, run_id: int) -> str:
    """The report for management and the works council, as a page."""
    org, run, rep = _done_report(organisation_id, run_id)
    ctx = report_context(org, run, rep, run_inventory(run), current_lang())
    return render_template("consultant/report_page.html", **ctx)


@bp.route("/organisations/<int:organisation_id>/runs/<int:run_id>/report.pdf")
def report_pdf(organisation_id: int, run_id: int) -> Response:
    """The same report as a PDF."""
    org, run, rep = _done_report(organisation_id, run_id)
    pdf = render_pdf(report_context(org, run, rep, run_inventory(run), current_lang()))
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="herontwerp-{run.id}.pdf"'})


@bp.route("/organisations/<int:organisation_id>/runs/<int:run_id>/export.xlsx")
def export_xlsx(organisation_id: int, run_id: int) -> Response:
    """Functions and effect as a workbook."""
    _, run, rep = _done_report(organisation_id, run_id)
    return Response(to_xlsx(rep, current_lang()),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="herontwerp-{run.id}.xlsx"'})


@bp.route("/organisations/<int:organisation_id>/runs/<int:run_id>/export-<part>.csv")
def export_csv(organisation_id: int, run_id: int, part: str) -> Response:
    """Functions or effect as CSV (UTF-8 with BOM, so spreadsheet programs read the accents)."""
    if part not in ("functions", "effect"):
        abort(404)
    _, run, rep = _done_report(organisation_id, run_id)
    body = "\ufeff" + to_csv(rep, part, current_lang())
    return Response(body.encode("utf-8"), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="herontwerp-{run.id}-{part}.csv"'})


@bp.route("/organisations/<int:organisation_id>/runs/<int:run_id>/again", methods=["POST"])
def run_again(organisation_id: int, run_id: int) -> Response:
    """Start a finished run (failed, interrupted, cancelled or done) again: same version,
    kind, options and seed, as a new run (the old one stays as it ended).

    A pool run (``match`` or ``carve``) keeps its candidates: started again from this
    page it must not come back as a redesign without the pool. Each candidate is
    audited as when the pool run was first started.
    """
    org, old = _load(organisation_id, run_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not old.finished:
        return redirect(url_for(".run", organisation_id=org.id, run_id=old.id))
    db = storage.session()
    ver = access.load_inventory_version(old.inventory_version_id, org)
    opts = dict(old.options or {})
    new = create_run(db, ver, user_id=access.current_user().id,  # type: ignore[union-attr]
                     policy=old.policy, time_limit=float(opts.get("time_limit", 10.0)),
                     workers=int(opts.get("workers", 1)), seed=old.seed, kind=old.kind)
    new.options = opts
    if old.kind != "redesign":
        new.candidate_ids = list(old.candidate_ids or [])
        record_pool_candidates(db, new)
    record(db, "run.again", object_type="run", object_id=new.id, organisation_id=org.id,
           previous=old.id)
    get_engine().submit_after_commit(db, new.id)
    return redirect(url_for(".run", organisation_id=org.id, run_id=new.id))
