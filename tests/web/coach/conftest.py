"""A small world for coach and review tests: two coaches, a consultant, an advisor,
one organisation with a bundled work analysis, and a candidate on each caseload."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask

from tests.web.coach.seed import add_candidate, add_version
from tests.web.helpers import PASSWORD, add_organisation, add_user


@dataclass
class World:
    app: Flask
    coach: dict[str, Any]
    other_coach: dict[str, Any]
    consultant: dict[str, Any]
    advisor: dict[str, Any]
    organisation: int
    version: int
    candidate: int
    other_candidate: int


OWN_NAME = "Anna Fictief"
OTHER_NAME = "Bram Geheim"


@pytest.fixture
def world(app: Flask) -> World:
    def user(name: str, role: str) -> dict[str, Any]:
        return {"id": add_user(app, name, role), "name": name, "password": PASSWORD}

    coach, other = user("coach-a", "job_coach"), user("coach-b", "job_coach")
    consultant, advisor = user("consultant-a", "consultant"), user("advisor-a", "uwv_advisor")
    org = add_organisation(app, "Bouwbedrijf Van Dijk", (coach["id"], consultant["id"]))
    version = add_version(app, org)
    own = add_candidate(app, coach["id"], "K001", display_name=OWN_NAME)
    theirs = add_candidate(app, other["id"], "K002", display_name=OTHER_NAME)
    return World(app, coach, other, consultant, advisor, org, version, own, theirs)
