"""Budget figure builders and table: traces, values, the drill key in customdata (table-driven)."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import dcc, html

from layouts import budget as page
from layouts import format as fmt
from layouts.figures import budget as figures
from layouts.state import PageState

ROW_COLUMNS = ["key", "label", "kind", "revised_budget", "actual", "forecast", "status"]


def rows(*items):
    """(key, label, kind, revised, actual, status) -> a breakdown frame with deviation columns."""
    frame = pd.DataFrame(
        [(k, lab, kind, rev, act, act, st) for k, lab, kind, rev, act, st in items], columns=ROW_COLUMNS
    )
    nok = frame["actual"] - frame["revised_budget"]
    return frame.assign(
        deviation_nok=nok.astype("float64"),
        deviation_pct=(nok / frame["revised_budget"].abs() * 100).astype("float64"),
        word=["merforbruk" if n > 0 else "mindreforbruk" if n < 0 else "balanse" for n in nok],
    )


UNITS = rows(("a", "Enhet A", "unit", 100, 130, "illustrative"), ("b", "Enhet B", "unit", 200, 190, "final"))
CATEGORIES = rows(
    ("Lønn", "Lønn", "category", 100, 90, "final"), ("Inntekter", "Inntekter", "category", -20, -25, "final")
)


def texts(fig: go.Figure) -> str:
    return " ".join(str(a.text) for a in fig.layout.annotations)


# --- Waterfall -------------------------------------------------------------------------------


def test_budgetfig001_waterfall_from_revised_budget_to_actual():
    before = UNITS.copy()
    fig = figures.waterfall(UNITS, "P05: fra revidert budsjett til regnskap, 2016", "nb", "budsjett")
    pd.testing.assert_frame_equal(UNITS, before)  # the input is not changed
    water = fig.data[0]
    assert water.type == "waterfall" and water.orientation == "h"
    assert list(water.y) == ["Revidert budsjett", "Enhet A", "Enhet B", "Regnskap"]
    assert list(water.x) == [300, 30, -10, 320]
    assert list(water.measure) == ["absolute", "relative", "relative", "total"]
    assert fig.layout.title.text == "P05: fra revidert budsjett til regnskap, 2016"
    assert "Kilde: budsjett" in texts(fig)
    assert fig.layout.separators == ", "


@pytest.mark.parametrize(
    ("frame", "keys"),
    [(UNITS, ["", "a", "b", ""]), (CATEGORIES, ["", "", "", ""])],  # categories do not drill
)
def test_budgetfig002_waterfall_drill_key_in_customdata(frame, keys):
    water = figures.waterfall(frame, "T", "nb").data[0]
    assert [c[0] for c in water.customdata] == keys


def test_budgetfig003_waterfall_marks_overspend_and_illustrative_bars():
    fig = figures.waterfall(UNITS, "T", "nb")
    water = fig.data[0]
    assert list(water.text) == ["300 kr", "+30 kr ▲", "-10 kr ▼", "320 kr"]
    # Hover: the deviation in whole kroner and %, the word, and «Illustrativt tall» where it applies.
    assert (
        water.customdata[1][1]
        .replace("\xa0", " ")
        .startswith("+30 kr (+30,0 %) ▲ merforbruk<br>Revidert budsjett: 100 kr")
    )
    assert "Illustrativt tall" in water.customdata[1][1]
    assert water.customdata[0][1].startswith("300 kr")
    assert "▼ mindreforbruk" in water.customdata[2][1]
    assert "Illustrativt tall" not in water.customdata[2][1]  # Enhet B is final
    hatched = [t for t in fig.data if t.type == "bar"]
    assert len(hatched) == 1
    bar = hatched[0]
    assert bar.marker.pattern.shape == "/"
    # Every illustrative bar is hatched: both totals (they include A) and A, from where it starts.
    assert list(bar.y) == ["Revidert budsjett", "Enhet A", "Regnskap"]
    assert list(bar.base) == [0, 300, 0] and list(bar.x) == [300, 30, 320]
    legend = [t.name for t in fig.data if t.type == "scatter"]
    assert legend == ["merforbruk", "mindreforbruk"]


def test_budgetfig004_waterfall_without_illustrative_rows_has_no_hatching():
    fig = figures.waterfall(CATEGORIES, "T", "en")
    assert [t.type for t in fig.data] == ["waterfall", "scatter", "scatter"]
    assert list(fig.data[0].y) == ["Revised budget", "Lønn", "Inntekter", "Actual"]
    assert fig.layout.xaxis.title.text == "NOK (the axis does not start at zero)"


def test_budgetfig005_waterfall_ticks_are_norwegian_amounts():
    big = rows(("a", "A", "unit", 1_680_000_000, 1_684_000_000, "final"))
    fig = figures.waterfall(big, "T", "nb")
    assert fig.layout.xaxis.range[0] < 1_680_000_000 < 1_684_000_000 < fig.layout.xaxis.range[1]
    assert all(text.endswith("mill. kr") for text in fig.layout.xaxis.ticktext)
    assert "1 680 mill. kr" in [t.replace("\xa0", " ") for t in fig.layout.xaxis.ticktext]


@pytest.mark.parametrize(
    "frame",
    [rows(), rows(("a", "A", "unit", math.nan, 5, "final"))],  # nothing, or no deviation to draw
)
def test_budgetfig006_waterfall_empty_state(frame):
    fig = figures.waterfall(frame, "Tittel, 2016", "nb")
    assert fig.layout.title.text == "Tittel, 2016"
    assert "Ingen tall for dette utvalget." in texts(fig)
    assert len(fig.data) == 0


@pytest.mark.parametrize(
    ("click", "expected"),
    [
        ({"points": [{"customdata": ["nav", "…"]}]}, "nav"),
        ({"points": [{"customdata": ["", "…"]}]}, None),
        ({"points": [{"x": 1}]}, None),
        ({"points": []}, None),
        (None, None),
        ({"points": [{"customdata": [7]}]}, None),
    ],
)
def test_budgetfig007_drill_key(click, expected):
    assert figures.drill_key(click) == expected


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 100, [0, 50, 100]),
        (3, 17, [5, 10, 15]),
        (1_679_000_000, 1_691_000_000, [1_680_000_000, 1_685_000_000, 1_690_000_000]),
        (5, 5, []),
        (math.nan, 1, []),
    ],
)
def test_budgetfig008_nice_ticks(low, high, expected):
    assert figures.nice_ticks(low, high) == expected


@pytest.mark.parametrize(
    ("word", "lang", "expected"),
    [
        ("merforbruk", "nb", "▲ merforbruk"),
        ("mindreforbruk", "en", "▼ underspend"),
        ("balanse", "nb", "= i balanse"),
        (None, "nb", ""),
    ],
)
def test_budgetfig009_deviation_label(word, lang, expected):
    assert figures.deviation_label(word, lang) == expected


@pytest.mark.parametrize(
    ("period", "lang", "expected"),
    [("M03", "nb", "mar"), ("M03", "en", "Mar"), ("T2", "nb", "2. tertial"), ("T2", "en", "Tertial 2")],
)
def test_budgetfig010_period_label(period, lang, expected):
    assert figures.period_label(period, lang) == expected


# --- Cumulative deviation --------------------------------------------------------------------

SERIES = pd.DataFrame(
    [
        ("current", 2016, "M01", 1, 10.0, "illustrative"),
        ("forecast", 2016, "M01", 1, 50.0, "illustrative"),
        ("current", 2016, "M02", 2, 25.0, "final"),
        ("forecast", 2016, "M02", 2, 40.0, "final"),
        ("previous", 2015, "M01", 1, -5.0, "final"),
        ("previous", 2015, "M02", 2, -8.0, "final"),
        ("previous", 2015, "M03", 3, -9.0, "final"),
    ],
    columns=["series", "year", "period", "step", "value", "status"],
)


def test_budgetfig011_cumulative_traces_and_values():
    fig = figures.cumulative(SERIES, "P05: akkumulert avvik gjennom året, 2016", "nb", "budsjett")
    assert [t.name for t in fig.data] == [
        "Akkumulert avvik 2016",
        "Prognose for årsavvik 2016",
        "Akkumulert avvik 2015",
    ]
    current, forecast, previous = fig.data
    assert list(current.x) == ["jan", "feb"] and list(current.y) == [10, 25]
    assert list(forecast.y) == [50, 40] and forecast.line.dash == "dash"
    assert list(previous.y) == [-5, -8, -9] and previous.line.dash == "dot"
    assert list(fig.layout.xaxis.categoryarray) == ["jan", "feb", "mar"]
    # Illustrative points are open markers and say so on hover; final ones are filled.
    assert current.marker.color[0] == "#ffffff" and current.marker.color[1] != "#ffffff"
    assert "Illustrativt tall" in current.customdata[0][1] and current.customdata[1][1] == ""
    assert current.customdata[0][0] == "jan 2016"
    assert fig.layout.yaxis.title.text == "Kroner (+ er merforbruk)"
    assert "Kilde: budsjett" in texts(fig)


def test_budgetfig012_cumulative_english_and_empty():
    fig = figures.cumulative(SERIES[SERIES["series"] == "previous"], "T", "en")
    assert [t.name for t in fig.data] == ["Cumulative deviation 2015"]
    assert fig.layout.separators == ".,"
    empty = figures.cumulative(SERIES.iloc[0:0], "Tom, 2016", "en")
    assert "No figures for this selection." in texts(empty) and len(empty.data) == 0


# --- The table and the page frame ------------------------------------------------------------


def find(component, kind):
    """Every component of type `kind` inside `component`."""
    out = []
    if isinstance(component, kind):
        out.append(component)
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            out += find(child, kind)
    return out


STATE = PageState(page="budget", lang="nb", year=2016, subperiod="M05", units=("a",))


def test_budgetfig013_table_links_units_to_their_drill_url():
    total = {**UNITS.iloc[0].to_dict(), "revised_budget": 300, "actual": 320, "deviation_nok": 20}
    table = page.table(UNITS, total, STATE, by_category=False)
    links = find(table, dcc.Link)
    assert [(link.children, link.href) for link in links] == [
        ("Enhet A", "/budget/a?period=2016-05&units=a"),
        ("Enhet B", "/budget/b?period=2016-05&units=a"),
    ]
    text = str(table)
    assert "Illustrativt tall" in text and "Publisert tall" in text
    assert "▲ merforbruk" in text and "▼ mindreforbruk" in text


def test_budgetfig014_table_of_categories_has_no_links_and_empty_state():
    total = dict(CATEGORIES.iloc[0])
    assert find(page.table(CATEGORIES, total, STATE, by_category=True), dcc.Link) == []
    empty = page.table(CATEGORIES.iloc[0:0], total, STATE, by_category=True)
    assert isinstance(empty, html.P) and empty.children == "Ingen tall for dette utvalget."


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (PageState(page="budget", year=2016), "2016"),
        (PageState(page="budget", year=2016, subperiod="M05"), "hittil i år per mai 2016"),
        (PageState(page="budget", year=2016, subperiod="T2", lang="en"), "year to date, T2 2016"),
        (PageState(page="budget"), ""),
    ],
)
def test_budgetfig015_period_text(state, expected):
    assert page.period_text(state) == expected


def test_budgetfig016_breadcrumb_walks_up_the_drill_path():
    view = page.BudgetView(
        "d1", "Distrikt 1", (("p", "P05"), ("s1", "Tjeneste 1"), ("d1", "Distrikt 1")), False
    )
    state = PageState(page="budget-unit", lang="en", year=2015, key="d1")
    nav = page.crumbs(state, view)
    links = find(nav, dcc.Link)
    assert [(link.children, link.href) for link in links] == [
        ("Budget deviation", "/budget?period=2015&lang=en"),
        ("P05", "/budget/p?period=2015&lang=en"),
        ("Tjeneste 1", "/budget/s1?period=2015&lang=en"),
    ]
    assert "Distrikt 1" in str(nav)
    assert page.crumbs(PageState(page="budget"), view) is None
    assert page.title(state, view) == "Budget deviation: Distrikt 1"


def test_budgetfig015_a_long_view_shows_the_largest_deviations_and_says_so():
    items = ((f"u{i}", f"Enhet {i}", "unit", 100, 100 + (i % 7) * (-1) ** i, "final") for i in range(50))
    many = rows(*items)
    total = {**many.iloc[0].to_dict(), "revised_budget": 5000, "actual": 5003, "deviation_nok": 3}
    table = page.table(many, total, STATE, by_category=False, limit=10)
    shown = [link.children for link in find(table, dcc.Link)]
    biggest = many.loc[many["deviation_nok"].abs().sort_values(ascending=False, kind="stable").index[:10]]
    assert len(shown) == 10 and set(shown) == set(biggest["label"])
    assert shown == [label for label in many["label"] if label in set(shown)]  # in the view's order
    notes = [p.children for p in find(table, html.P)]
    assert notes == [
        "Viser de 10 av 50 radene med størst avvik i kroner. Summen gjelder alle; «Last ned tabell» gir "
        "alle radene."
    ]
    foot = [tr for tr in find(table, html.Tr) if getattr(tr, "className", None) == "budget-total"]
    cells = [c.children for c in foot[0].children]
    assert cells[:3] == ["Sum", fmt.nok(5000, "nb"), fmt.nok(5003, "nb")]  # the view's total, of every row
    # At or under the limit: the table alone, every row, no note.
    whole = page.table(many.iloc[:10], total, STATE, by_category=False, limit=10)
    assert len(find(whole, dcc.Link)) == 10 and find(whole, html.P) == []


def test_budgetfig016_a_long_views_table_lists_the_units_its_waterfall_names():
    """At its default limit the table shows the units the waterfall draws a bar of (its largest
    deviations; the waterfall's last bar is the rest), in the view's order."""
    from callbacks.budget import WATERFALL_LIMIT
    from data import query_budget

    items = ((f"u{i}", f"Enhet {i}", "unit", 1000, 1000 + (i * 37) % 101 - 50, "final") for i in range(120))
    many = rows(*items)
    total = {**many.iloc[0].to_dict(), "revised_budget": 120_000, "actual": 120_000, "deviation_nok": 0}
    table = page.table(many, total, STATE, by_category=False)
    shown = [link.children for link in find(table, dcc.Link)]
    full = many.assign(original_budget=many["revised_budget"])  # the breakdown's amounts, all three
    bars = query_budget.largest_and_rest(full, WATERFALL_LIMIT, lambda n: f"{n} andre")
    named = bars.loc[bars["kind"] != "rest", "label"].tolist()
    assert len(shown) == page.TABLE_LIMIT == len(named) == WATERFALL_LIMIT - 1
    assert shown == named == [label for label in many["label"] if label in set(named)]
    assert [p.children for p in find(table, html.P)] == [
        "Viser de 24 av 120 radene med størst avvik i kroner. Summen gjelder alle; «Last ned tabell» gir "
        "alle radene."
    ]
