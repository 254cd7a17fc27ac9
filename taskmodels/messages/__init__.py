"""The one message catalogue: every text a user reads is a code with parameters.

Codes are gettext message ids (``carve.not_separable``); the Dutch and English texts
live in ``locale/{nl,en}/LC_MESSAGES/messages.po``, read with Babel. The command line,
the reports, the web pages (Flask-Babel, pointed at the same folder) and the PDF all
render through here, so a text is written once per language.

Templates use Python's ``str.format`` fields with a few formats of our own, so that
numbers are written as the reader expects (``1.543,5`` in Dutch, ``1,543.5`` in English):

``{x:n1}``
    a number with 1 decimal (``n0``, ``n2`` … likewise), grouped by the locale;
``{x:pct}``
    a share 0–1 as a percentage with 1 decimal (``12,5 %``);
``{x:eur}``
    an amount in euro, no decimals (``€ 1.543``);
``{x:num}``
    a number as typed, with at most 2 decimals and no trailing zeros (``2,5``, ``60``);
``{x:label}``
    the parameter is itself a code (``dim.pace``, ``time.day``), rendered in the same language;
``{x:list}``
    a list, each item rendered as a label when it is a code, joined by ``, ``;
``{x:semilist}``
    the same joined by ``; `` (for items that contain commas themselves, such as
    Dutch decimals).
"""

from __future__ import annotations

import os
import string
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent, format_scientific
from pydantic import BaseModel, ConfigDict, Field

LANGS: tuple[str, ...] = ("nl", "en")
"""The interface languages; Dutch is the default everywhere."""

DEFAULT_LANG = "nl"
LOCALE_DIR = Path(__file__).parent / "locale"
_BABEL_LOCALE = {"nl": "nl_NL", "en": "en_GB"}

ParamValue = str | int | float | bool | None | list[Any]


class MissingMessage(KeyError):
    """A code that is not in the catalogue of a language: a bug, never user input."""


class Message(BaseModel):
    """A text as data: a catalogue code and its parameters (rendered late, per reader)."""

    model_config = ConfigDict(frozen=True)

    code: str
    params: dict[str, ParamValue] = Field(default_factory=dict)

    def render(self, lang: str = DEFAULT_LANG) -> str:
        """This message in ``lang``."""
        return render(self, lang)


def msg(code: str, **params: ParamValue) -> Message:
    """Shorthand: ``msg("carve.core_task", role="Verpleegkundige")``."""
    return Message(code=code, params=params)


@cache
def catalogue(lang: str) -> Catalog:
    """The parsed catalogue of ``lang`` (read once per process)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        return read_po(fh, locale=_BABEL_LOCALE[lang])


def codes(lang: str) -> set[str]:
    """Every code the catalogue of ``lang`` holds a text for."""
    return {str(m.id) for m in catalogue(lang) if m.id and m.string}


def template(code: str, lang: str = DEFAULT_LANG) -> str:
    """The raw template of ``code`` in ``lang``; raises :class:`MissingMessage`."""
    entry = catalogue(lang).get(code)
    if entry is None or not entry.string:
        raise MissingMessage(f"{code!r} has no {lang} text in the message catalogue")
    return str(entry.string)


def format_number(value: float, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals, grouped and marked as ``lang`` writes numbers."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    if round(value, digits) == 0:
        value = 0.0  # never "-0,0": a tiny negative shown as zero has no sign
    return format_decimal(value, format=pattern, locale=_BABEL_LOCALE[lang])


def format_plain(value: float, lang: str = DEFAULT_LANG) -> str:
    """``value`` as a person would write it: at most 2 decimals, none when whole (``2,5``).

    Numbers past 10^15 (a typo such as ``1e308``) are written in scientific notation,
    since hundreds of digits help nobody find the cell.
    """
    if abs(value) >= 1e15:
        return format_scientific(value, format="0.##E0", locale=_BABEL_LOCALE[lang])
    return format_decimal(value, format="#,##0.##", locale=_BABEL_LOCALE[lang])


def format_share(value: float, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    """A share 0–1 as a percentage (``12,5 %`` in Dutch)."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "\u00a0%"
    return format_percent(value, format=pattern, locale=_BABEL_LOCALE[lang])


def format_euro(value: float, lang: str = DEFAULT_LANG) -> str:
    """An amount in euro without cents (``€ 1.543``)."""
    return "€\u00a0" + format_number(value, lang, 0)


class _Formatter(string.Formatter):
    """``str.format`` with the catalogue's own formats (see the module docstring)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("n") and format_spec[1:].isdigit():
            return format_number(float(value), self.lang, int(format_spec[1:]))
        if format_spec == "pct":
            return format_share(float(value), self.lang)
        if format_spec == "eur":
            return format_euro(float(value), self.lang)
        if format_spec == "num":
            return format_plain(float(value), self.lang)
        if format_spec == "label":
            return label(value, self.lang)
        if format_spec == "list":
            return ", ".join(label(v, self.lang) for v in _as_list(value))
        if format_spec == "semilist":
            return "; ".join(label(v, self.lang) for v in _as_list(value))
        return super().format_field(value, format_spec)


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def label(value: Any, lang: str = DEFAULT_LANG) -> str:
    """A parameter that may be a code: its text when the catalogue has it, else as is."""
    if isinstance(value, Message):
        return render(value, lang)
    if isinstance(value, Mapping) and "code" in value:
        return render(Message.model_validate(value), lang)
    text = str(value)
    entry = catalogue(lang).get(text) if "." in text else None
    return str(entry.string) if entry is not None and entry.string else text


def render(message: Message | str, lang: str = DEFAULT_LANG, **params: ParamValue) -> str:
    """The text of ``message`` (a :class:`Message`, or a code with ``params``) in ``lang``."""
    if isinstance(message, str):
        message = Message(code=message, params=params)
    return _Formatter(lang).format(template(message.code, lang), **message.params)


def text(code: str, lang: str = DEFAULT_LANG, **params: ParamValue) -> str:
    """Shorthand for ``render(msg(code, **params), lang)``."""
    return render(Message(code=code, params=params), lang)


def compile_catalogues(target: Path | None = None) -> Path:
    """Write ``messages.mo`` for every language (for Flask-Babel) and return the folder.

    The ``.po`` files are the source; the compiled files are written beside them (or
    under ``target``) when missing or older, so no build step is needed.
    """
    root = target or LOCALE_DIR
    for lang in LANGS:
        po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
        mo = root / lang / "LC_MESSAGES" / "messages.mo"
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        # Write beside it and rename: another process (a second server, a parallel
        # test run) may be reading the file right now and must never see half of it.
        # Read the .po afresh, not through the per-process cache: a long-running
        # process holding an older catalogue would otherwise write a stale .mo that
        # looks newer than the .po and is never rebuilt.
        with po.open("rb") as src:
            fresh = read_po(src, locale=_BABEL_LOCALE[lang])
        tmp = mo.with_name(f"{mo.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            write_mo(fh, fresh)
        os.replace(tmp, mo)
    return root
