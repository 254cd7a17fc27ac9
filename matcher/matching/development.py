"""Why a person was not placed, and which capacity gains would open functions.

Material for the job coach's development plan: per unmatched candidate

* ``reasons``: sentences (the nearest function and what blocks it, how many other
  functions fall away and why, or that fitting functions went to others), each a
  catalogue message (codes ``develop.…``) kept inside a Dutch
  :class:`~matcher.matching.explanation.Sentence`;
* ``nearest``: the function with the fewest blockers that development cannot lift
  (personal limits and wishes, hours, level), then the smallest total capacity
  shortfall in levels, then the function id; with its blockers as data;
* ``development``: the smallest capacity gains that would open functions
  ("één niveau meer op werktempo opent 3 functies"), with the monitor's outlook
  for those dimensions. Only functions blocked by capacities alone count: no gain
  in capacity opens a night shift for somebody who cannot work nights.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from matcher.matching.encoding import CONDITIONS
from matcher.matching.explanation import Sentence, pair_blockers, say
from matcher.matching.matrix import FitMatrix
from matcher.matching.rules import TOLERANCE
from matcher.monitor.profiles import CapacityProfile, outlook_label
from taskmodels.catalogue import BY_ID, DIMENSION_IDS

NO_DATA_REASON = say("fit.no_capacity_data")
#: Largest total gain (in levels, over all dimensions) a development step may ask.
MAX_GAIN = 2
#: What blocks other functions, as the label code the reasons name it by.
RULE_CODE = {"level": "develop.rule.level", "hours": "develop.rule.hours",
             "lifting": "develop.rule.lifting", "avoids": "develop.rule.avoids",
             **{c: f"condition.{c}" for c in CONDITIONS},
             "dimension": "develop.rule.dimension", "borderline": "develop.rule.borderline",
             "missing_capacity": "develop.rule.missing_capacity"}


@dataclass
class Unmatched:
    """An unplaced candidate with reasons, the nearest function, and development steps."""

    candidate_id: str
    reasons: list[Sentence]
    nearest: dict[str, object] | None = None
    development: list[dict[str, object]] = field(default_factory=list)

    def as_report(self) -> dict[str, object]:
        """The ``unmatched`` entry of the JSON report."""
        return {"candidate_id": self.candidate_id, "reasons": self.reasons,
                "nearest": self.nearest, "development": self.development}


def _other_blocks(fm: FitMatrix, i: int) -> dict[str, np.ndarray]:
    """Per non-capacity rule, a bool over functions: this rule blocks candidate ``i``."""
    c, f = fm.cand, fm.func
    allowed = max(int(c.own_level[i]), fm.policy.max_level_without_own_level)
    blocks = {
        "level": f.level > allowed,
        "hours": (f.hours < c.min_hours[i] * c.productivity[i] - TOLERANCE)
        | (f.hours > c.max_hours[i] * c.productivity[i] + TOLERANCE),
        "lifting": f.lifting > c.max_lifting[i] + TOLERANCE,
    }
    for k, cond in enumerate(CONDITIONS):
        blocks[cond] = (f.conditions[:, k] > 0) & bool(c.not_ok[i, k])
    avoided = np.zeros(len(f.ids), bool)
    if c.avoids[i].nnz:
        avoided[(c.avoids[i] @ f.tasks).tocoo().col] = True
    blocks["avoids"] = avoided
    return blocks


def _gain_text(gain: dict[str, int], opened: int) -> Sentence:
    """``één niveau meer op werktempo opent 3 functies`` as a catalogue sentence."""
    many = "one" if opened == 1 else "many"
    dims = [BY_ID[d].capacity_code for d in gain]
    levels = list(gain.values())
    # MAX_GAIN = 2 levels in total leaves three shapes: +1 or +2 on one dimension,
    # or +1 on each of two.
    if levels == [1]:
        return say(f"develop.step.one_level.{many}", dimension=dims[0], count=opened)
    if levels == [2]:
        return say(f"develop.step.two_levels.{many}", dimension=dims[0], count=opened)
    if levels == [1, 1]:
        return say(f"develop.step.two_dimensions.{many}", first=dims[0], second=dims[1],
                   count=opened)
    raise ValueError(f"a development step of {gain} is beyond MAX_GAIN={MAX_GAIN}")


def explain_unmatched(fm: FitMatrix, i: int, profile: CapacityProfile) -> Unmatched:
    """Reasons, nearest function and development steps for candidate row ``i``."""
    cid = fm.cand.ids[i]
    n_f = len(fm.func.ids)
    if not fm.cand.has_source[i]:
        return Unmatched(cid, [NO_DATA_REASON])
    if n_f == 0:
        return Unmatched(cid, [say("develop.no_functions")])
    lvl = fm.cand.level[i].astype(int)
    # Capacity needed per function and dimension, in levels (0 when met). A missing
    # capacity has no level to grow from: it first needs measuring.
    reach = np.where(lvl == 0, 1, lvl)
    if fm.allow_borderline:
        reach = np.where(lvl == 0, 1, lvl + 1)
    short = np.maximum(fm.func.demand.astype(int) - reach[None, :], 0)
    missing_needed = (lvl[None, :] == 0) & (fm.func.demand > 1)
    other = _other_blocks(fm, i)
    n_other: np.ndarray = np.sum([b.astype(int) for b in other.values()], axis=0)
    n_block = n_other + (short > 0).sum(axis=1)
    feasible = n_block == 0
    reasons: list[Sentence] = []
    if feasible.any():
        fits = [fm.func.ids[j] for j in np.nonzero(feasible)[0]]
        reasons.append(say("develop.taken", count=len(fits), roles=fits[:5]))
    # Nearest: fewest blockers that no development can lift (limits, wishes, hours),
    # then the smallest capacity shortfall in levels.
    order = sorted(range(n_f), key=lambda j: (int(n_other[j]), int(short[j].sum()), fm.func.ids[j]))
    nearest_j: int | None = next((j for j in order if not feasible[j]), None)
    nearest: dict[str, object] | None = None
    if nearest_j is not None:
        blockers = pair_blockers(fm, i, nearest_j)
        nearest = {"role_id": fm.func.ids[nearest_j], "blockers": blockers}
        reasons.append(say("develop.nearest", role_id=fm.func.ids[nearest_j],
                           # As plain {code, params}: a report must equal itself after JSON.
                           blockers=[b["reason"].message.model_dump(mode="json")  # type: ignore[attr-defined]
                                     for b in blockers]))
        counts: Counter[str] = Counter()
        for j in range(n_f):
            if j == nearest_j or feasible[j]:
                continue
            for rule, blocked in other.items():
                if blocked[j]:
                    counts[rule] += 1
            if short[j].any():
                counts["dimension"] += 1
        for rule, n in counts.most_common(3):
            reasons.append(say("develop.others_blocked." + ("one" if n == 1 else "many"),
                               count=n, rule=RULE_CODE.get(rule, rule)))
    # Development: functions that only capacities block, grouped by the gain needed.
    openable: dict[tuple[tuple[str, int], ...], list[str]] = defaultdict(list)
    for col in np.nonzero((n_other == 0) & (short.sum(axis=1) > 0) & ~missing_needed.any(axis=1))[0]:
        need = short[col]
        if need.sum() <= MAX_GAIN:
            gain = tuple((DIMENSION_IDS[d], int(need[d])) for d in np.nonzero(need)[0])
            openable[gain].append(fm.func.ids[col])
    development = []
    for gain, roles in sorted(openable.items(), key=lambda kv: (sum(n for _, n in kv[0]), -len(kv[1]))):
        g = dict(gain)
        development.append({
            "gain": g, "opens": roles, "count": len(roles), "text": _gain_text(g, len(roles)),
            "outlook": {d: outlook_label(profile.dimensions[d].outlook) for d in g},
            "outlook_codes": {d: profile.dimensions[d].outlook for d in g},
            "outlook_reasons": {d: profile.dimensions[d].outlook_reason.model_dump(mode="json")
                                for d in g},
            # Development under way: only a reliable improvement (docs/monitor.md);
            # an ``unknown`` outlook never counts, however the raw scores moved.
            "developing": sorted(d for d in g if profile.dimensions[d].outlook == "improving"),
        })
    measure = sorted({DIMENSION_IDS[d] for d in np.nonzero(missing_needed.any(axis=0))[0]})
    if measure:
        development.append({"gain": {}, "opens": [], "count": 0, "outlook": {},
                            "text": say("develop.measure",
                                        dimensions=[BY_ID[d].capacity_code for d in measure])})
    return Unmatched(cid, reasons, nearest, development[:6])
