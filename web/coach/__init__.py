"""The job coach's area: caseload, monitor, fit and carving, proposals, placements, pool runs."""

from web.coach import caseload, fit, monitor, placements, pool, privacy  # noqa: F401  (register routes)
from web.coach.blueprint import bp

__all__ = ["bp"]
