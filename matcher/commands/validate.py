"""``validate INVENTORY``: check a workbook or folder and report every problem."""

from __future__ import annotations

import argparse
from collections import Counter

from matcher.commands._common import load_candidates, load_inventory

HELP = "check an inventory workbook or folder and report every problem"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``validate``."""
    parser.add_argument("inventory", metavar="INVENTORY", help=".xlsx workbook or folder of .csv files")
    parser.add_argument("--candidates", metavar="FILE", help="also check a candidates file or folder")


def run(args: argparse.Namespace) -> int:
    """Read everything; problems raise InventoryError (exit 2), else print a short census."""
    inventory = load_inventory(args.inventory)
    pool = load_candidates(args.candidates) if args.candidates else inventory.pool
    departments = Counter(t.department for t in inventory.tasks)
    hours = sum(t.hours_per_week for t in inventory.tasks)
    print(f"{args.inventory}: in orde / valid")
    print(f"  {len(inventory.roles)} functies, {len(inventory.tasks)} taken "
          f"({hours:.1f} uur per week) in {len(departments)} afdelingen")
    if pool.candidates:
        print(f"  {len(pool.candidates)} kandidaten, {len(pool.ratings)} monitorscores")
    return 0
