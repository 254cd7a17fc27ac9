"""Redesign speed and quality (issue 3 targets), ours and a greedy baseline side by side.

Targets: 1,000 tasks over 20 departments within 5 seconds, and a large hospital of
10,000 tasks over 100 departments within 60 seconds, each to proven optimality or
within 1 % of the bound, on 2 cores, peak memory under 1 GB. Inventories come from
:func:`matcher.synthetic.generate.generate_inventory` (the care sector template: wards,
kitchen, facilities), reproducible from the seed.

For every instance one run prints: our CP-SAT bundling (carved hours, annual saving,
status, gap to the bound of the whole lexicographic objective, gap in hours alone
(carved hours against the proven hours bound), wall seconds of the whole :func:`run_redesign`, which
includes carve-ability, greedy hints and the independent evaluator) and the greedy
first-fit baseline alone (carved hours, saving, seconds). Peak memory is the
process's maximum resident set size so far (``ru_maxrss``), so the last row's
figure covers every run.

Run: ``.venv/bin/python benchmarks/bench_redesign.py [--only small|large] [--workers 2]``
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matcher.checks.redesign import evaluate  # noqa: E402
from matcher.policy import Policy  # noqa: E402
from matcher.redesign.pipeline import greedy_redesign, run_redesign  # noqa: E402
from matcher.results import SolveOptions  # noqa: E402
from matcher.synthetic.generate import generate_inventory  # noqa: E402

# name, tasks, departments, time limit given to the solver, target seconds
INSTANCES = (
    ("small", 1_000, 20, 4.0, 5.0),
    ("large", 10_000, 100, 50.0, 60.0),
)


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_instance(name: str, n_tasks: int, n_deps: int, limit: float, workers: int,
                 seed: int) -> dict[str, object]:
    """Solve one generated inventory with both methods and return the figures."""
    inv = generate_inventory(f"bench-{name}", "care", n_tasks, n_deps, seed=seed)
    policy = Policy()
    start = time.perf_counter()
    ours = run_redesign(inv, policy, SolveOptions(time_limit=limit, workers=workers, seed=seed))
    ours_s = time.perf_counter() - start
    start = time.perf_counter()
    greedy = greedy_redesign(inv, policy)
    greedy_s = time.perf_counter() - start
    g = evaluate(inv, policy, greedy)
    assert g.feasible and ours.evaluation.feasible
    return {
        "instance": name, "tasks": n_tasks, "deps": n_deps,
        "subproblems": ours.subproblem_count,
        "hours": ours.evaluation.carved_hours, "saving": ours.evaluation.annual_saving_eur,
        "status": ours.solver.status, "gap": 100 * ours.solver.gap, "seconds": ours_s,
        "h_gap": 100 * (ours.hours_bound - ours.evaluation.carved_hours) / max(ours.hours_bound, 1e-9),
        "g_hours": g.carved_hours, "g_saving": g.annual_saving_eur, "g_seconds": greedy_s,
        "peak": peak_mb(),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the instances and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=[i[0] for i in INSTANCES])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    header = (f"{'instance':<8} {'tasks':>6} {'deps':>4} {'subs':>4} | "
              f"{'ours h/wk':>9} {'saving EUR/yr':>13} {'status':>8} {'gap %':>7} {'h-gap %':>7} "
              f"{'s':>6} | "
              f"{'greedy h/wk':>11} {'saving EUR/yr':>13} {'s':>5} | {'peak MB':>7}")
    print(header)
    print("-" * len(header))
    for name, n_tasks, n_deps, limit, target in INSTANCES:
        if args.only and name != args.only:
            continue
        r = run_instance(name, n_tasks, n_deps, limit, args.workers, args.seed)
        print(f"{r['instance']:<8} {r['tasks']:>6} {r['deps']:>4} {r['subproblems']:>4} | "
              f"{r['hours']:>9.1f} {r['saving']:>13,.0f} {r['status']:>8} {r['gap']:>7.4f} {r['h_gap']:>7.3f} "
              f"{r['seconds']:>6.1f} | {r['g_hours']:>11.1f} {r['g_saving']:>13,.0f} "
              f"{r['g_seconds']:>5.2f} | {r['peak']:>7.0f}"
              + ("" if r["seconds"] <= target else f"   (over the {target:g} s target)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
