"""Match candidates to new functions: monitor -> fit -> assignment -> re-check -> report.

:func:`run_match` is the one entry point used by the ``match`` and ``demo`` commands
and the web application. The order of goals is FORMATS.md section 2: first the most
people placed, then the highest total fit (see :mod:`matcher.matching.assignment`). Every
answer is re-checked by :mod:`matcher.checks.match`; a disagreement raises
:class:`MatchCheckError` instead of reporting an unchecked proposal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matcher.checks.match import evaluate, same_objective
from matcher.matching.assignment import Assignment, assign
from matcher.matching.development import Unmatched, explain_unmatched
from matcher.matching.fit import DEFAULT_POLICY, FitMatrix, dimension_label
from matcher.monitor.profiles import CapacityProfile, build_profiles
from matcher.numbers import format_number
from matcher.policy import Policy
from matcher.redesign.functions import NewFunction
from matcher.results import SolveOptions, SolverStats
from taskmodels.models import CandidatePool, Inventory

DEFAULT_OPTIONS = SolveOptions()


class MatchCheckError(RuntimeError):
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
        """``{"matches", "unmatched", "solver"}`` as FORMATS.md section 4 defines them."""
        solver = self.assignment.as_report() if self.assignment else self.solver.as_report()
        return {"matches": [m.as_report() for m in self.matches],
                "unmatched": [u.as_report() for u in self.unmatched],
                "solver": solver}

    def summary(self, lang: str = "nl", max_unmatched: int | None = None) -> str:
        """A readable summary; Dutch by default, ``lang="en"`` for English headings.

        ``max_unmatched`` caps the people listed as not placed (the report has them all).
        """
        nl = lang == "nl"
        total = len(self.matches) + len(self.unmatched)
        s = self.solver
        lines = [
            (f"Matching: {len(self.matches)} van {total} kandidaten geplaatst" if nl else
             f"Matching: {len(self.matches)} of {total} candidates placed")
            + f" (score {format_number(sum(m.score for m in self.matches), lang)}); "
            + f"solver {s.status}, {s.seconds:.2f} s",
        ]
        if self.matches:
            lines.append("Plaatsingen:" if nl else "Placements:")
        for m in self.matches:
            extra = ""
            if m.borderline:
                extra = (", grensgeval: " if nl else ", borderline: ") + ", ".join(
                    dimension_label(d) for d in m.borderline)
            low = m.explanation.get("low_confidence") or []
            if low:
                extra += (", lage betrouwbaarheid: " if nl else ", low confidence: ") + ", ".join(
                    dimension_label(str(d)) for d in low)
            lines.append(f"  {m.candidate_id} -> {m.role_id}: score {format_number(m.score, lang)}, "
                         f"{format_number(m.effective_hours, lang)} {'uur' if nl else 'hours'}{extra}")
        if self.unmatched:
            lines.append("Niet geplaatst:" if nl else "Not placed:")
        shown = self.unmatched if max_unmatched is None else self.unmatched[:max_unmatched]
        for u in shown:
            lines.append(f"  {u.candidate_id}: " + "; ".join(u.reasons))
            for step in u.development[:3]:
                lines.append(f"      {'ontwikkeling' if nl else 'development'}: {step['text']}")
        if len(shown) < len(self.unmatched):
            rest = len(self.unmatched) - len(shown)
            lines.append(f"  ... en nog {rest} (allemaal in het JSON-rapport)" if nl else
                         f"  ... and {rest} more (all in the JSON report)")
        return "\n".join(lines)


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
    check = evaluate(pairs, candidates, profiles, functions, policy, options.allow_borderline)
    if not check.ok:
        raise MatchCheckError("; ".join(check.problems))
    if not same_objective(check.placed, check.total_score, result.placed, result.total_score):
        raise MatchCheckError(
            f"objective differs: solver {result.placed} placed, score {result.total_score:.2f}; "
            f"evaluator {check.placed} placed, score {check.total_score:.2f}")
    by_f = {f.role_id: f for f in functions}
    by_c = {c.candidate_id: c for c in candidates}
    matches = []
    for cid, rid in pairs:
        explanation = fm.explain(cid, rid)
        matches.append(Match(cid, rid, by_f[rid].hours / by_c[cid].productivity,
                             float(explanation["score"]), list(explanation["borderline"]),
                             explanation))
    placed = {cid for cid, _ in pairs}
    unmatched = [explain_unmatched(fm, i, profiles[cid]) for i, cid in enumerate(fm.cand.ids)
                 if cid not in placed]
    notes = [f"{cid}: {n}" for cid, p in profiles.items() for n in p.notes]
    return MatchResult(matches, unmatched, profiles, result.stats, result, notes)
