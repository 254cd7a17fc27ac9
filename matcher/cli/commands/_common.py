"""Helpers shared by the command modules: options, input loading, report output.

Commands reach the core only through :mod:`matcher.api` (a test checks this).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from matcher import api
from taskmodels.messages import text


def help_lang(argv: Sequence[str] | None = None) -> str:
    """The language of ``--help``: ``--lang`` on the command line, else ``MATCHER_LANG``, else nl.

    Help is built before the arguments are parsed, so ``--lang`` is looked up in
    ``argv`` (default ``sys.argv``) directly.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    for k, arg in enumerate(args):
        if arg == "--lang" and k + 1 < len(args):
            return "en" if args[k + 1] == "en" else "nl"
        if arg.startswith("--lang="):
            return "en" if arg.removeprefix("--lang=") == "en" else "nl"
    return "en" if os.environ.get("MATCHER_LANG") == "en" else "nl"


def help_text(code: str, lang: str | None = None, **params: Any) -> str:
    """The help text of a flag or command, catalogue code ``cli.<code>``, Dutch by default.

    ``%`` is doubled: argparse formats help strings with ``%``.
    """
    return text(f"cli.{code}", lang or help_lang(), **params).replace("%", "%%")


def add_inventory_argument(parser: argparse.ArgumentParser) -> None:
    """The positional INVENTORY every inventory command takes."""
    parser.add_argument("inventory", metavar="INVENTORY", help=help_text("help.inventory"))


def add_candidates_argument(parser: argparse.ArgumentParser, required: bool) -> None:
    """``--candidates FILE``: a workbook, a candidates.csv (ratings.csv beside it) or a folder."""
    parser.add_argument(
        "--candidates", metavar="FILE", required=required,
        help=help_text("help.candidates" if required else "help.candidates_optional"),
    )


def add_pool_arguments(parser: argparse.ArgumentParser, candidates_required: bool,
                       *extra: Callable[[argparse.ArgumentParser], None]) -> None:
    """INVENTORY, ``--candidates``, any ``extra`` arguments, then the common options.

    The argument setup that ``match`` and ``carve`` share.
    """
    from matcher.cli import add_common_options

    add_inventory_argument(parser)
    add_candidates_argument(parser, required=candidates_required)
    for add in extra:
        add(parser)
    add_common_options(parser)


def solve_and_print(args: argparse.Namespace,
                    solve: Callable[[api.Inventory, api.CandidatePool | None, api.Policy,
                                     api.SolveOptions], Any]) -> int:
    """Read the inventory and candidates, ``solve``, print the summary, write ``--json``.

    The run that ``match`` and ``carve`` share; ``solve(inventory, pool, policy,
    options)`` returns the report (``pool`` is None without ``--candidates``).
    """
    policy, options = policy_from(args), solve_options(args)
    inventory = load_inventory(args.inventory, policy)
    pool = load_candidates(args.candidates) if args.candidates else None
    report = solve(inventory, pool, policy, options)
    print(api.summary(report, lang_of(args)))
    write_json(report, getattr(args, "json", None))
    return 0


def solve_options(args: argparse.Namespace) -> api.SolveOptions:
    """The common solver options from parsed arguments (a bad value is exit 2)."""
    return api.options_for(
        time_limit=float(getattr(args, "time_limit", 30.0)),
        workers=int(getattr(args, "workers", 2)),
        seed=int(getattr(args, "seed", 0)),
        allow_borderline=bool(getattr(args, "allow_borderline", False)),
    )


def policy_from(args: argparse.Namespace) -> api.Policy:
    """The policy from ``--config`` (defaults when absent)."""
    return api.load_policy(getattr(args, "config", None))


def load_inventory(path: str | Path, policy: api.Policy | None = None) -> api.Inventory:
    """Read an inventory; raises InventoryError with every problem.

    ``policy`` supplies the margin for a role's hours (``max_role_hours_excess``).
    """
    return api.read_inventory(path, policy)


def load_candidates(path: str | Path) -> api.CandidatePool:
    """Read a candidates file or folder; raises InventoryError with every problem."""
    return api.read_candidates(path)


def lang_of(args: argparse.Namespace) -> str:
    """The language of the printed output (``--lang``, Dutch by default)."""
    return str(getattr(args, "lang", "nl") or "nl")


def write_json(report: Any, path: str | Path | None) -> None:
    """Write ``report`` (a report model, or plain data) as UTF-8 JSON to ``path`` when given."""
    if not path:
        return
    data = report.model_dump(mode="json") if isinstance(report, BaseModel) else report
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
