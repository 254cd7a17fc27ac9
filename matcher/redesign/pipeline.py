"""Functiecreatie: from a work analysis to new functions, with the effect on staff and cost.

The chain: decide carve-ability per task (:mod:`matcher.redesign.carveable`), turn the
carve-able work into integer units per (department, time of day)
(:mod:`matcher.redesign.splitting`), bundle each such independent subproblem with CP-SAT
starting from a greedy first-fit hint (:mod:`matcher.solver.bundling`,
:mod:`matcher.redesign.greedy`), check the proposal with the independent evaluator
(:mod:`matcher.checks.redesign`), and compute the effect
(:mod:`matcher.redesign.impact`). docs/redesign.md explains the model.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from matcher.checks.redesign import Evaluation, evaluate
from matcher.errors import AnswerRejected
from matcher.policy import Policy
from matcher.progress import cancelled, step
from matcher.redesign.carveable import (
    DEFAULT_POLICY,
    Reason,
    TaskDecision,
    carve_units,
    decide,
)
from matcher.redesign.functions import NewFunction, TaskPart
from matcher.redesign.greedy import first_fit
from matcher.redesign.impact import Impact, compute_impact
from matcher.redesign.splitting import (
    SCALE,
    Assignment,
    Subproblem,
    Weights,
    assignment_terms,
    lexicographic_weights,
    subproblems,
)
from matcher.results import SolveOptions, SolverStats
from matcher.solver.bundling import solve_bundling
from taskmodels.messages import msg
from taskmodels.models import Inventory

if TYPE_CHECKING:
    from matcher.reports.models import RedesignReport

DEFAULT_OPTIONS = SolveOptions()


class ProposalRejected(AnswerRejected):
    """The evaluator found a broken rule in a proposal: a bug, never bad input."""


@dataclass(frozen=True)
class RedesignResult:
    """New functions for one organisation, with decisions, effect and solver figures.

    ``solver.objective`` and ``solver.bound`` are in the units of ``weights``
    (see :class:`matcher.redesign.splitting.Weights`); ``evaluation`` holds the same
    objective's terms recomputed independently.
    """

    organisation: str
    policy: Policy
    decisions: list[TaskDecision]
    functions: list[NewFunction]
    impact: Impact
    solver: SolverStats
    weights: Weights
    evaluation: Evaluation
    subproblem_count: int = 0
    notes: dict[str, Reason] = field(default_factory=dict)
    hours_bound: float = 0.0

    def to_report(self) -> dict[str, object]:
        """The JSON report of FORMATS.md section 4 (``matches`` and ``unmatched`` empty)."""
        return self.report().model_dump(mode="json")

    def report(self) -> RedesignReport:
        """The report as its pydantic model (:func:`matcher.reports.assemble.redesign_report`)."""
        from matcher.reports.assemble import redesign_report  # the assembly imports this module

        return redesign_report(self)

    def summary(self, lang: str = "nl") -> str:
        """A readable summary: new functions, effect per role, totals, solver status."""
        from matcher.reports.summaries import redesign_summary

        return redesign_summary(self.report(), lang)


def department_codes(departments: list[str]) -> dict[str, str]:
    """A short, unique, readable code per department (``Keuken`` -> ``KEU``).

    Several words give their initials (``Verpleegafdeling Chirurgie`` -> ``VC``);
    a clash gets a number (``KEU2``). Codes depend only on the sorted names, so
    they are stable from run to run.
    """
    codes: dict[str, str] = {}
    used: set[str] = set()
    for dep in sorted(set(departments)):
        words = re.findall(r"[A-Za-z0-9]+", dep)
        if len(words) >= 2:
            base = "".join(w[0] for w in words[:4]).upper()
        else:
            base = (words[0][:3] if words else "AFD").upper()
        code, n = base, 2
        while code in used:
            code, n = f"{base}{n}", n + 1
        used.add(code)
        codes[dep] = code
    return codes


def _to_functions(pairs: list[tuple[Subproblem, Assignment]], inventory: Inventory) -> list[NewFunction]:
    """Solver assignments as named new functions (NF-<department code>-<n>)."""
    tasks = inventory.task_by_id()
    codes = department_codes([t.department for t in inventory.tasks])
    counter: dict[str, int] = {}
    out: list[NewFunction] = []
    for sub, assignment in pairs:
        ordered = sorted(assignment, key=lambda fn: (-sum(h for _, h in fn), min(i for i, _ in fn)))
        for fn in ordered:
            parts: list[TaskPart] = []
            for i, h in sorted(fn):
                piece = sub.pieces[i]
                if piece.splittable:
                    parts.append(TaskPart(piece.unit.task_ids[0], h / SCALE))
                else:  # a whole unit: every member task with all its hours
                    parts.extend(TaskPart(tid, tasks[tid].hours_per_week)
                                 for tid in piece.unit.task_ids)
            code = codes[sub.department]
            counter[code] = counter.get(code, 0) + 1
            out.append(NewFunction.from_parts(f"NF-{code}-{counter[code]}", parts, tasks))
    return out


def _budgets(subs: list[Subproblem]) -> list[int]:
    """The size of each subproblem's model (unit-function pairs), for sharing time."""
    return [max(1, len(s.pieces) * max(s.max_functions, 1)) for s in subs]


def run_redesign(
    inventory: Inventory,
    policy: Policy = DEFAULT_POLICY,
    options: SolveOptions = DEFAULT_OPTIONS,
) -> RedesignResult:
    """Decide carve-ability, bundle new functions, check them and compute the effect.

    The time limit is shared by the subproblems in proportion to their size; time a
    small one leaves unused passes on to the others. A subproblem's answer is never
    worse than the greedy first-fit bundling (which is also the solver's hint).

    Raises
    ------
    ProposalRejected
        When the independent evaluator rejects the proposal (a bug, never input).
    """
    start = time.perf_counter()
    decisions = decide(inventory, policy)
    subs = subproblems(carve_units(inventory, decisions), inventory, policy)
    weights = lexicographic_weights(subs)
    sizes = _budgets(subs)
    order = sorted(range(len(subs)), key=lambda k: sizes[k])  # small first: spare time flows on
    remaining_size = sum(sizes)
    results: dict[int, tuple[Assignment, SolverStats]] = {}
    bound_hundredths = 0
    step("redesign", 0, len(subs), "progress.redesign.start", subproblems=len(subs))
    for done, k in enumerate(order, start=1):
        sub = subs[k]
        left = options.time_limit - (time.perf_counter() - start)
        budget = max(0.05, left * sizes[k] / remaining_size)
        remaining_size -= sizes[k]
        hint = first_fit(sub)
        if cancelled():
            # Stopped: the greedy bundling is valid and immediate; no bound is proven.
            results[k] = (hint, SolverStats("FEASIBLE", float(weights.objective(
                *assignment_terms(sub, hint))), None, 0.0))
            bound_hundredths += sub.total_hours  # all of it: the only bound known
            step("redesign", done, len(subs), "progress.redesign.subproblem", number=done,
                 count=len(subs), department=sub.department,
                 time_of_day=f"time.{sub.time_of_day}")
            continue
        solved = solve_bundling(sub, weights, hint, budget, options.workers, options.seed)
        greedy_objective = weights.objective(*assignment_terms(sub, hint))
        bound_hundredths += solved.hours_bound
        if solved.stats.status in ("OPTIMAL", "FEASIBLE") and \
                weights.objective(*solved.terms) >= greedy_objective:
            results[k] = (solved.assignment, solved.stats)
        else:  # no better answer in time: keep the greedy one, with the solver's bound
            s = solved.stats
            status = "FEASIBLE" if s.status in ("OPTIMAL", "FEASIBLE", "UNKNOWN") else s.status
            results[k] = (hint, SolverStats(status, float(greedy_objective), s.bound, s.seconds))
        step("redesign", done, len(subs), "progress.redesign.subproblem", number=done,
             count=len(subs), department=sub.department, time_of_day=f"time.{sub.time_of_day}")
    pairs = [(subs[k], results[k][0]) for k in range(len(subs))]
    functions = _to_functions(pairs, inventory)
    evaluation = evaluate(inventory, policy, functions)
    if not evaluation.feasible:
        raise ProposalRejected("; ".join(str(v) for v in evaluation.violations))
    stats = SolverStats.combine([results[k][1] for k in range(len(subs))])
    stats = SolverStats("CANCELLED" if cancelled() else stats.status, stats.objective,
                        stats.bound, round(time.perf_counter() - start, 3))
    return RedesignResult(
        organisation=inventory.organisation, policy=policy, decisions=decisions,
        functions=functions, impact=compute_impact(inventory, policy, functions),
        solver=stats, weights=weights, evaluation=evaluation, subproblem_count=len(subs),
        notes=_unplaced_notes(subs, functions, inventory, policy),
        hours_bound=bound_hundredths / SCALE,
    )


def _unplaced_notes(subs: list[Subproblem], functions: list[NewFunction],
                    inventory: Inventory, policy: Policy) -> dict[str, Reason]:
    """Why carve-able hours were left with today's role (fully or in part)."""
    carved: dict[str, float] = {}
    for fn in functions:
        for p in fn.parts:
            carved[p.task_id] = carved.get(p.task_id, 0.0) + p.hours
    tasks = inventory.task_by_id()
    notes: dict[str, Reason] = {}
    for sub in subs:
        total = sub.total_hours / SCALE
        for piece in sub.pieces:
            for tid in piece.unit.task_ids:
                rest = tasks[tid].hours_per_week - carved.get(tid, 0.0)
                if rest <= 1e-6:
                    continue
                if total < policy.min_function_hours:
                    notes[tid] = Reason("too_little_work", msg(
                        "carve.too_little_work", department=sub.department,
                        time=f"time.{sub.time_of_day}", total=total,
                        min_hours=policy.min_function_hours))
                else:
                    notes[tid] = Reason("not_bundled", msg("carve.not_bundled", hours=rest))
    return notes


def greedy_redesign(inventory: Inventory, policy: Policy = DEFAULT_POLICY) -> list[NewFunction]:
    """The greedy first-fit baseline alone (for comparison and benchmarks)."""
    decisions = decide(inventory, policy)
    subs = subproblems(carve_units(inventory, decisions), inventory, policy)
    return _to_functions([(s, first_fit(s)) for s in subs], inventory)
