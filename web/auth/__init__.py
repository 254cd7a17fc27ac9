"""Accounts: login and logout, the language switch, password hashing."""

from web.auth.views import bp

__all__ = ["bp"]
