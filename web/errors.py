"""Error pages: 400 (bad or missing CSRF token), 403, 404, 503 (database unreachable), 500.

Each is a page of its own, rendered without touching the database, so the 503 page
still appears when the database is the thing that is down.

**503.** A database that cannot be reached (connection refused, the server killed
mid-request, a SQLite file that cannot be opened, a pool that waited in vain) raises
one of SQLAlchemy's :data:`UNAVAILABLE` errors, wherever it happens: in the user
loader before any view, in a view, or in the commit after the view (then Flask hands
it to the 500 handler as ``original_exception``; that handler sends it here too).
The page then drops the request's session (rolled back: nothing of the request is
written, and the database would roll back an unfinished transaction anyway) and
forgets the logged-in user, whose attributes would need the database to be read
again, so the page renders from the session cookie and the catalogue alone.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

UNAVAILABLE: tuple[type[Exception], ...] = (OperationalError, InterfaceError, PoolTimeout)
"""Errors that mean "the database cannot be reached", not "this request is wrong"."""

RETRY_AFTER_SECONDS = 60


def _page(template: str, status: int, **context: Any) -> tuple[str, int]:
    return render_template(template, **context), status


def database_unavailable(exc: BaseException) -> bool:
    """True when ``exc`` (or what it wraps) says the database cannot be reached."""
    if isinstance(exc, UNAVAILABLE):
        return True
    # Any other driver error on a connection the pool had to throw away (the server
    # went away during the statement) is an outage too, whatever class the driver chose.
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def _drop_request_session() -> None:
    """Roll back and close the request's session without letting a dead link raise."""
    db: Session | None = g.pop("_db_session", None)
    if db is None:
        return
    try:
        db.rollback()
    except Exception:  # the connection is gone; the server discards the transaction
        current_app.logger.debug("rollback on an unreachable database failed", exc_info=True)
    try:
        db.close()
    except Exception:  # same: closing a dead connection may raise, nothing to save
        current_app.logger.debug("close on an unreachable database failed", exc_info=True)


def unavailable_page(exc: BaseException) -> tuple[str, int, dict[str, str]]:
    """The 503 page for a database outage (no database needed to render it)."""
    _drop_request_session()
    g.user = None  # the header would read the user's name from an expired object
    # One line, no traceback: the cause is the outage, not this code.
    current_app.logger.warning("database unreachable: %s", str(exc).splitlines()[0] if str(exc)
                               else type(exc).__name__)
    return (render_template("errors/503.html"), 503,
            {"Retry-After": str(RETRY_AFTER_SECONDS)})


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError) -> tuple[str, int]:
        return _page("errors/400.html", 400)

    @app.errorhandler(403)
    def _forbidden(exc: Exception) -> tuple[str, int]:
        return _page("errors/403.html", 403)

    @app.errorhandler(404)
    def _not_found(exc: Exception) -> tuple[str, int]:
        return _page("errors/404.html", 404)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeout)
    def _db_down(exc: Exception) -> tuple[str, int, dict[str, str]]:
        return unavailable_page(exc)

    @app.errorhandler(DBAPIError)
    def _db_error(exc: DBAPIError) -> tuple[str, int] | tuple[str, int, dict[str, str]]:
        if database_unavailable(exc):
            return unavailable_page(exc)
        app.logger.exception("database error")
        _drop_request_session()
        return _page("errors/500.html", 500)

    @app.errorhandler(500)
    def _server_error(exc: Exception) -> tuple[str, int] | tuple[str, int, dict[str, str]]:
        # A failed commit after the view (web.db's after_request) arrives here wrapped.
        original = getattr(exc, "original_exception", None)
        if original is not None and database_unavailable(original):
            return unavailable_page(original)
        return _page("errors/500.html", 500)
