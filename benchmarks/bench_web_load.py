"""Load test: the production server (waitress, ``serve --demo``) on loopback, driven by
N concurrent users of all three roles for a fixed time.

    .venv/bin/python benchmarks/bench_web_load.py --users 50 --seconds 60
    .venv/bin/python benchmarks/bench_web_load.py --users 100 --seconds 60

Each simulated user logs in as one of the demo accounts (consultant, job coach, UWV
advisor, in turn) and walks the main pages of that role in a loop; the consultants
between them start at most ``--runs`` redesign runs (bounded in count; each run's
solver time is the demo's). Only 127.0.0.1 is ever contacted, on a free port, with a
fresh temporary database. Prints requests, errors (any 5xx, any unexpected status,
any connection failure), and p50/p95/p99 response times.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "demo-demo-demo"
ACCOUNTS = ("demo-consultant", "demo-coach", "demo-advisor")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
LINK = re.compile(r'href="(/(?:consultant|coach|review)/[^"#?]*)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: list[float] = []
        self.errors: list[str] = []
        self.runs_started = 0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def user_loop(base: str, account: str, stop: float, stats: Stats, max_runs: int) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

    def call(path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        t0 = time.perf_counter()
        try:
            with opener.open(base + path, data=body, timeout=60) as resp:
                status, text = resp.status, resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode("utf-8", "replace")
        except OSError as exc:
            with stats.lock:
                stats.errors.append(f"{account} {path}: {exc}")
            return 0, ""
        with stats.lock:
            stats.times.append(time.perf_counter() - t0)
            if status >= 500 or status not in (200, 302, 303):
                stats.errors.append(f"{account} {path}: {status}")
        return status, text

    _, page = call("/login")
    token = CSRF.search(page)
    if not token:
        stats.errors.append(f"{account}: no login form")
        return
    status, _ = call("/login", {"csrf_token": token.group(1), "name": account,
                                "password": PASSWORD, "next": ""})
    if status != 302:
        stats.errors.append(f"{account}: login answered {status}")
        return
    home = {"demo-consultant": "/consultant/", "demo-coach": "/coach/",
            "demo-advisor": "/review/"}[account]
    pages = [home]
    _, text = call(home)
    pages += sorted({p for p in LINK.findall(text) if not p.endswith((".pdf", ".xlsx"))})[:6]
    i = 0
    while time.monotonic() < stop:
        path = pages[i % len(pages)]
        _, text = call(path)
        i += 1
        if account == "demo-consultant" and "/versions/" in path and max_runs:
            form = re.search(r'action="(/consultant/[^"]+/runs)"', text)
            tok = CSRF.search(text)
            with stats.lock:
                go = form and tok and stats.runs_started < max_runs
                if go:
                    stats.runs_started += 1
            if go:
                call(form.group(1), {"csrf_token": tok.group(1), "time_limit": "2"})
        if account == "demo-consultant" and i == 1:
            # one level deeper for consultants: the organisation's versions
            _, text = call(pages[min(1, len(pages) - 1)])
            pages += sorted({p for p in LINK.findall(text) if "/versions/" in p})[:2]


def run(users: int, seconds: float, max_runs: int) -> int:
    port = free_port()
    with tempfile.TemporaryDirectory() as inst:
        env = {**os.environ, "MATCHER_INSTANCE": inst}
        env.pop("DATABASE_URL", None)
        server = subprocess.Popen(
            [sys.executable, "-m", "matcher", "serve", "--demo", "--host", "127.0.0.1",
             "--port", str(port), "--threads", "16"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=open(os.environ.get("BENCH_SERVER_LOG", os.devnull), "w"))
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 300
            while True:
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=5) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    print("server did not start")
                    return 1
                time.sleep(1)
            stats = Stats()
            stop = time.monotonic() + seconds
            threads = [threading.Thread(target=user_loop,
                                        args=(base, ACCOUNTS[i % 3], stop, stats, max_runs))
                       for i in range(users)]
            t0 = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.monotonic() - t0
        finally:
            server.terminate()
            server.wait(30)
    times = sorted(stats.times)
    q = statistics.quantiles(times, n=100) if len(times) >= 2 else [0.0] * 99
    print(f"users={users} seconds={seconds:.0f} requests={len(times)} "
          f"throughput={len(times) / wall:.1f}/s redesign_runs={stats.runs_started} "
          f"errors={len(stats.errors)}")
    print(f"p50={q[49] * 1000:.0f} ms p95={q[94] * 1000:.0f} ms p99={q[98] * 1000:.0f} ms")
    for e in stats.errors[:10]:
        print("  error:", e)
    return 0 if not stats.errors else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--runs", type=int, default=3, help="most redesign runs started")
    args = parser.parse_args()
    return run(args.users, args.seconds, args.runs)


if __name__ == "__main__":
    raise SystemExit(main())
