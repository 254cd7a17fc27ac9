"""The fit matrix: feasibility, borderline counts and scores of candidates x functions.

Every rule is evaluated for all pairs at once with numpy (:mod:`matcher.matching.rules`),
every score from tabulated terms (:mod:`matcher.matching.scoring`), so the work per pair
is a few arithmetic operations: what makes 10,000 x 2,000 cheap and a whole region
(100,000 x 10,000) possible in blocks of candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.matching.encoding import CandidateArrays, FunctionArrays, encode
from matcher.matching.explanation import explain_pair, pair_blockers
from matcher.matching.rules import Requirements, feasible_block
from matcher.matching.scoring import dimension_points, hours_use, total_score
from matcher.monitor.profiles import CapacityProfile
from matcher.policy import Policy
from matcher.redesign.functions import NewFunction
from taskmodels.models import Candidate, Task

DEFAULT_POLICY = Policy()


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
        self.requirements = Requirements.of(func)
        self._dense: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    @classmethod
    def build(cls, profiles: dict[str, CapacityProfile], candidates: list[Candidate],
              functions: list[NewFunction], tasks: dict[str, Task], policy: Policy = DEFAULT_POLICY,
              allow_borderline: bool = False) -> FitMatrix:
        """Encode the domain objects and return the (lazily computed) fit matrix."""
        cand, func, depts, task_ids = encode(profiles, candidates, functions, tasks)
        return cls(cand, func, policy, allow_borderline, depts, task_ids)

    def edges(self, rows: np.ndarray | slice, cols: np.ndarray | None = None) -> FitEdges:
        """Feasible pairs of candidates ``rows`` x functions ``cols`` (default all).

        Returned ``rows``/``cols`` are global indices.
        """
        if isinstance(rows, slice):
            rows = np.arange(len(self.cand.ids))[rows]
        c, f, req = self.cand, self.func, self.requirements
        cols = np.arange(len(f.ids)) if cols is None else np.asarray(cols)
        feasible = feasible_block(c, f, req, rows, cols, self.policy, self.allow_borderline)
        # Flat indices: one pass to find, one cheap gather per quantity.
        flat = np.flatnonzero(feasible)
        r, k = np.divmod(flat, len(cols))
        ci, fj = rows[r], cols[k]
        points, border = dimension_points(c, rows)
        demand_onehot = req.demand_columns(cols)
        # A dense product and one gather beat 13 gathers per edge (BLAS does the sums).
        dim_points = (points @ demand_onehot.T.astype(np.float64)).ravel()[flat]
        if self.allow_borderline:
            borderline = (border.astype(np.float32) @ demand_onehot.T).ravel()[flat].astype(np.int8)
        else:
            borderline = np.zeros(len(flat), np.int8)
        use = hours_use(f.hours[fj], c.productivity[ci], c.max_hours[ci])
        pref = np.zeros(len(flat), bool)
        if c.prefers.nnz:
            pr = (c.prefers[rows] @ f.departments[:, cols]).tocoo()
            liked = np.zeros(feasible.shape, bool)
            liked[pr.row, pr.col] = True
            pref = liked.ravel()[flat]
        return FitEdges(ci, fj, total_score(dim_points, use, pref), borderline)

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

    # -- explanations as data (matcher.matching.explanation) --------------------------
    def explain(self, candidate_id: str, role_id: str) -> dict[str, object]:
        """Why this score for this pair: ``{score, feasible, borderline, rules, ...}``.

        ``rules`` is a list of ``{rule, weight, contribution, reason}``; each reason is
        a :class:`~matcher.matching.explanation.Sentence` (Dutch text that keeps its
        catalogue message); hard rules that block the pair have contribution ``None``.
        """
        return explain_pair(self, self.candidate_index[candidate_id], self.function_index[role_id])

    def blockers(self, candidate_id: str, role_id: str) -> list[dict[str, object]]:
        """The hard rules this pair breaks, each ``{rule, dimension, have, need, reason}``."""
        return pair_blockers(self, self.candidate_index[candidate_id], self.function_index[role_id])
