"""The work-capacity monitor: from item answers to a capacity profile per candidate.

The aggregation is explicit and documented in ``docs/monitor.md``; in short:

1. **Item -> rater score.** Per wave, rater and dimension, the mean of the items the
   rater answered for that dimension. Unanswered items are *not* filled in: the
   number answered and the number in the item bank are kept (``items_answered``,
   ``items_expected``) and lower the confidence.
2. **Raters -> wave score.** The *others* score is the mean of the non-self raters'
   scores, every rater counting once. The self score is kept apart; it only becomes
   the wave score when no other rater rated the dimension (and then confidence is low).
3. **Waves -> current capacity.** The latest wave in which the dimension was rated is
   the current capacity. The least-squares slope of the wave scores over the wave
   numbers is the trend; it becomes the development outlook.
4. **Explicit ``c_*`` columns** override the monitor for their dimension
   (source ``explicit``, confidence 1); the monitor figures stay visible beside them.
5. A dimension with neither is ``missing`` (value ``None``), never zero.

Means are taken over sorted values with :func:`math.fsum` so that the order in
which raters or items arrive can never change a profile, not even in the last bit.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from taskmodels.catalogue import DIMENSION_IDS, RATER_NL
from taskmodels.models import Candidate, CandidatePool, Rating

Source = Literal["explicit", "monitor", "missing"]

#: Trend slopes (levels per wave) at or beyond which the outlook is not "stable".
TREND_THRESHOLD = 0.25
#: Confidence limits of the labels (at least HIGH -> "hoog", at least MEDIUM -> "matig").
CONFIDENCE_HIGH, CONFIDENCE_MEDIUM = 0.6, 0.35
#: Confidence factor of a dimension rated by the person only (no other rater).
SELF_ONLY_FACTOR = 0.25
#: Largest possible standard deviation on a 1-5 scale (half at 1, half at 5).
MAX_SD = 2.0

OUTLOOK_NL = {"improving": "groeiend", "stable": "stabiel", "declining": "dalend",
              "unknown": "onbekend (één meting)"}
LABEL_NL = {"high": "hoog", "medium": "matig", "low": "laag", "none": "geen"}


def _mean(values: list[float]) -> float:
    """Order-independent mean (sorted fsum)."""
    return math.fsum(sorted(values)) / len(values)


def _sd(values: list[float]) -> float:
    """Population standard deviation, order-independent."""
    if len(values) < 2:
        return 0.0
    m = _mean(values)
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
    """One rater's score on one dimension at one wave, with its item coverage."""

    rater: str
    score: float
    items_answered: int
    items_expected: int


@dataclass(frozen=True)
class DimensionScore:
    """Everything the monitor knows about one person on one dimension.

    Attributes
    ----------
    value:
        The capacity used for matching (1-5 float) or ``None`` when missing.
    source:
        ``explicit`` (a ``c_*`` column), ``monitor`` (ratings) or ``missing``.
    confidence, label:
        0-1 and its label (``high``/``medium``/``low``/``none``).
    self_score, others_score, gap:
        At the current wave; ``gap`` is self minus others (positive: the person
        rates themself higher than the others do).
    wave:
        The wave the monitor value comes from (the latest that rated this dimension).
    per_wave:
        ``{wave: [RaterScore, ...]}`` for every rated wave.
    slope, outlook:
        Least-squares trend in levels per wave; ``improving``/``stable``/
        ``declining``/``unknown`` (fewer than two waves).
    """

    dimension: str
    value: float | None
    source: Source
    confidence: float
    label: str
    self_score: float | None = None
    others_score: float | None = None
    gap: float | None = None
    wave: int | None = None
    per_wave: dict[int, tuple[RaterScore, ...]] = field(default_factory=dict)
    slope: float | None = None
    outlook: str = "unknown"

    def as_report(self) -> dict[str, object]:
        """Plain data for JSON and the web page."""
        return {
            "value": None if self.value is None else round(self.value, 3),
            "source": self.source, "confidence": round(self.confidence, 3),
            "label": self.label,
            "self": None if self.self_score is None else round(self.self_score, 3),
            "others": None if self.others_score is None else round(self.others_score, 3),
            "gap": None if self.gap is None else round(self.gap, 3), "wave": self.wave,
            "slope": None if self.slope is None else round(self.slope, 3),
            "outlook": self.outlook,
            "per_wave": {
                str(w): [{"rater": r.rater, "score": round(r.score, 3),
                          "items_answered": r.items_answered, "items_expected": r.items_expected}
                         for r in scores]
                for w, scores in sorted(self.per_wave.items())
            },
        }


@dataclass(frozen=True)
class CapacityProfile:
    """The capacities of one candidate on every catalogue dimension, with their sources."""

    candidate_id: str
    dimensions: dict[str, DimensionScore]
    notes: tuple[str, ...] = ()

    def value(self, dimension: str) -> float | None:
        """The capacity used for matching, or ``None`` when missing."""
        return self.dimensions[dimension].value

    @property
    def has_source(self) -> bool:
        """True when at least one dimension has an explicit or monitor value."""
        return any(d.source != "missing" for d in self.dimensions.values())

    @property
    def missing(self) -> list[str]:
        """Dimensions without any capacity source."""
        return [d for d, s in self.dimensions.items() if s.source == "missing"]

    def as_report(self) -> dict[str, object]:
        """Plain data for JSON and the web page."""
        return {"candidate_id": self.candidate_id, "notes": list(self.notes),
                "dimensions": {d: s.as_report() for d, s in self.dimensions.items()}}


def _wave_value(scores: list[RaterScore]) -> tuple[float, float | None, float | None]:
    """(combined, self, others) for one wave: others' mean, else the self score."""
    self_s = [s.score for s in scores if s.rater == "self"]
    others = [s.score for s in scores if s.rater != "self"]
    self_score = _mean(self_s) if self_s else None
    others_score = _mean(others) if others else None
    combined = others_score if others_score is not None else self_score
    assert combined is not None
    return combined, self_score, others_score


def _confidence(scores: list[RaterScore]) -> float:
    """Confidence of one wave's value from raters, item coverage and agreement.

    ``raters`` = 1 - 0.5**n_others (1 rater .5, 2 raters .75, 3 raters .875), or
    0.25 when only the person rated; ``items`` = mean share of the bank's items
    the counted raters answered; ``agreement`` = 1 - sd/2 of the counted raters'
    scores. The confidence is their product.
    """
    others = [s for s in scores if s.rater != "self"]
    counted = others or [s for s in scores if s.rater == "self"]
    raters = 1 - 0.5 ** len(others) if others else SELF_ONLY_FACTOR
    items = _mean([min(1.0, s.items_answered / max(1, s.items_expected)) for s in counted])
    agreement = max(0.0, 1 - _sd([s.score for s in counted]) / MAX_SD)
    return raters * items * agreement


def _slope(points: list[tuple[int, float]]) -> float | None:
    if len(points) < 2:
        return None
    xs = [float(w) for w, _ in points]
    ys = [v for _, v in points]
    mx, my = _mean(xs), _mean(ys)
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    return math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def outlook_of(slope: float | None) -> str:
    """Development outlook from a trend slope (levels per wave)."""
    if slope is None:
        return "unknown"
    if slope >= TREND_THRESHOLD:
        return "improving"
    if slope <= -TREND_THRESHOLD:
        return "declining"
    return "stable"


def _rater_scores(
    ratings: list[Rating], item_dimension: dict[str, str], expected: dict[str, int],
) -> tuple[dict[str, dict[int, list[RaterScore]]], list[str]]:
    """Per dimension and wave, one RaterScore per rater; notes on unknown items."""
    answers: dict[tuple[str, int, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    notes = []
    for r in ratings:
        dim = item_dimension.get(r.item)
        if dim is None:
            notes.append(f"item {r.item} staat niet in de itembank; antwoord niet meegeteld")
            continue
        answers[(dim, r.wave, r.rater)][r.item].append(r.score)
    out: dict[str, dict[int, list[RaterScore]]] = defaultdict(lambda: defaultdict(list))
    for (dim, wave, rater), by_item in sorted(answers.items()):
        # An item answered twice by the same rater in one wave counts once (its mean).
        item_means = [_mean([float(s) for s in scores]) for scores in by_item.values()]
        out[dim][wave].append(RaterScore(rater, _mean(item_means), len(by_item), expected[dim]))
    return out, sorted(set(notes))


def _dimension_from_monitor(dim: str, waves: dict[int, list[RaterScore]]) -> DimensionScore:
    trend = []
    for wave in sorted(waves):
        trend.append((wave, _wave_value(waves[wave])[0]))
    current = max(waves)
    value, self_score, others_score = _wave_value(waves[current])
    conf = _confidence(waves[current])
    gap = None if self_score is None or others_score is None else self_score - others_score
    slope = _slope(trend)
    return DimensionScore(
        dim, value, "monitor", conf, confidence_label(conf), self_score, others_score, gap,
        current, {w: tuple(sorted(s, key=lambda r: r.rater)) for w, s in waves.items()},
        slope, outlook_of(slope),
    )


def build_profile(
    candidate: Candidate, ratings: list[Rating], item_dimension: dict[str, str] | None = None,
) -> CapacityProfile:
    """The capacity profile of one candidate from its ``c_*`` columns and ratings.

    Parameters
    ----------
    candidate:
        The person; explicit ``capacities`` override the monitor per dimension.
    ratings:
        This person's monitor answers (other people's answers are ignored).
    item_dimension:
        Item id -> dimension; defaults to the project's item bank.
    """
    if item_dimension is None:
        from taskmodels.itembank import item_bank

        item_dimension = {i.item: i.dimension for i in item_bank().values()}
    expected = {d: 0 for d in DIMENSION_IDS}
    for dim in item_dimension.values():
        expected[dim] += 1
    own = [r for r in ratings if r.candidate_id == candidate.candidate_id]
    by_dim, notes = _rater_scores(own, item_dimension, expected)
    dims: dict[str, DimensionScore] = {}
    for dim in DIMENSION_IDS:
        monitor = _dimension_from_monitor(dim, by_dim[dim]) if by_dim.get(dim) else None
        if dim in candidate.capacities:
            base = monitor or DimensionScore(dim, None, "missing", 0.0, "none")
            # Explicit values are the job coach's considered judgement: confidence 1,
            # but the monitor figures stay visible beside them.
            dims[dim] = DimensionScore(
                dim, float(candidate.capacities[dim]), "explicit", 1.0, "high",
                base.self_score, base.others_score, base.gap, base.wave, base.per_wave,
                base.slope, base.outlook,
            )
        elif monitor is not None:
            dims[dim] = monitor
        else:
            dims[dim] = DimensionScore(dim, None, "missing", 0.0, "none")
    for dim, waves in sorted(by_dim.items()):
        for wave, scores in sorted(waves.items()):
            for s in scores:
                if s.items_answered < s.items_expected:
                    notes.append(
                        f"{dim}, meting {wave}, {RATER_NL.get(s.rater, s.rater)}: "
                        f"{s.items_answered} van {s.items_expected} items beantwoord"
                    )
    return CapacityProfile(candidate.candidate_id, dims, tuple(notes))


def build_profiles(
    pool: CandidatePool, item_dimension: dict[str, str] | None = None,
) -> dict[str, CapacityProfile]:
    """Capacity profiles of every candidate in ``pool``, keyed by candidate id."""
    by_candidate: dict[str, list[Rating]] = defaultdict(list)
    for r in pool.ratings:
        by_candidate[r.candidate_id].append(r)
    return {
        c.candidate_id: build_profile(c, by_candidate.get(c.candidate_id, []), item_dimension)
        for c in pool.candidates
    }
