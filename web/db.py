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
from uuid import uuid4

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_EXT = "web.db"


SQLITE_BUSY_SECONDS = 30.0
"""How long a SQLite writer waits for the write lock before "database is locked"."""


def _sqlite_file(url: str) -> bool:
    return url.startswith("sqlite") and ":memory:" not in url and make_url(url).database not in (
        None, "")


def make_engine(url: str, *, pool_size: int = 10, max_overflow: int = 10,
                pool_timeout: float = 30.0) -> Engine:
    """An engine for ``url``, set up for many request threads writing at once.

    Parameters
    ----------
    url
        A SQLAlchemy URL: a SQLite file (the default) or PostgreSQL
        (``postgresql+psycopg://…``).
    pool_size, max_overflow, pool_timeout
        The connection pool: connections kept open, extra ones allowed under a peak,
        and how long a thread waits for a free one. Size it to the server's request
        threads plus the background runs; a thread that finds the pool exhausted
        waits ``pool_timeout`` seconds and then fails.

    Returns
    -------
    Engine
        For SQLite: foreign keys on, WAL journal (readers never block the writer and
        the writer never blocks readers), a busy timeout of
        :data:`SQLITE_BUSY_SECONDS`, and every write transaction opened with
        ``BEGIN IMMEDIATE`` (see below).

    Notes
    -----
    SQLite has one writer at a time. A transaction opened with a plain ``BEGIN``
    that has read and then wants to write cannot wait for the lock when another
    writer committed in between (SQLite answers ``SQLITE_BUSY`` at once, "database is
    locked", whatever the busy timeout). ``BEGIN IMMEDIATE`` takes the write lock
    when the transaction starts, so a writer waits its turn (up to the busy timeout)
    instead of failing. The driver's own mechanism does this: with
    ``isolation_level="IMMEDIATE"`` the ``sqlite3`` module emits ``BEGIN IMMEDIATE``
    right before a transaction's first ``INSERT``/``UPDATE``/``DELETE``, and reads
    before it run without holding any lock. That keeps the lock short (from the first
    write to the commit) and keeps optimistic locking a clear conflict: the second of
    two editors gets ``StaleDataError`` from its version check, not a lock error.
    (SQLAlchemy's documented recipe of ``isolation_level=None`` plus a ``begin``
    hook gives each request one read snapshot, but then that second editor fails
    with ``SQLITE_BUSY_SNAPSHOT`` instead, and holding ``BEGIN IMMEDIATE`` from the
    first read would make every request wait for every other.) Writes are kept to
    the end of a request: audit rows are added at commit (:mod:`web.audit`).
    """
    if url.startswith("sqlite"):
        pool: dict[str, Any] = {}
        if _sqlite_file(url):
            pool = {"pool_size": pool_size, "max_overflow": max_overflow,
                    "pool_timeout": pool_timeout}
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS},
            **pool)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            # Autocommit while the pragmas run (journal_mode cannot change inside a
            # transaction), then the driver's BEGIN IMMEDIATE before the first write.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_SECONDS * 1000)}")
            cur.close()
            dbapi_conn.isolation_level = "IMMEDIATE"

        return engine
    # PostgreSQL: pre-ping replaces connections the server dropped (a restart).
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size,
                         max_overflow=max_overflow, pool_timeout=pool_timeout)


def app_engine(app: Flask) -> Engine:
    """The engine for ``app``'s ``DATABASE_URL`` with its configured pool."""
    cfg = app.config
    return make_engine(cfg["DATABASE_URL"], pool_size=int(cfg.get("DATABASE_POOL_SIZE", 10)),
                       max_overflow=int(cfg.get("DATABASE_MAX_OVERFLOW", 10)),
                       pool_timeout=float(cfg.get("DATABASE_POOL_TIMEOUT", 30.0)))


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
    engine = app_engine(app)
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
            except StaleDataError:
                # Two saves passed the version check before either wrote; the database
                # let the first UPDATE through and this one matched no row. Nothing of
                # this request was written, so it answers the conflict page, not the
                # page its view made (a 500 before; see web.concurrency.lost_race).
                db.rollback()
                from web.concurrency import lost_race  # imports this module

                response = lost_race(response)
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


@contextmanager
def scratch_schema(server_url: str, prefix: str) -> Iterator[str]:
    """A URL on the PostgreSQL server ``server_url`` whose tables live in a schema of
    its own, made now (named ``prefix`` and a random tail) and dropped with all it holds
    when the block ends.

    For throw-away databases (a test, a benchmark phase) on a server where one may not
    create databases: a schema needs only the right to create schemas. ``search_path``
    in the URL's connection options makes the schema the default for everything, Alembic's
    version table included. Whatever still uses the URL (engines, background runs) must
    have let go of it before the block ends, or the ``DROP`` waits for its locks.
    """
    schema = f"{prefix}_{uuid4().hex[:12]}"
    admin = create_engine(server_url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in server_url else "?"
        try:
            yield f"{server_url}{sep}options=-csearch_path%3D{schema}"
        finally:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


def ping() -> bool:
    """True when the database answers a trivial query."""
    try:
        with engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:  # any driver error means "not reachable" for /healthz
        return False
