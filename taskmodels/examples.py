"""Bundled example data, shipped inside the package so the demo runs from a wheel.

Layout under ``taskmodels/data/examples/``: one folder per organisation holding
``roles.csv`` and ``tasks.csv`` (an inventory folder as FORMATS.md section 1 defines
it), and the folder ``kandidaten/`` holding ``candidates.csv`` and ``ratings.csv``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

CANDIDATES_FOLDER = "kandidaten"


def examples_root() -> Path:
    """The folder holding the bundled examples."""
    return Path(str(resources.files("taskmodels").joinpath("data/examples")))


def example_names() -> list[str]:
    """Names of the bundled organisations, sorted."""
    root = examples_root()
    return sorted(
        p.name for p in root.iterdir() if p.is_dir() and (p / "tasks.csv").exists()
    )


def example_path(name: str) -> Path:
    """The inventory folder of one bundled organisation."""
    path = examples_root() / name
    if not (path / "tasks.csv").exists():
        raise KeyError(f"no bundled example '{name}'; choose from {', '.join(example_names())}")
    return path


def candidates_path() -> Path:
    """The bundled candidate pool folder (candidates.csv and ratings.csv)."""
    return examples_root() / CANDIDATES_FOLDER
