"""An independent re-check of a matching, in plain Python, straight from the domain objects.

Nothing here uses :mod:`matcher.matching.fit`: not its arrays, not its weight table,
not its tolerance. Each function's demand profile, level, lifting and work
conditions are rebuilt from the inventory's tasks (a function whose stated profile
differs from its tasks is itself a problem), every rule of FORMATS.md section 2 is
written out again per pair, and the score is recomputed term by term with this
module's own :data:`SCORE_WEIGHTS`. Solver and evaluator must agree (tests assert
it, and a test asserts the two weight tables are equal); a disagreement is a bug in
one of them.

The comparison rule is the documented one: a capacity is rounded half up to a whole
level (``floor(value + 0.5)``); a missing capacity meets a level-1 demand only and is
never borderline.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from matcher.checks.problem import Problem, problem
from matcher.checks.tolerance import TOLERANCE
from matcher.monitor.profiles import CapacityProfile, confidence_label
from matcher.policy import Policy
from matcher.redesign.functions import NewFunction
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import Candidate, Task

#: The score's named weights, written out here independently of the scorer's table
#: (docs/matching.md); ``tests/matcher/checks`` asserts the two agree.
SCORE_WEIGHTS: dict[str, float] = {
    "base": 40.0,
    "margin": 35.0,
    "hours": 10.0,
    "preference": 15.0,
    "boredom": 10.0,
    "borderline": 15.0,
}

#: Two computations of one pair's score (each rounded to 2 decimals) may differ by
#: one hundredth, when their float sums land on either side of a half cent.
SCORE_ROUNDING = 0.01


def _level(value: float | None) -> int:
    return 0 if value is None else math.floor(value + 0.5)


@dataclass(frozen=True)
class Rebuilt:
    """A function's profile as its tasks make it (never as the function states it)."""

    hours: float
    demands: dict[str, int]
    level: int
    lifting_kg: float
    evening: bool
    night: bool
    weekend: bool
    customer_contact: bool
    departments: frozenset[str]
    task_ids: tuple[str, ...]


def rebuild(function: NewFunction, tasks: Mapping[str, Task]) -> Rebuilt | None:
    """The profile of ``function`` from ``tasks``; None when a part names no known task."""
    chosen = [tasks.get(p.task_id) for p in function.parts]
    if not chosen or any(t is None for t in chosen):
        return None
    known = [t for t in chosen if t is not None]
    return Rebuilt(
        hours=sum(p.hours for p in function.parts),
        demands={d: max(t.demands.get(d, 1) for t in known) for d in DIMENSION_IDS},
        level=max(t.level for t in known),
        lifting_kg=max(t.lifting_kg for t in known),
        evening=any(t.time_of_day == "evening" for t in known),
        night=any(t.time_of_day == "night" for t in known),
        weekend=any(t.weekend for t in known),
        customer_contact=any(t.customer_contact for t in known),
        departments=frozenset(t.department for t in known),
        # The task's own id: in a region the caller may key tasks by employer.
        task_ids=tuple(dict.fromkeys(t.task_id for t in known)),
    )


def profile_differs(function: NewFunction, rebuilt: Rebuilt) -> bool:
    """True when the function states another profile or conditions than its tasks give."""
    stated = (dict(function.demands), function.level, function.lifting_kg, function.evening,
              function.night, function.weekend, function.customer_contact)
    derived = (rebuilt.demands, rebuilt.level, rebuilt.lifting_kg, rebuilt.evening,
               rebuilt.night, rebuilt.weekend, rebuilt.customer_contact)
    return stated != derived


def pair_problems(candidate: Candidate, profile: CapacityProfile, function: Rebuilt,
                  policy: Policy, allow_borderline: bool,
                  subject: str = "") -> tuple[list[Problem], list[str]]:
    """(broken rules, borderline dimensions) of one candidate on one rebuilt function."""
    where = subject or candidate.candidate_id
    problems: list[Problem] = []
    border: list[str] = []
    if not profile.has_source:
        problems.append(problem("check.match.no_capacity", where))
    for dim in DIMENSION_IDS:
        have, need = _level(profile.value(dim)), function.demands[dim]
        if have == 0:
            if need > 1:
                problems.append(problem("check.match.missing_capacity", where,
                                        dimension=f"dim.{dim}", need=need))
        elif have < need:
            if have == need - 1:
                border.append(dim)
                if not allow_borderline:
                    problems.append(problem("check.match.borderline", where,
                                            dimension=f"dim.{dim}", have=have, need=need))
            else:
                problems.append(problem("check.match.capacity", where,
                                        dimension=f"dim.{dim}", have=have, need=need))
    allowed = max(policy.max_level_without_own_level, candidate.level)
    if function.level > allowed:
        problems.append(problem("check.match.level", where, level=function.level,
                                allowed=allowed))
    effective = function.hours / candidate.productivity
    if not candidate.min_hours - TOLERANCE <= effective <= candidate.max_hours + TOLERANCE:
        problems.append(problem("check.match.hours", where, hours=effective,
                                low=candidate.min_hours, high=candidate.max_hours))
    if function.lifting_kg > candidate.max_lifting_kg + TOLERANCE:
        problems.append(problem("check.match.lifting", where, kg=function.lifting_kg,
                                limit=candidate.max_lifting_kg))
    for name, needed, ok in (
        ("evening", function.evening, candidate.evening_ok),
        ("night", function.night, candidate.night_ok),
        ("weekend", function.weekend, candidate.weekend_ok),
        ("customer_contact", function.customer_contact, candidate.customer_contact_ok),
    ):
        if needed and not ok:
            problems.append(problem(f"check.match.{name}", where))
    for task_id in function.task_ids:
        if task_id in candidate.avoids:
            problems.append(problem("check.match.avoids", where, task=task_id))
    return problems, border


def pair_score(candidate: Candidate, profile: CapacityProfile, function: Rebuilt) -> float:
    """The 0-100 score, recomputed term by term (docs/matching.md) with :data:`SCORE_WEIGHTS`."""
    w = SCORE_WEIGHTS
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
    liked = bool(function.departments & set(candidate.prefers))
    score = (w["base"] + w["margin"] * margin + w["hours"] * use
             + w["preference"] * liked - w["boredom"] * boredom
             - w["borderline"] * borderline)
    return round(min(100.0, max(0.0, score)), 2)


def low_confidence_reliance(profile: CapacityProfile, function: Rebuilt) -> list[str]:
    """Dimensions the pair relies on (demand above 1) that were measured with low confidence."""
    return [d for d in DIMENSION_IDS
            if function.demands[d] > 1 and profile.value(d) is not None
            and confidence_label(profile.dimensions[d].confidence) == "low"]


def same_objective(scores_a: Mapping[tuple[str, str], float],
                   scores_b: Mapping[tuple[str, str], float]) -> bool:
    """Whether two computations of a matching agree, pair by pair.

    The same pairs must be placed, and each pair's score may differ by at most one
    hundredth (:data:`SCORE_ROUNDING`: each side rounds its own float sum to 2
    decimals). A 10-point error on one pair among a thousand fails.
    """
    if set(scores_a) != set(scores_b):
        return False
    return all(abs(scores_a[k] - scores_b[k]) <= SCORE_ROUNDING + 1e-9 for k in scores_a)


@dataclass
class Evaluation:
    """Outcome of the re-check: problems (empty when valid) and the recomputed objective."""

    problems: list[Problem] = field(default_factory=list)
    placed: int = 0
    total_score: float = 0.0
    scores: dict[tuple[str, str], float] = field(default_factory=dict)
    effective_hours: dict[tuple[str, str], float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every match passes every rule and nobody is placed twice."""
        return not self.problems


def evaluate(pairs: list[tuple[str, str]], candidates: list[Candidate],
             profiles: dict[str, CapacityProfile], functions: list[NewFunction],
             policy: Policy | None = None, allow_borderline: bool = False, *,
             tasks: Mapping[str, Task]) -> Evaluation:
    """Re-check matches ``(candidate_id, role_id)`` and recompute the objective.

    Parameters
    ----------
    pairs:
        The matches to check.
    candidates, profiles:
        The people and their capacity profiles.
    functions:
        The new functions the pairs name; only their parts are trusted.
    policy, allow_borderline:
        Rule values.
    tasks:
        The inventory's tasks by the ids the functions' parts use; every function's
        profile is rebuilt from these.
    """
    policy = policy if policy is not None else Policy()
    by_c = {c.candidate_id: c for c in candidates}
    by_f = {f.role_id: f for f in functions}
    ev = Evaluation()
    seen_c: set[str] = set()
    seen_f: set[str] = set()
    rebuilt: dict[str, Rebuilt | None] = {}
    for cid, rid in pairs:
        where = f"{cid} -> {rid}"
        if cid not in by_c or rid not in by_f:
            ev.problems.append(problem("check.match.unknown_pair", where))
            continue
        if cid in seen_c:
            ev.problems.append(problem("check.match.placed_twice", cid))
        if rid in seen_f:
            ev.problems.append(problem("check.match.filled_twice", rid))
        seen_c.add(cid)
        seen_f.add(rid)
        if rid not in rebuilt:
            rebuilt[rid] = rebuild(by_f[rid], tasks)
            if rebuilt[rid] is None:
                ev.problems.append(problem("check.match.unknown_task", rid))
            elif profile_differs(by_f[rid], rebuilt[rid]):  # type: ignore[arg-type]
                ev.problems.append(problem("check.match.profile", rid))
        fn = rebuilt[rid]
        if fn is None:
            continue
        found, _ = pair_problems(by_c[cid], profiles[cid], fn, policy, allow_borderline, where)
        ev.problems.extend(found)
        ev.scores[(cid, rid)] = pair_score(by_c[cid], profiles[cid], fn)
        ev.effective_hours[(cid, rid)] = fn.hours / by_c[cid].productivity
    ev.placed = len(ev.scores)
    ev.total_score = round(sum(ev.scores.values()), 2)
    return ev
