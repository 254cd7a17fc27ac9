"""What an advisor may see of the people matched to a function: fit per dimension only.

Never a name, never a pseudonym (a per-function alias "Kandidaat A"), never a
diagnosis or a score: per dimension only whether the person's capacity fits the
function's demand, is one level short (borderline), or does not fit. The capacities
come from ``api.profiles``; the comparison is the §2 rule itself (capacity ≥ demand
fits, one level short is borderline).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable
from string import ascii_uppercase
from typing import Any

from taskmodels.catalogue import DIMENSION_IDS
from web.coach.core import ContentCache, content_digest

FITS, BORDERLINE, NO_FIT, UNKNOWN = "fits", "borderline", "no_fit", "unknown"

# Whole-rule classes by content, per person: the work analysis (its stored JSON), the
# function's stored entry and the person's content key (every field and answer,
# ``web.coach.core.pool_with_key``). The §2 rule judges each pair on its own, so when a
# coach enters one rating only that person is judged again, not the pool of 50 (the
# submission page was the slowest under load: each new answer made the whole pool's
# key new). A changed person makes a new key, so a stale class cannot be shown.
PERSON_FITS = ContentCache(4096)


def dimension_fit(capacity: float | None, demand: int) -> str:
    """``fits`` (capacity level ≥ demand), ``borderline`` (one level short), ``no_fit``, or
    ``unknown`` when the capacity was never measured (never taken as a fit)."""
    if capacity is None:
        return UNKNOWN
    # The matcher compares whole levels, rounding half up (3.5 counts as 4): the same here,
    # or the advisor would see "borderline" where the match itself counted a fit.
    level = math.floor(capacity + 0.5)
    if level >= demand:
        return FITS
    if level == demand - 1:
        return BORDERLINE
    return NO_FIT


def alias(index: int) -> str:
    """``A``, ``B``, … ``Z``, ``AA`` …: a per-page alias that says nothing about the person."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = ascii_uppercase[rest] + letters
    return letters


def fit_rows(profiles: list[Any], demands: dict[str, int],
             overall: list[str] | None = None) -> list[dict[str, Any]]:
    """Per person (in the given order) an alias, the fit class per dimension and, when
    given, the class by the whole rule (``overall``, in the same order)."""
    rows = []
    for i, profile in enumerate(profiles):
        cells = {}
        for dim in DIMENSION_IDS:
            d = profile.dimensions.get(dim)
            cells[dim] = dimension_fit(None if d is None else d.value, int(demands.get(dim, 1)))
        rows.append({"alias": alias(i), "cells": cells,
                     "overall": overall[i] if overall is not None else None})
    return rows


def whole_rule(api: Any, function: Any, pool: Any,
               pool_key: tuple[Hashable, ...] | None = None) -> dict[str, Any]:
    """The pool on one submitted function by the whole FORMATS.md §2 rule (``api.function_fits``).

    Dimensions, level, hours window with productivity, lifting, work conditions and
    tasks a person avoids, as the matcher applies them and the evaluator re-checks
    them. Returns ``{"counts": {fits, borderline, no_fit}, "total": n, "status":
    {pseudonym: class}}``; the pseudonyms stay in the view code (they only pick each
    matched person's class), the page shows aliases.

    With ``pool_key`` (from ``pool_with_key``) each person's class is kept in
    ``PERSON_FITS`` under the content of everything it depends on, and only the people
    not judged before are judged.
    """
    from web.db import session
    from web.models import InventoryVersion

    version = session().get(InventoryVersion, function.run.inventory_version_id)
    if version is None or not pool.candidates:
        return {"counts": {FITS: 0, BORDERLINE: 0, NO_FIT: 0}, "total": 0, "status": {}}

    def judge(people: Any) -> dict[str, str]:
        report = api.function_fits(version.inventory(), people, function.data or {})
        return {p.candidate_id: p.status for p in report.people}

    status: dict[str, str]
    if pool_key is None:
        status = judge(pool)
    else:
        base = (content_digest(version.data), content_digest(function.data or {}))
        keys = dict(zip((c.candidate_id for c in pool.candidates), pool_key, strict=True))
        status = {}
        for cid, key in keys.items():
            kept = PERSON_FITS.get((*base, key))
            if kept is not None:
                status[cid] = kept
        todo = {cid for cid in keys if cid not in status}
        if todo:  # the people not judged before, in one call
            fresh = judge(api.CandidatePool(
                candidates=tuple(c for c in pool.candidates if c.candidate_id in todo),
                ratings=tuple(r for r in pool.ratings if r.candidate_id in todo)))
            for cid, cls in fresh.items():
                PERSON_FITS.put((*base, keys[cid]), cls)
            status.update(fresh)
    seen = Counter(status.values())
    return {"counts": {c: seen[c] for c in (FITS, BORDERLINE, NO_FIT)}, "total": len(status),
            "status": status}
