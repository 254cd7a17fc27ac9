"""Every CSV/XLSX export neutralises formula-like cells; workbook formulas are bad input."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from taskmodels.sources import read_xlsx
from taskmodels.zipguard import ZipBomb, check_archive
from web.exports import neutralise, to_csv, to_xlsx

DANGEROUS = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_neutralise(value: str) -> None:
    out = neutralise(value)
    assert isinstance(out, str) and out[0] not in "=+-@\t\r"


def test_csv_and_xlsx_exports_carry_no_formula(tmp_path: Path) -> None:
    report = {"roles": [{"role_id": v, "department": v, "time_of_day": "day",
                         "hours_per_week": 12.0, "tasks": [{"task_id": v, "hours": 12.0}],
                         "demands": {}, "candidate_id": None, "placed_candidate": v,
                         "fitting_count": 1, "fragile": True} for v in DANGEROUS],
              "impact": {"freed_hours_by_role": {v: 1.0 for v in DANGEROUS}},
              "policy": {}}
    for part in ("functions", "effect", "pool"):
        rows = list(csv.reader(io.StringIO(to_csv(report, part))))[1:]
        assert rows
        for row in rows:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    path = tmp_path / "e.xlsx"
    path.write_bytes(to_xlsx(report))
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


def test_formula_cell_is_reported_not_taken(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "roles"
    ws.append(["role", "headcount"])
    ws.append(["a", "=1+2"])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    problems: list = []
    sheets = read_xlsx(path, problems)
    assert [(p.sheet, p.row, p.column, p.code) for p in problems] == [
        ("roles", 2, "B", "input.formula")]
    assert sheets["roles"].rows[0][1]["headcount"] is None


def test_zip_bomb_is_refused_before_unpacking() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("tasks.csv", b"0" * (20 * 1024 * 1024))  # 20 MB of zeros: ratio ~1000
    assert len(buffer.getvalue()) < 100_000  # within any upload limit
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive, pytest.raises(ZipBomb):
        check_archive(archive)


def test_upload_over_the_size_limit_gets_the_413_page(tmp_path: Path) -> None:
    from tests.web.conftest import make_app
    from tests.web.helpers import add_organisation, add_user, csrf_token, login

    app = make_app(tmp_path, MAX_CONTENT_LENGTH=64 * 1024)
    uid = add_user(app, "c", "consultant")
    org = add_organisation(app, "Org", (uid,))
    client = app.test_client()
    login(client, "c")
    token = csrf_token(client, f"/consultant/organisations/{org}/upload")
    response = client.post(f"/consultant/organisations/{org}/upload",
                           data={"csrf_token": token,
                                 "file": (io.BytesIO(b"x" * 200_000), "big.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    assert "Bestand te groot" in response.get_data(as_text=True)
