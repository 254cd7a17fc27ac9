"""Measurement noise of the monitor, estimated from the answers themselves.

The unit of independent information is not the item answer: the items one rater
answers about one dimension at one wave share that rater's view of the day, so they
are correlated. The noise is therefore split in two parts (a nested analysis of
variance, the classical design-effect correction):

* **within a cell** (one rater, one wave): the spread of that rater's item scores
  around their own mean, pooled over cells (:func:`within_cell_variance`);
* **between cells**: what a rater's wave mean varies beyond its items, estimated from
  how far cell means lie from the fitted model, minus the within-cell part.

Item scores are integers, so an answer carries at least the rounding error of the
scale (uniform on +-0.5, variance 1/12): the within-cell variance is never taken
below that, which keeps three identical answers from claiming infinite precision.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from scipy import special

#: Variance of rounding to a whole level (uniform on +-0.5): the floor of item noise.
ROUNDING_VARIANCE = 1.0 / 12.0
#: Two-sided confidence level of every interval the monitor reports.
LEVEL = 0.95


def within_cell_variance(cells: Iterable[Sequence[float]]) -> tuple[float, int]:
    """Pooled within-cell variance of item scores and its degrees of freedom.

    Parameters
    ----------
    cells:
        Per rater and wave, the item scores of that rater.

    Returns
    -------
    (variance, df):
        ``sum of squares around each cell's mean / sum(k - 1)``, floored at
        :data:`ROUNDING_VARIANCE`; ``df = sum(k - 1)``. With ``df == 0`` (one item
        per cell) the variance is the floor and carries no information.
    """
    ss, df = 0.0, 0
    for scores in cells:
        if len(scores) < 2:
            continue
        m = math.fsum(sorted(scores)) / len(scores)
        ss += math.fsum(sorted((s - m) ** 2 for s in scores))
        df += len(scores) - 1
    variance = ss / df if df else 0.0
    return max(variance, ROUNDING_VARIANCE), df


def satterthwaite(parts: Sequence[tuple[float, float]]) -> float:
    """Welch-Satterthwaite degrees of freedom of a sum of variance estimates.

    ``parts`` holds ``(variance, df)`` pairs; a part with ``df <= 0`` or zero
    variance is skipped. Returns ``inf`` when nothing is estimated (a normal interval).
    """
    total = math.fsum(v for v, _ in parts)
    denom = math.fsum(v * v / d for v, d in parts if d > 0 and v > 0)
    if total <= 0 or denom <= 0:
        return math.inf
    return total * total / denom


def critical_value(df: float, level: float = LEVEL) -> float:
    """Two-sided Student t quantile (normal when ``df`` is infinite)."""
    q = 0.5 + level / 2
    # scipy.special's quantiles are the ones scipy.stats.t/norm use, without their
    # per-call overhead (a profile computes two per dimension).
    return float(special.ndtri(q) if math.isinf(df) else special.stdtrit(df, q))
