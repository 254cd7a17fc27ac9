"""Applying edits to a report: a new report of the same kind, recomputed and re-checked.

:func:`apply_edits` works on the report models alone plus the raw inventory and
candidates, so a report saved yesterday can be edited today. After the edits every
figure is recomputed the way a fresh run computes it (functions' hours, demand
profile and conditions from their tasks, the effect on staff and cost, each
match's effective hours and fit score), and the new report is judged by
:func:`matcher.checks.verdict.evaluate_report`. An edit that breaks a rule stays
applied; the verdict names the rule. Nothing is "fixed" behind the user's back.

Two things an edit cannot leave dangling are said out loud instead: a function
left without tasks disappears (and its person becomes unmatched, with that
reason), and a person displaced by a pinned match becomes unmatched, with that
reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from matcher.checks.verdict import Verdict, edits_of, evaluate_report
from matcher.edits.models import (
    EditError,
    ForbidMatch,
    LockTask,
    MovePart,
    PinMatch,
    RemoveFunction,
)
from matcher.matching.fit import FitMatrix
from matcher.matching.pool import fitting_candidates, pool_fit
from matcher.monitor.profiles import build_profiles
from matcher.redesign.functions import NewFunction, TaskPart
from matcher.redesign.impact import compute_impact
from matcher.reports.models import (
    CarveReport,
    FunctionReport,
    MatchEntry,
    MatchReport,
    RedesignReport,
    SolverSummary,
    TaskDecisionReport,
    UnmatchedEntry,
)
from matcher.reports.parts import function_report, impact_report, match_entry, unmatched_entry
from taskmodels.messages import Message, msg
from taskmodels.models import CandidatePool, Inventory

OrganisationReport = RedesignReport | MatchReport | CarveReport

#: Hours below this are no part at all (what is left of a part moved away whole).
_EMPTY = 1e-9


class Edited(NamedTuple):
    """The edited report and its verdict."""

    report: OrganisationReport
    verdict: Verdict


class _State:
    """The proposal being edited: parts per function, who holds which function."""

    def __init__(self, report: OrganisationReport, inventory: Inventory,
                 pool: CandidatePool) -> None:
        self.report = report
        self.tasks = inventory.task_by_id()
        self.people = pool.by_id()
        self.parts: dict[str, dict[str, float]] = {
            r.role_id: {p.task_id: p.hours for p in r.tasks} for r in report.roles}
        self.holder: dict[str, str] = {m.role_id: m.candidate_id for m in report.matches}
        missing = sorted(set(self.holder.values()) - self.people.keys())
        if missing:
            # A match report is edited against the pool it was made with: without the
            # people its matches name, their fit cannot be recomputed.
            raise EditError(f"the report places {', '.join(missing)}, who are not in the "
                            "candidates; edit it with the pool it was made with")
        self.unmatched: dict[str, Message] = {}
        self.locked: set[str] = set()

    # -- people --------------------------------------------------------------------
    def unmatch(self, role_id: str, reason: Message) -> None:
        person = self.holder.pop(role_id, None)
        if person is not None:
            self.unmatched[person] = reason

    def drop_function(self, role_id: str) -> None:
        del self.parts[role_id]
        self.unmatch(role_id, msg("edit.unmatched.function_removed", role_id=role_id))

    def drop_if_empty(self, role_id: str) -> None:
        if role_id in self.parts and not self.parts[role_id]:
            self.drop_function(role_id)

    # -- the edits -----------------------------------------------------------------
    def move(self, e: MovePart) -> None:
        task = self.tasks.get(e.task_id)
        if task is None:
            raise EditError(f"task {e.task_id} is not in the inventory")
        if e.from_role is not None and e.from_role in self.parts:
            held = self.parts[e.from_role].get(e.task_id)
            if held is None:
                raise EditError(f"function {e.from_role} holds no part of task {e.task_id}")
            # Hours beyond the part come from the current role, as the user asked.
            left = held - e.hours
            if left > _EMPTY:
                self.parts[e.from_role][e.task_id] = left
            else:
                del self.parts[e.from_role][e.task_id]
        elif e.from_role is not None and e.from_role != task.role:
            raise EditError(f"{e.from_role} is neither a new function nor the role of {e.task_id}")
        if e.to_role is not None:
            target = self.parts.setdefault(e.to_role, {})
            target[e.task_id] = target.get(e.task_id, 0.0) + e.hours
        if e.from_role is not None:
            self.drop_if_empty(e.from_role)

    def remove(self, e: RemoveFunction) -> None:
        if e.role_id not in self.parts:
            raise EditError(f"function {e.role_id} is not in the report")
        self.drop_function(e.role_id)

    def lock(self, e: LockTask) -> None:
        if e.task_id not in self.tasks:
            raise EditError(f"task {e.task_id} is not in the inventory")
        self.locked.add(e.task_id)
        for role_id in list(self.parts):
            self.parts[role_id].pop(e.task_id, None)
            self.drop_if_empty(role_id)

    def pin(self, e: PinMatch) -> None:
        if isinstance(self.report, RedesignReport):
            raise EditError("a redesign report has no matches; pin in a match or carve report")
        if e.candidate_id not in self.people:
            raise EditError(f"candidate {e.candidate_id} is not in the candidates")
        if e.role_id not in self.parts:
            raise EditError(f"function {e.role_id} is not in the report")
        for role_id, person in list(self.holder.items()):
            if person == e.candidate_id and role_id != e.role_id:
                del self.holder[role_id]
        if self.holder.get(e.role_id) not in (None, e.candidate_id):
            self.unmatch(e.role_id, msg("edit.unmatched.replaced", role_id=e.role_id,
                                        candidate_id=e.candidate_id))
        self.holder[e.role_id] = e.candidate_id
        self.unmatched.pop(e.candidate_id, None)

    def forbid(self, e: ForbidMatch) -> None:
        if self.holder.get(e.role_id) == e.candidate_id:
            self.unmatch(e.role_id, msg("edit.unmatched.forbidden", role_id=e.role_id))


def _functions(state: _State, carve: bool) -> list[NewFunction]:
    """The functions after the edits, every derived field recomputed from the tasks."""
    out = []
    for role_id, parts in state.parts.items():
        person = state.holder.get(role_id) if carve else None
        out.append(NewFunction.from_parts(role_id, [TaskPart(t, h) for t, h in parts.items()],
                                          state.tasks, person))
    return out


def _tasks(report: OrganisationReport, functions: list[NewFunction],
           locked: set[str]) -> list[TaskDecisionReport]:
    carved: dict[str, float] = {}
    for fn in functions:
        for p in fn.parts:
            carved[p.task_id] = carved.get(p.task_id, 0.0) + p.hours
    out = []
    for t in report.tasks:
        update: dict[str, Any] = {"carved_hours": round(carved.get(t.task_id, 0.0), 2)}
        if t.task_id in locked and "locked" not in t.reason_rules:
            reason = msg("edit.locked")
            update.update(
                carveable=False, reasons=[*t.reasons, reason.render("nl")],
                reasons_en=[*t.reasons_en, reason.render("en")],
                reason_codes=[*t.reason_codes, reason] if len(t.reason_codes) == len(t.reasons)
                else t.reason_codes,
                reason_rules=[*t.reason_rules, "locked"])
        out.append(t.model_copy(update=update))
    return out


def _matches(state: _State, functions: list[NewFunction], inventory: Inventory,
             pool: CandidatePool) -> list[MatchEntry]:
    """Each held function's match, effective hours and score recomputed by the scorer."""
    pairs = [(c, r) for r, c in state.holder.items()]
    if not pairs:
        return []
    profiles = build_profiles(pool)
    people = [state.people[c] for c in dict.fromkeys(c for c, _ in pairs)]
    by_f = {f.role_id: f for f in functions}
    # Borderline pairs are scored and marked as such; whether they were allowed is
    # the verdict's question, not the scorer's.
    fm = FitMatrix.build(profiles, people, functions, inventory.task_by_id(),
                         state.report.policy, allow_borderline=True)
    out = []
    for cid, rid in pairs:
        explanation = fm.explain(cid, rid)
        out.append(match_entry(cid, rid, by_f[rid].hours / state.people[cid].productivity,
                               float(explanation["score"]),  # type: ignore[arg-type]
                               list(explanation["borderline"]),  # type: ignore[call-overload]
                               explanation))
    # In the run's own order (by person), so a list a user knows keeps its order after
    # an edit; people the edit newly placed follow, by id.
    order = {m.candidate_id: i for i, m in enumerate(state.report.matches)}
    return sorted(out, key=lambda m: (order.get(m.candidate_id, len(order)), m.candidate_id,
                                      m.role_id))


def _roles(report: OrganisationReport, state: _State, functions: list[NewFunction],
           inventory: Inventory, pool: CandidatePool) -> list[FunctionReport]:
    """The edited functions; a pool-aware report's also with who in the pool fits each.

    Pool-aware match reports say per function how many in the pool fit it, who does,
    who is placed there and whether it is fragile (one person fits). An edit changes
    the functions, so those are counted again on the edited functions (borderline
    fits counted when the report placed someone borderline, as the run allowed them).
    """
    roles = [function_report(fn) for fn in functions]
    if not any("fitting_count" in (r.model_extra or {}) for r in report.roles):
        return roles
    borderline = any(m.borderline for m in report.matches)
    fits = fitting_candidates(inventory, pool, functions, report.policy, borderline,
                              build_profiles(pool))
    return [FunctionReport.model_validate({
        **role.model_dump(), **pool_fit(fits.get(role.role_id, []), state.holder.get(role.role_id))})
        for role in roles]


def _unmatched(report: OrganisationReport, state: _State) -> list[UnmatchedEntry]:
    placed = set(state.holder.values())
    kept = [u for u in report.unmatched if u.candidate_id not in placed
            and u.candidate_id not in state.unmatched]
    fresh = [unmatched_entry(cid, [reason]) for cid, reason in state.unmatched.items()
             if cid not in placed]
    return kept + fresh


def apply_edits(report: OrganisationReport, inventory: Inventory,
                candidates: CandidatePool | None = None, *edits: Any) -> Edited:
    """Apply ``edits`` in order; return the new report and its verdict.

    Parameters
    ----------
    report:
        A redesign, match or carve report.
    inventory:
        The raw work analysis the report was made from.
    candidates:
        The candidate pool (default: the inventory's own candidates).
    *edits:
        :class:`MovePart`, :class:`RemoveFunction`, :class:`LockTask`,
        :class:`PinMatch`, :class:`ForbidMatch`.

    Returns
    -------
    Edited
        ``(report, verdict)``: a report of the same kind with hours, demand
        profiles, conditions, the effect on staff and cost and the fit scores
        recomputed, the edits recorded under ``edits``; and its verdict.

    Raises
    ------
    EditError
        When an edit names a task, function or candidate that is not there.
    """
    if not isinstance(report, RedesignReport | MatchReport | CarveReport):
        raise EditError(f"cannot edit a {type(report).__name__}; edit one employer's report")
    pool = (candidates or inventory.pool).with_ratings_from(inventory.ratings)
    state = _State(report, inventory, pool)
    handlers: dict[type, Callable[[Any], None]] = {
        MovePart: state.move, RemoveFunction: state.remove, LockTask: state.lock,
        PinMatch: state.pin, ForbidMatch: state.forbid}
    for e in edits:
        handler = handlers.get(type(e))
        if handler is None:
            raise EditError(f"not an edit: {e!r}")
        handler(e)
    functions = _functions(state, isinstance(report, CarveReport))
    impact = compute_impact(inventory, report.policy, functions)
    solver = SolverSummary(status="FEASIBLE", objective=None, bound=None, seconds=0.0,
                           edited=True, before=report.solver.model_dump(mode="json"))
    update: dict[str, Any] = {
        "tasks": _tasks(report, functions, state.locked),
        "roles": _roles(report, state, functions, inventory, pool),
        "matches": _matches(state, functions, inventory, pool),
        "unmatched": _unmatched(report, state),
        "impact": impact_report(impact),
        "solver": solver,
        "edits": edits_of(report) + [e.model_dump(mode="json") for e in edits],
    }
    data = {**{k: getattr(report, k) for k in type(report).model_fields},
            **(report.model_extra or {}), **update}
    data.pop("kind", None)
    new = type(report).model_validate(data)
    return Edited(new, evaluate_report(new, inventory, candidates))
