"""``regional FOLDER --candidates FILE``: many employers, one pool, nobody placed twice.

Runs on a local Dask cluster of ``--workers`` processes by default, or on an existing
cluster with ``--scheduler ADDRESS``. Per-employer results are kept in ``--state``
as they finish; ``--resume`` reuses them after a crash or a kill.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from matcher.cli.commands._common import load_candidates, policy_from, solve_options, write_json
from matcher.cli.main import UsageError, add_common_options

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


def state_folder(args: argparse.Namespace) -> Path:
    """``--state``, else ``<json without extension>.state`` beside the report, else ./regional-state."""
    if args.state:
        return Path(args.state)
    if args.json:
        json_path = Path(args.json)
        return json_path.with_name(json_path.stem + ".state")
    return Path("regional-state")


def summary(report: dict) -> str:
    """A short Dutch summary of a regional report."""
    employers = report["employers"]
    roles = sum(len(e.get("roles", [])) for e in employers)
    hours = sum(float(e.get("impact", {}).get("carved_hours", 0.0)) for e in employers)
    red = report["phases"]["redesign"]
    lines = [
        f"{len(employers)} werkgevers herontworpen ({red['resumed']} hervat), "
        f"{len(report['skipped'])} overgeslagen",
        f"{roles} nieuwe functies, {hours:.1f} uur per week afgesplitst",
        f"{len(report['matches'])} kandidaten geplaatst, {len(report['unmatched'])} niet geplaatst",
        f"toewijzing: {report['solver']['status']}, doel {report['solver']['objective']:g}",
        f"tijd: herontwerp {red['seconds']:.1f} s op {red['workers']} workers, "
        f"toewijzing {report['phases']['assignment']['seconds']:.1f} s",
    ]
    if "carve" in report["phases"]:
        carved = sum(len(e["carve"]["matches"]) for e in employers if "carve" in e)
        lines.append(f"functies op maat (carve): {carved} kandidaten geplaatst, "
                     f"{report['phases']['carve']['seconds']:.1f} s")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Run the regional pipeline; write the report and print a summary."""
    from matcher.regional.engine import open_client
    from matcher.regional.pipeline import run_regional

    folder = Path(args.folder)
    if args.carve:
        from matcher.regional.carve import carving_available

        if not carving_available():
            raise UsageError("--carve needs matcher.carving.pipeline, which is not available in this version")
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder of employer inventories")
    policy = policy_from(args)
    options = solve_options(args)
    pool = load_candidates(args.candidates)  # bad pool: every problem, exit 2, before any work
    state = state_folder(args)
    exclude = (Path(args.candidates),)
    if args.json:
        exclude += (Path(args.json),)
    with open_client(args.workers, args.scheduler) as client:
        report = run_regional(client, folder, pool, policy, options, state, resume=args.resume,
                              carve=args.carve, exclude=exclude)
    write_json(report, args.json)
    print(summary(report))
    return 0
