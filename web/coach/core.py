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

from sqlalchemy import inspect, select
from sqlalchemy.orm import object_session

from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.itembank import item_bank
from taskmodels.models import CandidatePool
from taskmodels.models import Rating as CoreRating
from web.models import Candidate, Rating

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
    answers = _answers(people)
    ratings = [
        CoreRating(candidate_id=c.pseudonym, wave=wave, rater=rater, item=item, score=score)
        for c in people for wave, rater, item, score in sorted(answers[c.id])
    ]
    return CandidatePool(candidates=tuple(c.to_core() for c in people), ratings=tuple(ratings))


def _answers(people: list[Candidate]) -> dict[int, list[tuple[int, str, str, int]]]:
    """Per candidate id its (wave, rater, item, score) answers.

    Candidates whose ratings are not loaded are read in one query of four columns
    (a pool of 50 candidates with about 240 answers each otherwise costs 50 lazy
    loads and 12,000 ORM objects, about a second of a review page); loaded ones are
    taken as loaded, so changes not yet committed in this session count.
    """
    out: dict[int, list[tuple[int, str, str, int]]] = {c.id: [] for c in people}
    unloaded = [c for c in people
                if object_session(c) is not None and "ratings" in inspect(c).unloaded]
    for c in people:
        if c not in unloaded:
            out[c.id] = [(r.wave, r.rater, r.item, r.score) for r in c.ratings]
    if unloaded:
        db = object_session(unloaded[0])
        assert db is not None
        ids = [c.id for c in unloaded]
        for start in range(0, len(ids), 500):  # stay far below any bind-parameter limit
            rows = db.execute(select(Rating.candidate_id, Rating.wave, Rating.rater,
                                     Rating.item, Rating.score)
                              .where(Rating.candidate_id.in_(ids[start:start + 500])))
            for cid, wave, rater, item, score in rows:
                out[cid].append((int(wave), str(rater), str(item), int(score)))
    return out


def profile_of(candidate: Candidate) -> Any:
    """The candidate's capacity profile from ``api.profiles`` (§5)."""
    return api.profiles(pool_of([candidate]))[candidate.pseudonym]


def _items_and_waves(candidate: Candidate) -> list[tuple[str, int]]:
    """The distinct (item, wave) pairs of the candidate's monitor answers.

    When the ratings are not loaded yet this asks for just these two columns: a
    caseload of 50 candidates with about 240 answers each otherwise builds 12,000
    ORM objects per page view (1.5 s of the page under a profiler) to learn which
    dimensions and waves have answers.
    """
    db = object_session(candidate)
    if db is None or "ratings" not in inspect(candidate).unloaded:
        return sorted({(r.item, r.wave) for r in candidate.ratings})
    rows = db.execute(select(Rating.item, Rating.wave).where(
        Rating.candidate_id == candidate.id).distinct())
    return [(str(item), int(wave)) for item, wave in rows]


def rated_dimensions(candidate: Candidate) -> set[str]:
    """Dimensions with at least one monitor answer (items outside the bank are ignored)."""
    bank = item_bank()
    return {bank[item].dimension for item, _ in _items_and_waves(candidate) if item in bank}


def missing_dimensions(candidate: Candidate) -> list[str]:
    """Dimensions with neither a capacity nor a monitor answer, in catalogue order.

    Such a dimension makes the candidate unmatchable (FORMATS.md §1 ``c_*``), so the
    caseload shows it before anyone relies on a match (the 2016 database lesson).
    """
    have = rated_dimensions(candidate) | set(candidate.capacities or {})
    return [d for d in DIMENSION_IDS if d not in have]


def waves_of(candidate: Candidate) -> list[int]:
    """The measurement moments that hold at least one answer, in order."""
    return sorted({wave for _, wave in _items_and_waves(candidate)})


def options(allow_borderline: bool = True, time_limit: float = FIT_TIME_LIMIT) -> Any:
    """Solve options for a page's synchronous call: small time limit, one worker, seed 0."""
    return api.SolveOptions(time_limit=time_limit, workers=1, seed=0,
                            allow_borderline=allow_borderline)
