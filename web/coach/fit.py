"""Fit, explained: which functions fit one candidate, carving for them, proposals, answers.

The page lists, per organisation the coach works with, every structural function
the candidate fits and, apart and marked, the borderline ones, read from the fit
matrix on each view (:mod:`web.coach.fit_list`, no solve), with the development path
when nothing fits. "Zoek passende functies" (a pool-aware ``api.match`` for this one
person, functions shaped to them) and "Snijd een functie voor deze persoon"
(``api.carve``) are background runs (:mod:`web.coach.fit_runs`) with progress; the
worker re-checks their answers with ``api.evaluate`` and stores them as runs with
their functions, so a proposal points at a stored function and the page shows
exactly what the report says.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.messages import format_number
from web import access
from web import db as storage
from web.audit import record
from web.charts import radar_chart
from web.coach.blueprint import bp
from web.coach.core import api, pool_of, pool_with_key, profile_of, proposal_of
from web.coach.forms import ActionForm, AnswerForm, ProposeForm
from web.concurrency import (
    Saver,
    check_version,
    claim,
    last_audited,
    on_lost_race,
    require_version,
    sent,
    stale_page,
    user_name,
)
from web.i18n import current_lang, t
from web.models import (
    Candidate,
    Function,
    InventoryVersion,
    MatchProposal,
    Organisation,
    Placement,
    Run,
    utcnow,
)


def latest_version(org: Organisation) -> InventoryVersion | None:
    """The organisation's newest inventory version (what a fit is computed on)."""
    return storage.session().scalars(
        select(InventoryVersion).where(InventoryVersion.organisation_id == org.id)
        .order_by(InventoryVersion.number.desc()).limit(1)).first()


def candidate_runs(candidate: Candidate, kinds: tuple[str, ...]) -> list[Run]:
    """Runs of the coach's organisations made for (or including) this candidate, newest first."""
    orgs = access.visible_organisations().with_only_columns(Organisation.id)
    runs = storage.session().scalars(
        select(Run).where(Run.organisation_id.in_(orgs), Run.kind.in_(kinds))
        .order_by(Run.id.desc())).all()
    return [r for r in runs if candidate.pseudonym in (r.candidate_ids or [])]


def load_candidate_run(candidate: Candidate, run_id: int) -> Run:
    """A run of the coach's organisations that includes ``candidate``, else 404."""
    run = access.load_run(run_id)
    if candidate.pseudonym not in (run.candidate_ids or []):
        abort(404)
    return run


def _capacity(profile: Any, dim: str) -> float | None:
    d = profile.dimensions.get(dim) if hasattr(profile.dimensions, "get") else None
    return None if d is None else d.value


def fit_radar(profile: Any, fn: dict[str, Any]) -> Any:
    """Radar of the candidate's capacity (solid) against the function's demands (dashed)."""
    lang = current_lang()
    axes = [(t(f"dim.{d}"), float(_capacity(profile, d) or 0), float(fn["demands"].get(d, 1)))
            for d in DIMENSION_IDS]
    return radar_chart(
        axes, title=t("web.coach.fit.radar_title", function=fn["role_id"]),
        description=t("web.coach.fit.radar_desc"),
        headers=(t("web.coach.fit.dimension"), t("web.coach.fit.capacity"),
                 t("web.coach.fit.demand")),
        legend=(t("web.coach.fit.legend_capacity"), t("web.coach.fit.legend_demand")),
        format_value=lambda v: format_number(v, lang, 1))


def view_of(run: Run, candidate: Candidate, profile: Any) -> dict[str, Any]:
    """What a run says about this candidate: matches (with function, radar), unmatched.

    A run whose answer the evaluator rejected shows nothing of it (only that it was
    rejected): a page never presents an unchecked proposal.
    """
    report = proposal_of(run) if run.state == "done" else {}
    functions = {f.role_id: f for f in run.functions}
    roles = {r["role_id"]: r for r in report.get("roles", [])}
    matches = []
    for m in report.get("matches", []):
        if m["candidate_id"] != candidate.pseudonym:
            continue
        fn = roles.get(m["role_id"])
        matches.append({"m": m, "fn": fn, "function": functions.get(m["role_id"]),
                        "radar": fit_radar(profile, fn) if fn else None})
    unmatched = [u for u in report.get("unmatched", []) if u["candidate_id"] == candidate.pseudonym]
    matched_roles = {m["m"]["role_id"] for m in matches}
    # Only functions the proposal still has: a consultant may have removed some since.
    others = [f for f in run.functions
              if f.role_id in roles and f.role_id not in matched_roles] if run.state == "done" else []
    package = [roles[f.role_id] for f in run.functions
               if roles.get(f.role_id, {}).get("candidate_id") == candidate.pseudonym]
    return {"run": run, "matches": matches, "unmatched": unmatched, "others": others,
            "package": package, "task_names": task_names(run) if package else {}}


def task_names(run: Run) -> dict[str, str]:
    """Task id → task name in the inventory version the run was made on (a package
    lists ids only; a coach reads the names)."""
    version = storage.session().get(InventoryVersion, run.inventory_version_id)
    tasks = (version.data or {}).get("tasks", []) if version is not None else []
    return {str(tk["task_id"]): str(tk["task"]) for tk in tasks if "task_id" in tk and "task" in tk}


@bp.route("/candidates/<int:candidate_id>/fit")
def fit(candidate_id: int) -> str:
    """The functions that fit, per organisation, each explained (from stored runs)."""
    candidate = access.load_candidate(candidate_id)
    record(storage.session(), "candidate.view_fit", object_type="candidate",
           object_id=candidate.id, candidate_pseudonym=candidate.pseudonym)
    from web.coach.fit_list import org_fits
    from web.runs.progress import run_progress

    orgs = storage.session().scalars(access.visible_organisations()).all()
    runs = candidate_runs(candidate, ("match",))
    latest: dict[int, Run] = {}
    for r in runs:
        latest.setdefault(r.organisation_id, r)
    pool, pool_key = pool_with_key([candidate])
    profile = api.profiles(pool)[candidate.pseudonym]
    chosen = request.args.get("function", type=int)

    def radar(fn: dict[str, Any]) -> Any:
        return fit_radar(profile, fn)

    views = [{"org": org, "has_version": latest_version(org) is not None,
              "fits": org_fits(api, org, candidate, pool, chosen, radar, pool_key),
              "run": view_of(latest[org.id], candidate, profile) if org.id in latest else None,
              "progress": run_progress(latest[org.id]) if org.id in latest else None}
             for org in orgs]
    return render_template("coach/fit.html", candidate=candidate, views=views,
                           form=ActionForm())


@bp.route("/candidates/<int:candidate_id>/fit", methods=["POST"])
def compute_fit(candidate_id: int) -> Response:
    """Queue a match of this one candidate against each organisation's newest work analysis."""
    from web.coach.fit_runs import start_candidate_run

    candidate = access.load_candidate(candidate_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    done = 0
    for org in storage.session().scalars(access.visible_organisations()).all():
        version = latest_version(org)
        if version is None:
            continue
        start_candidate_run(version, "match", candidate)
        done += 1
    record(storage.session(), "candidate.fit", object_type="candidate", object_id=candidate.id,
           candidate_pseudonym=candidate.pseudonym, organisations=done)
    flash(t("web.coach.fit.queued", count=done))
    return redirect(url_for("coach.fit", candidate_id=candidate.id))


@bp.route("/candidates/<int:candidate_id>/carve/<int:organisation_id>", methods=["POST"])
def carve(candidate_id: int, organisation_id: int) -> Response:
    """Queue carving a package of tasks around this one person (a background run)."""
    from web.coach.fit_runs import start_candidate_run

    candidate = access.load_candidate(candidate_id)
    org = access.load_organisation(organisation_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    version = latest_version(org)
    if version is None:
        abort(404)
    run = start_candidate_run(version, "carve", candidate)
    record(storage.session(), "candidate.carve", object_type="candidate",
           object_id=candidate.id, candidate_pseudonym=candidate.pseudonym, run=run.id)
    return redirect(url_for("coach.run_result", candidate_id=candidate.id, run_id=run.id))


@bp.route("/candidates/<int:candidate_id>/runs/<int:run_id>")
def run_result(candidate_id: int, run_id: int) -> str:
    """One run's answer for this candidate (the carved package, the match, or why not)."""
    candidate = access.load_candidate(candidate_id)
    run = load_candidate_run(candidate, run_id)
    record(storage.session(), "candidate.view_run", object_type="candidate",
           object_id=candidate.id, candidate_pseudonym=candidate.pseudonym, run=run.id)
    from web.runs.progress import run_progress

    view = view_of(run, candidate, profile_of(candidate))
    return render_template("coach/run_result.html", candidate=candidate, view=view,
                           org=storage.session().get(Organisation, run.organisation_id),
                           progress=run_progress(run))


# --- proposals and the candidate's answer -----------------------------------------------

def solver_entry(function: Function, candidate: Candidate,
                 report: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The report's match of this candidate with this function, when the solver made it;
    else the fit by the rules (fits, or borderline and marked so) when the candidate has one.
    ``report`` is the function's run's proposal when the caller has read it already.

    A structural function (of a redesign run) has no solver assignment to override: a
    pair the rules let through there needs no reason, and the proposal keeps the fit's
    explanation (support and borderline named). In a match or carve run the solver
    assigned people, and proposing anyone else stays an override.
    """
    report = proposal_of(function.run) if report is None else report
    for m in report.get("matches", []):
        if m["candidate_id"] == candidate.pseudonym and m["role_id"] == function.role_id:
            return dict(m)
    if function.run.kind != "redesign":
        return None
    from web.coach.fit_list import fits_for

    roles = [r for r in report.get("roles", []) if r["role_id"] == function.role_id]
    if not roles:
        return None
    fits = fits_for(api, function.run, candidate, pool_of([candidate]), roles, report=report)
    for entry in [*fits.fits, *fits.borderline]:
        return dict(entry.model_dump(mode="json"))
    return None


def _newest_proposal(candidate: Candidate, function: Function) -> MatchProposal | None:
    """The last proposal of ``candidate`` for ``function`` (its id is the form's version)."""
    return storage.session().scalars(
        select(MatchProposal).where(MatchProposal.candidate_id == candidate.id,
                                    MatchProposal.function_id == function.id)
        .order_by(MatchProposal.id.desc()).limit(1)).first()


def _propose_conflict(candidate: Candidate, function: Function, newest: MatchProposal | None,
                      reason: str, form: ProposeForm) -> tuple[str, int] | None:
    """409 when ``newest`` is not the proposal the form was opened on: the reason given
    here against the stored proposal's; nothing is written."""
    return check_version(
        newest.id if newest else 0, sent(form.version),
        [(t("web.conflict.field.proposal"), t("web.conflict.proposal_made",
                                               reason=reason or "–"),
          t("web.conflict.proposal_made", reason=newest.override_reason or "–")
          if newest else None)],
        saver=Saver(user_name(newest.proposed_by_id), newest.proposed_at)
        if newest else Saver(),
        reload_url=url_for("coach.answer", proposal_id=newest.id) if newest
        else url_for("coach.propose", candidate_id=candidate.id, function_id=function.id),
        back_url=url_for("coach.candidate", candidate_id=candidate.id))


@bp.route("/candidates/<int:candidate_id>/propose/<int:function_id>", methods=["GET", "POST"])
def propose(candidate_id: int, function_id: int) -> Response | str | tuple[str, int]:
    """Propose the candidate for a function; overriding the solver needs a reason."""
    candidate = access.load_candidate(candidate_id)
    function = access.load_function(function_id)
    report = proposal_of(function.run)
    if function.role_id not in {r["role_id"] for r in report.get("roles", [])}:
        # A consultant removed the function from the proposal since this link was shown:
        # nobody is proposed for it, and nothing is written.
        flash(t("web.coach.function_removed", function=function.name))
        return redirect(url_for("coach.candidate", candidate_id=candidate.id))
    entry = solver_entry(function, candidate, report)
    form = ProposeForm()
    newest = _newest_proposal(candidate, function)
    if not form.is_submitted():
        form.version.data = str(newest.id if newest else 0)
    if form.validate_on_submit() and require_version(form, newest.id if newest else 0):
        reason = (form.override_reason.data or "").strip()
        conflict = _propose_conflict(candidate, function, newest, reason, form)
        if conflict is not None:
            return conflict
        if entry is None and not reason:
            form.override_reason.errors = [t("web.coach.error.override_reason")]
        elif not claim(candidate):
            # Another proposal for this candidate got in after this request's check (two
            # tabs posting at once): a proposal only adds a row, so the candidate's
            # version is what puts the two in order; nothing of this one is written.
            # The claim waited for the other's commit, so its proposal is there to show.
            storage.session().rollback()
            return _propose_conflict(candidate, function, _newest_proposal(candidate, function),
                                     reason, form) or stale_page()
        else:
            db = storage.session()
            user = access.current_user()
            proposal = MatchProposal(
                candidate_id=candidate.id, function_id=function.id, run_id=function.run_id,
                explanation=(entry or {}).get("explanation") or {},
                override_reason=None if entry is not None else reason,
                proposed_by_id=user.id if user else None)
            db.add(proposal)
            db.flush()
            record(db, "candidate.propose", object_type="match_proposal",
                   object_id=proposal.id, candidate_pseudonym=candidate.pseudonym,
                   function=function.id, override=entry is None)
            flash(t("web.coach.proposed", function=function.name))
            return redirect(url_for("coach.answer", proposal_id=proposal.id))
    return render_template("coach/propose.html", candidate=candidate, function=function,
                           entry=entry, form=form)


def load_proposal(proposal_id: int) -> MatchProposal:
    """A proposal of one of the coach's own candidates, else 404 (scope in the query)."""
    own = access.visible_candidates().with_only_columns(Candidate.id)
    proposal = storage.session().scalars(
        select(MatchProposal).where(MatchProposal.id == proposal_id,
                                    MatchProposal.candidate_id.in_(own))).first()
    if proposal is None:
        abort(404)
    return proposal


def _answer_conflict(proposal: MatchProposal, form: AnswerForm) -> tuple[str, int] | None:
    """409 when ``proposal`` as stored is not the version the form was opened on: the
    answer and reason given here against the stored ones."""
    return check_version(
        proposal.version, sent(form.version),
        [(t("web.coach.field.answer"), t(f"web.coach.answer.{form.answer.data}"),
          t(f"web.coach.answer.{proposal.answer}") if proposal.answer else None),
         (t("web.coach.field.answer_reason"), (form.reason.data or "").strip() or None,
          proposal.answer_reason)],
        saver=last_audited("match_proposal", proposal.id, ("candidate.answer",)),
        reload_url=url_for("coach.answer", proposal_id=proposal.id),
        back_url=url_for("coach.candidate", candidate_id=proposal.candidate_id))


@bp.route("/proposals/<int:proposal_id>", methods=["GET", "POST"])
def answer(proposal_id: int) -> Response | str | tuple[str, int]:
    """Record the candidate's own answer; an acceptance becomes a placement."""
    proposal = load_proposal(proposal_id)
    db = storage.session()
    candidate = db.get(Candidate, proposal.candidate_id)
    function = db.get(Function, proposal.function_id)
    assert candidate is not None and function is not None
    placement = db.scalars(select(Placement).where(Placement.match_id == proposal.id)).first()
    entry = solver_entry(function, candidate)
    form = AnswerForm()
    if not form.is_submitted():
        form.version.data = str(proposal.version)
        if entry is not None and entry.get("effective_hours") is not None:
            # One decimal: "35.71" hours a week is false precision on a placement.
            form.hours.data = Decimal(f"{float(entry['effective_hours']):.1f}")
    if form.validate_on_submit() and require_version(form, proposal.version):
        conflict = _answer_conflict(proposal, form)
        if conflict is not None:
            return conflict
    if proposal.answer is None and not form.form_errors and form.validate_on_submit():
        proposal.answer = form.answer.data
        proposal.answer_reason = (form.reason.data or "").strip() or None
        proposal.answered_at = utcnow()
        if proposal.answer == "accept":
            user = access.current_user()
            db.add(Placement(match_id=proposal.id, candidate_id=candidate.id,
                             function_id=function.id, organisation_id=function.organisation_id,
                             start_date=form.start_date.data, hours=float(form.hours.data),
                             created_by_id=user.id if user else None))
        record(db, "candidate.answer", object_type="match_proposal", object_id=proposal.id,
               candidate_pseudonym=candidate.pseudonym, answer=proposal.answer)
        on_lost_race(MatchProposal, proposal.id, lambda stored: _answer_conflict(stored, form))
        flash(t(f"web.coach.answer.saved_{proposal.answer}"))
        return redirect(url_for("coach.candidate", candidate_id=candidate.id))
    record(db, "candidate.view_proposal", object_type="match_proposal", object_id=proposal.id,
           candidate_pseudonym=candidate.pseudonym)
    return render_template("coach/answer.html", proposal=proposal, candidate=candidate,
                           function=function, form=form, placement=placement, entry=entry)
