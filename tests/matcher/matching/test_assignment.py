"""Assignment: lexicographic optimum (placed, then score), dense and sparse methods agree,
and the number placed equals the maximum matching of the feasibility graph."""

from __future__ import annotations

import networkx as nx
import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.matching.assignment import assign, assign_dense, assign_sparse, big_weight
from matcher.matching.fit import N_DIM, CandidateArrays, FitMatrix, FunctionArrays
from matcher.policy import Policy
from matcher.solver.flow import max_weight_assignment, potentials


def random_fit(seed: int, n_c: int, n_f: int, allow: bool = False) -> FitMatrix:
    """A random encoded instance: modest capacities, low demands, random conditions."""
    rng = np.random.default_rng(seed)
    n_t, n_d = 6, 3
    conf = rng.uniform(0.1, 1, (n_c, N_DIM))
    cand = CandidateArrays(
        ids=[f"K{i}" for i in range(n_c)],
        level=np.clip(np.rint(rng.normal(2.7, 0.9, (n_c, N_DIM))), 0, 5).astype(np.int8),
        confidence=conf, low=conf < 0.35,
        max_lifting=rng.choice([5.0, 15.0, 25.0], n_c), min_hours=rng.choice([0.0, 12.0], n_c),
        max_hours=rng.choice([16.0, 24.0, 36.0], n_c), productivity=rng.choice([0.5, 0.8, 1.0], n_c),
        own_level=rng.integers(1, 4, n_c).astype(np.int16),
        not_ok=(rng.random((n_c, 4)) < 0.3).astype(float),
        prefers=sp.csr_matrix((rng.random((n_c, n_d)) < 0.3).astype(float)),
        avoids=sp.csr_matrix((rng.random((n_c, n_t)) < 0.1).astype(float)),
        has_source=rng.random(n_c) < 0.95,
    )
    func = FunctionArrays(
        ids=[f"F{j}" for j in range(n_f)],
        demand=np.clip(np.rint(rng.normal(1.8, 0.8, (n_f, N_DIM))), 1, 4).astype(np.int8),
        level=rng.integers(1, 4, n_f).astype(np.int16), hours=rng.choice([12.0, 16.0, 20.0, 24.0], n_f),
        lifting=rng.choice([0.0, 10.0, 20.0], n_f), conditions=(rng.random((n_f, 4)) < 0.2).astype(float),
        departments=sp.csc_matrix(np.eye(n_d)[:, rng.integers(0, n_d, n_f)]),
        tasks=sp.csc_matrix((rng.random((n_t, n_f)) < 0.3).astype(float)),
    )
    return FitMatrix(cand, func, Policy(), allow)


def max_matching_size(feasible: np.ndarray) -> int:
    g = nx.Graph()
    g.add_nodes_from(("c", i) for i in range(feasible.shape[0]))
    g.add_nodes_from(("f", j) for j in range(feasible.shape[1]))
    g.add_edges_from((("c", i), ("f", j)) for i, j in zip(*np.nonzero(feasible), strict=True))
    top = [("c", i) for i in range(feasible.shape[0])]
    return len(nx.bipartite.hopcroft_karp_matching(g, top_nodes=top)) // 2


def test_flow_adapter_hand_example() -> None:
    # Left 0 fits right 0 (w 10) and right 1 (w 9); left 1 fits right 0 only (w 8).
    sol = max_weight_assignment(2, 2, np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([10, 9, 8]))
    assert sol.chosen.tolist() == [False, True, True] and sol.weight == 17
    assert sol.stats.status == "OPTIMAL" and sol.stats.objective == 17


def test_flow_adapter_multi_seat() -> None:
    sol = max_weight_assignment(3, 1, np.array([0, 1, 2]), np.zeros(3, int), np.array([5, 7, 6]),
                                right_capacity=np.array([2]))
    assert sol.chosen.tolist() == [False, True, True] and sol.weight == 13


def test_potentials_certify_the_flow() -> None:
    rng = np.random.default_rng(3)
    left, right = np.nonzero(rng.random((8, 5)) < 0.5)
    w = rng.integers(100, 200, len(left))
    sol = max_weight_assignment(8, 5, left, right, w)
    pot_l, pot_r = potentials(sol)
    # Every edge that carries no flow has non-negative reduced cost ...
    free = ~sol.chosen
    assert np.all(-w[free] + pot_l[left[free]] - pot_r[right[free]] >= -1e-9)
    # ... and so has the reverse arc of every chosen edge (cost +w, from right to left).
    on = sol.chosen
    assert np.all(w[on] + pot_r[right[on]] - pot_l[left[on]] >= -1e-9)


def test_most_placed_beats_best_score() -> None:
    fm = random_fit(0, 2, 2)
    # Hand-set: K0 fits F0 and F1, K1 fits F0 only; F0 is K0's much better fit.
    fm._dense = (np.array([[True, True], [True, False]]), np.zeros((2, 2), np.int8),
                 np.array([[95.0, 5.0], [5.0, 0.0]]))
    a = assign_dense(fm)
    assert sorted(a.pairs) == [(0, 1), (1, 0)] and a.placed == 2


def test_big_weight_dominates_any_score_difference() -> None:
    assert big_weight(10, 4) > 4 * 10_000


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 25), st.integers(1, 12), st.booleans())
def test_dense_and_sparse_agree_and_place_the_maximum(seed: int, n_c: int, n_f: int,
                                                      allow: bool) -> None:
    fm = random_fit(seed, n_c, n_f, allow)
    dense = assign_dense(fm)
    # k=1 forces the pricing loop to do the work of proving optimality.
    sparse = assign_sparse(random_fit(seed, n_c, n_f, allow), k=1, block_rows=7)
    assert dense.stats.objective == sparse.stats.objective
    assert sparse.stats.status == "OPTIMAL"
    assert dense.placed == max_matching_size(fm.feasible)
    for pairs in (dense.pairs, sparse.pairs):
        assert all(fm.feasible[i, j] for i, j in pairs)
        assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)


def test_auto_picks_a_method_and_reports() -> None:
    a = assign(random_fit(1, 10, 5))
    report = a.as_report()
    assert a.method == "dense"
    assert {"status", "objective", "bound", "seconds", "placed", "total_score"} <= set(report)
