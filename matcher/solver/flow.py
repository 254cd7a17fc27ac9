"""Maximum-weight bipartite assignment as an OR-Tools min-cost flow.

Plain data in (dense integer node indices, integer edge weights), plain data out.
The network::

    source --(cap left_capacity, cost 0)--> left i --(cap 1, cost -w)--> right j
    right j --(cap right_capacity, cost 0)--> sink ;  source --(cost 0)--> sink

The bypass arc lets any number of people stay unplaced, so a flow always exists and
the minimum cost is minus the maximum total weight. Multi-seat functions are a
right capacity above 1. :func:`potentials` returns node potentials of the optimal
flow (shortest distances in its residual graph); with them a caller can prove that
edges it left out of the graph could not improve the answer (reduced-cost pricing,
see :mod:`matcher.matching.assignment`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from matcher.results import SolverStats


@dataclass
class FlowSolution:
    """Which edges carry flow, the total weight, and what is needed for pricing."""

    chosen: np.ndarray          # bool per input edge
    weight: int                 # total weight of the chosen edges
    stats: SolverStats
    tails: np.ndarray           # residual bookkeeping for :func:`potentials`
    heads: np.ndarray
    costs: np.ndarray
    flows: np.ndarray
    capacities: np.ndarray
    n_left: int
    n_right: int


def max_weight_assignment(
    n_left: int, n_right: int, left: np.ndarray, right: np.ndarray, weight: np.ndarray,
    left_capacity: np.ndarray | None = None, right_capacity: np.ndarray | None = None,
) -> FlowSolution:
    """Choose edges of maximum total weight, each node within its capacity.

    Parameters
    ----------
    n_left, n_right:
        Node counts (left = candidates, right = functions).
    left, right, weight:
        One entry per edge; weights are positive integers; no duplicate edges.
    left_capacity, right_capacity:
        Seats per node (default 1).
    """
    start = time.perf_counter()
    lcap = np.ones(n_left, np.int64) if left_capacity is None else np.asarray(left_capacity, np.int64)
    rcap = np.ones(n_right, np.int64) if right_capacity is None else np.asarray(right_capacity, np.int64)
    source, sink = 0, 1 + n_left + n_right
    total = int(lcap.sum())
    tails = np.concatenate([np.zeros(n_left, np.int64), 1 + np.asarray(left, np.int64),
                            1 + n_left + np.arange(n_right), [source]])
    heads = np.concatenate([1 + np.arange(n_left), 1 + n_left + np.asarray(right, np.int64),
                            np.full(n_right, sink), [sink]])
    caps = np.concatenate([lcap, np.ones(len(left), np.int64), rcap, [total]])
    costs = np.concatenate([np.zeros(n_left, np.int64), -np.asarray(weight, np.int64),
                            np.zeros(n_right, np.int64), [0]])
    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    mcf.set_node_supply(source, total)
    mcf.set_node_supply(sink, -total)
    status = mcf.solve()
    seconds = time.perf_counter() - start
    if status != mcf.OPTIMAL:
        empty = np.zeros(len(left), bool)
        # No flow, no proof: the bound is unknown (None), not 0.
        return FlowSolution(empty, 0, SolverStats("UNKNOWN", 0.0, None, seconds),
                            tails, heads, costs, np.zeros(len(tails), np.int64), caps, n_left, n_right)
    flows = np.asarray(mcf.flows(np.arange(len(tails))), np.int64)
    chosen = flows[n_left:n_left + len(left)] > 0
    value = -int(mcf.optimal_cost())
    return FlowSolution(chosen, value, SolverStats("OPTIMAL", float(value), float(value), seconds),
                        tails, heads, costs, flows, caps, n_left, n_right)


def potentials(sol: FlowSolution) -> tuple[np.ndarray, np.ndarray]:
    """Node potentials (left, right) of an optimal flow.

    They are shortest distances from a virtual root (0-cost arcs to every node) in
    the residual graph, which has no negative cycle because the flow is optimal.
    Every residual arc then has non-negative reduced cost. An edge (i, j) of weight
    ``w`` that was *not* in the graph could only improve the flow if
    ``w > pot_left[i] - pot_right[j]``; when no left-out edge satisfies that, the
    flow is optimal for the full graph as well.
    """
    n = sol.n_left + sol.n_right + 2
    fwd = sol.flows < sol.capacities
    bwd = sol.flows > 0
    t = np.concatenate([sol.tails[fwd], sol.heads[bwd]])
    h = np.concatenate([sol.heads[fwd], sol.tails[bwd]])
    c = np.concatenate([sol.costs[fwd], -sol.costs[bwd]])
    dist = _bellman_ford_from_root(n, t, h, c)
    left = dist[1:1 + sol.n_left]
    right = dist[1 + sol.n_left:1 + sol.n_left + sol.n_right]
    return left.astype(float), right.astype(float)


def _bellman_ford_from_root(n: int, tails: np.ndarray, heads: np.ndarray,
                            costs: np.ndarray) -> np.ndarray:
    """Shortest distances from a virtual root with a 0-cost arc to every node.

    Vectorised Bellman-Ford with early exit: one pass relaxes every arc at once
    (arcs sorted by head, minimum per head with ``reduceat``); the number of passes
    is the largest number of arcs on a shortest path, small for assignment graphs.
    """
    order = np.argsort(heads, kind="stable")
    t, h, c = tails[order], heads[order], costs[order].astype(np.int64)
    starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]]) if len(h) else np.zeros(0, np.int64)
    targets = h[starts]
    dist = np.zeros(n, np.int64)
    for _ in range(n + 1):
        if not len(h):
            break
        best = np.minimum.reduceat(dist[t] + c, starts)
        improve = best < dist[targets]
        if not improve.any():
            return dist
        dist[targets[improve]] = best[improve]
    if len(h):
        raise RuntimeError("negative cycle in the residual graph: the flow was not optimal")
    return dist
