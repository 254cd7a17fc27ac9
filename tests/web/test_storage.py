"""Storage rules on both databases: constraints, cascades, optimistic locking, audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from taskmodels.examples import example_path
from taskmodels.reading import read_inventory
from web.db import make_engine, upgrade
from web.models import (
    AuditEvent,
    AuditEventImmutable,
    Candidate,
    Function,
    InventoryVersion,
    Organisation,
    Rating,
    ReviewDecision,
    ReviewSubmission,
    Run,
    User,
)


@pytest.fixture
def engine(db_url: str):  # type: ignore[no-untyped-def]
    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


def _seed(db: Session) -> tuple[User, Organisation, Run]:
    user = User(name="c", role="consultant", password_hash="h")
    org = Organisation(name="Zorgcentrum De Linde")
    db.add_all([user, org])
    db.flush()
    version = InventoryVersion.from_inventory(
        read_inventory(example_path("zorgcentrum_de_linde")),
        organisation_id=org.id, number=1, created_by_id=user.id,
    )
    db.add(version)
    db.flush()
    run = Run(organisation_id=org.id, inventory_version_id=version.id, kind="redesign",
              options={"time_limit": 1}, seed=7)
    db.add(run)
    db.flush()
    return user, org, run


def test_inventory_version_round_trips_the_core_model(engine) -> None:  # type: ignore[no-untyped-def]
    original = read_inventory(example_path("zorgcentrum_de_linde"))
    with Session(engine) as db:
        _seed(db)
        db.commit()
    with Session(engine) as db:
        stored = db.scalars(select(InventoryVersion)).one()
        assert stored.task_count == len(original.tasks) == 94
        assert stored.inventory().tasks == original.tasks
        assert stored.inventory().roles == original.roles


def test_second_writer_of_the_same_run_gets_a_conflict(engine) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as db:
        _, _, run = _seed(db)
        db.commit()
        run_id = run.id
    with Session(engine) as first, Session(engine) as second:
        a = first.get(Run, run_id)
        b = second.get(Run, run_id)
        a.state = "running"
        first.commit()
        b.state = "cancelled"
        with pytest.raises(StaleDataError):
            second.commit()
    with Session(engine) as db:
        assert db.get(Run, run_id).state == "running"


def test_returned_decision_needs_a_reason(engine) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as db:
        user, org, run = _seed(db)
        fn = Function(run_id=run.id, organisation_id=org.id, role_id="F1", name="Facilitair 1",
                      hours=24.0)
        db.add(fn)
        db.flush()
        sub = ReviewSubmission(function_id=fn.id, organisation_id=org.id, submitted_by_id=user.id)
        db.add(sub)
        db.flush()
        db.add(ReviewDecision(submission_id=sub.id, verdict="returned", reason=None))
        with pytest.raises(IntegrityError):
            db.flush()


def test_erasing_a_candidate_removes_its_ratings(engine) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as db:
        cand = Candidate(pseudonym="K001", max_hours=24)
        cand.ratings = [Rating(wave=1, rater="self", item="PAC1", score=3),
                        Rating(wave=1, rater="mentor", item="PAC1", score=4)]
        db.add(cand)
        db.commit()
        db.delete(cand)
        db.commit()
        assert db.scalars(select(Rating)).all() == []


def test_duplicate_monitor_answer_is_refused(engine) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as db:
        cand = Candidate(pseudonym="K002", max_hours=24)
        db.add(cand)
        db.flush()
        db.add_all([Rating(candidate_id=cand.id, wave=1, rater="self", item="PAC1", score=3),
                    Rating(candidate_id=cand.id, wave=1, rater="self", item="PAC1", score=4)])
        with pytest.raises(IntegrityError):
            db.flush()


def test_audit_events_are_never_changed_or_deleted(engine) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as db:
        event = AuditEvent(action="candidate.view", user_name="coach", candidate_pseudonym="K001")
        db.add(event)
        db.commit()
        event.action = "something else"
        with pytest.raises(AuditEventImmutable):
            db.commit()
        db.rollback()
        db.delete(db.get(AuditEvent, event.id))
        with pytest.raises(AuditEventImmutable):
            db.commit()
        db.rollback()
        assert db.get(AuditEvent, event.id).action == "candidate.view"
