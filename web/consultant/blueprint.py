"""The consultant's blueprint: declared once for the ``consultant`` role.

Every URL names its organisation first; each view loads the objects of its URL with
the scoped loaders of :mod:`web.access` (an object outside the user's organisations,
or under another organisation's URL, answers 404). The background-run engine is made
when the blueprint is registered, so ``create_app`` needs no line of its own for it.
"""

from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from web import access
from web.models import Run
from web.runs import init_app as init_runs

bp = access.guard_blueprint(
    Blueprint("consultant", __name__, url_prefix="/consultant", template_folder="templates"),
    access.CONSULTANT,
)


@bp.record_once
def _runs_engine(state: BlueprintSetupState) -> None:
    if "web.runs" not in state.app.extensions:
        init_runs(state.app)  # type: ignore[arg-type]  # the app is a Flask here


def run_label(run: Run) -> str:
    """How a consultant's page names a run: a redesign, or a pool run (match or carve,
    started from the pool page or a coach's fit page) by its own name."""
    from web.i18n import t

    suffix = "" if run.kind == "redesign" else f"_{run.kind}"
    return t(f"web.consultant.run.label{suffix}", id=run.id)


@bp.context_processor
def _run_label() -> dict[str, object]:
    return {"run_label": run_label}


@bp.context_processor
def _number_helpers() -> dict[str, object]:
    """``num(x, 1)``, ``eur(x)`` and ``pct(x)`` in the page's language (Babel's formats)."""
    from taskmodels.messages import format_euro, format_number, format_share
    from web.i18n import current_lang

    return {
        "num": lambda value, digits=1: format_number(float(value or 0), current_lang(), digits),
        "eur": lambda value: format_euro(float(value or 0), current_lang()),
        "pct": lambda value: format_share(float(value or 0), current_lang()),
    }
