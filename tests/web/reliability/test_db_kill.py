"""Kill PostgreSQL while an inventory import's transaction is open.

The production server (``python -m matcher serve``) runs on a throw-away cluster. To
catch the import *inside* its transaction without a test hook, the test holds a real
lock: another session takes ``LOCK TABLE audit_events IN EXCLUSIVE MODE``, the import
inserts its inventory version and then waits at commit for the audit row's insert
(the audit row is its transaction's last write, :mod:`web.audit`). Seen waiting in
``pg_stat_activity`` with a transaction id of its own (it has written), the cluster is
stopped like a crash (``pg_ctl -m immediate``). The user's page must be the 503 page
saying why, and after the cluster is back nothing of the import exists; the same
upload then works.
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Any

import psycopg

from taskmodels.examples import example_path
from taskmodels.messages import text
from tests.web.reliability.live import Answer, Server, User, add_account
from tests.web.reliability.pgcluster import Cluster

WAITING_IMPORT = """
    SELECT pid, backend_xid IS NOT NULL AS has_written FROM pg_stat_activity
     WHERE wait_event_type = 'Lock' AND query ILIKE 'INSERT INTO audit_events%'"""


def _workbook(tmp_path: Path) -> Path:
    from matcher import api
    from taskmodels.writing import write_inventory

    path = tmp_path / "de_linde.xlsx"
    write_inventory(api.read_inventory(example_path("zorgcentrum_de_linde")), path)
    return path


def _counts(cluster: Cluster) -> dict[str, int]:
    with psycopg.connect(cluster.dsn, autocommit=True) as conn:
        return {
            "versions": conn.execute("SELECT count(*) FROM inventory_versions").fetchone()[0],
            "upload_audits": conn.execute("SELECT count(*) FROM audit_events WHERE action = "
                                          "'inventory.upload'").fetchone()[0],
        }


def test_database_killed_mid_import_leaves_nothing_and_the_page_says_why(
        pg_cluster: Cluster, tmp_path: Path, servers: list[Server]) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    server = Server(instance, pg_cluster.url, tmp_path / "server.log").start()
    servers.append(server)
    add_account(instance, pg_cluster.url, "import-consultant", "consultant")
    user = User(server.base)
    user.login("import-consultant")
    made = user.post("/consultant/organisations/new", {"name": "Zorgcentrum De Linde"})
    assert made.status == 302, made.body[:500]
    org = int(re.search(r"/organisations/(\d+)", made.location).group(1))  # type: ignore[union-attr]
    upload = f"/consultant/organisations/{org}/upload"
    workbook = _workbook(tmp_path)
    token_page = upload  # read the form (and its CSRF token) while the database is up
    user.token(token_page)
    assert _counts(pg_cluster) == {"versions": 0, "upload_audits": 0}

    blocker = psycopg.connect(pg_cluster.dsn)  # a transaction of its own, left open
    blocker.execute("LOCK TABLE audit_events IN EXCLUSIVE MODE")
    answer: dict[str, Answer] = {}

    def send() -> None:
        answer["page"] = user.post(upload, {"note": "wordt afgebroken"},
                                   files={"file": (workbook.name, workbook.read_bytes())})

    sender = threading.Thread(target=send)
    sender.start()
    waiting: Any = None
    deadline = time.monotonic() + 120
    with psycopg.connect(pg_cluster.dsn, autocommit=True) as watch:
        while waiting is None:
            assert time.monotonic() < deadline, f"the import never reached its commit:\n" \
                                                f"{server.output()}"
            waiting = watch.execute(WAITING_IMPORT).fetchone()
            time.sleep(0.05)
        # Written but not committed: another session sees nothing yet.
        assert watch.execute("SELECT count(*) FROM inventory_versions").fetchone()[0] == 0
    assert waiting[1], "the import's transaction had written nothing before its commit"

    pg_cluster.kill()
    sender.join(timeout=120)
    assert "page" in answer, "the upload request never returned"
    page = answer["page"]
    assert page.status == 503, (page.status, page.body[:800])
    assert text("web.error.503.title", "nl") in page.body
    assert text("web.error.503.body", "nl") in page.body  # unreachable, nothing saved, retry
    assert "Traceback" not in page.body and "OperationalError" not in page.body
    try:
        blocker.close()
    except psycopg.Error:
        pass  # its server is gone

    pg_cluster.start()  # crash recovery replays the log: only committed work comes back
    assert _counts(pg_cluster) == {"versions": 0, "upload_audits": 0}

    # The same server, the same form: it works again once the database is back.
    stored = user.post(upload, {"note": "tweede poging"},
                       files={"file": (workbook.name, workbook.read_bytes())})
    assert stored.status == 302, stored.body[:800]
    assert _counts(pg_cluster) == {"versions": 1, "upload_audits": 1}
