"""Who gets which new function: first the most people placed, then the highest total fit.

Both goals are folded into one integer edge weight, ``BIG + round(score * 100)`` with
``BIG = 10000 * min(n_candidates, n_functions) + 1``: one more placement is worth
more than any possible difference in total score (at most 100.00 per placement), so
a maximum-weight assignment is lexicographically optimal.

Two exact methods:

* ``dense``: :func:`scipy.optimize.linear_sum_assignment` on the full weight matrix
  (infeasible pairs weigh 0 and are dropped afterwards). Used for small problems.
* ``sparse``: a *priced* sparse graph solved as a min-cost flow
  (:mod:`matcher.solver.flow`). Candidates are scored in blocks; per function only
  its ``k`` best candidates enter the graph. After solving, node potentials of the
  optimal flow give each left-out edge a reduced cost; a left-out edge of weight
  at most ``theta_f`` (the k-th best weight of its function) cannot improve the
  answer when ``theta_f <= min_i pot_left[i] - pot_right[f]``. Functions failing
  that test are re-scored against every candidate; edges that could improve are
  added and the flow is solved again. The loop ends when no left-out edge has a
  negative reduced cost, which is the linear-programming optimality condition of
  the *full* feasibility graph: the answer is proven optimal without ever holding
  the dense matrix.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from matcher.matching.fit import FitMatrix
from matcher.results import SolverStats, check_bound
from matcher.solver.flow import max_weight_assignment, potentials

#: Problems with at most this many candidate x function pairs go to the dense method.
DENSE_PAIRS = 1_000_000


def big_weight(n_candidates: int, n_functions: int) -> int:
    """Weight of one placement, above any total score difference (hundredths)."""
    return 10_000 * max(1, min(n_candidates, n_functions)) + 1


def edge_weights(score: np.ndarray, big: int) -> np.ndarray:
    """Integer edge weights from 0-100 scores."""
    return big + np.rint(np.asarray(score) * 100).astype(np.int64)


@dataclass
class Assignment:
    """The chosen pairs (candidate row, function column) and how they were found."""

    pairs: list[tuple[int, int]]
    stats: SolverStats
    method: str
    big: int
    placed: int
    total_score: float
    details: dict[str, object] = field(default_factory=dict)
    #: The solver's score of each pair, in the order of ``pairs``.
    scores: list[float] = field(default_factory=list)

    def pair_scores(self, candidate_ids: list[str], role_ids: list[str]) -> dict[tuple[str, str], float]:
        """``{(candidate_id, role_id): score}`` with the fit matrix's ids."""
        return {(candidate_ids[i], role_ids[j]): s
                for (i, j), s in zip(self.pairs, self.scores, strict=True)}

    def as_report(self) -> dict[str, object]:
        """The ``solver`` object: SolverStats plus method, placed and total score."""
        out = self.stats.as_report()
        out.update({"method": self.method, "placed": self.placed,
                    "total_score": round(self.total_score, 2),
                    "objective_units": f"placed x {self.big} + total score x 100"})
        out.update(self.details)
        return out


def _result(fm_score_of, pairs: list[tuple[int, int]], big: int, seconds: float, method: str,
            status: str = "OPTIMAL", details: Mapping[str, object] | None = None) -> Assignment:
    """The assignment with its stats; a bound only where the method proved one.

    An exact method that finished (``OPTIMAL``) proves its own objective optimal, so
    bound = objective. A sparse run that stopped early (``FEASIBLE``) or failed has
    no proven bound: it reports None, never the objective as if it were one.
    """
    ordered = sorted(pairs)
    scores = [float(fm_score_of(i, j)) for i, j in ordered]
    objective = float(len(ordered) * big + sum(int(round(s * 100)) for s in scores))
    bound = objective if status == "OPTIMAL" else None
    stats = check_bound(SolverStats(status, objective, bound, seconds))
    return Assignment(ordered, stats, method, big, len(ordered), sum(scores), dict(details or {}),
                      scores)


def assign_dense(fm: FitMatrix) -> Assignment:
    """Exact assignment with scipy's ``linear_sum_assignment`` on the dense matrix."""
    start = time.perf_counter()
    n_c, n_f = fm.feasible.shape
    big = big_weight(n_c, n_f)
    if n_c == 0 or n_f == 0:
        return _result(lambda i, j: 0.0, [], big, 0.0, "dense")
    weights = np.where(fm.feasible, edge_weights(fm.score, big), 0)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    keep = weights[rows, cols] > 0
    pairs = [(int(i), int(j)) for i, j in zip(rows[keep], cols[keep], strict=True)]
    return _result(lambda i, j: fm.score[i, j], pairs, big, time.perf_counter() - start, "dense")


def _top_k_merge(c: np.ndarray, f: np.ndarray, w: np.ndarray, k: int, n_f: int):
    """Keep, per function, its k heaviest edges; return them and the k-th weight."""
    if len(w) and int(w.max()) >= 1 << 31:
        order = np.lexsort((-w, f))
    else:
        # One int64 key (function, then heavier first) sorts faster than a lexsort.
        order = np.argsort(f.astype(np.int64) << 32 | ((1 << 31) - 1 - w), kind="stable")
    c, f, w = c[order], f[order], w[order]
    starts = np.searchsorted(f, np.arange(n_f))
    rank = np.arange(len(f)) - starts[f]
    keep = rank < k
    theta = np.full(n_f, -1, np.int64)
    full = rank == k - 1
    theta[f[full]] = w[full]
    return c[keep], f[keep], w[keep], theta


def _price(fm: FitMatrix, funcs: np.ndarray, pot_l: np.ndarray, pot_r: np.ndarray, big: int,
           present: set[tuple[int, int]], per_function: int, block_rows: int):
    """Left-out edges of ``funcs`` with negative reduced cost, best ``per_function`` each."""
    n_c = len(fm.cand.ids)
    found_c, found_f, found_w = [], [], []
    for lo in range(0, n_c, block_rows):
        e = fm.edges(np.arange(lo, min(n_c, lo + block_rows)), funcs)
        w = edge_weights(e.score, big)
        bad = w > pot_l[e.rows] - pot_r[e.cols] + 1e-6
        found_c.append(e.rows[bad])
        found_f.append(e.cols[bad])
        found_w.append(w[bad])
    c, f, w = (np.concatenate(x) if x else np.zeros(0, np.int64) for x in (found_c, found_f, found_w))
    fresh = np.array([(i, j) not in present for i, j in zip(c.tolist(), f.tolist(), strict=True)], bool)
    c, f, w = c[fresh], f[fresh], w[fresh]
    c, f, w, _ = _top_k_merge(c, f, w, per_function, len(fm.func.ids))
    return c, f, w


def assign_sparse(fm: FitMatrix, k: int = 128, block_rows: int = 1000,
                  max_rounds: int = 100) -> Assignment:
    """Exact assignment on a priced sparse graph with min-cost flow (see module doc)."""
    start = time.perf_counter()
    n_c, n_f = len(fm.cand.ids), len(fm.func.ids)
    big = big_weight(n_c, n_f)
    if n_c == 0 or n_f == 0:
        return _result(lambda i, j: 0.0, [], big, 0.0, "sparse")
    ec = np.zeros(0, np.int64)
    ef = np.zeros(0, np.int64)
    ew = np.zeros(0, np.int64)
    theta = np.full(n_f, -1, np.int64)
    bc, bf, bw, buffered = [ec], [ef], [ew], 0
    for lo in range(0, n_c, block_rows):
        e = fm.edges(np.arange(lo, min(n_c, lo + block_rows)))
        w = edge_weights(e.score, big)
        keep = w > theta[e.cols]
        bc.append(e.rows[keep])
        bf.append(e.cols[keep])
        bw.append(w[keep])
        buffered += int(keep.sum())
        # Merging is a sort; do it when the buffer has grown, not after every block.
        if buffered > 2 * k * n_f or lo + block_rows >= n_c:
            ec, ef, ew, new_theta = _top_k_merge(
                np.concatenate(bc), np.concatenate(bf), np.concatenate(bw), k, n_f)
            theta = np.maximum(theta, new_theta)
            bc, bf, bw, buffered = [ec], [ef], [ew], len(ec)
    scored = time.perf_counter() - start
    rounds, added_total, priced_functions = 0, 0, 0
    while True:
        rounds += 1
        sol = max_weight_assignment(n_c, n_f, ec, ef, ew)
        if sol.stats.status != "OPTIMAL":
            break
        pot_l, pot_r = potentials(sol)
        # Cheap test per function: every left-out edge of f weighs at most theta_f.
        suspect = np.nonzero((theta >= 0) & (theta > pot_l.min() - pot_r + 1e-6))[0]
        if len(suspect) == 0 or rounds >= max_rounds:
            break
        priced_functions += len(suspect)
        present = set(zip(ec.tolist(), ef.tolist(), strict=True))
        add_c, add_f, add_w = _price(fm, suspect, pot_l, pot_r, big, present, k, block_rows)
        if len(add_c) == 0:
            break
        added_total += len(add_c)
        ec = np.concatenate([ec, add_c])
        ef = np.concatenate([ef, add_f])
        ew = np.concatenate([ew, add_w])
    status = sol.stats.status if rounds < max_rounds else "FEASIBLE"
    # A flow that did not solve has chosen nothing; report that, with no bound.
    pairs = [(int(i), int(j)) for i, j in zip(ec[sol.chosen], ef[sol.chosen], strict=True)] \
        if sol.stats.status == "OPTIMAL" else []
    weight_of = dict(zip(zip(ec.tolist(), ef.tolist(), strict=True), ew.tolist(), strict=True))
    details = {"edges": int(len(ec)), "pricing_rounds": rounds, "priced_in": added_total,
               "priced_functions": priced_functions, "scoring_seconds": round(scored, 3)}
    return _result(lambda i, j: (weight_of[(i, j)] - big) / 100.0, pairs, big,
                   time.perf_counter() - start, "sparse", status, details)


def assign(fm: FitMatrix, method: str = "auto") -> Assignment:
    """Exact lexicographic assignment: ``dense`` (scipy), ``sparse`` (flow) or ``auto``."""
    if method == "auto":
        method = "dense" if len(fm.cand.ids) * len(fm.func.ids) <= DENSE_PAIRS else "sparse"
    return assign_dense(fm) if method == "dense" else assign_sparse(fm)
