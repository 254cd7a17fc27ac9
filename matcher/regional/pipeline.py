"""A regional run: many employers, one candidate pool, nobody placed twice.

Three phases (issue 6, FORMATS.md section 3 ``regional``):

1. **Per-employer design**, one Dask task per employer, each solve single-threaded
   on one worker. By default the design is pool-aware (issue 11,
   :mod:`matcher.regional.pool_aware`): each employer's functions are shaped to the
   whole pool; ``pool_aware=False`` (``--org-first``) redesigns for the organisation
   alone. Either way each task also classifies the pool (who could not be
   considered there, and why: :mod:`matcher.regional.completeness`). Results are kept on disk as they finish
   (:mod:`matcher.regional.state`), so ``resume=True`` redoes only what is missing;
   an employer whose file is bad is reported and skipped while the others go on.
   A worker that dies mid-task is handled by Dask: the scheduler hands the task of
   a lost worker to another one, and ``retries`` re-runs a task that raised.
2. **One global assignment** over every employer's new functions
   (:mod:`matcher.regional.assign`): function ids are made unique as
   ``<employer>/<role_id>``, and the exact min-cost-flow assignment places each
   person at most once in the whole region.
3. Optionally **carving** per employer with the people assigned to it.

The report (FORMATS.md section 4) is built only from the stored JSON records, so a
resumed run and an uninterrupted one give the same report.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any, TextIO

from distributed import Client, as_completed

from matcher.errors import UsageError
from matcher.policy import Policy
from matcher.progress import cancelled, step
from matcher.redesign.functions import NewFunction, TaskPart
from matcher.regional.completeness import region_completeness
from matcher.regional.engine import Progress, worker_count
from matcher.regional.pool_aware import design_employer, pool_fingerprint
from matcher.regional.state import StateStore, employer_name, fingerprint, normalised
from matcher.results import SolveOptions
from taskmodels.errors import InventoryError
from taskmodels.models import CandidatePool, Inventory, Task
from taskmodels.reading import read_inventory

#: Dask retries of a per-employer task that raised (a lost worker is rescheduled anyway).
RETRIES = 2
#: Part of every record's fingerprint: records written before they carried their
#: tasks and the candidates not considered are redone on resume, not read without them.
RECORD_FORMAT = "redesign-3"


def find_employers(folder: str | Path, exclude: tuple[Path, ...] = ()) -> list[Path]:
    """The inventories in ``folder``: every ``.xlsx`` file and every sub-folder, sorted.

    Hidden entries and ``exclude`` (e.g. the candidates file, the state folder) are
    left out. A sub-folder that is not a valid inventory is still listed: reading it
    reports the problem and the run skips that employer.
    """
    root = Path(folder)
    skip = {p.resolve() for p in exclude}
    found = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or entry.resolve() in skip:
            continue
        if entry.is_dir() or entry.suffix.lower() == ".xlsx":
            found.append(entry.resolve())
    return found


def function_to_dict(function: NewFunction) -> dict[str, Any]:
    """A new function as plain JSON data (lossless, see :func:`function_from_dict`)."""
    return asdict(function)


def function_from_dict(data: dict[str, Any], role_id: str | None = None) -> NewFunction:
    """Rebuild a :class:`NewFunction`; ``role_id`` renames it (regional-unique ids)."""
    values = dict(data)
    values["parts"] = tuple(TaskPart(**p) for p in data["parts"])
    if role_id is not None:
        values["role_id"] = role_id
    return NewFunction(**values)


def redesign_employer(path: str, pool: CandidatePool | None, policy: Policy,
                      options: SolveOptions, print_: str) -> dict[str, Any]:
    """The organisation-first per-employer Dask task: read one inventory and redesign it.

    Runs on a worker. Bad input is a result, not an exception (``ok`` false with
    the reader's lines), so the run goes on; anything else raises and Dask retries.
    With a ``pool`` the record also says who in it could not be considered.
    """
    from matcher.redesign.pipeline import run_redesign  # imported on the worker

    return employer_record(path, print_, lambda inventory: run_redesign(inventory, policy, options),
                           pool, policy, options.allow_borderline)


def employer_record(path: str, print_: str, solve: Callable[[Inventory], Any],
                    pool: CandidatePool | None = None, policy: Policy | None = None,
                    allow_borderline: bool = False) -> dict[str, Any]:
    """Read one employer's inventory, ``solve`` it, and return the record a worker sends back.

    ``solve`` returns a result with ``functions`` and ``to_report()`` (a redesign, or a
    pool-aware design). Bad input is a record with ``ok`` false and the reader's lines.
    """
    started, cpu = time.perf_counter(), time.process_time()
    name = employer_name(Path(path))
    try:
        inventory = read_inventory(path)
    except InventoryError as exc:
        return {"organisation": name, "fingerprint": print_, "ok": False,
                "problems": [str(p) for p in exc.problems],
                "seconds": round(time.perf_counter() - started, 3)}
    record = design_record(name, inventory, solve(inventory), pool, policy or Policy(),
                           allow_borderline)
    record.update({
        "fingerprint": print_, "seconds": round(time.perf_counter() - started, 3),
        # CPU time of this worker process for the task: the cost a capacity plan
        # scales, independent of how crowded the machine was.
        "cpu_seconds": round(time.process_time() - cpu, 3)})
    return record


def design_record(name: str, inventory: Inventory, result: Any, pool: CandidatePool | None,
                  policy: Policy, allow_borderline: bool) -> dict[str, Any]:
    """The record of one employer's design, for a Dask worker and the in-process run alike.

    ``report`` is the employer's report without ``policy`` (stated once at the top of
    the regional report) and without matches (those are regional). With a ``pool``,
    ``report.completeness`` counts who could not be considered at this employer and
    ``not_considered`` names them with the reason, for the region's own count.
    """
    report = result.to_report()
    for key in ("policy", "matches", "unmatched"):
        report.pop(key, None)
    report["organisation"] = name
    used = {p.task_id for f in result.functions for p in f.parts}
    record: dict[str, Any] = {
        "organisation": name, "ok": True, "report": report,
        "functions": [function_to_dict(f) for f in result.functions],
        # The tasks the functions hold, so the global assignment is re-checked
        # against the inventory's own tasks, not the functions' stated profiles.
        "tasks": [t.model_dump(mode="json") for t in inventory.tasks if t.task_id in used]}
    if pool is not None:
        from matcher.matching.pool import tally
        from matcher.regional.completeness import employer_statuses

        # The pool-aware design classified the pool already; the redesign did not.
        statuses = getattr(result, "statuses", None) \
            or employer_statuses(inventory, pool, policy, allow_borderline)
        report["completeness"] = tally(statuses)
        record["not_considered"] = {c: s for c, s in statuses.items() if s != "considered"}
    return record


def run_employers(
    client: Client, paths: list[Path], policy: Policy, options: SolveOptions,
    store: StateStore, resume: bool = False, stream: TextIO | None = None,
    on_stored: Callable[[dict[str, Any]], None] | None = None,
    pool: CandidatePool | None = None,
    task: Callable[..., dict[str, Any]] | None = None, pool_aware: bool = True,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Phase 1: design every employer on the cluster; return records and phase figures.

    Records come back in the order of ``paths``. ``on_stored`` is called after each
    record is safely on disk (the tests use it to kill a run part-way). ``task`` is
    the per-employer function run on the workers, called as
    ``task(path, pool, policy, options, fingerprint)``: by default
    :func:`matcher.regional.pool_aware.design_employer` (the whole ``pool`` in view),
    or :func:`redesign_employer` when ``pool_aware`` is false. Without a ``pool``
    (``None``) employers are redesigned for the organisation alone and nobody is
    classified.

    Raises
    ------
    Exception
        Whatever a per-employer task raised after its retries (a bug or a rejected
        proposal): only bad input is skipped, and it comes back as a record.
    """
    if task is None:
        task = design_employer if pool_aware and pool is not None else redesign_employer
    # Records of the two designs differ: the fingerprint says which one made it.
    stage = f"{RECORD_FORMAT}:{'pool-aware' if pool_aware and pool is not None else 'org-first'}"
    started = time.perf_counter()
    # Each solve is single-threaded: parallelism comes from the workers, and a
    # one-thread CP-SAT run with a fixed seed is reproducible.
    task_options = replace(options, workers=1)
    records: dict[str, dict[str, Any]] = {}
    todo: list[tuple[Path, str]] = []
    for path in paths:
        print_ = fingerprint(path, policy, task_options, stage=stage)
        if pool is not None:  # the record depends on the pool too (design, completeness)
            print_ = pool_fingerprint(print_, pool)
        stored = store.load(employer_name(path), print_) if resume else None
        if stored is not None:
            records[employer_name(path)] = stored
        else:
            todo.append((path, print_))
    resumed = len(records)
    progress = Progress(len(paths), stream=stream)
    if resumed:
        progress.skip(resumed)
    # The pool goes to every worker once, not once per task. hash=False gives each run its
    # own key: with a content hash a resumed run would share the crashed run's key, and the
    # release of that one could cancel the data the new run's tasks depend on.
    pool_ref = client.scatter(pool, broadcast=True, hash=False) if todo and pool is not None else None
    futures = {
        client.submit(task, str(path), pool_ref, policy, task_options, print_,
                      key=f"employer-{employer_name(path)}-{print_[:16]}-{uuid.uuid4().hex[:8]}", retries=RETRIES): path
        for path, print_ in todo
    }
    done = resumed
    step("regional", done, len(paths), "progress.step")
    for future in _until_cancelled(client, futures):
        path = futures[future]
        name = employer_name(path)
        # Bad input came back as a record (``ok`` false); anything raised here is a
        # bug or a rejected proposal, after Dask's retries: it ends the run (exit 1),
        # never becomes a "skipped" employer.
        record = normalised(future.result())
        store.save(record)
        records[name] = record
        future.release()
        progress.advance()
        done += 1
        step("regional", done, len(paths), "progress.regional.employer", employer=name,
             number=done, count=len(paths))
        if on_stored is not None:
            on_stored(record)
    progress.close()
    figures = {
        "employers": len(paths), "resumed": resumed, "computed": len(todo),
        "workers": worker_count(client),
        "seconds": round(time.perf_counter() - started, 3),
        "task_seconds": round(sum(float(r.get("seconds", 0.0)) for r in records.values()
                                  if r.get("ok")), 3),
        "task_cpu_seconds": round(sum(float(r.get("cpu_seconds", 0.0)) for r in records.values()
                                      if r.get("ok")), 3),
    }
    # A cancelled run reports the employers done so far, in the order of ``paths``.
    return [records[employer_name(p)] for p in paths if employer_name(p) in records], figures


#: How often a regional run looks at the cancel event while it waits for workers (s).
CANCEL_POLL = 0.1


def _until_cancelled(client: Client, futures: dict[Any, Path]) -> Iterator[Any]:
    """The futures as they complete; once the call is cancelled, cancel the rest and stop.

    Dask cannot interrupt a task running on a worker, but the run no longer waits
    for it: what is done so far is assigned and reported (status CANCELLED).
    """
    pending = set(futures)
    finished = as_completed(pending)
    while pending:
        if cancelled():
            client.cancel(list(pending))
            return
        batch = finished.next_batch(block=False)
        if not batch:
            time.sleep(CANCEL_POLL)
            continue
        for future in batch:
            pending.discard(future)
            yield future


def regional_functions(records: list[dict[str, Any]],
                       ) -> tuple[list[NewFunction], dict[str, tuple[str, str]], dict[str, Task]]:
    """Every employer's new functions with region-unique ids ``<employer>/<role_id>``.

    Also returns ``{unique id: (employer, role_id)}`` to name matches in the report,
    and the tasks the functions hold, keyed ``<employer>/<task_id>``.
    """
    functions: list[NewFunction] = []
    owner: dict[str, tuple[str, str]] = {}
    tasks: dict[str, Task] = {}
    for record in records:
        if not record.get("ok"):
            continue
        employer = record["organisation"]
        for data in record["functions"]:
            unique = f"{employer}/{data['role_id']}"
            functions.append(function_from_dict(data, unique))
            owner[unique] = (employer, data["role_id"])
        for data in record["tasks"]:
            task = Task.model_validate(data)
            tasks[f"{employer}/{task.task_id}"] = task
    return functions, owner, tasks


def run_regional(
    client: Client, folder: str | Path, pool: CandidatePool, policy: Policy,
    options: SolveOptions, state: str | Path, *, resume: bool = False, carve: bool = False,
    exclude: tuple[Path, ...] = (), stream: TextIO | None = None,
    on_stored: Callable[[dict[str, Any]], None] | None = None, pool_aware: bool = True,
) -> dict[str, Any]:
    """The whole regional run; returns the JSON report (FORMATS.md section 4).

    ``pool_aware`` (default) designs each employer's functions with the whole pool in
    view; false is the organisation-first redesign (``--org-first``). The report's
    ``completeness`` counts the candidates no employer could consider, and why.

    Raises
    ------
    UsageError
        When ``folder`` holds no inventories at all.
    InventoryError
        When no employer in ``folder`` could be read (each one's lines included).
    """
    from matcher.regional.assign import assign_region  # needs the matching modules

    stream = stream if stream is not None else sys.stderr
    store = StateStore(state)
    paths = find_employers(folder, exclude=(*exclude, Path(state)))
    if not paths:
        raise UsageError(f"{folder} holds no employer inventories "
                         "(expected .xlsx files or folders with roles.csv and tasks.csv)")
    names = [employer_name(p) for p in paths]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        # Results, state files and function ids are keyed by the employer's name.
        raise UsageError(f"{folder}: more than one inventory named {', '.join(twice)} "
                         "(a workbook and a folder with the same name?)")
    records, phase1 = run_employers(client, paths, policy, options, store, resume, stream,
                                    on_stored, pool, pool_aware=pool_aware)
    bad = [r for r in records if not r.get("ok")]
    for record in bad:
        for line in record["problems"]:
            print(line, file=stream)
        print(f"{record['organisation']}: overgeslagen / skipped", file=stream)
    if records and len(bad) == len(records):
        from taskmodels.errors import InputProblem

        raise InventoryError([InputProblem(str(folder), None, None, None,
                                           code="input.no_employer")])
    functions, owner, tasks = regional_functions(records)
    started = time.perf_counter()
    step("regional.assign", 0, 1, "progress.regional.assign")
    assignment = assign_region(pool, functions, owner, policy, options, tasks=tasks)
    step("regional.assign", 1, 1, "progress.regional.done")
    phase2 = {"seconds": round(time.perf_counter() - started, 3), "functions": len(functions),
              "candidates": len(pool.candidates)}
    # Matches live once, at the top, each naming its employer (design_record left
    # them out of the per-employer reports).
    employers = [dict(r["report"]) for r in records if r.get("ok")]
    phases: dict[str, Any] = {"redesign": phase1, "assignment": phase2}
    if carve:
        from matcher.regional.carve import carve_employers

        started = time.perf_counter()
        carved = carve_employers(client, paths, records, assignment["matches"], pool, policy,
                                 options, state, resume)
        for report in employers:
            if report["organisation"] in carved:
                report["carve"] = carved[report["organisation"]]
        phases["carve"] = {"seconds": round(time.perf_counter() - started, 3)}
    return {
        "policy": policy.as_report(),
        "employers": employers,
        "skipped": [{"organisation": r["organisation"], "problems": r["problems"]} for r in bad],
        "matches": assignment["matches"],
        "unmatched": assignment["unmatched"],
        "solver": assignment["solver"],
        "completeness": region_completeness(pool, records),
        "phases": phases,
    }
