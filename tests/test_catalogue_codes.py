"""Every catalogue code written out whole in the code or a page exists in the catalogue.

A page that asks for a missing code fails only when a test renders it (MissingMessage);
this scan finds such a code without rendering: the first argument of every call to a
catalogue function (``t``, ``text``, ``msg``, ``_``, ``_l``) in ``matcher/``,
``taskmodels/`` and ``web/``, and of ``_('...')`` and ``t('...')`` in every template.
Codes put together at run time (``'web.runs.' ~ state``) are not whole literals; the
tests of their pages (and, for run labels, ``tests/web/consultant/test_pages.py``)
cover them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from taskmodels.messages import LANGS, codes

ROOT = Path(__file__).resolve().parents[1]
CALLS = {"t", "text", "msg", "_", "_l"}
TEMPLATE_CALL = re.compile(r"""(?<![\w.])(?:_|t)\(\s*'([a-z][a-z0-9_.]*)'\s*[,)]""")
WHOLE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def _python_codes() -> list[tuple[str, str]]:
    found = []
    for folder in ("matcher", "taskmodels", "web"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in CALLS and node.args
                        and isinstance(node.args[0], ast.Constant)
                        and isinstance(node.args[0].value, str)
                        and WHOLE.match(node.args[0].value)):
                    found.append((node.args[0].value,
                                  f"{path.relative_to(ROOT)}:{node.lineno}"))
    return found


def _template_codes() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "web").rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in TEMPLATE_CALL.finditer(line):
                if WHOLE.match(match.group(1)):
                    found.append((match.group(1), f"{path.relative_to(ROOT)}:{number}"))
    return found


def test_the_scan_reads_the_calls_it_is_meant_to_read() -> None:
    """Guards the scan itself: it must see hundreds of codes in both places."""
    assert len(_python_codes()) > 200
    assert len(_template_codes()) > 400


def test_every_whole_code_in_code_and_pages_is_in_both_catalogues() -> None:
    used = _python_codes() + _template_codes()
    for lang in LANGS:
        known = codes(lang)
        missing = sorted({f"{code} ({where})" for code, where in used if code not in known})
        assert missing == [], f"codes without a {lang} text: {missing}"
