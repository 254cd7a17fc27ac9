"""Admin pages of issue 14: the audit trail (read-only, filterable) and disabling an
account (its sessions end at their next request: the user loader in ``web.access``
clears a session whose user is inactive or whose ``session_version`` changed).

There is deliberately no route that changes or deletes an audit event, and the model
refuses it too (``web.models.audit``: ORM events raise on update and delete).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from flask import flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import Select, select
from werkzeug.wrappers import Response
from wtforms import DateField, HiddenField, SelectChoice, SelectField, StringField
from wtforms.validators import Optional

from web import access
from web import db as storage
from web.admin.views import bp
from web.audit import record
from web.concurrency import check_version, last_audited, on_lost_race, require_version, sent
from web.i18n import t
from web.models import AuditEvent, User

if TYPE_CHECKING:
    from web.auth.forms import UserForm

PAGE_SIZE = 200

if ("admin.audit", "web.nav.audit") not in access.NAV[access.ADMIN]:
    access.NAV[access.ADMIN] = (*access.NAV[access.ADMIN], ("admin.audit", "web.nav.audit"))


class AuditFilterForm(FlaskForm):
    """The filters of the audit page (a GET form: nothing changes, no CSRF token)."""

    class Meta:
        csrf = False

    user = StringField("web.admin.audit.user", validators=[Optional()])
    pseudonym = StringField("web.admin.audit.pseudonym", validators=[Optional()])
    action = SelectField("web.admin.audit.action", validators=[Optional()], choices=[])
    since = DateField("web.admin.audit.since", validators=[Optional()])
    until = DateField("web.admin.audit.until", validators=[Optional()])


class DisableForm(FlaskForm):
    """Disabling an account is a POST; ``version`` is the account's version on the list
    page, so an account changed meanwhile (by another admin) is a conflict."""

    version = HiddenField()


def filtered(form: AuditFilterForm) -> Select[AuditEvent]:
    """The audit events matching the filled-in filters, newest first."""
    stmt = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if form.user.data:
        stmt = stmt.where(AuditEvent.user_name == form.user.data.strip())
    if form.pseudonym.data:
        stmt = stmt.where(AuditEvent.candidate_pseudonym == form.pseudonym.data.strip())
    if form.action.data:
        stmt = stmt.where(AuditEvent.action == form.action.data)
    if form.since.data:
        stmt = stmt.where(AuditEvent.at >= datetime.combine(form.since.data, time.min))
    if form.until.data:
        stmt = stmt.where(
            AuditEvent.at < datetime.combine(form.until.data + timedelta(days=1), time.min))
    return stmt


@bp.route("/audit")
def audit() -> str:
    """The audit trail: who did what, when, to which candidate; filterable, read-only."""
    db = storage.session()
    form = AuditFilterForm(request.args)
    actions = db.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()
    form.action.choices = [SelectChoice("", t("web.admin.audit.any_action"))] + [
        SelectChoice(a, a) for a in actions]
    for f in (form.user, form.pseudonym, form.action, form.since, form.until):
        f.label.text = t(str(f.label.text))
    valid = form.validate() if request.args else True
    events = db.scalars(filtered(form).limit(PAGE_SIZE)).all() if valid else []
    return render_template("admin/audit.html", form=form, events=events, page_size=PAGE_SIZE)


def _disable_conflict(user: User, form: DisableForm) -> tuple[str, int] | None:
    """409 when the account as stored is not the version the list page showed."""
    return check_version(
        user.version, sent(form.version),
        [(t("web.conflict.field.active"), False, user.active)],
        saver=last_audited("user", user.id, ("user.disable", "user.enable", "user.edit")),
        reload_url=url_for("admin.users"), back_url=url_for("admin.users"))


@bp.route("/users/<int:user_id>/disable", methods=["POST"])
def user_disable(user_id: int) -> Response | tuple[str, int]:
    """Disable an account and end every session of it (at its next request)."""
    form = DisableForm()
    if form.validate_on_submit():
        user = access.load_user(user_id)
        if sent(form.version) is None:  # not from the list page, which always sends it
            flash(t("web.conflict.stale_page"))
            return redirect(url_for("admin.users"))
        conflict = _disable_conflict(user, form)
        if conflict is not None:
            return conflict
        if user.id != access.current_user().id:  # type: ignore[union-attr]
            user.active = False
            user.session_version += 1
            record(storage.session(), "user.disable", object_type="user", object_id=user.id,
                   name=user.name)
            on_lost_race(User, user.id, lambda stored: _disable_conflict(stored, form))
            flash(t("web.admin.user_disabled", name=user.name))
    return redirect(url_for("admin.users"))


def _user_conflict(user: User, form: UserForm) -> tuple[str, int] | None:
    """409 when the account as stored is not the version the edit form was opened on:
    the role and state sent against the stored ones."""
    return check_version(
        user.version, sent(form.version),
        [(t("web.conflict.field.role"), t(f"web.role.{form.role.data}"),
          t(f"web.role.{user.role}")),
         (t("web.conflict.field.active"), bool(form.active.data), user.active)],
        saver=last_audited("user", user.id, ("user.edit", "user.disable")),
        reload_url=url_for("admin.user_edit", user_id=user.id),
        back_url=url_for("admin.users"))


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def user_edit(user_id: int) -> Response | tuple[str, int]:
    """Change an account's role or switch it off or on; a change ends its sessions.

    The form carries the account's version: a second admin who opened it before the
    first saved gets the conflict page with both values (``web.concurrency``).
    """
    from web.auth.forms import UserForm

    user = access.load_user(user_id)
    form = UserForm(obj=user)
    if form.validate_on_submit() and require_version(form, user.version):
        conflict = _user_conflict(user, form)
        if conflict is not None:
            return conflict
        me = access.current_user()
        if user.id == me.id and (form.role.data != user.role or not form.active.data):  # type: ignore[union-attr]
            form.role.errors = [t("web.admin.user.self")]  # never lock oneself out
        else:
            changed = sorted(k for k, v in (("role", form.role.data),
                                            ("active", bool(form.active.data)))
                             if getattr(user, k) != v)
            if changed:
                user.role, user.active = form.role.data, bool(form.active.data)
                user.session_version += 1  # other rights or none: log in again
                record(storage.session(), "user.edit", object_type="user", object_id=user.id,
                       name=user.name, fields=changed)
                on_lost_race(User, user.id, lambda stored: _user_conflict(stored, form))
            flash(t("web.admin.user.saved", name=user.name))
            return redirect(url_for("admin.users"))
    status = 400 if form.errors else 200
    return render_template("admin/user_form.html", form=form, user=user), status
