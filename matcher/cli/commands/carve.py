"""``carve INVENTORY --candidates FILE``: form functions around candidates (jobcarving).

The joint, person-first problem: which tasks go to which person, forming each
person's function in the same optimisation. ``--candidate ID`` carves the best
package for one person only.
"""

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

HELP = "form new functions around candidates and assign them in one optimisation (jobcarving)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``carve``."""
    add_inventory_argument(parser)
    add_candidates_argument(parser, required=False)
    parser.add_argument("--candidate", metavar="ID",
                        help="carve the best package for this one candidate only")
    add_common_options(parser)


def run(args: argparse.Namespace) -> int:
    """Read, carve, print the summary and write the JSON report when asked."""
    policy, options = policy_from(args), solve_options(args)
    inventory = load_inventory(args.inventory, policy)
    pool = load_candidates(args.candidates) if args.candidates else None
    report = api.carve(inventory, pool, candidate_id=args.candidate, policy=policy,
                       options=options)
    print(api.summary(report, lang_of(args)))
    write_json(report, getattr(args, "json", None))
    return 0
