"""``users add NAME --role ROLE`` and ``users token NAME``: accounts of the web application.

The password is read twice from standard input (without echo on a terminal, via
getpass; one line each when piped). Only hashes are stored: argon2id for passwords,
SHA-256 for API tokens (a token is random and long, so a fast hash suffices and the
lookup stays a plain equality).
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import secrets
import sys

from matcher.api import UsageError
from taskmodels.messages import text

HELP = "web accounts: `users add NAME --role ROLE` (password twice on stdin), `users token NAME`"
ROLES = ("consultant", "job_coach", "uwv_advisor", "admin")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``users``."""
    sub = parser.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add an account; the password is read twice from stdin")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=ROLES)
    token = sub.add_parser("token", help="print a new API token for the account (last line)")
    token.add_argument("name", metavar="NAME")
    for p in (add, token):
        p.add_argument("--db", metavar="URL", help="database URL (default: DATABASE_URL or "
                       "the SQLite file in the instance folder)")
        p.add_argument("--lang", choices=("nl", "en"), default="nl")


def read_password_twice(lang: str) -> str:
    """The new password, given twice and the same both times."""
    if sys.stdin.isatty():
        first = getpass.getpass(text("web.cli.users.password", lang))
        second = getpass.getpass(text("web.cli.users.password_again", lang))
    else:
        first = sys.stdin.readline().rstrip("\r\n")
        second = sys.stdin.readline().rstrip("\r\n")
    if not first:
        raise UsageError(text("web.cli.users.password_missing", lang))
    if first != second:
        raise UsageError(text("web.cli.users.password_mismatch", lang))
    return first


def token_hash(token: str) -> str:
    """The stored form of an API token."""
    return hashlib.sha256(token.encode()).hexdigest()


def run(args: argparse.Namespace) -> int:
    """Add the account or issue the token."""
    # Imported here: the command line must not pay for Flask unless a web command runs.
    from sqlalchemy import select

    from web import create_app
    from web.auth.passwords import hash_password, password_problems
    from web.db import session_scope
    from web.models import ApiToken, User

    lang = args.lang
    app = create_app({"DATABASE_URL": args.db} if args.db else None)
    with session_scope(app) as db:
        user = db.scalars(select(User).where(User.name == args.name)).first()
        if args.users_command == "add":
            if user is not None:
                raise UsageError(text("web.cli.users.exists", lang, name=args.name))
            password = read_password_twice(lang)
            problems = password_problems(password, args.name)
            if problems:
                raise UsageError("; ".join(p.render(lang) for p in problems))
            db.add(User(name=args.name, role=args.role, password_hash=hash_password(password)))
            print(text("web.cli.users.added", lang, name=args.name, role=f"web.role.{args.role}"))
            return 0
        if user is None:
            raise UsageError(text("web.cli.users.unknown", lang, name=args.name))
        token = secrets.token_urlsafe(32)
        db.add(ApiToken(user_id=user.id, token_hash=token_hash(token)))
        print(text("web.cli.users.token", lang, name=args.name))
        print(token)
    return 0
