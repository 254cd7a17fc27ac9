"""Write the bundled example data: item bank, four organisations, one candidate pool.

Run from the repository root::

    .venv/bin/python tools/make_examples.py [--out DATA_FOLDER] [--latent PATH] [--quiet]

Everything that matters is hand-written in ``tools/example_data/`` (one module per
organisation, the item bank, the candidate profiles): per sector the departments,
roles (headcount, contract hours, employer cost per hour, NLQF level) and the tasks
of a work analysis (hours for the whole role group, task level, separable, core, time of
day, conditions and the 13 demands). Randomness, from one fixed seed, only adds small
variation: task hours +-15 %, an occasional demand one step up or down (never across
the carve-able ceiling of 3 for a task written as elementary), and the candidates'
monitor answers. The output is therefore identical on every run and diffs cleanly (UTF-8, ``\n``
line endings, stable order); ``tests/taskmodels/test_examples.py`` regenerates the
files with ``--out`` into a temporary folder and compares them byte for byte.

Candidates get a latent "true" capacity per dimension from a handful of realistic
profiles (physically limited but socially strong, low literacy but strong hands,
needs structure and quiet, ...). Raters score every item as latent + rater bias +
noise; self-ratings carry a personal bias; some candidates develop over the waves.
``--latent PATH`` also writes those true capacities (not bundled) so that the monitor
aggregation can be checked against them.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from example_data.candidates import CANDIDATE_COLUMNS, Person, make_people, make_ratings  # noqa: E402
from example_data.care_home import care_home  # noqa: E402
from example_data.construction import construction  # noqa: E402
from example_data.hospital import hospital  # noqa: E402
from example_data.itembank import ITEMS  # noqa: E402
from example_data.municipality import municipality  # noqa: E402
from example_data.templates import (  # noqa: E402
    DIMENSION_IDS,
    ROOT,
    Organisation,
    Task,
    is_carveable,
    is_elementary,
    yn,
)

DATA = ROOT / "taskmodels" / "data"
SEED = 20261128
VERBOSE = True


def write_item_bank(data: Path) -> None:
    """itembank.csv, after checking that every dimension has items."""
    dims = {dim for _, dim, _, _ in ITEMS}
    if dims != set(DIMENSION_IDS):
        raise SystemExit(f"item bank misses dimensions {set(DIMENSION_IDS) - dims}")
    write_csv(data / "itembank.csv", ["item", "dimension", "text_nl", "text_en"],
              [list(item) for item in ITEMS])


def write_candidates(people: list[Person], ratings: list[list[str]], examples: Path,
                     latent_path: Path | None) -> None:
    """candidates.csv and ratings.csv (and the true capacities when asked)."""
    folder = examples / "kandidaten"
    write_csv(folder / "candidates.csv", CANDIDATE_COLUMNS,
              [[p.row[c] for c in CANDIDATE_COLUMNS] for p in people])
    write_csv(folder / "ratings.csv", ["candidate_id", "wave", "rater", "item", "score"], ratings)
    if latent_path is not None:
        rows = [[p.cid, p.archetype, str(w), *(f"{v:.2f}" for v in p.true_at(w))]
                for p in people for w in range(1, max(p.waves, 1) + 1)]
        write_csv(latent_path, ["candidate_id", "profile", "wave",
                                *(f"true_{d}" for d in DIMENSION_IDS)], rows)
    sources = {"explicit": sum(len(p.explicit) == 13 for p in people),
               "ratings only": sum(not p.explicit and p.waves > 0 for p in people),
               "physical + ratings": sum(len(p.explicit) == 1 for p in people),
               "explicit + ratings": sum(len(p.explicit) == 13 and p.waves > 0 for p in people),
               "none": sum(not p.explicit and not p.waves for p in people)}
    say(f"kandidaten: {len(people)} candidates, {len(ratings)} ratings; sources {sources}")


# ------------------------------------------------------------------ variation and output
def vary(task: Task, rng: np.random.Generator) -> Task:
    """Small, seeded variation on a template task.

    Hours move by up to 15 % (in half hours). A demand of a skilled task moves one
    step with probability 0.2. An elementary task's demands mostly stay as written and
    move down more often than up, never above 3 unless written so: jitter must not
    decide by accident whether a task can be carved, and must not lift every demand
    of a bundle of simple tasks to the ceiling.
    """
    hours = max(0.5, round(task.hours * rng.uniform(0.85, 1.15) * 2) / 2)
    demands = {}
    for dim, value in task.demands.items():
        u = rng.random()
        if is_elementary(task):
            step = -1 if u < 0.15 else (1 if u < 0.2 else 0)
            demands[dim] = value if value > 3 else int(np.clip(value + step, 1, 3))
        else:
            step = -1 if u < 0.1 else (1 if u < 0.2 else 0)
            demands[dim] = int(np.clip(value + step, 1, 5))
    return Task(task.task, task.role, hours, task.level, task.separable, task.core,
                task.department, task.tod, task.weekend, task.kg, task.cc, demands, task.key,
                task.keep)


def say(text: str) -> None:
    """Print a summary line for the person running the script (unless --quiet)."""
    if VERBOSE:
        print(text)


def num(value: float) -> str:
    return f"{value:g}"


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """UTF-8, ``\\n`` line endings, minimal quoting: stable, diff-friendly files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


ROLE_COLUMNS = ["role", "department", "headcount", "contract_hours", "hourly_cost", "level"]
TASK_COLUMNS = ["task_id", "task", "role", "hours_per_week", "level", "separable", "core",
                "department", "time_of_day", "weekend", "lifting_kg", "customer_contact",
                "keep_with", *(f"d_{d}" for d in DIMENSION_IDS)]


def build(org: Organisation, rng: np.random.Generator) -> tuple[list[Task], dict[str, str]]:
    """Varied tasks with final ids, checked; returns the tasks and key -> task_id."""
    tasks = [vary(task, rng) for task in org.tasks]
    ids = [f"{org.prefix}-{i:03d}" for i in range(1, len(tasks) + 1)]
    roles = {r.role: r for r in org.roles}
    if len(roles) != len(org.roles):
        raise SystemExit(f"{org.folder}: duplicate role names")
    by_key = {task.key: tid for task, tid in zip(tasks, ids, strict=True) if task.key}
    task_of = dict(zip(ids, tasks, strict=True))
    for task, tid in zip(tasks, ids, strict=True):
        if task.role not in roles:
            raise SystemExit(f"{org.folder} {tid}: unknown role {task.role}")
        dept = task.department or roles[task.role].department
        for key in task.keep:
            other = task_of[by_key[key]]
            if (other.department or roles[other.role].department, other.tod) != (dept, task.tod):
                raise SystemExit(f"{org.folder} {tid}: keep_with {key} crosses department/time")
    return tasks, by_key


def write_organisation(org: Organisation, tasks: list[Task], by_key: dict[str, str],
                       examples: Path) -> None:
    roles = {r.role: r for r in org.roles}
    folder = examples / org.folder
    write_csv(folder / "roles.csv", ROLE_COLUMNS, [
        [r.role, r.department, str(r.headcount), num(r.contract_hours), f"{r.hourly_cost:.2f}",
         str(r.level)] for r in org.roles])
    # keep_with is written on both sides of a link, as a consultant would fill it in.
    keep: dict[str, set[str]] = {}
    for i, task in enumerate(tasks, start=1):
        tid = f"{org.prefix}-{i:03d}"
        for key in task.keep:
            keep.setdefault(tid, set()).add(by_key[key])
            keep.setdefault(by_key[key], set()).add(tid)
    rows = []
    for i, task in enumerate(tasks, start=1):
        tid = f"{org.prefix}-{i:03d}"
        own = roles[task.role].department
        dept = task.department or own
        dept_cell = dept if (org.fill_department or dept != own) else ""
        rows.append([
            tid, task.task, task.role, num(task.hours), str(task.level), yn(task.separable),
            yn(task.core), dept_cell, task.tod, yn(task.weekend), num(task.kg), yn(task.cc),
            ";".join(sorted(keep.get(tid, ()))),
            *(str(task.demands[d]) for d in DIMENSION_IDS),
        ])
    write_csv(folder / "tasks.csv", TASK_COLUMNS, rows)


def summarise(org: Organisation, tasks: list[Task]) -> dict[str, float]:
    """Counts and hours for the report, and a check of the size targets."""
    roles = {r.role: r for r in org.roles}
    depts = {r.department for r in org.roles} | {t.department for t in tasks if t.department}
    total = sum(t.hours for t in tasks)
    elementary = sum(t.hours for t in tasks if is_elementary(t))
    carve = [t for t in tasks if is_carveable(t, roles[t.role].level)]
    groups: dict[tuple[str, str], float] = {}
    for task in carve:
        where = (task.department or roles[task.role].department, task.tod)
        groups[where] = groups.get(where, 0) + task.hours
    load: dict[str, float] = {}
    for task in tasks:
        load[task.role] = load.get(task.role, 0) + task.hours
    for name, hours in load.items():
        capacity = roles[name].headcount * roles[name].contract_hours
        if hours > capacity:
            raise SystemExit(f"{org.folder}: {name} has {hours:g} task hours, only {capacity:g}")
    say(f"{org.folder}: {len(depts)} departments, {len(roles)} roles, {len(tasks)} tasks, "
        f"{total:g} h; elementary {elementary:g} h ({elementary / total:.0%}); "
        f"carve-able {sum(t.hours for t in carve):g} h in {len(carve)} tasks")
    for (dept, tod), hours in sorted(groups.items()):
        say(f"    {dept:28s} {tod:8s} {hours:6.1f} h")
    for name, hours in load.items():
        capacity = roles[name].headcount * roles[name].contract_hours
        say(f"    role {name:42s} {hours:6.1f} / {capacity:6.0f} h ({hours / capacity:.0%})")
    if not (3 <= len(depts) <= 6 and 8 <= len(roles) <= 20 and 60 <= len(tasks) <= 200):
        raise SystemExit(f"{org.folder}: size outside 3-6 departments, 8-20 roles, 60-200 tasks")
    return {"total": total, "elementary": elementary}


ORGANISATIONS = (hospital, care_home, construction, municipality)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latent", type=Path, help="also write the candidates' true capacities")
    parser.add_argument("--out", type=Path, default=DATA,
                        help="data folder to write (default: taskmodels/data)")
    parser.add_argument("--quiet", action="store_true", help="print nothing")
    args = parser.parse_args(argv)
    global VERBOSE
    VERBOSE = not args.quiet
    examples = args.out / "examples"
    rng = np.random.default_rng(SEED)
    write_item_bank(args.out)
    departments: set[str] = set()
    carveable: list[tuple[str, str]] = []
    for make in ORGANISATIONS:
        org = make()
        tasks, by_key = build(org, rng)
        summarise(org, tasks)
        write_organisation(org, tasks, by_key, examples)
        roles = {r.role: r for r in org.roles}
        for i, task in enumerate(tasks, start=1):
            if is_carveable(task, roles[task.role].level):
                departments.add(task.department or roles[task.role].department)
                carveable.append((f"{org.prefix}-{i:03d}", task.task))
    people = make_people(rng, sorted(departments), carveable)
    write_candidates(people, make_ratings(people, rng), examples, args.latent)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
