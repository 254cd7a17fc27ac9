"""The self-other gap with its uncertainty: a gap only when it exceeds the noise.

At the current wave, gap = self score - others' score (positive: the person rates
themself higher). Its variance is the sum of the two sides' variances:

* the self side: the within-cell item variance / the self's number of items;
* the others' side: the larger of (a) the spread between the other raters' means
  / their number (the others disagreeing among themselves is uncertainty about
  "the others' view"), pooled over every wave with two other raters or more, and
  (b) the item variance carried through the mean, ``sum(s2 / k_r) / n**2``.

The item variance is pooled over every rater's cell at the current wave
(:func:`matcher.monitor.noise.within_cell_variance`). The gap is *reliable* when its
95 % interval excludes zero.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from matcher.monitor.aggregation import RaterScore, mean
from matcher.monitor.noise import LEVEL, critical_value, satterthwaite, within_cell_variance
from taskmodels.messages import Message, msg


@dataclass(frozen=True)
class SelfOtherGap:
    """How much higher (or lower) the person rates themself than the others, how sure.

    Attributes
    ----------
    gap:
        Self minus others' mean at the wave.
    se, interval:
        Its standard error and two-sided :data:`~matcher.monitor.noise.LEVEL` interval.
    reliable:
        True when the interval excludes zero: a gap larger than the noise.
    reason:
        The catalogue message saying so.
    """

    gap: float
    se: float
    interval: tuple[float, float]
    reliable: bool
    reason: Message

    def as_report(self) -> dict[str, object]:
        """Plain data for JSON and the web page."""
        return {"gap": round(self.gap, 3), "se": round(self.se, 3),
                "interval": [round(self.interval[0], 3), round(self.interval[1], 3)],
                "reliable": self.reliable, "reason": self.reason.model_dump(mode="json")}


def _between_others(waves: Iterable[Sequence[RaterScore]]) -> tuple[float, int]:
    """Spread between the other raters' means, pooled over waves (variance, df)."""
    ss, df = 0.0, 0
    for scores in waves:
        means = sorted(s.score for s in scores if s.rater != "self" and s.item_scores)
        if len(means) >= 2:
            m = mean(means)
            ss += math.fsum((x - m) ** 2 for x in means)
            df += len(means) - 1
    return (ss / df if df else 0.0), df


def estimate_gap(
    scores: Sequence[RaterScore], all_waves: Iterable[Sequence[RaterScore]] | None = None,
) -> SelfOtherGap | None:
    """The self-other gap at one wave, or ``None`` without both sides.

    Parameters
    ----------
    scores:
        The rater scores of the wave (the current one).
    all_waves:
        Every wave's rater scores; the others' disagreement is pooled over them
        (more degrees of freedom than one wave's two or three raters). Defaults to
        ``[scores]``.
    """
    selves = [s for s in scores if s.rater == "self" and s.item_scores]
    others = sorted((s for s in scores if s.rater != "self" and s.item_scores),
                    key=lambda s: (s.rater, s.item_scores))
    if not selves or not others:
        return None
    s2, df_w = within_cell_variance(s.item_scores for s in [*selves, *others])
    self_score = mean([s.score for s in selves])
    others_score = mean([s.score for s in others])
    n = len(others)
    var_self = s2 / sum(len(s.item_scores) for s in selves)
    via_items = math.fsum(s2 / len(s.item_scores) for s in others) / n**2
    parts = [(var_self, float(df_w))]
    var_others, df_others = via_items, float(df_w)
    spread, df_between = _between_others([scores] if all_waves is None else all_waves)
    if df_between and spread / n > via_items:
        var_others, df_others = spread / n, float(df_between)
    parts.append((var_others, df_others))
    se = math.sqrt(var_self + var_others)
    # df_w == 0 (single items) leaves only the rounding floor: say so by a normal
    # interval on that floor rather than pretending to an estimate.
    df = satterthwaite([(v, d) for v, d in parts if d > 0])
    t = critical_value(df)
    gap = self_score - others_score
    low, high = gap - t * se, gap + t * se
    reliable = low > 0 or high < 0
    if not reliable:
        code = "monitor.gap.within_noise"
    else:
        code = "monitor.gap.self_higher" if gap > 0 else "monitor.gap.self_lower"
    reason = msg(code, gap=gap, size=abs(gap), low=low, high=high, level=LEVEL)
    return SelfOtherGap(gap, se, (low, high), reliable, reason)
