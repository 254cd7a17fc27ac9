"""The coach's blueprint, declared once for ``job_coach`` (a view may widen it).

Every candidate URL loads its candidate with :func:`web.access.load_candidate`, which
selects only the coach's own caseload: another coach's candidate answers 404 and no
page learns it exists.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from web import access

log = logging.getLogger(__name__)

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


def rule_label_options(rule: Mapping[str, object]) -> list[str]:
    """The catalogue codes that may label one row of a fit's rules table, in order.

    A scoring rule (it has a contribution) is a ``fit.rule.*`` label; a hard rule that
    blocks the fit is named as the development reasons name it (``condition.*`` for a
    work condition, ``develop.rule.*``), so page and report say the same word.
    """
    code = str(rule.get("rule", ""))
    if rule.get("contribution") is not None:
        return [f"fit.rule.{code}"]
    return [f"condition.{code}", f"develop.rule.{code}", f"fit.rule.{code}"]


# (code, language) pairs already reported as unlabelled: a fit page renders the same
# rule for every function, and one warning per pair and process tells support enough.
_UNLABELLED: set[tuple[str, str]] = set()


@bp.app_template_filter("rulelabel")
def rulelabel(rule: Mapping[str, object]) -> str:
    """The catalogue label of one row of a fit's rules table (never the bare rule code).

    The label is the first of :func:`rule_label_options` the catalogue holds in the
    page's language. A rule the catalogue does not know yet reads as the catalogue's
    ``web.coach.fit.rule_unknown``, which names the code so support staff can find it,
    and is logged once as a warning (a missing label is a bug, not a user's doing).
    """
    from taskmodels.messages import MissingMessage
    from web.i18n import current_lang, t

    for option in rule_label_options(rule):
        try:
            label = t(option)
        except MissingMessage:
            continue
        return label[:1].upper() + label[1:]
    code, lang = str(rule.get("rule", "")), current_lang()
    if (code, lang) not in _UNLABELLED:
        _UNLABELLED.add((code, lang))
        log.warning("rule %r has no label in the %s message catalogue (tried %s)", code,
                    lang, ", ".join(rule_label_options(rule)))
    return t("web.coach.fit.rule_unknown", rule=code)
