"""Queries over tiny inline frames (table-driven)."""

from __future__ import annotations

import pandas as pd
import pytest

from data import query

UNITS = pd.DataFrame(
    {
        "unit_id": ["kommune", "p05", "d1", "d2"],
        "name": ["Kommune", "P05", "Distrikt 1", "Distrikt 2"],
        "parent_id": ["", "kommune", "p05", "p05"],
    }
)
INDICATORS = pd.DataFrame(
    {
        "indicator_id": ["a", "b", "c"],
        "name": ["A", "B", "C"],
        "panel": ["districts", "housing", "districts"],
    }
)


def obs(*rows):
    return pd.DataFrame(rows, columns=["indicator_id", "unit_id", "period", "value", "status", "source"])


def test_query001_unit_depths():
    assert query.unit_depths(UNITS) == {"kommune": 0, "p05": 1, "d1": 2, "d2": 2}


def test_query002_unit_depths_skip_units_off_the_tree():
    units = pd.concat(
        [UNITS, pd.DataFrame({"unit_id": ["x", "y"], "name": ["X", "Y"], "parent_id": ["y", "x"]})]
    )
    assert set(query.unit_depths(units)) == {"kommune", "p05", "d1", "d2"}


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([("a", "p05", "2016", 1, "final", ""), ("a", "p05", "2017", 1, "illustrative", "")], 2016),
        ([("a", "p05", "2015", 1, "final", ""), ("a", "p05", "2017-02", 1, "final", "")], 2015),
        ([("a", "p05", "2014", 1, "illustrative", "")], 2014),
        ([("a", "p05", "2016-03", 1, "final", "")], None),
        ([], None),
    ],
)
def test_query003_latest_published_year(rows, expected):
    assert query.latest_published_year(obs(*rows)) == expected


def test_query004_available_years_from_every_period_kind():
    frame = obs(
        ("a", "p05", "2013", 1, "final", ""),
        ("a", "p05", "2014-03", 1, "final", ""),
        ("a", "p05", "2016-T2", 1, "final", ""),
    )
    assert query.available_years(frame) == [2013, 2014, 2016]


def test_query005_headline_prefers_the_highest_unit_and_latest_year():
    frame = obs(
        ("a", "d1", "2016", 10, "illustrative", ""),
        ("a", "d2", "2016", 20, "illustrative", ""),
        ("a", "p05", "2016", 30, "final", "Årsrapport"),
        ("a", "p05", "2015", 25, "final", ""),
        ("c", "d1", "2015", 5, "illustrative", ""),
        ("c", "d1", "2017", 6, "illustrative", ""),
        ("b", "p05", "2016", 1, "final", ""),
    )
    out = query.headline(frame, INDICATORS, UNITS, 2016, panel="districts")
    assert out[["indicator_id", "unit_id", "year", "value", "status"]].values.tolist() == [
        ["a", "p05", 2016, 30, "final"],
        ["c", "d1", 2015, 5, "illustrative"],
    ]
    assert out["unit_name"].tolist() == ["P05", "Distrikt 1"]
    assert out["source_obs"].tolist() == ["Årsrapport", ""]


def test_query005b_headline_prefers_published_over_illustrative():
    frame = obs(
        ("a", "p05", "2015", 3357, "final", ""),
        ("a", "p05", "2016", 3410, "illustrative", ""),
        ("c", "p05", "2015", 1, "final", ""),
        ("c", "p05", "2016", 2, "preliminary", ""),
    )
    out = query.headline(frame, INDICATORS, UNITS, 2016)
    assert out[["indicator_id", "year", "value"]].values.tolist() == [["a", 2015, 3357], ["c", 2016, 2]]


def test_query006_headline_without_figures_is_empty():
    frame = obs(("a", "p05", "2018", 1, "final", ""))
    assert query.headline(frame, INDICATORS, UNITS, 2016).empty


def test_query007_headline_does_not_change_its_inputs():
    frame = obs(("a", "p05", "2016", 30, "final", ""))
    before = frame.copy()
    query.headline(frame, INDICATORS, UNITS, 2016)
    pd.testing.assert_frame_equal(frame, before)


H, L, N = "higher_is_better", "lower_is_better", "neutral"


@pytest.mark.parametrize(
    ("value", "target", "tolerance", "direction", "expected"),
    [
        (101, 100, 5, H, "met"),
        (100, 100, 5, H, "met"),
        (97, 100, 5, H, "near"),
        (95, 100, 5, H, "near"),  # the tolerance edge is near
        (94.9, 100, 5, H, "missed"),
        (10, 12, 2, L, "met"),
        (12, 12, 2, L, "met"),
        (14, 12, 2, L, "near"),  # edge
        (14.01, 12, 2, L, "missed"),
        (99, 100, 0, H, "missed"),
        (99, 100, None, H, "missed"),
        (130, 130, 0, N, "met"),
        (125, 130, 5, N, "met"),
        (136, 130, 5, N, "missed"),
        (None, 100, 5, H, "n/a"),
        (float("nan"), 100, 5, H, "n/a"),
        (100, None, 5, L, "n/a"),
        (100, float("inf"), 5, L, "n/a"),
        (100, 100, 5, "sideways", "n/a"),
        (90, 100, -15, H, "near"),  # a negative tolerance is read as its size
    ],
)
def test_query008_target_status(value, target, tolerance, direction, expected):
    assert query.target_status(value, target, tolerance, direction) == expected


@pytest.mark.parametrize(
    ("actual", "budget", "nok", "pct", "word"),
    [
        (102.1, 100.0, 2.1, 2.1, "merforbruk"),
        (95, 100, -5, -5.0, "mindreforbruk"),
        (100, 100, 0, 0.0, "balanse"),
        (50, 0, 50, None, "merforbruk"),
        (-120, -100, -20, -20.0, "mindreforbruk"),  # income above budget
        (None, 100, None, None, None),
        (100, None, None, None, None),
        (100, float("nan"), None, None, None),
    ],
)
def test_query009_deviation(actual, budget, nok, pct, word):
    got_nok, got_pct = query.deviation(actual, budget)
    assert got_nok == pytest.approx(nok) if nok is not None else got_nok is None
    assert got_pct == pytest.approx(pct) if pct is not None else got_pct is None
    assert query.deviation_word(got_nok) == word


def test_query010_numpy_scalars_count_as_numbers():
    import numpy as np

    assert query.target_status(np.int64(5), np.float64(4), np.int64(0), H) == "met"
    assert query.deviation(np.int64(5), np.int64(4))[0] == 1


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        ([], ["kommune", "p05", "d1", "d2"]),
        (["p05"], ["p05", "d1", "d2"]),
        (["d2"], ["d2"]),
        (["d2", "p05"], ["d2", "p05", "d1"]),
        (["nope"], []),
    ],
)
def test_query011_expand_units_is_hierarchy_aware(selected, expected):
    assert query.expand_units(UNITS, selected) == expected


def test_query012_descendants():
    assert query.descendants(UNITS, "kommune") == ["p05", "d1", "d2"]
    assert query.descendants(UNITS, "d1") == []
