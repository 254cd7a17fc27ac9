"""``demo``: the whole chain on the bundled example data, no arguments, no network.

For every bundled organisation: read and check the inventory, redesign (carve-able
tasks, new functions, effect on staff and cost), match the bundled candidate pool to
the new functions, then carve functions around the candidates (person-first) and say
how many more people carving places. The pool is shared across organisations in the
order shown: a person placed at one employer is not offered to the next one.
"""

from __future__ import annotations

import argparse
import time

from matcher.carving.pipeline import run_carve
from matcher.cli.commands._common import policy_from, solve_options, write_json
from matcher.matching.pipeline import run_match
from matcher.monitor.profiles import build_profiles
from matcher.numbers import format_number
from matcher.redesign.pipeline import run_redesign
from taskmodels.examples import candidates_path, example_names, example_path
from taskmodels.models import CandidatePool
from taskmodels.reading import read_candidates, read_inventory

HELP = "run the whole chain on the bundled example data and print the result"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``demo`` (all optional)."""
    parser.add_argument("--json", metavar="PATH", help="write every report as one JSON list")
    parser.add_argument("--config", metavar="FILE", help="TOML file with policy values")
    parser.add_argument("--time-limit", type=float, default=10.0, metavar="SECONDS",
                        help="solver wall time per optimisation (default 10 in the demo)")
    parser.add_argument("--workers", type=int, default=2, metavar="N")
    parser.add_argument("--seed", type=int, default=0, metavar="N")
    parser.add_argument("--allow-borderline", action="store_true")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl")


def _rule(title: str) -> None:
    print()
    print(title)
    print("=" * len(title))


def run(args: argparse.Namespace) -> int:
    """Run the chain and print a readable Dutch summary."""
    policy, options = policy_from(args), solve_options(args)
    started = time.perf_counter()
    pool = read_candidates(candidates_path())
    profiles = build_profiles(pool)
    measured = sum(1 for p in profiles.values() if p.has_source)
    print(f"Kandidatenpool: {len(pool.candidates)} kandidaten, {len(pool.ratings)} monitorscores, "
          f"{measured} met een capaciteitsprofiel")
    available = list(pool.candidates)
    reports = []
    totals = {"functions": 0, "hours": 0.0, "match": 0, "carve": 0}
    for name in example_names():
        inventory = read_inventory(example_path(name))
        _rule(f"{name}: {len(inventory.roles)} functies, {len(inventory.tasks)} taken")
        redesign = run_redesign(inventory, policy, options)
        print(redesign.summary(args.lang))
        remaining = CandidatePool(candidates=tuple(available), ratings=pool.ratings)
        matched = run_match(inventory, remaining, redesign.functions, policy, options)
        print()
        print(matched.summary(args.lang, max_unmatched=5))
        # The redesign + match answer seeds carving, so carving never places fewer.
        carved = run_carve(inventory, remaining, policy, options,
                           seed=(redesign.functions, matched))
        print()
        print(carved.summary(args.lang, max_unmatched=5))
        placed = {m.candidate_id for m in matched.matches}
        available = [c for c in available if c.candidate_id not in placed]
        totals["functions"] += len(redesign.functions)
        totals["hours"] += redesign.impact.carved_hours
        totals["match"] += len(matched.matches)
        totals["carve"] += len(carved.matches)
        report = redesign.to_report()
        report.update(matched.to_report())
        report["carve"] = carved.to_report()
        reports.append(report)
    _rule("Totaal")
    hours = format_number(totals["hours"])
    jobs = format_number(totals["hours"] / policy.jobs_agreement_hours)
    print(f"{totals['functions']} nieuwe functies, {hours} uur per week herverdeeld, "
          f"{jobs} banenafspraakbanen")
    print(f"{totals['match']} kandidaten geplaatst via herontwerp + matching; "
          f"{totals['carve']} via jobcarving (per werkgever, naast elkaar berekend)")
    print(f"klaar in {format_number(time.perf_counter() - started)} s")
    write_json(reports, args.json)
    return 0
