"""Configuration: defaults, the environment, and the instance folder.

Order: defaults, then the environment (``DATABASE_URL``, ``MATCHER_BEHIND_TLS``,
``MATCHER_PROXY_COUNT``, ``MATCHER_SCHEDULER``, ``MATCHER_DB_POOL_SIZE``,
``MATCHER_DB_MAX_OVERFLOW``, ``MATCHER_DB_POOL_TIMEOUT``), then ``test_config``. The secret key is generated once and kept
in the instance folder, so sessions survive a restart without anyone having to set it.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

from taskmodels.messages import Message, msg, render

SECRET_KEY_FILE = "secret_key"
DATABASE_FILE = "matcher.db"


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "ja", "on"}


def default_database_url(instance_path: str | Path) -> str:
    """The SQLite file in the instance folder (nothing to install)."""
    return f"sqlite:///{Path(instance_path) / DATABASE_FILE}"


def instance_secret_key(instance_path: str | Path) -> str:
    """The key in ``instance/secret_key``, created (owner-readable only) on first use."""
    path = Path(instance_path) / SECRET_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Create exclusively: two processes starting at once must not write two keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
    return path.read_text().strip()


class ConfigError(ValueError):
    """A setting in the environment that cannot be used.

    ``message`` is the catalogue message naming the setting and its value; ``str()``
    renders it in Dutch (the default language), :meth:`text` in another.
    """

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(render(message))

    def text(self, lang: str) -> str:
        """The message in ``lang``."""
        return render(self.message, lang)


def _env_number(name: str, default: float, kind: type = int, minimum: float = 0) -> Any:
    """The environment variable ``name`` as a number ≥ ``minimum``, or ``default``."""
    raw = (os.environ.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or value < minimum:
        raise ConfigError(msg("web.config.bad_number", name=name, value=raw, minimum=minimum))
    return value


def proxy_count(behind_tls: bool) -> int:
    """How many reverse proxies in front of the server set ``X-Forwarded-*`` headers.

    ``MATCHER_PROXY_COUNT`` when set; otherwise 1 behind TLS (a TLS-terminating proxy
    such as nginx in front of waitress) and 0 otherwise (the server is reached
    directly, so forwarded headers are a client's claim and are ignored).
    """
    return int(_env_number("MATCHER_PROXY_COUNT", 1 if behind_tls else 0))


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill ``app.config`` (see the module docstring for the order)."""
    behind_tls = _truthy(os.environ.get("MATCHER_BEHIND_TLS"))
    app.config.from_mapping(
        DATABASE_URL=os.environ.get("DATABASE_URL") or default_database_url(app.instance_path),
        MIGRATE_AT_START=True,
        BEHIND_TLS=behind_tls,
        # Reverse proxies whose X-Forwarded-For/Proto/Host/Port are trusted (ProxyFix).
        PROXY_COUNT=proxy_count(behind_tls),
        # Connection pool: the server's request threads plus background runs.
        DATABASE_POOL_SIZE=_env_number("MATCHER_DB_POOL_SIZE", 10, minimum=1),
        DATABASE_MAX_OVERFLOW=_env_number("MATCHER_DB_MAX_OVERFLOW", 10),
        DATABASE_POOL_TIMEOUT=_env_number("MATCHER_DB_POOL_TIMEOUT", 30.0, float, 1),
        # Dask scheduler address for background runs; None means a LocalCluster.
        SCHEDULER=os.environ.get("MATCHER_SCHEDULER") or None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=behind_tls,
        SESSION_COOKIE_NAME="matcher_session",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        WTF_CSRF_SSL_STRICT=behind_tls,
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
        BABEL_DEFAULT_LOCALE="nl",
        BABEL_DOMAIN="messages",
    )
    if test_config:
        app.config.update(test_config)
    if test_config and "BEHIND_TLS" in test_config and "SESSION_COOKIE_SECURE" not in test_config:
        app.config["SESSION_COOKIE_SECURE"] = bool(test_config["BEHIND_TLS"])
    if test_config and "BEHIND_TLS" in test_config and "PROXY_COUNT" not in test_config:
        app.config["PROXY_COUNT"] = proxy_count(bool(test_config["BEHIND_TLS"]))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
