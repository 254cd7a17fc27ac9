"""Items and raters become scores: the first two steps of the monitor (docs/monitor.md).

1. **Item -> rater score.** Per wave, rater and dimension, the mean of the items the
   rater answered. Unanswered items are *not* filled in; the number answered and the
   number in the item bank are kept and lower the confidence.
2. **Raters -> wave score.** The *others* score is the mean of the non-self raters'
   scores, every rater counting once. The self score is kept apart; it only becomes
   the wave score when no other rater rated the dimension (and then confidence is low).

Means are taken over sorted values with :func:`math.fsum` so that the order in which
raters or items arrive can never change a profile, not even in the last bit.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from taskmodels.messages import Message, msg
from taskmodels.models import Rating

#: Confidence limits of the labels (at least HIGH -> "hoog", at least MEDIUM -> "matig").
CONFIDENCE_HIGH, CONFIDENCE_MEDIUM = 0.6, 0.35
#: Confidence factor of a dimension rated by the person only (no other rater).
SELF_ONLY_FACTOR = 0.25
#: Largest possible standard deviation on a 1-5 scale (half at 1, half at 5).
MAX_SD = 2.0


def mean(values: list[float]) -> float:
    """Order-independent mean (sorted fsum)."""
    return math.fsum(sorted(values)) / len(values)


def _sd(values: list[float]) -> float:
    """Population standard deviation, order-independent."""
    if len(values) < 2:
        return 0.0
    m = mean(values)
    return math.sqrt(math.fsum(sorted((v - m) ** 2 for v in values)) / len(values))


def confidence_label(confidence: float) -> str:
    """'high', 'medium', 'low', or 'none' (no data at all)."""
    if confidence <= 0:
        return "none"
    if confidence >= CONFIDENCE_HIGH:
        return "high"
    if confidence >= CONFIDENCE_MEDIUM:
        return "medium"
    return "low"


@dataclass(frozen=True)
class RaterScore:
    """One rater's score on one dimension at one wave, with its item coverage.

    Attributes
    ----------
    rater:
        ``self``, ``mentor``, ``supervisor`` or ``other``.
    score:
        Mean of the items answered.
    items_answered, items_expected:
        Items answered by this rater, and items the bank holds for the dimension.
    item_scores:
        The per-item scores (sorted), the raw material of the trend's and the gap's
        noise estimates.
    """

    rater: str
    score: float
    items_answered: int
    items_expected: int
    item_scores: tuple[float, ...] = ()


def wave_value(scores: list[RaterScore] | tuple[RaterScore, ...]) -> tuple[float, float | None, float | None]:
    """(combined, self, others) for one wave: others' mean, else the self score."""
    self_s = [s.score for s in scores if s.rater == "self"]
    others = [s.score for s in scores if s.rater != "self"]
    self_score = mean(self_s) if self_s else None
    others_score = mean(others) if others else None
    combined = others_score if others_score is not None else self_score
    assert combined is not None
    return combined, self_score, others_score


def wave_confidence(scores: list[RaterScore] | tuple[RaterScore, ...]) -> float:
    """Confidence of one wave's value from raters, item coverage and agreement.

    ``raters`` = 1 - 0.5**n_others (1 rater .5, 2 raters .75, 3 raters .875), or
    0.25 when only the person rated; ``items`` = mean share of the bank's items
    the counted raters answered; ``agreement`` = 1 - sd/2 of the counted raters'
    scores. The confidence is their product.
    """
    others = [s for s in scores if s.rater != "self"]
    counted = others or [s for s in scores if s.rater == "self"]
    raters = 1 - 0.5 ** len(others) if others else SELF_ONLY_FACTOR
    items = mean([min(1.0, s.items_answered / max(1, s.items_expected)) for s in counted])
    agreement = max(0.0, 1 - _sd([s.score for s in counted]) / MAX_SD)
    return raters * items * agreement


def rater_scores(
    ratings: list[Rating], item_dimension: dict[str, str], expected: dict[str, int],
) -> tuple[dict[str, dict[int, list[RaterScore]]], list[Message]]:
    """Per dimension and wave, one RaterScore per rater; notes on unknown items."""
    answers: dict[tuple[str, int, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    unknown: set[str] = set()
    for r in ratings:
        dim = item_dimension.get(r.item)
        if dim is None:
            unknown.add(r.item)
            continue
        answers[(dim, r.wave, r.rater)][r.item].append(r.score)
    out: dict[str, dict[int, list[RaterScore]]] = defaultdict(lambda: defaultdict(list))
    for (dim, wave, rater), by_item in sorted(answers.items()):
        # An item answered twice by the same rater in one wave counts once (its mean).
        item_means = sorted(mean([float(s) for s in scores]) for scores in by_item.values())
        out[dim][wave].append(
            RaterScore(rater, mean(item_means), len(by_item), expected[dim], tuple(item_means)))
    notes = [msg("monitor.note.unknown_item", item=item) for item in sorted(unknown)]
    return out, notes
