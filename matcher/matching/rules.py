"""The hard fit rules of FORMATS.md section 2, for many pairs at once.

Every hard rule except hours and avoided tasks is a one-hot *requirement* column:
the function marks what it needs (its demand level per dimension, each condition
it has, its qualification level, its heaviest lift), the candidate marks what they
meet, and a pair is feasible when ``meets @ requires.T`` counts every requirement
of the function. Hours (effective hours = hours / productivity inside the person's
window) and avoided tasks are applied on top.

A dimension without any capacity counts as level 1 (everybody can do a level-1
demand) and can never be borderline: with no data we cannot know the person is "one
level short", so a demand of 2 or more there is a hard no. With borderline allowed,
a capacity one level below the demand passes (and is named in the explanation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.matching.encoding import N_DIM, N_LEVEL, CandidateArrays, FunctionArrays
from matcher.policy import Policy

TOLERANCE = 1e-6
"""The one slack of every fit rule on hours and kilograms (decimals typed by people,
divided by productivities). The evaluator (:mod:`matcher.checks.tolerance`) defines
its own of the same value and never imports this one."""

HOURS_EPS = TOLERANCE
"""Former name of :data:`TOLERANCE`, kept for callers written before the split."""

N_QUALIFICATION = 8
"""NLQF levels 1-8."""


@dataclass(frozen=True)
class Requirements:
    """What each function requires, as one-hot columns (rows = functions).

    ``matrix`` is n_f x n_requirements (float32 0/1), ``count`` the number of
    requirements per function, ``lifts`` the distinct lifting weights (one column each).
    """

    matrix: np.ndarray
    count: np.ndarray
    lifts: np.ndarray

    @classmethod
    def of(cls, func: FunctionArrays) -> Requirements:
        """The requirement columns of every function."""
        n_f = len(func.ids)
        lifts = np.unique(func.lifting)
        demand = (func.demand[:, :, None] == np.arange(1, N_LEVEL + 1)).reshape(n_f, N_DIM * N_LEVEL)
        level = func.level[:, None] == np.arange(1, N_QUALIFICATION + 1)
        lift = func.lifting[:, None] == lifts[None, :]
        matrix = np.hstack([demand, func.conditions > 0, level, lift]).astype(np.float32)
        return cls(matrix, matrix.sum(axis=1), lifts)

    def demand_columns(self, cols: np.ndarray) -> np.ndarray:
        """The one-hot demand block (dimension x level) of functions ``cols``."""
        return self.matrix[cols, :N_DIM * N_LEVEL]


def allowed_level(own_level: np.ndarray | int, policy: Policy) -> np.ndarray:
    """Highest function level a person may take: their own, or the policy's floor."""
    return np.maximum(np.asarray(own_level), policy.max_level_without_own_level)


def meets(cand: CandidateArrays, rows: np.ndarray, req: Requirements, policy: Policy,
          allow_borderline: bool) -> np.ndarray:
    """Per candidate of ``rows``, which requirement columns they meet (b x n_requirements).

    A candidate without any capacity source meets nothing, so no function is feasible.
    """
    lvl = cand.level[rows].astype(np.int16)
    # Missing counts as level 1; borderline, when allowed, as one level more
    # (never for a missing dimension).
    reach = np.where(lvl == 0, 1, lvl + 1 if allow_borderline else lvl)
    dims = (reach[:, :, None] >= np.arange(1, N_LEVEL + 1)).reshape(len(rows), N_DIM * N_LEVEL)
    allowed = allowed_level(cand.own_level[rows], policy)
    level = np.arange(1, N_QUALIFICATION + 1)[None, :] <= allowed[:, None]
    lift = req.lifts[None, :] <= cand.max_lifting[rows, None] + TOLERANCE
    met = np.hstack([dims, cand.not_ok[rows] == 0, level, lift]).astype(np.float32)
    return met * cand.has_source[rows, None]


def hours_fit(hours: np.ndarray, min_hours: np.ndarray, max_hours: np.ndarray,
              productivity: np.ndarray) -> np.ndarray:
    """Effective hours (hours / productivity) inside [min, max], multiplied out.

    Multiplying the window by the productivity instead of dividing the hours keeps
    the comparison exact for the common productivity 1.
    """
    return ((hours >= min_hours * productivity - TOLERANCE)
            & (hours <= max_hours * productivity + TOLERANCE))


def feasible_block(cand: CandidateArrays, func: FunctionArrays, req: Requirements,
                   rows: np.ndarray, cols: np.ndarray, policy: Policy,
                   allow_borderline: bool) -> np.ndarray:
    """Bool ``len(rows) x len(cols)``: the pair passes every hard rule."""
    n_met = meets(cand, rows, req, policy, allow_borderline) @ req.matrix[cols].T
    feasible = n_met == req.count[cols][None, :]
    feasible &= hours_fit(func.hours[cols][None, :], cand.min_hours[rows, None],
                          cand.max_hours[rows, None], cand.productivity[rows, None])
    if cand.avoids.nnz:
        avoid = (cand.avoids[rows] @ func.tasks[:, cols]).tocoo()
        feasible[avoid.row, avoid.col] = False
    return feasible
