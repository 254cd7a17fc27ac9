"""The 0-100 fit score of a feasible pair and its named weights (docs/matching.md).

::

    base + margin * (confidence-weighted mean margin, capped at 2 levels, /2)
         + hours  * (effective hours / the person's max hours, capped at 1)
         + preference * (function's department among the person's prefers)
         - boredom * (mean margin beyond 2 levels, /2)
         - borderline * (number of borderline dimensions)

clipped to 0-100 and rounded to 2 decimals. A dimension's weight in the margin is
0.5 + 0.5 x confidence, so a low-confidence dimension counts less. The dimension
terms are tabulated per candidate and (dimension, demand level), so a pair's share
is one product with the function's one-hot demand (see :mod:`matcher.matching.rules`).
"""

from __future__ import annotations

import numpy as np

from matcher.matching.encoding import N_DIM, N_LEVEL, CandidateArrays

WEIGHTS: dict[str, float] = {
    "base": 40.0, "margin": 35.0, "hours": 10.0, "preference": 15.0,
    "boredom": 10.0, "borderline": 15.0,
}
"""The named, non-negative weights of the score (the report states them)."""

MARGIN_CAP = 2
"""Levels of room above a demand that still earn margin points; more is boredom."""


def dimension_weights(confidence: np.ndarray) -> np.ndarray:
    """Weight of each dimension in the margin: 0.5 + 0.5 x confidence."""
    return 0.5 + 0.5 * confidence


def dimension_points(cand: CandidateArrays, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate and (dimension, demand level): score points and borderline flag.

    Returns two ``len(rows) x (N_DIM * N_LEVEL)`` arrays: the margin, boredom and
    borderline points a demand of that level on that dimension gives this person,
    and 1 where that demand is exactly one level above a measured capacity.
    """
    lvl = cand.level[rows].astype(np.int16)[:, :, None]
    lv = np.arange(1, N_LEVEL + 1)
    w = dimension_weights(cand.confidence[rows])
    share = (w / w.sum(axis=1, keepdims=True))[:, :, None]
    border = (lvl >= 1) & (lvl == lv - 1)
    points = (WEIGHTS["margin"] * share * np.clip(lvl - lv, 0, MARGIN_CAP) / MARGIN_CAP
              - WEIGHTS["boredom"] * np.maximum(lvl - lv - MARGIN_CAP, 0) / (MARGIN_CAP * N_DIM)
              - WEIGHTS["borderline"] * border)
    b = len(rows)
    return (points.reshape(b, N_DIM * N_LEVEL),
            border.reshape(b, N_DIM * N_LEVEL).astype(np.int8))


def hours_use(hours: np.ndarray, productivity: np.ndarray, max_hours: np.ndarray) -> np.ndarray:
    """Share of the person's maximum the function's effective hours use, capped at 1."""
    return np.minimum(1.0, hours / (productivity * max_hours))


def total_score(dim_points: np.ndarray, use: np.ndarray, preferred: np.ndarray) -> np.ndarray:
    """The 0-100 score from its terms, clipped and rounded to 2 decimals."""
    score = (WEIGHTS["base"] + dim_points + WEIGHTS["hours"] * use
             + WEIGHTS["preference"] * preferred)
    return np.round(np.clip(score, 0.0, 100.0), 2)
