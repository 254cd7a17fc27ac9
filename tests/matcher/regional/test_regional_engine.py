"""The progress bar of a regional run (the Dask client itself is exercised in test_regional)."""

from __future__ import annotations

import io

from matcher.regional.engine import Progress


def test_progress_in_a_log_writes_lines_and_always_the_last_one() -> None:
    out = io.StringIO()
    bar = Progress(3, stream=out, every=3600)
    bar.advance()
    bar.advance()
    bar.advance()
    bar.close()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("werkgevers 1/3")
    assert lines[-1].startswith("werkgevers 3/3")
    assert "100%" in lines[-1]
    assert len(lines) == 2  # the first, then nothing until the end


def test_resumed_employers_count_as_done_but_not_for_the_pace() -> None:
    bar = Progress(10, stream=io.StringIO())
    bar.skip(4)
    assert bar.done == 4
    assert bar.eta() is None
    assert "4/10" in bar.line()
    bar.advance()
    eta = bar.eta()
    assert eta is not None and eta >= 0
