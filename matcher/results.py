"""Shared result and option types: every optimisation reports status, objective, bound, time."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class SolveOptions:
    """How long and how a solver may run (the common command-line options)."""

    time_limit: float = 30.0
    workers: int = 2
    seed: int = 0
    allow_borderline: bool = False


@dataclass(frozen=True)
class SolverStats:
    """What a solve ended with, so a user sees how far from proven optimal it is.

    ``status`` is one of OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN. ``objective`` and
    ``bound`` are in the solver's own objective units (stated by the caller).
    """

    status: str
    objective: float
    bound: float
    seconds: float

    @property
    def gap(self) -> float:
        """Relative distance between objective and bound (0 when proven optimal)."""
        if self.status == "OPTIMAL":
            return 0.0
        denom = max(abs(self.bound), abs(self.objective), 1e-9)
        return abs(self.bound - self.objective) / denom

    def as_report(self) -> dict[str, object]:
        """The ``solver`` object of the JSON report."""
        return asdict(self)

    @staticmethod
    def combine(parts: list[SolverStats]) -> SolverStats:
        """Stats of independent subproblems solved one after another.

        The status is the weakest of the parts; objectives and bounds add up
        (subproblems are independent), seconds add up.
        """
        if not parts:
            return SolverStats("OPTIMAL", 0.0, 0.0, 0.0)
        order = ["INFEASIBLE", "UNKNOWN", "FEASIBLE", "OPTIMAL"]
        status = min((p.status for p in parts), key=order.index)
        return SolverStats(
            status,
            sum(p.objective for p in parts),
            sum(p.bound for p in parts),
            sum(p.seconds for p in parts),
        )
