"""Seeding for coach and review tests: real bundled data, stored as the pages store it."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from flask import Flask

from matcher import api
from taskmodels.models import CandidatePool
from web.db import session_scope
from web.models import (
    Candidate,
    Function,
    InventoryVersion,
    OrganisationMember,
    Rating,
    ReviewSubmission,
    Run,
)

EXAMPLES = Path(__file__).resolve().parents[3] / "taskmodels" / "data" / "examples"
ORG_EXAMPLE = EXAMPLES / "bouwbedrijf_van_dijk"


@cache
def bundled_pool() -> CandidatePool:
    """The bundled candidates with their monitor answers."""
    return api.read_candidates(EXAMPLES / "kandidaten")


def add_candidate(app: Flask, coach_id: int, source: str = "K001", pseudonym: str | None = None,
                  display_name: str | None = None, with_ratings: bool = True,
                  max_wave: int | None = None) -> int:
    """A bundled candidate on ``coach_id``'s caseload (its ratings up to ``max_wave``)."""
    pool = bundled_pool()
    person = pool.by_id()[source]
    with session_scope(app) as db:
        row = Candidate.from_core(person, coach_id=coach_id, display_name=display_name)
        row.pseudonym = pseudonym or source
        db.add(row)
        db.flush()
        if with_ratings:
            for r in pool.ratings:
                if r.candidate_id == source and (max_wave is None or r.wave <= max_wave):
                    db.add(Rating(candidate_id=row.id, wave=r.wave, rater=r.rater, item=r.item,
                                  score=r.score))
        return row.id


def add_version(app: Flask, organisation_id: int, example: Path = ORG_EXAMPLE) -> int:
    """An inventory version of ``organisation_id`` holding a bundled work analysis."""
    inventory = api.read_inventory(example)
    with session_scope(app) as db:
        version = InventoryVersion.from_inventory(inventory, organisation_id=organisation_id,
                                                  number=1, source_filename=example.name)
        db.add(version)
        db.flush()
        return version.id


def add_member(app: Flask, organisation_id: int, user_id: int) -> None:
    """``user_id`` works for ``organisation_id``."""
    with session_scope(app) as db:
        db.add(OrganisationMember(organisation_id=organisation_id, user_id=user_id))


def add_redesign(app: Flask, organisation_id: int, version_id: int,
                 submit: tuple[int, ...] = ()) -> list[int]:
    """A done redesign run stored as the worker stores it; submit the functions at ``submit``
    positions for review. Returns the function ids in report order."""
    with session_scope(app) as db:
        version = db.get(InventoryVersion, version_id)
        assert version is not None
        inventory = version.inventory()
        report = api.redesign(inventory, options=api.SolveOptions(time_limit=3, workers=1))
        data: dict[str, Any] = report.model_dump(mode="json")
        run = Run(organisation_id=organisation_id, inventory_version_id=version_id,
                  kind="redesign", state="done", report=data,
                  solver_status=report.solver.status)
        db.add(run)
        db.flush()
        ids = []
        for fn in data["roles"]:
            f = Function(run_id=run.id, organisation_id=organisation_id, role_id=fn["role_id"],
                         name=fn["role_id"], department=fn["department"],
                         hours=float(fn["hours_per_week"]), data=fn)
            db.add(f)
            db.flush()
            ids.append(f.id)
        for i in submit:
            db.add(ReviewSubmission(function_id=ids[i], organisation_id=organisation_id))
        return ids
