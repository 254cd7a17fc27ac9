"""Storage: the engine, one session per request, and migrations run at start.

A view gets its session with :func:`session`; the application commits it once after
the view has returned (before the response leaves) and rolls it back when anything
raised, so a request either writes everything or nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_EXT = "web.db"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout.

    SQLite does not enforce foreign keys unless asked per connection, and without a
    busy timeout a second writer (a background run beside a page) fails at once.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(connection: Any | None = None) -> Config:
    """An Alembic configuration for the bundled migrations (no ``alembic.ini`` needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema of ``engine``'s database up to ``revision`` (default: the newest)."""
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to ``revision`` (``"base"`` drops every table)."""
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    """The newest revision among the bundled migrations."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def init_app(app: Flask) -> None:
    """Create the engine from ``DATABASE_URL``, migrate it, and hook the request session."""
    engine = make_engine(app.config["DATABASE_URL"])
    if app.config.get("MIGRATE_AT_START", True):
        upgrade(engine)
    app.extensions[_EXT] = sessionmaker(engine, expire_on_commit=False)

    @app.after_request
    def _commit(response: Any) -> Any:
        # Commit before the response is sent: a failed commit becomes an error page,
        # never a "saved" page for data that was not saved.
        db: Session | None = g.pop("_db_session", None)
        if db is not None:
            try:
                db.commit()
            finally:
                db.close()
        return response

    @app.teardown_request
    def _rollback(exc: BaseException | None) -> None:
        db: Session | None = g.pop("_db_session", None)
        if db is not None:
            db.rollback()
            db.close()


def engine() -> Engine:
    """The current application's engine."""
    bind = current_app.extensions[_EXT].kw["bind"]
    assert isinstance(bind, Engine)
    return bind


def session() -> Session:
    """The request's session (made on first use, committed once at the end)."""
    if "_db_session" not in g:
        g._db_session = current_app.extensions[_EXT]()
    db: Session = g._db_session
    return db


@contextmanager
def session_scope(app: Flask) -> Iterator[Session]:
    """A session outside a request (commands, background work): commit or roll back."""
    db: Session = app.extensions[_EXT]()
    try:
        yield db
        db.commit()
    except BaseException:
        db.rollback()
        raise
    finally:
        db.close()


def ping() -> bool:
    """True when the database answers a trivial query."""
    try:
        with engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:  # any driver error means "not reachable" for /healthz
        return False
