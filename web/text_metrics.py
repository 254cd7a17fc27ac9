"""How wide a chart label is drawn, measured from the font's own advance widths.

The server lays out its SVG charts (label margins, where a label ends) without a
browser, so it needs each text's width. Pages and the PDF ask for DejaVu Sans first
(``web.css``, ``report.css``), the sans-serif of Debian's Chromium and of WeasyPrint
here; its advance widths are read with fontTools (maintained, and already what
WeasyPrint uses to embed fonts), so "WWW" is measured wider than "iii" instead of both
being counted as three average characters. A browser that falls back to Arial or
Helvetica draws narrower, so the measured width is an upper bound there too.

Without the font file (a server without Debian's ``fonts-dejavu-core``) the width is
estimated per character class, with each class's widest DejaVu Sans glyph among the
usual ones (a test holds it above the measured width of every printable ASCII
character), so labels still fit; a warning is logged once.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

#: Where Debian (and most Linux distributions) put DejaVu Sans.
FONT_PATHS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)

#: Estimates in ems when the font is missing: capitals and wide signs, digits and
#: lower case, narrow signs and space (DejaVu Sans: "W" 0.99, "m" 0.97, "+" 0.84,
#: "0" 0.64, "i" 0.28). Lower case takes the wide class for "m" and "w".
WIDE_EM = 1.0
MIDDLE_EM = 0.72
NARROW_EM = 0.4
_NARROW = set(" .,:;'|ilj()[]/\\-\u00b7")


@lru_cache(maxsize=1)
def _font() -> tuple[dict[int, str], dict[str, tuple[int, int]], int] | None:
    """DejaVu Sans's character map, advance widths and units per em (None: not found)."""
    path = next((p for p in FONT_PATHS if p.is_file()), None)
    if path is None:
        log.warning("DejaVu Sans not found in %s; chart label widths are estimated",
                    ", ".join(str(p) for p in FONT_PATHS))
        return None
    from fontTools.ttLib import TTFont  # imported late: only when a chart is drawn

    font = TTFont(str(path), lazy=True)
    return font.getBestCmap(), dict(font["hmtx"].metrics), int(font["head"].unitsPerEm)


def estimated_em(ch: str) -> float:
    """A character's width in ems without the font file (see the module docstring)."""
    if ch in _NARROW:
        return NARROW_EM
    if ch.isupper() or ch in "mw%@&#+<=>^~":
        return WIDE_EM
    return MIDDLE_EM


def text_width(text: str, font_size: float) -> float:
    """The width of ``text`` drawn in DejaVu Sans at ``font_size`` pixels."""
    font = _font()
    if font is None:
        return sum(estimated_em(ch) for ch in text) * font_size
    cmap, metrics, per_em = font
    missing = metrics.get(".notdef", (per_em, 0))[0]
    units = sum(metrics[cmap[ord(ch)]][0] if ord(ch) in cmap else missing for ch in text)
    return units / per_em * font_size


def font_measured() -> bool:
    """True when widths come from the font file, False when they are estimated."""
    return _font() is not None
