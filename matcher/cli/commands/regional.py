"""``regional FOLDER --candidates FILE``: many employers, one pool, nobody placed twice.

Runs on a local Dask cluster of ``--workers`` processes by default, or on an existing
cluster with ``--scheduler ADDRESS``. Per-employer results are kept in ``--state``
as they finish; ``--resume`` reuses them after a crash or a kill.

Each employer's functions are designed with the whole pool in view (issue 11);
``--org-first`` designs them for the organisation alone, as before. ``--pool-aware``
is accepted and changes nothing (it was the switch before it became the default).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from matcher import api
from matcher.cli import add_common_options
from matcher.cli.commands._common import (
    help_text,
    lang_of,
    load_candidates,
    policy_from,
    solve_options,
    write_json,
)

HELP = help_text("command.regional")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``regional``."""
    parser.add_argument("folder", metavar="FOLDER", help=help_text("help.folder"))
    parser.add_argument("--candidates", required=True, metavar="FILE", help=help_text("help.pool"))
    add_common_options(parser)
    parser.add_argument("--scheduler", metavar="ADDRESS", help=help_text("help.scheduler"))
    parser.add_argument("--state", metavar="DIR", help=help_text("help.state"))
    parser.add_argument("--resume", action="store_true", help=help_text("help.resume"))
    parser.add_argument("--carve", action="store_true", help=help_text("help.carve"))
    design = parser.add_mutually_exclusive_group()
    design.add_argument("--org-first", dest="pool_aware", action="store_false",
                        help=help_text("help.org_first"))
    # The switch before pool-aware became the default: accepted, changes nothing.
    design.add_argument("--pool-aware", dest="pool_aware", action="store_true",
                        help=help_text("help.pool_aware"))
    parser.set_defaults(pool_aware=True)


def state_folder(args: argparse.Namespace) -> Path:
    """``--state``, else ``<json without extension>.state`` beside the report, else ./regional-state."""
    if args.state:
        return Path(args.state)
    if args.json:
        json_path = Path(args.json)
        return json_path.with_name(json_path.stem + ".state")
    return Path("regional-state")


def run(args: argparse.Namespace) -> int:
    """Run the regional pipeline; write the report and print a summary."""
    folder = Path(args.folder)
    if not folder.is_dir():
        raise api.UsageError(f"{folder} is not a folder of employer inventories")
    policy, options = policy_from(args), solve_options(args)
    pool = load_candidates(args.candidates)  # bad pool: every problem, exit 2, before any work
    exclude: tuple[Path, ...] = (Path(args.candidates),)
    if args.json:
        exclude += (Path(args.json),)
    report = api.regional(folder, pool, scheduler=args.scheduler, policy=policy, options=options,
                          carve=args.carve, state=state_folder(args), resume=args.resume,
                          exclude=exclude, pool_aware=args.pool_aware)
    write_json(report, args.json)
    print(api.summary(report, lang_of(args)))
    return 0
