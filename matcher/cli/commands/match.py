"""``match INVENTORY --candidates FILE``: redesign, then assign candidates to the new functions."""

from __future__ import annotations

import argparse

from matcher import api
from matcher.cli import add_common_options
from matcher.cli.commands._common import (
    add_candidates_argument,
    add_inventory_argument,
    lang_of,
    load_candidates,
    load_inventory,
    policy_from,
    solve_options,
    write_json,
)

HELP = "redesign, then assign candidates to the new functions (matching)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``match``."""
    add_inventory_argument(parser)
    add_candidates_argument(parser, required=True)
    add_common_options(parser)


def run(args: argparse.Namespace) -> int:
    """Read, redesign, match, print the summary and write the JSON report when asked."""
    policy, options = policy_from(args), solve_options(args)
    inventory = load_inventory(args.inventory, policy)
    pool = load_candidates(args.candidates)
    report = api.match(inventory, pool, policy=policy, options=options)
    print(api.summary(report, lang_of(args)))
    write_json(report, getattr(args, "json", None))
    return 0
