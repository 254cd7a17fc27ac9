"""The command line reaches the core only through matcher.api (issue 10 item 4)."""

from __future__ import annotations

import ast
from pathlib import Path

import matcher.cli.commands as commands

#: Commands for which the front door offers nothing: the OR-Library benchmark and
#: the synthetic-data generator are tools around the core, not uses of it.
TOOLS = {"bench.py", "generate.py"}


def _matcher_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found |= {n for n in names if n == "matcher" or n.startswith("matcher.")}
    return found


def test_commands_import_only_the_api_and_the_cli() -> None:
    folder = Path(commands.__file__).parent
    modules = sorted(p for p in folder.glob("*.py") if p.name not in TOOLS)
    assert len(modules) >= 8, [p.name for p in modules]
    for path in modules:
        deeper = {m for m in _matcher_imports(path)
                  if m not in ("matcher", "matcher.api") and not m.startswith("matcher.cli")}
        assert not deeper, f"{path.name} imports {sorted(deeper)}; use matcher.api"


def test_the_check_sees_a_deep_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from matcher.redesign.pipeline import run_redesign\nimport matcher.api\n",
                   encoding="utf-8")
    assert _matcher_imports(bad) == {"matcher.redesign.pipeline", "matcher.api"}


def test_numbers_module_is_gone() -> None:
    # One number formatter: taskmodels.messages.format_number (Babel).
    assert not (Path(commands.__file__).parents[2] / "matcher" / "numbers.py").exists()
