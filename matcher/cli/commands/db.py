"""``db backup PATH`` and ``db restore PATH``: a consistent snapshot of the web database.

The work is done in :mod:`web.backup` (only ``web`` talks to the database); see there
for why SQLite uses its backup API and PostgreSQL a logical dump in one snapshot.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from matcher.api import UsageError
from taskmodels.messages import text

HELP = "web database: `db backup PATH` (consistent snapshot), `db restore PATH`"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``db``."""
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    for name, help_ in (("backup", "write a consistent snapshot to PATH"),
                        ("restore", "replace every row with the snapshot at PATH")):
        p = sub.add_parser(name, help=help_)
        p.add_argument("path", metavar="PATH")
        p.add_argument("--db", metavar="URL", help="database URL (default: DATABASE_URL or "
                       "the SQLite file in the instance folder)")
        p.add_argument("--lang", choices=("nl", "en"), default="nl")


def run(args: argparse.Namespace) -> int:
    """Back up or restore."""
    from web import create_app
    from web.backup import backup, restore
    from web.db import make_engine

    app = create_app({"DATABASE_URL": args.db} if args.db else None)  # migrates to head
    engine = make_engine(app.config["DATABASE_URL"])
    path = Path(args.path)
    try:
        if args.db_command == "backup":
            rows = backup(engine, path)
            print(text("web.cli.db.backup_done", args.lang, path=str(path), rows=rows))
        else:
            if not path.is_file():
                raise UsageError(text("web.cli.db.no_file", args.lang, path=str(path)))
            try:
                rows = restore(engine, path)
            except ValueError as exc:
                raise UsageError(text("web.cli.db.restore_refused", args.lang,
                                      detail=str(exc))) from exc
            print(text("web.cli.db.restore_done", args.lang, path=str(path), rows=rows))
    finally:
        engine.dispose()
    return 0
