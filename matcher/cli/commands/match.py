"""``match INVENTORY --candidates FILE``: redesign, then assign candidates to the new functions."""

from __future__ import annotations

import argparse

from matcher.cli import add_common_options
from matcher.cli.commands._common import (
    add_candidates_argument,
    add_inventory_argument,
    load_candidates,
    load_inventory,
    policy_from,
    solve_options,
    write_json,
)
from matcher.matching.pipeline import MatchResult, run_match
from matcher.redesign.pipeline import run_redesign

HELP = "redesign, then assign candidates to the new functions (matching)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``match``."""
    add_inventory_argument(parser)
    add_candidates_argument(parser, required=True)
    add_common_options(parser)


def merge_reports(redesign_report: dict[str, object], result: MatchResult) -> dict[str, object]:
    """The redesign's FORMATS.md section 4 report with matches, unmatched and solver filled in.

    The top-level ``solver`` keeps the redesign's objective and bound (its units are
    stated there); its status is the weaker of the two runs and its seconds their sum.
    Both runs are kept whole under ``solver.redesign`` and ``solver.match``.
    """
    report = dict(redesign_report)
    match = result.to_report()
    report["matches"] = match["matches"]
    report["unmatched"] = match["unmatched"]
    redesign_solver = dict(redesign_report.get("solver") or {})  # type: ignore[arg-type]
    match_solver = dict(match["solver"])  # type: ignore[arg-type]
    order = ["INFEASIBLE", "UNKNOWN", "FEASIBLE", "OPTIMAL"]
    statuses = [s for s in (redesign_solver.get("status"), match_solver.get("status")) if s in order]
    report["solver"] = {
        "status": min(statuses, key=order.index) if statuses else "UNKNOWN",
        "objective": redesign_solver.get("objective"),
        "bound": redesign_solver.get("bound"),
        "seconds": round(float(redesign_solver.get("seconds") or 0.0)
                         + float(match_solver.get("seconds") or 0.0), 6),
        "redesign": redesign_solver,
        "match": match_solver,
    }
    report["profiles"] = {cid: p.as_report() for cid, p in result.profiles.items()}
    return report


def run(args: argparse.Namespace) -> int:
    """Read, redesign, match, print the summaries and write the JSON report when asked."""
    policy = policy_from(args)
    options = solve_options(args)
    inventory = load_inventory(args.inventory, policy)
    pool = load_candidates(args.candidates)
    redesign = run_redesign(inventory, policy, options)
    result = run_match(inventory, pool, redesign.functions, policy, options)
    lang = getattr(args, "lang", "nl")
    print(redesign.summary(lang))
    print()
    print(result.summary(lang))
    write_json(merge_reports(redesign.to_report(), result), getattr(args, "json", None))
    return 0
