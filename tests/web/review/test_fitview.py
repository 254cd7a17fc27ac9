"""The advisor's per-dimension fit classes (the §2 rule, whole levels rounded half up as the matcher does;
one level short is borderline)."""

from __future__ import annotations

import pytest

from web.review.fitview import alias, dimension_fit


@pytest.mark.parametrize(("capacity", "demand", "expected"), [
    (3.0, 3, "fits"), (3.9, 3, "fits"), (2.5, 3, "fits"), (2.49, 3, "borderline"),
    (2.0, 3, "borderline"), (1.5, 3, "borderline"), (1.49, 3, "no_fit"), (None, 1, "unknown"),
    (5.0, 5, "fits"), (1.0, 1, "fits"),
])
def test_dimension_fit(capacity: float | None, demand: int, expected: str) -> None:
    assert dimension_fit(capacity, demand) == expected


def test_aliases_are_letters_and_unique() -> None:
    names = [alias(i) for i in range(60)]
    assert names[:3] == ["A", "B", "C"] and names[26] == "AA" and len(set(names)) == 60
