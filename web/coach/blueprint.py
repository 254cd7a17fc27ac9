"""The coach's blueprint, declared once for ``job_coach`` (a view may widen it).

Every candidate URL loads its candidate with :func:`web.access.load_candidate`, which
selects only the coach's own caseload: another coach's candidate answers 404 and no
page learns it exists.
"""

from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from web import access

bp = access.guard_blueprint(Blueprint("coach", __name__, url_prefix="/coach"), access.JOB_COACH)


@bp.record_once
def _runs_engine(state: BlueprintSetupState) -> None:
    # Pool runs use the same background engine as the consultant's redesign runs.
    from web.runs import init_app as init_runs

    if "web.runs" not in state.app.extensions:
        init_runs(state.app)  # type: ignore[arg-type]  # BlueprintSetupState.app is the Flask app


@bp.context_processor
def _helpers() -> dict[str, object]:
    """``num(x, 1)`` in the page's language, and the raters in form order."""
    from taskmodels.messages import format_number
    from web.coach.core import RATERS
    from web.i18n import current_lang

    return {
        "num": lambda value, digits=1: format_number(float(value or 0), current_lang(), digits),
        "RATERS": RATERS,
    }


@bp.app_template_filter("dimcode")
def dimcode(dimension: str) -> str:
    """``pace`` → ``dim.pace``: a dimension id as its catalogue code (for ``{x:list}``)."""
    return f"dim.{dimension}"


@bp.app_template_filter("fromjson")
def fromjson(raw: str) -> object:
    """A stored JSON text (a run's error reason as a catalogue message) as data."""
    import json

    return json.loads(raw)
