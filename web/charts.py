"""Charts as server-rendered SVG, each with a title, a description and its numbers as a table.

Our own small SVG rather than pygal: the two charts the consultant needs (a radar of a
function's demand profile against the target-group ceiling, and bars of hours freed
per role) are a few dozen lines each, and writing them ourselves keeps every page
free of scripts, style attributes and anything loaded from another host (pygal's
output carries inline ``style`` and a script reference that must be stripped), gives
``<title>``/``<desc>`` ids that the page can point ``aria-labelledby`` at, and renders
the same in the browser and in WeasyPrint's PDF. Colours are presentation attributes
with a contrast of at least 3:1 against white (WCAG 2.1 1.4.11, graphical objects).

Callers pass texts already rendered in the reader's language; this module writes no
words of its own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import count

from markupsafe import Markup, escape

INK = "#1a1a1a"
GRID = "#767676"  # 4.5:1 on white: grid lines stay visible
PROFILE = "#0b5394"  # the function's demand profile / the bars
CEILING = "#b3261e"  # the target-group ceiling (dashed, so it is not told by colour alone)

_ids = count(1)


@dataclass(frozen=True)
class Chart:
    """One chart: its SVG and the same numbers as a table (headers, then rows of cells).

    ``svg`` is markup safe to place in a page as is; ``table_headers`` and
    ``table_rows`` hold plain strings that the template escapes.
    """

    title: str
    description: str
    svg: Markup
    table_headers: tuple[str, ...]
    table_rows: tuple[tuple[str, ...], ...] = field(default_factory=tuple)


def _num(value: float) -> str:
    """A coordinate with at most two decimals (short, stable output)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _frame(width: int, height: int, title: str, description: str, body: list[str]) -> Markup:
    """The ``<svg>`` element with its accessible name and description."""
    uid = next(_ids)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="chart-title-{uid} chart-desc-{uid}" class="chart">'
        f'<title id="chart-title-{uid}">{escape(title)}</title>'
        f'<desc id="chart-desc-{uid}">{escape(description)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def radar_chart(
    axes: Sequence[tuple[str, float, float]],
    *,
    title: str,
    description: str,
    headers: tuple[str, str, str],
    scale_max: int = 5,
    size: int = 420,
    format_value: object = None,
) -> Chart:
    """A radar of a demand profile (one polygon) against a ceiling (a dashed polygon).

    Parameters
    ----------
    axes
        Per dimension ``(label, value, ceiling)``, values on the 1..``scale_max`` scale.
    title, description
        The chart's accessible name and its text alternative, in the reader's language.
    headers
        Column headers of the table: dimension, value, ceiling.
    scale_max
        The outer ring's value (the capability scale runs 1–5).
    size
        Width and height in pixels.
    format_value
        Optional callable turning a number into its table text (locale formatting).
    """
    fmt = format_value if callable(format_value) else (lambda v: f"{v:g}")
    n = max(len(axes), 1)
    cx = cy = size / 2
    radius = size / 2 - 80  # room for the axis labels
    body: list[str] = []

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * max(0.0, min(value, scale_max)) / scale_max
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for ring in range(1, scale_max + 1):  # one ring per scale step, labelled on the first axis
        pts = " ".join(f"{_num(x)},{_num(y)}" for x, y in (point(i, ring) for i in range(n)))
        body.append(f'<polygon points="{pts}" fill="none" stroke="{GRID}" stroke-width="0.5"/>')
        x, y = point(0, ring)
        body.append(f'<text x="{_num(x + 4)}" y="{_num(y + 4)}" font-size="10" fill="{INK}">{ring}</text>')
    for i, (label, _, _) in enumerate(axes):
        x, y = point(i, scale_max)
        body.append(f'<line x1="{_num(cx)}" y1="{_num(cy)}" x2="{_num(x)}" y2="{_num(y)}" '
                    f'stroke="{GRID}" stroke-width="0.5"/>')
        lx, ly = point(i, scale_max + 0.9)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        body.append(f'<text x="{_num(lx)}" y="{_num(ly + 4)}" font-size="11" text-anchor="{anchor}" '
                    f'fill="{INK}">{escape(label)}</text>')
    for key, colour, dash in (("ceiling", CEILING, ' stroke-dasharray="6 4"'), ("value", PROFILE, "")):
        idx = 2 if key == "ceiling" else 1
        pts = " ".join(f"{_num(x)},{_num(y)}"
                       for x, y in (point(i, float(a[idx])) for i, a in enumerate(axes)))
        fill = 'fill="none"' if key == "ceiling" else f'fill="{PROFILE}" fill-opacity="0.2"'
        body.append(f'<polygon class="chart-{key}" points="{pts}" {fill} stroke="{colour}" '
                    f'stroke-width="2"{dash}/>')
    rows = tuple((label, fmt(value), fmt(ceiling)) for label, value, ceiling in axes)
    return Chart(title, description, _frame(size, size, title, description, body), headers, rows)


def bar_chart(
    bars: Sequence[tuple[str, float]],
    *,
    title: str,
    description: str,
    headers: tuple[str, str],
    format_value: object = None,
    width: int = 560,
    bar_height: int = 24,
) -> Chart:
    """Horizontal bars, one per label (hours freed per role), value written at each bar.

    Parameters
    ----------
    bars
        ``(label, value)`` pairs, values ≥ 0, drawn in the order given.
    title, description
        The chart's accessible name and text alternative.
    headers
        Column headers of the table: label, value.
    format_value
        Optional callable turning a number into its text (locale formatting).
    """
    fmt = format_value if callable(format_value) else (lambda v: f"{v:g}")
    label_w, value_w, gap = 200, 70, 8
    top = max((v for _, v in bars), default=0.0) or 1.0
    height = max(1, len(bars)) * (bar_height + gap) + gap
    span = width - label_w - value_w
    body: list[str] = []
    for i, (label, value) in enumerate(bars):
        y = gap + i * (bar_height + gap)
        w = span * max(value, 0.0) / top
        mid = y + bar_height / 2 + 4
        body.append(f'<text x="{label_w - 6}" y="{_num(mid)}" font-size="12" text-anchor="end" '
                    f'fill="{INK}">{escape(label)}</text>')
        body.append(f'<rect class="chart-bar" x="{label_w}" y="{y}" width="{_num(w)}" '
                    f'height="{bar_height}" fill="{PROFILE}"/>')
        body.append(f'<text x="{_num(label_w + w + 6)}" y="{_num(mid)}" font-size="12" '
                    f'fill="{INK}">{escape(fmt(value))}</text>')
    body.append(f'<line x1="{label_w}" y1="0" x2="{label_w}" y2="{height}" stroke="{INK}"/>')
    rows = tuple((label, fmt(value)) for label, value in bars)
    return Chart(title, description, _frame(width, height, title, description, body), headers, rows)


SERIES_STYLES: tuple[tuple[str, str], ...] = (
    (PROFILE, ""), (CEILING, ' stroke-dasharray="6 4"'), ("#1b5e20", ' stroke-dasharray="2 3"'),
    ("#4a148c", ' stroke-dasharray="8 3 2 3"'),
)
"""Line colours (each ≥ 3:1 on white) with a dash pattern each, so no line is told by
colour alone."""


def line_chart(
    x_values: Sequence[int],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str,
    description: str,
    headers: tuple[str, ...],
    x_label: object = None,
    format_value: object = None,
    scale_max: int = 5,
    width: int = 320,
    height: int = 190,
) -> Chart:
    """Lines over measurement moments (a dimension's scores per wave, one line per rater).

    Parameters
    ----------
    x_values
        The x positions in order (wave numbers).
    series
        ``(name, values)`` per line, one value per x; ``None`` is a gap (not measured).
    title, description
        The chart's accessible name and text alternative.
    headers
        Column headers of the table: the x column first, then one per series.
    x_label
        Optional callable turning an x value into its axis and table text.
    format_value
        Optional callable turning a number into its table text (locale formatting).
    scale_max
        The top of the y scale (the capability scale runs 1–5).
    """
    fmt = format_value if callable(format_value) else (lambda v: f"{v:g}")
    xl = x_label if callable(x_label) else (lambda x: str(x))
    left, right, top, bottom = 30, 12, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(x_values), 1)

    def px(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def py(v: float) -> float:
        return top + plot_h * (1 - (max(1.0, min(v, scale_max)) - 1) / (scale_max - 1))

    body: list[str] = []
    for level in range(1, scale_max + 1):
        y = py(level)
        body.append(f'<line x1="{left}" y1="{_num(y)}" x2="{width - right}" y2="{_num(y)}" '
                    f'stroke="{GRID}" stroke-width="0.5"/>')
        body.append(f'<text x="{left - 6}" y="{_num(y + 4)}" font-size="10" text-anchor="end" '
                    f'fill="{INK}">{level}</text>')
    for i, x in enumerate(x_values):
        body.append(f'<text x="{_num(px(i))}" y="{height - 8}" font-size="10" '
                    f'text-anchor="middle" fill="{INK}">{escape(xl(x))}</text>')
    for k, (_name, values) in enumerate(series):
        colour, dash = SERIES_STYLES[k % len(SERIES_STYLES)]
        run: list[str] = []
        for i, v in enumerate(values):
            if v is None:  # a wave without answers breaks the line rather than inventing a value
                if len(run) > 1:
                    body.append(f'<polyline points="{" ".join(run)}" fill="none" '
                                f'stroke="{colour}" stroke-width="2"{dash}/>')
                run = []
                continue
            run.append(f"{_num(px(i))},{_num(py(v))}")
            body.append(f'<circle class="chart-point" cx="{_num(px(i))}" cy="{_num(py(v))}" '
                        f'r="3" fill="{colour}"/>')
        if len(run) > 1:
            body.append(f'<polyline class="chart-line" points="{" ".join(run)}" fill="none" '
                        f'stroke="{colour}" stroke-width="2"{dash}/>')
    rows = tuple(
        (xl(x), *("–" if vals[i] is None else fmt(vals[i]) for _, vals in series))
        for i, x in enumerate(x_values)
    )
    return Chart(title, description, _frame(width, height, title, description, body),
                 headers, rows)
