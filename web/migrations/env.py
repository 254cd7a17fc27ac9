"""Alembic environment: run by :func:`web.db.upgrade` (and by ``alembic`` by hand).

A connection passed in ``config.attributes["connection"]`` is used as is, so the
application and the tests migrate through their own engine; otherwise the URL of
the ``sqlalchemy.url`` option (or ``DATABASE_URL``) is used.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from web.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate through the given connection, or one made from the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or os.environ["DATABASE_URL"]
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run them online")
run_migrations_online()
