"""``redesign INVENTORY``: carve-able tasks bundled into new functions, with the effect."""

from __future__ import annotations

import argparse

from matcher import api
from matcher.cli import add_common_options
from matcher.cli.commands._common import (
    add_inventory_argument,
    lang_of,
    load_inventory,
    policy_from,
    solve_options,
    write_json,
)

HELP = "find carve-able tasks and bundle them into new functions (functiecreatie)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``redesign``."""
    add_inventory_argument(parser)
    add_common_options(parser)


def run(args: argparse.Namespace) -> int:
    """Read, redesign, print the summary and write the JSON report when asked."""
    policy, options = policy_from(args), solve_options(args)
    report = api.redesign(load_inventory(args.inventory, policy), policy=policy, options=options)
    print(api.summary(report, lang_of(args)))
    write_json(report, getattr(args, "json", None))
    return 0
