"""``python -m matcher bench gap FILE...``: the solver core on classic GAP instances.

Reads generalized-assignment instances in OR-Library format, solves each with the
same CP-SAT core the carving model uses (or, with ``--model plain``, with the plain
baseline model), and prints objective, bound, status and seconds per instance.
``--json PATH`` writes ``[{"instance", "objective", "bound", "status", "seconds"}]``.
"""

from __future__ import annotations

import argparse
import math

from matcher.api import UsageError
from matcher.checks.gap import check_gap_assignment
from matcher.cli.commands._common import write_json
from matcher.gap.orlibrary import GapInstance, read_gap
from matcher.results import SolveOptions
from matcher.solver.gap import GapResult, solve_gap, solve_plain
from taskmodels.errors import InventoryError
from taskmodels.messages import text

HELP = "solve generalized-assignment benchmark instances (OR-Library format)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``bench gap FILE... [--time-limit S] [--workers N] [--seed N] [--model M] [--json P]``."""
    parser.add_argument("kind", choices=["gap"], help="benchmark kind (only 'gap')")
    parser.add_argument("files", nargs="+", metavar="FILE", help="OR-Library GAP files")
    parser.add_argument("--json", metavar="PATH", help="write the JSON results to PATH")
    parser.add_argument(
        "--time-limit", type=float, default=30.0, metavar="SECONDS",
        help="solver wall time per instance (default 30)",
    )
    parser.add_argument("--workers", type=int, default=2, metavar="N", help="solver threads")
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="random seed")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl",
                        help="language of the table headings (default nl)")
    parser.add_argument(
        "--model", choices=["ours", "plain"], default="ours",
        help="ours (default) or the plain CP-SAT baseline",
    )


def solve_instance(instance: GapInstance, options: SolveOptions, model: str = "ours") -> GapResult:
    """Solve one instance with the chosen model and re-check the answer independently.

    Raises
    ------
    RuntimeError
        When the independent evaluator disagrees with the solver (a bug, never input).
    """
    result = (solve_plain if model == "plain" else solve_gap)(instance, options)
    if result.assignment is not None:
        check = check_gap_assignment(instance, result.assignment)
        if not check.feasible or not math.isclose(check.cost, result.stats.objective):
            raise RuntimeError(
                f"{instance.name}: solver answer fails the independent check "
                f"(cost {check.cost} vs {result.stats.objective}; {check.problems[:3]})"
            )
    return result


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.rjust(w) if k else c.ljust(w) for k, (c, w) in enumerate(zip(cells, widths, strict=False)))


def format_table(results: list[tuple[GapInstance, GapResult]], lang: str = "nl") -> str:
    """A readable table: instance, size, objective, bound, gap, status, seconds.

    The status stays the solver's code (as in the JSON): a benchmark table is read
    beside published results that use the same words.
    """
    head = [text(f"summary.bench.{c}", lang) for c in
            ("instance", "agents", "jobs", "objective", "bound", "gap", "status", "seconds")]
    rows = []
    for inst, res in results:
        rep = res.as_report()
        obj, bound = rep["objective"], rep["bound"]
        share = res.stats.gap
        gap = "" if obj is None or bound is None or share is None else f"{100 * share:.2f}"
        rows.append([
            inst.name, str(inst.n_agents), str(inst.n_jobs),
            "-" if obj is None else f"{obj:g}", "-" if bound is None else f"{bound:g}",
            gap, res.stats.status, f"{res.stats.seconds:.2f}",
        ])
    widths = [max(len(r[k]) for r in [head, *rows]) for k in range(len(head))]
    return "\n".join(_row(r, widths) for r in [head, *rows])


def run(args: argparse.Namespace) -> int:
    """Read every file first (all problems reported), then solve one by one."""
    if args.time_limit <= 0 or args.workers < 1:
        raise UsageError("--time-limit must be above 0 and --workers at least 1")
    instances: list[GapInstance] = []
    problems = []
    for path in args.files:
        try:
            instances.extend(read_gap(path))
        except InventoryError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InventoryError(problems)
    options = SolveOptions(time_limit=args.time_limit, workers=args.workers, seed=args.seed)
    results = []
    for inst in instances:
        results.append((inst, solve_instance(inst, options, args.model)))
    print(format_table(results, getattr(args, "lang", "nl")))
    write_json([res.as_report() for _, res in results], args.json)
    return 0
