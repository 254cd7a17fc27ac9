"""The reports of FORMATS.md section 4: pydantic models, and their assembly from results."""

from matcher.reports.models import (
    STATUSES,
    CarveReport,
    EmployerReport,
    Explanation,
    FunctionReport,
    ImpactReport,
    MatchEntry,
    MatchReport,
    RedesignReport,
    RegionalMatchEntry,
    RegionalReport,
    Report,
    SkippedEmployer,
    SolverSummary,
    TaskDecisionReport,
    TaskPartReport,
    UnmatchedEntry,
    load_report,
    weakest_status,
)

__all__ = [
    "STATUSES", "CarveReport", "EmployerReport", "Explanation", "FunctionReport",
    "ImpactReport", "MatchEntry", "MatchReport", "RedesignReport", "RegionalMatchEntry",
    "RegionalReport", "Report", "SkippedEmployer", "SolverSummary", "TaskDecisionReport",
    "TaskPartReport", "UnmatchedEntry", "load_report", "weakest_status",
]
