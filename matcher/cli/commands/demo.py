"""``demo``: the whole chain on the bundled example data, no arguments, no network.

The region is shown as ONE run (issue 10 item 8): every bundled organisation is read
and its functions designed with the whole bundled pool in view (pool-aware, issue 11),
then one global assignment places the bundled candidate pool over
all their new functions (each person at most once), and each employer carves
functions around exactly the people it was given. Every total therefore counts each
person once. ``--json`` writes the regional report (FORMATS.md section 4).
"""

from __future__ import annotations

import argparse
import time

from matcher import api
from matcher.cli.commands._common import help_text, lang_of, policy_from, solve_options, write_json
from taskmodels.examples import candidates_path, example_names, example_path
from taskmodels.messages import text

HELP = help_text("command.demo")

#: People listed as not placed per block (the JSON report has them all).
SHOWN_UNMATCHED = 5
#: Solver seconds per optimisation in the demo: the pool-aware design per employer
#: and the carving each take up to this, so the whole demo stays near a minute.
TIME_LIMIT = 6.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``demo`` (all optional)."""
    parser.add_argument("--json", metavar="PATH", help=help_text("help.json"))
    parser.add_argument("--config", metavar="FILE", help=help_text("help.config"))
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT, metavar="SECONDS",
                        help=help_text("help.time_limit", default=TIME_LIMIT))
    parser.add_argument("--workers", type=int, default=2, metavar="N", help=help_text("help.workers"))
    parser.add_argument("--seed", type=int, default=0, metavar="N", help=help_text("help.seed"))
    parser.add_argument("--allow-borderline", action="store_true",
                        help=help_text("help.allow_borderline"))
    parser.add_argument("--lang", choices=("nl", "en"), default="nl", help=help_text("help.lang"))


def _rule(title: str) -> None:
    print()
    print(title)
    print("=" * len(title))


def run(args: argparse.Namespace) -> int:
    """Run the chain as one regional run and print readable summaries."""
    lang = lang_of(args)
    policy, options = policy_from(args), solve_options(args)
    started = time.perf_counter()
    pool = api.read_candidates(candidates_path())
    measured = sum(1 for p in api.profiles(pool).values() if p.has_source)
    print(text("summary.demo.pool", lang, candidates=len(pool.candidates),
               ratings=len(pool.ratings), measured=measured))
    inventories = [api.read_inventory(example_path(name)) for name in example_names()]
    report = api.regional(inventories, pool, policy=policy, options=options, carve=True)

    for inventory, employer in zip(inventories, report.employers, strict=True):
        _rule(text("summary.demo.organisation", lang, organisation=employer.organisation,
                   roles=len(inventory.roles), tasks=len(inventory.tasks)))
        print(api.summary(api.RedesignReport(
            organisation=employer.organisation, policy=report.policy, tasks=employer.tasks,
            roles=employer.roles, impact=employer.impact, solver=employer.solver), lang))
        if employer.carve is not None:
            print()
            print(api.summary(employer.carve, lang, max_unmatched=SHOWN_UNMATCHED))

    _rule(text("summary.demo.region", lang, employers=len(report.employers)))
    # The regional summary: data completeness first (issue 11), then the run's figures.
    print(api.summary(report, lang))
    print()
    print(api.region_matches(report, lang, max_unmatched=SHOWN_UNMATCHED))

    _rule(text("summary.demo.total", lang))
    hours = sum(e.impact.carved_hours for e in report.employers)
    print(text("summary.demo.functions", lang,
               functions=sum(len(e.roles) for e in report.employers), hours=hours,
               jobs=hours / policy.jobs_agreement_hours))
    carved = {m.candidate_id for e in report.employers if e.carve for m in e.carve.matches}
    print(text("summary.demo.placed", lang, placed=len({m.candidate_id for m in report.matches}),
               candidates=len(pool.candidates), carved=len(carved)))
    print(text("summary.demo.done", lang, seconds=time.perf_counter() - started))
    write_json(report, args.json)
    return 0
