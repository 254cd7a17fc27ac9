"""The LP relaxation of a generalized assignment problem (SciPy's HiGHS).

It gives three things the CP-SAT search uses: a lower bound, a fractional
assignment to round into a first solution, and reduced costs. With LP value ``z``
and duals ``u_j`` (assignment rows) and ``v_i <= 0`` (capacity rows), every
integer solution ``x`` costs at least ``z + sum rc_ij x_ij`` with
``rc_ij = c_ij - u_j - v_i w_ij >= 0``. So once a solution of cost ``UB`` is
known, a pair with ``z + rc_ij > UB`` cannot be in any better solution and can be
removed (reduced-cost fixing), and ``sum rc_ij x_ij <= UB - z`` is a valid cut.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from matcher.gap.orlibrary import GapInstance


@dataclass(frozen=True)
class LpRelaxation:
    """Result of the LP relaxation; ``ok`` is False when HiGHS found no optimum."""

    ok: bool
    value: float
    x: np.ndarray
    reduced_costs: np.ndarray


def solve_lp(instance: GapInstance, allowed: np.ndarray | None = None) -> LpRelaxation:
    """Solve the LP relaxation; ``allowed`` (bool ``(m, n)``) removes pairs."""
    m, n = instance.n_agents, instance.n_jobs
    costs = instance.costs.astype(float)
    weights = instance.weights.astype(float)
    # A pair whose weight alone exceeds the agent's capacity can never be used.
    usable = weights <= instance.capacities[:, None]
    if allowed is not None:
        usable &= allowed
    ii, jj = np.nonzero(usable)
    k = len(ii)
    if k == 0 or not usable.any(axis=0).all():
        return LpRelaxation(False, float("-inf"), np.zeros((m, n)), np.zeros((m, n)))
    cols = np.arange(k)
    a_eq = coo_matrix((np.ones(k), (jj, cols)), shape=(n, k)).tocsr()
    a_ub = coo_matrix((weights[ii, jj], (ii, cols)), shape=(m, k)).tocsr()
    res = linprog(
        costs[ii, jj], A_ub=a_ub, b_ub=instance.capacities.astype(float),
        A_eq=a_eq, b_eq=np.ones(n), bounds=(0, None), method="highs",
    )
    if res.status != 0:
        return LpRelaxation(False, float("-inf"), np.zeros((m, n)), np.zeros((m, n)))
    x = np.zeros((m, n))
    x[ii, jj] = res.x
    rc = np.full((m, n), np.inf)
    rc[ii, jj] = np.maximum(0.0, res.lower.marginals)
    return LpRelaxation(True, float(res.fun), x, rc)
