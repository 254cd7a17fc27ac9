"""``validate INVENTORY``: check a workbook or folder and report every problem."""

from __future__ import annotations

import argparse
from collections import Counter

from matcher.cli.commands._common import (
    add_candidates_argument,
    add_inventory_argument,
    load_candidates,
    load_inventory,
)
from taskmodels.messages import text

HELP = "check an inventory workbook or folder and report every problem"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``validate``."""
    add_inventory_argument(parser)
    add_candidates_argument(parser, required=False)
    parser.add_argument("--lang", choices=("nl", "en"), default="nl",
                        help="language of the problems and the census (default nl)")


def run(args: argparse.Namespace) -> int:
    """Read everything; problems raise InventoryError (exit 2), else print a short census."""
    inventory = load_inventory(args.inventory)
    pool = load_candidates(args.candidates) if args.candidates else inventory.pool
    departments = Counter(t.department for t in inventory.tasks)
    hours = sum(t.hours_per_week for t in inventory.tasks)
    print(text("summary.validate.valid", args.lang, path=str(args.inventory)))
    if inventory.warnings:
        print(text("input.warnings.header", args.lang, n=len(inventory.warnings)))
        for warning in inventory.warnings:
            print(f"  {warning.line(args.lang)}")
    print("  " + text("summary.validate.census", args.lang, roles=len(inventory.roles),
                      tasks=len(inventory.tasks), hours=hours, departments=len(departments)))
    if pool.candidates:
        print("  " + text("summary.validate.candidates", args.lang,
                          candidates=len(pool.candidates), ratings=len(pool.ratings)))
    return 0
