"""The job coach's area (issue 13 fills it): caseload, monitor, fit, placements."""

from web.coach.views import bp

__all__ = ["bp"]
