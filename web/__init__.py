"""The web application: ``create_app(test_config=None)`` (Flask application factory).

One blueprint per area (``auth``, ``admin``, ``consultant``, ``coach``, ``review``);
storage in :mod:`web.db`, the schema made only by the migrations in
``web/migrations``; every view's roles declared and checked centrally in
:mod:`web.access`. Pages call :mod:`matcher.api` and nothing deeper. See docs/web.md.
"""

from __future__ import annotations

import functools
import importlib
import os
from typing import Any

from flask import Flask, jsonify
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

BLUEPRINTS: tuple[str, ...] = (
    "web.auth", "web.admin", "web.consultant", "web.coach", "web.review",
)
"""Area packages, each exposing ``bp``; one not written yet is skipped."""

csrf = CSRFProtect()


def _blueprint_modules() -> list[Any]:
    modules = []
    for name in BLUEPRINTS:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            # Only an area package that does not exist yet is skipped; a missing
            # import inside an existing one must fail loudly.
            if exc.name != name:
                raise
            continue
        if getattr(modules[-1], "__file__", None) is None:
            modules.pop()  # a folder without __init__.py yet: an area being written
    return modules


def _declare_static_public(app: Flask) -> None:
    """Static files are public; Flask's view is a bound method, so wrap it to mark it."""
    from web import access

    serve = app.view_functions["static"]

    @functools.wraps(serve)
    def static(**kwargs: Any) -> Any:
        return serve(**kwargs)

    app.view_functions["static"] = access.public(static)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application.

    Parameters
    ----------
    test_config
        Settings that override the defaults and the environment (``DATABASE_URL``,
        ``SECRET_KEY``, ``INSTANCE_PATH``, ``MIGRATE_AT_START`` …).

    Returns
    -------
    Flask
        The application, its database migrated to the newest revision.
    """
    from web import access, config, db, errors, i18n, security

    instance = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("MATCHER_INSTANCE")
    app = Flask(__name__, instance_path=instance, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    config.load_config(app, test_config)
    hops = int(app.config.get("PROXY_COUNT", 0))
    if hops > 0:
        # Behind ``hops`` reverse proxies: trust the last ``hops`` values of their
        # X-Forwarded-* headers, so URLs and cookies say https and the login throttle
        # sees the client's address, not the proxy's. With 0 nothing is trusted: a
        # client could otherwise claim any address or scheme.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)

    db.init_app(app)
    csrf.init_app(app)
    i18n.init_app(app)
    security.init_app(app)  # before access: idle sessions end before the user loader
    access.init_app(app)
    errors.init_app(app)

    for module in _blueprint_modules():
        app.register_blueprint(module.bp)
    _declare_static_public(app)

    @app.get("/healthz")
    @access.public
    def healthz() -> tuple[Any, int]:
        """200 ``{"status": "ok"}`` when the database answers, else 503."""
        if db.ping():
            return jsonify(status="ok"), 200
        return jsonify(status="unavailable"), 503

    from web import authz_matrix

    authz_matrix.verify(app)  # the declared roles must be exactly the matrix's
    return app
