"""Candidates and new functions as arrays, for fitting every pair at once.

Row ``i`` of :class:`CandidateArrays` is candidate ``ids[i]``, column ``j`` of
:class:`FunctionArrays` is function ``ids[j]``; dense integer indices live only here
and in the solver adapters, reports use the string ids (STYLE.md habit 2).

Comparison rule (documented in docs/matching.md, applied identically by
:mod:`matcher.checks.match`): a monitor capacity is a mean (float); it is rounded
*half up* to a whole level before it is compared with a demand (2.5 -> 3, 2.49 -> 2).
A missing capacity is level 0 here; the rules decide what that means.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matcher.monitor.profiles import CapacityProfile, confidence_label
from matcher.redesign.functions import NewFunction
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import Candidate, Task

N_DIM = len(DIMENSION_IDS)
N_LEVEL = 5
CONDITIONS: tuple[str, ...] = ("evening", "night", "weekend", "customer_contact")
"""Work conditions a person may refuse, in the column order of ``not_ok``/``conditions``."""


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


def _incidence(rows: list[list[int]], n_cols: int) -> sp.csr_matrix:
    r = [i for i, cols in enumerate(rows) for _ in cols]
    c = [j for cols in rows for j in cols]
    return sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(rows), n_cols))


def encode(
    profiles: dict[str, CapacityProfile], candidates: list[Candidate],
    functions: list[NewFunction], tasks: dict[str, Task],
) -> tuple[CandidateArrays, FunctionArrays, list[str], list[str]]:
    """Encode domain objects; also returns the department and task vocabularies."""
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
    cand = CandidateArrays(
        ids=[c.candidate_id for c in candidates], level=level, confidence=conf, low=low,
        max_lifting=np.array([c.max_lifting_kg for c in candidates], float),
        min_hours=np.array([c.min_hours for c in candidates], float),
        max_hours=np.array([c.max_hours for c in candidates], float),
        productivity=np.array([c.productivity for c in candidates], float),
        own_level=np.array([c.level for c in candidates], np.int16),
        not_ok=np.array([[not c.evening_ok, not c.night_ok, not c.weekend_ok,
                          not c.customer_contact_ok] for c in candidates], float).reshape(n_c, 4),
        prefers=_incidence([[dept_ix[d] for d in c.prefers] for c in candidates], len(departments)),
        avoids=_incidence([[task_ix[t] for t in c.avoids] for c in candidates], len(task_ids)),
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
        departments=_incidence([[dept_ix[d] for d in f.department.split("; ")]
                                for f in functions], len(departments)).T.tocsc(),
        tasks=_incidence([[task_ix[t] for t in f.task_ids] for f in functions],
                         len(task_ids)).T.tocsc(),
    )
    return cand, func, departments, task_ids
