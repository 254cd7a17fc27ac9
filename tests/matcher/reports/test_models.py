"""The report models refuse what the contract forbids, and keep what it allows."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from matcher.reports import RedesignReport, SolverSummary, load_report, weakest_status

IMPACT = {"carved_hours": 0.0, "jobs_agreement_jobs": 0.0, "annual_saving_eur": 0.0}


def test_a_bound_on_the_wrong_side_is_refused() -> None:
    with pytest.raises(ValidationError, match="wrong side"):
        SolverSummary(status="FEASIBLE", objective=10.0, bound=9.0)
    with pytest.raises(ValidationError, match="wrong side"):
        SolverSummary(status="FEASIBLE", objective=10.0, bound=11.0, sense="min")
    assert SolverSummary(status="FEASIBLE", objective=10.0, bound=None).relative_gap is None
    assert SolverSummary(status="FEASIBLE", objective=9.0, bound=10.0).relative_gap == 0.1


def test_only_the_contract_statuses() -> None:
    with pytest.raises(ValidationError):
        SolverSummary(status="DONE")
    assert weakest_status(["OPTIMAL", "FEASIBLE"]) == "FEASIBLE"
    assert weakest_status(["OPTIMAL", "CANCELLED", "FEASIBLE"]) == "CANCELLED"


def test_extra_keys_survive_a_load_and_a_save() -> None:
    data = {"organisation": "x", "impact": IMPACT, "solver": {"status": "OPTIMAL", "x": [1]},
            "from_a_newer_writer": {"a": 1}}
    report = load_report(data)
    assert isinstance(report, RedesignReport)
    dumped = report.model_dump(mode="json")
    assert dumped["from_a_newer_writer"] == {"a": 1} and dumped["solver"]["x"] == [1]
    assert "kind" not in dumped  # the top level keeps the contract's keys


def test_the_kind_is_recognised_from_the_shape() -> None:
    base = {"organisation": "x", "impact": IMPACT, "solver": {"status": "OPTIMAL"}}
    assert type(load_report({**base, "profiles": {}})).__name__ == "MatchReport"
    assert type(load_report({**base, "solver": {"status": "FEASIBLE",
                                                "weights": {"placed": 5}}})).__name__ \
        == "CarveReport"
    assert type(load_report({"employers": [], "solver": {"status": "OPTIMAL"},
                             "policy": {}})).__name__ == "RegionalReport"
    with pytest.raises(ValueError, match="unknown report kind"):
        load_report({**base, "kind": "nonsense"})
