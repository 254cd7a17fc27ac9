"""Shared result and option types: every optimisation reports status, objective, bound, time."""

from __future__ import annotations

import math
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
    ``bound`` is None when no bound was proven (JSON ``null``): a bound is never
    invented from the objective.
    """

    status: str
    objective: float
    bound: float | None
    seconds: float

    @property
    def gap(self) -> float | None:
        """Relative distance between objective and bound (0 when proven optimal).

        None when no bound was proven: the distance is then unknown, not zero.
        """
        if self.status == "OPTIMAL":
            return 0.0
        if self.bound is None or not math.isfinite(self.bound) \
                or not math.isfinite(self.objective):
            return None
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
            # One subproblem without a proven bound leaves the whole without one.
            None if any(p.bound is None for p in parts) else sum(p.bound for p in parts),  # type: ignore[misc]
            sum(p.seconds for p in parts),
        )


class BoundError(RuntimeError):
    """A solver bound on the wrong side of its objective: a bug, never bad input."""


def check_bound(stats: SolverStats, maximise: bool = True, tolerance: float = 1e-6) -> SolverStats:
    """Return ``stats`` unchanged when its bound is on the right side of the objective.

    A maximisation's bound must be at least its objective, a minimisation's at most.
    A bound on the wrong side is never clamped into place (that would invent one).

    Raises
    ------
    BoundError
        When the bound is on the wrong side by more than ``tolerance`` (relative).
    """
    if stats.bound is None or not math.isfinite(stats.objective):
        return stats
    slack = tolerance * max(1.0, abs(stats.objective))
    wrong = stats.bound < stats.objective - slack if maximise \
        else stats.bound > stats.objective + slack
    if wrong:
        side = "below" if maximise else "above"
        raise BoundError(f"bound {stats.bound!r} is {side} the objective {stats.objective!r} "
                         f"({stats.status})")
    return stats
