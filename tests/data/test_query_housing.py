"""Housing queries over tiny inline frames (table-driven)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest

from data import query_housing as qh

UNITS = pd.DataFrame(
    {
        "unit_id": ["kommune", "p05", "nav"],
        "name": ["Kommune", "P05", "NAV"],
        "parent_id": ["", "kommune", "p05"],
    }
)
INDICATORS = pd.DataFrame(
    {
        "indicator_id": ["up", "down", "flat", "money"],
        "name": ["Opp", "Ned", "Flat", "Penger"],
        "name_en": ["Up", "Down", "", "Money"],
        "unit": ["count", "count", "count", "nok"],
        "decimals": [0, 0, 0, 0],
        "direction": ["higher_is_better", "lower_is_better", "neutral", "neutral"],
    }
)
PROG = qh.Programme(
    "test", "up", (qh.Chart("c1", ("up", "money")), qh.Chart("c2", ("down",))), ("startlån", "husleie")
)


def obs(*rows):
    return pd.DataFrame(rows, columns=["indicator_id", "unit_id", "period", "value", "status", "source"])


def targets(*rows):
    return pd.DataFrame(
        rows, columns=["indicator_id", "unit_id", "period", "target", "tolerance", "decided_by", "status"]
    )


def events(*rows):
    return pd.DataFrame(rows, columns=["date", "unit_id", "panel", "title", "description", "source"])


NO_TARGETS = targets()


# --- The programmes as data ----------------------------------------------------------------


def test_housing001_programmes_name_only_shipped_housing_indicators():
    path = Path(__file__).resolve().parents[2] / "data" / "drammen" / "indicators.csv"
    with path.open(encoding="utf-8") as f:
        housing = {row["indicator_id"] for row in csv.DictReader(f) if row["panel"] == "housing"}
    named = [i for p in qh.PROGRAMMES for i in p.indicators]
    assert len(named) == len(set(named))  # each indicator in one programme only
    assert set(named) == housing  # and every housing indicator in one
    for p in qh.PROGRAMMES:
        assert p.headline in p.charts[0].indicators  # the card and the /housing trend agree


@pytest.mark.parametrize(
    ("key", "found"), [("startlan", True), ("tilvisning", True), ("nope", False), (None, False)]
)
def test_housing002_programme_lookup(key, found):
    assert (qh.programme(key) is not None) == found


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([("down", "nav", "2016", 1, "final", "")], ("test",)),
        ([("money", "kommune", "2016-03", 1, "final", "")], ("test",)),
        ([("other", "kommune", "2016", 1, "final", "")], ()),
        ([], ()),
    ],
)
def test_housing003_available_programmes(rows, expected):
    assert qh.available_programmes(obs(*rows), (PROG,)) == expected


# --- Periods -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2016", 2016.0),  # a year-only event sits mid-year, on the annual point
        ("2016-01", 2016 - 0.5 + 0.5 / 12),
        ("2016-06", 2016 - 0.5 + 5.5 / 12),
        ("2016-12", 2016 - 0.5 + 11.5 / 12),
        ("2016-01-01", 2016 - 0.5 + 0.5 / 366),  # leap year
        ("2015-12-31", 2015 - 0.5 + 364.5 / 365),
        ("2016-13", None),
        ("2016-02-30", None),
        ("16-06", None),
        ("juni 2016", None),
        ("", None),
    ],
)
def test_housing004_event_position(date, expected):
    got = qh.event_position(date)
    assert got == pytest.approx(expected) if expected is not None else got is None


def test_housing005_event_positions_stay_inside_their_year():
    for date in ("2016-01-01", "2016-06", "2016-12-31", "2016"):
        assert 2015.5 <= qh.event_position(date) < 2016.5


@pytest.mark.parametrize(
    ("rows", "indicators", "monthly", "subperiods"),
    [
        (
            [("up", "kommune", "2016", 1, "final", ""), ("money", "kommune", "2016-03", 1, "final", "")],
            ("up", "money"),
            ["money"],
            ("year", "M03"),
        ),
        (
            [("money", "kommune", "2016-11", 1, "final", ""), ("up", "kommune", "2015-02", 1, "final", "")],
            ("money", "up"),
            ["money", "up"],
            ("year", "M02", "M11"),
        ),
        ([("up", "kommune", "2016-T1", 1, "final", "")], ("up",), [], ("year",)),
        ([("up", "kommune", "2016", 1, "final", "")], ("up",), [], ("year",)),
        ([("down", "nav", "2016-04", 1, "final", "")], ("up",), [], ("year",)),
    ],
)
def test_housing006_monthly_indicators_and_subperiods(rows, indicators, monthly, subperiods):
    frame = obs(*rows)
    assert qh.monthly_indicators(frame, indicators) == monthly
    assert qh.month_subperiods(frame, indicators) == subperiods


def test_housing007_years_of_counts_every_period_kind_of_the_indicators_only():
    frame = obs(
        ("up", "kommune", "2013", 1, "final", ""),
        ("up", "kommune", "2014-05", 1, "final", ""),
        ("down", "nav", "2019", 1, "final", ""),
    )
    assert qh.years_of(frame, ["up"]) == [2013, 2014]


# --- Series --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "indicator", "expected"),
    [
        ([("up", "nav", "2016", 1, "final", ""), ("up", "kommune", "2016", 2, "final", "")], "up", "kommune"),
        ([("up", "nav", "2016", 1, "final", ""), ("up", "p05", "2015", 2, "final", "")], "up", "p05"),
        ([("up", "nav", "2016", 1, "final", "")], "up", "nav"),
        ([("up", "elsewhere", "2016", 1, "final", "")], "up", None),  # not in the tree
        ([], "up", None),
    ],
)
def test_housing008_top_unit_is_the_highest_unit_with_figures(rows, indicator, expected):
    assert qh.top_unit(obs(*rows), UNITS, indicator) == expected


def test_housing009_annual_series_top_unit_years_order_and_cut_off():
    frame = obs(
        ("money", "kommune", "2014", 40, "illustrative", "gen"),
        ("up", "kommune", "2015", 2, "final", "Årsrapport"),
        ("up", "kommune", "2014", 1, "illustrative", "gen"),
        ("up", "nav", "2014", 99, "final", "x"),  # below the top unit: left out
        ("up", "kommune", "2014-03", 7, "final", ""),  # a month: left out
        ("up", "kommune", "2016", 3, "final", "Årsrapport"),
    )
    got = qh.annual_series(frame, UNITS, ("up", "money"), up_to=2015)
    assert got[["indicator_id", "year", "value", "status"]].values.tolist() == [
        ["up", 2014, 1, "illustrative"],
        ["up", 2015, 2, "final"],
        ["money", 2014, 40, "illustrative"],
    ]
    assert set(got["unit_id"]) == {"kommune"}
    assert len(qh.annual_series(frame, UNITS, ("up",))) == 3  # no cut-off


def test_housing010_annual_series_never_changes_its_input():
    frame = obs(("up", "kommune", "2015", 2, "final", ""))
    before = frame.copy()
    qh.annual_series(frame, UNITS, ("up",))
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2016, [(1, 10.0), (2, 20.0), (12, 5.0)]),
        (2015, [(12, 1.0)]),
        (2014, []),
    ],
)
def test_housing011_monthly_series_of_one_year_by_month(year, expected):
    frame = obs(
        ("money", "kommune", "2016-12", 5, "illustrative", ""),
        ("money", "kommune", "2016-02", 20, "illustrative", ""),
        ("money", "kommune", "2016-01", 10, "final", ""),
        ("money", "kommune", "2016", 35, "final", ""),
        ("money", "kommune", "2015-12", 1, "final", ""),
        ("money", "kommune", "2016-T1", 30, "final", ""),
    )
    got = qh.monthly_series(frame, UNITS, "money", year)
    assert list(zip(got["month"], got["value"], strict=True)) == expected
    assert all(p.startswith(str(year)) for p in got["period"])


@pytest.mark.parametrize(
    ("annual", "months", "expected"),
    [
        ([("money", "kommune", "2016", 35, "final", "")], [], (35.0, "final", "annual")),
        (
            [("money", "kommune", "2016", 35, "final", "")],
            [("money", "kommune", "2016-01", 10, "illustrative", "")],
            (35.0, "final", "annual"),
        ),
        (
            [],
            [
                ("money", "kommune", "2016-01", 10, "final", ""),
                ("money", "kommune", "2016-02", 5, "illustrative", ""),
            ],
            (15.0, "illustrative", "sum"),
        ),
        ([], [("money", "kommune", "2016-01", 10, "final", "")], (10.0, "final", "sum")),
        ([], [], (None, "n/a", "none")),
    ],
)
def test_housing012_year_total_prefers_the_annual_figure(annual, months, expected):
    annual_rows = qh.annual_series(obs(*annual), UNITS, ["money"]) if annual else obs()
    month_rows = qh.monthly_series(obs(*months), UNITS, "money", 2016) if months else obs()
    assert qh.year_total(annual_rows, month_rows) == expected


def test_housing019_months_of_year_with_the_annual_total():
    frame = obs(
        ("money", "kommune", "2016", 35, "final", ""),
        ("money", "kommune", "2016-02", 20, "illustrative", ""),
        ("money", "kommune", "2016-01", 15, "illustrative", ""),
        ("money", "kommune", "2017-01", 9, "illustrative", ""),
    )
    months, total = qh.months_of_year(frame, UNITS, "money", 2016)
    assert list(months["month"]) == [1, 2]
    assert total == (35.0, "final", "annual")
    months, total = qh.months_of_year(frame, UNITS, "money", 2017)
    assert list(months["value"]) == [9.0] and total == (9.0, "illustrative", "sum")


@pytest.mark.parametrize(
    ("first", "last", "titles"),
    [
        (None, None, ["Handlingsplan om HUSLEIE", "Bystyret vedtok husleie", "Startlånramme utvidet"]),
        (2013, 2016, ["Bystyret vedtok husleie", "Startlånramme utvidet"]),  # June before mid-year
        (2013, 2015, []),
    ],
)
def test_housing013_programme_events_by_word_panel_and_years(first, last, titles):
    table = events(
        ("2016-06", "kommune", "housing", "Bystyret vedtok husleie", "", ""),
        ("2016", "kommune", "housing", "Startlånramme utvidet", "", ""),
        ("2016", "kommune", "housing", "Avtale med Husbanken", "startlån i teksten", ""),  # title only
        ("2016", "kommune", "budget", "Husleie i budsjettet", "", ""),  # another panel
        ("2012-05-22", "kommune", "housing", "Handlingsplan om HUSLEIE", "", ""),
        ("2016-02-30x", "kommune", "housing", "Husleie med feil dato", "", ""),
    )
    got = qh.programme_events(table, PROG, first, last)
    assert list(got["title"]) == titles
    assert list(got["x"]) == sorted(got["x"])


def test_housing014_programme_events_with_no_events_or_words():
    assert qh.programme_events(events(), PROG).empty
    no_words = qh.Programme("x", "up", (qh.Chart("c", ("up",)),))
    assert qh.programme_events(events(("2016", "kommune", "housing", "Husleie", "", "")), no_words).empty


# --- The values of a period against the target ----------------------------------------------


@pytest.mark.parametrize(
    ("indicator", "value", "target", "tolerance", "expected"),
    [
        ("up", 180, 180, 9, "met"),  # at the target
        ("up", 190, 180, 9, "met"),  # above it
        ("up", 171, 180, 9, "near"),  # at the tolerance edge: near
        ("up", 170, 180, 9, "missed"),  # past it
        ("down", 440, 440, 22, "met"),
        ("down", 400, 440, 22, "met"),  # lower is better
        ("down", 462, 440, 22, "near"),  # the edge
        ("down", 463, 440, 22, "missed"),
        ("flat", 125, 130, 5, "met"),  # neutral: within the tolerance either side
        ("flat", 136, 130, 5, "missed"),
        ("up", 171, 180, 0, "missed"),  # no tolerance
    ],
)
def test_housing015_period_values_status_against_target(indicator, value, target, tolerance, expected):
    frame = obs((indicator, "kommune", "2016", value, "final", ""))
    goals = targets((indicator, "kommune", "2016", target, tolerance, "", "illustrative"))
    got = qh.period_values(frame, goals, INDICATORS, UNITS, [indicator], 2016).iloc[0]
    assert got["result"] == expected
    assert got["target"] == target and got["target_status"] == "illustrative"
    assert got["unit_name"] == "Kommune"


@pytest.mark.parametrize(
    ("month", "expected_periods", "expected_values"),
    [
        (None, ["2016", "2016"], [35.0, 7.0]),
        (3, ["2016-03", "2016"], [12.0, 7.0]),  # 'up' has no months: its year figure
        (4, ["2016", "2016"], [35.0, 7.0]),  # no figure for April: the year
    ],
)
def test_housing016_period_values_month_where_there_are_months(month, expected_periods, expected_values):
    frame = obs(
        ("money", "kommune", "2016", 35, "final", ""),
        ("money", "kommune", "2016-03", 12, "illustrative", ""),
        ("up", "kommune", "2016", 7, "final", ""),
    )
    goals = targets(("up", "kommune", "2016", 7, 0, "", "final"))
    got = qh.period_values(frame, goals, INDICATORS, UNITS, ["money", "up"], 2016, month)
    assert list(got["period"]) == expected_periods
    assert list(got["value"]) == expected_values
    assert list(got["result"]) == ["n/a", "met"]  # no target for money


def test_housing017_period_values_missing_figure_and_no_target():
    frame = obs(("down", "nav", "2015", 400, "final", ""))
    got = qh.period_values(frame, NO_TARGETS, INDICATORS, UNITS, ["down"], 2016).iloc[0]
    assert math.isnan(got["value"]) and got["status"] == "n/a"
    assert got["result"] == "n/a" and math.isnan(got["target"])
    assert got["unit_id"] == "nav" and got["unit_name"] == "NAV"
    assert (got["name"], got["name_en"], got["unit"]) == ("Ned", "Down", "count")


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        (["Årsrapport 2016; utledet: 77 − 17", "Årsrapport 2016", "gen"], ["Årsrapport 2016", "gen"]),
        (["", "gen", "gen"], ["gen"]),
        ([], []),
    ],
)
def test_housing018_sources_distinct_without_notes(sources, expected):
    rows = obs(*[("up", "kommune", "2016", 1, "final", s) for s in sources])
    assert qh.sources(rows) == expected
