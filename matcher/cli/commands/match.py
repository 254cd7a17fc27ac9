"""``match INVENTORY --candidates FILE``: redesign, then assign candidates to the new functions."""

from __future__ import annotations

import argparse

from matcher import api
from matcher.cli.commands._common import add_pool_arguments, help_text, solve_and_print

HELP = help_text("command.match")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``match``."""
    add_pool_arguments(parser, candidates_required=True)


def run(args: argparse.Namespace) -> int:
    """Read, redesign, match, print the summary and write the JSON report when asked."""
    return solve_and_print(args, lambda inventory, pool, policy, options: api.match(
        inventory, pool, policy=policy, options=options))
