"""``serve --demo``: the bundled examples as a ready-to-try office (FORMATS.md §6).

Four demo accounts (password ``demo-demo-demo``), the four example employers with
their inventories, the consultant (and the coach) working for every one of them, the
coach holding all fifty example candidates with fictional display names and their
monitor ratings, one redesign run per employer, and the first functions of each run
submitted for UWV review. Loading twice is harmless: what exists is left as it is.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taskmodels.examples import candidates_path, example_names, example_path
from taskmodels.reading import read_candidates, read_inventory
from web.auth.passwords import hash_password
from web.db import session_scope
from web.models import (
    Candidate,
    Function,
    InventoryVersion,
    Organisation,
    OrganisationMember,
    Rating,
    ReviewSubmission,
    Run,
    User,
)

DEMO_PASSWORD = "demo-demo-demo"
DEMO_ACCOUNTS: tuple[tuple[str, str], ...] = (
    ("demo-consultant", "consultant"),
    ("demo-coach", "job_coach"),
    ("demo-advisor", "uwv_advisor"),
    ("demo-admin", "admin"),
)
SUBMIT_PER_ORGANISATION = 2
DEMO_TIME_LIMIT = 5.0

ORGANISATION_NAMES: dict[str, str] = {
    "ziekenhuis_maasland": "Ziekenhuis Maasland",
    "zorgcentrum_de_linde": "Zorgcentrum De Linde",
    "bouwbedrijf_van_dijk": "Bouwbedrijf Van Dijk",
    "gemeente_heuvelland": "Gemeente Heuvelland",
}

# Fictional names (first names and surnames common in Limburg, combined without any
# real person in mind), used when the bundled candidates carry no display_name column.
_FIRST = ("Anouk", "Bas", "Chantal", "Daan", "Esra", "Frank", "Gwen", "Hamza", "Iris", "Joep")
_LAST = ("Janssen", "Smeets", "Peters", "Vrancken", "Hendriks")


def fictional_name(index: int) -> str:
    """A fictional display name for the ``index``-th example candidate (0-based, < 50 unique)."""
    return f"{_FIRST[index % len(_FIRST)]} {_LAST[(index // len(_FIRST)) % len(_LAST)]}"


@dataclass
class DemoSummary:
    """What the demo holds after loading (printed by ``serve --demo``)."""

    accounts: tuple[tuple[str, str], ...] = DEMO_ACCOUNTS
    organisations: int = 0
    candidates: int = 0
    runs: int = 0
    submitted: int = 0
    skipped: list[str] = field(default_factory=list)


def _accounts(db: Session) -> dict[str, User]:
    users: dict[str, User] = {}
    for name, role in DEMO_ACCOUNTS:
        user = db.scalars(select(User).where(User.name == name)).first()
        if user is None:
            user = User(name=name, role=role, password_hash=hash_password(DEMO_PASSWORD))
            db.add(user)
            db.flush()
        users[role] = user
    return users


def _organisations(db: Session, users: dict[str, User]) -> list[InventoryVersion]:
    versions: list[InventoryVersion] = []
    for folder in example_names():
        name = ORGANISATION_NAMES.get(folder, folder)
        org = db.scalars(select(Organisation).where(Organisation.name == name)).first()
        if org is None:
            org = Organisation(name=name, created_by_id=users["consultant"].id)
            db.add(org)
            db.flush()
        for role in ("consultant", "job_coach"):
            uid = users[role].id
            linked = db.scalar(select(OrganisationMember.id).where(
                OrganisationMember.organisation_id == org.id, OrganisationMember.user_id == uid))
            if linked is None:
                db.add(OrganisationMember(organisation_id=org.id, user_id=uid))
        version = db.scalars(select(InventoryVersion).where(
            InventoryVersion.organisation_id == org.id).order_by(InventoryVersion.number)).first()
        if version is None:
            version = InventoryVersion.from_inventory(
                read_inventory(example_path(folder)), organisation_id=org.id, number=1,
                source_filename=f"{folder} (voorbeeld)", created_by_id=users["consultant"].id)
            db.add(version)
            db.flush()
        versions.append(version)
    return versions


def _candidates(db: Session, coach: User) -> int:
    pool = read_candidates(candidates_path())
    known = set(db.scalars(select(Candidate.pseudonym)).all())
    by_id: dict[str, Candidate] = {}
    for index, person in enumerate(pool.candidates):
        if person.candidate_id in known:
            continue
        row = Candidate.from_core(person, coach_id=coach.id)
        row.display_name = row.display_name or fictional_name(index)
        db.add(row)
        by_id[person.candidate_id] = row
    db.flush()
    db.add_all(
        Rating(candidate_id=by_id[r.candidate_id].id, wave=r.wave, rater=r.rater, item=r.item,
               score=r.score, entered_by_id=coach.id)
        for r in pool.ratings if r.candidate_id in by_id
    )
    return int(db.scalar(select(func.count()).select_from(Candidate)) or 0)


def _run_redesigns(app: Flask, versions: list[InventoryVersion], users: dict[str, User],
                   summary: DemoSummary, time_limit: float) -> None:
    """One redesign per organisation that has none yet, run here and now (not queued).

    Needs :mod:`matcher.api` and the run worker; while either is missing the demo
    still loads everything else and says what it skipped.
    """
    if importlib.util.find_spec("matcher.api") is None:
        summary.skipped.append("matcher.api")
        return
    from web.runs.state import create_run
    from web.runs.worker import execute_run

    for version in versions:
        with session_scope(app) as db:
            has_run = db.scalar(select(Run.id).where(
                Run.organisation_id == version.organisation_id, Run.state == "done"))
            if has_run is not None:
                continue
            run_id = create_run(db, db.get(InventoryVersion, version.id),  # type: ignore[arg-type]
                                user_id=users["consultant"].id, time_limit=time_limit).id
        execute_run(app.config["DATABASE_URL"], run_id)


def _submit(app: Flask, users: dict[str, User]) -> None:
    """Submit the first functions of each organisation's newest done run, once."""
    with session_scope(app) as db:
        for org_id in db.scalars(select(Organisation.id)).all():
            if db.scalar(select(ReviewSubmission.id).where(
                    ReviewSubmission.organisation_id == org_id)) is not None:
                continue
            run = db.scalars(select(Run).where(Run.organisation_id == org_id, Run.state == "done")
                             .order_by(Run.id.desc())).first()
            if run is None:
                continue
            functions = db.scalars(select(Function).where(Function.run_id == run.id)
                                   .order_by(Function.id).limit(SUBMIT_PER_ORGANISATION)).all()
            db.add_all(ReviewSubmission(function_id=f.id, organisation_id=org_id,
                                        submitted_by_id=users["consultant"].id)
                       for f in functions)


def load_demo(app: Flask, *, run_redesigns: bool = True,
              time_limit: float = DEMO_TIME_LIMIT) -> DemoSummary:
    """Load the demo office into ``app``'s database (idempotent); see the module docstring.

    Parameters
    ----------
    app
        The application whose database receives the demo.
    run_redesigns
        Run one redesign per organisation now (seconds each); off, the rest still loads.
    time_limit
        Solver wall time per redesign.
    """
    summary = DemoSummary()
    with session_scope(app) as db:
        users = _accounts(db)
        versions = _organisations(db, users)
        summary.candidates = _candidates(db, users["job_coach"])
        summary.organisations = len(versions)
    if run_redesigns:
        _run_redesigns(app, versions, users, summary, time_limit)
    _submit(app, users)
    with session_scope(app) as db:
        summary.runs = int(db.scalar(select(func.count()).select_from(Run)) or 0)
        summary.submitted = int(db.scalar(select(func.count()).select_from(ReviewSubmission)) or 0)
    return summary
