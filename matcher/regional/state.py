"""Per-employer results kept on disk as they finish, so a killed run resumes.

One JSON file per employer in the state folder, written atomically (a temporary
file, then ``os.replace``), so a crash mid-write never leaves a half record. A
record carries a *fingerprint* of everything that decides its content (the
inventory's bytes, the policy, the solver settings); ``--resume`` reuses a record
only when the fingerprint still matches, so an edited inventory is redone.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from matcher.policy import Policy
from matcher.results import SolveOptions


def employer_name(path: Path) -> str:
    """The organisation name of an inventory: file or folder name without extension."""
    return path.stem if path.is_file() else path.name


def fingerprint(path: Path, policy: Policy, options: SolveOptions, stage: str = "redesign") -> str:
    """SHA-256 over the inventory's bytes, the policy and the solver settings."""
    digest = hashlib.sha256()
    digest.update(stage.encode())
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(file.name.encode())
        try:
            digest.update(file.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
    digest.update(json.dumps(policy.as_report(), sort_keys=True).encode())
    # Threads are not part of it: per-employer solves always run single-threaded.
    settings = {"time_limit": options.time_limit, "seed": options.seed,
                "allow_borderline": options.allow_borderline}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    return digest.hexdigest()


def normalised(record: dict[str, Any]) -> dict[str, Any]:
    """The record as it reads back from disk (JSON types only).

    A fresh result is passed through this too, so a resumed run builds its report
    from exactly the same values as an uninterrupted one.
    """
    return json.loads(json.dumps(record, ensure_ascii=False))


class StateStore:
    """The state folder: ``<organisation>.json`` per finished employer."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def path(self, name: str) -> Path:
        """Where the record of employer ``name`` lives."""
        return self.folder / f"{name}.json"

    def load(self, name: str, print_: str) -> dict[str, Any] | None:
        """The stored record of ``name`` when its fingerprint is ``print_``, else None."""
        path = self.path(name)
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # absent, or unreadable: redo it
        if not isinstance(record, dict) or record.get("fingerprint") != print_:
            return None
        return record

    def save(self, record: dict[str, Any]) -> None:
        """Write one employer's record atomically."""
        target = self.path(str(record["organisation"]))
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)
