"""The redesign + match answer as a starting point (hint) for carving.

Carving must never place fewer people than the organisation-first chain
(redesign, then match) on the same input. Feeding that chain's answer to CP-SAT as
a hint, and keeping it when the search finds nothing better, guarantees this for
every matched function that is itself a valid carving. The one rule that can
differ: carving also bounds the *effective* hours (hours / productivity) by
12-36, so a matched function of, say, 30 hours for a person at 70 % (42.9
effective hours) is first trimmed (split task parts shortened, never below their
minimum part) and left out of the hint only if trimming cannot fix it.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from matcher.policy import Policy
from matcher.redesign.functions import NewFunction
from matcher.redesign.splitting import SCALE
from matcher.results import SolveOptions
from matcher.solver.carving import hint_is_valid
from taskmodels.models import CandidatePool, Inventory

if TYPE_CHECKING:
    from matcher.carving.result import Prepared


def _trim(parts: dict[int, int], prep: Prepared, c: int) -> dict[int, int]:
    """Shorten split parts (largest first) until the person's window holds, if possible."""
    person = prep.problem.people[c]
    total = sum(parts.values())
    out = dict(parts)
    for k in sorted(out, key=lambda k: -out[k]):
        unit = prep.problem.units[k]
        if total <= person.hi or not unit.splittable:
            continue
        whole, rest = divmod(out[k], SCALE)
        cut = min(whole - unit.min_part, -(-(total - person.hi) // SCALE))
        if cut > 0:
            out[k] = (whole - cut) * SCALE + rest
            total -= cut * SCALE
    return out


def baseline_hint(
    inventory: Inventory, pool: CandidatePool, policy: Policy, options: SolveOptions,
    prep: Prepared, share: float = 0.3,
    seed: tuple[list[NewFunction], Any] | None = None,
) -> tuple[list[dict[int, int]] | None, dict[str, Any]]:
    """Run redesign + match within ``share`` of the time; return (hint, figures).

    ``seed`` may hand in an answer already computed: ``(redesign functions, match
    result)`` (anything with ``.matches`` of ``candidate_id`` / ``role_id``).
    The hint is per person (dense index) ``{unit index: hundredths}``; people whose
    matched function cannot be a valid carving are left out, and counted.
    """
    started = time.perf_counter()
    if seed is not None:
        redesign_functions, matched = seed
        matches = list(matched.matches)
    else:
        # Imported here: matching imports the redesign, which imports nothing of carving.
        from matcher.matching.pipeline import run_match
        from matcher.redesign.pipeline import run_redesign

        budget = replace(options, time_limit=max(0.5, options.time_limit * share / 2))
        redesign_functions = run_redesign(inventory, policy, budget).functions
        matches = []
        if redesign_functions:
            matches = list(run_match(inventory, pool, redesign_functions, policy,
                                     budget).matches)
    functions = {fn.role_id: fn for fn in redesign_functions}
    index = {c.candidate_id: i for i, c in enumerate(prep.candidates)}
    unit_of = {t: k for k, u in enumerate(prep.units) for t in u.task_ids}
    hint: list[dict[int, int]] = [{} for _ in prep.candidates]
    dropped = 0
    for m in matches:
        cid = m["candidate_id"] if isinstance(m, dict) else m.candidate_id
        rid = m["role_id"] if isinstance(m, dict) else m.role_id
        c, fn = index.get(cid), functions.get(rid)
        if c is None or fn is None:
            dropped += 1
            continue
        parts: dict[int, int] = {}
        for p in fn.parts:
            k = unit_of.get(p.task_id)
            if k is None:
                break
            unit = prep.problem.units[k]
            parts[k] = int(round(p.hours * SCALE)) if unit.splittable else unit.hours
        else:
            trial = list(hint)
            trial[c] = _trim(parts, prep, c)
            if hint_is_valid(prep.problem, trial):
                hint = trial
                continue
        dropped += 1
    figures = {
        "available": True,
        "placed": len(matches),
        "placed_in_hint": sum(1 for h in hint if h),
        "not_valid_as_carving": dropped,
        "seconds": round(time.perf_counter() - started, 3),
    }
    return hint, figures
