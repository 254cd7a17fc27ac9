"""Pool-aware functiecreatie benchmark (issue 11): people placed, side by side, in one run.

Per case (generated inventories with pools, and the bundled examples) it prints the
people placed and hours carved by

* ``chain``: today's organisation-first chain, ``redesign`` then ``match``;
* ``pool``: pool-aware ``match`` (:func:`matcher.matching.pool.design_and_match`);
* ``carve``: person-first carving, started from the pool-aware answer;
* ``hand``: what a consultant does in a spreadsheet: greedy bundling into parts of at
  most 24 hours (first fit, largest first, per department and time of day), then a
  maximum matching (written here, from the library's pieces);

with the time each took and, for pool and carve, the proven bound on people placed
and the distance to it in %. Then regional: org-first regional (redesign per
employer, one global assignment) against pool-aware regional (design per employer
with the whole pool in view, the same global assignment), nobody placed twice.
Then ``redesign`` without candidates (the same code as the chain's first step, so
unchanged by the pool-aware work).

    .venv/bin/python benchmarks/bench_pool.py            # full: 60 s per solve, 2 workers
    .venv/bin/python benchmarks/bench_pool.py --quick    # a short run (5 s, small cases)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matcher.carving.pipeline import run_carve  # noqa: E402
from matcher.matching.pipeline import run_match  # noqa: E402
from matcher.matching.pool import design_and_match  # noqa: E402
from matcher.policy import Policy  # noqa: E402
from matcher.redesign.pipeline import greedy_redesign, run_redesign  # noqa: E402
from matcher.results import SolveOptions  # noqa: E402
from matcher.synthetic.generate import generate_candidates, generate_inventory  # noqa: E402
from taskmodels.examples import candidates_path, example_names, example_path  # noqa: E402
from taskmodels.models import CandidatePool, Inventory  # noqa: E402
from taskmodels.reading import read_candidates, read_inventory  # noqa: E402
from taskmodels.writing import write_candidates, write_inventory  # noqa: E402


def by_hand(inventory: Inventory, pool: CandidatePool, policy: Policy,
            options: SolveOptions) -> tuple[int, float]:
    """Greedy bundling into parts of at most 24 hours, then a maximum matching."""
    functions = greedy_redesign(inventory, policy.model_copy(update={"max_function_hours": 24.0}))
    matched = run_match(inventory, pool, functions, policy, options) if functions else None
    return (len(matched.matches) if matched else 0), sum(f.hours for f in functions)


def case(name: str, inventory: Inventory, pool: CandidatePool, options: SolveOptions,
         rows: list[dict]) -> None:
    """All four methods on one inventory and pool; one row."""
    policy = Policy()
    t = time.perf_counter()
    redesign = run_redesign(inventory, policy, options)
    chain = run_match(inventory, pool, redesign.functions, policy, options)
    t_chain = time.perf_counter() - t
    t = time.perf_counter()
    pm = design_and_match(inventory, pool, policy, options, seed=(redesign.functions, chain))
    t_pool = time.perf_counter() - t
    t = time.perf_counter()
    carve = run_carve(inventory, pool, policy, options, seed=(pm.functions, pm.match))
    t_carve = time.perf_counter() - t
    t = time.perf_counter()
    hand, hand_hours = by_hand(inventory, pool, policy, options)
    t_hand = time.perf_counter() - t
    carve_bound = max(int(carve.terms.get("placed_bound") or carve.placed), carve.placed)
    row = {
        "case": name, "tasks": len(inventory.tasks), "people": len(pool.candidates),
        "chain": len(chain.matches), "chain_h": redesign.impact.carved_hours, "chain_s": t_chain,
        "pool": pm.placed, "pool_h": pm.impact.carved_hours, "pool_s": t_pool,
        "pool_bound": pm.placed_bound, "pool_gap": 100 * pm.placed_gap,
        "carve": carve.placed, "carve_h": carve.impact.carved_hours, "carve_s": t_carve,
        "carve_bound": carve_bound,
        "carve_gap": 100 * (carve_bound - carve.placed) / carve_bound if carve_bound else 0.0,
        "hand": hand, "hand_h": hand_hours, "hand_s": t_hand,
    }
    rows.append(row)
    print(f"{name:22s} {row['tasks']:5d} {row['people']:6d} | "
          f"{row['chain']:5d} {row['chain_h']:7.1f} {t_chain:6.1f} | "
          f"{row['hand']:5d} {hand_hours:7.1f} {t_hand:5.1f} | "
          f"{row['pool']:5d} {row['pool_h']:7.1f} {t_pool:6.1f} {row['pool_bound']:5d} "
          f"{row['pool_gap']:5.1f} | "
          f"{row['carve']:5d} {row['carve_h']:7.1f} {t_carve:6.1f} {carve_bound:5d} "
          f"{row['carve_gap']:5.1f}", flush=True)


def generated(departments: int, candidates: int, tasks: int, seed: int) -> tuple[Inventory, CandidatePool]:
    """One generated care-sector inventory and a pool aimed at its departments."""
    inventory = generate_inventory(f"gen_{departments}d_{candidates}c", "care", tasks,
                                   n_departments=departments, seed=seed)
    pool = generate_candidates(candidates, seed=seed + 1000,
                               departments=sorted({r.department for r in inventory.roles}))
    return inventory, pool


def regional(employers: int, departments: int, candidates: int, tasks: int,
             options: SolveOptions, workers: int) -> None:
    """Org-first regional against pool-aware regional on one generated region."""
    from matcher.regional.engine import open_client
    from matcher.regional.pipeline import run_regional

    work = Path(tempfile.mkdtemp(prefix="bench_pool_regional_"))
    sectors = ("care", "construction", "hospitality", "logistics")
    names = set()
    for i in range(employers):
        inv = generate_inventory(f"werkgever_{i:02d}", sectors[i % len(sectors)], tasks,
                                 n_departments=departments,
                                 seed=np.random.SeedSequence([7, 1, i]))
        names.update(r.department for r in inv.roles)
        write_inventory(inv, work / "employers" / inv.organisation)
    pool = generate_candidates(candidates, seed=np.random.SeedSequence([7, 2]),
                               departments=sorted(names))
    write_candidates(pool, work / "candidates.csv")
    pool = read_candidates(work / "candidates.csv")
    print(f"\nregional: {employers} employers x {departments} departments ({tasks} tasks each), "
          f"{candidates} candidates, {options.time_limit:g} s per employer, {workers} workers")
    print(f"{'method':12s} {'placed':>7s} {'twice':>6s} {'functions':>9s} {'seconds':>8s}")
    results = {}
    with open_client(workers=workers) as client:
        for label, aware in (("org-first", False), ("pool-aware", True)):
            t = time.perf_counter()
            report = run_regional(client, work / "employers", pool, Policy(), options,
                                  work / f"state_{label}", pool_aware=aware,
                                  stream=open("/dev/null", "w"))
            seconds = time.perf_counter() - t
            ids = [m["candidate_id"] for m in report["matches"]]
            functions = sum(len(e["roles"]) for e in report["employers"])
            results[label] = len(ids)
            print(f"{label:12s} {len(ids):7d} {len(ids) - len(set(ids)):6d} {functions:9d} "
                  f"{seconds:8.1f}", flush=True)
    old, new = results["org-first"], results["pool-aware"]
    print(f"pool-aware / org-first: {new / old if old else float('inf'):.2f} (target >= 1.5)")


def main(argv: list[str] | None = None) -> int:
    """Run every part and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run: 5 s, small cases")
    parser.add_argument("--time-limit", type=float, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--regional-time-limit", type=float, default=None,
                        help="seconds per employer in the regional part (default 15; quick 3)")
    parser.add_argument("--skip-examples", action="store_true")
    args = parser.parse_args(argv)
    limit = args.time_limit or (5.0 if args.quick else 60.0)
    options = SolveOptions(time_limit=limit, workers=args.workers)
    print(f"bench_pool: {limit:g} s per solve, {args.workers} workers")
    head = (f"{'case':22s} {'tasks':>5s} {'people':>6s} | {'chain':>5s} {'hours':>7s} {'s':>6s} | "
            f"{'hand':>5s} {'hours':>7s} {'s':>5s} | {'pool':>5s} {'hours':>7s} {'s':>6s} "
            f"{'bound':>5s} {'gap%':>5s} | {'carve':>5s} {'hours':>7s} {'s':>6s} {'bound':>5s} "
            f"{'gap%':>5s}")
    print(head)
    print("-" * len(head))
    rows: list[dict] = []
    sizes = [(4, 40, 120)] if args.quick else [(12, 120, 360), (6, 60, 180)]
    for deps, people, tasks in sizes:
        inventory, pool = generated(deps, people, tasks, seed=11)
        case(f"gen {deps} deps/{people} cand", inventory, pool, options, rows)
    if not args.skip_examples:
        pool = read_candidates(candidates_path())
        for name in example_names()[: 1 if args.quick else None]:
            case(name, read_inventory(example_path(name)), pool, options, rows)
    print()
    for r in rows:
        ratio_hand = r["pool"] / r["hand"] if r["hand"] else float("inf")
        ratio_carve = r["pool"] / r["carve"] if r["carve"] else 1.0
        print(f"{r['case']:22s} pool/hand {ratio_hand:5.2f} (>= 2)  pool/carve {ratio_carve:5.2f} "
              f"(>= 0.8)  gap pool {r['pool_gap']:4.1f} %  carve {r['carve_gap']:4.1f} % (<= 2)  "
              f"carve >= pool: {r['carve'] >= r['pool']}  pool >= chain: {r['pool'] >= r['chain']}")
    reg_limit = args.regional_time_limit or (3.0 if args.quick else 15.0)
    reg_options = SolveOptions(time_limit=reg_limit, workers=1)
    if args.quick:
        regional(4, 5, 300, 60, reg_options, args.workers)
    else:
        regional(12, 5, 1500, 60, reg_options, args.workers)
    print("\nredesign without candidates (the chain's first step; no pool involved):")
    for deps, people, tasks in sizes:
        inventory, _ = generated(deps, people, tasks, seed=11)
        t = time.perf_counter()
        r = run_redesign(inventory, Policy(), options)
        print(f"  gen {deps} deps: {len(r.functions)} functions, {r.impact.carved_hours:.1f} h, "
              f"status {r.solver.status}, {time.perf_counter() - t:.1f} s, "
              f"hours bound {r.hours_bound:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
