"""``carve INVENTORY --candidates FILE``: form functions around candidates (jobcarving).

The joint, person-first problem: which tasks go to which person, forming each
person's function in the same optimisation. ``--candidate ID`` carves the best
package for one person only.
"""

from __future__ import annotations

import argparse

from matcher import api
from matcher.cli.commands._common import add_pool_arguments, help_text, solve_and_print

HELP = help_text("command.carve")


def _add_candidate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--candidate", metavar="ID", help=help_text("help.candidate"))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``carve``."""
    add_pool_arguments(parser, False, _add_candidate)


def run(args: argparse.Namespace) -> int:
    """Read, carve, print the summary and write the JSON report when asked."""
    return solve_and_print(args, lambda inventory, pool, policy, options: api.carve(
        inventory, pool, candidate_id=args.candidate, policy=policy, options=options))
