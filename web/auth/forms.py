"""Forms of the login area; messages are catalogue codes, translated when shown."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import AnyOf, InputRequired, Length

from taskmodels.messages import LANGS
from web.models.accounts import ROLES


class LoginForm(FlaskForm):
    """Name and password (and the hidden CSRF token Flask-WTF adds)."""

    name = StringField(
        _l("web.login.name"),
        validators=[InputRequired(message=_l("web.login.name_required")), Length(max=80)],
    )
    password = PasswordField(
        _l("web.login.password"),
        validators=[InputRequired(message=_l("web.login.password_required"))],
    )
    next = HiddenField()


class LogoutForm(FlaskForm):
    """Only the CSRF token: logging out changes state, so it is a POST."""


class LanguageForm(FlaskForm):
    """The language switch in the page header."""

    lang = SelectField(
        _l("web.lang.label"),
        choices=list(LANGS),  # the header renders its own labelled <select>
        validators=[AnyOf(LANGS)],
    )
    next = HiddenField()


class UserForm(FlaskForm):
    """What an admin may change of an account: its role and whether it is active.

    ``version`` is the account's version the form was opened on (``web.concurrency``):
    two admins changing one account, the second sees the first's change, not a silent
    overwrite.
    """

    role = SelectField(_l("web.admin.users.role"), choices=[
        SelectChoice(role, _l(f"web.role.{role}")) for role in ROLES])
    active = BooleanField(_l("web.admin.users.active"))
    version = HiddenField()
