"""`matcher db backup` / `db restore`: back up, change, restore, compare (SQLite and PG)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from matcher.cli.main import main
from tests.web.conftest import make_app
from tests.web.helpers import add_organisation, add_user
from web.db import session_scope
from web.models import Base, Organisation, User


def _snapshot(app: Any) -> dict[str, list[tuple[Any, ...]]]:
    with session_scope(app) as db:
        return {t.name: sorted(tuple(r) for r in db.execute(select(t)).all())
                for t in Base.metadata.sorted_tables}


def test_backup_change_restore_compare(db_url: str, tmp_path: Path, capsys: Any) -> None:
    app = make_app(tmp_path, DATABASE_URL=db_url)
    uid = add_user(app, "sanne", "job_coach")
    add_organisation(app, "Zorgcentrum", (uid,))
    before = _snapshot(app)
    assert before["users"] and before["organisations"]
    backup = tmp_path / "snapshot.bak"
    assert main(["db", "backup", str(backup), "--db", db_url]) == 0
    with session_scope(app) as db:
        db.scalars(select(User)).one().name = "changed"
        db.add(Organisation(name="Nieuw na de kopie"))
    assert _snapshot(app) != before
    assert main(["db", "restore", str(backup), "--db", db_url]) == 0
    fresh = make_app(tmp_path / "again", DATABASE_URL=db_url)
    assert _snapshot(fresh) == before
    # Ids keep counting after the restored rows (no clash with a restored id).
    new = add_user(fresh, "piet", "consultant")
    assert new > uid
    out = capsys.readouterr().out
    assert "reservekopie" in out


def test_restore_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert main(["db", "restore", str(tmp_path / "nope.bak"), "--db", url]) == 2
