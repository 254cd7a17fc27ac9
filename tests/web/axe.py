"""axe-core in the browser: ``assert_no_axe_violations(page)`` for WCAG 2.1 A and AA.

axe-core comes from the project-local ``node_modules`` (``make test`` installs it from
package.json); it is injected from the file, never fetched from another host.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _format(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {targets}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Any) -> dict[str, Any]:
    """Run axe-core on the page as it is now; fail listing every violation.

    Returns the full axe result (passes included), so a test can also assert that
    rules actually ran.
    """
    if not AXE_JS.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{AXE_JS} missing under CI=true; `make test` installs axe-core")
        pytest.skip(f"{AXE_JS} missing: run `npm ci` (or `make test`)")
    # Evaluated through the DevTools protocol rather than added as a <script> tag: the
    # pages' Content-Security-Policy (no inline script) rightly blocks an injected tag.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = result["violations"]
    assert not violations, f"axe-core found {len(violations)} violation(s) on {page.url}:\n" + _format(violations)
    return result
