"""The command line contract: exit codes, no tracebacks for bad input, template, validate."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from matcher.cli import main
from taskmodels.columns import SHEETS
from taskmodels.reading import read_inventory
from taskmodels.writing import write_inventory
from tests.conftest import ROLES_CSV, TASKS_CSV, write_folder


def test_template_has_every_sheet_and_column_with_dutch_help(tmp_path: Path, capsys) -> None:
    assert main(["template", str(tmp_path / "leeg.xlsx")]) == 0
    book = openpyxl.load_workbook(tmp_path / "leeg.xlsx")
    for sheet, columns in SHEETS.items():
        header = [c.value for c in book[sheet][1]]
        assert header == [c.name for c in columns]
        assert book[sheet]["A1"].comment is not None
    help_rows = list(book["toelichting"].iter_rows(values_only=True))
    assert ("tasks", "separable", "ja", None, "los te halen zonder verlies van kwaliteit of veiligheid (ja/nee)") in help_rows
    assert len(list(book["itembank"].iter_rows())) > 26  # header + at least 2 items per dimension
    # The empty template is itself a valid (empty) inventory.
    assert read_inventory(tmp_path / "leeg.xlsx").tasks == ()


def test_validate_workbook_with_five_problems_reports_all_and_exits_2(tmp_path: Path, capsys) -> None:
    good = read_inventory(write_folder(tmp_path / "good", roles=ROLES_CSV, tasks=TASKS_CSV))
    write_inventory(good, tmp_path / "book.xlsx")
    book = openpyxl.load_workbook(tmp_path / "book.xlsx")
    roles, tasks = book["roles"], book["tasks"]
    roles["F2"] = 11                 # level out of range
    roles["C3"] = "drie"             # headcount not a number
    tasks["C3"] = "Kok"              # unknown role
    tasks["D4"] = -3                 # hours not above 0
    tasks["A5"] = "T1"               # duplicate task id
    book.save(tmp_path / "book.xlsx")
    assert main(["validate", str(tmp_path / "book.xlsx"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 6 and lines[-1] == "5 problems found; nothing was imported."
    assert "Traceback" not in err
    assert lines[0] == f"{tmp_path / 'book.xlsx'} [roles] row 2, column level: must be at least 1 and at most 8, got 11"
    assert lines[4] == f"{tmp_path / 'book.xlsx'} [tasks] row 5, column task_id: duplicate task_id 'T1' (also in row 2)"


def test_validate_good_inventory_exits_0(tiny_folder: Path, capsys) -> None:
    assert main(["validate", str(tiny_folder)]) == 0
    assert "2 functies, 4 taken" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["validate"], ["nonsense"], ["redesign", "x", "--time-limit", "abc"]])
def test_bad_arguments_exit_2(argv: list[str], capsys) -> None:
    assert main(argv) == 2


def test_bad_config_exits_2_naming_the_key(tiny_folder: Path, tmp_path: Path, capsys) -> None:
    config = tmp_path / "beleid.toml"
    config.write_text("[policy]\nmax_function_hourz = 30\n", encoding="utf-8")
    assert main(["redesign", str(tiny_folder), "--config", str(config), "--lang", "en"]) == 2
    assert "key max_function_hourz: unknown key" in capsys.readouterr().err
    assert main(["redesign", str(tiny_folder), "--config", str(config)]) == 2
    assert "sleutel max_function_hourz: onbekende sleutel" in capsys.readouterr().err


@pytest.mark.parametrize("lang, words", [("nl", "controle keurde de uitkomst af"),
                                         ("en", "independent check rejected the answer")])
def test_an_answer_its_own_check_rejects_exits_1_with_a_plain_message(
        tiny_folder: Path, tmp_path: Path, capsys, monkeypatch, lang: str, words: str) -> None:
    """A rejection is a bug: no traceback, no report written, the broken rule named."""
    from matcher import api
    from matcher.redesign.pipeline import ProposalRejected

    def refuses(*args, **kwargs):
        raise ProposalRejected("FN-1: hours 41, its task parts add up to 36")

    monkeypatch.setattr(api, "redesign", refuses)
    out = tmp_path / "report.json"
    status = main(["redesign", str(tiny_folder), "--json", str(out), "--lang", lang])
    err = capsys.readouterr().err
    assert status == 1
    assert words in err and "FN-1: hours 41" in err and "Traceback" not in err
    assert not out.exists()
