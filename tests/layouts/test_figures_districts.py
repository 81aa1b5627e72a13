"""District figure builders and page pieces: traces, values, drill keys, marks, empty states."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from dash import dcc, html

from layouts import districts as page
from layouts.figures import districts as figures
from layouts.figures.common import STATUS_STYLE
from layouts.state import FilterOptions, PageState

NAN = math.nan


def bar_rows(*rows):
    columns = ["unit_id", "name", "value", "status", "target", "target_status", "target_source", "vs_target"]
    return pd.DataFrame(rows, columns=columns)


BARS = bar_rows(
    ("d2", "Distrikt 2", 12.3, "illustrative", 8.8, "illustrative", "district", "missed"),
    ("d1", "Distrikt 1", 8.9, "final", 8.8, "illustrative", "district", "near"),
    ("d3", "Distrikt 3", 7.7, "illustrative", 8.8, "illustrative", "district", "met"),
)
AVERAGE = {"value": 9.63, "status": "illustrative", "n": 3}


def bars(rows=BARS, lang="nb", unit="percent", **kw):
    return figures.district_bars(rows, "Sykefravær per distrikt, 2016", lang, unit, 1, "Kilde A", **kw)


def plain(text: str) -> str:
    """Babel writes no-break spaces in Norwegian numbers: read them as plain spaces."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def texts(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def trace(fig, name):
    return next(tr for tr in fig.data if tr.name == name)


# --- Bars ----------------------------------------------------------------------------------------


def test_districts101_bars_values_order_and_drill_key():
    fig = bars(average=AVERAGE, n_districts=3)
    bar = fig.data[0]
    assert bar.type == "bar" and bar.orientation == "h"
    assert list(bar.y) == ["Distrikt 2", "Distrikt 1", "Distrikt 3"]
    assert list(bar.x) == [12.3, 8.9, 7.7]
    assert [c[0] for c in bar.customdata] == ["d2", "d1", "d3"]
    assert fig.layout.yaxis.autorange == "reversed"  # the first (sorted) row on top
    assert fig.layout.title.text == "Sykefravær per distrikt, 2016"
    assert "Kilde: Kilde A" in texts(fig)
    assert fig.layout.separators == ", "
    assert fig.layout.xaxis.title.text == "Prosent"


def test_districts102_bars_status_by_colour_symbol_and_word():
    bar = bars().data[0]
    assert list(bar.marker.color) == [STATUS_STYLE[s]["colour"] for s in ("missed", "near", "met")]
    assert [plain(x) for x in bar.text] == ["12,3 %  ✕ Ikke nådd", "8,9 %  ! Nesten", "7,7 %  ✓ Nådd"]
    legend = [tr.name for tr in bars().data if tr.showlegend is not False]
    assert {"✕ Ikke nådd", "! Nesten", "✓ Nådd"} <= set(legend)


def test_districts103_bars_illustrative_hatched_and_in_hover():
    fig = bars()
    bar = fig.data[0]
    assert list(bar.marker.pattern.shape) == ["/", "", "/"]
    assert "Illustrativt tall" in bar.customdata[0][1]
    assert "Illustrativt tall" not in bar.customdata[1][1]
    assert "Mål: 8,8 % (illustrativt mål)" in plain(bar.customdata[1][1])
    assert "Skravert: illustrativt tall" in [tr.name for tr in fig.data]


def test_districts104_bars_target_line_when_every_target_is_the_same():
    fig = bars(n_districts=3)
    target = trace(fig, "Distriktets mål (illustrativt)")
    assert target.mode == "lines+markers"
    assert list(target.x) == [8.8, 8.8, 8.8]
    assert target.customdata[0] == " (illustrativt mål)"


def test_districts105_bars_target_ticks_when_targets_differ_or_are_missing():
    rows = bar_rows(
        ("d1", "Distrikt 1", 416.0, "final", 408.0, "final", "district", "near"),
        ("d2", "Distrikt 2", 378.0, "final", NAN, "", "", "n/a"),
        ("d3", "Distrikt 3", 368.0, "final", 353.0, "final", "district", "near"),
    )
    fig = bars(rows, unit="count")
    target = trace(fig, "Distriktets mål")
    assert target.mode == "markers"
    assert list(target.y) == ["Distrikt 1", "Distrikt 3"]
    assert list(fig.data[0].marker.pattern.shape) == ["", "", ""]
    assert "– Uten mål" in fig.data[0].text[1]


@pytest.mark.parametrize(
    ("unit", "source", "label"),
    [
        ("count", "share", "Programområdets mål ÷ 8"),
        ("percent", "parent", "Programområdets mål"),
        ("count", "district", "Distriktets mål"),
    ],
)
def test_districts106_bars_say_whose_target(unit, source, label):
    rows = bar_rows(("d1", "D1", 1.0, "final", 1.0, "final", source, "met"))
    assert label in [tr.name for tr in bars(rows, unit=unit, n_districts=8).data]


@pytest.mark.parametrize(
    ("unit", "lang", "label"),
    [
        ("count", "nb", "Snitt per distrikt"),
        ("percent", "nb", "Snitt for distriktene"),
        ("days", "en", "Average of the districts"),
        ("count", "en", "Average per district"),
    ],
)
def test_districts107_bars_average_line(unit, lang, label):
    fig = bars(unit=unit, lang=lang, average=AVERAGE)
    average = trace(fig, label)
    assert list(average.x) == [9.63] * 3
    assert "Illustrativ" in average.hovertemplate


def test_districts108_bars_english_and_norwegian_formats():
    fig = bars(lang="en")
    assert fig.data[0].text[0] == "12.3%  ✕ Not met"
    assert fig.layout.separators == ".,"
    assert fig.layout.xaxis.ticksuffix == "%"
    assert bars().layout.xaxis.ticksuffix == " %"


def test_districts109_bars_empty_state_and_inputs_unchanged():
    before = BARS.copy()
    bars(average=AVERAGE)
    pd.testing.assert_frame_equal(BARS, before)
    fig = bars(BARS.iloc[0:0], empty_message="Ingen distrikter i utvalget.")
    assert fig.data == ()
    assert "Ingen distrikter i utvalget." in texts(fig)


# --- Small multiples ----------------------------------------------------------------------------


SERIES = pd.DataFrame(
    {
        "unit_id": ["d1", "d1", "d2", "d2"],
        "name": ["Distrikt 1", "Distrikt 1", "Distrikt 2", "Distrikt 2"],
        "x": ["2015", "2016", "2015", "2016"],
        "value": [10.0, 12.0, 20.0, 22.0],
        "status": ["final", "illustrative", "illustrative", "illustrative"],
        "source": ["A", "A", "A", "A"],
        "target": [11.0, 11.0, NAN, 21.0],
        "target_status": ["illustrative", "illustrative", "", "illustrative"],
        "target_source": ["district", "district", "", "district"],
    }
)


def multiples(series=SERIES, **kw):
    return figures.small_multiples(
        series, "Antall per distrikt over tid, 2015–2016", "nb", "count", 0, "A", **kw
    )


def test_districts110_small_multiples_one_panel_per_district():
    fig = multiples()
    values = [tr for tr in fig.data if tr.legendgroup == "value"]
    assert [list(tr.y) for tr in values] == [[10.0, 12.0], [20.0, 22.0]]
    assert [tr.customdata[0][0] for tr in values] == ["d1", "d2"]
    assert [tr.xaxis for tr in values] == ["x", "x2"]
    assert {"Distrikt 1", "Distrikt 2", "Kilde: A"} <= set(texts(fig))
    assert fig.layout.yaxis2.matches == "y"  # the same y-axis in every panel
    assert list(values[0].marker.color) == ["#0072B2", "#ffffff"]  # open marker: illustrative
    assert "Illustrativt tall" in values[0].customdata[1][1]


def test_districts111_small_multiples_targets_and_legend():
    fig = multiples()
    goals = [tr for tr in fig.data if tr.legendgroup == "target"]
    assert [list(tr.y) for tr in goals] == [[11.0, 11.0], [21.0]]
    assert [tr.showlegend for tr in goals] == [True, False]
    assert goals[0].name == "Distriktets mål (illustrativt)"
    assert goals[0].line.shape == "hvh"
    assert "Åpent punkt: illustrativt tall" in [tr.name for tr in fig.data]


def test_districts112_small_multiples_empty_state():
    fig = multiples(SERIES.iloc[0:0], empty_message="Ingen tall.")
    assert fig.data == () and "Ingen tall." in texts(fig)


# --- One district over time ---------------------------------------------------------------------

PROFILE = pd.DataFrame(
    {
        "series": ["district", "district", "others", "others"],
        "x": ["2015", "2016", "2015", "2016"],
        "value": [13.2, 12.3, 10.3, 9.0],
        "status": ["illustrative", "final", "illustrative", "illustrative"],
    }
)
GOALS = pd.DataFrame(
    {"x": ["2016", "2015"], "target": [8.8, 9.0], "status": ["final", "illustrative"]}
).assign(source="district")
EVENTS = pd.DataFrame({"x": ["2016", "2017"], "title": ["Terapibasseng", "Senere"]})


def chart(series=PROFILE, goals=GOALS, events=EVENTS, lang="nb"):
    labels = {"district": "Distrikt 1", "others": "Snitt andre distrikter"}
    return figures.district_chart(
        series,
        goals,
        events,
        "Sykefravær, Distrikt 1, 2015–2016",
        lang,
        "percent",
        1,
        "A",
        labels,
        8,
        "Tomt.",
    )


def test_districts113_district_chart_series_target_and_events():
    fig = chart()
    assert [tr.name for tr in fig.data] == [
        "Distrikt 1",
        "Snitt andre distrikter",
        "Distriktets mål (illustrativt)",
        "Hendelser",
    ]
    own, others, target, events = fig.data
    assert list(own.y) == [13.2, 12.3] and list(others.y) == [10.3, 9.0]
    assert list(target.x) == ["2015", "2016"] and list(target.y) == [9.0, 8.8]
    assert list(target.customdata) == [" (illustrativt mål)", ""]
    assert target.line.shape == "hvh"
    assert list(events.x) == ["2016"]  # events outside the years of the chart are left out
    assert fig.layout.xaxis.type == "category"
    assert "Illustrativt tall" in own.customdata[0] and own.customdata[1] == ""


def test_districts114_district_chart_without_target_or_figures():
    fig = chart(goals=GOALS.iloc[0:0], events=EVENTS.iloc[0:0])
    assert [tr.name for tr in fig.data] == ["Distrikt 1", "Snitt andre distrikter"]
    empty = chart(series=PROFILE[PROFILE["series"] == "others"])
    assert empty.data == () and "Tomt." in texts(empty)


# --- Helpers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("click", "key"),
    [
        ({"points": [{"customdata": ["d1", "x"]}]}, "d1"),
        ({"points": [{"customdata": ["", "x"]}]}, None),
        ({"points": []}, None),
        ({"points": [{"x": 1}]}, None),
        ({"points": [{"customdata": " (illustrativt mål)"}]}, None),  # a target line's point
        ({"points": [{"customdata": []}]}, None),
        (None, None),
    ],
)
def test_districts115_drill_key(click, key):
    assert figures.drill_key(click) == key


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("a; b", 90, "a; b"),
        ("aaaa; bbbb; cc", 10, "aaaa; bbbb\ncc"),
        ("", 10, ""),
    ],
)
def test_districts116_wrap_source(text, width, expected):
    assert figures.wrap_source(text, width) == expected


@pytest.mark.parametrize(
    ("unit", "high", "expected"),
    [("count", 1.0, ",.2~f"), ("count", 400.0, ",.0f"), ("percent", 1.0, ",.1f"), ("days", 15.0, ",.1f")],
)
def test_districts117_tick_format(unit, high, expected):
    assert figures.tick_format(unit, 0, high) == expected


# --- Page pieces ----------------------------------------------------------------------------------


def find(component, kind):
    """Every component of a type in a Dash component tree."""
    found = [component] if isinstance(component, kind) else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if hasattr(child, "to_plotly_json"):
            found += find(child, kind)
    return found


def test_districts118_districts_table_links_keep_the_query_and_mark_status():
    state = PageState(page="districts", year=2016, indicator="sick_leave_pct", units=("d1",), lang="en")
    table = page.districts_table(BARS, state, "percent", 1)
    links = find(table, dcc.Link)
    assert [link.href for link in links] == [
        f"/districts/{u}?period=2016&units=d1&indicator=sick_leave_pct&lang=en" for u in ("d2", "d1", "d3")
    ]
    cells = [str(td.children) for td in find(table, html.Td)]
    assert "12.3%" in cells and "✕ Not met" in cells
    assert "8.8% (illustrative target)" in cells
    assert sum("Illustrative figure" in c for c in cells) == 2
    assert "Published figure" in cells


def test_districts119_events_list_dates_in_norwegian():
    frame = pd.DataFrame(
        {
            "date": ["2016", "2017-02", "2017-02-01"],
            "title": ["A", "B", "C"],
            "description": ["", "Mer", ""],
            "source": ["", "Kilde", ""],
            "scope": ["district", "all", "all"],
        }
    )
    out = page.events_list(frame, "nb")
    dates = [t.children for t in find(out, html.Time)]
    assert dates == ["2016", "februar 2017", "1. februar 2017"]
    assert [t.dateTime for t in find(out, html.Time)] == ["2016", "2017-02", "2017-02-01"]
    assert page.events_list(frame.iloc[0:0], "en").children == "No events recorded."


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        (["2016", "2013", "2014"], "Sykefravær, D1, 2013–2016"),
        (["2016"], "Sykefravær, D1, 2016"),
        ([], "Sykefravær, D1"),
    ],
)
def test_districts120_chart_title_says_when(years, expected):
    assert (
        page.chart_title("district_chart_title", "nb", years, indicator="Sykefravær", name="D1") == expected
    )


def test_districts121_district_charts_one_graph_per_indicator():
    indicator = {"indicator_id": "pct", "name": "Sykefravær", "name_en": "Sick leave", "unit": "percent"}
    profile = [
        ({**indicator, "decimals": 1}, PROFILE, GOALS, "Kilde A"),
        ({**indicator, "indicator_id": "cnt", "decimals": 0}, PROFILE.iloc[0:0], GOALS.iloc[0:0], ""),
    ]
    row = page.district_charts(profile, EVENTS, "Distrikt 1", 8, "en", lambda ind: f"distrikt_{ind}_2016_d1")
    graphs = find(row, dcc.Graph)
    assert [g.id for g in graphs] == [
        {"type": "districts-graph-indicator", "indicator": "pct"},
        {"type": "districts-graph-indicator", "indicator": "cnt"},
    ]
    assert graphs[0].figure.layout.title.text == "Sick leave, Distrikt 1, 2015–2016"
    assert "Source: Kilde A" in texts(graphs[0].figure)
    assert "No figures for Distrikt 1 for this indicator." in texts(graphs[1].figure)
    assert graphs[0].config == {
        "displaylogo": False,
        "responsive": True,
        "modeBarButtonsToRemove": ["sendChartToCloud", "sendDataToCloud"],  # no upload to Plotly Cloud
    }
    # The frame comes filled with the figure: no second request for the summary, table or file name.
    stores = find(row, dcc.Store)
    assert [s.data["filename"] for s in stores] == ["distrikt_pct_2016_d1", "distrikt_cnt_2016_d1"]
    summaries = [p.children for p in find(row, html.P) if getattr(p, "className", None) == "chart-summary"]
    assert summaries[0].startswith("Sick leave, Distrikt 1 fell from 13.2% in 2015 to 12.3% in 2016")
    tables = [d for d in find(row, html.Div) if getattr(d, "className", None) == "chart-table"]
    assert [(d.children, d.hidden) for d in tables] == [(None, True)] * 2  # built when opened


def test_districts122_district_view_shows_the_units_note():
    state = PageState(page="district", year=2016, key="fjell")
    options = FilterOptions(years=(2016,), default_year=2016)

    def notes(view) -> list:
        return [p.children for p in find(view, html.P) if "districts-unit-note" in (p.className or "")]

    assert notes(page.district_layout(state, options, "Fjell", "Antatt navn: ikke bekreftet.")) == [
        "Antatt navn: ikke bekreftet."
    ]
    assert notes(page.district_layout(state, options, "Fjell")) == []
