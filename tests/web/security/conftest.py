"""Fixtures of the security tests: the two-sided world on the module's ``app``."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.web.security.world import Side, build


@pytest.fixture
def world(app: Flask) -> tuple[Side, Side]:
    """Side A and side B (:mod:`tests.web.security.world`) stored in ``app``'s database."""
    return build(app)
