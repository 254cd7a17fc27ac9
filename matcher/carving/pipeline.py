"""Person-first carving: form new functions around candidates, in one optimisation.

Jobcarving asks "which work, for whom?" at once. A task may go to a person when
it is carve-able apart from the generic ceilings (separable, not core, below its
role's level, a ``keep_with`` group whole) and that person fits it: capacity per
dimension, level, lifting, evening / night / weekend / customer contact, not an
avoided task (FORMATS.md section 2, "person-first carving"). Because a function's
demand profile is the highest of its tasks, a person fits a function exactly when
they fit every task in it, so fit is decided per (person, unit) before solving.

The joint model (:mod:`matcher.solver.carving`) then places as many people as
possible, carves as many hours as possible, then maximises saving and fit. It is
seeded with redesign followed by matching (when those modules are present), so it
places at least as many people as ``match`` whenever that answer is itself a valid
carving (see docs/carving.md for the one exception: a matched function whose
effective hours exceed 36).
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from typing import Any, cast

import numpy as np

from matcher.carving.hint import baseline_hint
from matcher.carving.result import CarveResult, CarvingRejected, Prepared
from matcher.checks.carving import evaluate_carving
from matcher.matching.explanation import Sentence, say
from matcher.matching.fit import FitMatrix, encode
from matcher.monitor.profiles import CapacityProfile, build_profiles
from matcher.policy import Policy
from matcher.redesign.carveable import CarveUnit, carve_units, decide
from matcher.redesign.functions import NewFunction, TaskPart
from matcher.redesign.impact import compute_impact
from matcher.redesign.pipeline import department_codes
from matcher.redesign.splitting import SCALE, make_piece, saving_rates
from matcher.results import SolveOptions, SolverStats, check_bound
from matcher.solver.carving import (
    CarveProblem,
    PersonData,
    UnitData,
    solve_carving,
)
from matcher.solver.cpsat import CpSatSettings
from taskmodels.models import Candidate, CandidatePool, Inventory


def person_first_policy(policy: Policy) -> Policy:
    """The policy for carving: the generic task ceilings give way to the person's fit."""
    return policy.model_copy(update={"max_task_level": 8, "max_demand": 5})


def _unit_functions(units: list[CarveUnit], inventory: Inventory) -> list[NewFunction]:
    """Each unit as a one-unit function, so the fit rules can be applied per unit."""
    tasks = inventory.task_by_id()
    return [
        NewFunction.from_parts(
            f"U{k}", [TaskPart(t, tasks[t].hours_per_week) for t in u.task_ids], tasks,
        )
        for k, u in enumerate(units)
    ]


def prepare(
    inventory: Inventory, pool: CandidatePool, policy: Policy, allow_borderline: bool,
    candidate_ids: list[str] | None = None,
) -> Prepared:
    """Carve units, per-person eligibility and windows, in dense integer form."""
    relaxed = person_first_policy(policy)
    decisions = decide(inventory, relaxed)
    units = carve_units(inventory, decisions)
    rates = saving_rates(inventory, policy)
    tasks = inventory.task_by_id()
    pieces = [make_piece(u, tasks, relaxed, rates) for u in units]
    profiles = build_profiles(pool)
    candidates = [c for c in pool.candidates
                  if candidate_ids is None or c.candidate_id in candidate_ids]
    groups: dict[tuple[str, str], int] = {}
    for u in units:
        groups.setdefault((u.department, u.time_of_day), len(groups))
    unit_data = tuple(
        UnitData(
            hours=p.hours, splittable=p.splittable, whole_hours=p.whole_hours,
            fraction=p.fraction, min_part=p.min_part, n_tasks=p.n_tasks,
            group=groups[(u.department, u.time_of_day)],
            # Third tier: hourly saving (EUR) per hundredth; the annual figure is x52/100.
            saving=int(round(p.saving_rate / max(policy.weeks_per_year, 1))),
        )
        for u, p in zip(units, pieces, strict=False)
    )
    people: list[PersonData] = []
    why_not: dict[str, list[Sentence]] = {}
    tasks = inventory.task_by_id()
    fm = None
    if units and candidates:
        cand, func, depts, task_ids = encode(profiles, candidates, _unit_functions(units, inventory),
                                             tasks)
        # Hours are a function-level rule, decided by the model: open the window here.
        cand.min_hours[:] = 0.0
        cand.max_hours[:] = 1e9
        fm = FitMatrix(cand, func, policy, allow_borderline, depts, task_ids)
    for i, c in enumerate(candidates):
        lo_eff = max(policy.min_function_hours, c.min_hours)
        hi_eff = min(policy.max_function_hours, c.max_hours)
        lo = math.ceil(lo_eff * c.productivity * SCALE - 1e-6)
        hi = math.floor(hi_eff * c.productivity * SCALE + 1e-6)
        eligible: dict[int, int] = {}
        if fm is not None:
            feasible, score = fm.feasible[i], fm.score[i]
            by_group: dict[int, int] = {}
            # A unit whose smallest possible part exceeds the person's maximum is no option.
            smallest = [d.min_part * SCALE if d.splittable else d.hours for d in unit_data]
            feasible = feasible & (np.asarray(smallest) <= hi)
            for k in range(len(units)):
                if feasible[k]:
                    by_group[unit_data[k].group] = by_group.get(unit_data[k].group, 0) \
                        + unit_data[k].hours
            for k in range(len(units)):
                # Shortlist: a group whose fitting work cannot reach the window is no option.
                if feasible[k] and by_group[unit_data[k].group] >= lo:
                    eligible[k] = int(round(float(score[k])))
        reasons = _why_not_reasons(c, profiles[c.candidate_id], lo_eff, hi_eff, fm, i, units,
                                   unit_data, lo, hi)
        if reasons:
            why_not[c.candidate_id] = reasons
        people.append(PersonData(lo=lo, hi=hi, eligible=eligible))
    problem = CarveProblem(unit_data, tuple(people), policy.max_tasks_per_function)
    return Prepared(decisions, units, pieces, candidates, profiles, problem, why_not)


def _why_not_reasons(c: Candidate, profile: CapacityProfile, lo_eff: float, hi_eff: float,
                     fm: FitMatrix | None, i: int, units: list[CarveUnit],
                     unit_data: tuple[UnitData, ...], lo: int, hi: int) -> list[Sentence]:
    """Reasons a person cannot be placed whatever the others get (empty if they might)."""
    if not profile.has_source:
        return [say("fit.no_capacity_data")]
    if lo_eff > hi_eff:
        return [say("carve.person.hours_window", min_hours=c.min_hours, max_hours=c.max_hours,
                    low=float(lo_eff), high=float(hi_eff))]
    if fm is None or not units:
        return [say("carve.person.no_work")]
    fits = [k for k in range(len(units)) if fm.feasible[i, k]
            and (unit_data[k].min_part * SCALE if unit_data[k].splittable else unit_data[k].hours)
            <= hi]
    if not fits:
        return [say("carve.person.no_fitting_task")]
    best = max(sum(unit_data[k].hours for k in fits if unit_data[k].group == g)
               for g in {unit_data[k].group for k in fits})
    if best < lo:
        return [say("carve.person.too_little", best=best / SCALE, need=lo / SCALE,
                    productivity=c.productivity)]
    return []


def _functions(prep: Prepared, parts: list[dict[int, int]], inventory: Inventory,
               ) -> list[NewFunction]:
    """Solver parts as named new functions, each with its candidate_id."""
    tasks = inventory.task_by_id()
    codes = department_codes([t.department for t in inventory.tasks])
    counter: dict[str, int] = {}
    out: list[NewFunction] = []
    for c, given in enumerate(parts):
        if not given:
            continue
        task_parts = prep.task_parts(given, tasks)
        code = codes[prep.units[min(given)].department]
        counter[code] = counter.get(code, 0) + 1
        cid = prep.candidates[c].candidate_id
        out.append(NewFunction.from_parts(f"CF-{code}-{counter[code]}", task_parts, tasks, cid))
    return out


def _matches(prep: Prepared, functions: list[NewFunction], inventory: Inventory,
             policy: Policy, allow_borderline: bool) -> list[dict[str, Any]]:
    """One match per carved function, with the fit explanation as data."""
    if not functions:
        return []
    by_id = {c.candidate_id: c for c in prep.candidates}
    people = [by_id[fn.candidate_id] for fn in functions if fn.candidate_id]
    fm = FitMatrix.build(prep.profiles, people, functions, inventory.task_by_id(), policy,
                         allow_borderline)
    out = []
    for fn in functions:
        cid = fn.candidate_id
        assert cid is not None  # every carved function names its person (_functions)
        c = by_id[cid]
        explanation = fm.explain(c.candidate_id, fn.role_id)
        out.append({
            "candidate_id": c.candidate_id, "role_id": fn.role_id,
            "effective_hours": round(fn.hours / c.productivity, 2),
            "score": explanation["score"],
            "borderline": list(cast(list[str], explanation["borderline"])),
            "explanation": explanation,
        })
    return out


def _completeness(prep: Prepared, inventory: Inventory, policy: Policy,
                  allow_borderline: bool) -> dict[str, Any]:
    """The data-completeness counts of issue 11 (same rules as pool-aware match)."""
    from matcher.matching.pool import unit_completeness

    return unit_completeness(prep, inventory, policy, allow_borderline)


def run_carve(
    inventory: Inventory,
    pool: CandidatePool,
    policy: Policy = Policy(),  # noqa: B008 (immutable value object)
    options: SolveOptions = SolveOptions(),  # noqa: B008
    candidate_id: str | None = None,
    seed: tuple[list[NewFunction], Any] | None = None,
) -> CarveResult:
    """Carve functions around the candidates of ``pool`` (or the one ``candidate_id``).

    ``seed`` optionally passes a redesign + match answer already at hand
    (``(redesign_result.functions, match_result)``); otherwise ``run_carve`` computes
    it within 30 % of the time limit. Either way it seeds the search.

    Raises
    ------
    KeyError
        When ``candidate_id`` is not in the pool.
    CarvingRejected
        When the independent evaluator rejects the answer (a bug, never input).
    matcher.results.BoundError
        When the solver's bound is below its objective (a bug).
    """
    start = time.perf_counter()
    if candidate_id is not None and candidate_id not in pool.by_id():
        raise KeyError(candidate_id)
    ids = None if candidate_id is None else [candidate_id]
    pool = pool.with_ratings_from(inventory.ratings)
    prep = prepare(inventory, pool, policy, options.allow_borderline, ids)
    baseline: dict[str, Any] = {}
    hint = None
    if candidate_id is None and prep.candidates:
        # The redesign + match answer seeds the search: carving never places fewer.
        # Nothing is caught here: a failing redesign or match (its evaluator
        # rejecting an answer) is a bug and must surface, not become a missing seed.
        if seed is None:
            # Start from pool-aware match (issue 11): carving then places at least as
            # many people as match, whose every designed pair is a valid carving.
            from matcher.matching.pool import design_and_match

            first = design_and_match(inventory, pool, policy,
                                     replace(options, time_limit=options.time_limit * 0.3))
            seed = (first.functions, first.match)
        hint, baseline = baseline_hint(inventory, pool, policy, options, prep, share=0.3,
                                       seed=seed)
    left = max(0.2, options.time_limit - (time.perf_counter() - start))
    settings = CpSatSettings(time_limit=left, workers=options.workers, seed=options.seed,
                             linearization_level=1 if candidate_id is None else 2)
    if candidate_id is None:
        # The people-side bound (matcher.solver.people_bound) runs first: its caps are
        # cuts, its packings a second start, and it usually proves the people placed.
        from matcher.solver.pool_design import solve_with_people_bound

        design = solve_with_people_bound(prep.problem, settings, hint)
        solution = design.solution
        placed_bound: int | None = design.placed_bound
    else:
        solution = solve_carving(prep.problem, settings, hint)
        placed_bound = solution.placed_bound
    functions = _functions(prep, solution.parts, inventory)
    evaluation = evaluate_carving(inventory, prep.candidates, prep.profiles, policy, functions,
                                  options.allow_borderline)
    if not evaluation.feasible:
        raise CarvingRejected("; ".join(str(p) for p in evaluation.problems[:10]))
    placed = {fn.candidate_id for fn in functions}
    unmatched = [
        {"candidate_id": c.candidate_id,
         "reasons": prep.why_not.get(c.candidate_id)
         or [say("carve.person.went_to_others")]}
        for c in prep.candidates if c.candidate_id not in placed
    ]
    stats = solution.stats
    # The solver's bound as proven; one below the objective is a bug (BoundError).
    stats = check_bound(SolverStats(stats.status, stats.objective, stats.bound,
                                    round(time.perf_counter() - start, 3)))
    return CarveResult(
        organisation=inventory.organisation, policy=policy,
        decisions=prep.decisions, functions=functions,
        matches=_matches(prep, functions, inventory, policy, options.allow_borderline),
        unmatched=unmatched, impact=compute_impact(inventory, policy, functions), solver=stats,
        weights=solution.weights, terms={**solution.terms, "placed_bound": placed_bound}, evaluation=evaluation, baseline=baseline,
        completeness=_completeness(prep, inventory, policy, options.allow_borderline),
    )
