"""``generate``: synthetic employers and a candidate pool for benchmarks and load tests.

Writes ``OUT/employers/<name>/`` (one inventory folder of CSV files per employer;
CSV rather than .xlsx because 200 workbooks take far longer to write and read than
CSV folders, and the reader accepts both) and ``OUT/candidates.csv`` (with
``ratings.csv`` beside it when ``--ratings`` is given). Employers take the sectors in
turn; every employer and the pool have their own seed derived from ``--seed``, so
the same arguments always write the same files.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from matcher.api import UsageError
from matcher.synthetic.generate import SECTOR_NAMES, generate_candidates, generate_inventory
from taskmodels.messages import text
from taskmodels.writing import write_candidates, write_inventory

HELP = "write synthetic employer inventories and a candidate pool (benchmarks, load tests)"

SECTOR_NL: dict[str, str] = {
    "care": "zorg", "construction": "bouw", "education": "onderwijs", "logistics": "logistiek",
    "hospitality": "horeca", "industry": "industrie", "offices": "kantoor",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``generate``."""
    parser.add_argument("out", metavar="OUT", help="output folder")
    parser.add_argument("--employers", type=int, default=10, metavar="N", help="number of employers")
    parser.add_argument("--tasks-per-employer", type=int, default=100, metavar="M",
                        help="tasks in each employer's work analysis")
    parser.add_argument("--candidates", type=int, default=1000, metavar="K",
                        help="people in the candidate pool")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed")
    parser.add_argument("--sectors", default=",".join(SECTOR_NAMES), metavar="LIST",
                        help=f"comma-separated sectors to take in turn (default {','.join(SECTOR_NAMES)})")
    parser.add_argument("--xlsx", action="store_true",
                        help="write one .xlsx workbook per employer instead of a CSV folder")
    parser.add_argument("--ratings", action="store_true",
                        help="also write monitor ratings (ratings.csv) from the item bank")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl",
                        help="language of the summary printed (default nl)")
    parser.add_argument("--monitor-only", action="store_true",
                        help="write no c_* columns: capacities come from the ratings "
                             "(implies --ratings)")


def employer_name(index: int, sector: str) -> str:
    """The name (and file name) of the ``index``-th generated employer, e.g. ``zorg-001``."""
    return f"{SECTOR_NL.get(sector, sector)}-{index + 1:03d}"


def generate_dataset(out: str | Path, employers: int, tasks_per_employer: int, candidates: int,
                     seed: int = 0, sectors: tuple[str, ...] = SECTOR_NAMES,
                     xlsx: bool = False, ratings: bool = False,
                     capacities: bool = True) -> list[Path]:
    """Write the employers and the pool under ``out``; return the employer paths.

    Employer ``i`` gets seed ``(seed, 1, i)`` and the pool seed ``(seed, 2)``, so adding
    employers never changes the ones already generated.
    """
    out = Path(out)
    paths: list[Path] = []
    departments: set[str] = set()
    for i in range(employers):
        sector = sectors[i % len(sectors)]
        name = employer_name(i, sector)
        inventory = generate_inventory(name, sector, tasks_per_employer,
                                       seed=np.random.SeedSequence([seed, 1, i]))
        departments.update(r.department for r in inventory.roles)
        path = out / "employers" / (f"{name}.xlsx" if xlsx else name)
        write_inventory(inventory, path)
        paths.append(path)
    pool = generate_candidates(candidates, seed=np.random.SeedSequence([seed, 2]),
                               departments=sorted(departments), ratings=ratings or not capacities,
                               capacities=capacities)
    write_candidates(pool, out / "candidates.csv")
    return paths


def run(args: argparse.Namespace) -> int:
    """Generate and write; print a short Dutch summary."""
    sectors = tuple(s.strip() for s in args.sectors.split(",") if s.strip())
    unknown = [s for s in sectors if s not in SECTOR_NAMES]
    if unknown or not sectors:
        raise UsageError(f"unknown sector(s) {', '.join(unknown) or '(none)'}; "
                         f"choose from {', '.join(SECTOR_NAMES)}")
    for flag, value in (("--employers", args.employers), ("--candidates", args.candidates)):
        if value < 0:
            raise UsageError(f"{flag} must be 0 or more")
    if args.tasks_per_employer < 1:
        raise UsageError("--tasks-per-employer must be at least 1")
    paths = generate_dataset(args.out, args.employers, args.tasks_per_employer, args.candidates,
                             args.seed, sectors, args.xlsx, args.ratings or args.monitor_only,
                             capacities=not args.monitor_only)
    lang = getattr(args, "lang", "nl")
    print(text("summary.generate.employers", lang, employers=len(paths),
               tasks=args.tasks_per_employer, path=str(Path(args.out) / "employers")))
    print(text("summary.generate.candidates", lang, candidates=args.candidates,
               path=str(Path(args.out) / "candidates.csv")))
    return 0
