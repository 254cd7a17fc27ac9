"""The coach's pages reach the core through ``matcher.api`` only (FORMATS.md §5).

This module turns stored rows into the core's validated objects (a candidate pool
with its monitor ratings) and back; the display name never leaves the database row
(``Candidate.to_core`` drops it), so nothing sent to the core, stored in a report or
shown to another role can carry it.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Hashable, Iterable
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import object_session

# The project's one content-keyed LRU, kept here beside ``content_digest`` for the
# pages' caches (web/coach/fit_list.py, web/review/fitview.py import both from here).
from matcher.api import ContentCache
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.itembank import item_bank
from taskmodels.models import Candidate as CoreCandidate
from taskmodels.models import CandidatePool
from taskmodels.models import Rating as CoreRating
from web.current_proposal import current_report
from web.models import Candidate, Rating, Run

RATERS: tuple[str, ...] = ("self", "mentor", "supervisor", "other")
"""The monitor's raters in the order the forms offer them (FORMATS.md §1 ratings)."""

FIT_TIME_LIMIT = 3.0
"""Seconds of solver time a fit or carve may take (they run in the background, see web/coach/fit_runs.py)."""


def proposal_of(run: Run) -> dict[str, Any]:
    """A run's proposal as it stands: its newest hand edit's report, else its own.

    Empty while the run has no answer. The coach's pages read this, as the consultant's
    do, so a function the consultant removed is offered to nobody, and a placement an
    edit took away is no longer proposed.
    """
    session = object_session(run)
    assert session is not None  # a run shown on a page was loaded in the request's session
    return current_report(session, run) or {}


class _Api:
    """``api.match(...)`` → ``matcher.api.match(...)``, the module loaded on first use."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("matcher.api"), name)


api: Any = _Api()


def content_digest(data: Any) -> str:
    """A digest of stored JSON (key order ignored), to key a :class:`ContentCache` by
    the content of a row rather than its id."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


# The core's validated objects of one person, kept by content. Building them costs
# about 4 ms for a person with 240 answers (one pydantic validation per answer), and
# the pages that judge a whole pool build all of them on every view. The key is every
# stored column of the row that reaches the core (all but the display name, which
# never does) and the answers themselves, so a changed answer or field is a new key:
# a stale object can never be served, whichever process or session changed the row.
CORE_OBJECTS = ContentCache(4096)
_NOT_IN_KEY = frozenset({"display_name"})


def _frozen(value: Any) -> Hashable:
    """A column value as something hashable (JSON lists and dicts as tuples)."""
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value  # type: ignore[no-any-return]


def _content_key(candidate: Candidate, answers: tuple[tuple[int, str, str, int], ...]) -> Hashable:
    """Every column of the row (a new column is in the key without anyone remembering)
    except the display name, and the answers in order."""
    columns = tuple(_frozen(getattr(candidate, col.key))
                    for col in inspect(Candidate).column_attrs if col.key not in _NOT_IN_KEY)
    return columns, answers


def _core_of(candidate: Candidate, answers: tuple[tuple[int, str, str, int], ...],
             key: Hashable) -> tuple[CoreCandidate, tuple[CoreRating, ...]]:
    """The core's candidate and ratings of one row (``key`` is its content key)."""
    def make() -> tuple[CoreCandidate, tuple[CoreRating, ...]]:
        return candidate.to_core(), tuple(
            CoreRating(candidate_id=candidate.pseudonym, wave=wave, rater=rater, item=item,
                       score=score) for wave, rater, item, score in answers)

    return CORE_OBJECTS.get_or_make(key, make)


def pool_with_key(candidates: Iterable[Candidate]) -> tuple[CandidatePool, tuple[Hashable, ...]]:
    """:func:`pool_of` and a key that holds everything the pool was made from.

    Two pools with equal keys are equal, so a page may keep a result computed from
    the pool (with whatever else it depends on) under this key. The key is a tuple of
    one key per person, in pool order, so a result per person can be kept as well.
    """
    people = list(candidates)
    answers = _answers(people)
    cores: list[CoreCandidate] = []
    ratings: list[CoreRating] = []
    keys = []
    for c in people:
        own = tuple(sorted(answers[c.id]))
        key = _content_key(c, own)
        core, rows = _core_of(c, own, key)
        cores.append(core)
        ratings.extend(rows)
        keys.append(key)
    return CandidatePool(candidates=tuple(cores), ratings=tuple(ratings)), tuple(keys)


def pool_of(candidates: Iterable[Candidate]) -> CandidatePool:
    """The core's pool for ``candidates`` with every stored monitor answer.

    Each person's validated objects come from a cache keyed by their content
    (``CORE_OBJECTS``); the matcher keeps their capacity profiles the same way, so a
    page that judges an unchanged pool builds neither again.
    """
    return pool_with_key(candidates)[0]


def _answers(people: list[Candidate]) -> dict[int, list[tuple[int, str, str, int]]]:
    """Per candidate id its (wave, rater, item, score) answers.

    Candidates whose ratings are not loaded are read in one query of four columns
    (a pool of 50 candidates with about 240 answers each otherwise costs 50 lazy
    loads and 12,000 ORM objects, about a second of a review page); loaded ones are
    taken as loaded, so changes not yet committed in this session count.

    The query runs on the session's connection (the same transaction) rather than
    through the ORM, which for 12,000 plain rows cost more than the database did; the
    session is flushed first when it would have flushed itself, so pending answers
    count as they would in an ORM query.
    """
    out: dict[int, list[tuple[int, str, str, int]]] = {c.id: [] for c in people}
    unloaded = [c for c in people
                if object_session(c) is not None and "ratings" in inspect(c).unloaded]
    unloaded_ids = {c.id for c in unloaded}
    for c in people:
        if c.id not in unloaded_ids:
            out[c.id] = [(r.wave, r.rater, r.item, r.score) for r in c.ratings]
    if unloaded:
        db = object_session(unloaded[0])
        assert db is not None
        if db.autoflush:
            db.flush()
        ids = [c.id for c in unloaded]
        for start in range(0, len(ids), 500):  # stay far below any bind-parameter limit
            rows = db.connection().execute(
                select(Rating.candidate_id, Rating.wave, Rating.rater, Rating.item,
                       Rating.score).where(Rating.candidate_id.in_(ids[start:start + 500])))
            for row in rows:  # integer and text columns: (int, str, str, int) as stored
                out[row[0]].append(row[1:])  # type: ignore[arg-type]
    return out


def profile_of(candidate: Candidate) -> Any:
    """The candidate's capacity profile from ``api.profiles`` (§5)."""
    return api.profiles(pool_of([candidate]))[candidate.pseudonym]


def items_and_waves(people: Iterable[Candidate]) -> dict[int, list[tuple[str, int]]]:
    """Per candidate id the distinct (item, wave) pairs of their monitor answers.

    Candidates whose ratings are not loaded are asked for in one query of these two
    columns for all of them (the caseload of 50 once asked two queries per person,
    and before that built 12,000 ORM objects per view); loaded ones are taken as
    loaded, so changes not yet committed in this session count.
    """
    people = list(people)
    out: dict[int, set[tuple[str, int]]] = {c.id: set() for c in people}
    unloaded = [c for c in people
                if object_session(c) is not None and "ratings" in inspect(c).unloaded]
    for c in people:
        if c not in unloaded:
            out[c.id] = {(r.item, r.wave) for r in c.ratings}
    if unloaded:
        db = object_session(unloaded[0])
        assert db is not None
        ids = [c.id for c in unloaded]
        for start in range(0, len(ids), 500):  # stay far below any bind-parameter limit
            rows = db.execute(select(Rating.candidate_id, Rating.item, Rating.wave)
                              .where(Rating.candidate_id.in_(ids[start:start + 500]))
                              .distinct())
            for cid, item, wave in rows:
                out[cid].add((str(item), int(wave)))
    return {cid: sorted(pairs) for cid, pairs in out.items()}


def _items_and_waves(candidate: Candidate) -> list[tuple[str, int]]:
    """The distinct (item, wave) pairs of one candidate's monitor answers."""
    return items_and_waves([candidate])[candidate.id]


def rated_dimensions(candidate: Candidate,
                     pairs: list[tuple[str, int]] | None = None) -> set[str]:
    """Dimensions with at least one monitor answer (items outside the bank are ignored).

    ``pairs`` are the candidate's :func:`items_and_waves` when already read.
    """
    bank = item_bank()
    pairs = _items_and_waves(candidate) if pairs is None else pairs
    return {bank[item].dimension for item, _ in pairs if item in bank}


def missing_dimensions(candidate: Candidate,
                       pairs: list[tuple[str, int]] | None = None) -> list[str]:
    """Dimensions with neither a capacity nor a monitor answer, in catalogue order.

    Such a dimension makes the candidate unmatchable (FORMATS.md §1 ``c_*``), so the
    caseload shows it before anyone relies on a match (the 2016 database lesson).
    ``pairs`` as for :func:`rated_dimensions`.
    """
    have = rated_dimensions(candidate, pairs) | set(candidate.capacities or {})
    return [d for d in DIMENSION_IDS if d not in have]


def waves_of(candidate: Candidate, pairs: list[tuple[str, int]] | None = None) -> list[int]:
    """The measurement moments that hold at least one answer, in order (``pairs`` as
    for :func:`rated_dimensions`)."""
    pairs = _items_and_waves(candidate) if pairs is None else pairs
    return sorted({wave for _, wave in pairs})


def options(allow_borderline: bool = True, time_limit: float = FIT_TIME_LIMIT) -> Any:
    """Solve options for a page's synchronous call: small time limit, one worker, seed 0."""
    return api.SolveOptions(time_limit=time_limit, workers=1, seed=0,
                            allow_borderline=allow_borderline)
