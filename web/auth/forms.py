"""Forms of the login area; messages are catalogue codes, translated when shown."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import AnyOf, InputRequired, Length

from taskmodels.messages import LANGS


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
