"""The monitor: enter a measurement moment per rater, and the profile it gives.

One form per wave and rater holds every plain-language item of the item bank,
grouped by dimension; each item may be left unanswered (stored as no row, and shown
as "geen antwoord"): the core never fills a missing answer in. Saving a form
replaces that rater's answers for that wave, so a correction is one more save.

The profile page renders what ``api.profiles`` returns (FORMATS.md §5): per dimension
the combined value and confidence, self and others, the gap, and the outlook with its
reason; the trend is drawn from the per-wave rater scores the profile carries.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import delete
from werkzeug.wrappers import Response

from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.itembank import item_bank, items_for
from taskmodels.messages import format_number
from web import access
from web import db as storage
from web.audit import record
from web.charts import line_chart
from web.coach.blueprint import bp
from web.coach.core import RATERS, profile_of, waves_of
from web.coach.forms import ActionForm
from web.i18n import current_lang, t
from web.models import Rating

SCORES = ("1", "2", "3", "4", "5")
MAX_WAVE = 50


def _answers(candidate: Any, wave: int, rater: str) -> dict[str, int]:
    return {r.item: r.score for r in candidate.ratings if r.wave == wave and r.rater == rater}


@bp.route("/candidates/<int:candidate_id>/monitor")
def monitor(candidate_id: int) -> str:
    """The measurement moments: per wave and rater how many items were answered."""
    candidate = access.load_candidate(candidate_id)
    record(storage.session(), "candidate.view_monitor", object_type="candidate",
           object_id=candidate.id, candidate_pseudonym=candidate.pseudonym)
    waves = waves_of(candidate)
    total = len(item_bank())
    grid = {(w, r): len(_answers(candidate, w, r)) for w in waves for r in RATERS}
    return render_template("coach/monitor.html", candidate=candidate, waves=waves, grid=grid,
                           total=total, next_wave=(max(waves) + 1) if waves else 1)


@bp.route("/candidates/<int:candidate_id>/monitor/<int:wave>/<rater>", methods=["GET", "POST"])
def rate(candidate_id: int, wave: int, rater: str) -> Response | str:
    """One rater's questionnaire for one wave: every item, each may stay unanswered."""
    candidate = access.load_candidate(candidate_id)
    if rater not in RATERS or not 1 <= wave <= MAX_WAVE:
        abort(404)
    form = ActionForm()
    bank = item_bank()
    answers = _answers(candidate, wave, rater)
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        given: dict[str, int] = {}
        for item in bank:
            value = request.form.get(f"item-{item}", "")
            if value == "":
                continue  # a missing answer stays missing
            if value not in SCORES:
                errors[item] = t("web.coach.monitor.error_score")
                continue
            given[item] = int(value)
        answers = given
        if not errors:
            db = storage.session()
            db.execute(delete(Rating).where(Rating.candidate_id == candidate.id,
                                            Rating.wave == wave, Rating.rater == rater))
            user = access.current_user()
            for item, score in given.items():
                db.add(Rating(candidate_id=candidate.id, wave=wave, rater=rater, item=item,
                              score=score, entered_by_id=user.id if user else None))
            record(db, "candidate.ratings", object_type="candidate", object_id=candidate.id,
                   candidate_pseudonym=candidate.pseudonym, wave=wave, rater=rater,
                   answered=len(given), missing=len(bank) - len(given))
            flash(t("web.coach.monitor.saved", wave=wave, rater=f"rater.{rater}",
                    answered=len(given), missing=len(bank) - len(given)))
            return redirect(url_for("coach.monitor", candidate_id=candidate.id))
    groups = [(dim, items_for(dim)) for dim in DIMENSION_IDS if items_for(dim)]
    return render_template("coach/rate.html", candidate=candidate, wave=wave, rater=rater,
                           form=form, groups=groups, answers=answers, errors=errors,
                           scores=SCORES)


def _per_wave(dim_score: Any, waves: list[int]) -> list[tuple[str, list[float | None]]]:
    """Per wave: self, the others' mean, and each other rater (from the profile's data)."""
    per_wave = getattr(dim_score, "per_wave", None) or {}
    by_rater: dict[str, dict[int, float]] = {}
    for w, scores in per_wave.items():
        for s in scores:
            by_rater.setdefault(s.rater, {})[int(w)] = float(s.score)
    series: list[tuple[str, list[float | None]]] = []
    if "self" in by_rater:
        series.append((t("rater.self"), [by_rater["self"].get(w) for w in waves]))
    others = [r for r in RATERS if r != "self" and r in by_rater]
    if others:
        means: list[float | None] = []
        for w in waves:
            vals = [by_rater[r][w] for r in others if w in by_rater[r]]
            means.append(sum(vals) / len(vals) if vals else None)
        series.append((t("web.coach.profile.others_mean"), means))
    return series


@bp.route("/candidates/<int:candidate_id>/profile")
def profile(candidate_id: int) -> str:
    """The capacity profile: value, confidence, gap, trend over waves, in words too."""
    candidate = access.load_candidate(candidate_id)
    record(storage.session(), "candidate.view_profile", object_type="candidate",
           object_id=candidate.id, candidate_pseudonym=candidate.pseudonym)
    prof = profile_of(candidate)
    waves = waves_of(candidate)
    lang = current_lang()

    def fmt(v: float) -> str:
        return format_number(v, lang, 1)

    # The legend says in full what the table's short column names mean (self = the candidate).
    legend_of = {t("rater.self"): t("web.coach.profile.legend_self"),
                 t("web.coach.profile.others_mean"): t("web.coach.profile.legend_others")}
    rows = []
    for dim in DIMENSION_IDS:
        d = prof.dimensions.get(dim) if hasattr(prof.dimensions, "get") else prof.dimensions[dim]
        if d is None:
            continue
        series = _per_wave(d, waves)
        chart = None
        if waves and series:
            chart = line_chart(
                waves, series, title=t("web.coach.profile.chart_title", dim=f"dim.{dim}"),
                description=t("web.coach.profile.chart_desc", dim=f"dim.{dim}",
                              waves=len(waves)),
                headers=(t("web.coach.profile.wave"), *(s[0] for s in series)),
                legend=[legend_of.get(s[0], s[0]) for s in series],
                x_label=lambda w: t("web.coach.profile.wave_short", wave=w),
                format_value=fmt)
        rows.append({"dim": dim, "d": d, "chart": chart})
    return render_template("coach/profile.html", candidate=candidate, rows=rows, waves=waves,
                           fmt=fmt)
