"""Phase 3 of a regional run (``--carve``): person-first carving per employer.

After the global assignment every employer knows which people were assigned to
it; :func:`matcher.carving.pipeline.run_carve` then forms functions around exactly those
people (the joint problem of FORMATS.md section 2, "person-first carving"). One
Dask task per employer, single-threaded, kept on disk like phase 1 (under
``<state>/carve/``) with a fingerprint that includes the assigned people, so a
resumed run redoes only what changed.
"""

from __future__ import annotations

import importlib.util
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from distributed import Client, as_completed

from matcher.policy import Policy
from matcher.regional.state import StateStore, employer_name, fingerprint, normalised
from matcher.results import SolveOptions
from taskmodels.models import CandidatePool
from taskmodels.reading import read_inventory


def carving_available() -> bool:
    """True when :mod:`matcher.carving.pipeline` (with ``run_carve``) can be imported."""
    return importlib.util.find_spec("matcher.carving.pipeline") is not None


def carve_employer(path: str, pool: CandidatePool, policy: Policy, options: SolveOptions,
                   print_: str) -> dict[str, Any]:
    """The per-employer carving task (runs on a worker)."""
    from matcher.carving.pipeline import run_carve

    started = time.perf_counter()
    inventory = read_inventory(path)
    result = run_carve(inventory, pool, policy, options)
    report = result.to_report()
    report.pop("policy", None)
    return {"organisation": employer_name(Path(path)), "fingerprint": print_, "ok": True,
            "report": report, "seconds": round(time.perf_counter() - started, 3)}


def carve_employers(client: Client, paths: list[Path], records: list[dict[str, Any]],
                    matches: list[dict[str, Any]], pool: CandidatePool, policy: Policy,
                    options: SolveOptions, state: str | Path,
                    resume: bool = False) -> dict[str, dict[str, Any]]:
    """Carve every employer that got people; return ``{employer: carve report}``."""
    task_options = replace(options, workers=1)
    store = StateStore(Path(state) / "carve")
    people = pool.by_id()
    by_employer: dict[str, list[str]] = {}
    for m in matches:
        by_employer.setdefault(m["employer"], []).append(m["candidate_id"])
    ok = {r["organisation"] for r in records if r.get("ok")}
    out: dict[str, dict[str, Any]] = {}
    futures = {}
    for path in paths:
        name = employer_name(path)
        ids = sorted(by_employer.get(name, []))
        if name not in ok or not ids:
            continue
        print_ = fingerprint(path, policy, task_options, stage="carve:" + ";".join(ids))
        stored = store.load(name, print_) if resume else None
        if stored is not None:
            out[name] = stored["report"]
            continue
        sub = CandidatePool(candidates=tuple(people[i] for i in ids),
                            ratings=tuple(r for r in pool.ratings if r.candidate_id in set(ids)))
        future = client.submit(carve_employer, str(path), sub, policy, task_options, print_,
                               key=f"carve-{name}-{print_[:16]}", retries=2)
        futures[future] = name
    for future in as_completed(futures):
        record = normalised(future.result())
        store.save(record)
        out[futures[future]] = record["report"]
        future.release()
    return out
