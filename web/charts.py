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

from web.text_metrics import text_width

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


def _frame(box: tuple[float, float, float, float], title: str, description: str,
           body: list[str]) -> Markup:
    """The ``<svg>`` element with its accessible name and description.

    ``box`` is the viewBox ``(x, y, width, height)``; the element is drawn at that size,
    one unit a CSS pixel, so font sizes mean what they say.
    """
    uid = next(_ids)
    x0, y0, width, height = box
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{_num(x0)} {_num(y0)} {_num(width)} {_num(height)}" '
        f'width="{math.ceil(width)}" height="{math.ceil(height)}" role="img" '
        f'aria-labelledby="chart-title-{uid} chart-desc-{uid}" class="chart">'
        f'<title id="chart-title-{uid}">{escape(title)}</title>'
        f'<desc id="chart-desc-{uid}">{escape(description)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _wrap(label: str, limit: int = 16) -> list[str]:
    """A long label split at the space nearest its middle into two lines (compact radar)."""
    if len(label) <= limit or " " not in label:
        return [label]
    mid = len(label) / 2
    cut = min((i for i, ch in enumerate(label) if ch == " "), key=lambda i: abs(i - mid))
    return [label[:cut], label[cut + 1:]]


class _Box:
    """The running bounding box of what a chart draws, to size its viewBox."""

    def __init__(self) -> None:
        self.x0 = self.y0 = math.inf
        self.x1 = self.y1 = -math.inf

    def add(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.x0, self.y0 = min(self.x0, x0), min(self.y0, y0)
        self.x1, self.y1 = max(self.x1, x1), max(self.y1, y1)

    def view(self, pad: float) -> tuple[float, float, float, float]:
        return (self.x0 - pad, self.y0 - pad, self.x1 - self.x0 + 2 * pad,
                self.y1 - self.y0 + 2 * pad)


def _legend(body: list[str], box: _Box, entries: Sequence[tuple[str, str]], x: float,
            y: float, font_size: int = 12) -> None:
    """Legend rows below a chart: a sample of each line (its ``<line>`` attributes) and its name.

    Each row is a short stretch of the line as drawn in the chart (colour and dash),
    so a reader can tell the lines apart without colour.
    """
    row = font_size + 8
    for k, (attrs, name) in enumerate(entries):
        mid = y + k * row + row / 2
        body.append(f'<line class="chart-legend-key" x1="{_num(x)}" y1="{_num(mid)}" '
                    f'x2="{_num(x + 28)}" y2="{_num(mid)}" {attrs}/>')
        body.append(f'<text class="chart-legend" x="{_num(x + 36)}" y="{_num(mid + font_size * 0.35)}" '
                    f'font-size="{font_size}" fill="{INK}">{escape(name)}</text>')
        box.add(x, mid - row / 2, x + 36 + text_width(name, font_size), mid + row / 2)


def radar_chart(
    axes: Sequence[tuple[str, float, float]],
    *,
    title: str,
    description: str,
    headers: tuple[str, str, str],
    legend: tuple[str, str] | None = None,
    scale_max: int = 5,
    size: int = 420,
    format_value: object = None,
) -> Chart:
    """A radar of a demand profile (one polygon) against a ceiling (a dashed polygon).

    The axis labels sit outside the outer ring, anchored away from the centre, and the
    viewBox is widened to hold them (and the legend) whole.

    Parameters
    ----------
    axes
        Per dimension ``(label, value, ceiling)``, values on the 1..``scale_max`` scale.
    title, description
        The chart's accessible name and its text alternative, in the reader's language.
    headers
        Column headers of the table: dimension, value, ceiling.
    legend
        Names of the solid polygon (value) and the dashed one (ceiling), in the
        reader's language; drawn below the radar with a sample of each line.
    scale_max
        The outer ring's value (the capability scale runs 1–5).
    size
        The diameter of the drawing in pixels before the labels: the outer ring's
        radius is ``size / 2 - 80``, centred at ``(size / 2, size / 2)``.
    format_value
        Optional callable turning a number into its table text (locale formatting).
    """
    fmt = format_value if callable(format_value) else (lambda v: f"{v:g}")
    n = max(len(axes), 1)
    cx = cy = size / 2
    radius = size / 2 - 80
    font, line_h, gap = 11, 13, 10  # label size, its line height, room between ring and label
    body: list[str] = []
    box = _Box()
    box.add(cx - radius, cy - radius, cx + radius, cy + radius)

    def angle(i: int) -> float:
        return -math.pi / 2 + 2 * math.pi * i / n

    def point(i: int, value: float) -> tuple[float, float]:
        r = radius * max(0.0, min(value, scale_max)) / scale_max
        return cx + r * math.cos(angle(i)), cy + r * math.sin(angle(i))

    for ring in range(1, scale_max + 1):  # one ring per scale step, labelled on the first axis
        pts = " ".join(f"{_num(x)},{_num(y)}" for x, y in (point(i, ring) for i in range(n)))
        body.append(f'<polygon points="{pts}" fill="none" stroke="{GRID}" stroke-width="0.5"/>')
        x, y = point(0, ring)
        # Below-right of the ring's crossing, so the outer number stays clear of the top label.
        body.append(f'<text class="chart-ring" x="{_num(x + 3)}" y="{_num(y + 11)}" '
                    f'font-size="10" fill="{INK}">{ring}</text>')
    for i, (label, _, _) in enumerate(axes):
        x, y = point(i, scale_max)
        body.append(f'<line x1="{_num(cx)}" y1="{_num(cy)}" x2="{_num(x)}" y2="{_num(y)}" '
                    f'stroke="{GRID}" stroke-width="0.5"/>')
        cos, sin = math.cos(angle(i)), math.sin(angle(i))
        lx, ly = cx + (radius + gap) * cos, cy + (radius + gap) * sin
        lines = _wrap(label)
        width = max(text_width(line, font) for line in lines)
        block = len(lines) * line_h
        # Anchor away from the centre: labels on the right start at the ring, on the left
        # end at it; only a label on the vertical axis itself is centred, so two labels
        # either side of it (13 axes put two near the bottom) turn away from each other.
        if abs(cos) < 0.1:
            anchor, x0 = "middle", lx - width / 2
        elif cos > 0:
            anchor, x0 = "start", lx
        else:
            anchor, x0 = "end", lx - width
        if sin < -0.26:
            top = ly - block  # above the ring: the block ends at the label point
        elif sin > 0.26:
            top = ly
        else:
            top = ly - block / 2
        box.add(x0, top, x0 + width, top + block)
        spans = "".join(
            f'<tspan x="{_num(lx)}" y="{_num(top + (k + 1) * line_h - 3)}">{escape(line)}</tspan>'
            for k, line in enumerate(lines))
        body.append(f'<text class="chart-axis" font-size="{font}" text-anchor="{anchor}" '
                    f'fill="{INK}">{spans}</text>')
    ceiling_style = f'stroke="{CEILING}" stroke-width="2" stroke-dasharray="6 4"'
    value_style = f'stroke="{PROFILE}" stroke-width="2"'
    for key, style in (("ceiling", ceiling_style), ("value", value_style)):
        idx = 2 if key == "ceiling" else 1
        pts = " ".join(f"{_num(x)},{_num(y)}"
                       for x, y in (point(i, float(a[idx])) for i, a in enumerate(axes)))
        fill = 'fill="none"' if key == "ceiling" else f'fill="{PROFILE}" fill-opacity="0.2"'
        body.append(f'<polygon class="chart-{key}" points="{pts}" {fill} {style}/>')
    if legend is not None:
        _legend(body, box, ((value_style, legend[0]), (ceiling_style, legend[1])),
                box.x0, box.y1 + 12)
    rows = tuple((label, fmt(value), fmt(ceiling)) for label, value, ceiling in axes)
    return Chart(title, description, _frame(box.view(6), title, description, body), headers, rows)


BAR_LABEL_MAX = 360
"""The widest label margin of a bar chart, in pixels (about 54 lower-case letters at 12 px); a
longer label is shortened with an ellipsis, its full text in a ``<title>`` and in the
table, so the chart stays narrow enough for a page or a PDF beside its bars."""


def _fit_label(label: str, room: float, font_size: float) -> str:
    """``label`` whole when its width fits ``room``, else cut with an ellipsis."""
    if text_width(label, font_size) <= room:
        return label
    keep = len(label)
    while keep > 1 and text_width(label[:keep].rstrip() + "\u2026", font_size) > room:
        keep -= 1
    return label[:keep].rstrip() + "\u2026"


def bar_chart(
    bars: Sequence[tuple[str, float]],
    *,
    title: str,
    description: str,
    headers: tuple[str, str],
    format_value: object = None,
    bar_length: int = 290,
    bar_height: int = 24,
) -> Chart:
    """Horizontal bars, one per label (hours freed per role), value written at each bar.

    The left margin is as wide as the longest label (measured, :func:`text_width`) and
    the right one as the longest value, so no label or value is cut off at the edge; the
    chart is as wide as the three together. A label wider than :data:`BAR_LABEL_MAX` is
    shortened with an ellipsis and carries its full text as a ``<title>`` (a tooltip);
    the table beside the chart has it in full.

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
    bar_length
        The length of the longest bar in pixels (the others in proportion).
    bar_height
        The thickness of each bar in pixels.
    """
    fmt = format_value if callable(format_value) else (lambda v: f"{v:g}")
    font, gap, edge, pad = 12, 8, 6, 6  # text size, room between bars, chart edge, text to bar
    values = [fmt(v) for _, v in bars]
    room = BAR_LABEL_MAX - edge - pad
    shown = [_fit_label(label, room, font) for label, _ in bars]
    label_w = edge + pad + max((text_width(t, font) for t in shown), default=0.0)
    value_w = pad + max((text_width(t, font) for t in values), default=0.0) + edge
    top = max((v for _, v in bars), default=0.0) or 1.0
    height = max(1, len(bars)) * (bar_height + gap) + gap
    span = float(bar_length)
    width = label_w + span + value_w
    body: list[str] = []
    for i, ((label, value), short, number) in enumerate(zip(bars, shown, values, strict=True)):
        y = gap + i * (bar_height + gap)
        w = span * max(value, 0.0) / top
        mid = y + bar_height / 2 + 4
        # The full name as a tooltip only when the drawing shortened it.
        full = f"<title>{escape(label)}</title>" if short != label else ""
        body.append(f'<text class="chart-bar-label" x="{_num(label_w - pad)}" y="{_num(mid)}" '
                    f'font-size="{font}" text-anchor="end" fill="{INK}">{full}'
                    f'<tspan x="{_num(label_w - pad)}" y="{_num(mid)}">{escape(short)}</tspan></text>')
        body.append(f'<rect class="chart-bar" x="{_num(label_w)}" y="{y}" width="{_num(w)}" '
                    f'height="{bar_height}" fill="{PROFILE}"/>')
        body.append(f'<text class="chart-bar-value" x="{_num(label_w + w + pad)}" y="{_num(mid)}" '
                    f'font-size="{font}" fill="{INK}">{escape(number)}</text>')
    body.append(f'<line x1="{_num(label_w)}" y1="0" x2="{_num(label_w)}" y2="{height}" '
                f'stroke="{INK}"/>')
    rows = tuple((label, number) for (label, _), number in zip(bars, values, strict=True))
    return Chart(title, description, _frame((0, 0, width, height), title, description, body),
                 headers, rows)


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
    legend: Sequence[str] | None = None,
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
    legend
        What each line stands for, one text per series, in the reader's language;
        drawn below the axis with a sample of each line. Defaults to the series names.
    x_label
        Optional callable turning an x value into its axis and table text.
    format_value
        Optional callable turning a number into its table text (locale formatting).
    scale_max
        The top of the y scale (the capability scale runs 1–5).
    width, height
        The size of the plot with its axes; the legend adds its rows below, and the
        sides widen when the first or last axis label needs more room.
    """
    fmt = format_value if callable(format_value) else (lambda v: f"{v:g}")
    xl = x_label if callable(x_label) else (lambda x: str(x))
    x_texts = [str(xl(x)) for x in x_values]
    font = 10
    # The first and last x labels are centred on the plot's edges: the margins must hold
    # half of each, or the browser cuts them off ("meting" for "meting 3").
    half_first = text_width(x_texts[0], font) / 2 + 4 if x_texts else 0.0
    half_last = text_width(x_texts[-1], font) / 2 + 4 if x_texts else 0.0
    left, right, top, bottom = max(30.0, half_first), max(12.0, half_last), 12, 28
    plot_w, plot_h = width - 30 - 12, height - top - bottom
    total_w = left + plot_w + right
    n = max(len(x_values), 1)

    def px(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def py(v: float) -> float:
        return top + plot_h * (1 - (max(1.0, min(v, scale_max)) - 1) / (scale_max - 1))

    body: list[str] = []
    box = _Box()
    box.add(0, 0, total_w, height)
    for level in range(1, scale_max + 1):
        y = py(level)
        body.append(f'<line x1="{_num(left)}" y1="{_num(y)}" x2="{_num(left + plot_w)}" '
                    f'y2="{_num(y)}" stroke="{GRID}" stroke-width="0.5"/>')
        body.append(f'<text x="{_num(left - 6)}" y="{_num(y + 4)}" font-size="{font}" '
                    f'text-anchor="end" fill="{INK}">{level}</text>')
    for i, label in enumerate(x_texts):
        body.append(f'<text class="chart-x" x="{_num(px(i))}" y="{height - 8}" font-size="{font}" '
                    f'text-anchor="middle" fill="{INK}">{escape(label)}</text>')
    styles: list[str] = []
    for k, (_name, values) in enumerate(series):
        colour, dash = SERIES_STYLES[k % len(SERIES_STYLES)]
        styles.append(f'stroke="{colour}" stroke-width="2"{dash}')
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
    names = list(legend) if legend is not None else [name for name, _ in series]
    if series:
        _legend(body, box, list(zip(styles, names, strict=False)), 4, height)
    rows = tuple(
        (x_texts[i], *("–" if vals[i] is None else fmt(vals[i]) for _, vals in series))
        for i in range(len(x_values))
    )
    view = (0.0, 0.0, max(box.x1 + 4, total_w), box.y1 + 4)
    return Chart(title, description, _frame(view, title, description, body), headers, rows)
