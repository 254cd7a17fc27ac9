"""``users add``/``users token`` and the demo loader, on a real database file."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from matcher.cli.commands.users import token_hash
from matcher.cli.main import main
from tests.web.conftest import make_app
from tests.web.helpers import login
from web.db import session_scope
from web.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo
from web.models import ApiToken, Candidate, InventoryVersion, OrganisationMember, Rating, User


def _users(monkeypatch: pytest.MonkeyPatch, db: str, *argv: str, stdin: str = "") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(["users", *argv, "--db", db])


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("MATCHER_INSTANCE", str(tmp_path / "instance"))
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_users_add_reads_the_password_twice_and_it_logs_in(
    db_file: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    pw = "a-long-enough-password"
    assert _users(monkeypatch, db_file, "add", "sanne", "--role", "job_coach",
                  stdin=f"{pw}\n{pw}\n") == 0
    assert "sanne" in capsys.readouterr().out
    app = make_app(tmp_path, DATABASE_URL=db_file)
    with session_scope(app) as db:
        user = db.scalars(select(User).where(User.name == "sanne")).one()
        assert user.role == "job_coach" and pw not in user.password_hash
    client = app.test_client()
    assert login(client, "sanne", pw).status_code == 302
    assert client.get("/coach/").status_code == 200


def test_users_add_refuses_mismatch_short_and_duplicate(
    db_file: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    assert _users(monkeypatch, db_file, "add", "a", "--role", "admin",
                  stdin="first-password-x\nsecond-password-y\n") == 2
    assert "niet gelijk" in capsys.readouterr().err
    assert _users(monkeypatch, db_file, "add", "a", "--role", "admin", stdin="short\nshort\n") == 2
    assert "minstens 12" in capsys.readouterr().err
    assert _users(monkeypatch, db_file, "add", "a", "--role", "admin", stdin="") == 2
    ok = "good-password-123"
    assert _users(monkeypatch, db_file, "add", "a", "--role", "admin", stdin=f"{ok}\n{ok}\n") == 0
    assert _users(monkeypatch, db_file, "add", "a", "--role", "admin", stdin=f"{ok}\n{ok}\n") == 2
    assert "bestaat al" in capsys.readouterr().err
    assert main(["users", "add", "b", "--role", "boss", "--db", db_file]) == 2


def test_users_token_prints_a_token_whose_hash_alone_is_stored(
    db_file: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    ok = "good-password-123"
    _users(monkeypatch, db_file, "add", "c", "--role", "consultant", stdin=f"{ok}\n{ok}\n")
    capsys.readouterr()
    assert _users(monkeypatch, db_file, "token", "c") == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,}", token)
    app = make_app(tmp_path, DATABASE_URL=db_file)
    with session_scope(app) as db:
        stored = db.scalars(select(ApiToken.token_hash)).all()
    assert stored == [token_hash(token)] and token not in stored
    assert _users(monkeypatch, db_file, "token", "nobody") == 2


def test_demo_loads_accounts_organisations_and_candidates_once(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    first = load_demo(app, run_redesigns=False)
    second = load_demo(app, run_redesigns=False)
    assert first.organisations == second.organisations == 4
    assert first.candidates == second.candidates == 50
    with session_scope(app) as db:
        assert db.scalar(select(func.count()).select_from(InventoryVersion)) == 4
        assert db.scalar(select(func.count()).select_from(Rating)) == 11944
        names = db.scalars(select(Candidate.display_name)).all()
        assert len(set(names)) == 50 and all(names)
        consultant = db.scalars(select(User).where(User.name == "demo-consultant")).one()
        assert db.scalar(select(func.count()).select_from(OrganisationMember)
                         .where(OrganisationMember.user_id == consultant.id)) == 4
    client = app.test_client()
    for name, _role in DEMO_ACCOUNTS:
        assert login(client, name, DEMO_PASSWORD).status_code == 302, name
        client.get("/")  # lands somewhere of its own
        with client.session_transaction() as sess:
            sess.clear()
    with session_scope(app) as db:
        coach = db.scalars(select(User).where(User.name == "demo-coach")).one()
        assert db.scalar(select(func.count()).select_from(Candidate)
                         .where(Candidate.coach_id == coach.id)) == 50


def test_serve_runs_waitress_with_migrations_and_answers(tmp_path: Path) -> None:
    import os
    import socket
    import subprocess
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = tmp_path / "served.db"
    env = {**os.environ, "MATCHER_INSTANCE": str(tmp_path / "instance")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "matcher", "serve", "--port", str(port), "--db", f"sqlite:///{db}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    try:
        body = None
        for _ in range(200):  # up to ~60 s on a busy machine; no timing is asserted
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = r.read().decode()
                    break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.3)
        assert body == '{"status":"ok"}\n', proc.stdout.read() if proc.poll() is not None else body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as r:
            page = r.read().decode()
            assert r.headers["Server"] == "matcher"  # the ident given to waitress
        assert '<html lang="nl">' in page and 'name="csrf_token"' in page
        assert db.exists()
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in out


def test_demo_runs_a_redesign_per_organisation_and_submits_functions(tmp_path: Path) -> None:
    from web.models import Function, ReviewSubmission, Run

    app = make_app(tmp_path)
    summary = load_demo(app, time_limit=1.0)
    assert summary.skipped == []
    with session_scope(app) as db:
        runs = db.scalars(select(Run)).all()
        assert len(runs) == 4 and all(r.state == "done" for r in runs), [
            (r.state, r.error_reason) for r in runs]
        assert db.scalar(select(func.count()).select_from(Function)) >= 8
        subs = db.scalars(select(ReviewSubmission)).all()
        assert len(subs) == summary.submitted == 8
        assert {s.organisation_id for s in subs} == {r.organisation_id for r in runs}
    # Loading again adds nothing.
    again = load_demo(app, time_limit=1.0)
    assert (again.runs, again.submitted) == (4, 8)
    client = app.test_client()
    login(client, "demo-advisor", DEMO_PASSWORD)
    assert client.get("/review/").status_code == 200
