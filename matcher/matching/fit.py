"""Fit of candidates to new functions: hard feasibility and a 0-100 score, vectorised.

Every rule of FORMATS.md section 2 is evaluated for all candidates x functions at
once with numpy. The graded dimensions are one-hot encoded by level (13 dimensions x
5 levels = 65 columns), so that "how many dimensions does this person meet", "how
many are one level short" and "how much margin" become matrix products:
``person_features (n_c x 65) @ demand_one_hot.T (65 x n_f)``. That keeps the work per
pair to a few arithmetic operations, which is what makes 10,000 x 2,000 cheap and a
whole region (100,000 x 10,000) possible in blocks of candidates.

Comparison rule (documented in docs/matching.md, applied identically by
:mod:`matcher.checks.match`): a monitor capacity is a mean (float); it is rounded
*half up* to a whole level before it is compared with a demand (2.5 -> 3, 2.49 -> 2).
A dimension without any capacity counts as level 1 for the hard check (everybody can
do a level-1 demand) and can never be borderline: with no data we cannot know the
person is "one level short", so a demand of 2 or more there is a hard no.

Score (0-100, named weights in :data:`WEIGHTS`)::

    base + margin * (confidence-weighted mean margin, capped at 2 levels, /2)
         + hours  * (effective hours / the person's max hours, capped at 1)
         + preference * (function's department among the person's prefers)
         - boredom * (mean margin beyond 2 levels, /2)
         - borderline * (number of borderline dimensions)

clipped to 0-100 and rounded to 2 decimals. A dimension's weight in the margin is
0.5 + 0.5 x confidence, so a low-confidence dimension counts less; a feasible pair
that relies on a low-confidence dimension (demand above 1) is flagged in its
explanation, never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matcher.monitor.profiles import CapacityProfile
from matcher.policy import Policy
from matcher.redesign.functions import NewFunction
from taskmodels.catalogue import BY_ID, DIMENSION_IDS
from taskmodels.models import Candidate, Task

N_DIM = len(DIMENSION_IDS)
DEFAULT_POLICY = Policy()
N_LEVEL = 5
WEIGHTS: dict[str, float] = {
    "base": 40.0, "margin": 35.0, "hours": 10.0, "preference": 15.0,
    "boredom": 10.0, "borderline": 15.0,
}
CONDITIONS = ("evening", "night", "weekend", "customer_contact")
CONDITION_NL = {"evening": "avondwerk", "night": "nachtwerk", "weekend": "weekendwerk",
                "customer_contact": "klantcontact"}
#: Tolerance on hours comparisons (hours are decimals typed by people).
HOURS_EPS = 1e-9


def capacity_level(value: float | None) -> int:
    """Whole level used for comparison: round half up; 0 for a missing capacity."""
    if value is None:
        return 0
    return int(np.floor(value + 0.5))


@dataclass
class CandidateArrays:
    """Candidates encoded for vectorised fitting (row i is candidate ``ids[i]``).

    ``level`` holds whole capacity levels (0 = missing), ``confidence`` 0-1 per
    dimension, ``low`` marks low-confidence dimensions. ``not_ok`` is 1 where the
    person does not accept a condition (order of :data:`CONDITIONS`).
    ``prefers`` (n_c x n_departments) and ``avoids`` (n_c x n_tasks) are sparse 0/1.
    """

    ids: list[str]
    level: np.ndarray
    confidence: np.ndarray
    low: np.ndarray
    max_lifting: np.ndarray
    min_hours: np.ndarray
    max_hours: np.ndarray
    productivity: np.ndarray
    own_level: np.ndarray
    not_ok: np.ndarray
    prefers: sp.csr_matrix
    avoids: sp.csr_matrix
    has_source: np.ndarray


@dataclass
class FunctionArrays:
    """New functions encoded for vectorised fitting (column j is function ``ids[j]``).

    ``departments`` (n_departments x n_f) and ``tasks`` (n_tasks x n_f) are sparse 0/1.
    """

    ids: list[str]
    demand: np.ndarray
    level: np.ndarray
    hours: np.ndarray
    lifting: np.ndarray
    conditions: np.ndarray
    departments: sp.csc_matrix
    tasks: sp.csc_matrix


def encode(
    profiles: dict[str, CapacityProfile], candidates: list[Candidate],
    functions: list[NewFunction], tasks: dict[str, Task],
) -> tuple[CandidateArrays, FunctionArrays, list[str], list[str]]:
    """Encode domain objects; also returns the department and task vocabularies."""
    from matcher.monitor.profiles import confidence_label

    departments = sorted({d for f in functions for d in f.department.split("; ")}
                         | {d for c in candidates for d in c.prefers})
    task_ids = sorted(set(tasks) | {t for c in candidates for t in c.avoids})
    dept_ix = {d: i for i, d in enumerate(departments)}
    task_ix = {t: i for i, t in enumerate(task_ids)}
    n_c, n_f = len(candidates), len(functions)
    level = np.zeros((n_c, N_DIM), np.int8)
    conf = np.zeros((n_c, N_DIM))
    low = np.zeros((n_c, N_DIM), bool)
    for i, c in enumerate(candidates):
        prof = profiles[c.candidate_id]
        for d, dim in enumerate(DIMENSION_IDS):
            s = prof.dimensions[dim]
            level[i, d] = capacity_level(s.value)
            conf[i, d] = s.confidence
            low[i, d] = s.value is not None and confidence_label(s.confidence) == "low"

    def incidence(rows: list[list[int]], n_cols: int) -> sp.csr_matrix:
        r = [i for i, cols in enumerate(rows) for _ in cols]
        c = [j for cols in rows for j in cols]
        return sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(rows), n_cols))

    cand = CandidateArrays(
        ids=[c.candidate_id for c in candidates], level=level, confidence=conf, low=low,
        max_lifting=np.array([c.max_lifting_kg for c in candidates], float),
        min_hours=np.array([c.min_hours for c in candidates], float),
        max_hours=np.array([c.max_hours for c in candidates], float),
        productivity=np.array([c.productivity for c in candidates], float),
        own_level=np.array([c.level for c in candidates], np.int16),
        not_ok=np.array([[not c.evening_ok, not c.night_ok, not c.weekend_ok,
                          not c.customer_contact_ok] for c in candidates], float).reshape(n_c, 4),
        prefers=incidence([[dept_ix[d] for d in c.prefers] for c in candidates], len(departments)),
        avoids=incidence([[task_ix[t] for t in c.avoids] for c in candidates], len(task_ids)),
        has_source=np.array([profiles[c.candidate_id].has_source for c in candidates], bool),
    )
    func = FunctionArrays(
        ids=[f.role_id for f in functions],
        demand=np.array([[f.demands[d] for d in DIMENSION_IDS] for f in functions],
                        np.int8).reshape(n_f, N_DIM),
        level=np.array([f.level for f in functions], np.int16),
        hours=np.array([f.hours for f in functions], float),
        lifting=np.array([f.lifting_kg for f in functions], float),
        conditions=np.array([[f.evening, f.night, f.weekend, f.customer_contact]
                             for f in functions], float).reshape(n_f, 4),
        departments=incidence([[dept_ix[d] for d in f.department.split("; ")]
                               for f in functions], len(departments)).T.tocsc(),
        tasks=incidence([[task_ix[t] for t in f.task_ids] for f in functions],
                        len(task_ids)).T.tocsc(),
    )
    return cand, func, departments, task_ids


@dataclass
class FitEdges:
    """The feasible pairs of a block: candidate row, function column, score, borderline."""

    rows: np.ndarray
    cols: np.ndarray
    score: np.ndarray
    borderline: np.ndarray


class FitMatrix:
    """Feasibility, borderline counts and scores of candidates x functions.

    Build with :meth:`build` from domain objects, or construct it directly from
    encoded :class:`CandidateArrays` and :class:`FunctionArrays`. ``feasible``,
    ``borderline`` (number of dimensions one level short) and ``score`` are dense
    ``n_candidates x n_functions`` arrays computed on first use (score and
    borderline are 0 where infeasible); :meth:`edges` computes the feasible pairs of
    a slice of candidates only, for problems too large to hold densely.
    """

    def __init__(self, cand: CandidateArrays, func: FunctionArrays, policy: Policy,
                 allow_borderline: bool, departments: list[str] | None = None,
                 task_ids: list[str] | None = None) -> None:
        self.cand, self.func, self.policy = cand, func, policy
        self.allow_borderline = allow_borderline
        self.departments = departments or []
        self.task_ids = task_ids or []
        self.candidate_index = {c: i for i, c in enumerate(cand.ids)}
        self.function_index = {f: j for j, f in enumerate(func.ids)}
        n_f = len(func.ids)
        # Every hard rule except hours and avoided tasks is a one-hot "requirement"
        # column: the function marks what it needs, the candidate what they meet,
        # and the pair is feasible when the product counts every requirement.
        self._lifts = np.unique(func.lifting)
        dem_onehot = (func.demand[:, :, None] == np.arange(1, N_LEVEL + 1)).reshape(n_f, N_DIM * N_LEVEL)
        level_onehot = func.level[:, None] == np.arange(1, 9)
        lift_onehot = func.lifting[:, None] == self._lifts[None, :]
        self._req = np.hstack([dem_onehot, func.conditions > 0, level_onehot,
                               lift_onehot]).astype(np.float32)
        self._target = self._req.sum(axis=1)
        self._dense: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    @classmethod
    def build(cls, profiles: dict[str, CapacityProfile], candidates: list[Candidate],
              functions: list[NewFunction], tasks: dict[str, Task], policy: Policy = DEFAULT_POLICY,
              allow_borderline: bool = False) -> FitMatrix:
        """Encode the domain objects and return the (lazily computed) fit matrix."""
        cand, func, depts, task_ids = encode(profiles, candidates, functions, tasks)
        return cls(cand, func, policy, allow_borderline, depts, task_ids)

    # -- the vectorised rules -------------------------------------------------------
    def _meets(self, rows: np.ndarray) -> np.ndarray:
        """Per candidate, which requirement columns they meet (b x n_requirements)."""
        c = self.cand
        lvl = c.level[rows].astype(np.int16)
        # Missing counts as level 1; borderline, when allowed, as one level more
        # (never for a missing dimension).
        reach = np.where(lvl == 0, 1, lvl + 1 if self.allow_borderline else lvl)
        dims = (reach[:, :, None] >= np.arange(1, N_LEVEL + 1)).reshape(len(rows), N_DIM * N_LEVEL)
        allowed = np.maximum(c.own_level[rows], self.policy.max_level_without_own_level)
        level = np.arange(1, 9)[None, :] <= allowed[:, None]
        lift = self._lifts[None, :] <= c.max_lifting[rows, None]
        meets = np.hstack([dims, c.not_ok[rows] == 0, level, lift]).astype(np.float32)
        return meets * c.has_source[rows, None]

    def _dim_table(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per candidate and (dimension, demand level): score points and borderline flag."""
        lvl = self.cand.level[rows].astype(np.int16)[:, :, None]
        lv = np.arange(1, N_LEVEL + 1)
        w = 0.5 + 0.5 * self.cand.confidence[rows]
        share = (w / w.sum(axis=1, keepdims=True))[:, :, None]
        border = (lvl >= 1) & (lvl == lv - 1)
        points = (WEIGHTS["margin"] * share * np.clip(lvl - lv, 0, 2) / 2.0
                  - WEIGHTS["boredom"] * np.maximum(lvl - lv - 2, 0) / (2.0 * N_DIM)
                  - WEIGHTS["borderline"] * border)
        b = len(rows)
        return (points.reshape(b, N_DIM * N_LEVEL),
                border.reshape(b, N_DIM * N_LEVEL).astype(np.int8))

    def edges(self, rows: np.ndarray | slice, cols: np.ndarray | None = None) -> FitEdges:
        """Feasible pairs of candidates ``rows`` x functions ``cols`` (default all).

        Returned ``rows``/``cols`` are global indices.
        """
        if isinstance(rows, slice):
            rows = np.arange(len(self.cand.ids))[rows]
        c, f = self.cand, self.func
        cols = np.arange(len(f.ids)) if cols is None else np.asarray(cols)
        hours = f.hours[cols]
        n_met = self._meets(rows) @ self._req[cols].T
        feasible = n_met == self._target[cols][None, :]
        # Effective hours = hours / productivity within [min, max]; multiplied out.
        prod = c.productivity[rows, None]
        feasible &= hours[None, :] >= c.min_hours[rows, None] * prod - HOURS_EPS
        feasible &= hours[None, :] <= c.max_hours[rows, None] * prod + HOURS_EPS
        if c.avoids.nnz:
            avoid = (c.avoids[rows] @ f.tasks[:, cols]).tocoo()
            feasible[avoid.row, avoid.col] = False
        # Flat indices: one pass to find, one cheap gather per quantity.
        flat = np.flatnonzero(feasible)
        r, k = np.divmod(flat, len(cols))
        ci, fj = rows[r], cols[k]
        points, border = self._dim_table(rows)
        demand_onehot = self._req[cols, :N_DIM * N_LEVEL]
        # A dense product and one gather beat 13 gathers per edge (BLAS does the sums).
        dim_points = (points @ demand_onehot.T.astype(np.float64)).ravel()[flat]
        if self.allow_borderline:
            borderline = (border.astype(np.float32) @ demand_onehot.T).ravel()[flat].astype(np.int8)
        else:
            borderline = np.zeros(len(flat), np.int8)
        use = np.minimum(1.0, f.hours[fj] / (c.productivity[ci] * c.max_hours[ci]))
        pref = np.zeros(len(flat), bool)
        if c.prefers.nnz:
            pr = (c.prefers[rows] @ f.departments[:, cols]).tocoo()
            liked = np.zeros(feasible.shape, bool)
            liked[pr.row, pr.col] = True
            pref = liked.ravel()[flat]
        score = (WEIGHTS["base"] + dim_points + WEIGHTS["hours"] * use
                 + WEIGHTS["preference"] * pref)
        score = np.round(np.clip(score, 0.0, 100.0), 2)
        return FitEdges(ci, fj, score, borderline)

    def _all(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self._dense is None:
            shape = (len(self.cand.ids), len(self.func.ids))
            e = self.edges(slice(None))
            feasible = np.zeros(shape, bool)
            score = np.zeros(shape)
            border = np.zeros(shape, np.int8)
            feasible[e.rows, e.cols] = True
            score[e.rows, e.cols] = e.score
            border[e.rows, e.cols] = e.borderline
            self._dense = (feasible, border, score)
        return self._dense

    @property
    def feasible(self) -> np.ndarray:
        """Bool n_c x n_f: the pair passes every hard rule (borderline only if allowed)."""
        return self._all()[0]

    @property
    def borderline(self) -> np.ndarray:
        """Int n_c x n_f: borderline dimensions of feasible pairs (0 elsewhere)."""
        return self._all()[1]

    @property
    def score(self) -> np.ndarray:
        """Float n_c x n_f: the 0-100 score of feasible pairs (0 elsewhere)."""
        return self._all()[2]

    # -- explanations as data -------------------------------------------------------
    def explain(self, candidate_id: str, role_id: str) -> dict[str, object]:
        """Why this score for this pair: ``{score, feasible, borderline, rules, ...}``.

        ``rules`` is a list of ``{rule, weight, contribution, reason}`` (Dutch reasons);
        hard rules that block the pair are listed with contribution ``None``.
        """
        return explain_pair(self, self.candidate_index[candidate_id], self.function_index[role_id])

    def blockers(self, candidate_id: str, role_id: str) -> list[dict[str, object]]:
        """The hard rules this pair breaks, each ``{rule, dimension, have, need, reason}``."""
        return pair_blockers(self, self.candidate_index[candidate_id], self.function_index[role_id])


def dimension_label(dim: str) -> str:
    """Dutch capacity label of a dimension."""
    return BY_ID[dim].capacity_nl


def _fmt(x: float) -> str:
    return f"{x:g}"


def _hard_rules(fm: FitMatrix, i: int, j: int) -> tuple[list[dict[str, object]], list[str]]:
    """(blockers, borderline dims) of one pair, straight from the encoded arrays."""
    c, f = fm.cand, fm.func
    out: list[dict[str, object]] = []
    border: list[str] = []
    if not c.has_source[i]:
        out.append({"rule": "no_capacity_data", "dimension": None, "have": None, "need": None,
                    "reason": "geen capaciteitsgegevens (geen c_-kolommen en geen monitorscores)"})
    for d, dim in enumerate(DIMENSION_IDS):
        have, need = int(c.level[i, d]), int(f.demand[j, d])
        if max(have, 1) >= need:
            continue
        label = dimension_label(dim)
        if have == 0:
            out.append({"rule": "missing_capacity", "dimension": dim, "have": None, "need": need,
                        "reason": f"geen gegevens over {label}, vereist {need}"})
        elif have == need - 1:
            border.append(dim)
            if not fm.allow_borderline:
                out.append({"rule": "borderline", "dimension": dim, "have": have, "need": need,
                            "reason": f"{label} {have} < vereist {need} (grensgeval, "
                                      "alleen met --allow-borderline)"})
        else:
            out.append({"rule": "dimension", "dimension": dim, "have": have, "need": need,
                        "reason": f"{label} {have} < vereist {need}"})
    allowed = max(int(c.own_level[i]), fm.policy.max_level_without_own_level)
    if f.level[j] > allowed:
        out.append({"rule": "level", "dimension": None, "have": int(c.own_level[i]),
                    "need": int(f.level[j]),
                    "reason": f"functieniveau {f.level[j]} boven eigen niveau {c.own_level[i]} "
                              f"(zonder eigen niveau tot {fm.policy.max_level_without_own_level})"})
    eff = f.hours[j] / c.productivity[i]
    lo, hi = c.min_hours[i], c.max_hours[i]
    if not (f.hours[j] >= lo * c.productivity[i] - HOURS_EPS
            and f.hours[j] <= hi * c.productivity[i] + HOURS_EPS):
        out.append({"rule": "hours", "dimension": None, "have": [lo, hi], "need": round(eff, 2),
                    "reason": f"{eff:.1f} uur nodig ({_fmt(f.hours[j])} / {_fmt(c.productivity[i])}) "
                              f"valt buiten {_fmt(lo)}–{_fmt(hi)} uur"})
    if f.lifting[j] > c.max_lifting[i]:
        out.append({"rule": "lifting", "dimension": None, "have": c.max_lifting[i],
                    "need": f.lifting[j],
                    "reason": f"tillen {_fmt(f.lifting[j])} kg > maximaal {_fmt(c.max_lifting[i])} kg"})
    for k, cond in enumerate(CONDITIONS):
        if f.conditions[j, k] and c.not_ok[i, k]:
            out.append({"rule": cond, "dimension": None, "have": False, "need": True,
                        "reason": f"{CONDITION_NL[cond]} niet mogelijk"})
    avoided = set(c.avoids[i].indices) & set(f.tasks[:, j].indices)
    for t in sorted(fm.task_ids[k] for k in avoided):
        out.append({"rule": "avoids", "dimension": None, "have": t, "need": None,
                    "reason": f"wil taak {t} niet doen"})
    return out, border


def pair_blockers(fm: FitMatrix, i: int, j: int) -> list[dict[str, object]]:
    """The hard rules candidate row ``i`` breaks for function column ``j``."""
    return _hard_rules(fm, i, j)[0]


def explain_pair(fm: FitMatrix, i: int, j: int) -> dict[str, object]:
    """The explanation of one pair as data (see :meth:`FitMatrix.explain`)."""
    c, f = fm.cand, fm.func
    blockers, border = _hard_rules(fm, i, j)
    rules: list[dict[str, object]] = [
        {"rule": "base", "weight": WEIGHTS["base"], "contribution": WEIGHTS["base"],
         "reason": "basis voor een passende functie"}]
    w = 0.5 + 0.5 * c.confidence[i]
    low: list[str] = []
    for d, dim in enumerate(DIMENSION_IDS):
        have, need = int(c.level[i, d]), int(f.demand[j, d])
        part = WEIGHTS["margin"] * w[d] / w.sum() * min(2, max(0, have - need)) / 2
        if part > 0:
            rules.append({"rule": "margin", "weight": WEIGHTS["margin"], "contribution": part,
                          "reason": f"{dimension_label(dim)} {have} bij vereist {need}: "
                                    f"{have - need} niveau(s) ruimte"})
        if c.low[i, d] and need > 1:
            low.append(dim)
            rules.append({"rule": "low_confidence", "weight": 0.0, "contribution": 0.0,
                          "reason": f"{dimension_label(dim)} is met lage betrouwbaarheid gemeten; "
                                    "geen hard gegeven, eerst nagaan"})
    eff = f.hours[j] / c.productivity[i]
    use = min(1.0, eff / c.max_hours[i])
    rules.append({"rule": "hours", "weight": WEIGHTS["hours"], "contribution": WEIGHTS["hours"] * use,
                  "reason": f"{eff:.1f} van maximaal {_fmt(c.max_hours[i])} uur per week"})
    pref_depts = {fm.departments[k] for k in c.prefers[i].indices}
    f_depts = {fm.departments[k] for k in f.departments[:, j].indices}
    if pref_depts & f_depts:
        rules.append({"rule": "preference", "weight": WEIGHTS["preference"],
                      "contribution": WEIGHTS["preference"],
                      "reason": f"voorkeur voor afdeling {', '.join(sorted(pref_depts & f_depts))}"})
    excess = sum(max(0, int(c.level[i, d]) - int(f.demand[j, d]) - 2) for d in range(N_DIM))
    if excess:
        part = WEIGHTS["boredom"] * excess / (2 * N_DIM)
        rules.append({"rule": "boredom", "weight": WEIGHTS["boredom"], "contribution": -part,
                      "reason": "ruim overgekwalificeerd op een deel van de dimensies (kans op verveling)"})
    for dim in border:
        rules.append({"rule": "borderline", "weight": WEIGHTS["borderline"],
                      "contribution": -WEIGHTS["borderline"],
                      "reason": f"grensgeval op {dimension_label(dim)}: één niveau te kort; "
                                "ondersteuning nodig (instructie, werkbegeleider of aanpassing)"})
    for b in blockers:
        rules.append({"rule": b["rule"], "weight": None, "contribution": None, "reason": b["reason"]})
    total = sum(float(r["contribution"]) for r in rules if r["contribution"] is not None)
    for r in rules:
        if r["contribution"] is not None:
            r["contribution"] = round(float(r["contribution"]), 3)
    return {
        "score": round(min(100.0, max(0.0, total)), 2),
        "feasible": not blockers,
        "borderline": border,
        "support": [f"ondersteuning op {dimension_label(d)}" for d in border],
        "low_confidence": low,
        "rules": rules,
    }
