"""Match candidates to new functions: monitor -> fit -> assignment -> re-check -> report.

:func:`run_match` is the one entry point used by the ``match`` and ``demo`` commands
and the web application. The order of goals is FORMATS.md section 2: first the most
people placed, then the highest total fit (see :mod:`matcher.matching.assignment`). Every
answer is re-checked by :mod:`matcher.checks.match`; a disagreement raises
:class:`MatchCheckError` instead of reporting an unchecked proposal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from matcher.checks.match import evaluate, same_objective
from matcher.errors import AnswerRejected
from matcher.matching.assignment import Assignment, assign
from matcher.matching.development import Unmatched, explain_unmatched
from matcher.matching.fit import DEFAULT_POLICY, FitMatrix
from matcher.monitor.profiles import CapacityProfile, build_profiles
from matcher.policy import Policy
from matcher.redesign.functions import NewFunction
from matcher.results import SolveOptions, SolverStats
from taskmodels.models import CandidatePool, Inventory

DEFAULT_OPTIONS = SolveOptions()


class MatchCheckError(AnswerRejected):
    """The independent evaluator rejected the solver's answer (a bug, never bad input)."""


@dataclass
class Match:
    """One proposed placement, with its explanation as data."""

    candidate_id: str
    role_id: str
    effective_hours: float
    score: float
    borderline: list[str]
    explanation: dict[str, object]

    def as_report(self) -> dict[str, object]:
        """The ``matches`` entry of the JSON report (FORMATS.md section 4)."""
        return {"candidate_id": self.candidate_id, "role_id": self.role_id,
                "effective_hours": round(self.effective_hours, 2), "score": self.score,
                "borderline": list(self.borderline), "explanation": self.explanation}


@dataclass
class MatchResult:
    """Matches, unmatched people with reasons, the capacity profiles used, solver stats."""

    matches: list[Match]
    unmatched: list[Unmatched]
    profiles: dict[str, CapacityProfile]
    solver: SolverStats
    assignment: Assignment | None = None
    notes: list[str] = field(default_factory=list)

    def to_report(self) -> dict[str, object]:
        """``{"matches", "unmatched", "solver"}`` as FORMATS.md section 4 defines them.

        The whole report (with the redesign) is :func:`matcher.reports.assemble.match_report`.
        """
        from matcher.reports.assemble import match_entries, match_solver

        matches, unmatched = match_entries(self)
        return {"matches": [m.model_dump(mode="json") for m in matches],
                "unmatched": [u.model_dump(mode="json") for u in unmatched],
                "solver": match_solver(self).model_dump(mode="json")}

    def summary(self, lang: str = "nl", max_unmatched: int | None = None) -> str:
        """A readable summary; Dutch by default, ``lang="en"`` for English.

        ``max_unmatched`` caps the people listed as not placed (the report has them all).
        """
        from matcher.reports.assemble import match_entries, match_solver
        from matcher.reports.summaries import match_lines

        matches, unmatched = match_entries(self)
        return "\n".join(match_lines(matches, unmatched, match_solver(self), lang, max_unmatched))


def run_match(inventory: Inventory, pool: CandidatePool, functions: list[NewFunction],
              policy: Policy = DEFAULT_POLICY, options: SolveOptions = DEFAULT_OPTIONS,
              method: str = "auto") -> MatchResult:
    """Assign the pool's candidates to ``functions`` (usually the redesign's new functions).

    Parameters
    ----------
    inventory:
        The work analysis the functions were formed from (tasks, and ratings for
        candidates the pool carries none for).
    pool:
        Candidates and their monitor ratings.
    functions:
        The new functions; each takes at most one person.
    policy, options:
        Rule values; ``options.allow_borderline`` permits one-level-short matches.
    method:
        ``auto``, ``dense`` (scipy) or ``sparse`` (priced min-cost flow).
    """
    pool = pool.with_ratings_from(inventory.ratings)
    profiles = build_profiles(pool)
    candidates = list(pool.candidates)
    fm = FitMatrix.build(profiles, candidates, functions, inventory.task_by_id(), policy,
                         options.allow_borderline)
    result = assign(fm, method)
    pairs = [(fm.cand.ids[i], fm.func.ids[j]) for i, j in result.pairs]
    check = evaluate(pairs, candidates, profiles, functions, policy, options.allow_borderline,
                     tasks=inventory.task_by_id())
    if not check.ok:
        raise MatchCheckError("; ".join(str(p) for p in check.problems))
    if not same_objective(check.scores, result.pair_scores(fm.cand.ids, fm.func.ids)):
        raise MatchCheckError(
            f"objective differs: solver {result.placed} placed, score {result.total_score:.2f}; "
            f"evaluator {check.placed} placed, score {check.total_score:.2f}")
    by_f = {f.role_id: f for f in functions}
    by_c = {c.candidate_id: c for c in candidates}
    matches = []
    for cid, rid in pairs:
        explanation = fm.explain(cid, rid)
        matches.append(Match(cid, rid, by_f[rid].hours / by_c[cid].productivity,
                             float(cast(float, explanation["score"])),
                             list(cast(list[str], explanation["borderline"])),
                             explanation))
    placed = {cid for cid, _ in pairs}
    unmatched = [explain_unmatched(fm, i, profiles[cid]) for i, cid in enumerate(fm.cand.ids)
                 if cid not in placed]
    notes = [f"{cid}: {n}" for cid, p in profiles.items() for n in p.notes]
    return MatchResult(matches, unmatched, profiles, result.stats, result, notes)
