"""What an advisor may see of the people matched to a function: fit per dimension only.

Never a name, never a pseudonym (a per-function alias "Kandidaat A"), never a
diagnosis or a score: per dimension only whether the person's capacity fits the
function's demand, is one level short (borderline), or does not fit. The capacities
come from ``api.profiles``; the comparison is the §2 rule itself (capacity ≥ demand
fits, one level short is borderline).
"""

from __future__ import annotations

import math
from string import ascii_uppercase
from typing import Any

from taskmodels.catalogue import DIMENSION_IDS

FITS, BORDERLINE, NO_FIT, UNKNOWN = "fits", "borderline", "no_fit", "unknown"


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


def fit_rows(profiles: list[Any], demands: dict[str, int]) -> list[dict[str, Any]]:
    """Per person (in the given order) an alias and the fit class per dimension."""
    rows = []
    for i, profile in enumerate(profiles):
        cells = {}
        for dim in DIMENSION_IDS:
            d = profile.dimensions.get(dim)
            cells[dim] = dimension_fit(None if d is None else d.value, int(demands.get(dim, 1)))
        rows.append({"alias": alias(i), "cells": cells})
    return rows


def fits_everywhere(profile: Any, demands: dict[str, int]) -> bool:
    """True when the person's capacity fits the demand on every dimension."""
    return all(dimension_fit(None if (d := profile.dimensions.get(dim)) is None else d.value,
                             int(demands.get(dim, 1))) == FITS for dim in DIMENSION_IDS)
