"""The rules a new password must meet (OWASP ASVS 2.1: length, no known-common ones).

Length over composition rules: at least :data:`MIN_LENGTH` characters, any characters
allowed, and not one of the common passwords in ``data/common_passwords.txt``
(compared case-insensitively, also with trailing digits and punctuation stripped, so
``Welkom2026!`` counts as ``welkom``), nor the account's own name.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from taskmodels.messages import Message, msg

MIN_LENGTH = 12
MAX_LENGTH = 256  # argon2 copes with more; a cap keeps a form post from being a DoS
_TRAILING = re.compile(r"[\d\W_]+$")


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-case."""
    raw = resources.files("web.auth").joinpath("data/common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in raw.splitlines()
        if line.strip() and not line.startswith("#")
    )


def _is_common(password: str) -> bool:
    lowered = password.lower()
    listed = common_passwords()
    stem = _TRAILING.sub("", lowered)
    return lowered in listed or (len(stem) >= 4 and stem in listed) or len(set(lowered)) <= 2


def password_problems(password: str, name: str | None = None) -> list[Message]:
    """Why ``password`` may not be used for the account ``name`` (empty: it may).

    Parameters
    ----------
    password
        The new password as typed.
    name
        The account name, when known: a password containing it is refused.

    Returns
    -------
    list[Message]
        Catalogue messages (``web.password.*``), one per broken rule.
    """
    problems: list[Message] = []
    if len(password) < MIN_LENGTH:
        problems.append(msg("web.password.too_short", min=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        problems.append(msg("web.password.too_long", max=MAX_LENGTH))
    if _is_common(password):
        problems.append(msg("web.password.common"))
    if name and len(name) >= 3 and name.lower() in password.lower():
        problems.append(msg("web.password.contains_name"))
    return problems
