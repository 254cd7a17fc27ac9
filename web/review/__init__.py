"""The UWV advisor's area (issue 13 fills it): the review queue and decisions."""

from web.review.views import bp

__all__ = ["bp"]
