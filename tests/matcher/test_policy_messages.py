"""Policy files: every problem a catalogue message naming file and key, in nl and en."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.policy import Policy, PolicyError


def _error(tmp_path: Path, body: str) -> PolicyError:
    path = tmp_path / "beleid.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        Policy.from_toml(path)
    return info.value


def test_every_bad_key_is_reported_with_its_own_code(tmp_path: Path) -> None:
    err = _error(tmp_path, "[policy]\nmax_demand = 9\nmin_part_hours = 0\nmax_hourz = 1\n")
    assert sorted(m.code for m in err.messages) == ["policy.gt", "policy.le", "policy.unknown_key"]
    en = err.text("en").splitlines()
    file = tmp_path / "beleid.toml"
    assert f"{file}, key max_demand: must be at most 5" in en
    assert f"{file}, key min_part_hours: must be greater than 0" in en
    assert f"{file}, sleutel max_demand: mag hoogstens 5 zijn" in str(err).splitlines()


def test_limits_are_written_the_dutch_way(tmp_path: Path) -> None:
    err = _error(tmp_path, "max_role_hours_excess = -0.5\n")
    assert str(err).endswith("sleutel max_role_hours_excess: moet minstens 0 zijn")
    err = _error(tmp_path, "min_function_hours = 30.5\nmax_function_hours = 20\n")
    assert [m.code for m in err.messages] == ["policy.hours_window"]


def test_unreadable_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as info:
        Policy.from_toml(tmp_path / "weg.toml")
    assert [m.code for m in info.value.messages] == ["policy.unreadable"]
    assert [m.code for m in _error(tmp_path, "max_demand = = 3\n").messages] == ["policy.not_toml"]
    err = _error(tmp_path, "max_demand = 'drie'\n")
    assert err.text("en").endswith("key max_demand: 'drie' is not a (whole) number")
