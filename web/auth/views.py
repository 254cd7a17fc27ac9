"""Login, logout, the language switch and the landing redirect."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import select, update
from werkzeug.wrappers import Response

from web import access
from web import db as storage
from web.audit import record
from web.auth.forms import LanguageForm, LoginForm, LogoutForm
from web.auth.passwords import hash_password, needs_rehash, verify_password
from web.i18n import SESSION_KEY as LANG_KEY
from web.models import User, utcnow

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/")
@access.logged_in
def home() -> Response | str:
    """Send each role to its own area; a role whose area is not built gets a plain page."""
    endpoint = access.home_endpoint(access.current_user())  # type: ignore[arg-type]
    if endpoint is not None:
        return redirect(url_for(endpoint))
    return render_template("home.html")


@bp.route("/login", methods=["GET", "POST"])
@access.public
def login() -> Response | tuple[str, int]:
    """The login form; the same message for a wrong name and a wrong password."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
    if form.validate_on_submit():
        db = storage.session()
        user = db.scalars(select(User).where(User.name == form.name.data)).first()
        valid = verify_password(user.password_hash if user else None, form.password.data or "")
        if user is not None and valid and user.active:
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(form.password.data or "")
            # A plain UPDATE, not the ORM: the row's version_id_col must not change on
            # login, or two people logging in to one account at once conflict (500).
            db.execute(update(User).where(User.id == user.id).values(last_login_at=utcnow()))
            lang = session.get(LANG_KEY)
            # A fresh session at login: nothing from before (a planted id) survives.
            session.clear()
            if lang:
                session[LANG_KEY] = lang
            session["user_id"] = user.id
            session["session_version"] = user.session_version
            session.permanent = True
            record(db, "login", user=user, object_type="user", object_id=user.id)
            return redirect(safe_next(form.next.data) or url_for("auth.home"))
        form.form_errors.append(_("web.login.failed"))
    status = 200 if request.method == "GET" or not form.errors else 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@access.logged_in
def logout() -> Response:
    """End this session (POST with CSRF token; a link could be forged)."""
    LogoutForm().validate_on_submit()  # the CSRF check itself already ran globally
    lang = session.get(LANG_KEY)
    session.clear()
    if lang:
        session[LANG_KEY] = lang
    flash(_("web.logout.done"))
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
@access.public
def language() -> Response:
    """Store the chosen language in the session and go back to the page."""
    form = LanguageForm()
    if form.validate_on_submit():
        session[LANG_KEY] = form.lang.data
    return redirect(safe_next(form.next.data) or url_for("auth.home"))
