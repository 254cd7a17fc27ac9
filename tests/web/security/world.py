"""Two of everything: side A and side B, each with a consultant and a coach working for
their own organisation (inventory version, a done redesign run, its functions, one
submitted for review), a candidate with monitor answers, a proposal and a placement;
plus two advisors and two admins. The identifying strings of each side are distinctive
so a test can search a response body for the other side's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from flask import Flask

from matcher import api
from tests.web.coach.seed import ORG_EXAMPLE, add_candidate
from tests.web.helpers import add_organisation, add_user
from web.db import session_scope
from web.models import (
    Function,
    InventoryVersion,
    MatchProposal,
    Placement,
    ReviewSubmission,
    Run,
)

ROLES = ("consultant", "job_coach", "uwv_advisor", "admin")


@cache
def _report() -> dict[str, Any]:
    inventory = api.read_inventory(ORG_EXAMPLE)
    report = api.redesign(inventory, options=api.SolveOptions(time_limit=2, workers=1, seed=0))
    assert report.roles
    data: dict[str, Any] = report.model_dump(mode="json")
    return data


@dataclass
class Side:
    """One side's users (name by role) and object ids (by URL parameter)."""

    users: dict[str, str]
    ids: dict[str, Any]
    secrets: tuple[str, ...] = field(default=())


def _side(app: Flask, tag: str) -> Side:
    users = {role: f"{role}-{tag}" for role in ROLES}
    uid = {role: add_user(app, name, role) for role, name in users.items()}
    org_name = f"Organisatie {tag.upper()} Geheimnaam"
    org = add_organisation(app, org_name, (uid["consultant"], uid["job_coach"]))
    pseudonym, display = f"PSEU-{tag.upper()}-4711", f"Persoon {tag.upper()} Fictief"
    cand = add_candidate(app, uid["job_coach"], "K001", pseudonym=pseudonym,
                         display_name=display)
    report = _report()
    with session_scope(app) as db:
        version = InventoryVersion.from_inventory(api.read_inventory(ORG_EXAMPLE),
                                                  organisation_id=org, number=1,
                                                  source_filename=ORG_EXAMPLE.name)
        db.add(version)
        db.flush()
        run = Run(organisation_id=org, inventory_version_id=version.id, kind="redesign",
                  state="done", report=report, solver_status=report["solver"]["status"],
                  created_by_id=uid["consultant"], progress_done=1, progress_total=1,
                  options={"time_limit": 1, "workers": 1, "seed": 0})
        db.add(run)
        db.flush()
        functions = []
        for fn in report["roles"]:
            f = Function(run_id=run.id, organisation_id=org, role_id=fn["role_id"],
                         name=fn["role_id"], department=fn["department"],
                         hours=float(fn["hours_per_week"]), data=fn)
            db.add(f)
            db.flush()
            functions.append(f)
        sub = ReviewSubmission(function_id=functions[0].id, organisation_id=org,
                               submitted_by_id=uid["consultant"])
        prop = MatchProposal(candidate_id=cand, function_id=functions[0].id, run_id=run.id,
                             proposed_by_id=uid["job_coach"])
        db.add_all([sub, prop])
        db.flush()
        db.add(Placement(match_id=prop.id, candidate_id=cand, function_id=functions[0].id,
                         organisation_id=org, start_date=date(2027, 1, 4), hours=20.0,
                         created_by_id=uid["job_coach"]))
        ids = {"organisation_id": org, "version_id": version.id, "run_id": run.id,
               "function_id": functions[0].id, "role_id": functions[0].role_id,
               "submission_id": sub.id, "proposal_id": prop.id, "candidate_id": cand,
               "task_id": report["tasks"][0]["task_id"], "part": "functions",
               "wave": 1, "rater": "self", "filename": "web.css", "user_id": uid["admin"]}
    return Side(users, ids, (org_name, pseudonym, display))


def build(app: Flask) -> tuple[Side, Side]:
    """Side A and side B on ``app``."""
    return _side(app, "a"), _side(app, "b")
