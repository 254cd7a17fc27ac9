"""Helpers shared by the command modules: options, input loading, report output.

Commands reach the core only through :mod:`matcher.api` (a test checks this).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from matcher import api


def add_inventory_argument(parser: argparse.ArgumentParser) -> None:
    """The positional INVENTORY every inventory command takes."""
    parser.add_argument("inventory", metavar="INVENTORY", help=".xlsx workbook or folder of .csv files")


def add_candidates_argument(parser: argparse.ArgumentParser, required: bool) -> None:
    """``--candidates FILE``: a workbook, a candidates.csv (ratings.csv beside it) or a folder."""
    parser.add_argument(
        "--candidates", metavar="FILE", required=required,
        help="candidates (.xlsx with candidates/ratings sheets, .csv, or folder)"
             + ("" if required else "; default: the inventory's own sheet"),
    )


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
