"""Languages: Flask-Babel on the core's one message catalogue, Dutch first.

Templates write plain texts as ``_('web.code')`` (Flask-Babel's gettext on the same
compiled catalogue) and texts with parameters or core messages as ``t('code', x=1)`` /
``message(m)``, which go through :mod:`taskmodels.messages`, so numbers, labels and
lists are formatted exactly as the command line and the reports format them.
Catalogue texts used with ``_()`` must not contain a bare ``%`` (Jinja's gettext
applies ``%``-formatting).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, session
from flask_babel import Babel, get_locale

from taskmodels.messages import DEFAULT_LANG, LANGS, Message, compile_catalogues, render, text

SESSION_KEY = "lang"


def select_locale() -> str:
    """The language chosen in this session, else Dutch."""
    lang = session.get(SESSION_KEY)
    return lang if lang in LANGS else DEFAULT_LANG


def current_lang() -> str:
    """The language of the page being rendered (``nl`` or ``en``)."""
    locale = get_locale()
    lang = locale.language if locale is not None else DEFAULT_LANG
    return lang if lang in LANGS else DEFAULT_LANG


def t(code: str, **params: Any) -> str:
    """A catalogue text with parameters, in the page's language."""
    return text(code, current_lang(), **params)


def message(value: Message | dict[str, Any] | str) -> str:
    """A core :class:`Message` (or its JSON, or a bare code) in the page's language."""
    if isinstance(value, dict):
        value = Message.model_validate(value)
    return render(value, current_lang())


def init_app(app: Flask) -> None:
    """Point Flask-Babel at the compiled core catalogue and expose the helpers."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(compile_catalogues()))
    Babel(app, locale_selector=select_locale)
    app.jinja_env.globals.update(t=t, message=message, current_lang=current_lang, LANGS=LANGS)
