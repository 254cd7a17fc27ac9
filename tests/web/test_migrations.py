"""Migrations: the only way the schema is made, on SQLite and on a real PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from web.db import current_revision, downgrade, head_revision, make_engine, upgrade
from web.models import Base

FIRST = "20261201_0001"


def _tables(engine) -> set[str]:  # type: ignore[no-untyped-def]
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_empty_database_to_head_matches_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    assert _tables(engine) == set()
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert _tables(engine) == set(Base.metadata.tables)
    with engine.connect() as conn:
        # No difference between what the migrations made and what the models declare.
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    engine.dispose()


def test_downgrade_to_base_and_upgrade_again_round_trips(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    downgrade(engine, FIRST)
    assert current_revision(engine) == FIRST
    assert "api_tokens" not in _tables(engine)
    downgrade(engine, "base")
    assert current_revision(engine) is None
    assert _tables(engine) == set()
    upgrade(engine)
    assert _tables(engine) == set(Base.metadata.tables)
    engine.dispose()


def test_previous_revision_database_keeps_its_data_when_upgraded(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine, FIRST)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO users (name, role, password_hash, active, session_version, created_at,"
            " version) VALUES ('old-coach', 'job_coach', 'x', :t, 1, CURRENT_TIMESTAMP, 1)"
        ), {"t": True})
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.begin() as conn:
        uid = conn.execute(text("SELECT id FROM users WHERE name = 'old-coach'")).scalar_one()
        conn.execute(text(
            "INSERT INTO api_tokens (user_id, token_hash, created_at, revoked)"
            " VALUES (:u, 'h', CURRENT_TIMESTAMP, :f)"), {"u": uid, "f": False})
        assert conn.execute(text("SELECT count(*) FROM api_tokens")).scalar_one() == 1
    engine.dispose()
