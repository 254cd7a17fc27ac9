"""Phase 2 of a regional run: one exact assignment over every employer's new functions.

All employers' functions go into one :class:`matcher.matching.fit.FitMatrix` (ids made unique
as ``<employer>/<role_id>``) and one exact lexicographic assignment
(:func:`matcher.matching.assignment.assign`: most people placed, then highest total fit; a
priced sparse min-cost flow with a shortlist per function when the pool is large).
Each person gets at most one function in the whole region because it is one flow.
The answer is then re-checked pair by pair with the plain-Python rules of
:mod:`matcher.checks.match`, which must agree on the number placed and the score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, TypedDict

import numpy as np

from matcher.checks.match import evaluate, same_objective
from matcher.errors import AnswerRejected
from matcher.matching.assignment import assign
from matcher.matching.development import explain_unmatched
from matcher.matching.explanation import Sentence, say
from matcher.matching.fit import FitMatrix
from matcher.monitor.profiles import CapacityProfile, build_profiles
from matcher.policy import Policy
from matcher.redesign.functions import NewFunction, TaskPart
from matcher.results import SolveOptions
from taskmodels.models import Candidate, CandidatePool, Task

#: Candidates scored at once when counting each person's fitting functions.
BLOCK_ROWS = 1000
#: Up to this many (unplaced people x functions), each unplaced person gets the full
#: explanation of :func:`matcher.matching.development.explain_unmatched` (nearest function,
#: development steps); above it, a count-based reason keeps a national run fast.
FULL_EXPLANATION_PAIRS = 2_000_000


class RegionalAssignment(TypedDict):
    """What :func:`assign_region` returns (a plain dict at run time)."""

    matches: list[dict[str, Any]]
    unmatched: list[dict[str, object]]
    solver: dict[str, object]


class RegionalAssignmentRejected(AnswerRejected):
    """The independent evaluator found a broken rule in the assignment: a bug."""


def _fitting_counts(fm: FitMatrix, block_rows: int = BLOCK_ROWS) -> np.ndarray:
    """Per candidate, how many functions in the region fit (for unmatched reasons)."""
    n_c = len(fm.cand.ids)
    counts = np.zeros(n_c, np.int64)
    if not fm.func.ids:
        return counts
    for lo in range(0, n_c, block_rows):
        edges = fm.edges(np.arange(lo, min(n_c, lo + block_rows)))
        counts += np.bincount(edges.rows, minlength=n_c)
    return counts


def _unmatched_reason(has_source: bool, fitting: int) -> list[Sentence]:
    if not has_source:
        return [say("fit.no_capacity_data")]
    if fitting == 0:
        return [say("regional.no_function")]
    return [say("regional.taken", count=fitting)]


def _evaluate(candidates: list[Candidate], profiles: dict[str, CapacityProfile],
              functions: list[NewFunction], owner: dict[str, tuple[str, str]],
              tasks: Mapping[str, Task], pairs: list[tuple[str, str]],
              solver_scores: dict[tuple[str, str], float], total_score: float,
              policy: Policy, options: SolveOptions) -> dict[str, object]:
    """Re-check every pair with :mod:`matcher.checks.match`; it must agree with the flow.

    ``tasks`` are keyed ``<employer>/<task_id>``: task ids are per employer, so each
    function's parts are renamed the same way and its profile rebuilt from its own
    employer's tasks.
    """
    renamed = [replace(f, parts=tuple(TaskPart(f"{owner[f.role_id][0]}/{p.task_id}", p.hours)
                                      for p in f.parts)) for f in functions]
    check = evaluate(pairs, candidates, profiles, renamed, policy, options.allow_borderline,
                     tasks=tasks)
    if not check.ok:
        raise RegionalAssignmentRejected("; ".join(str(p) for p in check.problems[:10]))
    if not same_objective(check.scores, solver_scores):
        raise RegionalAssignmentRejected(
            f"objective differs: solver {len(solver_scores)} placed, score {total_score:.2f}; "
            f"evaluator {check.placed} placed, score {check.total_score:.2f}")
    return {"pairs_checked": len(pairs), "problems": 0, "total_score": check.total_score}


def assign_region(pool: CandidatePool, functions: list[NewFunction],
                  owner: dict[str, tuple[str, str]], policy: Policy,
                  options: SolveOptions, *, tasks: Mapping[str, Task]) -> RegionalAssignment:
    """Assign the pool over the region's functions; ``matches``, ``unmatched``, ``solver``.

    ``owner`` maps each function's unique id to ``(employer, role_id)``; ``tasks``
    holds every employer's tasks keyed ``<employer>/<task_id>``, for the re-check.
    """
    # The item bank is read once here, not once per person; a pool without ratings
    # (explicit c_* columns only) needs no bank at all.
    item_dimension: dict[str, str] = {}
    if pool.ratings:
        from taskmodels.itembank import item_bank

        item_dimension = {i.item: i.dimension for i in item_bank().values()}
    profiles = build_profiles(pool, item_dimension)
    candidates = list(pool.candidates)
    # The fit needs only the task ids (for ``avoids``); task ids are per employer, so
    # a person who avoids ``T0003`` avoids it at every employer: the safe reading.
    task_ids = {p.task_id: None for f in functions for p in f.parts}
    fm = FitMatrix.build(profiles, candidates, functions, task_ids,  # type: ignore[arg-type]
                         policy, options.allow_borderline)
    result = assign(fm)
    matches: list[dict[str, Any]] = []
    placed: set[int] = set()
    for i, j in result.pairs:
        cand, fn = candidates[i], functions[j]
        explanation = fm.explain(cand.candidate_id, fn.role_id)
        employer, role_id = owner[fn.role_id]
        placed.add(i)
        matches.append({
            "employer": employer, "candidate_id": cand.candidate_id, "role_id": role_id,
            "function_id": fn.role_id,
            "effective_hours": round(fn.hours / cand.productivity, 2),
            "score": explanation["score"], "borderline": explanation["borderline"],
            "explanation": explanation,
        })
    matches.sort(key=lambda m: (m["employer"], m["role_id"], m["candidate_id"]))
    unplaced = [i for i in range(len(candidates)) if i not in placed]
    if len(unplaced) * len(functions) <= FULL_EXPLANATION_PAIRS:
        unmatched = [explain_unmatched(fm, i, profiles[candidates[i].candidate_id]).as_report()
                     for i in unplaced]
    else:
        counts = _fitting_counts(fm)
        unmatched = [
            {"candidate_id": candidates[i].candidate_id,
             "reasons": _unmatched_reason(bool(fm.cand.has_source[i]), int(counts[i]))}
            for i in unplaced
        ]
    solver = result.as_report()
    solver["evaluator"] = _evaluate(
        candidates, profiles, functions, owner, tasks,
        [(m["candidate_id"], m["function_id"]) for m in matches],
        result.pair_scores(fm.cand.ids, fm.func.ids), result.total_score, policy, options)
    return {"matches": matches, "unmatched": unmatched, "solver": solver}
