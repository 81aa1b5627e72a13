"""The districts page on a dataset with several areas (issue #5): the home area's districts
without a choice, the chosen units' districts otherwise, each with its own area's target."""

from __future__ import annotations

import pandas as pd
import pytest

from data import query_districts as qd

# Two municipalities, each with a programme area and its districts (a national dataset's shape).
UNITS = pd.DataFrame(
    {
        "unit_id": ["norge", "k1", "k1-p05", "k1-d1", "k1-d2", "k2", "k2-p05", "k2-d1", "k2-d2", "k2-d3"],
        "name": ["Norge", "K1", "K1 P05", "A1", "A2", "K2", "K2 P05", "B1", "B2", "B3"],
        "parent_id": ["", "norge", "k1", "k1-p05", "k1-p05", "norge", "k2", "k2-p05", "k2-p05", "k2-p05"],
        "kind": ["country", *(["municipality", "programme_area", "district", "district"] * 2), "district"],
    }
)
CNT = {"indicator_id": "cnt", "unit": "count", "direction": "higher_is_better"}
PCT = {"indicator_id": "pct", "unit": "percent", "direction": "lower_is_better"}
DISTRICTS = ["k1-d1", "k1-d2", "k2-d1", "k2-d2", "k2-d3"]
OBS = pd.DataFrame(
    [
        (i, u, "2016", float(10 * n + (i == "pct")), "final", "S")
        for i in ("cnt", "pct")
        for n, u in enumerate(DISTRICTS, 1)
    ],
    columns=["indicator_id", "unit_id", "period", "value", "status", "source"],
)
TARGETS = pd.DataFrame(
    [("cnt", "k1-p05", "2016", 20.0, 0.0, "final"), ("cnt", "k2-p05", "2016", 90.0, 0.0, "final"),
     ("pct", "k1-p05", "2016", 5.0, 0.0, "final"), ("pct", "k2-p05", "2016", 7.0, 0.0, "final")],
    columns=["indicator_id", "unit_id", "period", "target", "tolerance", "status"],
)  # fmt: skip


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        ((), ["k1-d1", "k1-d2"]),  # nothing chosen: the home area (the first district's parent)
        (("k2",), ["k2-d1", "k2-d2", "k2-d3"]),  # a municipality covers its districts
        (("k2-p05",), ["k2-d1", "k2-d2", "k2-d3"]),
        (("k2-d3", "k1-d2"), ["k1-d2", "k2-d3"]),  # districts of two areas, in tree order
        (("norge",), DISTRICTS),
        (("nosuch",), []),
    ],
)
def test_districtareas001_shown_districts_home_area_or_chosen(selected, expected):
    assert qd.shown_districts(UNITS, selected) == expected


def test_districtareas002_areas_and_their_sizes():
    assert qd.parent_of(UNITS) == "k1-p05"
    assert qd.area_districts(UNITS, "k2-p05") == ["k2-d1", "k2-d2", "k2-d3"]
    assert qd.area_of(UNITS, "k2-d2") == "k2-p05"
    assert qd.area_of(UNITS, "k2") == "k1-p05"  # no district: the home area
    assert qd.area_groups(UNITS, ["k1-d2", "k2-d1", "k2-d3"]) == [
        ("k1-p05", ["k1-d2"], 2),
        ("k2-p05", ["k2-d1", "k2-d3"], 3),
    ]


def test_districtareas003_values_share_each_areas_target_among_its_districts():
    rows = qd.district_values(OBS, TARGETS, UNITS, CNT, "2016", ("k1-d1", "k2"))
    got = dict(zip(rows["unit_id"], rows["target"], strict=True))
    assert got == {"k1-d1": 10.0, "k2-d1": 30.0, "k2-d2": 30.0, "k2-d3": 30.0}  # 20 / 2, 90 / 3
    assert set(rows["target_source"]) == {"share"}
    home = qd.district_values(OBS, TARGETS, UNITS, PCT, "2016")
    assert home["unit_id"].tolist() == ["k1-d2", "k1-d1"]  # highest first, home area only
    assert home["target"].tolist() == [5.0, 5.0]


def test_districtareas004_limit_keeps_the_first_districts_in_tree_order():
    rows = qd.district_values(OBS, TARGETS, UNITS, CNT, "2016", ("norge",), limit=3)
    assert sorted(rows["unit_id"]) == ["k1-d1", "k1-d2", "k2-d1"]
    series = qd.district_series(OBS, TARGETS, UNITS, PCT, ("norge",), limit=3)
    assert series["unit_id"].tolist() == ["k1-d1", "k1-d2", "k2-d1"]
    assert series["target"].tolist() == [5.0, 5.0, 7.0]  # each its own area's target


def test_districtareas005_average_of_the_districts_asked_for():
    home = qd.district_average(OBS, UNITS, "cnt", "2016")  # default: the home area's districts
    assert home == {"value": 15.0, "status": "final", "n": 2}
    two = qd.district_average(OBS, UNITS, "cnt", "2016", district_ids=["k2-d1", "k2-d3"])
    assert two["value"] == 40.0 and two["n"] == 2


def test_districtareas006_one_district_is_compared_with_its_own_area():
    inds = pd.DataFrame(
        {
            "indicator_id": ["cnt"],
            "name": ["Antall"],
            "name_en": ["Count"],
            "panel": ["districts"],
            "unit": ["count"],
            "direction": ["higher_is_better"],
            "decimals": [0],
        }
    )
    row = qd.district_table(OBS, TARGETS, UNITS, inds, "k2-d1", "2016").iloc[0]
    assert row["others"] == 45.0  # the mean of k2-d2 and k2-d3 (40, 50), not of k1's districts
    assert row["target"] == 30.0  # k2-p05's 90 shared by its 3 districts
    series = qd.profile_series(OBS, UNITS, "cnt", "k1-d1")
    assert series.loc[series["series"] == "others", "value"].tolist() == [20.0]


def test_districtareas007_names_two_areas_share_get_their_municipality():
    units = UNITS.assign(name=UNITS["name"].replace({"A1": "Distrikt 1", "B1": "Distrikt 1"}))
    assert qd.shown_names(units, ["k1-d1", "k1-d2"]) == {"k1-d1": "Distrikt 1", "k1-d2": "A2"}
    assert qd.shown_names(units, ["k1-d1", "k2-d1", "k2-d2"]) == {
        "k1-d1": "Distrikt 1 (K1)",
        "k2-d1": "Distrikt 1 (K2)",
        "k2-d2": "B2",
    }
    rows = qd.district_values(OBS, TARGETS, units, CNT, "2016", ("norge",))
    assert rows["name"].is_unique and "Distrikt 1 (K2)" in set(rows["name"])
