"""Pool-aware functiecreatie: new functions shaped to the people in the pool, and matched.

IHW 2.0 starts from demand *and* supply. With candidates known, ``match`` forms its
structural functions with the pool in view and assigns people in the same
optimisation (:mod:`matcher.solver.pool_design`, the carving model on generic
data), then:

1. the carve-able hours no person's function took are bundled into further,
   still unfilled structural functions with the ordinary bundling model, so hours
   carved do not fall behind what the organisation could use;
2. the exact assignment (:func:`matcher.matching.pipeline.run_match`) runs over all
   these functions: it places at least everyone the design placed (those pairs are
   feasible) and may fill an unfilled function too;
3. every function is checked by the redesign evaluator under the generic policy
   and every match by the match evaluator; a rejection raises.

The organisation-first answer (redesign, then match) seeds the design, so pool-aware
match never places fewer people than it. Each function's report names who in the
pool fits it (``fitting_count``, ``fitting_candidates``), and ``completeness`` counts
the candidates who could not be considered, and why.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from matcher.carving.hint import baseline_hint
from matcher.carving.result import Prepared
from matcher.checks.redesign import evaluate as evaluate_redesign
from matcher.matching.fit import FitMatrix, encode, pair_blockers
from matcher.matching.pipeline import MatchResult, run_match
from matcher.monitor.profiles import build_profiles
from matcher.policy import Policy
from matcher.redesign.carveable import TaskDecision, carve_units, decide
from matcher.redesign.functions import NewFunction, TaskPart
from matcher.redesign.greedy import first_fit
from matcher.redesign.impact import Impact, compute_impact
from matcher.redesign.pipeline import ProposalRejected, department_codes, run_redesign
from matcher.redesign.splitting import (
    SCALE,
    Piece,
    Subproblem,
    lexicographic_weights,
    make_piece,
    saving_rates,
    to_units,
)
from matcher.results import SolveOptions, SolverStats
from matcher.solver.bundling import solve_bundling
from matcher.solver.carving import CarveProblem, PersonData, UnitData
from matcher.solver.cpsat import CpSatSettings
from matcher.solver.people_bound import PeopleBound, flow_bound, holder_bound
from matcher.solver.pool_design import PoolDesign, solve_with_people_bound
from taskmodels.models import CandidatePool, Inventory

#: Shares of the time limit: organisation-first seed, design (bound + joint), leftover bundling.
SEED_SHARE, LEFTOVER_SHARE = 0.2, 0.1
#: Names of the objective tiers, in lexicographic order (stated in every report).
OBJECTIVE_ORDER = ("people_placed", "hundredths_carved", "saving_and_fit")


# --- preparing the dense problem ------------------------------------------------------


def _unit_functions(units, inventory: Inventory) -> list[NewFunction]:
    tasks = inventory.task_by_id()
    return [NewFunction.from_parts(f"U{k}", [TaskPart(t, tasks[t].hours_per_week)
                                            for t in u.task_ids], tasks)
            for k, u in enumerate(units)]


def window(candidate, policy: Policy) -> tuple[int, int]:
    """A person's function hours (standard, hundredths).

    At least the function's 12 hours and the person's minimum (``min_hours x p``);
    at most the person's maximum and 36 *effective* hours (``p x min(36,
    max_hours)``), so that nobody is designed a function of more than a full
    36-hour week at their own pace (and every designed pair is also a valid
    person-first carving: ``carve`` can start from it).
    """
    lo = max(policy.min_function_hours, candidate.min_hours * candidate.productivity)
    hi = min(policy.max_function_hours, candidate.max_hours) * candidate.productivity
    return math.ceil(lo * SCALE - 1e-6), math.floor(hi * SCALE + 1e-6)


def prepare_pool(inventory: Inventory, pool: CandidatePool, policy: Policy,
                 allow_borderline: bool) -> tuple[Prepared, FitMatrix | None]:
    """Generic carve units, each person's window and eligible units, in dense form.

    Fit is decided per (person, unit): a function's profile is the highest demand of
    its tasks and its conditions are "any task has it", so a person fits a function
    exactly when they fit each of its units. The hours rule is the model's (the
    function's total), so it is opened here.
    """
    decisions = decide(inventory, policy)
    units = carve_units(inventory, decisions)
    rates = saving_rates(inventory, policy)
    tasks = inventory.task_by_id()
    pieces = [make_piece(u, tasks, policy, rates) for u in units]
    profiles = build_profiles(pool)
    candidates = list(pool.candidates)
    groups: dict[tuple[str, str], int] = {}
    for u in units:
        groups.setdefault((u.department, u.time_of_day), len(groups))
    unit_data = tuple(
        UnitData(hours=p.hours, splittable=p.splittable, whole_hours=p.whole_hours,
                 fraction=p.fraction, min_part=p.min_part, n_tasks=p.n_tasks,
                 group=groups[(u.department, u.time_of_day)],
                 saving=int(round(p.saving_rate / max(policy.weeks_per_year, 1))))
        for u, p in zip(units, pieces, strict=True)
    )
    fm = None
    if units and candidates:
        cand, func, depts, task_ids = encode(profiles, candidates,
                                             _unit_functions(units, inventory), tasks)
        cand.min_hours[:] = 0.0
        cand.max_hours[:] = 1e9
        fm = FitMatrix(cand, func, policy, allow_borderline, depts, task_ids)
    smallest = np.asarray([d.min_part * SCALE if d.splittable else d.hours for d in unit_data])
    people: list[PersonData] = []
    for i, c in enumerate(candidates):
        lo, hi = window(c, policy)
        eligible: dict[int, int] = {}
        if fm is not None and lo <= hi:
            feasible = fm.feasible[i] & (smallest <= hi)
            by_group: dict[int, int] = {}
            for k in np.flatnonzero(feasible):
                by_group[unit_data[k].group] = by_group.get(unit_data[k].group, 0) + unit_data[k].hours
            for k in np.flatnonzero(feasible):
                # A group whose fitting work cannot reach the person's minimum is no option.
                if by_group[unit_data[k].group] >= lo:
                    eligible[int(k)] = int(round(float(fm.score[i, k])))
        people.append(PersonData(lo=lo, hi=hi, eligible=eligible))
    problem = CarveProblem(unit_data, tuple(people), policy.max_tasks_per_function)
    return Prepared(decisions, units, pieces, candidates, profiles, problem, {}), fm


# --- large pools: a shortlist per group -----------------------------------------------

#: A pool is shortlisted when it holds more than this many fitting people per seat.
SHORTLIST_FACTOR = 4


def shortlist(problem: CarveProblem) -> tuple[CarveProblem, PeopleBound | None]:
    """For a pool far larger than the work (a region), keep a few people per seat.

    Per group, the counting bound of :func:`matcher.solver.people_bound.holder_bound`
    says how many people it can hold at most (``cap``); the ``SHORTLIST_FACTOR x cap``
    people with the smallest minimum hours (then the most fitting work) keep their
    eligibility there. Small minimums make small functions, so the most functions.
    Returns the problem unchanged (and None) when the pool is not that large; else the
    shortlisted problem and a bound that is valid for the *whole* pool (the flow
    bound over the counting caps), since CP-SAT's bounds then only speak for the
    shortlist.
    """
    groups = sorted({u.group for u in problem.units})
    caps = {g: holder_bound(problem, g) for g in groups}
    fitting = sum(1 for p in problem.people if p.eligible)
    if fitting <= max(200, SHORTLIST_FACTOR * sum(caps.values())):
        return problem, None
    keep: dict[int, set[int]] = {}
    for g in groups:
        members = [(p.lo, -sum(1 for u in p.eligible if problem.units[u].group == g), c)
                   for c, p in enumerate(problem.people)
                   if any(problem.units[u].group == g for u in p.eligible)]
        for _, _, c in sorted(members)[: SHORTLIST_FACTOR * caps[g]]:
            keep.setdefault(c, set()).add(g)
    people = tuple(
        PersonData(p.lo, p.hi, {u: v for u, v in p.eligible.items()
                                if problem.units[u].group in keep.get(c, set())})
        for c, p in enumerate(problem.people))
    return replace(problem, people=people), PeopleBound(flow_bound(problem, caps), caps)


# --- data completeness ----------------------------------------------------------------


def candidate_statuses(prep: Prepared, fm: FitMatrix | None) -> dict[str, str]:
    """Per candidate, the one reason they could not be considered, or ``considered``.

    The keys of :func:`tally`: ``no_capacity_data``, ``no_hours_window``,
    ``no_carveable_work``, ``too_little_fitting_work``,
    ``blocked_by_several_conditions``, or ``blocked:<rule>`` when one single rule
    (``night``, ``lifting``, ``dimension:pace`` …) blocks every carve-able task. A
    regional run combines these per employer before counting them.
    """
    statuses: dict[str, str] = {}
    for i, c in enumerate(prep.candidates):
        person = prep.problem.people[i]
        if not prep.profiles[c.candidate_id].has_source:
            status = "no_capacity_data"
        elif person.lo > person.hi:
            status = "no_hours_window"
        elif fm is None or not prep.units:
            status = "no_carveable_work"
        elif person.eligible:
            status = "considered"
        elif not fm.feasible[i].any():
            common: set[str] | None = None
            for k in range(len(prep.units)):
                rules = {str(b["rule"]) + (f":{b['dimension']}" if b.get("dimension") else "")
                         for b in pair_blockers(fm, i, k)}
                common = rules if common is None else common & rules
            status = f"blocked:{sorted(common)[0]}" if common else "blocked_by_several_conditions"
        else:
            status = "too_little_fitting_work"
        statuses[c.candidate_id] = status
    return statuses


#: The counted reasons of :func:`tally`, besides ``blocked:<rule>``.
STATUS_KEYS = ("considered", "no_capacity_data", "no_hours_window", "no_carveable_work",
               "too_little_fitting_work", "blocked_by_several_conditions")


def tally(statuses: dict[str, str]) -> dict[str, Any]:
    """The completeness counts of :func:`completeness` from per-candidate statuses."""
    counts = Counter(s for s in statuses.values() if not s.startswith("blocked:"))
    single = Counter(s.removeprefix("blocked:") for s in statuses.values()
                     if s.startswith("blocked:"))
    out: dict[str, Any] = {"candidates": len(statuses)}
    for key in STATUS_KEYS:
        out[key] = counts.get(key, 0)
    out["blocked_by_one_condition"] = dict(sorted(single.items()))
    out["not_considered"] = len(statuses) - out["considered"]
    return out


def completeness(prep: Prepared, fm: FitMatrix | None, policy: Policy) -> dict[str, Any]:
    """How many candidates could not be considered, and why, as numbers.

    ``no_capacity_data``: neither c_-columns nor monitor scores; ``no_hours_window``:
    their hours window times productivity misses the function's 12-36 hours;
    ``blocked_by_one_condition``: every carve-able task is blocked by the same single
    rule (per rule: lifting, night, a dimension …); ``blocked_by_several_conditions``:
    no task fits, for mixed reasons; ``too_little_fitting_work``: tasks fit, but
    never enough in one department and time of day. ``considered`` is the rest.
    """
    return tally(candidate_statuses(prep, fm))


def unit_statuses(prep: Prepared, inventory: Inventory, policy: Policy,
                  allow_borderline: bool) -> dict[str, str]:
    """:func:`candidate_statuses` for any prepared carving-type problem."""
    fm = None
    if prep.units and prep.candidates:
        cand, func, depts, task_ids = encode(prep.profiles, prep.candidates,
                                             _unit_functions(prep.units, inventory),
                                             inventory.task_by_id())
        cand.min_hours[:] = 0.0
        cand.max_hours[:] = 1e9
        fm = FitMatrix(cand, func, policy, allow_borderline, depts, task_ids)
    return candidate_statuses(prep, fm)


def unit_completeness(prep: Prepared, inventory: Inventory, policy: Policy,
                      allow_borderline: bool) -> dict[str, Any]:
    """:func:`completeness` for any prepared carving-type problem (``carve`` uses it too)."""
    return tally(unit_statuses(prep, inventory, policy, allow_borderline))


# --- from the solver's answer to functions --------------------------------------------


def _designed_functions(prep: Prepared, parts: list[dict[int, int]],
                        inventory: Inventory) -> list[list[TaskPart]]:
    """Per placed person, the task parts of the function formed for them."""
    tasks = inventory.task_by_id()
    out: list[list[TaskPart]] = []
    for given in parts:
        if not given:
            continue
        task_parts = prep.task_parts(given, tasks)
        out.append(task_parts)
    return out


def leftover_subproblems(prep: Prepared, parts: list[dict[int, int]],
                         policy: Policy) -> list[Subproblem]:
    """The carve-able work no designed function took, as bundling subproblems.

    A whole unit is left or taken; a split task leaves its untaken whole hours and,
    when no part carried it, its fraction. Such a rest of at least ``2 x min_part``
    hours may be split again; a smaller rest (at least ``min_part``) is one whole
    part; less is too small for any part and stays with the role.
    """
    used_whole: dict[int, int] = {}
    carried: set[int] = set()
    taken: set[int] = set()
    for given in parts:
        for k, h in given.items():
            taken.add(k)
            used_whole[k] = used_whole.get(k, 0) + h // SCALE
            if h % SCALE:
                carried.add(k)
    groups: dict[tuple[str, str], list[Piece]] = {}
    for k, (unit, piece) in enumerate(zip(prep.units, prep.pieces, strict=True)):
        if not piece.splittable:
            if k in taken:
                continue
            rest = piece
        else:
            whole = piece.whole_hours - used_whole.get(k, 0)
            frac = 0 if k in carried else piece.fraction
            if whole < piece.min_part:
                continue
            split = whole >= 2 * piece.min_part
            hours = whole * SCALE + frac
            rest = replace(piece, hours=hours, splittable=split, whole_hours=whole if split else 0,
                           fraction=frac if split else 0,
                           saving_whole=piece.saving_rate * hours)
        groups.setdefault((unit.department, unit.time_of_day), []).append(rest)
    return [Subproblem(dep, tod, tuple(ps), to_units(policy.min_function_hours),
                       to_units(policy.max_function_hours), policy.max_tasks_per_function)
            for (dep, tod), ps in groups.items()]


def bundle_leftovers(subs: list[Subproblem], inventory: Inventory, time_limit: float,
                     options: SolveOptions) -> tuple[list[list[TaskPart]], list[SolverStats]]:
    """Unfilled structural functions from the leftover work (bundling model, greedy hint)."""
    tasks = inventory.task_by_id()
    weights = lexicographic_weights(subs)
    out: list[list[TaskPart]] = []
    stats: list[SolverStats] = []
    started = time.perf_counter()
    for n, sub in enumerate(subs):
        if sub.total_hours < sub.min_hours:
            continue
        hint = first_fit(sub)
        left = max(0.05, (time_limit - (time.perf_counter() - started)) / (len(subs) - n))
        solved = solve_bundling(sub, weights, hint, left, options.workers, options.seed)
        better = solved.stats.status in ("OPTIMAL", "FEASIBLE") and \
            weights.objective(*solved.terms) >= weights.objective(*_terms(sub, hint))
        assignment = solved.assignment if better else hint
        stats.append(solved.stats)
        for fn in assignment:
            if not fn:
                continue
            task_parts: list[TaskPart] = []
            for i, h in sorted(fn):
                unit = sub.pieces[i].unit
                if len(unit.task_ids) == 1:  # a lone task, whole or a (rest) part
                    task_parts.append(TaskPart(unit.task_ids[0], h / SCALE))
                else:  # a keep_with group: every member whole
                    task_parts.extend(TaskPart(t, tasks[t].hours_per_week) for t in unit.task_ids)
            out.append(task_parts)
    return out, stats


def _terms(sub: Subproblem, assignment) -> tuple[int, int, int]:
    from matcher.redesign.splitting import assignment_terms

    return assignment_terms(sub, assignment)


def _name(packages: list[list[TaskPart]], inventory: Inventory) -> list[NewFunction]:
    tasks = inventory.task_by_id()
    codes = department_codes([t.department for t in inventory.tasks])
    counter: dict[str, int] = {}
    out = []
    for parts in packages:
        code = codes[tasks[parts[0].task_id].department]
        counter[code] = counter.get(code, 0) + 1
        out.append(NewFunction.from_parts(f"NF-{code}-{counter[code]}", parts, tasks))
    return out


# --- the result ---------------------------------------------------------------------


class PoolDesignRejected(ProposalRejected):
    """A pool-aware function broke a rule of the generic policy: a bug, never input."""


@dataclass
class PoolMatchResult:
    """Structural functions designed with the pool in view, and the matches.

    ``solver`` is the design's (units of ``weights``: ``placed x W_p + hundredths x
    W_h + saving and fit``); ``placed_bound`` the proven bound on people placed.
    """

    organisation: str
    policy: Policy
    decisions: list[TaskDecision]
    functions: list[NewFunction]
    match: MatchResult
    impact: Impact
    solver: SolverStats
    design: PoolDesign
    fitting: dict[str, list[str]]
    completeness: dict[str, Any]
    baseline: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    #: Per candidate the reason behind ``completeness`` (a regional run combines them).
    statuses: dict[str, str] = field(default_factory=dict)

    @property
    def placed(self) -> int:
        """People placed by the final assignment."""
        return len(self.match.matches)

    @property
    def placed_bound(self) -> int:
        """Proven upper bound on people placed (never below those placed)."""
        return max(self.design.placed_bound, self.placed)

    @property
    def placed_gap(self) -> float:
        """Distance to the bound on people placed, as a share of the bound."""
        return (self.placed_bound - self.placed) / self.placed_bound if self.placed_bound else 0.0

    @property
    def matches(self):
        """The matches (for code that takes anything with ``.matches``)."""
        return self.match.matches

    def to_report(self) -> dict[str, object]:
        """The JSON report of FORMATS.md section 4, plus ``completeness`` and per-role fit counts."""
        placed_by = {m.role_id: m.candidate_id for m in self.match.matches}
        roles = []
        for fn in self.functions:
            roles.append({**fn.as_report(), **pool_fit(self.fitting.get(fn.role_id, []),
                                                       placed_by.get(fn.role_id))})
        sol = self.design.solution
        solver = self.solver.as_report()
        solver.update({
            "gap": None if self.solver.gap is None else round(self.solver.gap, 6),
            "method": "pool_aware",
            "objective_order": list(OBJECTIVE_ORDER),
            "weights": {"placed": sol.weights.placed, "hours": sol.weights.hours,
                        "saving_and_fit": sol.weights.tier3},
            "objective_terms": dict(sol.terms),
            "placed": self.placed,
            "placed_bound": self.placed_bound,
            "placed_gap_percent": round(100 * self.placed_gap, 2),
            "designed_placed": self.design.placed,
            "people_bound": self.design.people_bound.as_report(),
            "start": self.design.start,
            "baseline_redesign_match": dict(self.baseline),
            "match": self.match.to_report()["solver"],
            "phase_seconds": dict(self.seconds),
        })
        report = self.match.to_report()
        return {
            "organisation": self.organisation,
            "policy": self.policy.as_report(),
            "tasks": [{"task_id": d.task_id, "carveable": d.carveable,
                       "reasons": d.texts("nl"), "reasons_en": d.texts("en")}
                      for d in self.decisions],
            "roles": roles,
            "matches": report["matches"],
            "unmatched": report["unmatched"],
            "impact": self.impact.as_report(),
            "solver": solver,
            "completeness": dict(self.completeness),
        }

    def report(self):
        """The report model (:class:`matcher.reports.models.MatchReport`), as ``api.match`` returns it.

        ``solver`` holds the design's status, objective and bound (units of
        ``weights``) with the people figures (``placed``, ``placed_bound``,
        ``placed_gap_percent``); ``solver.phases`` the design and the assignment.
        """
        from matcher.reports.assemble import match_entries, match_solver
        from matcher.reports.models import (
            Completeness,
            FunctionReport,
            MatchReport,
            SolverSummary,
            weakest_status,
        )
        from matcher.reports.parts import (
            decision_reports,
            function_report,
            impact_report,
            plain,
            solver_summary,
        )

        data = self.to_report()
        extras = {k: v for k, v in data["solver"].items()
                  if k not in ("status", "objective", "bound", "seconds", "gap", "match")}
        design = solver_summary(self.solver, **extras)
        second = match_solver(self.match)
        solver = SolverSummary(
            status=weakest_status([design.status, second.status]),  # type: ignore[arg-type]
            objective=design.objective, bound=design.bound, gap=design.gap,
            seconds=design.seconds, phases={"design": design, "match": second},
            **{k: plain(v) for k, v in extras.items()})
        roles = []
        for fn, entry in zip(self.functions, data["roles"], strict=True):
            base = function_report(fn).model_dump()
            base.update({k: entry[k] for k in ("fitting_count", "fitting_candidates",
                                               "placed_candidate", "fragile")})
            roles.append(FunctionReport.model_validate(base))
        matches, unmatched = match_entries(self.match)
        return MatchReport(
            organisation=self.organisation, policy=self.policy,
            tasks=decision_reports(self.decisions, self.functions), roles=roles,
            matches=matches, unmatched=unmatched, impact=impact_report(self.impact),
            solver=solver, completeness=Completeness(**self.completeness),
            profiles={cid: plain(p.as_report()) for cid, p in self.match.profiles.items()})

    def summary(self, lang: str = "nl", max_unmatched: int | None = None) -> str:
        """Completeness first, then the design figures, then the match summary (the
        report's printed summary, as ``api.summary`` gives it)."""
        from matcher.reports.summaries import match_summary

        return match_summary(self.report(), lang, max_unmatched)


def pool_fit(fitting: list[str], placed: str | None) -> dict[str, Any]:
    """A ``roles`` entry's pool fields: who in the pool fits it, who holds it, fragile
    (only one person fits, so the function stands or falls with them)."""
    return {"fitting_count": len(fitting), "fitting_candidates": fitting,
            "placed_candidate": placed, "fragile": len(fitting) == 1}


def fitting_candidates(inventory: Inventory, pool: CandidatePool,
                       functions: list[NewFunction], policy: Policy, allow_borderline: bool,
                       profiles) -> dict[str, list[str]]:
    """Per function, the pool's candidates who fit it (every rule, hours included)."""
    if not functions or not pool.candidates:
        return {fn.role_id: [] for fn in functions}
    fm = FitMatrix.build(profiles, list(pool.candidates), functions, inventory.task_by_id(),
                         policy, allow_borderline)
    feasible = fm.feasible
    return {fn.role_id: [fm.cand.ids[i] for i in np.flatnonzero(feasible[:, j])]
            for j, fn in enumerate(functions)}


def design_and_match(
    inventory: Inventory,
    pool: CandidatePool,
    policy: Policy = Policy(),  # noqa: B008 (immutable value object)
    options: SolveOptions = SolveOptions(),  # noqa: B008
    progress: Any = None,
    cancel: threading.Event | None = None,
    seed: tuple[list[NewFunction], Any] | None = None,
) -> PoolMatchResult:
    """Form structural functions with the pool in view and assign people to them.

    Parameters
    ----------
    inventory, pool:
        The work analysis and the candidates (ratings from either).
    policy, options:
        The generic policy (its ceilings hold) and the solver options.
    progress:
        Optional ``progress(Progress)`` callable, called once per phase.
    cancel:
        Optional event; once set, the remaining phases run with no search time and
        the best valid answer so far is returned.
    seed:
        An organisation-first answer already at hand, ``(redesign functions, match
        result)``; otherwise it is computed within 20 % of the time limit.

    Raises
    ------
    PoolDesignRejected
        When the redesign evaluator rejects a function (a bug, never input).
    matcher.matching.pipeline.MatchCheckError
        When the match evaluator rejects the assignment (a bug, never input).
    """
    from matcher.progress import report_progress

    started = time.perf_counter()
    seconds: dict[str, float] = {}
    pool = pool.with_ratings_from(inventory.ratings)
    report_progress(progress, "match", 0, 4, "pool.progress.prepare")
    prep, fm_units = prepare_pool(inventory, pool, policy, options.allow_borderline)
    hint: list[dict[int, int]] | None = None
    baseline: dict[str, Any] = {}
    if seed is None and prep.units and prep.candidates:
        # The organisation-first chain: a start for the design and a floor for the result.
        budget = replace(options, time_limit=max(0.5, options.time_limit * SEED_SHARE))
        chain_functions = run_redesign(inventory, policy, budget).functions
        seed = (chain_functions, run_match(inventory, pool, chain_functions, policy, budget))
    if prep.candidates and any(p.eligible for p in prep.problem.people):
        hint, baseline = baseline_hint(inventory, pool, policy, options, prep,
                                       share=SEED_SHARE, seed=seed)
    seconds["seed"] = round(time.perf_counter() - started, 3)
    report_progress(progress, "match", 1, 4, "pool.progress.design")
    left = options.time_limit - (time.perf_counter() - started)
    design_time = max(0.3, left * (1 - LEFTOVER_SHARE / (1 - SEED_SHARE)))
    settings = CpSatSettings(time_limit=design_time, workers=options.workers, seed=options.seed,
                             linearization_level=1)
    t0 = time.perf_counter()
    problem, whole_pool_bound = shortlist(prep.problem)
    if whole_pool_bound is not None and hint is not None:
        hint = [h if all(u in problem.people[c].eligible for u in h) else {}
                for c, h in enumerate(hint)]
    design = solve_with_people_bound(problem, settings, hint, cancel)
    if whole_pool_bound is not None:  # the shortlist's own bounds do not speak for the pool
        design.people_bound = whole_pool_bound
        design.solution.placed_bound = None
        design.start += "+shortlist"
    seconds["design"] = round(time.perf_counter() - t0, 3)
    report_progress(progress, "match", 2, 4, "pool.progress.leftover")
    t0 = time.perf_counter()
    packages = _designed_functions(prep, design.solution.parts, inventory)
    leftover_time = 0.05 if cancel is not None and cancel.is_set() else \
        max(0.2, options.time_limit - (time.perf_counter() - started))
    extra, _ = bundle_leftovers(leftover_subproblems(prep, design.solution.parts, policy),
                                inventory, leftover_time, options)
    functions = _name(packages + extra, inventory)
    seconds["leftover"] = round(time.perf_counter() - t0, 3)
    check = evaluate_redesign(inventory, policy, functions)
    if not check.feasible:
        raise PoolDesignRejected("; ".join(str(v) for v in check.violations))
    report_progress(progress, "match", 3, 4, "pool.progress.assign")
    statuses = candidate_statuses(prep, fm_units)
    t0 = time.perf_counter()
    matched = run_match(inventory, pool, functions, policy, options)  # raises on rejection
    if seed is not None and len(seed[1].matches) > len(matched.matches):
        # Never fewer than the organisation-first chain: a chain function of more than
        # 36 effective hours for its person is no design slot, so keep the chain then.
        functions, matched = list(seed[0]), seed[1]
        baseline["kept_organisation_first"] = True
    seconds["assign"] = round(time.perf_counter() - t0, 3)
    stats = design.solution.stats
    status = "CANCELLED" if cancel is not None and cancel.is_set() else stats.status
    # With a shortlist, CP-SAT's weighted bound speaks only for the shortlist: none is
    # stated for the whole pool (the people bound, placed_bound, still is).
    bound = None if whole_pool_bound is not None else stats.bound
    if whole_pool_bound is not None and status == "OPTIMAL":
        status = "FEASIBLE"
    stats = SolverStats(status, stats.objective, bound, round(time.perf_counter() - started, 3))
    result = PoolMatchResult(
        organisation=inventory.organisation, policy=policy, decisions=prep.decisions,
        functions=functions, match=matched, impact=compute_impact(inventory, policy, functions),
        solver=stats, design=design,
        fitting=fitting_candidates(inventory, pool, functions, policy, options.allow_borderline,
                         matched.profiles),
        completeness=tally(statuses), statuses=statuses, baseline=baseline, seconds=seconds,
    )
    report_progress(progress, "match", 4, 4, "pool.progress.done", placed=result.placed)
    return result
