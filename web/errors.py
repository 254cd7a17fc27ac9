"""Error pages: 400 (bad or missing CSRF token), 403, 404, 503 (database unreachable), 500.

Each is a page of its own, rendered without touching the database, so the 503 page
still appears when the database is the thing that is down.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError


def _page(template: str, status: int, **context: Any) -> tuple[str, int]:
    return render_template(template, **context), status


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
    def _db_down(exc: Exception) -> tuple[str, int]:
        app.logger.warning("database unreachable: %s", exc)
        return _page("errors/503.html", 503)

    @app.errorhandler(DBAPIError)
    def _db_error(exc: DBAPIError) -> tuple[str, int]:
        if exc.connection_invalidated:
            return _page("errors/503.html", 503)
        app.logger.exception("database error")
        return _page("errors/500.html", 500)

    @app.errorhandler(500)
    def _server_error(exc: Exception) -> tuple[str, int]:
        return _page("errors/500.html", 500)
