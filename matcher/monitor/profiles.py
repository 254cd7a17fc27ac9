"""The work-capacity monitor: from item answers to a capacity profile per candidate.

The aggregation is explicit and documented in ``docs/monitor.md``; in short:

1. **Item -> rater score**, **raters -> wave score**: :mod:`matcher.monitor.aggregation`
   (self kept apart, the others' mean, missing items never filled in).
2. **Waves -> current capacity.** The latest wave in which the dimension was rated is
   the current capacity, with its confidence.
3. **Trend and outlook**: :mod:`matcher.monitor.trend` (within-rater change with a
   standard error from the answers; ``improving``/``declining`` only when reliable).
4. **Self-other gap**: :mod:`matcher.monitor.gap` (a gap only when beyond the noise).
5. **Explicit ``c_*`` columns** override the monitor for their dimension
   (source ``explicit``, confidence 1); the monitor figures stay visible beside them.
6. A dimension with neither is ``missing`` (value ``None``), never zero.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Literal

from matcher.caching import ContentCache
from matcher.monitor.aggregation import (
    CONFIDENCE_HIGH,
    CONFIDENCE_MEDIUM,
    MAX_SD,
    SELF_ONLY_FACTOR,
    RaterScore,
    confidence_label,
    rater_scores,
    wave_confidence,
    wave_value,
)
from matcher.monitor.gap import SelfOtherGap, estimate_gap
from matcher.monitor.trend import OUTLOOKS, STABLE_MARGIN, Trend, estimate_trend
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.messages import Message, msg, text
from taskmodels.models import Candidate, CandidatePool, Rating

__all__ = [
    "CONFIDENCE_HIGH", "CONFIDENCE_MEDIUM", "MAX_SD", "OUTLOOKS", "OUTLOOK_NL",
    "SELF_ONLY_FACTOR", "STABLE_MARGIN", "CapacityProfile", "DimensionScore", "RaterScore",
    "SelfOtherGap", "Trend", "build_profile", "build_profiles", "confidence_label",
    "outlook_label", "profile_cache_info",
]

Source = Literal["explicit", "monitor", "missing"]

_NO_DATA = msg("monitor.outlook.no_ratings")


def outlook_label(outlook: str, lang: str = "nl") -> str:
    """The short name of an outlook (``groeiend``, ``stabiel`` …) in ``lang``."""
    return text(f"monitor.outlook_label.{outlook}", lang)


#: Dutch outlook names, kept for older importers; prefer :func:`outlook_label`.
OUTLOOK_NL = {o: outlook_label(o) for o in OUTLOOKS}


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
        rates themself higher than the others do). Also as ``self`` and ``others``.
    wave:
        The wave the monitor value comes from (the latest that rated this dimension).
    per_wave:
        ``{wave: (RaterScore, ...)}`` for every rated wave.
    trend:
        The change over waves with its uncertainty and outlook (``None`` without
        ratings); ``slope``, ``outlook``, ``outlook_reason``, ``change``,
        ``change_se`` and ``change_interval`` read from it.
    gap_estimate:
        The gap with its standard error and whether it is reliable (``None``
        without both a self and another rater at the current wave).
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
    trend: Trend | None = None
    gap_estimate: SelfOtherGap | None = None

    # FORMATS.md §5 names ------------------------------------------------------------
    @property
    def self(this) -> float | None:  # noqa: N805 - "self" is the §5 field name
        """The person's own score at the current wave."""
        return this.self_score

    @property
    def others(self) -> float | None:
        """The others' mean at the current wave."""
        return self.others_score

    @property
    def outlook(self) -> str:
        """``improving``, ``stable``, ``declining`` or ``unknown``."""
        return "unknown" if self.trend is None else self.trend.outlook

    @property
    def outlook_reason(self) -> Message:
        """Why this outlook, as a catalogue message (change, interval, waves, answers)."""
        return _NO_DATA if self.trend is None else self.trend.reason

    @property
    def slope(self) -> float | None:
        """Change per wave in levels (within raters), or ``None``."""
        return None if self.trend is None else self.trend.slope

    @property
    def change(self) -> float | None:
        """Change over the measured waves in levels, or ``None``."""
        return None if self.trend is None else self.trend.change

    @property
    def change_se(self) -> float | None:
        """Standard error of :attr:`change`."""
        return None if self.trend is None else self.trend.change_se

    @property
    def change_interval(self) -> tuple[float, float] | None:
        """95 % interval of :attr:`change`."""
        return None if self.trend is None else self.trend.interval

    @property
    def gap_se(self) -> float | None:
        """Standard error of the self-other gap."""
        return None if self.gap_estimate is None else self.gap_estimate.se

    @property
    def gap_reliable(self) -> bool:
        """True when the gap is larger than the noise in its two sides."""
        return self.gap_estimate is not None and self.gap_estimate.reliable

    def as_report(self) -> dict[str, object]:
        """Plain data for JSON and the web page."""
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 3)
        return {
            "value": r(self.value), "source": self.source, "confidence": round(self.confidence, 3),
            "label": self.label, "self": r(self.self_score), "others": r(self.others_score),
            "gap": r(self.gap), "gap_se": r(self.gap_se), "gap_reliable": self.gap_reliable,
            "gap_detail": None if self.gap_estimate is None else self.gap_estimate.as_report(),
            "wave": self.wave, "slope": r(self.slope), "outlook": self.outlook,
            "outlook_reason": self.outlook_reason.model_dump(mode="json"),
            "trend": None if self.trend is None else self.trend.as_report(),
            "per_wave": {
                str(w): [{"rater": s.rater, "score": round(s.score, 3),
                          "items_answered": s.items_answered, "items_expected": s.items_expected}
                         for s in scores]
                for w, scores in sorted(self.per_wave.items())
            },
        }


@dataclass(frozen=True)
class CapacityProfile:
    """The capacities of one candidate on every catalogue dimension, with their sources.

    ``notes`` are the Dutch texts of ``note_codes`` (missing and unknown items).
    """

    candidate_id: str
    dimensions: dict[str, DimensionScore]
    notes: tuple[str, ...] = ()
    note_codes: tuple[Message, ...] = ()

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
                "note_codes": [m.model_dump(mode="json") for m in self.note_codes],
                "dimensions": {d: s.as_report() for d, s in self.dimensions.items()}}


def _dimension_from_monitor(dim: str, waves: dict[int, list[RaterScore]]) -> DimensionScore:
    per_wave = {w: tuple(sorted(s, key=lambda r: (r.rater, r.item_scores))) for w, s in waves.items()}
    current = max(per_wave)
    value, self_score, others_score = wave_value(per_wave[current])
    conf = wave_confidence(per_wave[current])
    gap = None if self_score is None or others_score is None else self_score - others_score
    return DimensionScore(
        dim, value, "monitor", conf, confidence_label(conf), self_score, others_score, gap,
        current, per_wave, estimate_trend(per_wave),
        estimate_gap(per_wave[current], [per_wave[w] for w in sorted(per_wave)]),
    )


def _compute_profile(
    candidate: Candidate, own: list[Rating], item_dimension: dict[str, str] | None = None,
) -> CapacityProfile:
    """:func:`build_profile` without the cache."""
    if item_dimension is None:
        from taskmodels.itembank import item_bank

        item_dimension = {i.item: i.dimension for i in item_bank().values()}
    expected = {d: 0 for d in DIMENSION_IDS}
    for dim in item_dimension.values():
        expected[dim] += 1
    by_dim, notes = rater_scores(own, item_dimension, expected)
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
                base.trend, base.gap_estimate,
            )
        elif monitor is not None:
            dims[dim] = monitor
        else:
            dims[dim] = DimensionScore(dim, None, "missing", 0.0, "none")
    for dim, waves in sorted(by_dim.items()):
        for wave, scores in sorted(waves.items()):
            for s in sorted(scores, key=lambda r: r.rater):
                if s.items_answered < s.items_expected:
                    notes.append(msg("monitor.note.items_missing", dimension=f"dim.{dim}", wave=wave,
                                     rater=f"rater.{s.rater}", answered=s.items_answered,
                                     expected=s.items_expected))
    return CapacityProfile(candidate.candidate_id, dims, tuple(m.render("nl") for m in notes),
                           tuple(notes))


# --- the profile cache --------------------------------------------------------------
#
# A profile is a pure function of the person's id, explicit capacities and own answers
# (and the item bank, fixed for the life of a process), and building one costs about
# 8 ms for a person with 240 answers, most of it trend, gap and note texts. Pages that
# judge a whole pool (the advisor's submission, the coach's fit list) build the same
# profiles on every view, so they are kept here keyed by *exactly that content*: a
# changed answer or capacity is a different key, so a stale profile can never be
# served, in this process or any other (each process has its own cache, and nothing
# is ever invalidated because nothing can go stale). The cached objects are shared:
# profiles are frozen dataclasses and nobody changes their dicts. The cache is the
# project's one content-keyed LRU (:class:`matcher.caching.ContentCache`), as the web's are.

_CACHE_SIZE = 4096
_PROFILES = ContentCache(_CACHE_SIZE)


def _content_key(candidate: Candidate, own: list[Rating]) -> Hashable:
    """Everything the profile is computed from, as one hashable value (answers in order)."""
    return (candidate.candidate_id, tuple(sorted(candidate.capacities.items())),
            tuple([(r.wave, r.rater, r.item, r.score) for r in own]))


def profile_cache_info() -> dict[str, int]:
    """``hits``, ``misses`` and ``size`` of this process's profile cache (for benchmarks
    and tests)."""
    return _PROFILES.info()


def build_profile(
    candidate: Candidate, ratings: list[Rating], item_dimension: dict[str, str] | None = None,
) -> CapacityProfile:
    """The capacity profile of one candidate from its ``c_*`` columns and ratings.

    With the default item bank the answer is cached by content (the id, the explicit
    capacities and the answers themselves), so an unchanged person costs a dictionary
    look-up and a changed one is computed anew; see the comment above.

    Parameters
    ----------
    candidate:
        The person; explicit ``capacities`` override the monitor per dimension.
    ratings:
        This person's monitor answers (other people's answers are ignored).
    item_dimension:
        Item id -> dimension; defaults to the project's item bank.
    """
    own = [r for r in ratings if r.candidate_id == candidate.candidate_id]
    if item_dimension is not None:  # a caller's own bank: not cached
        return _compute_profile(candidate, own, item_dimension)
    # Made outside the cache's lock: no request waits for another person's profile.
    return _PROFILES.get_or_make(_content_key(candidate, own),
                                 lambda: _compute_profile(candidate, own, None))


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
