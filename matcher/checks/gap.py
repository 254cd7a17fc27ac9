"""Independent check of a GAP answer, in plain Python (no NumPy tricks, no solver).

Recomputes the cost and every agent's load from the instance data, so a solver's
answer is verified without trusting the solver.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from matcher.gap.orlibrary import GapInstance


@dataclass(frozen=True)
class GapCheck:
    """Cost and feasibility of an assignment, with one line per broken rule."""

    cost: int
    feasible: bool
    problems: list[str] = field(default_factory=list)


def check_gap_assignment(instance: GapInstance, assignment: Sequence[int]) -> GapCheck:
    """Check that every job has exactly one valid agent and no agent is over capacity."""
    m, n = instance.n_agents, instance.n_jobs
    costs = instance.costs.tolist()
    weights = instance.weights.tolist()
    caps = instance.capacities.tolist()
    problems: list[str] = []
    if len(assignment) != n:
        return GapCheck(0, False, [f"{len(assignment)} jobs assigned, the instance has {n}"])
    load = [0] * m
    cost = 0
    for job, agent in enumerate(assignment):
        agent = int(agent)
        if not 0 <= agent < m:
            problems.append(f"job {job} has no valid agent ({agent})")
            continue
        load[agent] += weights[agent][job]
        cost += costs[agent][job]
    for agent in range(m):
        if load[agent] > caps[agent]:
            problems.append(f"agent {agent} uses {load[agent]}, capacity {caps[agent]}")
    return GapCheck(cost, not problems, problems)
