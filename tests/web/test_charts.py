"""The server-side SVG charts: accessible name, text alternative, numbers, nothing external."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from web.charts import bar_chart, radar_chart

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
