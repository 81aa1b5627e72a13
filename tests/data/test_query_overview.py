"""Overview queries over tiny inline frames (table-driven)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from data import query_overview as qo

UNITS = pd.DataFrame(
    {
        "unit_id": ["kommune", "p05", "d1", "d2", "nav"],
        "name": ["Kommune", "P05", "Distrikt 1", "Distrikt 2", "NAV"],
        "parent_id": ["", "kommune", "p05", "p05", "p05"],
        "kind": ["municipality", "programme_area", "district", "district", "service"],
    }
)
INDICATORS = pd.DataFrame(
    {
        "indicator_id": ["wait", "rehab", "other"],
        "name": ["Ventetid", "Rehabilitering", "Annet"],
        "name_en": ["Waiting", "Rehab", ""],
        "panel": ["districts", "districts", "housing"],
        "goal_area": ["Hjelp når du trenger det", "Lengst mulig i eget liv", "Nytt målområde"],
        "unit": ["days", "count", "count"],
        "direction": ["lower_is_better", "higher_is_better", "neutral"],
        "decimals": [1, 0, 0],
        "source": ["", "", ""],
    }
)


def obs(*rows):
    return pd.DataFrame(rows, columns=["indicator_id", "unit_id", "period", "value", "status", "source"])


def targets(*rows):
    return pd.DataFrame(rows, columns=["indicator_id", "unit_id", "period", "target", "tolerance", "status"])


NO_TARGETS = targets()


@pytest.mark.parametrize(
    ("indicator", "value", "target", "tolerance", "expected"),
    [
        # lower is better (waiting days): at or below the target is met, the tolerance above is near
        ("wait", 10.0, 10.0, 1.0, "met"),
        ("wait", 9.0, 10.0, 1.0, "met"),
        ("wait", 11.0, 10.0, 1.0, "near"),  # on the tolerance edge
        ("wait", 11.01, 10.0, 1.0, "missed"),
        ("wait", 10.5, 10.0, 0.0, "missed"),  # no tolerance
        # higher is better (rehabilitation): at or above is met, the tolerance below is near
        ("rehab", 100.0, 100.0, 10.0, "met"),
        ("rehab", 120.0, 100.0, 10.0, "met"),
        ("rehab", 90.0, 100.0, 10.0, "near"),  # on the tolerance edge
        ("rehab", 89.0, 100.0, 10.0, "missed"),
        # neutral: within the tolerance either side
        ("other", 104.0, 100.0, 5.0, "met"),
        ("other", 94.0, 100.0, 5.0, "missed"),
        # no target for that unit and year
        ("rehab", 100.0, None, None, "n/a"),
    ],
)
def test_overview001_with_targets_status_is_direction_aware(indicator, value, target, tolerance, expected):
    frame = pd.DataFrame({"indicator_id": [indicator], "unit_id": ["p05"], "year": [2016], "value": [value]})
    goals = targets() if target is None else targets((indicator, "p05", "2016", target, tolerance, "final"))
    directions = dict(zip(INDICATORS["indicator_id"], INDICATORS["direction"], strict=True))
    out = qo.with_targets(frame, goals, directions)
    assert out["against_target"].tolist() == [expected]
    assert list(frame.columns) == ["indicator_id", "unit_id", "year", "value"]  # input unchanged


@pytest.mark.parametrize(
    ("goal_rows", "expected_target", "expected_status"),
    [
        ([("rehab", "p05", "2016", 100, 10, "illustrative")], 100.0, "illustrative"),
        ([("rehab", "p05", "2016", 100, 10, "final")], 100.0, "final"),
        ([("rehab", "p05", "2015", 100, 10, "final")], None, ""),  # another year
        ([("rehab", "d1", "2016", 100, 10, "final")], None, ""),  # another unit
        ([("rehab", "p05", "2016-T1", 100, 10, "final")], None, ""),  # not an annual target
    ],
)
def test_overview002_target_is_for_the_same_indicator_unit_and_year(
    goal_rows, expected_target, expected_status
):
    frame = pd.DataFrame({"indicator_id": ["rehab"], "unit_id": ["p05"], "year": [2016], "value": [95.0]})
    out = qo.with_targets(frame, targets(*goal_rows), {"rehab": "higher_is_better"})
    got = out["target"].iloc[0]
    assert math.isnan(got) if expected_target is None else got == expected_target
    assert out["target_status"].iloc[0] == expected_status


def test_overview003_card_prefers_the_published_figure_with_its_year():
    data = obs(
        ("wait", "p05", "2014", 12.0, "final", ""),
        ("wait", "p05", "2015", 10.0, "final", "Årsrapport"),
        ("wait", "p05", "2016", 14.0, "illustrative", ""),
        ("rehab", "p05", "2015", 80.0, "illustrative", ""),
        ("rehab", "p05", "2016", 100.0, "illustrative", ""),
        ("rehab", "d1", "2016", 60.0, "final", ""),
    )
    goals = targets(
        ("wait", "p05", "2015", 9.0, 1.0, "final"), ("rehab", "p05", "2016", 90.0, 5.0, "illustrative")
    )
    cards = qo.card_figures(data, INDICATORS, UNITS, goals, 2016).set_index("indicator_id")
    wait = cards.loc["wait"]
    assert (wait["year"], wait["value"], wait["status"]) == (2015, 10.0, "final")
    assert (wait["target"], wait["against_target"]) == (9.0, "near")
    assert (wait["prev_value"], wait["prev_status"]) == (12.0, "final")
    assert wait["change_pct"] == pytest.approx(-16.6667, abs=1e-3)
    rehab = cards.loc["rehab"]  # a published district figure comes before the illustrative total
    assert rehab["unit_id"] == "d1" and rehab["status"] == "final"


@pytest.mark.parametrize(
    ("rows", "expected_change", "expected_prev"),
    [
        (
            [("rehab", "p05", "2015", 80.0, "final", ""), ("rehab", "p05", "2016", 100.0, "final", "")],
            25.0,
            80.0,
        ),
        (
            [("rehab", "p05", "2015", 100.0, "final", ""), ("rehab", "p05", "2016", 80.0, "final", "")],
            -20.0,
            100.0,
        ),
        ([("rehab", "p05", "2015", 0.0, "final", ""), ("rehab", "p05", "2016", 5.0, "final", "")], None, 0.0),
        ([("rehab", "p05", "2016", 5.0, "final", "")], None, None),  # nothing the year before
        (
            [("rehab", "p05", "2014", 5.0, "final", ""), ("rehab", "p05", "2016", 6.0, "final", "")],
            None,
            None,
        ),
        ([("rehab", "d1", "2015", 5.0, "final", ""), ("rehab", "p05", "2016", 6.0, "final", "")], None, None),
    ],
)
def test_overview004_change_from_the_year_before_for_the_same_unit(rows, expected_change, expected_prev):
    card = qo.card_figures(obs(*rows), INDICATORS, UNITS, NO_TARGETS, 2016).iloc[0]
    if expected_change is None:
        assert card["change_pct"] is None or math.isnan(card["change_pct"])
    else:
        assert card["change_pct"] == pytest.approx(expected_change)
    if expected_prev is None:
        assert math.isnan(card["prev_value"]) and card["prev_status"] == ""
    else:
        assert card["prev_value"] == expected_prev


def test_overview005_cards_up_to_the_year_and_empty_input():
    data = obs(("rehab", "p05", "2017", 1.0, "final", ""))
    assert qo.card_figures(data, INDICATORS, UNITS, NO_TARGETS, 2016).empty
    empty = qo.card_figures(obs(), INDICATORS, UNITS, NO_TARGETS, 2016)
    assert empty.empty and {"against_target", "change_pct", "target"} <= set(empty.columns)
    assert qo.status_counts(empty) == {"met": 0, "near": 0, "missed": 0, "n/a": 0}
    assert qo.rests_on_illustrative(empty) == 0


@pytest.mark.parametrize(
    ("against", "status", "target_status", "counts", "illustrative"),
    [
        (
            ["met", "met", "missed"],
            ["final"] * 3,
            ["final"] * 3,
            {"met": 2, "near": 0, "missed": 1, "n/a": 0},
            0,
        ),
        (
            ["near", "n/a"],
            ["illustrative", "final"],
            ["final", ""],
            {"met": 0, "near": 1, "missed": 0, "n/a": 1},
            1,
        ),
        (
            ["met", "n/a"],
            ["final", "illustrative"],
            ["illustrative", ""],
            {"met": 1, "near": 0, "missed": 0, "n/a": 1},
            1,
        ),
    ],
)
def test_overview006_status_counts_and_what_rests_on_illustrative(
    against, status, target_status, counts, illustrative
):
    cards = pd.DataFrame({"against_target": against, "status": status, "target_status": target_status})
    assert qo.status_counts(cards) == counts
    assert list(qo.status_counts(cards)) == ["met", "near", "missed", "n/a"]
    assert qo.rests_on_illustrative(cards) == illustrative


def test_overview007_goal_areas_in_the_annual_reports_order_then_others():
    cards = pd.DataFrame(
        {
            "indicator_id": ["a", "b", "c", "d"],
            "goal_area": ["Nytt målområde", "Kompetanse", "Lengst mulig i eget liv", "Kompetanse"],
        }
    )
    groups = qo.goal_areas(cards)
    assert [g for g, _ in groups] == ["Lengst mulig i eget liv", "Kompetanse", "Nytt målområde"]
    assert groups[1][1]["indicator_id"].tolist() == ["b", "d"]
    assert qo.goal_areas(cards.iloc[0:0]) == []


def test_overview008_sparklines_follow_the_cards_unit_up_to_the_year():
    data = obs(
        ("rehab", "p05", "2014", 1.0, "illustrative", ""),
        ("rehab", "p05", "2015", 2.0, "final", ""),
        ("rehab", "p05", "2015-03", 9.0, "final", ""),  # months are not in the sparkline
        ("rehab", "p05", "2017", 3.0, "final", ""),
        ("rehab", "d1", "2015", 7.0, "final", ""),
    )
    cards = pd.DataFrame({"indicator_id": ["rehab"], "unit_id": ["p05"]})
    lines = qo.sparklines(data, cards, 2016)
    assert list(lines) == ["rehab"]
    assert lines["rehab"].to_dict("list") == {
        "year": [2014, 2015],
        "value": [1.0, 2.0],
        "status": ["illustrative", "final"],
    }


@pytest.mark.parametrize(
    ("unit", "expected"),
    [("d1", ["p05", "kommune"]), ("p05", ["kommune"]), ("kommune", []), ("unknown", [])],
)
def test_overview009_ancestors(unit, expected):
    assert qo.ancestors(UNITS, unit) == expected


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([("rehab", "d1", "2016", 1, "final", ""), ("rehab", "p05", "2015", 1, "final", "")], "p05"),
        ([("rehab", "d2", "2016", 1, "final", ""), ("rehab", "d1", "2016", 1, "final", "")], "d1"),
        ([("rehab", "p05", "2016-03", 1, "final", "")], None),  # monthly only
        ([("wait", "p05", "2016", 1, "final", "")], None),  # another indicator
    ],
)
def test_overview010_top_unit_is_the_highest_with_annual_figures(rows, expected):
    assert qo.top_unit(obs(*rows), UNITS, "rehab") == expected


def test_overview011_series_in_the_order_of_the_units_then_years():
    data = obs(
        ("rehab", "d1", "2016", 3.0, "illustrative", ""),
        ("rehab", "d1", "2015", 2.0, "final", ""),
        ("rehab", "p05", "2015", 5.0, "final", ""),
        ("rehab", "d2", "2015", 9.0, "final", ""),
        ("rehab", "d1", "2015-03", 1.0, "final", ""),
        ("wait", "d1", "2015", 1.0, "final", ""),
    )
    out = qo.series(data, UNITS, "rehab", ["p05", "d1"])
    assert out[["label", "year", "value", "status"]].values.tolist() == [
        ["P05", 2015, 5.0, "final"],
        ["Distrikt 1", 2015, 2.0, "final"],
        ["Distrikt 1", 2016, 3.0, "illustrative"],
    ]


@pytest.mark.parametrize(
    ("rows", "units", "expected"),
    [
        # one unit: its own targets, in year order
        (
            [("rehab", "d1", "2016", 12, 1, "final"), ("rehab", "d1", "2015", 10, 1, "final")],
            ["d1"],
            [(2015, 10.0, "final"), (2016, 12.0, "final")],
        ),
        # several units sharing one target in every year: one line
        (
            [("rehab", "d1", "2016", 8.8, 0.5, "final"), ("rehab", "d2", "2016", 8.8, 0.5, "illustrative")],
            ["d1", "d2"],
            [(2016, 8.8, "illustrative")],
        ),
        # several units with different targets: no single line
        (
            [("rehab", "d1", "2016", 10, 1, "final"), ("rehab", "d2", "2016", 12, 1, "final")],
            ["d1", "d2"],
            [],
        ),
        # one of several units without a target: no line
        ([("rehab", "d1", "2016", 10, 1, "final")], ["d1", "d2"], []),
        # no targets for these units
        ([("rehab", "p05", "2016", 10, 1, "final")], ["d1"], []),
    ],
)
def test_overview012_target_line(rows, units, expected):
    out = qo.target_line(targets(*rows), "rehab", units)
    assert list(out.itertuples(index=False, name=None)) == expected


EVENTS = pd.DataFrame(
    {
        "date": ["2016-06-14", "2015", "2017-02", "2016", "2016", "2014"],
        "unit_id": ["d1", "kommune", "p05", "d2", "p05", "p05"],
        "panel": ["districts", "overview", "districts", "districts", "housing", "districts"],
        "title": ["d1 event", "kommune overview", "p05 2017", "d2 event", "housing event", "p05 2014"],
        "description": [""] * 6,
        "source": [""] * 6,
    }
)


@pytest.mark.parametrize(
    ("units", "years", "expected"),
    [
        (["d1"], None, ["p05 2014", "kommune overview", "d1 event", "p05 2017"]),
        (["p05"], None, ["p05 2014", "kommune overview", "p05 2017"]),  # not the units below
        (["d1", "d2"], (2015, 2016), ["kommune overview", "d2 event", "d1 event"]),
        (["nav"], (2016, 2016), []),
    ],
)
def test_overview013_events_of_the_panel_for_the_units_and_those_above(units, years, expected):
    out = qo.events_for(EVENTS, UNITS, "districts", units, years)
    assert out["title"].tolist() == expected


BREAKDOWN_OBS = obs(
    ("wait", "p05", "2016", 10.0, "final", ""),
    ("wait", "d1", "2016", 12.0, "illustrative", ""),
    ("wait", "d2", "2016", 8.0, "illustrative", ""),
    ("wait", "nav", "2016", 8.0, "illustrative", ""),
    ("wait", "d1", "2015", 99.0, "illustrative", ""),
)


@pytest.mark.parametrize(
    ("chosen", "year", "expected"),
    [
        ((), 2016, ["d1", "d2", "nav"]),  # the most detailed units, largest first (ties by name)
        (("p05",), 2016, ["d1", "d2", "nav"]),  # a parent rolls down to the units below it
        (("d2", "d1"), 2016, ["d1", "d2"]),
        (("kommune",), 2015, ["d1"]),
        (("d1",), 2014, []),
    ],
)
def test_overview014_breakdown_by_the_most_detailed_units(chosen, year, expected):
    out = qo.breakdown(BREAKDOWN_OBS, UNITS, NO_TARGETS, "wait", "lower_is_better", year, chosen)
    assert out["unit_id"].tolist() == expected


def test_overview015_breakdown_total_alone_and_status_per_unit():
    data = obs(("wait", "p05", "2016", 10.0, "final", ""))
    out = qo.breakdown(data, UNITS, NO_TARGETS, "wait", "lower_is_better", 2016)
    assert out["unit_id"].tolist() == ["p05"] and out["against_target"].tolist() == ["n/a"]
    goals = targets(
        ("wait", "d1", "2016", 11.0, 1.0, "illustrative"), ("wait", "d2", "2016", 9.0, 1.0, "final")
    )
    out = qo.breakdown(BREAKDOWN_OBS, UNITS, goals, "wait", "lower_is_better", 2016, ("d1", "d2"))
    assert out[["unit_id", "name", "kind", "against_target", "target_status"]].values.tolist() == [
        ["d1", "Distrikt 1", "district", "near", "illustrative"],
        ["d2", "Distrikt 2", "district", "met", "final"],
    ]


SERIES_OBS = obs(
    ("wait", "p05", "2015", 10.0, "final", ""),
    ("wait", "p05", "2016", 11.0, "illustrative", ""),
    ("wait", "d1", "2015", 12.0, "illustrative", ""),
    ("wait", "d2", "2016", 9.0, "illustrative", ""),
)
SERIES_TARGETS = targets(
    ("wait", "p05", "2016", 10.0, 1.0, "final"),
    ("wait", "d1", "2015", 11.0, 1.0, "illustrative"),
    ("wait", "d2", "2016", 9.5, 1.0, "illustrative"),
)
WAIT = {"indicator_id": "wait", "direction": "lower_is_better", "panel": "districts"}


@pytest.mark.parametrize(
    ("chosen", "labels", "years", "line_years", "left_out", "events"),
    [
        ((), ["P05"], [2015, 2016], [2016], False, ["p05 2014", "kommune overview", "p05 2017"]),
        (
            ("d1",),
            ["Distrikt 1"],
            [2015],
            [2015],
            False,
            ["p05 2014", "kommune overview", "d1 event", "p05 2017"],
        ),
        (("d1", "d2"), ["Distrikt 1", "Distrikt 2"], [2015, 2016], [], True, None),
        (("nav",), ["NAV"], [], [], False, ["p05 2014", "kommune overview", "p05 2017"]),  # no figures
    ],
)
def test_overview016_series_view_for_the_chosen_units_or_the_top_unit(
    chosen, labels, years, line_years, left_out, events
):
    view = qo.series_view(SERIES_OBS, UNITS, SERIES_TARGETS, EVENTS, WAIT, chosen)
    assert view.labels == labels and view.years == years
    assert view.target_line["year"].tolist() == line_years
    assert view.target_line_left_out is left_out
    if events is not None:
        assert view.events["title"].tolist() == events
    if years:
        assert view.span == (years[0], years[-1])
        assert view.events_in_span["year"].between(*view.span).all()
    else:
        assert view.span is None and view.events_in_span.empty
    assert set(view.rows["against_target"]) <= {"met", "near", "missed", "n/a"}


def test_overview017_series_view_status_of_each_figure_against_its_target():
    view = qo.series_view(SERIES_OBS, UNITS, SERIES_TARGETS, EVENTS, WAIT, ())
    assert view.rows[["year", "value", "target", "against_target"]].fillna(0).values.tolist() == [
        [2015, 10.0, 0.0, "n/a"],
        [2016, 11.0, 10.0, "near"],
    ]
