"""Review pages: the queue, one submission to judge, the decision, the history.

The blueprint is for ``uwv_advisor``; the history page also opens for the
consultant of the organisation (the scoped loader decides which functions each
sees: an advisor only submitted ones, so a function never submitted answers 404).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from web import access
from web import db as storage
from web.audit import record
from web.coach.core import api, pool_with_key
from web.concurrency import (
    Saver,
    check_version,
    on_lost_race,
    require_version,
    sent,
    user_name,
)
from web.i18n import current_lang, t
from web.models import (
    Candidate,
    Function,
    MatchProposal,
    Organisation,
    ReviewDecision,
    ReviewSubmission,
)
from web.review.fitview import fit_rows, whole_rule
from web.review.forms import DecisionForm

bp = access.guard_blueprint(
    Blueprint("review", __name__, url_prefix="/review"), access.UWV_ADVISOR
)

JOBS_AGREEMENT_HOURS = 25.5


@bp.route("/")
def index() -> str:
    """The queue: submissions waiting for a decision, newest first; then decided ones."""
    db = storage.session()
    waiting = db.scalars(access.visible_submissions()
                         .where(ReviewSubmission.state == "submitted")).all()
    decided = db.scalars(access.visible_submissions()
                         .where(ReviewSubmission.state != "submitted")).all()
    return render_template("review/index.html", submissions=waiting, decided=decided,
                           jobs_hours=JOBS_AGREEMENT_HOURS,
                           employers=employer_names([*waiting, *decided]))


def employer_names(subs: list[ReviewSubmission]) -> dict[int, str]:
    """Organisation id → name for ``subs`` (the employer is part of what an advisor
    judges: the jobs agreement is per employer), in one query."""
    ids = {s.organisation_id for s in subs}
    if not ids:
        return {}
    rows = storage.session().execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids)))
    return {int(i): str(n) for i, n in rows}


def _policy(function: Function) -> dict[str, Any]:
    return dict((function.run.report or {}).get("policy", {}))


def _coherence(fn: dict[str, Any], function: Function) -> dict[str, Any]:
    """One department and one rhythm, read from the function's tasks in its inventory."""
    from web.models import InventoryVersion

    version = storage.session().get(InventoryVersion, function.run.inventory_version_id)
    tasks = version.inventory().task_by_id() if version is not None else {}
    parts = [tasks[p["task_id"]] for p in fn.get("tasks", []) if p["task_id"] in tasks]
    departments: list[str] = sorted({p.department for p in parts}) or [str(fn.get("department"))]
    rhythms: list[str] = sorted({p.time_of_day for p in parts}) or [str(fn.get("time_of_day"))]
    names = {p.task_id: p.task for p in parts}
    return {"departments": departments, "rhythms": rhythms,
            "ok": len(departments) == 1 and len(rhythms) == 1, "names": names}


@bp.route("/submissions/<int:submission_id>", methods=["GET", "POST"])
def submission(submission_id: int) -> Response | str | tuple[str, int]:
    """Everything needed to judge one function, and the decision form."""
    from web.consultant.proposal import demand_radar

    sub = access.load_submission(submission_id)
    function = sub.function
    fn = function.data or {}
    db = storage.session()
    form = DecisionForm()
    if not form.is_submitted():
        form.version.data = str(sub.version)
    if form.validate_on_submit() and require_version(form, sub.version):
        conflict = _decision_conflict(sub, form)
        if conflict is not None:
            return conflict
        if sub.state != "submitted":
            flash(t("web.review.already_decided"))
            return redirect(url_for("review.submission", submission_id=sub.id))
        user = access.current_user()
        reason = (form.reason.data or "").strip() or None
        db.add(ReviewDecision(submission_id=sub.id, verdict=form.verdict.data, reason=reason,
                              decided_by_id=user.id if user else None))
        sub.state = form.verdict.data
        record(db, "review.decide", object_type="function", object_id=function.id,
               submission=sub.id, verdict=form.verdict.data)
        on_lost_race(ReviewSubmission, sub.id, lambda stored: _decision_conflict(stored, form))
        flash(t(f"web.review.decided_{form.verdict.data}", function=function.name))
        return redirect(url_for("review.index"))
    demands = {k: int(v) for k, v in fn.get("demands", {}).items()}
    # Matched people: the proposals for this function, shown only as fit per dimension.
    proposed = db.scalars(proposed_for(function)).unique().all()
    everyone = db.scalars(select(Candidate).order_by(Candidate.id)).all()
    pool, pool_key = pool_with_key(everyone)
    # A profile depends on the person's own answers only: build the proposed people's,
    # from the pool already read (no second query), not the whole pool's.
    wanted = {c.pseudonym for c in proposed}
    profiles = api.profiles(api.CandidatePool(
        candidates=tuple(c for c in pool.candidates if c.candidate_id in wanted),
        ratings=tuple(r for r in pool.ratings if r.candidate_id in wanted))) if proposed else {}
    # "How many in the pool fit it": the whole §2 rule, not the dimensions alone.
    pool_fit = whole_rule(api, function, pool, pool_key)
    matched = fit_rows([profiles[c.pseudonym] for c in proposed], demands,
                       [pool_fit["status"].get(c.pseudonym, "no_fit") for c in proposed])
    for c in proposed:  # the advisor saw (pseudonymised) data derived from these people
        record(db, "candidate.view_pseudonymised", object_type="function",
               object_id=function.id, candidate_pseudonym=c.pseudonym)
    policy = _policy(function)
    return render_template(
        "review/submission.html", sub=sub, function=function, fn=fn, form=form,
        employer=employer_names([sub]).get(sub.organisation_id, ""),
        chart=demand_radar(fn, policy, current_lang()), coherence=_coherence(fn, function),
        jobs=float(function.hours) / float(policy.get("jobs_agreement_hours",
                                                        JOBS_AGREEMENT_HOURS)),
        matched=matched, pool_fit=pool_fit["counts"], pool_size=pool_fit["total"],
        history=_history(function))


def _decision_conflict(sub: ReviewSubmission, form: DecisionForm) -> tuple[str, int] | None:
    """409 when another advisor decided (or the submission changed) after this page opened."""
    last = sub.decisions[-1] if sub.decisions else None
    saved_verdict = t(f"web.review.verdict.{last.verdict}") if last else None
    yours = t(f"web.review.verdict.{form.verdict.data}") if form.verdict.data else None
    return check_version(
        sub.version, sent(form.version),
        [(t("web.review.field.verdict"), yours, saved_verdict),
         (t("web.review.field.reason"), (form.reason.data or "").strip() or None,
          last.reason if last else None)],
        saver=Saver(user_name(last.decided_by_id), last.decided_at) if last else Saver(),
        reload_url=url_for("review.submission", submission_id=sub.id),
        back_url=url_for("review.index"))


def proposed_for(function: Function) -> Any:
    """People proposed for this function: proposals made on it, or on the function of the
    same id that a coach's fit run formed from the same work-analysis version (runs of
    one version with the same id describe the same function; the coach's fit stores its
    own copy so that a proposal always points at what the coach saw)."""
    from web.models import Run

    same = (select(Function.id).join(Run, Run.id == Function.run_id)
            .where(Function.organisation_id == function.organisation_id,
                   Function.role_id == function.role_id,
                   Run.inventory_version_id == function.run.inventory_version_id))
    return (select(Candidate).join(MatchProposal, MatchProposal.candidate_id == Candidate.id)
            .where(MatchProposal.function_id.in_(same)).order_by(MatchProposal.id))


def _history(function: Function) -> list[dict[str, Any]]:
    """Every submission of the function with its decisions: who, when, what, why."""
    from web.models import User

    db = storage.session()
    names = {u.id: u.name for u in db.scalars(select(User)).all()}
    rows = []
    for s in function.submissions:
        rows.append({"when": s.submitted_at, "who": names.get(s.submitted_by_id or -1, "–"),
                     "what": "submitted", "why": s.note})
        for d in s.decisions:
            rows.append({"when": d.decided_at, "who": names.get(d.decided_by_id or -1, "–"),
                         "what": d.verdict, "why": d.reason})
    return rows


@bp.route("/functions/<int:function_id>/history")
@access.roles(access.UWV_ADVISOR, access.CONSULTANT)
def history(function_id: int) -> str:
    """The decision history of one function (advisor: submitted ones; consultant: own orgs)."""
    function = access.load_function(function_id)
    if not function.submissions:
        abort(404)
    return render_template("review/history.html", function=function,
                           history=_history(function))


@bp.app_template_filter("timecode")
def timecode(time_of_day: str) -> str:
    """``day`` → ``time.day``: a time of day as its catalogue code (for ``{x:list}``)."""
    return f"time.{time_of_day}"
