"""Edits re-checked: every edit kind with and without a broken rule, the verdict
agreeing with the independent evaluators, and unedited reports of each kind ok."""

from __future__ import annotations

import pytest

from matcher import api
from matcher.checks.match import evaluate as evaluate_matches
from matcher.checks.redesign import evaluate as evaluate_redesign
from matcher.checks.verdict import Verdict, evaluate_report, functions_of
from matcher.edits import (
    EditError,
    ForbidMatch,
    LockTask,
    MovePart,
    PinMatch,
    RemoveFunction,
    apply_edits,
)
from matcher.monitor.profiles import build_profiles
from matcher.reports.models import MatchReport, RedesignReport
from matcher.results import SolveOptions
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import Candidate, CandidatePool, Inventory, Role, Task

FAST = SolveOptions(time_limit=2.0, workers=1)


def _task(tid: str, hours: float, **kw: object) -> Task:
    base: dict[str, object] = dict(task_id=tid, task=f"taak {tid}", role="Verpleegkundige",
                                   hours_per_week=hours, level=1, separable=True,
                                   department="Afdeling A")
    base.update(kw)
    return Task(**base)  # type: ignore[arg-type]


INVENTORY = Inventory(
    organisation="test",
    roles=(Role(role="Verpleegkundige", department="Afdeling A", headcount=10,
                contract_hours=32, hourly_cost=45, level=4),),
    tasks=(
        _task("T1", 14, demands={"pace": 2}),
        _task("T2", 12),
        _task("E1", 13, time_of_day="evening"),
        _task("E2", 6, time_of_day="evening"),
        _task("C1", 20, core=True),
    ),
)
ABLE = {d: 3.0 for d in DIMENSION_IDS}
POOL = CandidatePool(candidates=(
    Candidate(candidate_id="K1", max_hours=36, capacities=ABLE),
    Candidate(candidate_id="K2", max_hours=36, capacities=ABLE),
    Candidate(candidate_id="K3", max_hours=36, capacities=ABLE, evening_ok=False,
              weekend_ok=False),
))


@pytest.fixture(scope="module")
def redesigned() -> RedesignReport:
    return api.redesign(INVENTORY, options=FAST)


@pytest.fixture(scope="module")
def matched() -> MatchReport:
    return api.match(INVENTORY, POOL, options=FAST)


def _day(report: RedesignReport | MatchReport) -> str:
    return next(r.role_id for r in report.roles if r.time_of_day == "day")


def _evening(report: RedesignReport | MatchReport) -> str:
    return next(r.role_id for r in report.roles if r.time_of_day == "evening")


def _agrees(report: RedesignReport | MatchReport, verdict: Verdict) -> None:
    """The verdict holds exactly the independent evaluators' rule problems."""
    functions = functions_of(report.roles)
    expected = [v.code for v in evaluate_redesign(INVENTORY, report.policy, functions).violations]
    if report.matches:
        pool = POOL.with_ratings_from(INVENTORY.ratings)
        check = evaluate_matches([(m.candidate_id, m.role_id) for m in report.matches],
                                 list(pool.candidates), build_profiles(pool), functions,
                                 report.policy, True, tasks=INVENTORY.task_by_id())
        expected += [p.code for p in check.problems]
    rules = [c for c in verdict.codes() if not c.startswith(("check.edit.", "check.report."))]
    assert sorted(rules) == sorted(expected)
    assert verdict.ok == (not expected and rules == verdict.codes())


def test_the_fixture_has_a_day_and_an_evening_function(redesigned: RedesignReport) -> None:
    assert {r.time_of_day for r in redesigned.roles} == {"day", "evening"}
    assert redesigned.impact.carved_hours == 45


@pytest.mark.parametrize("kind", ["redesign", "match"])
def test_an_unedited_report_evaluates_ok(kind: str, redesigned: RedesignReport,
                                         matched: MatchReport) -> None:
    report = redesigned if kind == "redesign" else matched
    verdict = api.evaluate(report, INVENTORY, POOL)
    assert verdict.ok, verdict.problems
    assert verdict.figures.carved_hours == pytest.approx(report.impact.carved_hours)
    assert verdict.figures.annual_saving_eur == pytest.approx(report.impact.annual_saving_eur,
                                                              abs=0.01)
    assert verdict.figures.people_placed == len(report.matches)


def test_an_unedited_carving_evaluates_ok() -> None:
    report = api.carve(INVENTORY, POOL, options=FAST)
    verdict = api.evaluate(report, INVENTORY, POOL)
    assert report.matches and verdict.ok, verdict.problems
    assert verdict.figures.people_placed == len(report.matches)


def test_no_edits_change_nothing_but_the_solver_note(redesigned: RedesignReport) -> None:
    new, verdict = apply_edits(redesigned, INVENTORY, None)
    assert verdict.ok
    assert new.roles == redesigned.roles and new.impact == redesigned.impact
    assert new.solver.bound is None and new.solver.model_extra["edited"] is True


# -- MovePart -----------------------------------------------------------------------------

def test_moving_hours_back_recomputes_hours_and_cost(redesigned: RedesignReport) -> None:
    day = _day(redesigned)
    new, verdict = apply_edits(redesigned, INVENTORY, None,
                               MovePart(task_id="T1", hours=2, from_role=day, to_role=None))
    _agrees(new, verdict)
    assert verdict.ok, verdict.problems
    role = next(r for r in new.roles if r.role_id == day)
    assert role.hours_per_week == 24
    assert new.impact.carved_hours == 43
    assert new.impact.annual_saving_eur == pytest.approx(43 * (45 - 22) * 52)
    assert next(t for t in new.tasks if t.task_id == "T1").carved_hours == 12


def test_moving_evening_work_into_a_day_function_is_flagged_not_undone(
        redesigned: RedesignReport) -> None:
    day, evening = _day(redesigned), _evening(redesigned)
    new, verdict = apply_edits(redesigned, INVENTORY, None,
                               MovePart(task_id="E2", hours=6, from_role=evening, to_role=day))
    _agrees(new, verdict)
    # 13 h stay in the evening function (still 12-36): only the mix of times breaks.
    assert verdict.codes() == ["check.redesign.time_of_day"]
    role = next(r for r in new.roles if r.role_id == day)
    assert role.evening and role.hours_per_week == 32  # applied, profile recomputed


def test_moving_into_a_new_function_creates_it(redesigned: RedesignReport) -> None:
    day = _day(redesigned)
    new, verdict = apply_edits(redesigned, INVENTORY, None,
                               MovePart(task_id="T2", hours=12, from_role=day, to_role="NF-NEW"))
    _agrees(new, verdict)
    assert {r.role_id for r in new.roles} >= {"NF-NEW", day}
    assert verdict.ok, verdict.problems  # 14 h and 12 h: both within 12-36


# -- RemoveFunction -----------------------------------------------------------------------

def test_removing_a_function_frees_its_person(matched: MatchReport) -> None:
    held = matched.matches[0]
    new, verdict = apply_edits(matched, INVENTORY, POOL, RemoveFunction(role_id=held.role_id))
    _agrees(new, verdict)
    assert verdict.ok, verdict.problems  # removing never breaks a rule by itself
    assert held.role_id not in {r.role_id for r in new.roles}
    entry = next(u for u in new.unmatched if u.candidate_id == held.candidate_id)
    assert entry.reason_codes[0].code == "edit.unmatched.function_removed"
    assert new.impact.carved_hours < matched.impact.carved_hours



def test_a_match_report_edited_without_its_people_is_refused_by_name(matched: MatchReport) -> None:
    """Without the pool it was made with, the people a match places cannot be re-scored:
    a clear refusal naming them, not a key error deep in the scorer."""
    held = sorted({m.candidate_id for m in matched.matches})
    assert held
    with pytest.raises(EditError, match=", ".join(held)):
        apply_edits(matched, INVENTORY, CandidatePool(candidates=()),
                    LockTask(task_id=INVENTORY.tasks[0].task_id))


def _fits_by_evaluator(report: MatchReport) -> dict[str, list[str]]:
    """Per function of ``report``, who in the pool passes the match evaluator alone there."""
    pool = POOL.with_ratings_from(INVENTORY.ratings)
    functions = functions_of(report.roles)
    profiles = build_profiles(pool)
    return {fn.role_id: sorted(
        c.candidate_id for c in pool.candidates
        if not evaluate_matches([(c.candidate_id, fn.role_id)], list(pool.candidates), profiles,
                                functions, report.policy, False,
                                tasks=INVENTORY.task_by_id()).problems)
        for fn in functions}


def test_an_edited_pool_report_counts_again_who_fits_each_function(matched: MatchReport) -> None:
    """Pool-aware reports say per function who in the pool fits it and whether it is fragile;
    after an edit that is counted on the edited functions (it was dropped before), and
    agrees with the match evaluator pair by pair."""
    assert all("fitting_count" in (r.model_extra or {}) for r in matched.roles)
    day, evening = _day(matched), _evening(matched)
    assert "K3" in _fits_by_evaluator(matched)[day]
    new, _ = apply_edits(matched, INVENTORY, POOL,
                         MovePart(task_id="E2", hours=6, from_role=evening, to_role=day))
    expected = _fits_by_evaluator(new)
    assert "K3" not in expected[day]  # evening work now in it: K3 works no evenings
    holders = {m.role_id: m.candidate_id for m in new.matches}
    for role in new.roles:
        extra = role.model_extra or {}
        assert sorted(extra["fitting_candidates"]) == expected[role.role_id]
        assert extra["fitting_count"] == len(expected[role.role_id])
        assert extra["fragile"] == (len(expected[role.role_id]) == 1)
        assert extra["placed_candidate"] == holders.get(role.role_id)

# -- LockTask -----------------------------------------------------------------------------

def test_locking_a_task_takes_it_out(redesigned: RedesignReport) -> None:
    new, verdict = apply_edits(redesigned, INVENTORY, None, LockTask(task_id="T2"))
    _agrees(new, verdict)
    assert all("T2" not in {p.task_id for p in r.tasks} for r in new.roles)
    decision = next(t for t in new.tasks if t.task_id == "T2")
    assert not decision.carveable and "locked" in decision.reason_rules
    assert new.impact.carved_hours == 33
    assert verdict.ok, verdict.problems


def test_moving_a_locked_task_back_in_is_flagged(redesigned: RedesignReport) -> None:
    day = _day(redesigned)
    new, verdict = apply_edits(redesigned, INVENTORY, None, LockTask(task_id="T2"),
                               MovePart(task_id="T2", hours=12, to_role=day))
    _agrees(new, verdict)
    assert verdict.codes() == ["check.edit.locked_task"]
    # The lock survives a save and a reload: judged the same tomorrow.
    again = type(new).model_validate_json(new.model_dump_json())
    assert evaluate_report(again, INVENTORY).codes() == ["check.edit.locked_task"]


# -- PinMatch and ForbidMatch -------------------------------------------------------------

def test_pinning_a_fitting_person_is_ok_and_scored(matched: MatchReport) -> None:
    day = _day(matched)
    new, verdict = apply_edits(matched, INVENTORY, POOL, PinMatch(candidate_id="K2", role_id=day))
    _agrees(new, verdict)
    assert verdict.ok, verdict.problems
    pinned = next(m for m in new.matches if m.role_id == day)
    hours = next(r.hours_per_week for r in new.roles if r.role_id == day)
    assert pinned.candidate_id == "K2" and pinned.effective_hours == pytest.approx(hours)
    assert sum(m.candidate_id == "K2" for m in new.matches) == 1  # moved, not doubled
    figure = next(f for f in verdict.figures.matches if f.role_id == day)
    assert figure.score == pytest.approx(pinned.score, abs=0.01)


def test_pinning_a_person_who_cannot_work_evenings_is_flagged(matched: MatchReport) -> None:
    evening = _evening(matched)
    new, verdict = apply_edits(matched, INVENTORY, POOL,
                               PinMatch(candidate_id="K3", role_id=evening))
    _agrees(new, verdict)
    assert "check.match.evening" in verdict.codes()
    assert any(m.candidate_id == "K3" and m.role_id == evening for m in new.matches)


def test_forbidding_a_pair_unmatches_it_and_a_later_pin_is_flagged(matched: MatchReport) -> None:
    held = matched.matches[0]
    new, verdict = apply_edits(matched, INVENTORY, POOL,
                               ForbidMatch(candidate_id=held.candidate_id, role_id=held.role_id))
    _agrees(new, verdict)
    assert verdict.ok
    assert (held.candidate_id, held.role_id) not in {(m.candidate_id, m.role_id)
                                                     for m in new.matches}
    again, verdict = apply_edits(new, INVENTORY, POOL,
                                 PinMatch(candidate_id=held.candidate_id, role_id=held.role_id))
    assert verdict.codes() == ["check.edit.forbidden_pair"]
    assert [e["kind"] for e in again.model_extra["edits"]] == ["forbid_match", "pin_match"]


def test_an_edit_keeps_the_order_of_the_matches_it_leaves(matched: MatchReport) -> None:
    """Users know the list by person; an edit must not reorder the people it leaves."""
    assert len(matched.matches) >= 2
    reordered = matched.model_copy(update={"matches": list(reversed(matched.matches))})
    first = reordered.matches[0]
    held = {(m.candidate_id, m.role_id) for m in reordered.matches}
    spare = next((c.candidate_id, r.role_id) for c in POOL.candidates for r in reordered.roles
                 if (c.candidate_id, r.role_id) not in held)
    new, verdict = apply_edits(reordered, INVENTORY, POOL,
                               ForbidMatch(candidate_id=spare[0], role_id=spare[1]))
    assert verdict.ok, verdict.problems
    assert [m.candidate_id for m in new.matches] == [m.candidate_id for m in reordered.matches]
    removed, _ = apply_edits(reordered, INVENTORY, POOL, RemoveFunction(role_id=first.role_id))
    assert [m.candidate_id for m in removed.matches] == [
        m.candidate_id for m in reordered.matches[1:]]


# -- tampered reports and impossible edits ------------------------------------------------

def test_a_tampered_figure_or_score_is_found(matched: MatchReport) -> None:
    impact = matched.impact.model_copy(update={"carved_hours": matched.impact.carved_hours + 5})
    assert "check.report.figure" in evaluate_report(
        matched.model_copy(update={"impact": impact}), INVENTORY, POOL).codes()
    m = matched.matches[0].model_copy(update={"score": matched.matches[0].score + 10})
    assert evaluate_report(matched.model_copy(update={"matches": [m, *matched.matches[1:]]}),
                           INVENTORY, POOL).codes() == ["check.report.score"]


@pytest.mark.parametrize("edit", [
    MovePart(task_id="X9", hours=2, to_role="NF-1"),
    MovePart(task_id="T1", hours=2, from_role="NF-NOPE"),
    RemoveFunction(role_id="NF-NOPE"),
    LockTask(task_id="X9"),
])
def test_an_edit_naming_nothing_is_refused(redesigned: RedesignReport, edit: object) -> None:
    with pytest.raises(EditError):
        apply_edits(redesigned, INVENTORY, None, edit)


def test_pinning_in_a_redesign_report_is_refused(redesigned: RedesignReport) -> None:
    with pytest.raises(EditError):
        apply_edits(redesigned, INVENTORY, POOL, PinMatch(candidate_id="K1",
                                                          role_id=_day(redesigned)))


def test_the_edited_report_round_trips(matched: MatchReport) -> None:
    new, _ = apply_edits(matched, INVENTORY, POOL, LockTask(task_id="T2"))
    assert type(new).model_validate_json(new.model_dump_json()) == new


def test_a_regional_report_is_not_judged_against_one_inventory() -> None:
    from matcher.reports.models import RegionalReport, SolverSummary

    with pytest.raises(TypeError):
        evaluate_report(RegionalReport(solver=SolverSummary(status="OPTIMAL")),  # type: ignore[arg-type]
                        INVENTORY)
