"""GAP benchmark: our solver core against the plain CP-SAT model, same time each.

Runs on ``../shared/benchmarks/gap`` relative to the repository (or the folder
given with ``--data``) and prints one table: instance, best known value, then for
ours and for the plain model (one boolean per agent-job pair, nothing else)
objective, bound, status, gap to the best known value in % and seconds.

Default time limits follow the targets: 10 s per Cattrysse instance, 30 s per
Chu-Beasley type A-C instance, 60 s per type D instance.

    .venv/bin/python benchmarks/bench_gap.py                      # everything
    .venv/bin/python benchmarks/bench_gap.py --set cattrysse1994
    .venv/bin/python benchmarks/bench_gap.py --set chu1997 --types d --no-plain
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matcher.cli.commands.bench import solve_instance  # noqa: E402
from matcher.gap.orlibrary import read_gap  # noqa: E402
from matcher.results import SolveOptions  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "gap"


def time_limit_for(dataset: str, name: str) -> float:
    """The target time per instance: 10 s Cattrysse, 30 s Chu A-C, 60 s Chu D."""
    if dataset == "cattrysse1994":
        return 10.0
    return 60.0 if name.lower().startswith("d") else 30.0


def known_values(data: Path) -> dict[str, float]:
    """Best known solution value per ``dataset/instance`` path."""
    table = {}
    with open(data / "known_values.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            table[row["Path"]] = float(row["Best known solution value"])
    return table


def _natural(name: str) -> tuple:
    head = name.rstrip("0123456789-")
    digits = [int(p) for p in name[len(head):].replace("-", " ").split()] if name != head else []
    return (head, *digits)


def select(data: Path, sets: list[str], types: set[str], names: set[str]) -> list[tuple[str, Path]]:
    """Instances to run, as ``(dataset, file)``, in natural order."""
    chosen = []
    for dataset in sets:
        folder = data / dataset
        if not folder.is_dir():
            continue
        files = sorted((p for p in folder.iterdir() if p.is_file()), key=lambda p: _natural(p.name))
        if dataset == "chu1997":
            files.sort(key=lambda p: (p.name[0], int(p.name[1:3]), int(p.name[3:])))
        for path in files:
            if types and dataset == "chu1997" and path.name[0].lower() not in types:
                continue
            if names and path.name not in names:
                continue
            chosen.append((dataset, path))
    return chosen


def _cells(res, best: float | None) -> list[str]:
    rep = res.as_report()
    obj, bound = rep["objective"], rep["bound"]
    gap = "-" if obj is None or not best else f"{100 * (obj - best) / best:.2f}"
    return [
        "-" if obj is None else f"{obj:g}", "-" if bound is None else f"{bound:g}",
        res.stats.status[:4], gap, f"{res.stats.seconds:.1f}",
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table (and a summary per group)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark folder")
    parser.add_argument("--set", action="append", choices=["cattrysse1994", "chu1997"],
                        help="dataset(s) to run (default both)")
    parser.add_argument("--types", default="", help="chu1997 types, e.g. a,b,c")
    parser.add_argument("--instances", default="", help="comma-separated instance names")
    parser.add_argument("--time-limit", type=float, help="override the per-instance target times")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-plain", action="store_true", help="skip the plain baseline")
    parser.add_argument("--json", type=Path, help="write all rows as JSON")
    args = parser.parse_args(argv)
    if not (args.data / "known_values.csv").exists():
        print(f"no benchmark data at {args.data}; nothing to run")
        return 0
    best_known = known_values(args.data)
    types = {t.strip().lower() for t in args.types.split(",") if t.strip()}
    names = {t.strip() for t in args.instances.split(",") if t.strip()}
    runs = select(args.data, args.set or ["cattrysse1994", "chu1997"], types, names)
    head = ["instance", "best", "ours", "bound", "st", "gap%", "s",
            "plain", "bound", "st", "gap%", "s"]
    widths = [12, 7, 7, 7, 4, 6, 5, 7, 7, 4, 6, 5]
    print("  ".join(h.rjust(w) for h, w in zip(head, widths, strict=False)), flush=True)
    rows = []
    for dataset, path in runs:
        limit = args.time_limit or time_limit_for(dataset, path.name)
        options = SolveOptions(time_limit=limit, workers=args.workers, seed=args.seed)
        inst = read_gap(path)[0]
        best = best_known.get(f"{dataset}/{path.name}")
        ours = solve_instance(inst, options, "ours")
        plain = None if args.no_plain else solve_instance(inst, options, "plain")
        cells = [path.name, "-" if best is None else f"{best:g}", *_cells(ours, best)]
        cells += _cells(plain, best) if plain else ["", "", "", "", ""]
        print("  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=False)), flush=True)
        rows.append({
            "dataset": dataset, "instance": path.name, "best_known": best, "time_limit": limit,
            "ours": ours.as_report(), "plain": plain.as_report() if plain else None,
        })
    _summary(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


def _summary(rows: list[dict]) -> None:
    groups: dict[str, list[dict]] = {}
    for row in rows:
        key = row["dataset"] if row["dataset"] != "chu1997" else f"chu1997 type {row['instance'][0]}"
        groups.setdefault(key, []).append(row)
    print()
    for key, items in groups.items():
        for model in ("ours", "plain"):
            reps = [r[model] for r in items if r[model]]
            if not reps:
                continue
            optimal = sum(r["status"] == "OPTIMAL" for r in reps)
            gaps = [100 * (r["objective"] - it["best_known"]) / it["best_known"]
                    for r, it in zip(reps, items, strict=False) if r["objective"] is not None and it["best_known"]]
            worst = max(gaps) if gaps else float("nan")
            slowest = max(r["seconds"] for r in reps)
            print(f"{key:20s} {model:5s}: {optimal}/{len(reps)} optimal, "
                  f"worst gap {worst:.2f} %, slowest {slowest:.1f} s")


if __name__ == "__main__":
    raise SystemExit(main())
