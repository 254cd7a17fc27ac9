"""The server-side SVG charts: accessible name, text alternative, numbers, nothing external."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from taskmodels import DIMENSION_IDS
from taskmodels.messages import format_number, text
from web.charts import bar_chart, line_chart, radar_chart, text_width
from web.consultant.proposal import demand_radar, freed_bars

SVG = "{http://www.w3.org/2000/svg}"


def _parse(chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))


def _points(polygon: ET.Element) -> list[tuple[float, float]]:
    return [tuple(map(float, p.split(","))) for p in polygon.get("points").split()]


def test_radar_has_title_desc_and_is_labelled_by_them():
    chart = radar_chart([("Tempo", 2, 3), ("Fysiek", 4, 3), ("Sociaal", 1, 3)],
                        title="Eisen van NF-KEU-1", description="Tempo 2, fysiek 4 boven 3",
                        headers=("dimensie", "eis", "plafond"))
    root = _parse(chart)
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Eisen van NF-KEU-1" and desc.text == "Tempo 2, fysiek 4 boven 3"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]


def test_radar_vertices_sit_at_their_values():
    chart = radar_chart([("a", 5, 3), ("b", 0, 3), ("c", 5, 3), ("d", 0, 3)],
                        title="t", description="d", headers=("x", "y", "z"), size=420)
    root = _parse(chart)
    value = root.find(f"{SVG}polygon[@class='chart-value']")
    ceiling = root.find(f"{SVG}polygon[@class='chart-ceiling']")
    pts = _points(value)
    radius = 420 / 2 - 80
    # axis 0 points up, axis 2 down; values 0 collapse to the centre
    assert pts[0] == (210.0, 210.0 - radius)
    assert pts[1] == (210.0, 210.0)
    assert abs(pts[2][1] - (210.0 + radius)) < 0.01
    assert ceiling.get("stroke-dasharray")  # the ceiling is told apart by dashes, not colour alone
    assert abs(_points(ceiling)[0][1] - (210.0 - radius * 3 / 5)) < 0.01


def test_bars_are_proportional_and_numbers_in_table():
    chart = bar_chart([("Verpleegkundige", 20.0), ("Kok", 5.0)], title="Vrije uren",
                      description="d", headers=("functie", "uren"),
                      format_value=lambda v: f"{v:.1f}".replace(".", ","))
    rects = _parse(chart).findall(f"{SVG}rect")
    widths = [float(r.get("width")) for r in rects]
    assert widths[0] == 4 * widths[1] and widths[0] > 0
    assert chart.table_rows == (("Verpleegkundige", "20,0"), ("Kok", "5,0"))


def test_labels_are_escaped_and_nothing_external_or_inline():
    chart = bar_chart([("<script>alert(1)</script>", 3.0)], title="A & B", description="d",
                      headers=("a", "b"))
    svg = str(chart.svg)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "style=" not in svg
    assert svg.count("http") == 1  # only the SVG namespace, never a resource from a host
    _parse(chart)  # well-formed XML


def test_empty_bar_chart_is_still_valid():
    chart = bar_chart([], title="leeg", description="geen uren", headers=("a", "b"))
    assert _parse(chart).find(f"{SVG}title").text == "leeg"
    assert chart.table_rows == ()


# --- layout (issue 13): nothing clipped, labels clear of the rings, a legend in both languages

def _view(root: ET.Element) -> tuple[float, float, float, float]:
    x, y, w, h = map(float, root.get("viewBox").split())
    return x, y, x + w, y + h


def _text_boxes(root: ET.Element, cls: str) -> list[tuple[str, float, float, float, float, int]]:
    """(text, x0, y0, x1, y1, element) of every line of the texts of class ``cls``.

    Widths are estimated; a line spans from one font size above its baseline to a third
    of one below it; ``element`` numbers the ``<text>`` the line belongs to.
    """
    out = []
    texts = (el for el in root.iter(f"{SVG}text") if el.get("class") == cls)
    for k, el in enumerate(texts):
        size, anchor = float(el.get("font-size")), el.get("text-anchor", "start")
        lines = list(el.iter(f"{SVG}tspan")) or [el]
        for line in lines:
            x, y, w = float(line.get("x")), float(line.get("y")), text_width(line.text, size)
            x0 = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
            out.append((line.text, x0, y - size, x0 + w, y + size / 3, k))
    return out


def _inside(box, view) -> bool:
    x0, y0, x1, y1 = box[1:5]
    return view[0] <= x0 and view[1] <= y0 and x1 <= view[2] and y1 <= view[3]


def _overlap(a, b) -> bool:
    return a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_radar_labels_lie_whole_inside_the_view_and_outside_the_ring(lang):
    fn = {"role_id": "NF-1", "demands": {d: 1 + i % 5 for i, d in enumerate(DIMENSION_IDS)}}
    root = _parse(demand_radar(fn, {"max_demand": 3}, lang))
    view = _view(root)
    labels = _text_boxes(root, "chart-axis")
    shown = " ".join(text for text, *_ in labels)
    for dim in DIMENSION_IDS:  # every dimension is labelled, in full (perhaps on two lines)
        assert " ".join(text(f"dim.{dim}", lang).split()) in shown
    outer = _points(root.findall(f"{SVG}polygon")[len(_rings(root)) - 1])
    cx, cy = 210.0, 210.0
    ring_r = max(math.dist((cx, cy), p) for p in outer)
    for box in labels:
        assert _inside(box, view), box
        # no corner of a label's box reaches into the outer ring's circle
        x0, y0, x1, y1 = box[1:5]
        nearest = (min(max(cx, x0), x1), min(max(cy, y0), y1))
        assert math.dist((cx, cy), nearest) > ring_r * 0.98, box
    for k, a in enumerate(labels):  # no two labels run into each other
        assert not any(_overlap(a, b) for b in labels[k + 1:] if b[5] != a[5]), a
    numbers = _text_boxes(root, "chart-ring")
    assert [b[0] for b in numbers] == ["1", "2", "3", "4", "5"]
    assert not any(_overlap(label, number) for label in labels for number in numbers)


def _rings(root: ET.Element) -> list[ET.Element]:
    return [p for p in root.findall(f"{SVG}polygon") if p.get("class") is None]


def test_radar_has_no_empty_band_above_it():
    root = _parse(radar_chart([("zelfstandigheid", 3, 2), ("b", 3, 2), ("c", 3, 2)],
                              title="t", description="d", headers=("x", "y", "z")))
    top_of_drawing = min(b[2] for b in _text_boxes(root, "chart-axis"))
    assert 0 <= top_of_drawing - _view(root)[1] <= 12


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_radar_legend_names_both_lines_from_the_catalogue(lang):
    fn = {"role_id": "NF-1", "demands": {d: 2 for d in DIMENSION_IDS}}
    root = _parse(demand_radar(fn, {"max_demand": 3}, lang))
    view = _view(root)
    legend = _text_boxes(root, "chart-legend")
    expected = [text("web.consultant.chart.legend_demand", lang),
                text("web.consultant.chart.legend_ceiling", lang)]
    assert [b[0] for b in legend] == expected
    assert all(_inside(b, view) for b in legend)
    keys = [k for k in root.iter(f"{SVG}line") if k.get("class") == "chart-legend-key"]
    value = root.find(f"{SVG}polygon[@class='chart-value']")
    ceiling = root.find(f"{SVG}polygon[@class='chart-ceiling']")
    # each sample is drawn like its polygon: same colour, and the dash tells them apart
    assert [k.get("stroke") for k in keys] == [value.get("stroke"), ceiling.get("stroke")]
    assert [k.get("stroke-dasharray") for k in keys] == [None, ceiling.get("stroke-dasharray")]


def test_legend_texts_differ_per_language_and_are_catalogued():
    for code in ("web.coach.fit.legend_capacity", "web.coach.fit.legend_demand",
                 "web.consultant.chart.legend_demand", "web.consultant.chart.legend_ceiling",
                 "web.coach.profile.legend_self", "web.coach.profile.legend_others"):
        nl, en = text(code, "nl"), text(code, "en")
        assert code not in (nl, en) and nl != en


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_line_chart_last_axis_label_and_legend_fit(lang):
    chart = line_chart(
        [1, 2, 3], [("zelf", [2.0, 3.0, None]), ("anderen", [3.0, None, 4.0])],
        title="t", description="d", headers=("w", "a", "b"),
        legend=[text("web.coach.profile.legend_self", lang),
                text("web.coach.profile.legend_others", lang)],
        x_label=lambda w: text("web.coach.profile.wave_short", lang, wave=w))
    root = _parse(chart)
    view = _view(root)
    xs = _text_boxes(root, "chart-x")
    assert [b[0] for b in xs] == [text("web.coach.profile.wave_short", lang, wave=w)
                                  for w in (1, 2, 3)]
    assert all(_inside(b, view) for b in xs), (xs, view)
    legend = _text_boxes(root, "chart-legend")
    assert [b[0] for b in legend] == [text("web.coach.profile.legend_self", lang),
                                      text("web.coach.profile.legend_others", lang)]
    assert all(_inside(b, view) for b in legend)
    assert not any(_overlap(a, b) for a in legend for b in xs)
    keys = [k for k in root.iter(f"{SVG}line") if k.get("class") == "chart-legend-key"]
    lines = root.findall(f"{SVG}polyline")
    assert keys[0].get("stroke") == root.find(f"{SVG}circle").get("fill")
    assert keys[0].get("stroke-dasharray") is None and keys[1].get("stroke-dasharray")
    # self's first two waves make a line; the others' gap at wave 2 leaves single points
    assert [ln.get("stroke") for ln in lines] == [keys[0].get("stroke")]


LONG_ROLE = ("Medewerker facilitaire dienst, receptie, postkamer en beveiliging van het "
             "hoofdgebouw (tijdelijk, tot de verhuizing)")
MIDDLE_ROLE = "Verzorgende IG (individuele gezondheidszorg)"  # 44 characters: fits whole


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_bar_labels_and_values_lie_whole_inside_the_view_even_when_long(lang):
    report = {"impact": {"freed_hours_by_role": {LONG_ROLE: 1234.5, MIDDLE_ROLE: 12.0, "Kok": 2.5}}}
    chart = freed_bars(report, lang)
    root = _parse(chart)
    view = _view(root)
    labels = _text_boxes(root, "chart-bar-label")
    values = _text_boxes(root, "chart-bar-value")
    bars = root.findall(f"{SVG}rect")
    assert [b[0] for b in values] == [format_number(v, lang, 1) for v in (1234.5, 12.0, 2.5)]
    assert all(_inside(b, view) for b in labels + values), (labels, values, view)
    left = float(bars[0].get("x"))
    assert all(b[3] <= left for b in labels)  # every label ends before the bars begin
    # the margin is made for the labels: the middle one is drawn whole, only the longest
    # is shortened, and it keeps its full name as a tooltip and in the table
    shown = [b[0] for b in labels]
    assert shown[1:] == [MIDDLE_ROLE, "Kok"]
    assert shown[0].endswith("\u2026") and LONG_ROLE.startswith(shown[0][:-1])
    tooltips = [t.text for t in root.iter(f"{SVG}title")][1:]  # the first names the chart
    assert tooltips == [LONG_ROLE]
    assert [row[0] for row in chart.table_rows] == [LONG_ROLE, MIDDLE_ROLE, "Kok"]
    assert float(bars[0].get("width")) == 290  # the longest bar keeps its full length
    assert root.find(f"{SVG}title").text == text("web.consultant.chart.freed_title", lang)


def test_bar_margin_follows_the_longest_label():
    short = _parse(bar_chart([("Kok", 1.0)], title="t", description="d", headers=("a", "b")))
    wide = _parse(bar_chart([("Kok", 1.0), (MIDDLE_ROLE, 1.0)], title="t", description="d",
                            headers=("a", "b")))
    x_short, x_wide = (float(r.find(f"{SVG}rect").get("x")) for r in (short, wide))
    # (x is written to two decimals)
    assert x_wide - x_short == pytest.approx(text_width(MIDDLE_ROLE, 12) - text_width("Kok", 12),
                                             abs=0.01)
    assert not list(wide.iter(f"{SVG}title"))[1:]  # nothing shortened, so no tooltips


def test_line_chart_legend_defaults_to_series_names():
    chart = line_chart([1, 2], [("zelf", [2.0, 3.0])], title="t", description="d",
                       headers=("w", "zelf"))
    assert [b[0] for b in _text_boxes(_parse(chart), "chart-legend")] == ["zelf"]
