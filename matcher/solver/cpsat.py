"""Running a CP-SAT model: parameters from :class:`SolveOptions`, stats back.

Every model in this package is solved through :func:`run_cpsat`, so they all
report the same way (status, objective, bound, seconds) and use the machine the
same way (``workers`` threads, a wall-time limit, a fixed seed).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from matcher.progress import cancel_event
from matcher.results import SolverStats

#: How often the cancel watcher looks at the event (seconds): well inside the
#: 2-second promise of FORMATS.md section 5.
CANCEL_POLL = 0.05

STATUS_NAMES: dict[Any, str] = {  # CpSolverStatus members (ints)
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.MODEL_INVALID: "UNKNOWN",
    cp_model.UNKNOWN: "UNKNOWN",
}


@dataclass(frozen=True)
class CpSatSettings:
    """How to run one CP-SAT solve.

    ``linearization_level=2`` puts the knapsack rows into CP-SAT's LP with cuts,
    which is where the bound on assignment problems comes from.
    """

    time_limit: float
    workers: int = 2
    seed: int = 0
    linearization_level: int = 2
    stop_at_first: bool = False
    log: bool = False


def run_cpsat(
    model: cp_model.CpModel, settings: CpSatSettings
) -> tuple[cp_model.CpSolver, SolverStats]:
    """Solve ``model``; return the solver (to read values) and its stats.

    When the model has no objective the objective and bound are 0.
    """
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.01, float(settings.time_limit))
    params.num_workers = max(1, int(settings.workers))
    params.random_seed = int(settings.seed)
    # Ctrl-C belongs to the program (a web server shutting down cleanly), not to CP-SAT.
    params.catch_sigint_signal = False
    params.linearization_level = settings.linearization_level
    params.log_search_progress = settings.log
    if settings.stop_at_first:
        params.stop_after_first_solution = True
    start = time.perf_counter()
    with stop_on_cancel(solver):
        code = solver.Solve(model)
    seconds = time.perf_counter() - start
    status = STATUS_NAMES.get(code, "UNKNOWN")
    has_solution = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    has_objective = model.has_objective()
    objective = solver.ObjectiveValue() if has_solution and has_objective else 0.0
    bound = solver.BestObjectiveBound() if has_objective else 0.0
    if status == "INFEASIBLE" or not has_solution:
        objective = float("nan") if has_objective else 0.0
    if status == "UNKNOWN" and has_objective:
        # Stopped before any solution (time out, or cancel during presolve): CP-SAT
        # then reports a bound it never proved (0 for a maximisation). Say "none
        # proven" as the infinite bound on the objective's own side.
        maximise = model.proto.objective.scaling_factor < 0
        bound = float("inf") if maximise else float("-inf")
    return solver, SolverStats(status, float(objective), float(bound), seconds)


@contextmanager
def stop_on_cancel(solver: cp_model.CpSolver) -> Iterator[None]:
    """Stop ``solver``'s search once the running call's cancel event is set.

    A watcher thread polls the event (:func:`matcher.progress.cancel_event`) and calls
    ``stop_search()``; it keeps calling it while the solve runs, because a stop sent
    before CP-SAT has set up its search is lost. CP-SAT then returns its best
    solution so far, which the caller checks like any other. Without an event (a
    plain library call) nothing is started.
    """
    event = cancel_event()
    if event is None:
        yield
        return
    finished = threading.Event()

    def watch() -> None:
        while not finished.is_set():
            if event.wait(CANCEL_POLL):
                solver.stop_search()
                finished.wait(CANCEL_POLL)

    thread = threading.Thread(target=watch, name="cpsat-cancel", daemon=True)
    thread.start()
    try:
        yield
    finally:
        finished.set()
        thread.join()
