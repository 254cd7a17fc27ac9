"""Which functions of a report one person fits, and who of a pool fits one function.

The job coach asks "what fits this person?" and the UWV advisor "how many people in
the pool can take this function?". Neither needs a solver: the answer is the fit
matrix (:mod:`matcher.matching.matrix`, every hard rule of FORMATS.md section 2 for
all pairs at once) read along one row or one column. Borderline pairs (one level
short on a dimension) are listed apart and marked, with the dimensions and the
support that would close them, never as plain fits.

Every classification is re-checked pair by pair by the independent evaluator
(:func:`matcher.checks.match.pair_problems`, which rebuilds each function from its
tasks); a disagreement raises :class:`~matcher.matching.pipeline.MatchCheckError`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, cast

from matcher.checks.match import SCORE_ROUNDING, pair_problems, pair_score, rebuild
from matcher.matching.development import Unmatched, explain_unmatched
from matcher.matching.matrix import DEFAULT_POLICY, FitMatrix
from matcher.matching.pipeline import MatchCheckError
from matcher.monitor.profiles import CapacityProfile, build_profiles
from matcher.policy import Policy
from matcher.redesign.functions import NewFunction, TaskPart
from taskmodels.models import Candidate, CandidatePool, Inventory, Task

if TYPE_CHECKING:
    from matcher.matching.fit_report import CandidateFitReport, FunctionFitReport

FitStatus = Literal["fits", "borderline", "no_fit"]
FITS: FitStatus = "fits"
BORDERLINE: FitStatus = "borderline"
NO_FIT: FitStatus = "no_fit"


@dataclass(frozen=True)
class PairFit:
    """One person on one function: the class, and why.

    ``explanation`` is the pair's explanation (rules that helped or hurt, support,
    low-confidence dimensions) for fits and borderline fits; ``blockers`` are the hard
    rules a ``no_fit`` pair breaks.
    """

    candidate_id: str
    role_id: str
    status: FitStatus
    score: float
    effective_hours: float
    borderline: list[str]
    explanation: dict[str, object] | None = None
    blockers: list[dict[str, object]] = field(default_factory=list)


@dataclass(frozen=True)
class CandidateFits:
    """Every function of a report for one person: fits, borderline, the rest, and a path.

    ``fits`` and ``borderline`` are best score first; ``development`` (the nearest
    function and the capacity gains that would open functions) is given when nothing
    fits without a borderline dimension.
    """

    candidate_id: str
    fits: list[PairFit]
    borderline: list[PairFit]
    not_fitting: list[PairFit]
    development: Unmatched | None = None

    def report(self) -> CandidateFitReport:
        """The JSON form, texts as Dutch sentences with their codes beside them."""
        from matcher.matching.fit_report import candidate_fit_report

        return candidate_fit_report(self)


def functions_from_roles(roles: Iterable[Mapping[str, Any]],
                         tasks: Mapping[str, Task]) -> list[NewFunction]:
    """A report's ``roles`` as functions, each profile derived anew from its tasks.

    Deriving (not copying the stated demands) makes the fit follow the work analysis
    the function was formed from; a role naming a task the inventory lacks is skipped
    (it cannot be judged against tasks that are not there).
    """
    out = []
    for role in roles:
        parts = tuple(TaskPart(str(p["task_id"]), float(p["hours"])) for p in role.get("tasks", []))
        if parts and all(p.task_id in tasks for p in parts):
            out.append(NewFunction.from_parts(str(role["role_id"]), parts, dict(tasks),
                                              candidate_id=role.get("candidate_id")))
    return out


def _matrix(inventory: Inventory, pool: CandidatePool, functions: list[NewFunction],
            policy: Policy) -> tuple[FitMatrix, dict[str, CapacityProfile], list[Candidate]]:
    pool = pool.with_ratings_from(inventory.ratings)
    profiles = build_profiles(pool)
    candidates = list(pool.candidates)
    fm = FitMatrix.build(profiles, candidates, functions, inventory.task_by_id(), policy,
                         allow_borderline=True)
    return fm, profiles, candidates


def _pair(fm: FitMatrix, i: int, j: int, function: NewFunction, person: Candidate) -> PairFit:
    cid, rid = fm.cand.ids[i], fm.func.ids[j]
    effective = function.hours / person.productivity
    if not fm.feasible[i, j]:
        return PairFit(cid, rid, NO_FIT, 0.0, effective, [], None, fm.blockers(cid, rid))
    explanation = fm.explain(cid, rid)
    border = list(cast(list[str], explanation["borderline"]))
    return PairFit(cid, rid, BORDERLINE if border else FITS,
                   float(cast(float, explanation["score"])), effective, border, explanation)


def _recheck(fit: PairFit, person: Candidate, profile: CapacityProfile, function: NewFunction,
             tasks: Mapping[str, Task], policy: Policy) -> None:
    """The evaluator's own reading of the pair must give the same class and score."""
    rebuilt = rebuild(function, tasks)
    if rebuilt is None:
        raise MatchCheckError(f"{fit.role_id}: a task of the function is not in the inventory")
    problems, border = pair_problems(person, profile, rebuilt, policy, allow_borderline=True,
                                     subject=f"{fit.candidate_id}/{fit.role_id}")
    status = NO_FIT if problems else (BORDERLINE if border else FITS)
    if status != fit.status or (status != NO_FIT and sorted(border) != sorted(fit.borderline)):
        raise MatchCheckError(f"{fit.candidate_id} on {fit.role_id}: matrix says {fit.status} "
                              f"{fit.borderline}, evaluator says {status} {border}")
    if status != NO_FIT and abs(pair_score(person, profile, rebuilt) - fit.score) > SCORE_ROUNDING:
        raise MatchCheckError(f"{fit.candidate_id} on {fit.role_id}: score differs")


def candidate_fits(inventory: Inventory, pool: CandidatePool, candidate_id: str,
                   functions: list[NewFunction], policy: Policy = DEFAULT_POLICY) -> CandidateFits:
    """Every function in ``functions`` for ``candidate_id`` of ``pool``, classified and explained.

    Raises
    ------
    KeyError
        When ``candidate_id`` is not in ``pool``.
    MatchCheckError
        When the independent evaluator classifies a pair otherwise (a bug).
    """
    person = pool.by_id()[candidate_id]
    one = CandidatePool(candidates=(person,),
                        ratings=tuple(r for r in pool.ratings if r.candidate_id == candidate_id))
    fm, profiles, _ = _matrix(inventory, one, functions, policy)
    tasks = inventory.task_by_id()
    pairs = []
    for j, function in enumerate(functions):
        fit = _pair(fm, 0, j, function, person)
        _recheck(fit, person, profiles[candidate_id], function, tasks, policy)
        pairs.append(fit)

    def best_first(p: PairFit) -> tuple[float, str]:
        return (-p.score, p.role_id)

    fits = sorted((p for p in pairs if p.status == FITS), key=best_first)
    border = sorted((p for p in pairs if p.status == BORDERLINE), key=best_first)
    rest = [p for p in pairs if p.status == NO_FIT]
    development = None
    if not fits:
        # The path is about plain fits: which gains open a function without support.
        strict = FitMatrix(fm.cand, fm.func, policy, False, fm.departments, fm.task_ids)
        development = explain_unmatched(strict, 0, profiles[candidate_id])
    return CandidateFits(candidate_id, fits, border, rest, development)


def function_fits(inventory: Inventory, pool: CandidatePool, function: NewFunction,
                  policy: Policy = DEFAULT_POLICY) -> list[PairFit]:
    """Every person of ``pool`` on one function, in pool order (classes only, re-checked)."""
    if not pool.candidates:
        return []
    fm, profiles, candidates = _matrix(inventory, pool, [function], policy)
    tasks = inventory.task_by_id()
    out = []
    for i, person in enumerate(candidates):
        fit = _pair(fm, i, 0, function, person)
        _recheck(fit, person, profiles[person.candidate_id], function, tasks, policy)
        out.append(fit)
    return out


def counts(fits: Iterable[PairFit]) -> dict[str, int]:
    """How many pairs are in each class (``fits``, ``borderline``, ``no_fit``)."""
    seen = Counter(f.status for f in fits)
    return {s: seen[s] for s in (FITS, BORDERLINE, NO_FIT)}


def function_fit_report(role_id: str, fits: list[PairFit]) -> FunctionFitReport:
    """The pool's fit on one function as its JSON form (classes and counts, no reasons)."""
    from matcher.matching.fit_report import function_fit_report as _report

    return _report(role_id, fits)
