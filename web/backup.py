"""Consistent backup and restore of the web database (``python -m matcher db …``).

* SQLite: the ``sqlite3`` online backup API copies the whole file page by page under
  one read transaction, so the copy is consistent even while the server writes.
* PostgreSQL: a logical dump of every table of the models' metadata (and the Alembic
  revision) read in one ``REPEATABLE READ READ ONLY`` transaction, so every table comes
  from the same snapshot; written as gzip-compressed JSON. Chosen over ``pg_dump``
  because pg_dump must be at least the server's major version and on PATH, while this
  uses the same driver and models as the application; restore needs a database at the
  same migration revision (``create_app`` migrates it first).

Restore replaces every row in one transaction: a failure leaves the old data.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Engine, delete, insert, make_url, select, text

from web.models import Base

FORMAT = "matcher-logical-dump/1"


def _sqlite_path(url: str) -> str | None:
    parsed = make_url(url)
    return parsed.database if parsed.get_backend_name() == "sqlite" else None


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _sqlite_copy(source: str | Path, target: str | Path) -> int:
    """Copy one SQLite file onto another with SQLite's online backup (a consistent page
    snapshot even while the server writes); rows now in ``target``'s tables."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        return sum(dst.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0]
                   for t in Base.metadata.sorted_tables)
    finally:
        dst.close()
        src.close()


def backup(engine: Engine, path: Path) -> int:
    """Write a consistent snapshot of ``engine``'s database to ``path``; rows written."""
    db_file = _sqlite_path(str(engine.url))
    if db_file:
        return _sqlite_copy(db_file, path)
    tables: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            conn.execute(text("SET TRANSACTION READ ONLY"))
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            for table in Base.metadata.sorted_tables:
                rows = conn.execute(select(table).order_by(*table.primary_key.columns))
                tables[table.name] = [{k: _plain(v) for k, v in r._mapping.items()} for r in rows]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump({"format": FORMAT, "revision": revision, "tables": tables}, fh)
    return sum(len(rows) for rows in tables.values())


def _typed(table: Any, row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for col in table.columns:
        value = out.get(col.name)
        if isinstance(value, str) and isinstance(col.type, DateTime):
            out[col.name] = datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(col.type, Date):
            out[col.name] = date.fromisoformat(value)
    return out


def restore(engine: Engine, path: Path) -> int:
    """Replace every row of ``engine``'s database with the snapshot at ``path``."""
    if path.read_bytes()[:16] == b"SQLite format 3\x00":
        db_file = _sqlite_path(str(engine.url))
        if not db_file:
            raise ValueError(f"{path}: an SQLite backup cannot be restored into {engine.url}")
        engine.dispose()  # no pooled connection may hold the old file open
        return _sqlite_copy(path, db_file)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        dump = json.load(fh)
    if dump.get("format") != FORMAT:
        raise ValueError(f"{path}: not a backup made by `matcher db backup`")
    count = 0
    with engine.begin() as conn:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if revision != dump["revision"]:
            raise ValueError(f"{path}: made at revision {dump['revision']}, "
                             f"the database is at {revision}")
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(delete(table))
        for table in Base.metadata.sorted_tables:
            rows = [_typed(table, r) for r in dump["tables"].get(table.name, [])]
            if rows:
                conn.execute(insert(table), rows)
                count += len(rows)
            if conn.dialect.name == "postgresql" and "id" in table.columns:
                conn.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"coalesce(max(id), 1), max(id) IS NOT NULL) FROM \"{table.name}\""))
    return count
