"""The caseload: the coach's own candidates, their completeness, create, edit, import.

Every view that shows or changes a candidate writes an audit event
(:func:`web.audit.record`): who looked at or changed which pseudonym, and when.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from flask import flash, redirect, render_template, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from taskmodels.reading import candidate_rows
from web import access, uploads
from web import db as storage
from web.audit import record
from web.coach.blueprint import bp
from web.coach.core import api, items_and_waves, missing_dimensions, waves_of
from web.coach.forms import CandidateForm, ImportForm
from web.concurrency import check_version, last_audited, on_lost_race, require_version, sent
from web.i18n import t
from web.models import Candidate, Function, MatchProposal, Organisation, Placement, Rating


def completeness(candidate: Candidate,
                 pairs: list[tuple[str, int]] | None = None) -> dict[str, Any]:
    """What is missing before matching can rely on this profile.

    Only which dimensions and waves have answers counts, never a whole profile;
    ``pairs`` are the candidate's answered (item, wave) pairs when already read for
    a whole list (``items_and_waves``), else they are read here.
    """
    if pairs is None:
        pairs = items_and_waves([candidate])[candidate.id]
    missing = missing_dimensions(candidate, pairs)
    waves = waves_of(candidate, pairs)
    # Capacities typed in directly are not measurements: "all measured" next to
    # zero waves would tell the coach something the data does not say.
    entered = bool(candidate.capacities)
    complete_code = ("web.coach.complete_entered" if entered and not waves
                     else "web.coach.complete_mixed" if entered else "web.coach.complete")
    return {"missing": missing, "missing_codes": [f"dim.{d}" for d in missing],
            "hours_window": candidate.max_hours > 0,
            "complete": not missing and candidate.max_hours > 0,
            "complete_code": complete_code, "waves": waves}


@bp.route("/")
def index() -> str:
    """The caseload: the coach's own candidates only (scope in the query)."""
    candidates = storage.session().scalars(access.visible_candidates()).all()
    record(storage.session(), "candidate.list", object_type="candidate",
           count=len(candidates))
    answered = items_and_waves(candidates)  # one query for the whole caseload
    rows = [(c, completeness(c, answered[c.id])) for c in candidates]
    return render_template("coach/index.html", rows=rows)


def _unique_pseudonym(form: CandidateForm, candidate: Candidate | None) -> bool:
    taken = storage.session().scalars(
        select(Candidate.id).where(Candidate.pseudonym == form.pseudonym.data.strip())).first()
    if taken is not None and (candidate is None or taken != candidate.id):
        form.pseudonym.errors.append(t("web.coach.error.pseudonym_taken"))
        return False
    return True


@bp.route("/candidates/new", methods=["GET", "POST"])
def create() -> Response | str:
    """A new candidate on the coach's own caseload."""
    form = CandidateForm()
    if form.validate_on_submit() and _unique_pseudonym(form, None):
        db = storage.session()
        candidate = Candidate(coach_id=access.current_user().id, **form.values())  # type: ignore[union-attr]
        db.add(candidate)
        db.flush()
        record(db, "candidate.create", object_type="candidate", object_id=candidate.id,
               candidate_pseudonym=candidate.pseudonym)
        flash(t("web.coach.saved", pseudonym=candidate.pseudonym))
        return redirect(url_for("coach.candidate", candidate_id=candidate.id))
    return render_template("coach/candidate_form.html", form=form, candidate=None)


def _edit_conflict(candidate: Candidate, form: CandidateForm,
                   values: dict[str, object]) -> tuple[str, int] | None:
    """409 when the candidate was saved (another tab, another session) after the form
    opened: per field the coach's value and the stored one; nothing is written."""
    def shown(key: str, value: object) -> object:
        # productivity is entered as a percentage; show it as the form asks for it
        return round(float(value) * 100) if key == "productivity" else value  # type: ignore[arg-type]

    fields = [(t(f"web.coach.field.{key}"), shown(key, value),
               shown(key, getattr(candidate, key))) for key, value in values.items()]
    return check_version(
        candidate.version, sent(form.version), fields,
        saver=last_audited("candidate", candidate.id,
                           ("candidate.update", "candidate.create", "candidate.import")),
        reload_url=url_for("coach.edit", candidate_id=candidate.id),
        back_url=url_for("coach.candidate", candidate_id=candidate.id))


@bp.route("/candidates/<int:candidate_id>/edit", methods=["GET", "POST"])
def edit(candidate_id: int) -> Response | str | tuple[str, int]:
    """Edit one's own candidate (another coach's answers 404 before any form is shown)."""
    candidate = access.load_candidate(candidate_id)
    form = CandidateForm(obj=None)
    if not form.is_submitted():
        form.process(data={
            "pseudonym": candidate.pseudonym, "display_name": candidate.display_name,
            "min_hours": candidate.min_hours, "max_hours": candidate.max_hours,
            "productivity": round(candidate.productivity * 100), "level": candidate.level,
            "max_lifting_kg": candidate.max_lifting_kg, "evening_ok": candidate.evening_ok,
            "night_ok": candidate.night_ok, "weekend_ok": candidate.weekend_ok,
            "customer_contact_ok": candidate.customer_contact_ok,
            "prefers": "; ".join(candidate.prefers), "avoids": "; ".join(candidate.avoids),
            "version": candidate.version})
    if form.validate_on_submit() and require_version(form, candidate.version) \
            and _unique_pseudonym(form, candidate):
        values = form.values()
        conflict = _edit_conflict(candidate, form, values)
        if conflict is not None:
            return conflict
        changed = sorted(k for k, v in values.items() if getattr(candidate, k) != v)
        for key, value in values.items():
            setattr(candidate, key, value)
        record(storage.session(), "candidate.update", object_type="candidate",
               object_id=candidate.id, candidate_pseudonym=candidate.pseudonym, fields=changed)
        on_lost_race(Candidate, candidate.id,
                     lambda stored: _edit_conflict(stored, form, values))
        flash(t("web.coach.saved", pseudonym=candidate.pseudonym))
        return redirect(url_for("coach.candidate", candidate_id=candidate.id))
    return render_template("coach/candidate_form.html", form=form, candidate=candidate)


@bp.route("/candidates/<int:candidate_id>")
def candidate(candidate_id: int) -> str:
    """One candidate: data, completeness, waves, proposals and placements."""
    cand = access.load_candidate(candidate_id)
    db = storage.session()
    record(db, "candidate.view", object_type="candidate", object_id=cand.id,
           candidate_pseudonym=cand.pseudonym)
    proposals = db.scalars(select(MatchProposal).where(MatchProposal.candidate_id == cand.id)
                           .order_by(MatchProposal.id)).all()
    placements = db.scalars(select(Placement).where(Placement.candidate_id == cand.id)
                            .order_by(Placement.id)).all()
    return render_template("coach/candidate.html", candidate=cand, info=completeness(cand),
                           proposals=proposals, placements=placements,
                           names=function_names([p.function_id for p in proposals]
                                                + [pl.function_id for pl in placements]))


def function_names(function_ids: list[int]) -> dict[int, dict[str, str]]:
    """Function id → its name and organisation's name (the coach may see both; the
    candidate page names what was proposed and where someone was placed)."""
    if not function_ids:
        return {}
    db = storage.session()
    rows = db.execute(select(Function.id, Function.name, Organisation.name)
                      .join(Organisation, Organisation.id == Function.organisation_id)
                      .where(Function.id.in_(set(function_ids)))).all()
    return {fid: {"function": fname, "organisation": oname} for fid, fname, oname in rows}


# --- import ---------------------------------------------------------------------------

def _read_upload(upload: Any, folder: Path) -> tuple[Any, list[dict[str, Any]]]:
    """Save the upload in ``folder`` and read it with ``api.read_candidates``.

    Returns the pool and no problems, or None and the problem rows (named by the
    uploaded file's safe name, never the temporary path). A zip holds the csv files
    of a candidates folder; only plain file names are extracted.
    """
    name = uploads.safe_name(upload.filename, "kandidaten.xlsx")
    data = upload.read()
    if name.endswith(".zip"):
        target = folder / Path(name).stem
        problems = uploads.unzip_csv(data, target, name)
        if problems:
            return None, problems
    else:
        target = folder / name
        target.write_bytes(data)
    try:
        pool = api.read_candidates(target)
    except api.InventoryError as exc:
        return None, uploads.problem_rows(exc.problems, folder, name, _lang())
    conflicts = _conflicts(pool, candidate_rows(target), folder, name)
    return (None, conflicts) if conflicts else (pool, [])


@bp.route("/import", methods=["GET", "POST"])
def import_candidates() -> Response | str:
    """Import candidates and ratings from a workbook: all or nothing.

    Every problem is listed with file, sheet, row and column; nothing is stored from
    a file with any problem, nor when a pseudonym is already in use.
    """
    form = ImportForm()
    problems: list[dict[str, Any]] = []
    if form.validate_on_submit():
        with tempfile.TemporaryDirectory(prefix="coach-import-") as tmp:
            pool, problems = _read_upload(form.file.data, Path(tmp))
        if pool is not None:
            count = _store(pool)
            flash(t("web.coach.imported", candidates=count, ratings=len(pool.ratings)))
            return redirect(url_for("coach.index"))
        if problems:
            form.file.errors = [t("web.coach.error.import_problems", count=len(problems))]
    return render_template("coach/import.html", form=form, problems=problems)


def _lang() -> str:
    from web.i18n import current_lang

    return current_lang()


def _conflicts(pool: Any, rows: dict[str, tuple[str, int]], folder: Path,
               shown: str) -> list[dict[str, Any]]:
    """Pseudonyms of the file already in use (by anyone: pseudonyms are unique), each
    at the file and row it was read from."""
    ids = [c.candidate_id for c in pool.candidates]
    taken = set(storage.session().scalars(
        select(Candidate.pseudonym).where(Candidate.pseudonym.in_(ids))).all())
    out = []
    for pid in ids:
        if pid in taken:
            file, row = rows.get(pid, (shown, None))
            out.append({"file": uploads.shown_file(file, folder, shown), "sheet": "candidates",
                        "row": row, "column": "candidate_id",
                        "text": t("web.coach.error.pseudonym_taken")})
    return out


def _store(pool: Any) -> int:
    db = storage.session()
    user = access.current_user()
    assert user is not None
    rows: dict[str, Candidate] = {}
    for person in pool.candidates:
        row = Candidate.from_core(person, coach_id=user.id)
        db.add(row)
        rows[person.candidate_id] = row
    db.flush()
    for r in pool.ratings:
        db.add(Rating(candidate_id=rows[r.candidate_id].id, wave=r.wave, rater=r.rater,
                      item=r.item, score=r.score, entered_by_id=user.id))
    for row in rows.values():
        record(db, "candidate.import", object_type="candidate", object_id=row.id,
               candidate_pseudonym=row.pseudonym)
    return len(rows)


