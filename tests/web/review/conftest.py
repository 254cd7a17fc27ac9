"""The coach world (tests/web/coach/conftest.py) reused for the advisor's review."""

from tests.web.coach.conftest import world  # noqa: F401  (the fixture)
