"""``regional FOLDER --candidates FILE``: many employers, one pool, nobody placed twice.

Runs on a local Dask cluster of ``--workers`` processes by default, or on an existing
cluster with ``--scheduler ADDRESS``. Per-employer results are kept in ``--state``
as they finish; ``--resume`` reuses them after a crash or a kill.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from matcher import api
from matcher.cli import add_common_options
from matcher.cli.commands._common import (
    lang_of,
    load_candidates,
    policy_from,
    solve_options,
    write_json,
)

HELP = ("redesign many employers on a Dask cluster (--workers local processes, or --scheduler) "
        "and assign one candidate pool across them")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``regional``."""
    parser.add_argument("folder", metavar="FOLDER",
                        help="folder with one inventory per employer (.xlsx files or csv folders)")
    parser.add_argument("--candidates", required=True, metavar="FILE",
                        help="candidate pool (.xlsx, .csv, or folder with candidates.csv)")
    add_common_options(parser)
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="join an existing Dask cluster (e.g. tcp://10.0.0.5:8786); "
                             "default: a local cluster of --workers processes")
    parser.add_argument("--state", metavar="DIR",
                        help="folder for per-employer results (default: beside --json, "
                             "else ./regional-state)")
    parser.add_argument("--resume", action="store_true",
                        help="reuse per-employer results already in --state")
    parser.add_argument("--carve", action="store_true",
                        help="after the assignment, carve per employer around the assigned people")
    parser.add_argument("--pool-aware", action="store_true",
                        help="design each employer's functions with the whole pool in view "
                             "(issue 11) before the global assignment")


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
