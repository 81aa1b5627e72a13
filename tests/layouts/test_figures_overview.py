"""Overview figure builders: traces, values, the drill key in customdata, illustrative marks."""

from __future__ import annotations

import re
from urllib.parse import unquote
from xml.etree import ElementTree

import pandas as pd
import pytest

from layouts.figures import overview as fo
from layouts.figures.common import STATUS_STYLE, TARGET_COLOUR


def points(*rows):
    return pd.DataFrame(rows, columns=["year", "value", "status"])


def annotation_texts(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


SVG = "{http://www.w3.org/2000/svg}"


def svg_dots(svg: str) -> dict[str, list[tuple[float, float]]]:
    """The SVG's paths by class: 'line' as its points (None for a break), 'dot' and 'open' as dots."""
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg" and all(e.tag == f"{SVG}path" for e in root)
    out = {}
    for path in root:
        d = path.get("d")
        assert re.fullmatch(r"([ML][-0-9.]+ [-0-9.]+(h0)?)+", d), d  # numbers only, nothing from data
        points = []
        for command, x, y in re.findall(r"([ML])([-0-9.]+) ([-0-9.]+)", d):
            if command == "M" and points and path.get("class") == "line":
                points.append(None)  # a new stretch of line
            points.append((float(x), float(y)))
        out[path.get("class")] = points
    return out


def test_overview101_sparkline_svg_follows_the_values_with_open_markers_for_illustrative_years():
    data = points(
        (2015, 2.0, "final"), (2013, 1.0, "illustrative"), (2014, 1.5, "final"), (2016, 0.5, "final")
    )
    before = data.copy()
    svg = fo.sparkline_svg(data)
    paths = svg_dots(svg)
    line, dots = paths["line"], paths["dot"]
    assert line == dots and len(dots) == 4  # one unbroken line through every year's marker
    xs, ys = [x for x, _ in dots], [y for _, y in dots]
    assert xs == sorted(xs) and len(set(xs)) == 4  # years left to right, whatever the input order
    # Higher values higher up (smaller y): 2015 (2.0) > 2014 (1.5) > 2013 (1.0) > 2016 (0.5).
    assert ys[2] < ys[1] < ys[0] < ys[3]
    assert min(ys) > 0 and max(ys) < fo.SPARK_HEIGHT and min(xs) > 0 and max(xs) < fo.SPARK_WIDTH
    assert paths["open"] == [dots[0]]  # 2013 is illustrative: its marker alone is open (white)
    root = ElementTree.fromstring(svg)
    assert root.get("preserveAspectRatio") == "none"
    assert {p.get("vector-effect") for p in root} == {"non-scaling-stroke"}
    colours = {p.get("class"): p.get("stroke") for p in root}
    assert colours == {"line": fo.LINE_COLOUR, "dot": fo.LINE_COLOUR, "open": "#ffffff"}
    widths = {p.get("class"): float(p.get("stroke-width")) for p in root}
    assert widths["dot"] > widths["open"] > 0  # the white fill leaves a coloured ring
    uri = fo.sparkline(data)
    assert uri.startswith("data:image/svg+xml,") and unquote(uri.split(",", 1)[1]) == svg
    assert "#" not in uri and "<" not in uri  # escaped for a URL
    pd.testing.assert_frame_equal(data, before)  # input unchanged


def test_overview101b_sparkline_gaps_single_points_and_nothing():
    gap = svg_dots(
        fo.sparkline_svg(
            points((2013, 1.0, "final"), (2014, None, "final"), (2015, 3.0, "final"), (2016, 2.0, "final"))
        )
    )
    assert len(gap["dot"]) == 3 and "open" not in gap
    # The missing 2014 breaks the line: 2013 stands alone, 2015–2016 is drawn.
    assert gap["line"] == [gap["dot"][0], None, gap["dot"][1], gap["dot"][2]]
    single = svg_dots(fo.sparkline_svg(points((2016, 5.0, "illustrative"))))
    assert "line" not in single and len(single["dot"]) == 1 and single["open"] == single["dot"]
    flat = svg_dots(fo.sparkline_svg(points((2015, 4.0, "final"), (2016, 4.0, "final"))))
    assert flat["dot"][0][1] == flat["dot"][1][1]  # equal values: a level line
    assert svg_dots(fo.sparkline_svg(points())) == {}  # empty: an empty image
    assert svg_dots(fo.sparkline_svg(points((2015, None, "final"), (2016, None, "final")))) == {}


@pytest.mark.parametrize("lang, message", [("nb", "Ingen tall for dette utvalget."), ("en", "No figures")])
def test_overview102_empty_input_gives_the_empty_state(lang, message):
    empty_series = pd.DataFrame(columns=["label", "year", "value", "status"])
    fig = fo.indicator_series(empty_series, "Tittel, 2013–2016", lang, "count")
    assert fig.layout.title.text == "Tittel, 2013–2016"
    assert any(message in text for text in annotation_texts(fig))
    empty_rows = pd.DataFrame(
        columns=["unit_id", "name", "value", "status", "target", "target_status", "against_target"]
    )
    assert any(
        message in text for text in annotation_texts(fo.breakdown_bars(empty_rows, "T", lang, "count"))
    )


SERIES = pd.DataFrame(
    {
        "label": ["P05", "P05", "P05", "Distrikt 1", "Distrikt 1"],
        "year": [2014, 2015, 2016, 2015, 2016],
        "value": [10.0, 9.5, 9.8, 12.0, 11.0],
        "status": ["final", "final", "illustrative", "illustrative", "illustrative"],
    }
)


def test_overview103_series_lines_per_unit_in_the_middle_of_the_year():
    fig = fo.indicator_series(
        SERIES, "Sykefravær, 2014–2016", "nb", "percent", 1, "Årsrapport 2016", y_title="Prosent"
    )
    lines = [tr for tr in fig.data if tr.mode == "lines+markers"]
    assert [tr.name for tr in lines] == ["P05", "Distrikt 1"]
    assert list(lines[0].x) == ["2014-07-01", "2015-07-01", "2016-07-01"]
    assert list(lines[0].y) == [10.0, 9.5, 9.8]
    assert list(lines[0].marker.color)[2] == "#ffffff"  # the illustrative year is an open marker
    assert "Illustrativt tall" in lines[0].customdata[2] and lines[0].customdata[0] == ""
    assert fig.layout.xaxis.type == "date" and fig.layout.xaxis.tickformat == "%Y"
    assert list(fig.layout.xaxis.range) == ["2014-01-01", "2016-12-31"]
    assert fig.layout.yaxis.title.text == "Prosent" and fig.layout.yaxis.ticksuffix == " %"
    assert "Kilde: Årsrapport 2016" in annotation_texts(fig)
    assert fig.layout.separators == ", "


def test_overview104_target_steps_across_each_year_and_says_when_illustrative():
    goal = pd.DataFrame({"year": [2016, 2015], "target": [8.8, 9.0], "status": ["illustrative", "final"]})
    fig = fo.indicator_series(SERIES, "T", "nb", "percent", 1, targets=goal)
    (target,) = [tr for tr in fig.data if tr.line.color == TARGET_COLOUR]
    assert list(target.x) == ["2015-01-01", "2016-01-01", "2016-12-31"]
    assert list(target.y) == [9.0, 8.8, 8.8]
    assert target.line.shape == "hv"
    assert target.name == "Mål (illustrativt tall)"
    assert list(target.customdata) == ["", "<br><i>Illustrativt tall</i>", "<br><i>Illustrativt tall</i>"]
    decided = goal.assign(status="final")
    (target,) = [
        tr
        for tr in fo.indicator_series(SERIES, "T", "en", "percent", 1, targets=decided).data
        if tr.line.color == TARGET_COLOUR
    ]
    assert target.name == "Target"


def test_overview105_events_on_their_date_with_the_date_in_words():
    events = pd.DataFrame({"date": ["2016", "2015-06", "2015-03-01"], "title": ["A", "B", "C"]})
    fig = fo.indicator_series(SERIES, "T", "nb", "count", events=events)
    (marks,) = [tr for tr in fig.data if tr.mode == "markers"]
    assert list(marks.x) == ["2016-07-01", "2015-06-15", "2015-03-01"]
    assert list(marks.text) == ["2016: A", "juni 2015: B", "1. mars 2015: C"]
    assert marks.yaxis == "y2"


@pytest.mark.parametrize(
    ("date", "expected"),
    [("2016", "2016-07-01"), ("2016-06", "2016-06-15"), ("2016-06-14", "2016-06-14")],
)
def test_overview106_event_x(date, expected):
    assert fo.event_x(date) == expected


ROWS = pd.DataFrame(
    {
        "unit_id": ["d1", "d2", "nav"],
        "name": ["Distrikt 1", "Distrikt 2", "NAV"],
        "kind": ["district", "district", "service"],
        "value": [416.0, 378.0, 12.0],
        "status": ["illustrative", "final", "final"],
        "target": [408.0, 379.0, float("nan")],
        "tolerance": [20.0, 19.0, float("nan")],
        "target_status": ["illustrative", "final", ""],
        "against_target": ["near", "met", "n/a"],
    }
)


def test_overview107_breakdown_bars_carry_the_unit_id_and_the_status():
    before = ROWS.copy()
    fig = fo.breakdown_bars(
        ROWS, "Utskrivningsklare pasienter per enhet, 2016", "nb", "count", 0, "Kilde X", "Antall"
    )
    bars, goal = fig.data
    assert bars.type == "bar" and bars.orientation == "h"
    assert list(bars.customdata) == ["d1", "d2", "nav"]  # the drill key
    assert list(bars.y) == ["Distrikt 1", "Distrikt 2", "NAV"] and list(bars.x) == [416.0, 378.0, 12.0]
    assert fig.layout.yaxis.autorange == "reversed"  # the first (largest) row at the top
    assert list(bars.marker.pattern.shape) == ["/", "", ""]  # illustrative bars are hatched
    assert list(bars.marker.color) == [
        STATUS_STYLE["near"]["colour"],
        STATUS_STYLE["met"]["colour"],
        fo.LINE_COLOUR,
    ]
    assert list(bars.text) == ["416  ! Nesten", "378  ✓ Nådd", "12"]  # symbol and word, not colour alone
    assert "Illustrativt tall" in bars.hovertext[0] and "Målet: Illustrativt tall" in bars.hovertext[0]
    assert "Mål: 379 · ✓ Nådd" in bars.hovertext[1] and "Illustrativt tall" not in bars.hovertext[1]
    assert bars.hovertext[2] == ""
    assert list(goal.x) == [408.0, 379.0] and list(goal.y) == ["Distrikt 1", "Distrikt 2"]
    assert fig.layout.xaxis.title.text == "Antall" and fig.layout.title.text.endswith("2016")
    assert "Kilde: Kilde X" in annotation_texts(fig)
    pd.testing.assert_frame_equal(ROWS, before)


def test_overview108_breakdown_in_english_and_kroner():
    fig = fo.breakdown_bars(ROWS.assign(value=[2_100_000.0, 300.0, 1.0]), "T", "en", "nok")
    bars = fig.data[0]
    assert bars.text[0].startswith("NOK 2.1 million") and "Nearly" in bars.text[0]
    assert fig.layout.separators == ".,"
    assert fig.layout.xaxis.ticksuffix == ""  # the currency is in the axis title, not on every tick


@pytest.mark.parametrize(
    ("click", "expected"),
    [
        ({"points": [{"curveNumber": 0, "customdata": "d1"}]}, "d1"),
        ({"points": [{"customdata": "d2"}]}, "d2"),
        ({"points": [{"curveNumber": 1, "customdata": ""}]}, None),  # the target marker
        ({"points": [{"curveNumber": 0, "customdata": ""}]}, None),
        ({"points": []}, None),
        ({}, None),
        (None, None),
    ],
)
def test_overview109_drill_key(click, expected):
    assert fo.drill_key(click) == expected


@pytest.mark.parametrize(
    ("against", "lang", "expected"),
    [
        ("met", "nb", "✓ Nådd"),
        ("near", "nb", "! Nesten"),
        ("missed", "en", "✕ Not met"),
        ("n/a", "nb", "– Uten mål"),
    ],
)
def test_overview110_status_label_has_symbol_and_word(against, lang, expected):
    assert fo.status_label(against, lang) == expected


def test_overview111_footer_below_the_plot_in_pixels():
    fig = fo.breakdown_bars(ROWS, "T", "nb", "count", source="S")
    plot_height = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    assert fig.layout.legend.y == pytest.approx(-50 / plot_height)
    assert fig.layout.annotations[0].y == pytest.approx(-82 / plot_height)
