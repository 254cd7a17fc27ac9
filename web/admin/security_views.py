"""Admin pages of issue 14: the audit trail (read-only, filterable) and disabling an
account (its sessions end at their next request: the user loader in ``web.access``
clears a session whose user is inactive or whose ``session_version`` changed).

There is deliberately no route that changes or deletes an audit event, and the model
refuses it too (``web.models.audit``: ORM events raise on update and delete).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import Select, select
from werkzeug.wrappers import Response
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Optional

from web import access
from web import db as storage
from web.admin.views import bp
from web.audit import record
from web.i18n import t
from web.models import AuditEvent

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
    """Only the CSRF token: disabling an account is a POST."""


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
    form.action.choices = [("", t("web.admin.audit.any_action"))] + [(a, a) for a in actions]
    for f in (form.user, form.pseudonym, form.action, form.since, form.until):
        f.label.text = t(str(f.label.text))
    valid = form.validate() if request.args else True
    events = db.scalars(filtered(form).limit(PAGE_SIZE)).all() if valid else []
    return render_template("admin/audit.html", form=form, events=events, page_size=PAGE_SIZE)


@bp.route("/users/<int:user_id>/disable", methods=["POST"])
def user_disable(user_id: int) -> Response:
    """Disable an account and end every session of it (at its next request)."""
    if DisableForm().validate_on_submit():
        user = access.load_user(user_id)
        if user.id != access.current_user().id:  # type: ignore[union-attr]
            user.active = False
            user.session_version += 1
            record(storage.session(), "user.disable", object_type="user", object_id=user.id,
                   name=user.name)
            flash(t("web.admin.user_disabled", name=user.name))
    return redirect(url_for("admin.users"))
