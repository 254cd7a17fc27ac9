"""Label widths: measured from DejaVu Sans, and the no-font estimate never narrower."""

from __future__ import annotations

import os
import string

import pytest

from tests.web.test_charts import SVG, _inside, _parse, _text_boxes, _view
from web.charts import bar_chart
from web.text_metrics import FONT_PATHS, estimated_em, font_measured, text_width

DUTCH = "ÉéëïöüÀàçÇ€–"


def _font_path():
    path = next((p for p in FONT_PATHS if p.is_file()), None)
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("DejaVu Sans missing under CI=true; .ci/run installs fonts-dejavu-core")
        pytest.skip("DejaVu Sans not installed (apt-get install fonts-dejavu-core)")
    return path


def _advance(path, text: str, size: float) -> float:
    """The width straight from the font's tables (independent of web.text_metrics)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path))
    glyph_set = font.getGlyphSet()
    cmap = font["cmap"].getBestCmap()
    per_em = font["head"].unitsPerEm
    return sum(glyph_set[cmap[ord(ch)]].width for ch in text) / per_em * size


def test_width_is_the_fonts_own_advance():
    path = _font_path()
    assert font_measured()
    for label in ("Verzorgende IG De Eik", "WMO-CONSULENT", "iiii", "Schoonmaak – nacht " + DUTCH):
        assert text_width(label, 12) == pytest.approx(_advance(path, label, 12))
    # Capitals are wider than lower case: counting characters alone would overrun them.
    assert text_width("WWWW", 12) > 3 * text_width("iiii", 12)


def test_estimate_without_the_font_is_never_narrower_than_the_font():
    path = _font_path()
    for ch in string.printable[:95] + DUTCH:
        assert estimated_em(ch) >= _advance(path, ch, 1.0), ch


def test_a_label_in_capitals_stays_inside_the_view_and_before_its_bar():
    _font_path()
    capitals = "AFDELING WERKVOORBEREIDING"
    root = _parse(bar_chart([(capitals, 4.0), ("Kok", 1.0)], title="t", description="d",
                            headers=("a", "b")))
    view = _view(root)
    labels = _text_boxes(root, "chart-bar-label")
    assert labels[0][0] == capitals  # drawn whole
    left = float(root.find(f"{SVG}rect").get("x"))
    assert all(_inside(b, view) and b[3] <= left for b in labels), (labels, left)


def test_without_the_font_file_widths_are_the_estimate(monkeypatch, caplog):
    from web import text_metrics

    monkeypatch.setattr(text_metrics, "FONT_PATHS", (text_metrics.Path("/nonexistent/font.ttf"),))
    text_metrics._font.cache_clear()
    try:
        assert not font_measured()
        assert text_width("Wim", 10) == pytest.approx((1.0 + 0.4 + 1.0) * 10)
        assert "DejaVu Sans not found" in caplog.text
    finally:
        text_metrics._font.cache_clear()  # the next caller finds the real font again
