"""Housing figure builders and page builders: traces, values, marks, the drill key in customdata."""

from __future__ import annotations

import pandas as pd
import pytest

from data.query_housing import PROGRAMMES
from layouts import housing
from layouts.figures import housing as fh
from layouts.figures.common import PALETTE
from layouts.i18n import t
from layouts.state import FilterOptions, PageState

SERIES = pd.DataFrame(
    {
        "label": ["Ramme", "Ramme", "Ramme", "Innvilget", "Innvilget"],
        "year": [2016, 2014, 2015, 2015, 2016],
        "value": [300e6, 160e6, 170e6, 166.8e6, 287.4e6],
        "status": ["final", "illustrative", "final", "illustrative", "illustrative"],
    }
)
EVENTS = pd.DataFrame(
    {
        "date": ["2016", "2016-06"],
        "x": [2016.0, 2016 - 0.5 + 5.5 / 12],
        "title": ["Rammen utvidet", "Husleie vedtatt"],
    }
)
MONTHS = pd.DataFrame(
    {
        "period": ["2016-02", "2016-01", "2016-03"],
        "month": [2, 1, 3],
        "value": [20.0, 10.0, 30.0],
        "status": ["illustrative", "final", "illustrative"],
    }
)


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


def build_trend(lang="nb", **kw):
    return fh.trend(SERIES, EVENTS, "Startlån, 2014–2016", lang, "nok", "startlan", source="Årsrapport", **kw)


@pytest.mark.parametrize(
    ("click", "expected"),
    [
        ({"points": [{"customdata": ["", "startlan/2016"]}]}, ("startlan", "2016")),
        ({"points": [{"customdata": ["x", "bostedsloshet/2016-03"]}]}, ("bostedsloshet", "2016-03")),
        ({"points": [{"x": 2016.0, "text": "event"}]}, None),  # an event marker
        ({"points": [{"customdata": ["only the mark"]}]}, None),
        ({"points": [{"customdata": ["", "no-slash"]}]}, None),
        ({"points": [{"customdata": ["", "/2016"]}]}, None),
        ({"points": []}, None),
        (None, None),
    ],
)
def test_housing101_parse_drill(click, expected):
    assert fh.parse_drill(click) == expected


@pytest.mark.parametrize(
    ("years", "expected"), [([2016, 2013, 2014], "2013–2016"), ([2016, 2016], "2016"), ([], "")]
)
def test_housing102_year_span(years, expected):
    assert fh.year_span(years) == expected


def test_housing103_trend_lines_values_and_open_markers():
    fig = build_trend()
    lines = [tr for tr in fig.data if tr.yaxis != "y2"]
    assert [tr.name for tr in lines] == ["Ramme", "Innvilget"]
    ramme = lines[0]
    assert list(ramme.x) == [2014, 2015, 2016]  # sorted by year
    assert list(ramme.y) == [160e6, 170e6, 300e6]
    colour = ramme.line.color
    assert list(ramme.marker.color) == ["#ffffff", colour, colour]  # 2014 illustrative: open
    assert fig.layout.title.text == "Startlån, 2014–2016"
    assert "Årsrapport" in fig.layout.annotations[0].text


def test_housing104_trend_drill_key_and_illustrative_mark_in_customdata():
    fig = build_trend()
    ramme, innvilget = [tr for tr in fig.data if tr.yaxis != "y2"]
    assert [c[1] for c in ramme.customdata] == ["startlan/2014", "startlan/2015", "startlan/2016"]
    assert "Illustrativt tall" in ramme.customdata[0][0] and ramme.customdata[1][0] == ""
    assert all("Illustrativt tall" in c[0] for c in innvilget.customdata)
    assert "%{customdata[0]}" in ramme.hovertemplate and "kr" in ramme.hovertemplate
    assert "%{customdata}" not in ramme.hovertemplate


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        ("nb", ["2016: Rammen utvidet", "juni 2016: Husleie vedtatt"]),
        ("en", ["2016: Rammen utvidet", "June 2016: Husleie vedtatt"]),
    ],
)
def test_housing105_trend_events_at_their_dates_with_their_precision(lang, texts):
    fig = build_trend(lang)
    (marks,) = [tr for tr in fig.data if tr.yaxis == "y2"]
    assert list(marks.x) == list(EVENTS["x"])
    assert list(marks.text) == texts
    assert marks.hovertemplate.startswith("%{text}")
    assert fig.layout.yaxis2.range == (0, 1.05)  # the value axis range is the first axis only


def test_housing106_trend_year_axis_value_axis_and_separators():
    nb, en = build_trend("nb"), build_trend("en")
    assert list(nb.layout.xaxis.tickvals) == [2014, 2015, 2016]
    assert list(nb.layout.xaxis.ticktext) == ["2014", "2015", "2016"]
    assert nb.layout.separators == ", " and en.layout.separators == ".,"
    assert nb.layout.yaxis.tickformat == ",.0f"
    assert nb.layout.yaxis.range[0] == 0 and nb.layout.yaxis.range[1] > 300e6


@pytest.mark.parametrize(("selected", "bands"), [(2015, 1), (2019, 0), (None, 0)])
def test_housing107_trend_marks_the_selected_year(selected, bands):
    fig = build_trend(selected_year=selected)
    shapes = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(shapes) == bands
    if bands:
        assert (shapes[0].x0, shapes[0].x1) == (2014.5, 2015.5)


def test_housing116_trend_of_one_year_has_no_year_band():
    fig = fh.trend(SERIES[SERIES["year"] == 2016], EVENTS, "T", "nb", "nok", "startlan", selected_year=2016)
    assert not [s for s in fig.layout.shapes if s.type == "rect"]


def test_housing108_trend_without_events_and_empty():
    fig = fh.trend(SERIES, None, "T", "nb", "nok", "startlan")
    assert all(tr.yaxis != "y2" for tr in fig.data)
    empty = fh.trend(SERIES.iloc[0:0], EVENTS, "Tom, 2013", "nb", "count", "x")
    assert empty.layout.title.text == "Tom, 2013"
    assert empty.data == ()
    assert "Ingen tall" in empty.layout.annotations[0].text


def test_housing109_builders_never_change_their_inputs():
    series, events, months = SERIES.copy(), EVENTS.copy(), MONTHS.copy()
    build_trend(selected_year=2016)
    fh.month_bars(MONTHS, "M", "nb", "count", "p", "Navn", selected_month=2)
    pd.testing.assert_frame_equal(SERIES, series)
    pd.testing.assert_frame_equal(EVENTS, events)
    pd.testing.assert_frame_equal(MONTHS, months)


def test_housing110_month_bars_values_hatching_and_drill_key():
    fig = fh.month_bars(
        MONTHS, "Per måned, 2016", "nb", "count", "startlan", "Husstander", subtitle="Hele året: 60"
    )
    (bars,) = fig.data
    assert bars.type == "bar"
    assert list(bars.x) == ["jan", "feb", "mar"]  # the month names of the period filter
    assert list(bars.y) == [10.0, 20.0, 30.0]
    assert list(bars.marker.pattern.shape) == ["", "/", "/"]  # illustrative months hatched
    assert [c[1] for c in bars.customdata] == ["startlan/2016-01", "startlan/2016-02", "startlan/2016-03"]
    assert bars.customdata[0][0] == "" and "Illustrativt tall" in bars.customdata[1][0]
    assert [c[2] for c in bars.customdata] == ["januar 2016", "februar 2016", "mars 2016"]
    assert bars.marker.color == PALETTE[0]
    assert fig.layout.title.subtitle.text == "Hele året: 60"
    assert list(bars.marker.opacity) == [1.0, 1.0, 1.0]


def test_housing111_month_bars_mark_the_chosen_month_and_empty_state():
    fig = fh.month_bars(MONTHS, "T", "en", "nok", "p", "N", selected_month=2)
    (bars,) = fig.data
    assert list(bars.marker.opacity) == [0.45, 1.0, 0.45]
    assert list(bars.marker.line.width) == [0, 2.5, 0]
    assert "Illustrative figure" in bars.customdata[1][0]
    assert "NOK" in bars.hovertemplate
    empty = fh.month_bars(MONTHS.iloc[0:0], "Tom", "en", "count", "p", "N")
    assert empty.data == () and "No figures" in empty.layout.annotations[0].text


# --- Page builders ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_housing115_every_programme_and_chart_has_its_texts(lang):
    for prog in PROGRAMMES:
        assert housing.programme_title(prog.key, lang)
        for chart in prog.charts:
            assert "2016" in t(f"housing_chart_{chart.key}", lang, period="2016")


OPTIONS = FilterOptions(years=(2013, 2014, 2015, 2016), default_year=2016, subperiods=("year", "M01", "M02"))
VIEW = housing.ProgrammeView(
    "tilvisning", ("tilvisning",), (), years=(2015, 2016), subperiods=("year",), default_year=2016
)


@pytest.mark.parametrize(
    ("year", "sub", "expected", "notices"),
    [
        (2016, "year", (2016, "year"), ()),
        (2015, "year", (2015, "year"), ()),
        (2013, "year", (2016, "year"), (("period", "2013"),)),  # the programme has no 2013
        (2016, "M02", (2016, "year"), (("period", "2016-02"),)),  # nor months
    ],
)
def test_housing112_fit_narrows_the_filters_to_the_programme(year, sub, expected, notices):
    state = PageState(page="programme", year=year, subperiod=sub, key="tilvisning")
    fitted, opts = housing.fit(state, OPTIONS, VIEW)
    assert (fitted.year, fitted.subperiod) == expected
    assert fitted.notices == notices
    assert opts.years == (2015, 2016) and opts.subperiods == ("year",)


def test_housing113_year_links_reach_every_year_with_the_language():
    state = PageState(page="housing", lang="en", year=2016)
    nav = housing.year_links(state, "startlan", [2014, 2015, 2016], current=2016)
    items = [li.children for li in nav.children[1].children]
    assert [i.href for i in items[:2]] == [
        "/housing/startlan?period=2014&lang=en",
        "/housing/startlan?period=2015&lang=en",
    ]
    assert items[2].children == "2016" and getattr(items[2], "aria-current") == "page"


def _text(component) -> str:
    """Every string inside a Dash component tree."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(_text(c) for c in component)
    return _text(getattr(component, "children", None))


def test_housing114_values_table_says_status_and_result_in_words():
    rows = pd.DataFrame(
        {
            "indicator_id": ["a", "b"],
            "unit_id": ["drammen", "nav"],
            "period": ["2016", "2016-03"],
            "value": [183.0, 41.0],
            "status": ["final", "illustrative"],
            "target": [180.0, float("nan")],
            "target_status": ["illustrative", "n/a"],
            "result": ["met", "n/a"],
            "name": ["Husstander", "Søknader"],
            "name_en": ["Households", ""],
            "unit": ["count", "count"],
            "decimals": [0, 0],
            "unit_name": ["Drammen kommune", "NAV"],
        }
    )
    nb = plain(_text(housing.values_table(rows, "nb")))
    for word in (
        "Husstander",
        "183",
        "Publisert tall",
        "180",
        "Illustrativt tall",
        "✓ Nådd",
        "mars 2016",
        "– Uten mål",
    ):
        assert word in nb
    en = plain(_text(housing.values_table(rows, "en")))
    assert "Households" in en and "Søknader" in en and "✓ Met" in en and "March 2016" in en
    assert "Ingen tall" in _text(housing.values_table(rows.iloc[0:0], "nb"))
