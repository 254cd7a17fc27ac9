"""Screenshots of the web application as each demo user sees it, and the page that shows them.

Starts ``serve --demo`` (the production server on the demo data, a fresh SQLite file
in a temporary folder) on a free loopback port, logs in as each demo user in Debian's
Chromium (Playwright drives it; no browser is downloaded), opens the role's main
pages in the order a user meets them, and saves one screenshot per page (the top of
the page, 1280 x 1000, Dutch as the interface speaks by default) to
``docs/walkthrough/``; then writes ``docs/walkthrough.md``, which shows them with
each page's heading and address.

    .venv/bin/python tools/walkthrough.py            # into docs/
    .venv/bin/python tools/walkthrough.py --out /tmp/w --lang en
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.demo_server import start_demo_server  # noqa: E402
from web.demo import DEMO_PASSWORD as PASSWORD  # noqa: E402

CHROMIUM = "/usr/bin/chromium"

#: Per demo user: what the role is for, its home page, then the pages to follow, each
#: the first matching link of the latest page seen that has one (so the walk needs no
#: database ids).
WALKS: dict[str, tuple[str, str, list[str]]] = {
    "demo-consultant": (
        "Employer consultant: organisations, work analyses, redesign runs and reports.",
        "/consultant/",
        [r"^/consultant/organisations/\d+$", r"^/consultant/organisations/\d+/runs/\d+$",
         r"^/consultant/organisations/\d+/runs/\d+/effect$",
         r"^/consultant/organisations/\d+/runs/\d+/report$"],
    ),
    "demo-coach": (
        "Job coach: the caseload, a candidate, the capacity profile and the fit.",
        "/coach/",
        [r"^/coach/candidates/\d+$", r"^/coach/candidates/\d+/profile$",
         r"^/coach/candidates/\d+/fit$"],
    ),
    "demo-advisor": (
        "UWV advisor: the review queue and a submitted function.",
        "/review/",
        [r"^/review/submissions/\d+$"],
    ),
    "demo-admin": (
        "Administrator: accounts and the audit trail.",
        "/admin/users",
        [r"^/admin/audit$"],
    ),
}
HREF = re.compile(r'href="([^"#?]+)"')


@dataclass
class Shot:
    """One saved screenshot: who, where, what the page says it is."""

    user: str
    path: str
    heading: str
    file: str


def walk(browser: Any, base: str, user: str, out: Path, lang: str) -> list[Shot]:
    """Log in as ``user``, follow the role's walk, save a screenshot of every page."""
    _, home, steps = WALKS[user]
    context = browser.new_context(locale=f"{lang}-NL" if lang == "nl" else "en-GB",
                                  viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    shots: list[Shot] = []
    try:
        page.goto(f"{base}/login")
        if lang != "nl":
            page.select_option("#lang-select", lang)
            page.click(".lang-form button")
            page.wait_for_selector(f"html[lang={lang}]")
        page.fill("#name", user)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit].button:not(.button--secondary)")
        page.wait_for_load_state()
        path = home
        seen: list[list[str]] = []  # the links of each page visited, latest last
        for n, pattern in enumerate([None, *steps]):
            if pattern is not None:
                found = [h for links in reversed(seen) for h in links if re.match(pattern, h)]
                if not found:
                    print(f"{user}: no link like {pattern} on its pages; the walk stops there")
                    break
                path = found[0]
            page.goto(base + path)
            seen.append(HREF.findall(page.content()))
            heading = page.locator("h1").first.inner_text().strip()
            name = f"{user.removeprefix('demo-')}-{n + 1}.png"
            page.screenshot(path=str(out / name))
            shots.append(Shot(user, path, heading, name))
            print(f"{user}: {path} -> {name} ({heading})")
    finally:
        context.close()
    return shots


def write_page(doc: Path, folder: str, shots: list[Shot], lang: str) -> None:
    """The Markdown page that shows every screenshot under its user."""
    lines = ["# Walk-through: the web application per demo user", "",
             "Made by `tools/walkthrough.py` on the demo data (`serve --demo`; every demo "
             f"user's password is `{PASSWORD}`), interface language `{lang}`. Each picture is "
             "the top of the page a user meets next; run the tool again after a change "
             "to the pages.", ""]
    for user, (purpose, _, _) in WALKS.items():
        mine = [s for s in shots if s.user == user]
        if not mine:
            continue
        lines += [f"## {user}", "", purpose, ""]
        for s in mine:
            lines += [f"### {s.heading}", "", f"`{s.path}`", "",
                      f"![{s.heading}]({folder}/{s.file})", ""]
    doc.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Start the demo server, walk every demo user, write the pictures and the page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs",
                        help="folder for walkthrough.md and walkthrough/ (default docs/)")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    pictures = args.out / "walkthrough"
    pictures.mkdir(parents=True, exist_ok=True)
    for old in pictures.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        server, base = start_demo_server(Path(tmp) / "instance", Path(tmp) / "server.log")
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
                try:
                    shots = [s for user in WALKS
                             for s in walk(browser, base, user, pictures, args.lang)]
                finally:
                    browser.close()
        finally:
            server.terminate()
            server.wait(timeout=60)
    write_page(args.out / "walkthrough.md", "walkthrough", shots, args.lang)
    print(f"{len(shots)} screenshots in {pictures}, page {args.out / 'walkthrough.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
