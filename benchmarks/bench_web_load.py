"""Load test: the production server (waitress, ``serve --demo``) on loopback, driven by
N concurrent users of all three roles for a fixed time, redesign runs included.

    .venv/bin/python benchmarks/bench_web_load.py --users 50 --seconds 60
    .venv/bin/python benchmarks/bench_web_load.py --users 50 --seconds 60 --compare-users 100
    .venv/bin/python benchmarks/bench_web_load.py --db postgresql+psycopg://…/bench

Each simulated user logs in as one of the demo accounts (consultant, job coach, UWV
advisor, in turn) and walks the main pages of that role in a loop:

* consultant: organisations, an organisation, an inventory version, a run, its report;
  and at most ``--runs-per-minute`` redesign runs per consultant user (solver time
  ``--run-time-limit`` s), each followed through its progress and run page until it
  has finished (at most ``--run-wait`` s);
* job coach: caseload, a candidate, the candidate's profile, the fit list;
* UWV advisor: the review queue and a submission.

Bounded: only 127.0.0.1 is contacted, on a free port; a fresh server with a fresh
temporary database per phase (with ``--db`` on PostgreSQL: a fresh schema on that
server per phase, dropped at its end; a ``--db`` SQLite file is used as it is, the demo
loaded into it idempotently); users stop at the end of the phase, run-followers at most
``--run-wait`` s later. ``--think`` adds a pause between a user's requests (0: each
user sends the next request as soon as the previous answer arrived, the harshest
closed loop).

Prints per page and overall: requests, errors (by status; any 5xx, any unexpected
status, any connection failure), p50/p95/p99 response time and throughput; for every
distinct server error the first lines of its traceback from the server's log; and,
with ``--compare-users``, the second phase beside the first. The target line is
issue 14's: zero errors.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import http.cookiejar
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.demo_server import start_demo_server  # noqa: E402
from web.demo import DEMO_PASSWORD as PASSWORD  # noqa: E402

ACCOUNTS = ("demo-consultant", "demo-coach", "demo-advisor")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
HREF = re.compile(r'href="([^"#?]+)"')
RUN_FORM = re.compile(r'action="(/consultant/organisations/\d+/versions/\d+/runs)"')

# The main pages of each role, as patterns of links found on the role's pages.
PAGES: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "demo-consultant": [
        ("organisation", re.compile(r"^/consultant/organisations/\d+$")),
        ("version", re.compile(r"^/consultant/organisations/\d+/versions/\d+$")),
        ("run", re.compile(r"^/consultant/organisations/\d+/runs/\d+$")),
        ("report", re.compile(r"^/consultant/organisations/\d+/runs/\d+/report$")),
    ],
    "demo-coach": [
        ("candidate", re.compile(r"^/coach/candidates/\d+$")),
        ("profile", re.compile(r"^/coach/candidates/\d+/profile$")),
        ("fit", re.compile(r"^/coach/candidates/\d+/fit$")),
    ],
    "demo-advisor": [
        ("submission", re.compile(r"^/review/submissions/\d+$")),
    ],
}
HOME = {"demo-consultant": ("organisations", "/consultant/"),
        "demo-coach": ("caseload", "/coach/"), "demo-advisor": ("queue", "/review/")}
ROLE = {"demo-consultant": "consultant", "demo-coach": "coach", "demo-advisor": "advisor"}


@dataclass
class Stats:
    """What all users of one phase measured (guarded by ``lock``)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: list[tuple[str, float, int]] = field(default_factory=list)  # page, s, status
    errors: list[tuple[str, str]] = field(default_factory=list)          # page, what
    runs_started: int = 0
    runs_finished: dict[str, int] = field(default_factory=collections.Counter)
    run_seconds: list[float] = field(default_factory=list)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are measured as the answer they are (a 302 is one request)."""

    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class User:
    """One simulated person with a cookie jar, walking their role's pages."""

    def __init__(self, base: str, account: str, index: int, stats: Stats,
                 args: argparse.Namespace) -> None:
        self.base, self.account, self.stats, self.args = base, account, stats, args
        self.rng = random.Random(index)
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                                  NoRedirect)

    def call(self, page: str, path: str, data: dict[str, str] | None = None,
             ok: tuple[int, ...] = (200, 302, 303)) -> tuple[int, str, str]:
        """One request; returns status, body and the Location header."""
        assert path.startswith("/")  # only ever our own loopback server
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        t0 = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data=body, timeout=120) as resp:
                status, text = resp.status, resp.read().decode("utf-8", "replace")
                location = resp.headers.get("Location", "")
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode("utf-8", "replace")
            location = exc.headers.get("Location", "") if exc.headers else ""
        except OSError as exc:
            with self.stats.lock:
                self.stats.samples.append((page, time.perf_counter() - t0, 0))
                self.stats.errors.append((page, f"connection: {exc}"))
            return 0, "", ""
        with self.stats.lock:
            self.stats.samples.append((page, time.perf_counter() - t0, status))
            if status not in ok:
                title = re.search(r"<title>([^<]*)</title>", text)
                self.stats.errors.append(
                    (page, f"HTTP {status} {path}: {title.group(1).strip() if title else ''}"))
        return status, text, location

    def login(self) -> bool:
        _, page, _ = self.call("login", "/login")
        token = CSRF.search(page)
        if not token:
            with self.stats.lock:
                self.stats.errors.append(("login", "no login form"))
            return False
        status, _, _ = self.call("login", "/login", {
            "csrf_token": token.group(1), "name": self.account, "password": PASSWORD,
            "next": ""}, ok=(302,))
        return status == 302

    def discover(self) -> dict[str, list[str]]:
        """The role's pages by kind, from a small crawl of its own area (before timing)."""
        found: dict[str, set[str]] = collections.defaultdict(set)
        home = HOME[self.account][1]
        seen, frontier = {home}, [home]
        while frontier and len(seen) < 30:
            path = frontier.pop(0)
            _, text, _ = self.call("crawl", path)
            for link in HREF.findall(text):
                for kind, pattern in PAGES[self.account]:
                    if pattern.match(link) and link not in seen and len(found[kind]) < 6:
                        found[kind].add(link)
                        seen.add(link)
                        frontier.append(link)
        return {kind: sorted(links) for kind, links in found.items()}

    def walk(self, known: dict[str, list[str]]) -> list[tuple[str, str]]:
        """This user's round: the home page, then one or two pages of each kind."""
        label, home = HOME[self.account]
        pages = [(label, home)]
        for kind, _ in PAGES[self.account]:
            links = list(known.get(kind, ()))
            self.rng.shuffle(links)
            pages += [(kind, p) for p in links[:2]]
        return pages

    def follow_run(self, run_path: str, deadline: float) -> None:
        """Poll the run's progress until it has finished, then open its page and report."""
        t0 = time.monotonic()
        state = "unfinished"
        while time.monotonic() < deadline:
            status, text, _ = self.call("run progress", run_path + "/progress.json")
            if status == 200:
                info = json.loads(text)
                if info.get("finished"):
                    state = info.get("state", "?")
                    break
            time.sleep(1.0)
        with self.stats.lock:
            self.stats.runs_finished[state] += 1
            if state != "unfinished":
                self.stats.run_seconds.append(time.monotonic() - t0)
        if state == "done":
            self.call("run", run_path)
            self.call("report", run_path + "/report")

    def start_run(self, version_page: str, text: str, stop: float) -> None:
        form, token = RUN_FORM.search(text), CSRF.search(text)
        if not form or not token:
            return
        with self.stats.lock:
            if self.stats.runs_started >= self.args.max_runs:
                return
            self.stats.runs_started += 1
        status, _, location = self.call("run start", form.group(1), {
            "csrf_token": token.group(1), "time_limit": str(self.args.run_time_limit),
            "seed": "0", "workers": "1"}, ok=(302, 303))
        run_path = urllib.parse.urlparse(location).path
        if status in (302, 303) and re.fullmatch(r"/consultant/organisations/\d+/runs/\d+",
                                                 run_path):
            self.follow_run(run_path, stop + self.args.run_wait)
        elif status in (302, 303):
            with self.stats.lock:
                self.stats.errors.append(("run start", f"redirected to {location!r}"))

    def loop(self, stop: float, known: dict[str, list[str]]) -> None:
        if not self.login():
            with self.stats.lock:
                self.stats.errors.append(("login", f"{self.account} could not log in"))
            return
        pages = self.walk(known)
        run_every = 60.0 / self.args.runs_per_minute if self.args.runs_per_minute else None
        next_run = time.monotonic() + self.rng.uniform(0, run_every or 0)
        i = self.rng.randrange(len(pages))
        while time.monotonic() < stop:
            kind, path = pages[i % len(pages)]
            i += 1
            _, text, _ = self.call(kind, path)
            if kind == "version" and run_every and time.monotonic() >= next_run:
                next_run = time.monotonic() + run_every
                self.start_run(path, text, stop)
            if self.args.think:
                time.sleep(self.rng.uniform(0.5, 1.5) * self.args.think)


@contextlib.contextmanager
def phase_database(url: str | None) -> Iterator[str | None]:
    """The database of one phase: ``url`` as given for SQLite (None: the server's own
    fresh file in the temporary instance folder); for PostgreSQL a schema made for this
    phase on that server and dropped afterwards (:func:`web.db.scratch_schema`, the one
    the tests use), so every phase starts empty and the benchmark leaves nothing behind."""
    if not url or not url.startswith("postgresql"):
        yield url
        return
    from web.db import scratch_schema

    with scratch_schema(url, "bench") as schema_url:
        yield schema_url


def _shown(db_url: str | None) -> str:
    """The phase's database for the printout (no password)."""
    if not db_url:
        return "a fresh SQLite file in the server's instance folder"
    from sqlalchemy.engine import make_url

    return make_url(db_url).render_as_string(hide_password=True)


def start_server(args: argparse.Namespace, instance: str, log_path: Path,
                 db_url: str | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """``serve --demo`` on a free loopback port; returns the process and its base URL."""
    extra = ["--threads", str(args.server_threads)] + (["--db", db_url] if db_url else [])
    return start_demo_server(instance, log_path, extra)


def server_errors(log_text: str) -> list[tuple[int, list[str]]]:
    """Distinct tracebacks in the server's log: (count, first lines + the exception)."""
    kinds: dict[str, list[str]] = {}
    counts: collections.Counter[str] = collections.Counter()
    for block in log_text.split("Traceback (most recent call last):")[1:]:
        lines = [ln for ln in block.strip().splitlines() if ln.strip()]
        body = [ln for ln in lines if not ln.startswith((" ", "\t"))]
        last = body[0] if body else (lines[-1] if lines else "?")
        counts[last] += 1
        kinds.setdefault(last, lines[:4] + ["…", last])
    return [(counts[k], v) for k, v in kinds.items()]


@dataclass
class Phase:
    """One phase's figures, ready to print."""

    users: int
    wall: float
    stats: Stats
    log_errors: list[tuple[int, list[str]]]
    uptime: str


def run_phase(users: int, args: argparse.Namespace) -> Phase:
    """A fresh server, ``users`` users for ``args.seconds``, the server stopped."""
    with tempfile.TemporaryDirectory(prefix="bench-web-") as inst, \
            phase_database(args.db) as db_url:
        log_path = Path(inst) / "server.log"
        server, base = start_server(args, inst, log_path, db_url)
        print(f"phase of {users} users, database: {_shown(db_url)}", flush=True)
        try:
            # One scout per role finds the pages first (not timed, not counted).
            scouts, known = Stats(), {}
            for account in ACCOUNTS:
                scout = User(base, account, -1, scouts, args)
                known[account] = scout.discover() if scout.login() else {}
            if scouts.errors:
                raise SystemExit(f"the pages could not be found: {scouts.errors[:3]}")
            stats = Stats()
            stop = time.monotonic() + args.seconds
            threads = [threading.Thread(
                target=User(base, ACCOUNTS[i % 3], i, stats, args).loop,
                args=(stop, known[ACCOUNTS[i % 3]]), daemon=True) for i in range(users)]
            t0 = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join(args.seconds + args.run_wait + 180)
            wall = time.monotonic() - t0
            load = os.getloadavg()
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
        log_text = log_path.read_text(errors="replace")
    return Phase(users, wall, stats, server_errors(log_text),
                 f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def _q(times: list[float]) -> tuple[float, float, float]:
    if len(times) < 2:
        return (times[0], times[0], times[0]) if times else (0.0, 0.0, 0.0)
    q = statistics.quantiles(times, n=100, method="inclusive")
    return q[49], q[94], q[98]


def page_rows(phase: Phase) -> dict[str, tuple[int, str, float, float, float]]:
    """Per page (and ``ALL``): requests, errors by status, p50, p95, p99 (ms)."""
    by_page: dict[str, list[tuple[float, int]]] = collections.defaultdict(list)
    for page, seconds, status in phase.stats.samples:
        by_page[page].append((seconds, status))
        by_page["ALL"].append((seconds, status))
    bad = collections.defaultdict(collections.Counter)  # type: ignore[var-annotated]
    for page, what in phase.stats.errors:
        code = what.split()[1] if what.startswith("HTTP") else what.split(":")[0]
        bad[page][code] += 1
        bad["ALL"][code] += 1
    rows = {}
    for page, samples in by_page.items():
        p50, p95, p99 = _q([s for s, _ in samples])
        errs = ", ".join(f"{c}×{k}" for k, c in sorted(bad[page].items())) or "0"
        rows[page] = (len(samples), errs, p50 * 1000, p95 * 1000, p99 * 1000)
    return rows


ORDER = ("login", "organisations", "organisation", "version", "run start",
         "run progress", "run", "report", "caseload", "candidate", "profile", "fit",
         "queue", "submission", "ALL")


def print_report(phases: list[Phase], args: argparse.Namespace) -> None:
    """The per-page table of each phase side by side, then the summary and errors."""
    tables = [page_rows(p) for p in phases]
    pages = [p for p in ORDER if any(p in t for t in tables)]
    pages += sorted({p for t in tables for p in t} - set(pages))
    head = f"{'page':<14}" + "".join(
        f" | {f'{p.users} users':>8} {'errors':>10} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
        for p in phases)
    print(head)
    print("-" * len(head))
    for page in pages:
        line = f"{page:<14}"
        for t in tables:
            n, errs, p50, p95, p99 = t.get(page, (0, "-", 0.0, 0.0, 0.0))
            line += f" | {n:>8} {errs:>10} {p50:>7.0f} {p95:>7.0f} {p99:>7.0f}"
        print(line)
    print()
    for p, t in zip(phases, tables, strict=True):
        n, errs, p50, p95, p99 = t.get("ALL", (0, "0", 0.0, 0.0, 0.0))
        runs = p.stats.runs_finished
        rs = sorted(p.stats.run_seconds)
        run_p50 = f"{statistics.median(rs):.1f} s" if rs else "-"
        print(f"users={p.users} seconds={args.seconds:.0f} think={args.think:g} s "
              f"requests={n} throughput={n / p.wall:.1f}/s errors={len(p.stats.errors)} "
              f"p50={p50:.0f} ms p95={p95:.0f} ms p99={p99:.0f} ms")
        print(f"  redesign runs: started={p.stats.runs_started} "
              + " ".join(f"{k}={v}" for k, v in sorted(runs.items()))
              + f" start-to-finished p50={run_p50}; at the end: {p.uptime}")
        for count, lines in p.log_errors:
            print(f"  server error ×{count}:")
            for ln in lines:
                print("    " + ln[:160])
        shown = collections.Counter(what for _, what in p.stats.errors)
        for what, count in shown.most_common(8):
            print(f"  client saw ×{count}: {what[:160]}")
    print("target (issue 14): 0 errors at 50 users for 60 s, redesign runs included")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--compare-users", type=int, default=None, metavar="N",
                        help="a second phase with N users on a fresh server, printed beside")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause between one user's requests, seconds (default 0)")
    parser.add_argument("--runs-per-minute", type=float, default=1.0,
                        help="redesign runs each consultant user starts per minute (default 1)")
    parser.add_argument("--max-runs", type=int, default=40, help="most runs per phase")
    parser.add_argument("--run-time-limit", type=int, default=2,
                        help="solver seconds per redesign run (default 2)")
    parser.add_argument("--run-wait", type=float, default=60,
                        help="how long after the phase a user still follows its run")
    parser.add_argument("--server-threads", type=int, default=16)
    parser.add_argument("--db", metavar="URL", help="database URL (default: a fresh SQLite "
                        "file per phase); PostgreSQL: a fresh schema per phase on that "
                        "server, dropped afterwards")
    args = parser.parse_args()
    phases = [run_phase(args.users, args)]
    if args.compare_users:
        phases.append(run_phase(args.compare_users, args))
    print_report(phases, args)
    return 0 if not phases[0].stats.errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
