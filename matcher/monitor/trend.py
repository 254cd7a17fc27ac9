"""The change over waves with its uncertainty, and the development outlook it supports.

The rule (the formula and its justification are in ``docs/monitor.md``):

* **Each rater is compared with themself.** A rater's leniency (the person rating
  themself a level higher, a lenient supervisor) is large next to real change; it
  cancels when a rater's later answers are compared with the same rater's earlier
  ones. So the change is the slope over waves of a least-squares fit with one level
  per rater (rater fixed effects) on the item answers of every rater who rated the
  dimension in at least two waves. The self-rating counts here, although it is kept
  apart in the *level*: what keeps it apart (its bias, the self-other gap) is
  exactly what a within-rater comparison removes.
* **Its standard error comes from the answers.** Within-cell item spread (one
  rater, one wave), plus the extra variance of whole cells around the fitted lines
  beyond that (items of one rater on one day are correlated), see
  :mod:`matcher.monitor.noise`; Student t with Satterthwaite degrees of freedom.
* **Outlook.** ``improving``/``declining`` when the 95 % interval of the change
  excludes zero (a reliable change); ``stable`` when it includes zero and lies
  within +-:data:`STABLE_MARGIN` levels over the measured span; otherwise
  ``unknown``, as also with fewer than two waves, no rater who rated twice, or too
  few answers to estimate the noise. Every outlook carries its reason as a
  :class:`~taskmodels.messages.Message`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from matcher.monitor.aggregation import RaterScore
from matcher.monitor.noise import (
    LEVEL,
    ROUNDING_VARIANCE,
    critical_value,
    satterthwaite,
    within_cell_variance,
)
from taskmodels.messages import Message, msg

Outlook = str  # "improving" | "stable" | "declining" | "unknown"
OUTLOOKS: tuple[str, ...] = ("improving", "stable", "declining", "unknown")

#: A change whose whole 95 % interval lies within +-this many levels (over the
#: measured span) is ``stable``: one level is the unit the matcher compares in.
STABLE_MARGIN = 1.0


@dataclass(frozen=True)
class Trend:
    """The change of one dimension over waves, how sure it is, and the outlook.

    Attributes
    ----------
    outlook:
        ``improving``, ``stable``, ``declining`` or ``unknown``.
    reason:
        Why, as a catalogue message with the change, its interval, waves and answers.
    waves:
        Waves used (rated by a rater who rated at least twice; all rated waves when
        no rater did).
    answers:
        Item answers used.
    raters:
        The raters whose own change was used.
    slope, slope_se:
        Change per wave in levels and its standard error.
    change, change_se, interval:
        Change over the measured span (first to last wave used), its standard
        error, and its two-sided :data:`~matcher.monitor.noise.LEVEL` interval.
    df:
        Degrees of freedom of the t interval (``inf``: normal).
    """

    outlook: Outlook
    reason: Message
    waves: int
    answers: int
    raters: tuple[str, ...] = ()
    slope: float | None = None
    slope_se: float | None = None
    change: float | None = None
    change_se: float | None = None
    interval: tuple[float, float] | None = None
    df: float | None = None

    @property
    def reliable(self) -> bool:
        """True when the change is a reliable change (its interval excludes zero)."""
        return self.outlook in ("improving", "declining")

    def as_report(self) -> dict[str, object]:
        """Plain data for JSON and the web page."""
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 3)
        return {
            "outlook": self.outlook, "reason": self.reason.model_dump(mode="json"),
            "waves": self.waves, "answers": self.answers, "raters": list(self.raters),
            "slope": r(self.slope), "slope_se": r(self.slope_se), "change": r(self.change),
            "change_se": r(self.change_se),
            "interval": None if self.interval is None else [r(self.interval[0]), r(self.interval[1])],
            "df": None if self.df is None or math.isinf(self.df) else round(self.df, 1),
            "reliable": self.reliable,
        }


def _unknown(code: str, waves: int, answers: int, **extra: float | int) -> Trend:
    return Trend("unknown", msg(code, waves=waves, answers=answers, **extra), waves, answers)


def estimate_trend(per_wave: Mapping[int, Sequence[RaterScore]]) -> Trend:
    """The trend of one dimension from its rater scores per wave.

    Parameters
    ----------
    per_wave:
        ``{wave: [RaterScore, ...]}``; each score must carry its ``item_scores``.
    """
    rated = sorted(w for w, scores in per_wave.items() if scores)
    total = sum(len(s.item_scores) for w in rated for s in per_wave[w])
    if len(rated) < 2:
        return _unknown("monitor.outlook.one_wave", len(rated), total)
    # cells[rater] = sorted [(wave, item scores)], for raters who rated in two waves or more.
    by_rater: dict[str, list[tuple[int, tuple[float, ...]]]] = defaultdict(list)
    for w in rated:
        for s in per_wave[w]:
            if s.item_scores:
                by_rater[s.rater].append((w, s.item_scores))
    cells = {r: sorted(c) for r, c in sorted(by_rater.items()) if len({w for w, _ in c}) >= 2}
    if not cells:
        return _unknown("monitor.outlook.no_repeat_rater", len(rated), total)
    used_waves = sorted({w for c in cells.values() for w, _ in c})
    answers = sum(len(items) for c in cells.values() for _, items in c)
    span = used_waves[-1] - used_waves[0]

    # Weighted (by items) least squares with one level per rater: slope = Sxy / Sxx.
    sxx = sxy = k2 = 0.0
    lines = {}
    for rater, c in cells.items():
        k = [len(items) for _, items in c]
        wbar = math.fsum(ki * w for ki, (w, _) in zip(k, c, strict=True)) / sum(k)
        means = [math.fsum(items) / len(items) for _, items in c]
        sxx += math.fsum(ki * (w - wbar) ** 2 for ki, (w, _) in zip(k, c, strict=True))
        sxy += math.fsum(ki * (w - wbar) * m for ki, (w, _), m in zip(k, c, means, strict=True))
        k2 += math.fsum(ki * ki * (w - wbar) ** 2 for ki, (w, _) in zip(k, c, strict=True))
        lines[rater] = (k, wbar, means, math.fsum(ki * m for ki, m in zip(k, means, strict=True)) / sum(k))
    slope = sxy / sxx
    # Cell means around their rater's fitted line (the between-cell part of the noise).
    ssb = 0.0
    n_cells = 0
    for rater, (k, wbar, means, ybar) in lines.items():
        for ki, (w, _), m in zip(k, cells[rater], means, strict=True):
            ssb += ki * (m - ybar - slope * (w - wbar)) ** 2
            n_cells += 1
    df_b = n_cells - len(cells) - 1
    msw, df_w = within_cell_variance(items for c in cells.values() for _, items in c)
    if df_w == 0 and df_b <= 0:
        return _unknown("monitor.outlook.no_error_estimate", len(used_waves), answers)
    if df_w == 0:
        # One item per cell: the cells' own spread is the whole noise.
        var, df = max(ssb / df_b, ROUNDING_VARIANCE) / sxx, float(df_b)
    else:
        k_mean = answers / n_cells
        # Variance of whole cells beyond their items (ANOVA estimate, never negative);
        # unknowable when every rater has exactly the points the fit needs (df_b == 0).
        extra = max(0.0, (ssb / df_b - msw) / k_mean) if df_b > 0 else 0.0
        item_part, cell_part = msw / sxx, extra * k2 / sxx**2
        var = item_part + cell_part
        df = satterthwaite([(item_part, df_w), (cell_part, df_b)])
    se = math.sqrt(var)
    t = critical_value(df)
    change, change_se = slope * span, se * span
    low, high = change - t * change_se, change + t * change_se
    params = {"waves": len(used_waves), "answers": answers, "change": change,
              "low": low, "high": high, "level": LEVEL}
    if low > 0:
        outlook, code = "improving", "monitor.outlook.improving"
    elif high < 0:
        outlook, code = "declining", "monitor.outlook.declining"
    elif -STABLE_MARGIN <= low and high <= STABLE_MARGIN:
        outlook, code = "stable", "monitor.outlook.stable"
    else:
        outlook = "unknown"
        per_wave_answers = {sum(len(items) for c in cells.values() for w2, items in c if w2 == w)
                            for w in used_waves}
        if len(per_wave_answers) == 1:
            code = "monitor.outlook.too_uncertain_each"
            params["each"] = per_wave_answers.pop()
        else:
            code = "monitor.outlook.too_uncertain"
    return Trend(outlook, msg(code, **params), len(used_waves), answers, tuple(cells),
                 slope, se, change, change_se, (low, high), df)
