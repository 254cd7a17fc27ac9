"""``serve``: the web application on waitress (a production WSGI server, pure Python).

The schema is brought up to date by the migrations when the application is made;
``--demo`` loads the bundled examples and the demo accounts (FORMATS.md section 6).
"""

from __future__ import annotations

import argparse
import signal
from types import FrameType

from taskmodels.messages import text

HELP = "start the web application (waitress); --demo loads the examples and demo accounts"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``serve``."""
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5000, help="port (default 5000)")
    parser.add_argument("--db", metavar="URL", help="database URL (default: DATABASE_URL or "
                        "the SQLite file in the instance folder; PostgreSQL: postgresql+psycopg://…)")
    parser.add_argument("--demo", action="store_true",
                        help="load the bundled examples and create the demo accounts")
    parser.add_argument("--threads", type=int, default=16,
                        help="request threads (default 16; the database pool is sized to match)")
    parser.add_argument("--connection-limit", type=int, default=500,
                        help="open connections waitress accepts before new ones wait in the "
                        "listen backlog (default 500)")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl",
                        help="language of what is printed at start (default nl)")


def _safe_url(url: str) -> str:
    """The database URL without its password, for printing."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def run(args: argparse.Namespace) -> int:
    """Make the app (migrating the database), load the demo if asked, then serve."""
    # Imported here so that other commands never import Flask or waitress.
    from waitress import serve

    from web import create_app
    from web.config import ConfigError

    # One database connection per request thread, plus slack for the run engine's
    # heartbeat and the page that waits on a run: a thread never waits for the pool.
    settings: dict[str, object] = {"DATABASE_POOL_SIZE": args.threads + 4}
    if args.db:
        settings["DATABASE_URL"] = args.db
    try:
        app = create_app(settings)
    except ConfigError as exc:
        print(exc.text(args.lang))
        return 2
    lang = args.lang
    if args.demo:
        from web.demo import DEMO_PASSWORD, load_demo

        summary = load_demo(app)
        print(text("web.cli.serve.demo_loaded", lang, organisations=summary.organisations,
                   candidates=summary.candidates, submitted=summary.submitted))
        for name, role in summary.accounts:
            print(text("web.cli.serve.demo_account", lang, name=name, role=f"web.role.{role}",
                       password=DEMO_PASSWORD))
    print(text("web.cli.serve.listening", lang, host=args.host, port=args.port,
               database=_safe_url(app.config["DATABASE_URL"])), flush=True)
    # SIGTERM (what systemd, Docker and supervisors send) stops like Ctrl-C; Python's
    # default would end the process at once, skipping the shutdown below.
    previous = signal.signal(signal.SIGTERM, _terminate)
    # SIGINT stops it too, however it was started: a job started in the background by a
    # script (``serve &``) inherits SIGINT *ignored*, and Python then keeps it ignored,
    # so Ctrl-C or ``kill -INT`` would never reach waitress's loop.
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    # backlog: connections the kernel queues while every thread is busy (a peak waits
    # instead of being refused); channel_timeout: an idle keep-alive connection ends.
    try:
        serve(app, host=args.host, port=args.port, threads=args.threads, ident="matcher",
              connection_limit=args.connection_limit, backlog=2048, channel_timeout=60)
    finally:
        # Ctrl-C: runs in flight end "interrupted" with their reason now, while Dask's
        # callbacks can still run (at interpreter exit its thread pools are closed).
        from web.runs import shutdown

        shutdown()
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
    return 0


def _terminate(signum: int, frame: FrameType | None) -> None:
    """SIGTERM: end waitress's loop the way Ctrl-C does.

    waitress catches ``KeyboardInterrupt`` around its loop, gives the requests in
    flight up to five seconds to finish (its task dispatcher's shutdown) and returns,
    so ``run`` goes on to stop the background runs in flight (each ends
    ``interrupted`` with its reason; a request cut short commits nothing). A second SIGTERM while that happens is ignored: it must not cut
    the shutdown short half-way (a service manager's last resort is SIGKILL anyway).
    """
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt
