"""A run's state and progress as the pages and their ``progress.json`` show them."""

from __future__ import annotations

from typing import Any

from web.i18n import current_lang, t
from web.models import Run
from web.runs.state import error_message, progress_message


def run_progress(run: Run) -> dict[str, Any]:
    """State, counts and messages rendered in the reader's language (page and JSON alike)."""
    lang = current_lang()
    m, err = progress_message(run), error_message(run)
    return {"state": run.state, "state_text": t(f"web.runs.{run.state}"),
            "done": run.progress_done, "total": run.progress_total,
            "message": m.render(lang) if m else "", "error": err.render(lang) if err else None,
            "finished": run.finished}
