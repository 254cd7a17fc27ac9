"""Reading a 2,000-task workbook (issue 2 target: under 2 seconds).

Prints, side by side in one run, our all-or-nothing reader (every cell checked,
every cross-record rule applied, models built) and a peer: pandas.read_excel of the
same sheets, which only loads the cells and checks nothing.

Run: ``.venv/bin/python benchmarks/bench_reading.py [--tasks 2000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

import pandas as pd

from taskmodels.catalogue import DIMENSION_IDS, TIMES_OF_DAY
from taskmodels.models import Inventory, Role, Task
from taskmodels.reading import read_inventory
from taskmodels.writing import write_inventory


def synthetic_inventory(n_tasks: int, seed: int = 1) -> Inventory:
    """A plausible inventory of ``n_tasks`` tasks over 20 departments and 100 roles."""
    rng = random.Random(seed)
    roles = [Role(role=f"Functie {i:03d}", department=f"Afdeling {i % 20:02d}", headcount=rng.randint(1, 30),
                  contract_hours=rng.choice([24, 28, 32, 36]), hourly_cost=rng.uniform(25, 70),
                  level=rng.randint(2, 6)) for i in range(100)]
    tasks = []
    for i in range(n_tasks):
        role = rng.choice(roles)
        tasks.append(Task(
            task_id=f"T{i:05d}", task=f"Taak {i}", role=role.role, hours_per_week=rng.randint(1, 40),
            level=rng.randint(1, 5), separable=rng.random() < 0.6, core=rng.random() < 0.2,
            department=role.department, time_of_day=rng.choice(TIMES_OF_DAY),
            weekend=rng.random() < 0.2, lifting_kg=rng.choice([0, 5, 10, 20]),
            customer_contact=rng.random() < 0.3,
            demands={d: rng.randint(1, 4) for d in DIMENSION_IDS},
        ))
    return Inventory(organisation="bench", roles=tuple(roles), tasks=tuple(tasks))


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "bench.xlsx"
        folder = Path(tmp) / "bench_csv"
        inventory = synthetic_inventory(args.tasks)
        write_inventory(inventory, book)
        write_inventory(inventory, folder)
        ours_xlsx = best_of(args.repeat, lambda: read_inventory(book))
        ours_csv = best_of(args.repeat, lambda: read_inventory(folder))
        peer_xlsx = best_of(args.repeat, lambda: pd.read_excel(book, sheet_name=["roles", "tasks"]))
        peer_csv = best_of(args.repeat, lambda: (pd.read_csv(folder / "roles.csv"), pd.read_csv(folder / "tasks.csv")))
        assert len(read_inventory(book).tasks) == args.tasks
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"reading an inventory of {args.tasks} tasks, 100 roles (best of {args.repeat})")
    print(f"{'format':<8}{'ours: read+validate+models (s)':>34}{'pandas: load only (s)':>26}")
    print(f"{'xlsx':<8}{ours_xlsx:>34.3f}{peer_xlsx:>26.3f}")
    print(f"{'csv':<8}{ours_csv:>34.3f}{peer_csv:>26.3f}")
    print(f"target: xlsx under 2 s -> {'met' if ours_xlsx < 2 else 'NOT met'}; peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
