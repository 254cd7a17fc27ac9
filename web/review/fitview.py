"""What an advisor may see of the people matched to a function: fit per dimension only.

Never a name, never a pseudonym (a per-function alias "Kandidaat A"), never a
diagnosis or a score: per dimension only whether the person's capacity fits the
function's demand, is one level short (borderline), or does not fit. The capacities
come from ``api.profiles``; the comparison is the §2 rule itself (capacity ≥ demand
fits, one level short is borderline).
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from string import ascii_uppercase
from typing import Any

from taskmodels.catalogue import DIMENSION_IDS
from web.coach.core import ContentCache, content_digest

FITS, BORDERLINE, NO_FIT, UNKNOWN = "fits", "borderline", "no_fit", "unknown"

# Whole-rule answers by content: the work analysis (its stored JSON), the function's
# stored entry and the pool's content key (every field and answer of every person,
# ``web.coach.core.pool_with_key``). Judging a pool of 50 by the whole §2 rule, each
# pair re-checked, is most of a submission page's time, and it only changes when one
# of these does, which makes a new key: a stale count cannot be shown.
POOL_FITS = ContentCache(256)


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
               pool_key: Hashable | None = None) -> dict[str, Any]:
    """The pool on one submitted function by the whole FORMATS.md §2 rule (``api.function_fits``).

    Dimensions, level, hours window with productivity, lifting, work conditions and
    tasks a person avoids, as the matcher applies them and the evaluator re-checks
    them. Returns ``{"counts": {fits, borderline, no_fit}, "total": n, "status":
    {pseudonym: class}}``; the pseudonyms stay in the view code (they only pick each
    matched person's class), the page shows aliases.

    With ``pool_key`` (from ``pool_with_key``) the answer is kept in ``POOL_FITS``
    under the content of everything it depends on.
    """
    from web.db import session
    from web.models import InventoryVersion

    version = session().get(InventoryVersion, function.run.inventory_version_id)
    if version is None or not pool.candidates:
        return {"counts": {FITS: 0, BORDERLINE: 0, NO_FIT: 0}, "total": 0, "status": {}}

    def judge() -> dict[str, Any]:
        report = api.function_fits(version.inventory(), pool, function.data or {})
        return {"counts": dict(report.counts), "total": len(report.people),
                "status": {p.candidate_id: p.status for p in report.people}}

    if pool_key is None:
        return judge()
    key = (content_digest(version.data), content_digest(function.data or {}), pool_key)
    kept = POOL_FITS.get_or_make(key, judge)
    # a copy per page: the kept answer is shared and must not change
    return {"counts": dict(kept["counts"]), "total": kept["total"],
            "status": dict(kept["status"])}
