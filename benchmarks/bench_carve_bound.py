"""Carving's people placed against its proven bound, per case, old and new method side by side.

Per case (the bundled examples with the bundled candidates, and the generated cases
of ``bench_pool.py``: 12 departments / 120 candidates and 6 / 60) it prepares the
dense person-first problem (``carve``) or the pool-aware one (``--kind pool``), and
solves it with :func:`matcher.solver.pool_design.solve_with_people_bound`

* ``old``: per-group caps, their flow bound, re-packed group packings, the joint model;
* ``new``: the same plus (at >= 30 s) the person-to-group decomposition
  (:mod:`matcher.solver.group_benders`): a master with hall rows (the minimums of the
  people confined to a set of a group's units fit those units' hours), the caps and
  learnt cuts, checked per group; then the local search over groups
  (:mod:`matcher.solver.group_search`) when the answer is not yet proven;

and prints people placed, the proven bound, the gap ``(bound - placed) / bound`` and
seconds. Every answer is checked with :func:`matcher.solver.carving.hint_is_valid`
(the full pipeline also runs the independent evaluator; see ``bench_pool.py``).
No organisation-first seed is given here: both methods start from nothing.

    .venv/bin/python benchmarks/bench_carve_bound.py                   # 60 s, 2 workers, both
    .venv/bin/python benchmarks/bench_carve_bound.py --method new --case bouwbedrijf_van_dijk
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_pool import generated  # noqa: E402

from matcher.carving.pipeline import prepare  # noqa: E402
from matcher.matching.pool import prepare_pool  # noqa: E402
from matcher.policy import Policy  # noqa: E402
from matcher.solver.carving import CarveProblem, hint_is_valid  # noqa: E402
from matcher.solver.cpsat import CpSatSettings  # noqa: E402
from matcher.solver.pool_design import solve_with_people_bound  # noqa: E402
from taskmodels.examples import candidates_path, example_names, example_path  # noqa: E402
from taskmodels.reading import read_candidates, read_inventory  # noqa: E402


def problems(kind: str, names: list[str] | None) -> dict[str, CarveProblem]:
    """The dense problems of every case (or the named ones)."""
    cases = {}
    pool = read_candidates(candidates_path())
    for name in example_names():
        cases[name] = (read_inventory(example_path(name)), pool)
    for deps, people, tasks in ((12, 120, 360), (6, 60, 180)):
        cases[f"gen{deps}"] = generated(deps, people, tasks, seed=11)
    out = {}
    for name, (inventory, candidates) in cases.items():
        if names and name not in names:
            continue
        candidates = candidates.with_ratings_from(inventory.ratings)
        if kind == "carve":
            out[name] = prepare(inventory, candidates, Policy(), False).problem
        else:
            out[name] = prepare_pool(inventory, candidates, Policy(), False)[0].problem
    return out


def main(argv: list[str] | None = None) -> int:
    """Solve every case with each method and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=("carve", "pool"), default="carve")
    parser.add_argument("--method", choices=("old", "new", "both"), default="both")
    parser.add_argument("--case", action="append", help="case name(s); default all")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    methods = ("old", "new") if args.method == "both" else (args.method,)
    settings = CpSatSettings(time_limit=args.time_limit, workers=args.workers,
                             linearization_level=1)
    print(f"bench_carve_bound ({args.kind}): {args.time_limit:g} s, {args.workers} workers")
    print(f"{'case':22s} {'method':6s} {'placed':>6s} {'bound':>6s} {'gap%':>6s} "
          f"{'s':>6s}  start")
    for name, problem in problems(args.kind, args.case).items():
        for method in methods:
            t = time.perf_counter()
            design = solve_with_people_bound(problem, settings, None,
                                             decompose=method == "new")
            seconds = time.perf_counter() - t
            if not hint_is_valid(problem, design.solution.parts):
                print(f"{name:22s} {method:6s} INVALID ANSWER", flush=True)
                return 1
            placed, bound = design.placed, design.placed_bound
            gap = 100 * (bound - placed) / bound if bound else 0.0
            print(f"{name:22s} {method:6s} {placed:6d} {bound:6d} {gap:6.1f} {seconds:6.1f}  "
                  f"{design.start}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
