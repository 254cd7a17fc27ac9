"""Helpers shared by the command modules: options, input loading, report output."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from matcher.policy import Policy
from matcher.results import SolveOptions
from taskmodels.models import CandidatePool, Inventory
from taskmodels.reading import read_candidates, read_inventory


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


def solve_options(args: argparse.Namespace) -> SolveOptions:
    """The common solver options from parsed arguments."""
    return SolveOptions(
        time_limit=float(getattr(args, "time_limit", 30.0)),
        workers=int(getattr(args, "workers", 2)),
        seed=int(getattr(args, "seed", 0)),
        allow_borderline=bool(getattr(args, "allow_borderline", False)),
    )


def policy_from(args: argparse.Namespace) -> Policy:
    """The policy from ``--config`` (defaults when absent)."""
    return Policy.from_toml(getattr(args, "config", None))


def load_inventory(path: str | Path, policy: Policy | None = None) -> Inventory:
    """Read an inventory; raises InventoryError with every problem.

    ``policy`` supplies the margin for a role's hours (``max_role_hours_excess``).
    """
    margin = (policy or Policy()).max_role_hours_excess
    return read_inventory(path, max_role_hours_excess=margin)


def load_candidates(path: str | Path) -> CandidatePool:
    """Read a candidates file or folder; raises InventoryError with every problem."""
    return read_candidates(path)


def write_json(report: Any, path: str | Path | None) -> None:
    """Write ``report`` as UTF-8 JSON to ``path`` when one was given."""
    if not path:
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
