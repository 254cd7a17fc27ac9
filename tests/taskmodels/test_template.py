"""The template's help text comes from the catalogue: Dutch by default, English on request."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from taskmodels.columns import SHEETS
from taskmodels.reading import read_inventory
from taskmodels.template import write_template


def test_dutch_template_explains_demands_with_the_dimension_label(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write_template(tmp_path / "leeg"))
    rows = list(book["toelichting"].iter_rows(values_only=True))
    assert rows[0] == ("blad", "kolom", "verplicht", "standaard", "betekenis")
    assert ("tasks", "d_social", "nee", 1, "eis aan sociale omgang (1-5)") in rows
    assert ("candidates", "c_social", "nee", None, "capaciteit sociaal functioneren (1-5)") in rows
    assert book["tasks"]["A1"].comment.text == "unieke code van de taak (verplicht)"
    assert book["schaal"]["D5"].value == "eigen tempo"  # pace, level 1


def test_english_template_is_still_a_valid_empty_inventory(tmp_path: Path) -> None:
    path = write_template(tmp_path / "empty.xlsx", lang="en")
    book = openpyxl.load_workbook(path)
    rows = list(book["explanation"].iter_rows(values_only=True))
    assert ("tasks", "separable", "yes", None,
            "can leave the process without loss of quality or safety (yes/no)") in rows
    assert [c.value for c in book["tasks"][1]] == [c.name for c in SHEETS["tasks"]]
    assert read_inventory(path).tasks == ()


def test_every_column_has_help_in_both_languages() -> None:
    for columns in SHEETS.values():
        for col in columns:
            assert col.help("nl") and col.help("en"), col.name
