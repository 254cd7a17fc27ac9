"""Admin pages. The whole blueprint is for the ``admin`` role, declared once."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from web import access
from web import db as storage
from web.models import User

bp = access.guard_blueprint(Blueprint("admin", __name__, url_prefix="/admin"), access.ADMIN)


@bp.route("/users")
def users() -> str:
    """Every account with its role and whether it is active."""
    rows = storage.session().scalars(select(User).order_by(User.name)).all()
    return render_template("admin/users.html", users=rows)
