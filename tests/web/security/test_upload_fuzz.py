"""Fuzzing every upload through the real app (issue 14): the consultant's inventory
upload and the coach's candidates-and-ratings import, logged in, with CSRF, on a real
database.

For each input: never a 5xx (a redirect after a whole import, or 200/400 with the
error summary, or 413); a refused file is named on the page, and a cell problem with
its row and column; the database holds exactly what it held before (inventory
versions, candidates, ratings), or, when the file is accepted, exactly the whole file
more. Run with ``-s`` for the counts per strategy and the summary line.
"""

from __future__ import annotations

import dataclasses
import html
import io
import re
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from taskmodels.errors import InventoryError
from tests.taskmodels.fuzz_inputs import (
    STRATEGIES,
    Tally,
    Upload,
    as_file,
    small_inventory,
    small_pool,
    too_many_rows,
    uploads,
)
from tests.taskmodels.test_reading_fuzz import _place, _read
from tests.web.helpers import add_organisation, add_user, csrf_token, login
from web.db import session_scope
from web.models import Candidate, InventoryVersion, Rating
from web.uploads import safe_name

EXAMPLES = 120
"""Inputs per upload page; both pages together stay under a minute on one core."""

PAGES = {"inventory": "consultant", "pool": "coach"}
DEFAULT_NAMES = {"inventory": "inventaris.xlsx", "pool": "kandidaten.xlsx"}
"""What each page calls a file whose name has nothing safe left."""
_ROW = re.compile(r'<tr id="problem-\d+"[^>]*><td>(.*?)</td><td>(.*?)</td><td[^>]*>(.*?)</td>'
                  r"<td>(.*?)</td><td>(.*?)</td></tr>", re.S)


class Desk:
    """A logged-in user at one upload page, and how to count what is stored."""

    def __init__(self, app: Flask, target: str) -> None:
        self.app, self.target = app, target
        self.client: FlaskClient = app.test_client()
        self.user = f"{'c' if target == 'inventory' else 'k'}-{uuid.uuid4().hex[:6]}"
        if target == "inventory":
            uid = add_user(app, self.user, "consultant")
            org = add_organisation(app, f"Org {uuid.uuid4().hex[:6]}", (uid,))
            self.path = f"/consultant/organisations/{org}/upload"
        else:
            add_user(app, self.user, "job_coach")
            self.path = "/coach/import"
        assert login(self.client, self.user).status_code == 302
        # Flask-WTF's token lives as long as the session (WTF_CSRF_TIME_LIMIT None).
        self.token = csrf_token(self.client, self.path)

    def counts(self) -> tuple[int, int, int]:
        """Inventory versions, candidates, ratings stored."""
        with session_scope(self.app) as db:
            return tuple(int(db.scalar(select(func.count()).select_from(m)) or 0)  # type: ignore[return-value]
                         for m in (InventoryVersion, Candidate, Rating))

    def forget_candidates(self) -> None:
        """Remove what an accepted import stored: Hypothesis may draw the same
        pseudonyms again, and a second import of them is (rightly) refused."""
        from sqlalchemy import delete

        with session_scope(self.app) as db:
            db.execute(delete(Rating))
            db.execute(delete(Candidate))

    def post(self, name: str, data: bytes) -> Any:
        return self.client.post(self.path, data={"csrf_token": self.token,
                                                 "file": (io.BytesIO(data), name)},
                                content_type="multipart/form-data")


def _whole(target: str, upload: Upload) -> tuple[int, int, int] | None:
    """What a whole import of ``upload`` adds, read by the core reader on its own
    (None when the reader refuses it); the pages must store exactly this or nothing."""
    with tempfile.TemporaryDirectory() as tmp:
        if upload.name.endswith(".zip") and upload.strategy.startswith(("zip bomb", "random")):
            return None
        try:
            # Placed under the name the page saves it under.
            saved = dataclasses.replace(upload, name=safe_name(upload.name, DEFAULT_NAMES[target]))
            path = _place(saved, Path(tmp))
            result: Any = _read(target, path)
        except (InventoryError, OSError, ValueError, EOFError):
            return None
    if target == "inventory":
        return (1, 0, 0)
    return (0, len(result.candidates), len(result.ratings))


def _problem_table(page: str) -> list[tuple[str, ...]]:
    return [tuple(html.unescape(cell) for cell in row) for row in _ROW.findall(page)]


def check_upload(desk: Desk, upload: Upload, tally: Tally, forget: bool = True) -> None:
    """One input through the page; the contract of the module docstring (``forget``:
    remove an accepted pool afterwards, so the next input starts from the same state)."""
    tally.add(upload)
    before = desk.counts()
    response = desk.post(upload.name, upload.data)
    after = desk.counts()
    delta = tuple(a - b for a, b in zip(after, before, strict=True))
    if response.status_code >= 500:
        tally.server_errors += 1
    assert response.status_code in (200, 302, 400, 413), (upload.strategy, response.status_code)
    if response.status_code == 302:
        expected = _whole(desk.target, upload)
        if expected is None or delta != expected:
            tally.partial += 1
        assert expected is not None, f"{upload.strategy}: stored, but the reader refuses it"
        assert delta == expected, (upload.strategy, delta, expected)
        assert not upload.cells, (upload.strategy, upload.cells)
        if desk.target == "pool" and forget:
            desk.forget_candidates()
        return
    if delta != (0, 0, 0):
        tally.partial += 1
    assert delta == (0, 0, 0), (upload.strategy, delta)
    assert not upload.valid, (upload.strategy, response.get_data(as_text=True)[:3000])
    if response.status_code == 413:
        return
    page = response.get_data(as_text=True)
    assert 'class="error-summary"' in page, (upload.strategy, page[:2000])
    table = _problem_table(page)
    if not table:
        # Refused by the form itself (no file name, not .xlsx/.zip): the file field
        # carries the message, tied to it for assistive technology.
        assert 'id="file-error"' in page and 'aria-invalid="true"' in page, \
            (upload.strategy, upload.name, page[:3000])
        assert not upload.cells, (upload.strategy, upload.cells)
        return
    shown = safe_name(upload.name, DEFAULT_NAMES[desk.target])
    for file, *_ in table:
        # Named by the (safe) name the user uploaded, a zip's members inside it, never
        # by the server's temporary path.
        assert file == shown or file.startswith(shown + "/"), (file, shown)
    places = {(sheet, row, column) for _, sheet, row, column, _ in table}
    for sheet, row, column in upload.cells:
        assert (sheet, str(row), column) in places, (upload.strategy, (sheet, row, column), table)


ODD_NAMES = ["..", ".", "", "../../etc/passwd.xlsx", "a/b/c.xlsx", "x" * 300 + ".xlsx",
             "\x00.xlsx", "CON.xlsx", ".xlsx", "naam met spaties.xlsx", "Ω≈ç√.xlsx",
             "\u202exslx.exe.xlsx", "a.XLSX", "a.xlsx.zip", "a.zip"]


@st.composite
def odd_names(draw: st.DrawFn, target: str) -> Upload:
    """The valid file under a hostile or odd file name."""
    tag = uuid.UUID(int=draw(st.integers(0, 2**128 - 1))).hex[:8]
    name = draw(st.sampled_from(ODD_NAMES))
    sheets = small_inventory() if target == "inventory" else small_pool(tag)
    kind = "zip" if name.lower().endswith(".zip") else "xlsx"
    return Upload("odd file name", name, as_file(sheets, kind, "x")[1])


GRAND = Tally()
"""Every input of this module, for the summary line printed at its end."""


@pytest.fixture(scope="module", autouse=True)
def _summary_line() -> Iterator[None]:
    yield
    if GRAND.tried:
        print("\n" + GRAND.summary("upload fuzz"))


def _fuzz(app: Flask, target: str, strategy: Callable[[str], st.SearchStrategy[Upload]],
          examples: int) -> Tally:
    desk = Desk(app, target)
    tally = Tally()

    @settings(max_examples=examples, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(upload=strategy(target))
    def run(upload: Upload) -> None:
        check_upload(desk, upload, tally)

    run()
    GRAND.tried.update(tally.tried)
    GRAND.server_errors += tally.server_errors
    GRAND.partial += tally.partial
    return tally


@pytest.mark.parametrize("target", ["inventory", "pool"])
def test_every_upload_is_whole_or_refused_never_a_server_error(app: Flask, target: str) -> None:
    tally = _fuzz(app, target, lambda t: st.one_of(uploads(t), odd_names(t)), EXAMPLES)
    print(tally.summary(f"upload fuzz ({PAGES[target]})"))
    assert {s for s in STRATEGIES} | {"odd file name"} <= set(tally.tried), tally.tried
    assert tally.server_errors == 0 and tally.partial == 0


PG_EXAMPLES = 4
"""Inputs per strategy and page on PostgreSQL: every strategy, a few of each (the SQLite
test above is the long run; this one is about what only PostgreSQL refuses, such as a
NUL character in text, or what it stores differently)."""


@pytest.fixture
def pg_app(pg_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app on a PostgreSQL schema of this test alone (skipped without
    TEST_DATABASE_URL, a failure under CI); its connections closed before the drop."""
    from tests.web.conftest import make_app

    app = make_app(tmp_path, DATABASE_URL=pg_url)
    yield app
    app.extensions["web.db"].kw["bind"].dispose()


@pytest.mark.parametrize("target", ["inventory", "pool"])
def test_on_postgresql_every_upload_is_whole_or_refused(pg_app: Flask, target: str) -> None:
    """The same contract on the real PostgreSQL: every strategy (each drawn on its own,
    so none is left out by chance), no 5xx, nothing stored but a whole file."""
    tally = Tally()
    named = {**STRATEGIES, "odd file name": odd_names}
    for make in named.values():
        one = _fuzz(pg_app, target, make, PG_EXAMPLES)
        tally.tried.update(one.tried)
        tally.server_errors += one.server_errors
        tally.partial += one.partial
    print(tally.summary(f"upload fuzz on PostgreSQL ({PAGES[target]})"))
    assert set(named) <= set(tally.tried), tally.tried
    assert sum(tally.tried.values()) >= len(named) * 2  # Hypothesis may stop a strategy early
    assert tally.server_errors == 0 and tally.partial == 0


@pytest.mark.parametrize("target", ["inventory", "pool"])
def test_on_postgresql_a_nul_character_in_any_text_cell(pg_app: Flask, target: str) -> None:
    """PostgreSQL refuses a NUL character in text (SQLite stores it): a CSV cell with one,
    in every text column of every sheet, is refused or stored whole, never a 500."""
    from taskmodels.columns import SHEETS

    desk, tally = Desk(pg_app, target), Tally()
    tag = uuid.uuid4().hex[:6]
    base = small_inventory() if target == "inventory" else small_pool(tag)
    for sheet, rows in base.items():
        for c, column in enumerate(rows[0]):
            kinds = {col.name: col.kind for col in SHEETS[sheet]}
            if kinds.get(column) != "text":
                continue
            sheets = {k: [list(r) for r in v] for k, v in base.items()}
            sheets[sheet][1][c] = f"{sheets[sheet][1][c]}\x00{tag}"
            name, data = as_file(sheets, "zip", f"nul-{sheet}-{column}")
            check_upload(desk, Upload("odd cell (NUL)", name, data), tally)
    print(tally.summary(f"NUL in text cells on PostgreSQL ({PAGES[target]})"))
    assert tally.tried["odd cell"] >= 3


@pytest.mark.parametrize("target", ["inventory", "pool"])
def test_too_many_rows_is_refused_and_nothing_stored(app: Flask, target: str) -> None:
    tally = _fuzz(app, target, too_many_rows, 2)
    print(tally.summary(f"upload fuzz, too many rows ({PAGES[target]})"))
    assert tally.tried["too many rows"] == 2


@pytest.mark.parametrize("target", ["inventory", "pool"])
def test_a_valid_file_imports_whole(app: Flask, target: str) -> None:
    """The control: the untouched file is stored whole, as xlsx and as zip."""
    desk = Desk(app, target)
    for kind in ("xlsx", "zip"):
        sheets = small_inventory() if target == "inventory" else small_pool(kind)
        name, data = as_file(sheets, kind, "geldig")
        check_upload(desk, Upload("valid", name, data, valid=True), Tally(), forget=False)
    n_tasks = len(small_inventory()["tasks"]) - 1
    pool = small_pool()
    expected = ((2, 0, 0) if target == "inventory"
                else (0, 2 * (len(pool["candidates"]) - 1), 2 * (len(pool["ratings"]) - 1)))
    assert desk.counts() == expected
    if target == "inventory":
        with session_scope(app) as db:
            assert [v.task_count for v in db.scalars(select(InventoryVersion))] == [n_tasks] * 2


# --- regressions: the exact inputs that broke the pages -----------------------------------

@pytest.mark.parametrize("target", ["inventory", "pool"])
@pytest.mark.parametrize("name", ["x" * 300 + ".xlsx", "..", "../../etc/passwd.xlsx"])
def test_regression_odd_file_names(app: Flask, target: str, name: str) -> None:
    """Found by the fuzzer: a 300-character name could not be saved in the temporary
    folder (ENAMETOOLONG, a 500) and the coach's import saved ``..`` onto the folder
    itself (IsADirectoryError, a 500). The safe name is used everywhere now."""
    desk = Desk(app, target)
    sheets = small_inventory() if target == "inventory" else small_pool("n")
    response = desk.post(name, as_file(sheets, "xlsx", "x")[1])
    assert response.status_code in (200, 302, 400), response.status_code
    if name == "..":
        assert response.status_code != 302 and desk.counts() == (0, 0, 0)
    else:
        assert response.status_code == 302
        if target == "inventory":
            with session_scope(app) as db:
                (version,) = db.scalars(select(InventoryVersion)).all()
                assert version.source_filename == safe_name(name, "inventaris.xlsx")
                assert len(version.source_filename) <= 105


@pytest.mark.parametrize("target", ["inventory", "pool"])
def test_regression_problems_name_the_uploaded_file_not_the_server_path(app: Flask,
                                                                        target: str) -> None:
    """Found by the fuzzer: the problem table showed the server's temporary path
    (``/tmp/tmpab12/linde.xlsx``) instead of the file the user uploaded."""
    desk = Desk(app, target)
    sheets = small_inventory() if target == "inventory" else small_pool("p")
    sheet = "tasks" if target == "inventory" else "candidates"
    column = "hours_per_week" if target == "inventory" else "max_hours"
    sheets[sheet][1][sheets[sheet][0].index(column)] = "twintig"
    for kind in ("xlsx", "zip"):
        name, data = as_file(sheets, kind, "mijn bestand")
        page = desk.post(name, data).get_data(as_text=True)
        table = _problem_table(page)
        shown = "mijn_bestand.xlsx" if kind == "xlsx" else f"mijn_bestand.zip/{sheet}.csv"
        assert (shown, sheet, "2", column) in {row[:4] for row in table}, table
        # The error summary's link names the file too, not only the table below it.
        assert f"{shown}, blad {sheet}, rij 2, kolom {column}" in html.unescape(page)


def test_regression_pseudonym_in_use_names_file_and_row(app: Flask) -> None:
    """Found by the fuzzer: a pseudonym already in use was reported with an empty file
    and a row counted from the list (wrong after a blank line in the sheet)."""
    desk = Desk(app, "pool")
    sheets = small_pool("dup")
    assert desk.post(*as_file(sheets, "zip", "eerst")).status_code == 302
    before = desk.counts()
    rows = sheets["candidates"]
    again = {"candidates": [rows[0], [""] * len(rows[0]), rows[2]], "ratings": [sheets["ratings"][0]]}
    table = _problem_table(desk.post(*as_file(again, "zip", "opnieuw")).get_data(as_text=True))
    assert [row[:4] for row in table] == [("opnieuw.zip/candidates.csv", "candidates", "3",
                                           "candidate_id")]
    assert desk.counts() == before
