"""The coach's pages reach the core through ``matcher.api`` only (FORMATS.md §5).

This module turns stored rows into the core's validated objects (a candidate pool
with its monitor ratings) and back; the display name never leaves the database row
(``Candidate.to_core`` drops it), so nothing sent to the core, stored in a report or
shown to another role can carry it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.itembank import item_bank
from taskmodels.models import CandidatePool
from taskmodels.models import Rating as CoreRating
from web.models import Candidate

RATERS: tuple[str, ...] = ("self", "mentor", "supervisor", "other")
"""The monitor's raters in the order the forms offer them (FORMATS.md §1 ratings)."""

FIT_TIME_LIMIT = 3.0
"""Seconds of solver time a synchronous fit or carve from a page may take."""


class _Api:
    """``api.match(...)`` → ``matcher.api.match(...)``, the module loaded on first use."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("matcher.api"), name)


api: Any = _Api()


def pool_of(candidates: Iterable[Candidate]) -> CandidatePool:
    """The core's pool for ``candidates`` with every stored monitor answer."""
    people = list(candidates)
    ratings = [
        CoreRating(candidate_id=c.pseudonym, wave=r.wave, rater=r.rater, item=r.item,
                   score=r.score)
        for c in people for r in sorted(c.ratings, key=lambda r: (r.wave, r.rater, r.item))
    ]
    return CandidatePool(candidates=tuple(c.to_core() for c in people), ratings=tuple(ratings))


def profile_of(candidate: Candidate) -> Any:
    """The candidate's capacity profile from ``api.profiles`` (§5)."""
    return api.profiles(pool_of([candidate]))[candidate.pseudonym]


def rated_dimensions(candidate: Candidate) -> set[str]:
    """Dimensions with at least one monitor answer (items outside the bank are ignored)."""
    bank = item_bank()
    return {bank[r.item].dimension for r in candidate.ratings if r.item in bank}


def missing_dimensions(candidate: Candidate) -> list[str]:
    """Dimensions with neither a capacity nor a monitor answer, in catalogue order.

    Such a dimension makes the candidate unmatchable (FORMATS.md §1 ``c_*``), so the
    caseload shows it before anyone relies on a match (the 2016 database lesson).
    """
    have = rated_dimensions(candidate) | set(candidate.capacities or {})
    return [d for d in DIMENSION_IDS if d not in have]


def waves_of(candidate: Candidate) -> list[int]:
    """The measurement moments that hold at least one answer, in order."""
    return sorted({r.wave for r in candidate.ratings})


def options(allow_borderline: bool = True, time_limit: float = FIT_TIME_LIMIT) -> Any:
    """Solve options for a page's synchronous call: small time limit, one worker, seed 0."""
    return api.SolveOptions(time_limit=time_limit, workers=1, seed=0,
                            allow_borderline=allow_borderline)
