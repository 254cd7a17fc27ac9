"""A tabu search for the GAP with adaptive capacity penalties, compiled with Numba.

The agent-subset LNS (:mod:`matcher.solver.gap_search`) solves small subproblems
exactly, but on the tight Chu-Beasley type D instances the good solutions lie
behind long chains of moves through full agents. A tabu search that may overfill
agents for a while, at a price per unit of excess that adapts (strategic
oscillation, as in Diaz and Fernandez 2001 and Yagiura et al. 2004), walks those
chains. It needs hundreds of thousands of moves per second, which is why the
kernel is compiled with Numba (``nogil``, so it runs beside CP-SAT threads).

Each iteration evaluates every shift (one job to another agent), every swap (two
jobs on different agents trade agents) and every ejection chain of two shifts
(job 1 moves into agent 2, pushing one of agent 2's jobs on to the best third
agent) under the penalised cost ``cost + alpha * sum_i max(0, load_i - cap_i)``,
and makes the best move that is not tabu (a job may not return to the agent it
just left for a few iterations), unless a shift or swap gives a feasible solution
better than the best found (aspiration). ``alpha`` grows each iteration the walk
is infeasible and shrinks each iteration it is feasible, so the walk oscillates
around the capacity boundary. After a long run without a better feasible
solution it restarts from the best one with a fresh price.
"""

from __future__ import annotations

import threading

import numpy as np
from numba import njit

from matcher.gap.orlibrary import GapInstance

# Work per compiled call, in move evaluations: about 0.1 s, so a stop request is
# seen soon on any size.
_EVALUATIONS_PER_CALL = 20_000_000


@njit(cache=True, nogil=True)
def _excess(load: float, cap: float) -> float:
    return load - cap if load > cap else 0.0


@njit(cache=True, nogil=True)
def _keep(delta: float, best_delta: float, ties: int) -> tuple[bool, float, int]:
    """Whether a move of penalised change ``delta`` (at most ``best_delta``) becomes the
    move to make; equal ones are kept with equal chance (reservoir sampling)."""
    if delta < best_delta:
        return True, delta, 1
    ties += 1
    return np.random.randint(ties) == 0, best_delta, ties


@njit(cache=True, nogil=True)
def _tabu_chunk(c, w, cap, a, load, alpha, tabu, best_a, state, iters, seed):  # noqa: C901
    """Run ``iters`` tabu iterations in place.

    ``state`` is float64 ``[iteration, best_cost, cost, since_best, tenure_lo, tenure_hi,
    restart_after, alpha0, grow, shrink, total_excess, chains]``; the arrays
    (assignment, loads, penalties, tabu expiry, best assignment) change in place.
    """
    np.random.seed(seed)
    m, n = c.shape
    it = int(state[0])
    best_cost = state[1]
    cost = state[2]
    since = int(state[3])
    t_lo, t_hi = int(state[4]), int(state[5])
    restart_after = int(state[6])
    alpha0, grow, shrink = state[7], state[8], state[9]
    chains = state[11] > 0.0
    members = np.empty(n, dtype=np.int64)
    first = np.empty(m + 1, dtype=np.int64)
    top_agent = np.empty((n, 3), dtype=np.int64)
    top_delta = np.empty((n, 3), dtype=np.float64)
    for _ in range(iters):
        it += 1
        best_delta = 1e300
        mv_kind = -1
        mv_j1 = -1
        mv_j2 = -1
        mv_i = -1
        ties = 0
        # Shifts.
        for j in range(n):
            p = a[j]
            wp = w[p, j]
            lp = load[p]
            out_pen = alpha[p] * (_excess(lp - wp, cap[p]) - _excess(lp, cap[p]))
            cp = c[p, j]
            for i in range(m):
                if i == p:
                    continue
                li = load[i]
                dpen = out_pen + alpha[i] * (_excess(li + w[i, j], cap[i]) - _excess(li, cap[i]))
                dcost = c[i, j] - cp
                delta = dcost + dpen
                if delta > best_delta:
                    continue
                if tabu[i, j] > it:
                    # Aspiration: a feasible move to a new best feasible solution.
                    if not (cost + dcost < best_cost and state[10] + _total_dex_shift(
                            load, cap, p, i, wp, w[i, j]) <= 0.0):
                        continue
                take, best_delta, ties = _keep(delta, best_delta, ties)
                if not take:
                    continue
                mv_kind, mv_j1, mv_i = 0, j, i
        # Swaps.
        for j1 in range(n):
            p1 = a[j1]
            for j2 in range(j1 + 1, n):
                p2 = a[j2]
                if p1 == p2:
                    continue
                n1 = load[p1] - w[p1, j1] + w[p1, j2]
                n2 = load[p2] - w[p2, j2] + w[p2, j1]
                dpen = alpha[p1] * (_excess(n1, cap[p1]) - _excess(load[p1], cap[p1])) + \
                    alpha[p2] * (_excess(n2, cap[p2]) - _excess(load[p2], cap[p2]))
                dcost = c[p2, j1] + c[p1, j2] - c[p1, j1] - c[p2, j2]
                delta = dcost + dpen
                if delta > best_delta:
                    continue
                if tabu[p2, j1] > it or tabu[p1, j2] > it:
                    dex = _excess(n1, cap[p1]) - _excess(load[p1], cap[p1]) + \
                        _excess(n2, cap[p2]) - _excess(load[p2], cap[p2])
                    if not (cost + dcost < best_cost and state[10] + dex <= 0.0):
                        continue
                take, best_delta, ties = _keep(delta, best_delta, ties)
                if not take:
                    continue
                mv_kind, mv_j1, mv_j2 = 1, j1, j2
        # Ejection chains of two shifts: j1 goes p1 -> p2, pushing j2 out of p2 to p3.
        if chains:
            # Jobs per agent, and each job's three best agents to be pushed to.
            first[:] = 0
            for j in range(n):
                first[a[j] + 1] += 1
            for i in range(m):
                first[i + 1] += first[i]
            fill = first[:m].copy()
            for j in range(n):
                members[fill[a[j]]] = j
                fill[a[j]] += 1
            for j in range(n):
                p = a[j]
                for k in range(3):
                    top_agent[j, k] = -1
                    top_delta[j, k] = 1e300
                for i in range(m):
                    if i == p or tabu[i, j] > it:
                        continue
                    d = c[i, j] + alpha[i] * (_excess(load[i] + w[i, j], cap[i]) -
                                              _excess(load[i], cap[i]))
                    if d < top_delta[j, 2]:
                        k = 2
                        while k > 0 and d < top_delta[j, k - 1]:
                            top_delta[j, k] = top_delta[j, k - 1]
                            top_agent[j, k] = top_agent[j, k - 1]
                            k -= 1
                        top_delta[j, k] = d
                        top_agent[j, k] = i
            for j1 in range(n):
                p1 = a[j1]
                w1 = w[p1, j1]
                out1 = c[p1, j1]
                d1 = alpha[p1] * (_excess(load[p1] - w1, cap[p1]) - _excess(load[p1], cap[p1]))
                for p2 in range(m):
                    if p2 == p1 or tabu[p2, j1] > it:
                        continue
                    base = d1 + c[p2, j1] - out1
                    l2 = load[p2] + w[p2, j1]
                    e2 = _excess(load[p2], cap[p2])
                    for q in range(first[p2], first[p2 + 1]):
                        j2 = members[q]
                        k = 0
                        while k < 3 and top_agent[j2, k] == p1:
                            k += 1
                        if k == 3 or top_agent[j2, k] < 0:
                            continue
                        delta = base + top_delta[j2, k] - c[p2, j2] + alpha[p2] * (
                            _excess(l2 - w[p2, j2], cap[p2]) - e2)
                        if delta > best_delta:
                            continue
                        take, best_delta, ties = _keep(delta, best_delta, ties)
                        if not take:
                            continue
                        mv_kind, mv_j1, mv_j2, mv_i = 2, j1, j2, top_agent[j2, k]
        # Apply the move (none when every move is tabu: the tabu lists then expire).
        if mv_kind == 0:
            j = mv_j1
            p = a[j]
            i = mv_i
            cost += c[i, j] - c[p, j]
            load[p] -= w[p, j]
            load[i] += w[i, j]
            a[j] = i
            tabu[p, j] = it + t_lo + np.random.randint(t_hi - t_lo + 1)
        elif mv_kind == 2:
            j1, j2, p3 = mv_j1, mv_j2, mv_i
            p1, p2 = a[j1], a[j2]
            cost += c[p2, j1] - c[p1, j1] + c[p3, j2] - c[p2, j2]
            load[p1] -= w[p1, j1]
            load[p2] += w[p2, j1] - w[p2, j2]
            load[p3] += w[p3, j2]
            a[j1], a[j2] = p2, p3
            tabu[p1, j1] = it + t_lo + np.random.randint(t_hi - t_lo + 1)
            tabu[p2, j2] = it + t_lo + np.random.randint(t_hi - t_lo + 1)
        elif mv_kind == 1:
            j1, j2 = mv_j1, mv_j2
            p1, p2 = a[j1], a[j2]
            cost += c[p2, j1] + c[p1, j2] - c[p1, j1] - c[p2, j2]
            load[p1] += w[p1, j2] - w[p1, j1]
            load[p2] += w[p2, j1] - w[p2, j2]
            a[j1], a[j2] = p2, p1
            tabu[p1, j1] = it + t_lo + np.random.randint(t_hi - t_lo + 1)
            tabu[p2, j2] = it + t_lo + np.random.randint(t_hi - t_lo + 1)
        # Excess and penalties.
        total_ex = 0.0
        for i in range(m):
            total_ex += _excess(load[i], cap[i])
        # One price for every agent: up while the walk is infeasible, down while not.
        f = grow if total_ex > 0.0 else shrink
        for i in range(m):
            alpha[i] *= f
            if alpha[i] < 1e-3 * alpha0:
                alpha[i] = 1e-3 * alpha0
        state[10] = total_ex
        since += 1
        if total_ex <= 0.0 and cost < best_cost:
            best_cost = cost
            for j in range(n):
                best_a[j] = a[j]
            since = 0
        if since >= restart_after:
            # Restart from the best feasible solution with fresh penalties.
            for i in range(m):
                load[i] = 0.0
                alpha[i] = alpha0
            for j in range(n):
                a[j] = best_a[j]
                load[a[j]] += w[a[j], j]
                for i in range(m):
                    tabu[i, j] = 0
            cost = best_cost
            state[10] = 0.0
            since = 0
    state[0] = it
    state[1] = best_cost
    state[2] = cost
    state[3] = since


@njit(cache=True, nogil=True)
def _total_dex_shift(load, cap, p, i, wp, wi):
    """Change of total excess when a job of weight ``wp`` leaves ``p`` and ``wi`` joins ``i``."""
    return _excess(load[p] - wp, cap[p]) - _excess(load[p], cap[p]) + \
        _excess(load[i] + wi, cap[i]) - _excess(load[i], cap[i])


class TabuSearch:
    """The tabu walk's state between compiled calls: start, run, read, restart.

    Parameters
    ----------
    instance, start:
        The GAP and a feasible assignment (agent per job) to start from.
    seed:
        Seeds the tie-breaking and tenures; the walk is reproducible per seed.
    tenure:
        Iterations a job may not return to the agent it left, drawn in ``[lo, hi]``.
        Measured on chu1997 d20100: short tenures (2-6) do best.
    restart_after:
        Iterations without a better feasible solution before the walk restarts from
        its best (default ``50 n``).
    grow, shrink:
        Factors on the price per iteration spent infeasible / feasible, so that the
        walk spends about half its time on each side of the capacity boundary.
    chains:
        Also evaluate ejection chains of two shifts (about three times the work per
        iteration; on d20100 a few units better at equal time).
    """

    def __init__(self, instance: GapInstance, start: np.ndarray, seed: int = 0,
                 tenure: tuple[int, int] = (2, 6), restart_after: int | None = None,
                 grow: float = 1.02, shrink: float = 0.98, chains: bool = True) -> None:
        self.c = instance.costs.astype(np.float64)
        self.w = instance.weights.astype(np.float64)
        self.cap = instance.capacities.astype(np.float64)
        m, n = self.c.shape
        self.seed = seed
        self.calls = 0
        self.iterations_per_call = max(10, _EVALUATIONS_PER_CALL // (n * n // 2 + m * n))
        # Start the price of a unit of excess at the mean cost per unit of weight.
        self.alpha0 = float(self.c.mean() / max(self.w.mean(), 1e-9))
        restart = restart_after if restart_after is not None else 50 * n
        lo, hi = tenure
        self.state = np.array(
            [0, 0, 0, 0, lo, hi, restart, self.alpha0, grow, shrink, 0.0, float(chains)],
            dtype=np.float64
        )
        self.a = np.zeros(n, dtype=np.int64)
        self.best_a = np.zeros(n, dtype=np.int64)
        self.load = np.zeros(m)
        self.alpha = np.zeros(m)
        self.tabu = np.zeros((m, n), dtype=np.int64)
        self.restart(start)

    def restart(self, assignment: np.ndarray) -> None:
        """Continue from the feasible ``assignment`` (it becomes the best), penalties fresh."""
        n = len(self.a)
        self.a[:] = assignment
        self.best_a[:] = assignment
        self.load[:] = 0.0
        np.add.at(self.load, self.a, self.w[self.a, np.arange(n)])
        self.alpha[:] = self.alpha0
        self.tabu[:] = 0
        cost = float(self.c[self.a, np.arange(n)].sum())
        self.state[1] = self.state[2] = cost
        self.state[3] = 0
        self.state[10] = 0.0

    @property
    def best_cost(self) -> int:
        """Cost of the best feasible assignment found."""
        return int(round(self.state[1]))

    @property
    def stagnant(self) -> int:
        """Iterations since the best feasible assignment last improved."""
        return int(self.state[3])

    def run(self, iterations: int | None = None) -> bool:
        """Walk ``iterations`` more moves (compiled, without the GIL).

        Returns False, doing nothing, when the instance has no move at all (one agent).
        """
        if self.c.shape[0] < 2:
            return False
        count = self.iterations_per_call if iterations is None else iterations
        _tabu_chunk(self.c, self.w, self.cap, self.a, self.load, self.alpha, self.tabu,
                    self.best_a, self.state, count, self.seed * 100_003 + self.calls)
        self.calls += 1
        return True


class SharedBest:
    """The best assignment that searches running side by side have found (thread-safe)."""

    def __init__(self, assignment: np.ndarray, cost: int) -> None:
        self._lock = threading.Lock()
        self._assignment = np.asarray(assignment).copy()
        self._cost = int(cost)

    def best(self) -> np.ndarray:
        """A copy of the best assignment."""
        with self._lock:
            return self._assignment.copy()

    def exchange(self, assignment: np.ndarray, cost: int) -> tuple[np.ndarray, int]:
        """Offer ``assignment``; return the best known (a copy) and its cost."""
        with self._lock:
            if cost < self._cost:
                self._assignment = np.asarray(assignment).copy()
                self._cost = int(cost)
            return self._assignment.copy(), self._cost


def walk_beside(instance: GapInstance, shared: SharedBest, stop: threading.Event,
                seed: int = 0, paused: threading.Event | None = None) -> None:
    """Run a tabu walk until ``stop`` is set, offering each new best through ``shared``.

    Meant for a thread next to the LNS: each compiled call releases the GIL. While
    ``paused`` is set the walk waits (leaving its core to a CP-SAT proof). The walk
    starts from the shared best but never jumps back to it: measured on chu1997
    d20100 (60 s, 2 workers), a walk that restarted from the LNS's better solutions
    ended at 6211-6239, an independent one at 6211-6217, because it keeps exploring
    basins the LNS is not in while the LNS polishes whatever is best.
    """
    walk = TabuSearch(instance, shared.best(), seed)
    while not stop.is_set():
        if paused is not None and paused.is_set():
            stop.wait(0.05)
            continue
        if not walk.run():
            return
        shared.exchange(walk.best_a, walk.best_cost)
