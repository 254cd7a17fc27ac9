"""The employer consultant's area: organisations, inventories, redesign runs, proposals,
their effect on staff and cost, hand edits, comparison, UWV submission, report, exports."""

from web.consultant import views_organisations, views_runs  # noqa: F401  (register routes)
from web.consultant.blueprint import bp

__all__ = ["bp"]
