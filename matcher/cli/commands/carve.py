"""``carve INVENTORY --candidates FILE``: form functions around candidates (jobcarving).

The joint, person-first problem: which tasks go to which person, forming each
person's function in the same optimisation (see :mod:`matcher.carving.pipeline`).
``--candidate ID`` carves the best package for one person only.
"""

from __future__ import annotations

import argparse

from matcher.carving.pipeline import run_carve
from matcher.cli.commands._common import (
    add_candidates_argument,
    add_inventory_argument,
    load_candidates,
    load_inventory,
    policy_from,
    solve_options,
    write_json,
)
from matcher.cli.main import UsageError, add_common_options
from taskmodels.models import CandidatePool

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
    policy = policy_from(args)
    inventory = load_inventory(args.inventory, policy)
    if args.candidates:
        pool = load_candidates(args.candidates)
    else:
        pool = CandidatePool(candidates=inventory.candidates, ratings=inventory.ratings)
    if not pool.candidates:
        raise UsageError("no candidates: give --candidates FILE "
                         "(or a candidates sheet in the inventory)")
    if args.candidate and args.candidate not in pool.by_id():
        raise UsageError(f"candidate '{args.candidate}' is not in the candidates file")
    result = run_carve(inventory, pool, policy, solve_options(args), args.candidate)
    print(result.summary(getattr(args, "lang", "nl")))
    write_json(result.to_report(), getattr(args, "json", None))
    return 0
