"""Data completeness of a regional run (issue 11): who in the pool could not be considered.

Each employer's task classifies every candidate with the one implementation of
:func:`matcher.matching.pool.candidate_statuses` (no capacity data, no hours window,
every carve-able task blocked by one condition, …) and keeps the candidates it
could not consider. Here those per-employer statuses become one status per person
for the whole region, counted by :func:`matcher.matching.pool.tally`: a person is
considered when *some* employer could consider them, and is "blocked by one
condition" only when the same single rule blocks them at every employer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from matcher.policy import Policy
from taskmodels.models import CandidatePool, Inventory

#: Statuses that belong to the person, not to an employer's work: the same everywhere.
PERSONAL = ("no_capacity_data", "no_hours_window")


def employer_statuses(inventory: Inventory, pool: CandidatePool, policy: Policy,
                      allow_borderline: bool) -> dict[str, str]:
    """Every candidate's status at one employer (the pool-aware design's own classification).

    Used where the design did not classify the pool itself (the organisation-first
    redesign knows no candidates).
    """
    from matcher.matching.pool import candidate_statuses, prepare_pool

    prep, fm = prepare_pool(inventory, pool.with_ratings_from(inventory.ratings), policy,
                            allow_borderline)
    return candidate_statuses(prep, fm)


def combine(statuses: Sequence[str]) -> str:
    """One person's status in the region from their status at each employer.

    ``considered`` anywhere wins; a personal reason (no capacity data, no hours
    window) is the same at every employer; an employer without carve-able work says
    nothing about the person; some fitting work anywhere is "too little fitting
    work"; one rule blocking them everywhere is that rule, several rules are
    ``blocked_by_several_conditions``.
    """
    if "considered" in statuses:
        return "considered"
    for personal in PERSONAL:
        if personal in statuses:
            return personal
    telling = [s for s in statuses if s != "no_carveable_work"]
    if not telling:
        return "no_carveable_work"
    if "too_little_fitting_work" in telling:
        return "too_little_fitting_work"
    if len(set(telling)) == 1:
        return telling[0]  # the same ``blocked:<rule>`` (or mixed reasons) everywhere
    return "blocked_by_several_conditions"


def region_statuses(candidate_ids: Iterable[str],
                    records: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Each candidate's regional status from the employers' records.

    A record lists only the candidates that employer could *not* consider
    (``not_considered``: ``{candidate_id: status}``); everyone else was considered there.
    """
    kept = [r.get("not_considered", {}) for r in records if r.get("ok")]
    return {cid: combine([nc.get(cid, "considered") for nc in kept]) for cid in candidate_ids}


def region_completeness(pool: CandidatePool, records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The ``completeness`` block of the regional report (the counts of every report)."""
    from matcher.matching.pool import tally

    return tally(region_statuses((c.candidate_id for c in pool.candidates), records))
