"""Pool-aware regional: each employer designed with the whole pool, one global assignment."""

from __future__ import annotations

from matcher.policy import Policy
from matcher.regional.local import run_regional_local
from matcher.results import SolveOptions
from taskmodels.models import CandidatePool
from tests.matcher.matching.test_pool import inv, person, task

FAST = SolveOptions(time_limit=2.0, workers=1)


def test_pool_aware_region_places_more_and_nobody_twice() -> None:
    # Two employers with 32 h of work each; four people who want at most 16 hours.
    a = inv(task("A1", 32)).model_copy(update={"organisation": "a"})
    b = inv(task("B1", 32)).model_copy(update={"organisation": "b"})
    pool = CandidatePool(candidates=tuple(person(f"K{i}", max_hours=16) for i in range(5)))
    old = run_regional_local([a, b], pool, Policy(), FAST, pool_aware=False)
    new = run_regional_local([a, b], pool, Policy(), FAST)  # pool-aware is the default
    ids = [m["candidate_id"] for m in new["matches"]]
    assert len(ids) == len(set(ids)) == 4
    assert len(old["matches"]) == 0  # two 32-hour functions nobody here can take
    assert {m["employer"] for m in new["matches"]} == {"a", "b"}
