"""An independent re-check of a matching, in plain Python, straight from the domain objects.

Nothing here uses :mod:`matcher.matching.fit`'s arrays: every rule of FORMATS.md section 2 is
written out again per pair, and the score is recomputed term by term. Solver and
evaluator must agree (tests assert it); a disagreement is a bug in one of them.

The comparison rule is the documented one: a capacity is rounded half up to a whole
level (``floor(value + 0.5)``); a missing capacity meets a level-1 demand only and is
never borderline.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from matcher.matching.fit import DEFAULT_POLICY, WEIGHTS
from matcher.monitor.profiles import CapacityProfile, confidence_label
from matcher.policy import Policy
from matcher.redesign.functions import NewFunction
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import Candidate

_EPS = 1e-9


def _level(value: float | None) -> int:
    return 0 if value is None else math.floor(value + 0.5)


def pair_problems(candidate: Candidate, profile: CapacityProfile, function: NewFunction,
                  policy: Policy, allow_borderline: bool) -> tuple[list[str], list[str]]:
    """(broken rules, borderline dimensions) of one candidate on one function."""
    problems: list[str] = []
    border: list[str] = []
    if not profile.has_source:
        problems.append("no capacity source")
    for dim in DIMENSION_IDS:
        have, need = _level(profile.value(dim)), function.demands[dim]
        if have == 0:
            if need > 1:
                problems.append(f"{dim}: missing capacity, demand {need}")
        elif have < need:
            if have == need - 1:
                border.append(dim)
                if not allow_borderline:
                    problems.append(f"{dim}: borderline {have} < {need} not allowed")
            else:
                problems.append(f"{dim}: {have} < {need}")
    if function.level > max(policy.max_level_without_own_level, candidate.level):
        problems.append(f"level {function.level} above "
                        f"{max(policy.max_level_without_own_level, candidate.level)}")
    effective = function.hours / candidate.productivity
    if not candidate.min_hours - _EPS <= effective <= candidate.max_hours + _EPS:
        problems.append(f"effective hours {effective:.2f} outside "
                        f"{candidate.min_hours}-{candidate.max_hours}")
    if function.lifting_kg > candidate.max_lifting_kg:
        problems.append(f"lifting {function.lifting_kg} > {candidate.max_lifting_kg}")
    if function.evening and not candidate.evening_ok:
        problems.append("evening work not accepted")
    if function.night and not candidate.night_ok:
        problems.append("night work not accepted")
    if function.weekend and not candidate.weekend_ok:
        problems.append("weekend work not accepted")
    if function.customer_contact and not candidate.customer_contact_ok:
        problems.append("customer contact not accepted")
    for task_id in function.task_ids:
        if task_id in candidate.avoids:
            problems.append(f"avoided task {task_id}")
    return problems, border


def pair_score(candidate: Candidate, profile: CapacityProfile, function: NewFunction) -> float:
    """The 0-100 score, recomputed term by term (see :mod:`matcher.matching.fit`)."""
    weights = {d: 0.5 + 0.5 * profile.dimensions[d].confidence for d in DIMENSION_IDS}
    total_w = sum(weights.values())
    margin = boredom = 0.0
    borderline = 0
    for dim in DIMENSION_IDS:
        have, need = _level(profile.value(dim)), function.demands[dim]
        margin += weights[dim] / total_w * min(2, max(0, have - need)) / 2
        boredom += max(0, have - need - 2) / (2 * len(DIMENSION_IDS))
        borderline += int(have >= 1 and have == need - 1)
    use = min(1.0, function.hours / candidate.productivity / candidate.max_hours)
    liked = bool(set(function.department.split("; ")) & set(candidate.prefers))
    score = (WEIGHTS["base"] + WEIGHTS["margin"] * margin + WEIGHTS["hours"] * use
             + WEIGHTS["preference"] * liked - WEIGHTS["boredom"] * boredom
             - WEIGHTS["borderline"] * borderline)
    return round(min(100.0, max(0.0, score)), 2)


def low_confidence_reliance(profile: CapacityProfile, function: NewFunction) -> list[str]:
    """Dimensions the pair relies on (demand above 1) that were measured with low confidence."""
    return [d for d in DIMENSION_IDS
            if function.demands[d] > 1 and profile.value(d) is not None
            and confidence_label(profile.dimensions[d].confidence) == "low"]


def same_objective(placed_a: int, score_a: float, placed_b: int, score_b: float) -> bool:
    """Whether two computations of a matching's objective agree.

    The people placed must be equal. Each pair's score is rounded to 2 decimals in
    both, but their float sums may differ by one unit in the last place, which
    can land on either side of a half cent (69.175 becomes 69.18 or 69.17): so
    totals may differ by at most 0.01 per placed pair, and no more.
    """
    return placed_a == placed_b and abs(score_a - score_b) <= 0.01 * max(1, placed_a) + 1e-6


@dataclass
class Evaluation:
    """Outcome of the re-check: problems (empty when valid) and the recomputed objective."""

    problems: list[str] = field(default_factory=list)
    placed: int = 0
    total_score: float = 0.0
    scores: dict[tuple[str, str], float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every match passes every rule and nobody is placed twice."""
        return not self.problems


def evaluate(pairs: list[tuple[str, str]], candidates: list[Candidate],
             profiles: dict[str, CapacityProfile], functions: list[NewFunction],
             policy: Policy = DEFAULT_POLICY, allow_borderline: bool = False) -> Evaluation:
    """Re-check matches ``(candidate_id, role_id)`` and recompute the objective."""
    by_c = {c.candidate_id: c for c in candidates}
    by_f = {f.role_id: f for f in functions}
    ev = Evaluation()
    seen_c: set[str] = set()
    seen_f: set[str] = set()
    for cid, rid in pairs:
        if cid not in by_c or rid not in by_f:
            ev.problems.append(f"{cid} -> {rid}: unknown candidate or function")
            continue
        if cid in seen_c:
            ev.problems.append(f"{cid} placed twice")
        if rid in seen_f:
            ev.problems.append(f"{rid} filled twice")
        seen_c.add(cid)
        seen_f.add(rid)
        problems, _ = pair_problems(by_c[cid], profiles[cid], by_f[rid], policy, allow_borderline)
        ev.problems.extend(f"{cid} -> {rid}: {p}" for p in problems)
        ev.scores[(cid, rid)] = pair_score(by_c[cid], profiles[cid], by_f[rid])
    ev.placed = len(ev.scores)
    ev.total_score = round(sum(ev.scores.values()), 2)
    return ev
