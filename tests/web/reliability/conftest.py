"""Fixtures of the fault tests: a throw-away PostgreSQL cluster, and server processes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.web.reliability.live import Server
from tests.web.reliability.pgcluster import Cluster, cluster_fixture


@pytest.fixture
def pg_cluster() -> Iterator[Cluster]:
    """A PostgreSQL cluster of this test alone, which it may kill and start again."""
    yield from cluster_fixture()


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    """Every server a test starts is stopped at its end (before its database goes)."""
    started: list[Server] = []
    yield started
    for server in started:
        server.stop()
