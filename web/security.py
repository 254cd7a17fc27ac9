"""Response headers, login rate limiting, session expiry, and the reliability pages.

Registered by ``create_app`` *before* :func:`web.access.init_app`, so the inactivity
check runs before the user loader and the central access check.

* **Headers** on every response (pages, errors, static files, JSON): a
  Content-Security-Policy without ``unsafe-inline`` (the templates carry no inline
  script or style; ``web.js`` and ``web.css`` are the only assets), ``nosniff``,
  ``frame-ancestors 'none'`` plus ``X-Frame-Options: DENY`` for old browsers, a strict
  Referrer-Policy, and HSTS only when the request really came over TLS
  (``request.is_secure``, which honours ``X-Forwarded-Proto`` only when ProxyFix was
  configured with ``MATCHER_BEHIND_TLS``): HSTS sent over plain HTTP on a developer's
  loopback would pin the browser to https for a year.
* **Login rate limit** per name and per client address (see :class:`LoginThrottle`).
* **Inactivity expiry**: a session idle longer than ``SESSION_IDLE_MINUTES`` (default
  30) ends at its next request.
* **413** (upload too large), **429** (too many attempts) and **409** (someone else
  saved first: SQLAlchemy's ``StaleDataError`` from a ``version_id_col``) pages.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any

from flask import Flask, current_app, g, render_template, request, session
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
"""The policy: everything from this site only, nothing inline, never framed."""

HSTS = "max-age=31536000; includeSubDomains"
LAST_SEEN_KEY = "last_seen"


class LoginThrottle:
    """Failed login attempts per key in a sliding window, kept in this process.

    Why in-process: ``serve`` runs one waitress process (threads, one app), so one
    store sees every attempt; a restart forgets the counts, which only gives an
    attacker one fresh window per restart. A deployment with several processes would
    put this in the database or Redis (the interface stays the same).

    Parameters
    ----------
    limit
        Failures allowed within ``window`` seconds; the next attempt is refused.
    window
        Length of the sliding window in seconds.
    """

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        stamps = self._failures.setdefault(key, deque())
        while stamps and stamps[0] <= now - self.window:
            stamps.popleft()
        return stamps

    def blocked(self, *keys: str) -> float:
        """Seconds until any of ``keys`` may try again (0: not blocked)."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for key in keys:
                stamps = self._recent(key, now)
                if len(stamps) >= self.limit:
                    wait = max(wait, stamps[0] + self.window - now)
        return wait

    def fail(self, *keys: str) -> None:
        """Count one failed attempt against each of ``keys``."""
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def reset(self, key: str) -> None:
        """Forget the failures of ``key`` (a successful login for that name)."""
        with self._lock:
            self._failures.pop(key, None)


def _login_keys() -> tuple[str, str]:
    name = (request.form.get("name") or "").strip().lower()
    # remote_addr is the proxy's address unless ProxyFix was configured (BEHIND_TLS).
    return f"name:{name}", f"addr:{request.remote_addr or '?'}"


def _throttles() -> tuple[LoginThrottle, LoginThrottle]:
    """(per name, per address): an address may try more names than a name may be tried,
    since several people can share one office address."""
    pair: tuple[LoginThrottle, LoginThrottle] = current_app.extensions["login_throttle"]
    return pair


def refuse_throttled_login() -> tuple[str, int] | None:
    """Before the login view: too many recent failures for this name or address → 429.

    The same answer whether or not the name exists, so the limit does not reveal
    accounts either.
    """
    if request.endpoint != "auth.login" or request.method != "POST":
        return None
    name_key, addr_key = _login_keys()
    by_name, by_addr = _throttles()
    wait = max(by_name.blocked(name_key), by_addr.blocked(addr_key))
    if wait <= 0:
        return None
    minutes = max(1, int(wait // 60) + (1 if wait % 60 else 0))
    g.login_throttled = True
    return render_template("errors/429.html", minutes=minutes), 429


def count_login_result(response: Response) -> Response:
    """After the login view: a refused POST counts as a failure, a redirect resets the name."""
    if request.endpoint != "auth.login" or request.method != "POST" or g.get("login_throttled"):
        return response
    name_key, addr_key = _login_keys()
    by_name, by_addr = _throttles()
    if response.status_code in (301, 302, 303) and session.get("user_id") is not None:
        by_name.reset(name_key)
    elif response.status_code == 400:
        by_name.fail(name_key)
        by_addr.fail(addr_key)
    return response


def expire_idle_session() -> None:
    """End a logged-in session idle longer than ``SESSION_IDLE_MINUTES``; else touch it."""
    if request.endpoint in ("static", "healthz") or session.get("user_id") is None:
        return
    now = time.time()
    idle = float(current_app.config["SESSION_IDLE_MINUTES"]) * 60
    last = session.get(LAST_SEEN_KEY)
    if last is not None and now - float(last) > idle:
        lang = session.get("lang")
        session.clear()
        if lang:
            session["lang"] = lang
        g.session_expired = True
        return
    session[LAST_SEEN_KEY] = int(now)


def set_headers(response: Response) -> Response:
    """Add the security headers to every response."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    if session.get("user_id") is not None or request.endpoint == "auth.login":
        # Pages with personal data must not stay in a shared computer's cache.
        headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    """Register the hooks and the 409/413/429 pages (call before ``access.init_app``)."""
    app.config.setdefault("SESSION_IDLE_MINUTES", 30)
    app.config.setdefault("LOGIN_MAX_FAILURES", 5)
    app.config.setdefault("LOGIN_MAX_FAILURES_PER_ADDRESS", 20)
    app.config.setdefault("LOGIN_WINDOW_SECONDS", 15 * 60)
    app.config.setdefault("UPLOAD_MAX_ROWS", 20_000)
    window = float(app.config["LOGIN_WINDOW_SECONDS"])
    app.extensions["login_throttle"] = (
        LoginThrottle(int(app.config["LOGIN_MAX_FAILURES"]), window),
        LoginThrottle(int(app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]), window),
    )
    app.before_request(expire_idle_session)
    app.before_request(refuse_throttled_login)
    app.after_request(count_login_result)
    app.after_request(set_headers)

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(exc: Exception) -> tuple[str, int]:
        limit_mb = int(app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024)
        return render_template("errors/413.html", limit_mb=limit_mb), 413

    @app.errorhandler(StaleDataError)
    def _conflict(exc: Exception) -> tuple[str, int]:
        # Someone saved the same row first; nothing of this request was written (the
        # request session rolled back), so the user re-opens and sees the newer data.
        return render_template("errors/409.html"), 409


def config_defaults() -> dict[str, Any]:
    """The settings this module reads, with their defaults (for docs and tests)."""
    return {"SESSION_IDLE_MINUTES": 30, "LOGIN_MAX_FAILURES": 5,
            "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
            "LOGIN_WINDOW_SECONDS": 900, "UPLOAD_MAX_ROWS": 20_000}
