"""Exports: xlsx and csv of functions and effect; formula-like cells neutralised."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from web.exports import neutralise, to_csv, to_xlsx

REPORT = {
    "policy": {"jobs_agreement_hours": 25.5},
    "roles": [
        {"role_id": "NF-KEU-1", "department": "Keuken", "time_of_day": "day",
         "hours_per_week": 25.5, "tasks": [{"task_id": "T1", "hours": 20.0},
                                           {"task_id": "=HYPERLINK(\"x\")", "hours": 5.5}]},
    ],
    "impact": {"carved_hours": 25.5, "jobs_agreement_jobs": 1.0, "annual_saving_eur": -120.0,
               "freed_hours_by_role": {"Kok": 20.0, "@Afwasser": 5.5}},
}


@pytest.mark.parametrize("raw", ["=1+1", "+31", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_gets_a_quote(raw):
    assert neutralise(raw) == "'" + raw


@pytest.mark.parametrize("raw", ["Kok", "a=b", "", 3, -2.5, None])
def test_other_values_pass_unchanged(raw):
    assert neutralise(raw) == raw


def test_xlsx_holds_functions_and_effect_neutralised():
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(REPORT, "nl")))
    assert wb.sheetnames == ["nieuwe functies", "effect"]
    fn = list(wb["nieuwe functies"].iter_rows(values_only=True))
    assert fn[0][0] == "functie"
    assert [r[0] for r in fn[1:]] == ["NF-KEU-1", "NF-KEU-1"]
    assert fn[1][2] == "dag" and fn[1][6] == 1.0
    assert fn[2][4] == "'=HYPERLINK(\"x\")"
    eff = {r[0]: r[1] for r in wb["effect"].iter_rows(min_row=2, values_only=True)}
    assert eff["'@Afwasser"] == 5.5 and eff["Kok"] == 20.0
    assert eff["besparing per jaar (EUR)"] == -120.0  # a negative number stays a number


def test_csv_in_english():
    rows = list(csv.reader(io.StringIO(to_csv(REPORT, "functions", "en"))))
    assert rows[0][:2] == ["function", "department"]
    assert rows[1][2] == "day" and rows[2][4].startswith("'=")
    with pytest.raises(ValueError, match="unknown export part"):
        to_csv(REPORT, "nope")
