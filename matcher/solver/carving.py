"""The joint person-first carving model: which work goes to whom, forming functions.

It is the generalized assignment core (:class:`matcher.solver.gap.GapModel`): one
boolean ``x[c, u]`` per person ``c`` and carve unit ``u`` the person may do, with
side constraints added one family at a time, in this order:

1. ``add_people``: ``place[c]`` (the person gets a function) and one
   (department, time of day) group per placed person (``group[c, g]``).
2. ``add_parts``: the hours of each part, in hundredths. A whole unit (a small task
   or a ``keep_with`` group) brings all its hours and goes to at most one person;
   a splittable task gives each person whole hours ``>= min_part`` plus, for at most
   one part, its fraction; its parts never exceed its hours.
3. ``add_windows``: each person's standard hours within ``[lo, hi]`` (the caller
   turns 12-36 and the person's window on effective hours into standard hours:
   ``hours = effective x productivity``), or 0 when not placed; then
   ``add_group_limits``, a valid cut on how many people one group's hours can hold.
4. ``add_task_limit``: at most ``max_tasks`` different tasks per function.
5. ``add_carve_objective``: lexicographic weights: people placed, then hundredths
   carved, then saving and fit. :func:`solve_carving` solves in two stages: people
   placed alone first, then the weighted objective with that many people kept.

All data are plain integers (dense indices built by :mod:`matcher.carving.pipeline`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from matcher.progress import cancelled, step
from matcher.results import SolverStats
from matcher.solver.cpsat import CpSatSettings, run_cpsat
from matcher.solver.gap import GapModel


@dataclass(frozen=True)
class UnitData:
    """One carve unit in integer data (hours in hundredths)."""

    hours: int
    splittable: bool
    whole_hours: int
    fraction: int
    min_part: int
    n_tasks: int
    group: int
    saving: int = 0


@dataclass(frozen=True)
class PersonData:
    """One candidate: the standard-hours window (hundredths) and the units they may do.

    ``eligible`` maps unit index to an integer fit bonus (0-100).
    """

    lo: int
    hi: int
    eligible: dict[int, int]


@dataclass(frozen=True)
class CarveProblem:
    """Everything the joint model needs, in dense integer form."""

    units: tuple[UnitData, ...]
    people: tuple[PersonData, ...]
    max_tasks: int


@dataclass(frozen=True)
class CarveWeights:
    """Named weights of the lexicographic objective (see :func:`weights_for`)."""

    placed: int
    hours: int
    tier3: int = 1


@dataclass
class CarveSolution:
    """Per person the hundredths of each unit they got (empty: not placed)."""

    parts: list[dict[int, int]]
    stats: SolverStats
    weights: CarveWeights
    terms: dict[str, int] = field(default_factory=dict)
    placed_bound: int | None = None  # proven upper bound on people placed


def weights_for(problem: CarveProblem) -> CarveWeights:
    """Weights that make the objective lexicographic.

    The third tier (saving per hundredth plus fit per unit) spans at most ``S``;
    one hundredth carved outweighs it (``hours = S + 1``), and one person placed
    outweighs every hour and the third tier together.
    """
    span = sum(abs(u.saving) * u.hours for u in problem.units)
    span += sum(sum(p.eligible.values()) for p in problem.people)
    w_hours = span + 1
    total = sum(u.hours for u in problem.units)
    return CarveWeights(placed=w_hours * total + span + 1, hours=w_hours)


def objective_terms(problem: CarveProblem, parts: list[dict[int, int]]) -> dict[str, int]:
    """The three tiers of a solution, recomputed in plain Python."""
    placed = sum(1 for p in parts if p)
    hours = sum(h for p in parts for h in p.values())
    tier3 = sum(problem.units[u].saving * h + problem.people[c].eligible.get(u, 0)
                for c, p in enumerate(parts) for u, h in p.items())
    return {"placed": placed, "hundredths": hours, "tier3": tier3}


class CarvingModel(GapModel):
    """The GAP core plus carving's side constraints (see module docstring)."""

    def __init__(self, problem: CarveProblem) -> None:
        allowed_pairs = {(c, u) for c, p in enumerate(problem.people) for u in p.eligible}
        n_c, n_u = len(problem.people), len(problem.units)
        super().__init__(n_c, n_u, allowed=None if not n_c else _mask(allowed_pairs, n_c, n_u))
        self.problem = problem
        self.place: list[cp_model.IntVar] = []
        self.group: dict[tuple[int, int], cp_model.IntVar] = {}
        self.whole: dict[tuple[int, int], cp_model.IntVar] = {}
        self.carries: dict[tuple[int, int], cp_model.IntVar] = {}
        self.hours: list[cp_model.LinearExpr | int] = []
        self.part: dict[tuple[int, int], cp_model.LinearExpr] = {}
        self.units_of: list[list[int]] = [sorted(p.eligible) for p in problem.people]
        self.window: list[tuple[int, int]] = [
            achievable_window(problem, c) for c in range(len(problem.people))
        ]

    # 1 ---------------------------------------------------------------------------
    def add_people(self) -> None:
        """``place[c]``, one group per placed person, units only from that group."""
        m = self.model
        for c in range(self.n_agents):
            self.place.append(m.new_bool_var(f"place_{c}"))
            groups = sorted({self.problem.units[u].group for u in self.units_of[c]})
            for g in groups:
                self.group[c, g] = m.new_bool_var(f"group_{c}_{g}")
            m.add(sum(self.group[c, g] for g in groups) == self.place[c])
        for (c, u), v in self.x.items():
            m.add_implication(v, self.group[c, self.problem.units[u].group])

    # 2 ---------------------------------------------------------------------------
    def add_parts(self) -> None:
        """Part hours per (person, unit); whole units once, split units within their hours."""
        m = self.model
        whole_units = [u for u, d in enumerate(self.problem.units) if not d.splittable]
        self.add_assignment(exactly=False, jobs=whole_units)
        for (c, u), v in self.x.items():
            d = self.problem.units[u]
            if not d.splittable:
                self.part[c, u] = d.hours * v
                continue
            # A tight upper bound (the person's own maximum) strengthens the LP relaxation.
            top = max(d.min_part, min(d.whole_hours, self.problem.people[c].hi // 100))
            k = m.new_int_var(0, top, f"whole_{c}_{u}")
            m.add(k >= d.min_part * v)
            m.add(k <= top * v)
            self.whole[c, u] = k
            expr: cp_model.LinearExpr = 100 * k
            if d.fraction:
                r = m.new_bool_var(f"fraction_{c}_{u}")
                m.add_implication(r, v)
                self.carries[c, u] = r
                expr = expr + d.fraction * r
            self.part[c, u] = expr
        for u, d in enumerate(self.problem.units):
            if not d.splittable:
                continue
            ks = [self.whole[c, u] for c in range(self.n_agents) if (c, u) in self.whole]
            if ks:
                m.add(sum(ks) <= d.whole_hours)
            rs = [self.carries[c, u] for c in range(self.n_agents) if (c, u) in self.carries]
            if len(rs) > 1:
                m.add_at_most_one(rs)

    # 3 ---------------------------------------------------------------------------
    def add_windows(self) -> None:
        """Standard hours of each person within ``[lo, hi]`` when placed, else 0.

        The window is stated per (person, group) as well: the hours from group g
        lie within ``[lo, hi] x group[c, g]``. Implied for integer solutions, it
        makes the LP relaxation far tighter (a person can no longer be "half"
        placed in two departments with a few hours in each).
        """
        m = self.model
        for c in range(self.n_agents):
            lo, hi = self.window[c]
            h = sum(self.part[c, u] for u in self.units_of[c])
            self.hours.append(h)
            m.add(h >= lo * self.place[c])
            m.add(h <= hi * self.place[c])
            if lo > hi:
                m.add(self.place[c] == 0)
            by_group: dict[int, list[int]] = {}
            for u in self.units_of[c]:
                by_group.setdefault(self.problem.units[u].group, []).append(u)
            for g, units in by_group.items():
                hg = sum(self.part[c, u] for u in units)
                m.add(hg >= lo * self.group[c, g])
                m.add(hg <= hi * self.group[c, g])

    def add_whole_unit_cuts(self) -> None:
        """A person who takes a whole unit above their minimum works at least its hours.

        Per (person, group): ``hours from g >= lo x group[c, g] + sum over whole units u
        of g with h_u > lo of (h_u - lo) x[c, u]``. Valid for every integer solution (a
        function holding whole units of ``h_1 .. h_k`` above ``lo`` has at least
        ``sum h_i >= lo + sum (h_i - lo)`` hours). It tells the LP that a large
        ``keep_with`` group serves one person only, where the relaxation would spread it
        thin over many "part" people; the bound on people placed tightens with it.
        """
        lo_of = [w[0] for w in self.window]
        by_group: dict[tuple[int, int], list[int]] = {}
        for c in range(self.n_agents):
            for u in self.units_of[c]:
                by_group.setdefault((c, self.problem.units[u].group), []).append(u)
        for (c, g), units in by_group.items():
            lo = lo_of[c]
            big = [(self.problem.units[u].hours - lo, self.x[c, u]) for u in units
                   if not self.problem.units[u].splittable and self.problem.units[u].hours > lo]
            if big:
                hg = sum(self.part[c, u] for u in units)
                self.model.add(hg >= lo * self.group[c, g] + sum(w * v for w, v in big))

    def add_group_limits(self) -> None:
        """At most ``N_g`` people in group g: the most whose smallest functions fit its hours.

        Every person placed in g takes at least their own minimum from the group's
        hours, so no more than the ``N_g`` smallest minimums can fit. Valid for every
        integer solution; it cuts the fractional "2.4 people" answers of the LP.
        """
        hours_of: dict[int, int] = {}
        for d in self.problem.units:
            hours_of[d.group] = hours_of.get(d.group, 0) + d.hours
        members: dict[int, list[tuple[int, int]]] = {}
        for c, g in self.group:
            members.setdefault(g, []).append((self.window[c][0], c))
        for g, people in members.items():
            people.sort()
            total, limit = 0, 0
            for lo, _ in people:
                if total + lo > hours_of[g]:
                    break
                total += lo
                limit += 1
            if limit < len(people):
                self.model.add(sum(self.group[c, g] for _, c in people) <= limit)

    # 4 ---------------------------------------------------------------------------
    def add_task_limit(self) -> None:
        """At most ``max_tasks`` different tasks in one person's function."""
        for c in range(self.n_agents):
            terms = [(self.problem.units[u].n_tasks, self.x[c, u]) for u in self.units_of[c]]
            if sum(n for n, _ in terms) > self.problem.max_tasks:
                self.model.add(sum(n * v for n, v in terms) <= self.problem.max_tasks)

    # 5 ---------------------------------------------------------------------------
    def add_carve_objective(self, weights: CarveWeights) -> None:
        """Maximise placed x W_p + hundredths x W_h + saving and fit."""
        tier3 = sum(self.problem.units[u].saving * self.part[c, u]
                    + self.problem.people[c].eligible.get(u, 0) * v
                    for (c, u), v in self.x.items())
        self.cost = (weights.placed * sum(self.place) + weights.hours * sum(self.hours)
                     + weights.tier3 * tier3)
        self.model.maximize(self.cost)

    def add_carve_hint(self, parts: list[dict[int, int]]) -> None:
        """Seed the search with per-person parts (e.g. redesign, then match)."""
        for c in range(self.n_agents):
            given = parts[c] if c < len(parts) else {}
            self.model.add_hint(self.place[c], 1 if given else 0)
            groups = {self.problem.units[u].group for u in given}
            for (cc, g), v in self.group.items():
                if cc == c:
                    self.model.add_hint(v, 1 if g in groups else 0)
        for (c, u), v in self.x.items():
            h = parts[c].get(u, 0) if c < len(parts) else 0
            self.model.add_hint(v, 1 if h else 0)
            if (c, u) in self.whole:
                self.model.add_hint(self.whole[c, u], h // 100)
            if (c, u) in self.carries:
                self.model.add_hint(self.carries[c, u], 1 if h % 100 else 0)

    def read(self, solver: cp_model.CpSolver) -> list[dict[int, int]]:
        """Per person the hundredths of each unit in the solver's solution."""
        parts: list[dict[int, int]] = [{} for _ in range(self.n_agents)]
        for (c, u), v in self.x.items():
            if solver.BooleanValue(v):
                parts[c][u] = int(solver.Value(self.part[c, u]))
        return parts


def achievable_window(problem: CarveProblem, c: int) -> tuple[int, int]:
    """The person's window shrunk to hour totals their units can actually make.

    A total is a sum of whole hours plus some of the units' non-whole remainders,
    so its remainder modulo 100 is a subset sum of those remainders; ``lo`` moves
    up and ``hi`` down to the nearest total with such a remainder.
    """
    person = problem.people[c]
    residues = {0}
    for u in person.eligible:
        d = problem.units[u]
        rest = d.fraction if d.splittable else d.hours % 100
        if rest:
            residues |= {(r + rest) % 100 for r in residues}
    lo = min(person.lo + (r - person.lo) % 100 for r in residues)
    hi = max(person.hi - (person.hi - r) % 100 for r in residues)
    return lo, hi


def _mask(pairs: set[tuple[int, int]], n_c: int, n_u: int):
    import numpy as np

    mask = np.zeros((n_c, n_u), dtype=bool)
    for c, u in pairs:
        mask[c, u] = True
    return mask


def hint_is_valid(problem: CarveProblem, parts: list[dict[int, int]]) -> bool:
    """True when ``parts`` satisfies every constraint of the model (checked in Python)."""
    used_whole: dict[int, int] = {}
    used_split: dict[int, int] = {}
    carriers: dict[int, int] = {}
    for c, given in enumerate(parts):
        if not given:
            continue
        person = problem.people[c]
        if any(u not in person.eligible for u in given):
            return False
        if len({problem.units[u].group for u in given}) != 1:
            return False
        if not person.lo <= sum(given.values()) <= person.hi:
            return False
        if sum(problem.units[u].n_tasks for u in given) > problem.max_tasks:
            return False
        for u, h in given.items():
            d = problem.units[u]
            if not d.splittable:
                if h != d.hours:
                    return False
                used_whole[u] = used_whole.get(u, 0) + 1
                continue
            whole, rest = divmod(h, 100)
            if rest not in (0, d.fraction) or whole < d.min_part:
                return False
            used_split[u] = used_split.get(u, 0) + whole
            carriers[u] = carriers.get(u, 0) + (1 if rest else 0)
    return (all(n <= 1 for n in used_whole.values())
            and all(used_split[u] <= problem.units[u].whole_hours for u in used_split)
            and all(n <= 1 for n in carriers.values()))


def build_model(problem: CarveProblem) -> CarvingModel:
    """The joint model with every constraint family, without an objective."""
    model = CarvingModel(problem)
    model.add_people()
    model.add_parts()
    model.add_windows()
    model.add_whole_unit_cuts()
    model.add_group_limits()
    model.add_task_limit()
    return model


def _better(problem: CarveProblem, weights: CarveWeights, a: list[dict[int, int]] | None,
            b: list[dict[int, int]] | None) -> list[dict[int, int]] | None:
    if a is None:
        return b
    if b is None:
        return a
    return b if _value(problem, weights, b) > _value(problem, weights, a) else a


def solve_carving(
    problem: CarveProblem,
    settings: CpSatSettings,
    hint: list[dict[int, int]] | None = None,
    first_share: float = 0.6,
    caps: dict[int, int] | None = None,
    max_people: int | None = None,
) -> CarveSolution:
    """Solve the joint model lexicographically, in two stages; never worse than ``hint``.

    Stage 1 maximises the number of people placed alone (``first_share`` of the
    time): a small objective gives CP-SAT a useful bound and lets its search move
    freely, where one objective with very large weights does not. Stage 2 keeps at
    least that many people (exactly that many when stage 1 proved it) and maximises
    the weighted objective, seeded with stage 1's answer. Objective and bound are
    reported in the weighted units of :func:`weights_for`. A valid ``hint`` seeds
    stage 1 and is kept when the search finds nothing better.

    ``caps`` (people per group) and ``max_people`` are proven limits from
    :mod:`matcher.solver.people_bound`: added as cuts to both stages, and
    ``max_people`` also bounds the people placed in the reported bound.
    """
    weights = weights_for(problem)
    empty: list[dict[int, int]] = [{} for _ in problem.people]
    valid_hint = hint if hint is not None and hint_is_valid(problem, hint) else None
    if not any(p.eligible for p in problem.people):
        return CarveSolution(empty, SolverStats("OPTIMAL", 0.0, 0.0, 0.0), weights,
                             objective_terms(problem, empty), 0)
    seconds = 0.0

    # Stage 1: people placed. A cancelled call builds no model: the valid hint is the
    # best answer so far, and building the model alone can take longer than 2 s.
    unsolved = SolverStats("UNKNOWN", float("nan"), None, 0.0)
    stats1, found = unsolved, None
    if not cancelled():
        first = build_model(problem)
        add_people_cuts(first, caps, max_people)
        first.model.maximize(sum(first.place))
        if valid_hint is not None:
            first.add_carve_hint(valid_hint)
        one = replace(settings, time_limit=max(0.05, settings.time_limit * first_share))
        solver, stats1 = run_cpsat(first.model, one)
        if stats1.status in ("OPTIMAL", "FEASIBLE"):
            found = first.read(solver)
    seconds += stats1.seconds
    step("carve", 1, 2, "progress.carve.placed")
    best = _better(problem, weights, valid_hint, found)
    best = best if best is not None else empty
    placed = objective_terms(problem, best)["placed"]
    proven = stats1.status == "OPTIMAL" and placed >= stats1.objective
    fitting = sum(1 for p in problem.people if p.eligible)
    placed_bound = placed if proven else (
        min(fitting, int(math.floor(stats1.bound + 1e-6)))
        if stats1.bound is not None and math.isfinite(stats1.bound)
        else fitting)
    if max_people is not None:  # the people-side bound, proven apart from this model
        placed_bound = min(placed_bound, max_people)
        proven = proven or placed >= max_people

    # Stage 2: hours carved, then saving and fit, keeping the people placed.
    stats2 = unsolved
    if not cancelled():
        second = build_model(problem)
        add_people_cuts(second, caps, max_people)
        if proven:
            second.model.add(sum(second.place) == placed)
        else:
            second.model.add(sum(second.place) >= placed)
        second.add_carve_objective(weights)
        second.add_carve_hint(best)
        two = replace(settings, time_limit=max(0.05, settings.time_limit - seconds))
        solver, stats2 = run_cpsat(second.model, two)
        seconds += stats2.seconds
        if stats2.status in ("OPTIMAL", "FEASIBLE"):
            best = _better(problem, weights, best, second.read(solver)) or best

    objective = _value(problem, weights, best)
    # Every tier below "placed" adds less than one W_p, so this bound is always valid.
    bound = weights.placed * placed_bound + weights.placed - 1
    # Stage 2's own bound is valid too: solutions with fewer people score below W_p x placed.
    if stats2.status != "INFEASIBLE" and stats2.bound is not None and math.isfinite(stats2.bound):
        bound = min(bound, int(math.floor(stats2.bound + 1e-6)))
    # No clamping to the objective: a bound below it is a bug, and the caller
    # (matcher.carving.pipeline, through matcher.results.check_bound) raises on it.
    status = "OPTIMAL" if proven and stats2.status == "OPTIMAL" else "FEASIBLE"
    stats = SolverStats(status, float(objective), float(bound), seconds)
    return CarveSolution(best, stats, weights, objective_terms(problem, best), placed_bound)


def add_people_cuts(model: CarvingModel, caps: dict[int, int] | None,
                    max_people: int | None) -> None:
    """Proven limits as cuts: at most ``caps[g]`` people in group g, ``max_people`` in all."""
    for g, cap in (caps or {}).items():
        members = [v for (c, gg), v in model.group.items() if gg == g]
        if len(members) > cap:
            model.model.add(sum(members) <= cap)
    if max_people is not None and len(model.place) > max_people:
        model.model.add(sum(model.place) <= max_people)


def _value(problem: CarveProblem, weights: CarveWeights, parts: list[dict[int, int]]) -> int:
    t = objective_terms(problem, parts)
    return weights.placed * t["placed"] + weights.hours * t["hundredths"] + weights.tier3 * t["tier3"]
