"""The consultant's pages reach the core through ``matcher.api`` only, imported on first use.

Importing it lazily keeps the application (and every other area) starting even when
the core's import is slow or broken; the first page that needs the core says so.
"""

from __future__ import annotations

import importlib
from typing import Any


class _Api:
    """``api.redesign(...)`` → ``matcher.api.redesign(...)``, the module loaded when first used."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("matcher.api"), name)


api: Any = _Api()
