"""Bounds are never invented: None when unproven, an error on the wrong side."""

from __future__ import annotations

import json

import pytest

from matcher.matching.assignment import assign_dense, assign_sparse
from matcher.matching.fit import FitMatrix
from matcher.monitor.profiles import build_profiles
from matcher.policy import Policy
from matcher.redesign.functions import NewFunction, TaskPart
from matcher.results import BoundError, SolverStats, check_bound
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import Candidate, CandidatePool, Task


def _fit() -> FitMatrix:
    tasks = {f"T{k}": Task(task_id=f"T{k}", task="t", role="R", hours_per_week=12 + k, level=1,
                           separable=True, department="A", demands={}) for k in range(3)}
    functions = [NewFunction.from_parts(f"F{k}", [TaskPart(t, tasks[t].hours_per_week)], tasks)
                 for k, t in enumerate(tasks)]
    people = [Candidate(candidate_id=f"K{k}", max_hours=36,
                        capacities={d: float(2 + k % 3) for d in DIMENSION_IDS})
              for k in range(4)]
    profiles = build_profiles(CandidatePool(candidates=tuple(people)), {})
    return FitMatrix.build(profiles, people, functions, tasks, Policy())


def test_an_exact_assignment_proves_its_objective() -> None:
    result = assign_dense(_fit())
    assert result.stats.status == "OPTIMAL"
    assert result.stats.bound == result.stats.objective
    assert result.stats.gap == 0.0


def test_a_sparse_run_stopped_early_reports_no_bound() -> None:
    # One pricing round only: the optimality test never completes.
    result = assign_sparse(_fit(), k=1, max_rounds=1)
    assert result.stats.status == "FEASIBLE"
    assert result.stats.bound is None
    assert result.stats.gap is None
    assert json.loads(json.dumps(result.as_report()))["bound"] is None
    # Stopped after one round on a one-edge shortlist it placed fewer than the
    # optimum: exactly why no bound may be claimed for it.
    assert result.placed < assign_dense(_fit()).placed


def test_the_solver_pair_scores_sum_to_the_total() -> None:
    result = assign_dense(_fit())
    assert len(result.scores) == len(result.pairs) == result.placed
    assert sum(result.scores) == pytest.approx(result.total_score)


def test_no_bound_in_one_part_means_no_bound_in_the_whole() -> None:
    parts = [SolverStats("OPTIMAL", 5.0, 5.0, 0.1), SolverStats("FEASIBLE", 3.0, None, 0.1)]
    combined = SolverStats.combine(parts)
    assert (combined.status, combined.objective, combined.bound, combined.gap) == (
        "FEASIBLE", 8.0, None, None)
    assert SolverStats.combine(parts[:1]).bound == 5.0


def test_a_bound_on_the_wrong_side_is_a_bug() -> None:
    with pytest.raises(BoundError):
        check_bound(SolverStats("FEASIBLE", 100.0, 90.0, 0.0))
    with pytest.raises(BoundError):
        check_bound(SolverStats("FEASIBLE", 100.0, 110.0, 0.0), maximise=False)
    ok = SolverStats("FEASIBLE", 100.0, 120.0, 0.0)
    assert check_bound(ok) is ok
    assert ok.gap == pytest.approx(20 / 120)
    assert check_bound(SolverStats("FEASIBLE", 100.0, None, 0.0)).bound is None
