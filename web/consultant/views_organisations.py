"""Organisations, inventory uploads and versions, the task list and task edits."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from matcher import api
from taskmodels.catalogue import DIMENSION_IDS
from web import access, uploads
from web import db as storage
from web.audit import record
from web.concurrency import (
    Saver,
    check_version,
    last_audited,
    on_lost_race,
    require_version,
    sent,
    user_name,
)
from web.consultant.blueprint import bp
from web.consultant.forms import OrganisationForm, StartRunForm, TaskForm, UploadForm
from web.i18n import current_lang, t
from web.models import InventoryVersion, Organisation, OrganisationMember, ReviewSubmission, Run


@bp.route("/")
def index() -> str:
    """The organisations the consultant works for."""
    orgs = storage.session().scalars(access.visible_organisations()).all()
    return render_template("consultant/index.html", organisations=orgs)


@bp.route("/organisations/new", methods=["GET", "POST"])
def organisation_new() -> Response | tuple[str, int]:
    """Create an organisation; its creator works for it from then on."""
    form = OrganisationForm()
    db = storage.session()
    if form.validate_on_submit():
        if db.scalars(select(Organisation).where(Organisation.name == form.name.data)).first():
            form.name.errors = [t("web.consultant.org.name_taken")]
        else:
            user = access.current_user()
            org = Organisation(name=form.name.data, sector=form.sector.data or None,
                               created_by_id=user.id)  # type: ignore[union-attr]
            db.add(org)
            db.flush()
            db.add(OrganisationMember(organisation_id=org.id, user_id=user.id))  # type: ignore[union-attr]
            record(db, "organisation.create", object_type="organisation", object_id=org.id)
            flash(t("web.consultant.org.created", name=org.name))
            return redirect(url_for(".organisation", organisation_id=org.id))
    status = 400 if form.errors else 200
    return render_template("consultant/organisation_form.html", form=form, organisation=None), status


def _organisation_conflict(org: Organisation, form: OrganisationForm) -> tuple[str, int] | None:
    """409 when ``org`` as stored is not the version the form was opened on: the name and
    sector sent against the stored ones; nothing is written."""
    return check_version(
        org.version, sent(form.version),
        [(t("web.consultant.org.name"), form.name.data, org.name),
         (t("web.consultant.org.sector"), form.sector.data or None, org.sector)],
        saver=last_audited("organisation", org.id, ("organisation.edit", "organisation.create")),
        reload_url=url_for(".organisation_edit", organisation_id=org.id),
        back_url=url_for(".organisation", organisation_id=org.id))


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
def organisation_edit(organisation_id: int) -> Response | tuple[str, int]:
    """Change an organisation's name or sector."""
    org = access.load_organisation(organisation_id)
    form = OrganisationForm(obj=org)
    db = storage.session()
    if form.validate_on_submit() and require_version(form, org.version):
        conflict = _organisation_conflict(org, form)
        if conflict is not None:
            return conflict
        clash = db.scalars(select(Organisation).where(Organisation.name == form.name.data,
                                                      Organisation.id != org.id)).first()
        if clash is not None:
            form.name.errors = [t("web.consultant.org.name_taken")]
        else:
            org.name, org.sector = form.name.data, form.sector.data or None
            record(db, "organisation.edit", object_type="organisation", object_id=org.id)
            on_lost_race(Organisation, org.id, lambda stored: _organisation_conflict(stored, form))
            flash(t("web.consultant.org.saved", name=org.name))
            return redirect(url_for(".organisation", organisation_id=org.id))
    status = 400 if form.errors else 200
    return render_template("consultant/organisation_form.html", form=form, organisation=org), status


@bp.route("/organisations/<int:organisation_id>")
def organisation(organisation_id: int) -> str:
    """One organisation: its inventory versions, its runs and its submissions."""
    org = access.load_organisation(organisation_id)
    db = storage.session()
    versions = db.scalars(select(InventoryVersion).where(InventoryVersion.organisation_id == org.id)
                          .order_by(InventoryVersion.number.desc())).all()
    runs = db.scalars(select(Run).where(Run.organisation_id == org.id)
                      .order_by(Run.id.desc())).all()
    submissions = db.scalars(access.visible_submissions()
                             .where(ReviewSubmission.organisation_id == org.id)).all()
    return render_template("consultant/organisation.html", organisation=org, versions=versions,
                           runs=runs, submissions=submissions)


@bp.route("/template.xlsx")
def template() -> Response:
    """The empty inventory workbook with Dutch help text."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "inventaris.xlsx"
        api.write_template(path)
        data = path.read_bytes()
    return send_file(io.BytesIO(data), download_name="inventaris.xlsx", as_attachment=True,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.route("/organisations/<int:organisation_id>/upload", methods=["GET", "POST"])
def upload(organisation_id: int) -> Response | tuple[str, int]:
    """Upload an inventory: every problem shown with sheet, row, column; nothing stored."""
    org = access.load_organisation(organisation_id)
    form = UploadForm()
    problems: list[dict[str, Any]] = []
    if form.validate_on_submit():
        # The uploaded name, made safe, is what the page shows and the version keeps.
        name = uploads.safe_name(form.file.data.filename, "inventaris.xlsx")
        data = form.file.data.read()
        with tempfile.TemporaryDirectory() as tmp:
            if name.endswith(".zip"):
                path = Path(tmp) / Path(name).stem
                problems = uploads.unzip_csv(data, path, name)
            else:
                path = Path(tmp) / name
                path.write_bytes(data)
            if not problems:
                try:
                    inventory = api.read_inventory(path)
                except api.InventoryError as exc:
                    problems = uploads.problem_rows(exc.problems, Path(tmp), name,
                                                    current_lang())
        if not problems:
            db = storage.session()
            number = (db.scalar(select(func.max(InventoryVersion.number))
                                .where(InventoryVersion.organisation_id == org.id)) or 0) + 1
            version = InventoryVersion.from_inventory(
                inventory, organisation_id=org.id, number=number, source_filename=name,
                note=form.note.data or None,
                created_by_id=access.current_user().id)  # type: ignore[union-attr]
            db.add(version)
            db.flush()
            record(db, "inventory.upload", object_type="inventory_version", object_id=version.id,
                   organisation_id=org.id, file=name, tasks=version.task_count)
            flash(t("web.consultant.upload.stored", number=number, tasks=version.task_count))
            return redirect(url_for(".version", organisation_id=org.id, version_id=version.id))
    status = 400 if (form.errors or problems) else 200
    return render_template("consultant/upload.html", organisation=org, form=form,
                           problems=problems), status


def _decisions(version: InventoryVersion) -> dict[str, Any]:
    return {d.task_id: d for d in api.carveability(version.inventory())}


@bp.route("/organisations/<int:organisation_id>/versions/<int:version_id>")
def version(organisation_id: int, version_id: int) -> str:
    """The task list of one version: carve-able or not, and why, in the reader's language."""
    org = access.load_organisation(organisation_id)
    ver = access.load_inventory_version(version_id, org)
    inventory = ver.inventory()
    decisions = _decisions(ver)
    return render_template("consultant/version.html", organisation=org, version=ver,
                           inventory=inventory, decisions=decisions, run_form=StartRunForm(),
                           highlight=request.args.get("task"))


def _task_conflict(org: Organisation, opened: InventoryVersion,
                   newest: InventoryVersion | None, task_id: str,
                   form: TaskForm) -> tuple[str, int] | None:
    """The 409 page when a newer inventory version than the one the form was opened on
    exists (an edit or upload by someone else); None otherwise.

    ``newest`` None: read it afresh (after a lost race for the next number).
    """
    if newest is None:
        newest = storage.session().scalars(
            select(InventoryVersion).where(InventoryVersion.organisation_id == org.id)
            .order_by(InventoryVersion.number.desc()).limit(1)).one()
    saved = newest.inventory().task_by_id().get(task_id)
    yours: list[tuple[str, Any, Any]] = [
        (t("web.consultant.task.separable"), bool(form.separable.data),
         saved.separable if saved else None),
        (t("web.consultant.task.core"), bool(form.core.data), saved.core if saved else None),
        (t("web.consultant.task.hours"), form.hours_per_week.data,
         saved.hours_per_week if saved else None),
        *((t(f"dim.{d}"), getattr(form, f"d_{d}").data, saved.demands[d] if saved else None)
          for d in DIMENSION_IDS)]
    extra = [t("web.conflict.newer_version", number=newest.number)]
    if saved is None:
        extra.append(t("web.conflict.task_gone", task=task_id, number=newest.number))
    return check_version(
        newest.number, sent(form.version), yours,
        saver=Saver(user_name(newest.created_by_id), newest.created_at),
        reload_url=url_for(".task_edit", organisation_id=org.id, version_id=newest.id,
                           task_id=task_id) if saved else url_for(
                               ".version", organisation_id=org.id, version_id=newest.id),
        back_url=url_for(".version", organisation_id=org.id, version_id=opened.id),
        extra=extra)


@bp.route("/organisations/<int:organisation_id>/versions/<int:version_id>/tasks/<task_id>",
          methods=["GET", "POST"])
def task_edit(organisation_id: int, version_id: int, task_id: str) -> Response | tuple[str, int]:
    """Edit one task (separable, core, hours, demands); saving stores a new version."""
    org = access.load_organisation(organisation_id)
    ver = access.load_inventory_version(version_id, org)
    inventory = ver.inventory()
    task = inventory.task_by_id().get(task_id)
    if task is None:
        abort(404)
    db = storage.session()
    newest = db.scalars(select(InventoryVersion).where(InventoryVersion.organisation_id == org.id)
                        .order_by(InventoryVersion.number.desc()).limit(1)).one()
    form = TaskForm(data={"separable": task.separable, "core": task.core,
                          "hours_per_week": task.hours_per_week, "version": newest.number,
                          **{f"d_{d}": task.demands[d] for d in DIMENSION_IDS}})
    if form.validate_on_submit() and require_version(form, newest.number):
        conflict = _task_conflict(org, ver, newest, task_id, form)
        if conflict is not None:
            return conflict
        changed = task.model_copy(update={
            "separable": form.separable.data, "core": form.core.data,
            "hours_per_week": float(form.hours_per_week.data),
            "demands": {d: int(getattr(form, f"d_{d}").data) for d in DIMENSION_IDS}})
        tasks = tuple(changed if x.task_id == task_id else x for x in inventory.tasks)
        new_inventory = type(inventory).model_validate(
            {**inventory.model_dump(), "tasks": [x.model_dump() for x in tasks]})
        number = newest.number + 1
        new = InventoryVersion.from_inventory(
            new_inventory, organisation_id=org.id, number=number, parent_id=ver.id,
            source_filename=ver.source_filename,
            note=t("web.consultant.task.version_note", task=task_id, number=ver.number),
            created_by_id=access.current_user().id)  # type: ignore[union-attr]
        db.add(new)
        try:
            db.flush()
        except IntegrityError:  # saved in the same instant: the number is taken (unique)
            db.rollback()
            return _task_conflict(org, ver, None, task_id, form) or abort(409)
        record(db, "inventory.task_edit", object_type="inventory_version", object_id=new.id,
               organisation_id=org.id, task_id=task_id, parent=ver.id)
        decision = {d.task_id: d for d in api.carveability(new_inventory)}[task_id]
        flash(t("web.consultant.task.saved_yes" if decision.carveable
                else "web.consultant.task.saved_no", task=task_id, number=number))
        return redirect(url_for(".version", organisation_id=org.id, version_id=new.id,
                                task=task_id, _anchor=f"task-{task_id}"))
    status = 400 if form.errors else 200
    decision = _decisions(ver)[task_id]
    return render_template("consultant/task_form.html", organisation=org, version=ver,
                           task=task, form=form, decision=decision,
                           dimensions=DIMENSION_IDS, lang=current_lang()), status
