"""Queries of the districts page over tiny inline frames (table-driven)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from data import query_districts as qd

UNITS = pd.DataFrame(
    {
        "unit_id": ["kommune", "p05", "nav", "d1", "d2", "d3"],
        "name": ["Kommune", "P05", "NAV", "Distrikt 1", "Distrikt 2", "Distrikt 3"],
        "parent_id": ["", "kommune", "p05", "p05", "p05", "p05"],
        "kind": ["municipality", "programme_area", "service", "district", "district", "district"],
    }
)
PCT = {"indicator_id": "pct", "unit": "percent", "direction": "lower_is_better"}
CNT = {"indicator_id": "cnt", "unit": "count", "direction": "higher_is_better"}
INDICATORS = pd.DataFrame(
    {
        "indicator_id": ["cnt", "pct", "other"],
        "name": ["Antall", "Andel", "Annet"],
        "name_en": ["Count", "Share", "Other"],
        "panel": ["districts", "districts", "housing"],
        "unit": ["count", "percent", "count"],
        "direction": ["higher_is_better", "lower_is_better", "neutral"],
        "decimals": [0, 1, 0],
    }
)


def obs(*rows):
    return pd.DataFrame(rows, columns=["indicator_id", "unit_id", "period", "value", "status", "source"])


def targets(*rows, status=True):
    columns = ["indicator_id", "unit_id", "period", "target", "tolerance", "status"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame if status else frame.drop(columns="status")


def events(*rows):
    return pd.DataFrame(rows, columns=["date", "unit_id", "panel", "title", "description", "source"])


def nan_equal(a, b) -> bool:
    return (isinstance(a, float) and math.isnan(a) and isinstance(b, float) and math.isnan(b)) or a == b


# --- Units and periods ------------------------------------------------------------------------


def test_districts001_district_units_in_table_order():
    assert qd.district_units(UNITS)["unit_id"].tolist() == ["d1", "d2", "d3"]
    assert qd.parent_of(UNITS) == "p05"
    assert qd.parent_of(UNITS[UNITS["kind"] != "district"]) is None


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        ((), ["d1", "d2", "d3"]),  # nothing chosen: every district
        (("p05",), ["d1", "d2", "d3"]),  # the programme area covers its districts
        (("kommune",), ["d1", "d2", "d3"]),
        (("d2", "d1"), ["d1", "d2"]),  # district order, not the order chosen
        (("nav",), []),  # a service: no district
        (("nav", "d3"), ["d3"]),
        (("nosuch",), []),
    ],
)
def test_districts002_shown_districts_are_hierarchy_aware(selected, expected):
    assert qd.shown_districts(UNITS, selected) == expected


@pytest.mark.parametrize(
    ("period", "year", "whole"),
    [
        ("2016", 2016, True),
        ("2016-03", 2016, False),
        ("2016-T2", 2016, False),
        ("16", None, False),
        ("", None, False),
    ],
)
def test_districts003_period_parsing(period, year, whole):
    assert qd.year_of(period) == year
    assert qd.is_whole_year(period) is whole


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["final", "final"], "final"),
        (["final", "preliminary"], "preliminary"),
        (["final", "illustrative", "preliminary"], "illustrative"),
        ([], "final"),
    ],
)
def test_districts004_combined_status(statuses, expected):
    assert qd.combined_status(pd.Series(statuses, dtype=object)) == expected


@pytest.mark.parametrize(
    ("unit", "additive"), [("count", True), ("nok", True), ("percent", False), ("days", False)]
)
def test_districts005_additive_units(unit, additive):
    assert qd.is_additive(unit) is additive


# --- Targets ----------------------------------------------------------------------------------

TARGETS = targets(
    ("pct", "d1", "2016", 9.0, 0.5, "illustrative"),
    ("pct", "p05", "2016", 8.0, 0.4, "final"),
    ("cnt", "p05", "2016", 30.0, 3.0, "final"),
    ("cnt", "d2", "2016-03", 4.0, 1.0, "final"),
)


@pytest.mark.parametrize(
    ("indicator", "unit_id", "period", "expected"),
    [
        # the district's own target comes first
        (PCT, "d1", "2016", (9.0, 0.5, "illustrative", "district")),
        # no own target, not additive: the programme area's target as it is
        (PCT, "d2", "2016", (8.0, 0.4, "final", "parent")),
        # no own target, additive: the programme area's target divided by the 3 districts
        (CNT, "d1", "2016", (10.0, 1.0, "final", "share")),
        # a month of a non-additive measure: the year's target applies
        (PCT, "d2", "2016-03", (8.0, 0.4, "final", "parent")),
        # a month of a count: a year's total is not spread over the months
        (CNT, "d1", "2016-03", (math.nan, math.nan, "", "")),
        # but a month's own target is used
        (CNT, "d2", "2016-03", (4.0, 1.0, "final", "district")),
        # no target at all
        (PCT, "d3", "2015", (math.nan, math.nan, "", "")),
    ],
)
def test_districts006_targets_for(indicator, unit_id, period, expected):
    out = qd.targets_for(TARGETS, indicator["indicator_id"], indicator["unit"], [unit_id], "p05", period, 3)
    row = out.iloc[0]
    got = (row["target"], row["tolerance"], row["target_status"], row["target_source"])
    assert all(nan_equal(g, e) for g, e in zip(got, expected, strict=True)), got


def test_districts007_targets_without_status_column_are_decided():
    frame = targets(("pct", "d1", "2016", 9.0, 0.5, "x"), status=False)
    out = qd.targets_for(frame, "pct", "percent", ["d1"], "p05", "2016", 3)
    assert out.iloc[0]["target_status"] == "final"


def test_districts008_targets_for_empty_table():
    out = qd.targets_for(targets(), "pct", "percent", ["d1", "d2"], "p05", "2016", 3)
    assert out["unit_id"].tolist() == ["d1", "d2"]
    assert out["target"].isna().all()
    assert (out["target_source"] == "").all()


# --- The districts side by side ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("indicator", "value", "target", "tolerance", "expected"),
    [
        # lower is better: at the target met, within the tolerance above near (edge included)
        (PCT, 9.0, 9.0, 0.5, "met"),
        (PCT, 8.0, 9.0, 0.5, "met"),
        (PCT, 9.5, 9.0, 0.5, "near"),
        (PCT, 9.6, 9.0, 0.5, "missed"),
        # higher is better: the other way round
        (CNT, 10.0, 10.0, 1.0, "met"),
        (CNT, 9.0, 10.0, 1.0, "near"),
        (CNT, 8.9, 10.0, 1.0, "missed"),
        (CNT, 12.0, 10.0, 1.0, "met"),
    ],
)
def test_districts009_status_against_the_district_target(indicator, value, target, tolerance, expected):
    frame = obs((indicator["indicator_id"], "d1", "2016", value, "final", ""))
    goals = targets((indicator["indicator_id"], "d1", "2016", target, tolerance, "final"))
    rows = qd.district_values(frame, goals, UNITS, indicator, "2016")
    assert rows["vs_target"].tolist() == [expected]


def test_districts010_district_values_sorted_and_filtered():
    frame = obs(
        ("pct", "d1", "2016", 9.5, "illustrative", "gen"),
        ("pct", "d2", "2016", 12.0, "final", "rapport"),
        ("pct", "d3", "2016", 7.0, "final", "rapport"),
        ("pct", "p05", "2016", 9.0, "final", "rapport"),  # not a district
        ("pct", "d1", "2015", 1.0, "final", ""),  # another period
        ("cnt", "d1", "2016", 5.0, "final", ""),  # another indicator
    )
    rows = qd.district_values(frame, TARGETS, UNITS, PCT, "2016")
    assert rows["unit_id"].tolist() == ["d2", "d1", "d3"]  # highest first
    assert rows["name"].tolist() == ["Distrikt 2", "Distrikt 1", "Distrikt 3"]
    assert rows["target_source"].tolist() == ["parent", "district", "parent"]
    assert rows["vs_target"].tolist() == ["missed", "near", "met"]  # 9,5 is at the tolerance edge
    assert rows["status"].tolist() == ["final", "illustrative", "final"]
    chosen = qd.district_values(frame, TARGETS, UNITS, PCT, "2016", ("d3", "nav"))
    assert chosen["unit_id"].tolist() == ["d3"]
    assert qd.district_values(frame, TARGETS, UNITS, PCT, "2016", ("nav",)).empty


def test_districts011_district_values_do_not_change_inputs():
    frame = obs(("pct", "d1", "2016", 9.5, "final", ""))
    before, goals_before = frame.copy(), TARGETS.copy()
    qd.district_values(frame, TARGETS, UNITS, PCT, "2016")
    pd.testing.assert_frame_equal(frame, before)
    pd.testing.assert_frame_equal(TARGETS, goals_before)


@pytest.mark.parametrize(
    ("exclude", "expected"),
    [
        (None, {"value": 20.0, "status": "illustrative", "n": 3}),
        ("d1", {"value": 25.0, "status": "final", "n": 2}),
    ],
)
def test_districts012_district_average(exclude, expected):
    frame = obs(
        ("cnt", "d1", "2016", 10.0, "illustrative", ""),
        ("cnt", "d2", "2016", 20.0, "final", ""),
        ("cnt", "d3", "2016", 30.0, "final", ""),
        ("cnt", "p05", "2016", 60.0, "final", ""),
    )
    assert qd.district_average(frame, UNITS, "cnt", "2016", exclude) == expected


def test_districts013_district_average_without_figures():
    assert qd.district_average(obs(), UNITS, "cnt", "2016") == {"value": None, "status": "final", "n": 0}


# --- Over time --------------------------------------------------------------------------------


def test_districts014_district_series_per_year_with_targets():
    frame = obs(
        ("pct", "d2", "2016", 9.0, "final", ""),
        ("pct", "d1", "2016", 10.0, "final", ""),
        ("pct", "d1", "2015", 11.0, "illustrative", ""),
        ("pct", "d1", "2016-03", 12.0, "final", ""),  # months are left out
    )
    series = qd.district_series(frame, TARGETS, UNITS, PCT)
    assert list(zip(series["unit_id"], series["x"], series["value"], strict=True)) == [
        ("d1", "2015", 11.0),
        ("d1", "2016", 10.0),
        ("d2", "2016", 9.0),
    ]
    assert series["target"].tolist()[1:] == [9.0, 8.0]
    assert math.isnan(series["target"].iloc[0])
    assert series["target_source"].tolist() == ["", "district", "parent"]
    assert qd.district_series(frame, TARGETS, UNITS, PCT, ("d2",))["unit_id"].tolist() == ["d2"]
    assert qd.district_series(frame, TARGETS, UNITS, PCT, ("nav",)).empty


def test_districts015_profile_series_district_and_the_others_average():
    frame = obs(
        ("cnt", "d1", "2015", 1.0, "final", ""),
        ("cnt", "d1", "2016", 2.0, "final", ""),
        ("cnt", "d2", "2016", 4.0, "final", ""),
        ("cnt", "d3", "2016", 8.0, "illustrative", ""),
        ("cnt", "d3", "2015", 6.0, "final", ""),
    )
    series = qd.profile_series(frame, UNITS, "cnt", "d1")
    assert series.to_dict("records") == [
        {"series": "district", "x": "2015", "value": 1.0, "status": "final"},
        {"series": "district", "x": "2016", "value": 2.0, "status": "final"},
        {"series": "others", "x": "2015", "value": 6.0, "status": "final"},
        {"series": "others", "x": "2016", "value": 6.0, "status": "illustrative"},
    ]


def test_districts016_profile_targets_leave_out_years_without_target():
    goals = qd.profile_targets(TARGETS, UNITS, CNT, "d1", ["2016", "2015"])
    assert goals.to_dict("records") == [{"x": "2016", "target": 10.0, "status": "final", "source": "share"}]


# --- Events and the district's table ----------------------------------------------------------


def test_districts017_district_events_own_and_shared():
    table = events(
        ("2017-02", "p05", "districts", "Siste sertifisert", "", ""),
        ("2016", "d1", "districts", "Terapibasseng", "Åpnet", "Årsrapport"),
        ("2016", "d2", "districts", "Annet distrikt", "", ""),
        ("2016", "p05", "budget", "Budsjett", "", ""),
        ("2015-06-01", "d1", "organisation", "Egen hendelse", "", ""),
    )
    out = qd.district_events(table, UNITS, "d1")
    assert out["title"].tolist() == ["Egen hendelse", "Terapibasseng", "Siste sertifisert"]
    assert out["scope"].tolist() == ["district", "district", "all"]
    markers = qd.event_markers(out)
    assert markers.to_dict("records") == [
        {"x": "2015", "title": "Egen hendelse"},
        {"x": "2016", "title": "Terapibasseng"},
        {"x": "2017", "title": "Siste sertifisert"},
    ]


def test_districts018_event_markers_join_one_year():
    table = events(("2016", "d1", "districts", "A", "", ""), ("2016-05", "d1", "districts", "B", "", ""))
    assert qd.event_markers(qd.district_events(table, UNITS, "d1"))["title"].tolist() == ["A\nB"]
    assert qd.event_markers(events()).empty


def test_districts019_district_table_every_panel_indicator():
    frame = obs(
        ("cnt", "d1", "2016", 12.0, "illustrative", ""),
        ("cnt", "d2", "2016", 8.0, "final", ""),
        ("cnt", "d3", "2016", 10.0, "final", ""),
        ("pct", "d2", "2016", 9.0, "final", ""),
        ("other", "d1", "2016", 1.0, "final", ""),
    )
    rows = qd.district_table(frame, TARGETS, UNITS, INDICATORS, "d1", "2016")
    assert rows["indicator_id"].tolist() == ["cnt", "pct"]
    cnt, pct = rows.to_dict("records")
    assert (cnt["value"], cnt["status"], cnt["target"], cnt["vs_target"]) == (
        12.0,
        "illustrative",
        10.0,
        "met",
    )
    assert (cnt["others"], cnt["others_status"]) == (9.0, "final")
    assert math.isnan(pct["value"]) and pct["status"] == "" and pct["vs_target"] == "n/a"
    assert (pct["target"], pct["target_source"], pct["others"]) == (9.0, "district", 9.0)


@pytest.mark.parametrize(
    ("sources", "fallback", "expected"),
    [
        (["a", "b", "a"], "x", "a; b"),
        (["", ""], "x", "x"),
        ([], "", ""),
    ],
)
def test_districts020_sources(sources, fallback, expected):
    rows = pd.DataFrame({"source": pd.Series(sources, dtype=object)})
    assert qd.sources(rows, fallback) == expected


def test_districts021_figure_sources_of_some_units():
    frame = obs(("cnt", "d1", "2016", 1.0, "final", "A"), ("cnt", "d2", "2016", 1.0, "final", "B"))
    assert qd.figure_sources(frame, "cnt", ["d1"], "x") == "A"
    assert qd.figure_sources(frame, "pct", ["d1"], "x") == "x"


def test_districts022_district_profile_per_panel_indicator():
    frame = obs(
        ("cnt", "d1", "2015", 1.0, "final", "A"),
        ("cnt", "d1", "2016", 2.0, "final", "A"),
        ("cnt", "d2", "2016", 4.0, "final", "B"),
        ("cnt", "d1", "2016-03", 9.0, "final", "C"),  # months are not in the yearly profile
        ("other", "d1", "2016", 1.0, "final", ""),  # another panel
    )
    profile = qd.district_profile(frame, TARGETS, UNITS, INDICATORS.assign(source="Ind"), "d1")
    assert [(ind["indicator_id"], source) for ind, _, _, source in profile] == [("cnt", "A"), ("pct", "Ind")]
    _, series, goals, _ = profile[0]
    assert series[series["series"] == "district"]["value"].tolist() == [1.0, 2.0]
    assert goals["x"].tolist() == ["2016"]  # the share of P05's 2016 target; none for 2015
    _, series, goals, _ = profile[1]
    assert series.empty and goals.empty
