"""Pool-aware functiecreatie per employer in a regional run (issue 11), the default.

Phase 1 of :mod:`matcher.regional.pipeline` runs, per employer on a Dask worker,
:func:`matcher.matching.pool.design_and_match` with the *whole* pool in view, so each
employer's functions have the sizes, rhythms and demand profiles the region's
people can fill. Its matches are only a design aid: the one global assignment of
phase 2 still places each person at most once in the whole region, over every
employer's functions. ``pool_aware=False`` (``--org-first``) keeps the
organisation-first redesign (:func:`matcher.regional.pipeline.redesign_employer`).
"""

from __future__ import annotations

import hashlib
from typing import Any

from matcher.policy import Policy
from matcher.results import SolveOptions
from taskmodels.models import CandidatePool


def pool_fingerprint(print_: str, pool: CandidatePool) -> str:
    """The employer's fingerprint extended with the pool: a new pool redoes the record."""
    digest = hashlib.sha256(print_.encode())
    digest.update(b"pool")
    digest.update(pool.model_dump_json().encode())
    return digest.hexdigest()


def design_employer(path: str, pool: CandidatePool | None, policy: Policy,
                    options: SolveOptions, print_: str) -> dict[str, Any]:
    """The per-employer Dask task: read one inventory, design its functions with the pool.

    Returns a record of the same shape as ``redesign_employer`` (bad input is a record
    with ``ok`` false), plus the design's own figures under ``report.solver``. Without
    candidates there is no pool to design for: the organisation-first redesign runs.
    """
    from matcher.matching.pool import design_and_match
    from matcher.redesign.pipeline import run_redesign
    from matcher.regional.pipeline import employer_record

    def solve(inventory: Any) -> Any:
        if pool is None or not pool.candidates:
            return run_redesign(inventory, policy, options)
        return design_and_match(inventory, pool, policy, options)

    return employer_record(path, print_, solve, pool, policy, options.allow_borderline)
