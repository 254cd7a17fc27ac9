"""Fit of candidates to new functions: the public names in one place.

The work is split by what it does (issue 10, item 5):

* :mod:`matcher.matching.encoding` — candidates and functions as arrays;
* :mod:`matcher.matching.rules` — the hard fit rules, vectorised, and the tolerance;
* :mod:`matcher.matching.scoring` — the 0-100 score and its named weights;
* :mod:`matcher.matching.matrix` — the fit matrix that applies both to many pairs;
* :mod:`matcher.matching.explanation` — why a pair fits or not, as catalogue messages.

This module re-exports their public names so existing imports keep working; new
code imports from the module that does the job.
"""

from __future__ import annotations

from matcher.matching.encoding import (
    CONDITIONS,
    N_DIM,
    N_LEVEL,
    CandidateArrays,
    FunctionArrays,
    capacity_level,
    encode,
)
from matcher.matching.explanation import (
    Sentence,
    dimension_label,
    explain_pair,
    hard_rules,
    pair_blockers,
)
from matcher.matching.matrix import DEFAULT_POLICY, FitEdges, FitMatrix
from matcher.matching.rules import HOURS_EPS, TOLERANCE
from matcher.matching.scoring import WEIGHTS
from taskmodels.catalogue import BY_ID
from taskmodels.messages import text

CONDITION_NL: dict[str, str] = {c: text(f"condition.{c}", "nl") for c in CONDITIONS}
"""Dutch labels of the conditions, from the catalogue (new code: ``condition.<id>`` codes)."""

__all__ = [
    "BY_ID", "CONDITIONS", "CONDITION_NL", "DEFAULT_POLICY", "HOURS_EPS", "N_DIM", "N_LEVEL",
    "TOLERANCE", "WEIGHTS", "CandidateArrays", "FitEdges", "FitMatrix", "FunctionArrays",
    "Sentence", "capacity_level", "dimension_label", "encode", "explain_pair", "hard_rules",
    "pair_blockers",
]
