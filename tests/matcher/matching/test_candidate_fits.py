"""What fits one person, who fits one function (issue 13): no solve, every pair re-checked."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from matcher import api
from matcher.matching.candidate_fits import functions_from_roles
from matcher.matching.fit_report import CandidateFitReport
from matcher.reports.models import SolverSummary
from matcher.reports.parts import match_entry
from matcher.reports.summaries import match_lines
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.messages import render
from taskmodels.models import Candidate, CandidatePool

EXAMPLE = Path(__file__).resolve().parents[3] / "taskmodels" / "data" / "examples" / "bouwbedrijf_van_dijk"


@cache
def world() -> tuple[api.Inventory, api.RedesignReport]:
    inventory = api.read_inventory(EXAMPLE)
    return inventory, api.redesign(inventory, options=api.SolveOptions(time_limit=2, workers=1))


def able(cid: str = "X1", **kw: object) -> Candidate:
    """Somebody every rule lets through: top capacities, wide window, every condition."""
    caps = {d: 5.0 for d in DIMENSION_IDS} | dict(kw.pop("caps", {}))  # type: ignore[arg-type]
    values = {"max_hours": 60, "level": 8, "max_lifting_kg": 100, "night_ok": True} | kw
    return Candidate(candidate_id=cid, capacities=caps, **values)  # type: ignore[arg-type]


def pool(*people: Candidate) -> CandidatePool:
    return CandidatePool(candidates=people)


def test_somebody_who_meets_every_rule_fits_every_function() -> None:
    inventory, report = world()
    fits = api.candidate_fits(inventory, pool(able()), "X1", report)
    assert {f.role_id for f in fits.fits} == {r.role_id for r in report.roles}
    assert fits.borderline == [] and fits.not_fitting == [] and fits.development is None
    scores = [f.score for f in fits.fits]
    assert scores == sorted(scores, reverse=True)


def test_one_level_short_is_listed_apart_with_support_as_codes() -> None:
    inventory, report = world()
    top = max(r.demands["pace"] for r in report.roles)
    assert top >= 2, "the example needs a function with a pace demand"
    fits = api.candidate_fits(inventory, pool(able(caps={"pace": float(top - 1)})), "X1", report)
    short = {r.role_id for r in report.roles if r.demands["pace"] == top}
    assert {f.role_id for f in fits.borderline} == short
    assert not short & {f.role_id for f in fits.fits}
    entry = fits.borderline[0]
    assert entry.borderline == ["pace"]
    codes = entry.explanation.support_codes
    assert [c.code for c in codes] == ["fit.support"]
    assert render(codes[0], "en") == "support on working pace"
    assert entry.explanation.support == ["ondersteuning op werktempo"]  # §4 field unchanged


def test_nothing_fits_gives_blockers_and_a_development_path() -> None:
    inventory, report = world()
    fits = api.candidate_fits(inventory, pool(able(max_hours=1)), "X1", report)
    assert fits.fits == [] and fits.borderline == []
    assert len(fits.not_fitting) == len(report.roles)
    assert all("hours" in {b.rule for b in n.blockers} for n in fits.not_fitting)
    assert fits.development is not None and fits.development.candidate_id == "X1"
    assert fits.development.reason_codes  # the nearest function, as codes


def test_the_fit_report_survives_json() -> None:
    inventory, report = world()
    fits = api.candidate_fits(inventory, pool(able(caps={"pace": 1.0})), "X1", report)
    assert CandidateFitReport.model_validate_json(fits.model_dump_json()) == fits


def test_function_fits_counts_the_whole_rule_not_only_dimensions() -> None:
    inventory, report = world()
    role = report.roles[0]
    task = role.tasks[0].task_id
    people = pool(able("A"), able("B", avoids=(task,)), able("C", max_lifting_kg=0),
                  able("D", caps={"pace": float(role.demands["pace"] - 1)}))
    result = api.function_fits(inventory, people, role)
    status = {p.candidate_id: p.status for p in result.people}
    assert status["A"] == "fits" and status["B"] == "no_fit"  # avoids a task of it
    assert status["C"] == ("no_fit" if role.lifting_kg > 0 else "fits")
    assert status["D"] == ("borderline" if role.demands["pace"] >= 2 else "fits")
    assert sum(result.counts.values()) == 4
    assert result.counts["fits"] == sum(s == "fits" for s in status.values())


def test_roles_naming_unknown_tasks_are_skipped() -> None:
    inventory, report = world()
    roles = [r.model_dump() for r in report.roles]
    roles[0]["tasks"] = [{"task_id": "NOPE", "hours": 3}]
    assert len(functions_from_roles(roles, inventory.task_by_id())) == len(roles) - 1


def test_the_summary_names_the_support_in_the_readers_language() -> None:
    inventory, report = world()
    top = max(r.demands["pace"] for r in report.roles)
    fits = api.candidate_fits(inventory, pool(able(caps={"pace": float(top - 1)})), "X1", report)
    m = fits.borderline[0]
    entry = match_entry(m.candidate_id, m.role_id, m.effective_hours, m.score, m.borderline,
                        m.explanation.model_dump())
    solver = SolverSummary(status="OPTIMAL", objective=1, bound=1, seconds=0)
    en = "\n".join(match_lines([entry], [], solver, "en"))
    nl = "\n".join(match_lines([entry], [], solver, "nl"))
    assert "support: support on working pace" in en
    assert "steun: ondersteuning op werktempo" in nl
