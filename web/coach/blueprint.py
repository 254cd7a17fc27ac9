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


#: Core texts that name a command-line option, as the web's own text with the same
#: parameters (a coach has no command line; the web offers borderline fits apart).
WEB_CODES = {"fit.borderline_blocked": "web.coach.fit.borderline_blocked"}


def _for_web(value: object) -> object:
    if isinstance(value, dict):
        out = {k: _for_web(v) for k, v in value.items()}
        if isinstance(out.get("code"), str):
            out["code"] = WEB_CODES.get(str(out["code"]), out["code"])
        return out
    if isinstance(value, list):
        return [_for_web(v) for v in value]
    return value


@bp.app_template_filter("webreason")
def webreason(reason: object) -> object:
    """A core message (JSON) with every nested command-line text swapped for the web's."""
    return _for_web(reason)


@bp.app_template_filter("rulelabel")
def rulelabel(rule: dict[str, object]) -> str:
    """The catalogue label of one row of a fit's rules table (never the raw rule code).

    A scoring rule (it has a contribution) is a ``fit.rule.*`` label; a hard rule that
    blocks the fit is named as the development reasons name it (``condition.*`` for a
    work condition, ``develop.rule.*``), so page and report say the same word.
    """
    from taskmodels.messages import MissingMessage
    from web.i18n import t

    code = str(rule.get("rule", ""))
    options = [f"fit.rule.{code}"] if rule.get("contribution") is not None else \
        [f"condition.{code}", f"develop.rule.{code}", f"fit.rule.{code}"]
    for option in options:
        try:
            label = t(option)
        except MissingMessage:
            continue
        return label[:1].upper() + label[1:]
    return code  # a rule the catalogue does not know yet: its code beats an empty cell
