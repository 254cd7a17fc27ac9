"""A regional run in this process: inventories already read, one after another.

The same three phases as :mod:`matcher.regional.pipeline` (per-employer design,
pool-aware by default,
one global assignment, optional carving per employer around the people assigned
to it), without a Dask cluster: for a handful of employers (the demo, a script, a
web request) starting worker processes costs more than the solves. The result has
the shape :func:`matcher.regional.pipeline.run_regional` returns, so one assembly
(:func:`matcher.reports.assemble.regional_report`) serves both.

Cancelling (:func:`matcher.progress.cancelled`) stops before the next employer; the
employers done so far are assigned and reported.
"""

from __future__ import annotations

import time
from typing import Any

from matcher.policy import Policy
from matcher.progress import cancel_event, cancelled, step
from matcher.regional.completeness import region_completeness
from matcher.regional.pipeline import design_record, regional_functions
from matcher.results import SolveOptions
from taskmodels.models import CandidatePool, Inventory


def run_regional_local(inventories: list[Inventory], pool: CandidatePool, policy: Policy,
                       options: SolveOptions, carve: bool = False,
                       pool_aware: bool = True) -> dict[str, Any]:
    """Design every employer, assign the pool once over all of them, carve if asked.

    ``pool_aware`` (default) shapes each employer's functions to the whole pool;
    false redesigns for the organisation alone (``--org-first``).

    Progress: stage ``regional``, one step per employer; stage ``regional.assign`` for
    the assignment; ``regional.carve`` one step per employer carved.
    """
    from matcher.matching.pool import design_and_match
    from matcher.redesign.pipeline import run_redesign
    from matcher.regional.assign import assign_region

    names = [inv.organisation for inv in inventories]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        from matcher.errors import UsageError

        raise UsageError(f"more than one inventory named {', '.join(twice)}")
    total = len(inventories)
    started = time.perf_counter()
    step("regional", 0, total, "progress.step")
    records: list[dict[str, Any]] = []
    for k, inventory in enumerate(inventories, start=1):
        if cancelled():
            break
        # Pool-aware functiecreatie (issue 11): the employer's functions are shaped to
        # the whole pool; the one global assignment below still places each person once.
        # The call's cancel event reaches the design's searches, so a cancel stops the
        # employer in progress within seconds (its best valid design so far is kept).
        result = design_and_match(inventory, pool, policy, options, cancel=cancel_event()) \
            if pool_aware and pool.candidates else run_redesign(inventory, policy, options)
        record = design_record(inventory.organisation, inventory, result, pool, policy,
                               options.allow_borderline)
        records.append({**record, "seconds": result.solver.seconds})
        step("regional", k, total, "progress.regional.employer",
             employer=inventory.organisation, number=k, count=len(inventories))
    phase1 = {"employers": len(inventories), "resumed": 0, "computed": len(records),
              "workers": 1, "seconds": round(time.perf_counter() - started, 3)}
    functions, owner, tasks = regional_functions(records)
    started = time.perf_counter()
    step("regional.assign", 0, 1, "progress.regional.assign")
    assignment = assign_region(pool, functions, owner, policy, options, tasks=tasks)
    step("regional.assign", 1, 1, "progress.regional.done")
    phases: dict[str, Any] = {
        "redesign": phase1,
        "assignment": {"seconds": round(time.perf_counter() - started, 3),
                       "functions": len(functions), "candidates": len(pool.candidates)}}
    employers: list[dict[str, Any]] = [r["report"] for r in records]
    if carve and not cancelled():
        started = time.perf_counter()
        matches: list[dict[str, Any]] = assignment["matches"]
        carved = carve_assigned(inventories, matches, pool, policy, options)
        for report in employers:
            if report["organisation"] in carved:
                report["carve"] = carved[report["organisation"]]
        phases["carve"] = {"seconds": round(time.perf_counter() - started, 3)}
    return {"policy": policy.as_report(), "employers": employers, "skipped": [],
            "matches": assignment["matches"], "unmatched": assignment["unmatched"],
            "solver": assignment["solver"], "completeness": region_completeness(pool, records),
            "phases": phases}


def carve_assigned(inventories: list[Inventory], matches: list[dict[str, Any]],
                   pool: CandidatePool, policy: Policy,
                   options: SolveOptions) -> dict[str, dict[str, Any]]:
    """Carve per employer around exactly the people the assignment gave it.

    The pool is split by the assignment, so each person is carved for at most one
    employer and every regional total counts each person once.
    """
    from matcher.carving.pipeline import run_carve

    people = pool.by_id()
    by_employer: dict[str, list[str]] = {}
    for m in matches:
        by_employer.setdefault(m["employer"], []).append(m["candidate_id"])
    out: dict[str, dict[str, Any]] = {}
    for k, inventory in enumerate(inventories, start=1):
        ids = sorted(by_employer.get(inventory.organisation, []))
        if not ids or cancelled():
            continue
        chosen = set(ids)
        sub = CandidatePool(candidates=tuple(people[i] for i in ids),
                            ratings=tuple(r for r in pool.ratings if r.candidate_id in chosen))
        report = run_carve(inventory, sub, policy, options).to_report()
        report.pop("policy", None)
        out[inventory.organisation] = report
        step("regional.carve", k, len(inventories), "progress.carve.done")
    return out
