"""Primal search for the GAP: a regret greedy and an agent-subset LNS.

The greedy (Martello and Toth's regret rule, guided by the LP solution) gives a
first solution for CP-SAT's hint. The large-neighbourhood search keeps all but a
few agents fixed and re-solves those agents and their jobs exactly with CP-SAT
(or frees some jobs of half the agents: group neighbourhoods), escalating to
bigger neighbourhoods when it stalls. On the hard Chu-Beasley type D instances
this finds far better solutions in the same time than one big CP-SAT search,
because each small subproblem is solved to optimality in a fraction of a second.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np

from matcher.gap.orlibrary import GapInstance
from matcher.results import SolverStats

_Key = tuple[frozenset[int], bytes]  # an LNS subset: its agents and its jobs' bytes
_Solved = tuple[list[int] | None, SolverStats]  # what a subproblem solve returns


def assignment_cost(instance: GapInstance, assignment: np.ndarray | list[int]) -> int:
    """Total cost of a complete assignment (agent per job)."""
    a = np.asarray(assignment)
    return int(instance.costs[a, np.arange(instance.n_jobs)].sum())


def _greedy(instance: GapInstance, desirability: np.ndarray) -> np.ndarray | None:
    """Regret greedy: repeatedly place the job that loses most if not placed now."""
    m, n = instance.n_agents, instance.n_jobs
    residual = instance.capacities.astype(np.int64).copy()
    assignment = np.full(n, -1, dtype=np.int64)
    open_jobs = np.ones(n, dtype=bool)
    for _ in range(n):
        fits = instance.weights <= residual[:, None]
        score = np.where(fits, desirability, np.inf)
        score[:, ~open_jobs] = np.inf
        jobs = np.nonzero(open_jobs)[0]
        sub = score[:, jobs]
        if np.isinf(sub.min(axis=0)).any():
            return None
        order = np.sort(sub, axis=0)
        regret = order[1] - order[0] if m > 1 else np.zeros(len(jobs))
        regret = np.where(np.isinf(regret), 1e18, regret)
        pick = int(jobs[int(np.argmax(regret))])
        agent = int(np.argmin(score[:, pick]))
        assignment[pick] = agent
        residual[agent] -= instance.weights[agent, pick]
        open_jobs[pick] = False
    return assignment


def _descent(instance: GapInstance, assignment: np.ndarray) -> np.ndarray:
    """Shift one job or swap two jobs while that lowers the cost and fits, best move first."""
    a = assignment.copy()
    n = instance.n_jobs
    cols = np.arange(n)
    c, w, cap = instance.costs, instance.weights, instance.capacities
    load = np.bincount(a, weights=w[a, cols], minlength=instance.n_agents)
    while True:
        own = c[a, cols]
        shift = np.where(load[:, None] + w <= cap[:, None], own[None, :] - c, 0)
        i, j = np.unravel_index(int(np.argmax(shift)), shift.shape)
        # Swap j1 (on agent a1) with j2 (on agent a2): each takes the other's agent.
        c_other = c[a[None, :], cols[:, None]]          # [j1, j2] = cost of j1 on a[j2]
        w_other = w[a[None, :], cols[:, None]]          # [j1, j2] = weight of j1 on a[j2]
        w_own = w[a, cols]
        gain = own[:, None] + own[None, :] - c_other - c_other.T
        fits_a2 = load[a][None, :] - w_own[None, :] + w_other <= cap[a][None, :]
        swap = np.where(fits_a2 & fits_a2.T & (a[:, None] != a[None, :]), gain, 0)
        j1, j2 = np.unravel_index(int(np.argmax(swap)), swap.shape)
        if shift[i, j] <= 0 and swap[j1, j2] <= 0:
            return a
        if shift[i, j] >= swap[j1, j2]:
            load[a[j]] -= w[a[j], j]
            load[i] += w[i, j]
            a[j] = i
        else:
            x1, x2 = a[j1], a[j2]
            load[x1] += w[x1, j2] - w[x1, j1]
            load[x2] += w[x2, j1] - w[x2, j2]
            a[j1], a[j2] = x2, x1


def regret_greedy(instance: GapInstance, lp_x: np.ndarray | None = None) -> np.ndarray | None:
    """The best of a few regret greedies (cost, relative weight, LP-guided), improved by shifts.

    Returns None when none of them finds room for every job.
    """
    costs = instance.costs.astype(float)
    caps = np.maximum(instance.capacities, 1).astype(float)[:, None]
    rules = [costs, instance.weights / caps, costs * instance.weights / caps]
    if lp_x is not None:
        rules.insert(0, -lp_x + 1e-3 * costs / max(1.0, float(costs.max())))
    best: np.ndarray | None = None
    for rule in rules:
        found = _greedy(instance, rule)
        if found is None:
            continue
        found = _descent(instance, found)
        if best is None or assignment_cost(instance, found) < assignment_cost(instance, best):
            best = found
    return best


def _pick_agents(
    instance: GapInstance, assignment: np.ndarray, size: int, rng: np.random.Generator,
    taken: set[int],
) -> list[int]:
    """A random agent plus agents its jobs could move to cheaply (connected subsets).

    Agents in ``taken`` (already in another subproblem of the same batch) are skipped.
    """
    m = instance.n_agents
    free = [a for a in range(m) if a not in taken]
    if not free:
        return []
    chosen = [int(rng.choice(free))]
    cols = np.arange(instance.n_jobs)
    current = instance.costs[assignment, cols]
    while len(chosen) < min(size, len(free)):
        on_chosen = np.isin(assignment, chosen)
        extra = instance.costs[:, on_chosen] - current[on_chosen][None, :]
        affinity = (1.0 / (1.0 + np.maximum(extra, 0))).sum(axis=1) + 1e-3
        affinity[chosen] = 0.0
        affinity[list(taken)] = 0.0
        chosen.append(int(rng.choice(m, p=affinity / affinity.sum())))
    return chosen


def _subproblem(instance: GapInstance, best: np.ndarray, agents: list[int], jobs: np.ndarray,
                receivers: list[int], room: np.ndarray, best_cost: int, lp_value: float,
                reduced_costs: np.ndarray, model_class: Any) -> Any:
    """The GAP of ``agents`` and their current ``jobs``, seeded with the incumbent.

    ``receivers`` are other agents that keep their own jobs but may take some of
    these jobs into their spare ``room``: moves out of the subset become possible.
    """
    every = list(agents) + list(receivers)
    rows = np.asarray(every, dtype=np.intp)
    caps = np.concatenate([instance.capacities[agents], room[receivers]]).astype(np.int64)
    weights = instance.weights[np.ix_(rows, jobs)]
    # Reduced-cost fixing: a pair that cannot be in a solution below the incumbent.
    allowed = (lp_value + reduced_costs[np.ix_(rows, jobs)] < best_cost) & (
        weights <= caps[:, None])
    local = {a: k for k, a in enumerate(agents)}
    allowed[[local[a] for a in best[jobs]], np.arange(len(jobs))] = True
    sub = model_class(len(every), len(jobs), allowed=allowed)
    sub.add_assignment()
    sub.add_capacity(weights, caps)
    sub.add_objective(instance.costs[np.ix_(rows, jobs)])
    sub.add_cost_bounds(None, int(instance.costs[best[jobs], jobs].sum()))
    sub.add_hint([local[a] for a in best[jobs]])
    return sub, every


def _group_subproblem(instance: GapInstance, best: np.ndarray, group: np.ndarray,
                      jobs: np.ndarray, best_cost: int, lp_value: float,
                      reduced_costs: np.ndarray, model_class: Any) -> Any:
    """Free ``jobs`` (all on agents of ``group``) and re-place them within ``group``.

    The group's other jobs stay, so each agent offers the room they leave: a
    neighbourhood spanning many agents but few jobs, where chains of moves through
    tight agents become possible.
    """
    cols = np.arange(instance.n_jobs)
    fixed = np.isin(best, group)
    fixed[jobs] = False
    load = np.bincount(best[fixed], weights=instance.weights[best[fixed], cols[fixed]],
                       minlength=instance.n_agents)
    caps = (instance.capacities[group] - load[group]).astype(np.int64)
    weights = instance.weights[np.ix_(group, jobs)]
    allowed = (lp_value + reduced_costs[np.ix_(group, jobs)] < best_cost) & (
        weights <= caps[:, None])
    local = {int(a): k for k, a in enumerate(group)}
    current = [local[int(a)] for a in best[jobs]]
    allowed[current, np.arange(len(jobs))] = True
    sub = model_class(len(group), len(jobs), allowed=allowed)
    sub.add_assignment()
    sub.add_capacity(weights, caps)
    sub.add_objective(instance.costs[np.ix_(group, jobs)])
    sub.add_cost_bounds(None, int(instance.costs[best[jobs], jobs].sum()))
    sub.add_hint(current)
    return sub, [int(a) for a in group]


def agent_lns(
    instance: GapInstance,
    assignment: np.ndarray,
    deadline: float,
    rng: np.random.Generator,
    workers: int,
    lp_value: float,
    reduced_costs: np.ndarray,
    solve: Callable[[Any, float], tuple[list[int] | None, SolverStats]],
    model_class: Any,
    stall: float = float("inf"),
    max_step: float = 16.0,
    p_group: float = 0.3,
    exchange: Callable[[np.ndarray, int], tuple[np.ndarray, int]] | None = None,
) -> tuple[np.ndarray, bool]:
    """Improve ``assignment`` by re-solving a few agents at a time until ``deadline``.

    ``model_class`` is :class:`matcher.solver.gap.GapModel` and ``solve(model,
    seconds)`` solves it single-threaded (both passed in to keep this module free of
    a circular import). Each round solves ``workers`` subproblems on disjoint agent
    subsets in parallel threads (CP-SAT releases the GIL), so their improvements
    combine. The subset size adapts: it grows while subproblems solve to optimality
    fast and shrinks when they time out. A share ``p_group`` of the rounds uses group
    neighbourhoods instead (:func:`_group_subproblem`: half the agents each, some of
    their jobs freed). After ``stall`` seconds without improvement the search
    escalates: the time per subproblem doubles (up to ``max_step`` seconds) and the
    largest subset grows by two agents, so neighbourhoods the small ones could not
    reach are tried. It stops when it stalls at the largest step, leaving the time to
    the exact full model.

    ``exchange(best, cost)``, when given, is called each round with the LNS's best
    and returns the best known to another search running beside it (the tabu
    walk); a cheaper one is adopted and counts as progress.

    Returns
    -------
    (best assignment, stalled):
        ``stalled`` is True when the search stopped for lack of improvement (or had
        nothing left to try) rather than at the deadline.
    """
    best = np.asarray(assignment).copy()
    best_cost = assignment_cost(instance, best)
    m = instance.n_agents
    # Measured on chu1997 d20100: small subsets (3-5 agents plus receivers) solved
    # to optimality in well under a second do best at first; larger ones mostly time
    # out. Once the small ones are exhausted, bigger and longer ones (escalation) find
    # more: d20100 at 60 s went from 6236 to 6218-6222 with it.
    size, max_size = min(m, 3), min(m, 5)
    step_limit = 0.5
    batch = max(1, min(workers, m // 2))
    cols = np.arange(instance.n_jobs)
    # Subproblems already solved to optimality without change: nothing to gain there.
    settled: set[_Key] = set()
    misses = 0
    n_free, max_free = min(instance.n_jobs, 20), instance.n_jobs
    last_gain = time.perf_counter()
    with ThreadPoolExecutor(max_workers=batch) as pool:
        while m > 1:
            if exchange is not None:
                offered, offered_cost = exchange(best, best_cost)
                if offered_cost < best_cost:
                    best, best_cost = offered, offered_cost
                    last_gain = time.perf_counter()
            if time.perf_counter() >= last_gain + stall - 0.05 and step_limit < max_step:
                # Stalled: the small neighbourhoods are exhausted; allow bigger, longer ones.
                step_limit *= 2
                max_size = min(m, max_size + 2)
                settled.clear()
                last_gain = time.perf_counter()
            if time.perf_counter() >= min(deadline, last_gain + stall) - 0.05:
                break
            limit = min(step_limit, deadline - time.perf_counter())
            if limit <= 0.02:
                break
            work: list[tuple[list[int], np.ndarray, _Key | None, Future[_Solved]]] = []
            taken: set[int] = set()
            subsets = []
            group_mode = rng.random() < p_group
            if group_mode:
                groups = np.array_split(rng.permutation(m), batch)
                own = instance.costs[best, cols]
                for group in groups:
                    on = np.nonzero(np.isin(best, group))[0]
                    if len(on) == 0:
                        continue
                    gain = own[on] - instance.costs[np.ix_(group, on)].min(axis=0) + 1.0
                    k = min(len(on), n_free)
                    jobs = np.sort(rng.choice(on, size=k, replace=False, p=gain / gain.sum()))
                    sub, every = _group_subproblem(instance, best, group, jobs, best_cost,
                                                   lp_value, reduced_costs, model_class)
                    work.append((every, jobs, None, pool.submit(solve, sub, limit)))
            for _ in range(0 if group_mode else batch):
                agents = _pick_agents(instance, best, size, rng, taken)
                jobs = np.nonzero(np.isin(best, agents))[0]
                key = (frozenset(agents), jobs.tobytes())
                if len(agents) < 2 or len(jobs) == 0 or key in settled:
                    continue
                taken.update(agents)
                subsets.append((agents, jobs, key))
            # The other agents' spare room, shared out so that subsets stay disjoint.
            load = np.bincount(best, weights=instance.weights[best, cols], minlength=m)
            room = instance.capacities - load.astype(np.int64)
            spare = [a for a in rng.permutation(m) if a not in taken and room[a] > 0]
            for k, (agents, jobs, key) in enumerate(subsets):
                receivers = [int(a) for a in spare[k::max(1, len(subsets))]]
                sub, every = _subproblem(instance, best, agents, jobs, receivers, room, best_cost,
                                         lp_value, reduced_costs, model_class)
                work.append((every, jobs, key, pool.submit(solve, sub, limit)))
            if not work:
                misses += 1
                if misses > 50:
                    if size >= max_size:
                        return best, True
                    size, misses = size + 1, 0
                continue
            candidate = best.copy()
            timed_out = fast = 0
            for agents, jobs, done_key, future in work:
                found, stats = future.result()
                if found is not None:
                    candidate[jobs] = np.asarray(agents)[np.asarray(found)]
                if stats.status == "OPTIMAL":
                    fast += stats.seconds < 0.3 * step_limit
                    if done_key is not None and found is not None and \
                            int(instance.costs[candidate[jobs], jobs].sum()) \
                            >= int(instance.costs[best[jobs], jobs].sum()):
                        settled.add(done_key)
                else:
                    timed_out += 1
            cost = int(instance.costs[candidate, cols].sum())
            if cost < best_cost:
                best = _descent(instance, candidate)
                best_cost = assignment_cost(instance, best)
                last_gain = time.perf_counter()
            if group_mode:
                if timed_out:
                    n_free = max(5, int(n_free * 0.8))
                elif fast == len(work):
                    n_free = min(max_free, n_free + 2)
            elif timed_out:
                size = max(2, size - 1)
            elif fast == len(work):
                size = min(max_size, size + 1)
    return best, time.perf_counter() >= last_gain + stall - 0.05 or m <= 1
