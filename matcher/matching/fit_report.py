"""The JSON form of "what fits this person" and "who fits this function" (no solve).

Built from :mod:`matcher.matching.candidate_fits` with the report converters of
:mod:`matcher.reports.parts`, so a fit listed here carries the same fields as a
``matches`` entry of FORMATS.md section 4 (``candidate_id``, ``role_id``,
``effective_hours``, ``score``, ``borderline``, ``explanation`` with ``support`` and
``support_codes``) and a page renders both with one template.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from matcher.reports.models import Blocker, MatchEntry, UnmatchedEntry
from matcher.reports.parts import blocker_report, match_entry, unmatched_entry

if TYPE_CHECKING:
    from matcher.matching.candidate_fits import CandidateFits, PairFit


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class NotFitting(_Model):
    """A function the person does not fit, with the hard rules that keep them out."""

    role_id: str
    blockers: list[Blocker] = Field(default_factory=list)


class CandidateFitReport(_Model):
    """Every function of a report for one person (``fits`` and ``borderline`` best first)."""

    candidate_id: str
    fits: list[MatchEntry] = Field(default_factory=list)
    borderline: list[MatchEntry] = Field(default_factory=list)
    not_fitting: list[NotFitting] = Field(default_factory=list)
    development: UnmatchedEntry | None = None


class PoolFit(_Model):
    """One person of a pool on one function: the class only (fits, borderline, no fit)."""

    candidate_id: str
    status: Literal["fits", "borderline", "no_fit"]
    borderline: list[str] = Field(default_factory=list)


class FunctionFitReport(_Model):
    """Who of a pool fits one function by the whole rule, and how many in each class."""

    role_id: str
    counts: dict[str, int]
    people: list[PoolFit] = Field(default_factory=list)


def _entry(fit: PairFit) -> MatchEntry:
    assert fit.explanation is not None
    return match_entry(fit.candidate_id, fit.role_id, fit.effective_hours, fit.score,
                       fit.borderline, fit.explanation, status=fit.status)


def candidate_fit_report(fits: CandidateFits) -> CandidateFitReport:
    """The report of :func:`~matcher.matching.candidate_fits.candidate_fits`."""
    development = None
    if fits.development is not None:
        u = fits.development
        development = unmatched_entry(u.candidate_id, u.reasons, u.nearest, u.development)
    return CandidateFitReport(
        candidate_id=fits.candidate_id, fits=[_entry(f) for f in fits.fits],
        borderline=[_entry(f) for f in fits.borderline],
        not_fitting=[NotFitting(role_id=f.role_id, blockers=[blocker_report(b) for b in f.blockers])
                     for f in fits.not_fitting],
        development=development)


def function_fit_report(role_id: str, fits: list[PairFit]) -> FunctionFitReport:
    """The report of :func:`~matcher.matching.candidate_fits.function_fits`."""
    from matcher.matching.candidate_fits import counts

    return FunctionFitReport(
        role_id=role_id, counts=counts(fits),
        people=[PoolFit(candidate_id=f.candidate_id, status=f.status, borderline=f.borderline)
                for f in fits])
