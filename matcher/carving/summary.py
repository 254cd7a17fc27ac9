"""A readable summary of a carving (Dutch by default, English on request).

Rendered from the report model through the message catalogue
(:func:`matcher.reports.summaries.carve_summary`), like every printed summary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from matcher.reports.summaries import carve_summary

if TYPE_CHECKING:
    from matcher.carving.result import CarveResult


def render_summary(result: CarveResult, lang: str = "nl", max_unmatched: int | None = None) -> str:
    """The summary text of ``result``."""
    return carve_summary(result.report(), lang, max_unmatched)
