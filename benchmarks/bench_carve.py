"""Carving benchmark: person-first carving next to redesign + match, on the bundled examples.

Per example: people placed and hours carved by redesign + match (the baseline,
which also seeds the carving search) and by carving, with carving's status,
objective, bound, gap and seconds. Then the job coach's question: the time to
carve the best package for one person (``--candidate``), over the first N people.

    .venv/bin/python benchmarks/bench_carve.py                       # all examples, 60 s each
    .venv/bin/python benchmarks/bench_carve.py --example ziekenhuis_maasland --time-limit 60
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matcher.carving.pipeline import run_carve  # noqa: E402
from matcher.policy import Policy  # noqa: E402
from matcher.results import SolveOptions  # noqa: E402
from taskmodels.examples import candidates_path, example_names, example_path  # noqa: E402
from taskmodels.reading import read_candidates, read_inventory  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run and print the two tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--example", action="append", help="bundled example name(s)")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--single", type=int, default=10,
                        help="people to time one by one per example (0: skip)")
    args = parser.parse_args(argv)
    pool = read_candidates(candidates_path())
    names = args.example or example_names()
    options = SolveOptions(time_limit=args.time_limit, workers=args.workers)
    head = ("example", "tasks", "people", "r+m placed", "carve placed", "carve hours",
            "status", "gap %", "seconds")
    print("  ".join(f"{h:>12}" for h in head), flush=True)
    singles: list[tuple[str, list[float]]] = []
    for name in names:
        inventory = read_inventory(example_path(name))
        result = run_carve(inventory, pool, Policy(), options)
        base = result.baseline
        cells = (name[:12], len(inventory.tasks), len(pool.candidates),
                 base.get("placed", "-"), result.placed, f"{result.impact.carved_hours:g}",
                 result.solver.status, f"{100 * result.solver.gap:.2f}",
                 f"{result.solver.seconds:.1f}")
        print("  ".join(f"{c!s:>12}" for c in cells), flush=True)
        times = []
        for cand in pool.candidates[: args.single]:
            start = time.perf_counter()
            run_carve(inventory, pool, Policy(), SolveOptions(time_limit=5, workers=args.workers),
                      candidate_id=cand.candidate_id)
            times.append(time.perf_counter() - start)
        if times:
            singles.append((name, times))
    if singles:
        print("\none person at a time (run_carve with candidate_id), seconds per person:")
        for name, times in singles:
            print(f"  {name:28s} n={len(times):3d}  mean {statistics.mean(times):.3f}  "
                  f"max {max(times):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
