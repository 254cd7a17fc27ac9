"""Password hashing (argon2id, salted, via argon2-cffi) and the rules for new passwords."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from taskmodels.messages import Message

MIN_LENGTH = 12
_hasher = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as long as a wrong
# password and the answer time does not tell which accounts exist.
_DUMMY_HASH = _hasher.hash("not-a-real-password-for-timing")


def hash_password(password: str) -> str:
    """A salted argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; a missing hash still costs one verification."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


def password_problems(password: str, name: str | None = None) -> list[Message]:
    """Why ``password`` may not be used (empty list: it may); the rules live in
    :mod:`web.auth.policy` (length, common passwords, the account's own name)."""
    from web.auth.policy import password_problems as policy_problems

    return policy_problems(password, name)
