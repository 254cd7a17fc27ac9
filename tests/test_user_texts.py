"""No library module writes a user's text from literal Dutch words (issue 10, item 4).

Every text a user reads is a catalogue code rendered through :mod:`taskmodels.messages`.
This scan reads the string literals (f-string pieces included, docstrings excluded)
of every module under ``matcher/`` and ``taskmodels/`` (the catalogue itself aside)
and fails on common Dutch interface words. Files that legitimately hold Dutch are
listed with the reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("matcher", "taskmodels")

DUTCH = re.compile(
    r"\b(uur|uren|niet|taak|taken|functie|functies|kandidaat|kandidaten|besparing|geen|"
    r"afdeling|afdelingen|niveau|werkbegeleider|vereist|uitsnijdbaar|moet|verplicht|"
    r"meting|banenafspraakbanen|herverdeeld|geplaatst)\b",
    re.IGNORECASE,
)
CODE = re.compile(r"^[a-z_]+(\.[A-Za-z0-9_]+)+$")
"""A catalogue code such as ``develop.taken``: a name, not a text."""

ALLOWED: dict[str, str] = {
    "matcher/synthetic/sectors.py": "Dutch names of generated departments and tasks (data, not interface)",
    "taskmodels/examples.py": "the folder name of the bundled candidates (kandidaten), a path",
}


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def dutch_literals(source: str) -> list[tuple[int, str]]:
    """(line, literal) of every string literal that contains a Dutch interface word."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    hits = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docs and not CODE.match(node.value)
                and DUTCH.search(node.value)):
            hits.append((node.lineno, node.value))
    return hits


def _modules() -> list[Path]:
    return [p for root in SCANNED for p in sorted((ROOT / root).rglob("*.py"))
            if "messages" not in p.relative_to(ROOT).parts]


def test_no_module_builds_user_text_from_dutch_words() -> None:
    found = {}
    for path in _modules():
        rel = path.relative_to(ROOT).as_posix()
        if rel in ALLOWED:
            continue
        hits = dutch_literals(path.read_text(encoding="utf-8"))
        if hits:
            found[rel] = hits
    assert found == {}, "user texts belong in taskmodels/messages/locale/*/messages.po"


def test_the_scan_finds_dutch_in_fstrings_and_ignores_codes_and_docstrings() -> None:
    source = '"""Een taak."""\nx = f"{n} uur per week"\ny = "develop.taken"\nz = "hours"\n'
    assert dutch_literals(source) == [(2, " uur per week")]


def test_every_allowed_file_still_needs_its_entry() -> None:
    # A stale entry (file gone, or its Dutch moved to the catalogue) would hide the
    # next Dutch sentence written there; the list only shrinks.
    stale = [f for f in ALLOWED
             if not (ROOT / f).exists() or not dutch_literals((ROOT / f).read_text(encoding="utf-8"))]
    assert stale == []
