"""``redesign INVENTORY``: carve-able tasks bundled into new functions, with the effect."""

from __future__ import annotations

import argparse

from matcher.cli import add_common_options
from matcher.cli.commands._common import (
    add_inventory_argument,
    load_inventory,
    policy_from,
    solve_options,
    write_json,
)
from matcher.redesign.pipeline import run_redesign

HELP = "find carve-able tasks and bundle them into new functions (functiecreatie)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``redesign``."""
    add_inventory_argument(parser)
    add_common_options(parser)


def run(args: argparse.Namespace) -> int:
    """Read, redesign, print the summary and write the JSON report when asked."""
    policy = policy_from(args)
    inventory = load_inventory(args.inventory, policy)
    result = run_redesign(inventory, policy, solve_options(args))
    print(result.summary(getattr(args, "lang", "nl")))
    write_json(result.to_report(), getattr(args, "json", None))
    return 0
