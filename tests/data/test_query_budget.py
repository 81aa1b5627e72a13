"""Budget queries over tiny inline frames (table-driven), and the shipped 2016 figures."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from data import query_budget as qb
from data.load import load_dataset
from tests.conftest import ROOT

COLUMNS = ["unit_id", "year", "period", "category", "original_budget", "revised_budget", "actual", "forecast"]

# k (municipality) -> p (programme area) -> s1 (service with two districts d1, d2) and s2 (leaf).
UNITS = pd.DataFrame(
    {
        "unit_id": ["k", "p", "s1", "d1", "d2", "s2", "x"],
        "name": ["Kommune", "P05", "Tjeneste 1", "Distrikt 1", "Distrikt 2", "Tjeneste 2", "Uten budsjett"],
        "parent_id": ["", "k", "p", "s1", "s1", "p", "k"],
    }
)


def budget(*rows, status="illustrative"):
    """Rows of (unit, year, period, category, original, revised, actual, forecast)."""
    frame = pd.DataFrame(list(rows), columns=COLUMNS)
    frame["status"] = status if isinstance(status, str) else list(status)
    return frame.astype({c: "float64" for c in COLUMNS[4:]})


def months(unit, year, category, revised, actual, forecast=None, n=12):
    """n month rows with the same amounts each month; forecast per month from `forecast(m)`."""
    return [
        (unit, year, f"M{m:02d}", category, revised, revised, actual, forecast(m) if forecast else math.nan)
        for m in range(1, n + 1)
    ]


def obs(*rows):
    return pd.DataFrame(rows, columns=["indicator_id", "unit_id", "period", "value", "status", "source"])


# --- Periods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subperiod", "expected"),
    [("year", 12), ("T1", 4), ("T2", 8), ("T3", 12), ("M01", 1), ("M05", 5), ("M12", 12), ("bogus", 12)],
)
def test_budget001_month_span(subperiod, expected):
    assert qb.month_span(subperiod) == expected


@pytest.mark.parametrize(
    ("period", "expected"),
    [("M03", ("M", 3)), ("M12", ("M", 12)), ("T2", ("T", 2)), ("year", None), ("", None), ("Mx", None)],
)
def test_budget002_step_of(period, expected):
    assert qb.step_of(period) == expected


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        (["year", "M02", "M01"], ("year", "M01", "M02")),
        (["T3", "year", "T1"], ("year", "T1", "T3")),
        (["year"], ("year",)),
        (["M01", "T1"], ("year", "T1", "M01")),
    ],
)
def test_budget003_subperiods_from_the_table(periods, expected):
    frame = budget(*[("s2", 2016, p, "Lønn", 1, 1, 1, 1) for p in periods])
    assert qb.budget_subperiods(frame) == expected


@pytest.mark.parametrize(
    ("observations", "expected"),
    [
        (obs(("dev", "p", "2015", 1, "final", "")), 2015),
        (obs(("dev", "p", "2016", 1, "illustrative", ""), ("dev", "p", "2015", 1, "final", "")), 2015),
        (obs(("dev", "p", "2016", 1, "illustrative", "")), 2016),
        (obs(("dev", "p", "2019", 1, "final", "")), 2016),  # no budget rows for 2019
        (obs(("other", "p", "2015", 1, "final", "")), 2016),
        (obs(("dev", "p", "2015-03", 1, "final", "")), 2016),  # not an annual figure
    ],
)
def test_budget004_default_year(observations, expected):
    frame = budget(*[("s2", y, "year", "Lønn", 1, 1, 1, 1) for y in (2014, 2015, 2016)])
    assert qb.default_year(frame, observations, ["dev"]) == expected


def test_budget005_default_year_without_budget():
    assert qb.default_year(budget(), obs(), ["dev"]) is None
    assert qb.budget_years(budget()) == []


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["final", "final"], "final"),
        (["final", "preliminary"], "preliminary"),
        (["final", "illustrative", "preliminary"], "illustrative"),
        ([], "final"),
    ],
)
def test_budget006_worst_status(statuses, expected):
    assert qb.worst_status(statuses) == expected


# --- Year to date ----------------------------------------------------------------------------

MONTHLY = budget(
    ("s2", 2016, "year", "Lønn", 1200, 1260, 1300, 1300),
    *months("s2", 2016, "Lønn", 105, 110, forecast=lambda m: 1260 + 5 * m),
)
TERTIALS = budget(
    ("s2", 2016, "T1", "Lønn", 400, 400, 380, 1190),
    ("s2", 2016, "T2", "Lønn", 400, 400, 410, 1195),
    ("s2", 2016, "T3", "Lønn", 400, 400, 430, 1220),
)


@pytest.mark.parametrize(
    ("frame", "subperiod", "revised", "actual", "forecast"),
    [
        (MONTHLY, "year", 1260, 1300, 1300),  # the year row
        (MONTHLY, "M01", 105, 110, 1265),
        (MONTHLY, "M05", 525, 550, 1285),  # months 1-5; the forecast made in May
        (MONTHLY, "T2", 840, 880, 1300),  # months 1-8
        (MONTHLY, "M12", 1260, 1300, 1300),  # December to date is the whole year: the year row
        (TERTIALS, "T1", 400, 380, 1190),
        (TERTIALS, "T2", 800, 790, 1195),
        (TERTIALS, "year", 1200, 1220, 1220),  # no year row: the sum of the tertials
        (TERTIALS, "M08", 800, 790, 1195),  # the tertials that end by August
        (TERTIALS, "M03", None, None, None),  # no tertial has ended
    ],
)
def test_budget007_year_to_date(frame, subperiod, revised, actual, forecast):
    out = qb.year_to_date(frame, 2016, subperiod)
    if revised is None:
        assert out.empty
        return
    assert out[["revised_budget", "actual", "forecast"]].values.tolist() == [[revised, actual, forecast]]


def test_budget008_year_to_date_keeps_missing_amounts_missing_and_leaves_input_alone():
    frame = budget(("s2", 2016, "year", "Lønn", math.nan, math.nan, 5, math.nan))
    before = frame.copy()
    out = qb.year_to_date(frame, 2016)
    assert math.isnan(out["revised_budget"].iloc[0]) and out["actual"].iloc[0] == 5
    pd.testing.assert_frame_equal(frame, before)
    assert qb.year_to_date(frame, 2015).empty


def test_budget009_year_to_date_status_is_the_weakest_row():
    frame = budget(
        ("s2", 2016, "M01", "Lønn", 1, 1, 1, 1),
        ("s2", 2016, "M02", "Lønn", 1, 1, 1, 1),
        status=["final", "illustrative"],
    )
    assert qb.year_to_date(frame, 2016, "M01")["status"].tolist() == ["final"]
    assert qb.year_to_date(frame, 2016, "M02")["status"].tolist() == ["illustrative"]


# --- Deviation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("revised", "actual", "nok", "pct", "word"),
    [
        (100, 110, 10, 10.0, "merforbruk"),
        (100, 90, -10, -10.0, "mindreforbruk"),
        (100, 100, 0, 0.0, "balanse"),
        (-100, -110, -10, -10.0, "mindreforbruk"),  # more income than budgeted
        (-100, -90, 10, 10.0, "merforbruk"),  # less income than budgeted
        (0, 50, 50, None, "merforbruk"),  # zero budget: no percentage, no division by zero
        (math.nan, 50, None, None, None),  # missing budget
        (100, math.nan, None, None, None),  # missing actual
    ],
)
def test_budget010_deviation_in_kroner_and_percent(revised, actual, nok, pct, word):
    frame = budget(("s2", 2016, "year", "Lønn", revised, revised, actual, actual))
    row = qb.breakdown(qb.year_to_date(frame, 2016), UNITS, "s2").iloc[0]
    assert (None if math.isnan(row["deviation_nok"]) else row["deviation_nok"]) == nok
    assert (None if math.isnan(row["deviation_pct"]) else pytest.approx(row["deviation_pct"])) == pct
    assert row["word"] == word


# --- Roll-up through the hierarchy -----------------------------------------------------------

TREE = budget(
    ("d1", 2016, "year", "Lønn", 100, 100, 110, 110),
    ("d1", 2016, "year", "Inntekter", -10, -10, -12, -12),
    ("d2", 2016, "year", "Lønn", 200, 210, 190, 190),
    ("s2", 2016, "year", "Lønn", 50, 60, 61, 61),
)


@pytest.mark.parametrize(
    ("parent", "selected", "expected"),
    [
        # P05 shows its children; s1 is the sum of d1 and d2.
        ("p", (), [("s1", "unit", 300, 288, -12), ("s2", "unit", 60, 61, 1)]),
        ("k", (), [("p", "unit", 360, 349, -11)]),
        ("s1", (), [("d1", "unit", 90, 98, 8), ("d2", "unit", 210, 190, -20)]),
        # A leaf unit shows its cost categories.
        ("d1", (), [("Lønn", "category", 100, 110, 10), ("Inntekter", "category", -10, -12, -2)]),
        # The unit filter restricts the units listed and summed (hierarchy-aware).
        ("p", ("d1",), [("s1", "unit", 90, 98, 8)]),
        ("p", ("s2",), [("s2", "unit", 60, 61, 1)]),
        ("p", ("s1",), [("s1", "unit", 300, 288, -12)]),
        ("p", ("p",), [("s1", "unit", 300, 288, -12), ("s2", "unit", 60, 61, 1)]),
        ("d2", ("d1",), []),
        ("x", (), []),
    ],
)
def test_budget011_breakdown_rolls_up(parent, selected, expected):
    rows = qb.breakdown(qb.year_to_date(TREE, 2016), UNITS, parent, selected)
    got = rows[["key", "kind", "revised_budget", "actual", "deviation_nok"]].values.tolist()
    assert [tuple(r) for r in got] == expected
    assert rows["drill"].tolist() == [kind == "unit" for _, kind, *_ in expected]


def test_budget012_breakdown_labels_are_unit_names():
    rows = qb.breakdown(qb.year_to_date(TREE, 2016), UNITS, "p")
    assert rows["label"].tolist() == ["Tjeneste 1", "Tjeneste 2"]


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        (TREE, "p"),  # k has one child with rows (p); p has two
        (budget(("s2", 2016, "year", "Lønn", 1, 1, 1, 1)), "s2"),  # one branch all the way down
        (budget(("d1", 2016, "year", "Lønn", 1, 1, 1, 1)), "d1"),
        (budget(), None),
    ],
)
def test_budget013_budget_root(frame, expected):
    assert qb.budget_root(UNITS, frame) == expected


def test_budget014_budget_units_and_paths():
    assert qb.budget_units(UNITS, TREE) == ["k", "p", "s1", "d1", "d2", "s2"]
    assert qb.unit_path(UNITS, "d2") == ["k", "p", "s1", "d2"]
    assert qb.unit_path(UNITS, "nope") == []
    assert qb.leaves_of(UNITS, "s1") == ["s1", "d1", "d2"]
    assert qb.leaves_of(UNITS, "s1", ["d2"]) == ["d2"]


def test_budget015_totals():
    rows = qb.breakdown(qb.year_to_date(TREE, 2016), UNITS, "p")
    total = qb.totals(rows)
    assert (total["revised_budget"], total["actual"], total["deviation_nok"]) == (360, 349, -11)
    assert total["word"] == "mindreforbruk"
    assert total["funds_added"] == 360 - 340
    assert total["deviation_pct"] == pytest.approx(-11 / 360 * 100)
    empty = qb.totals(rows.iloc[0:0])
    assert empty["deviation_nok"] is None and empty["deviation_pct"] is None and empty["funds_added"] is None


# --- Published figures -----------------------------------------------------------------------

PUBLISHED = obs(
    ("budget_deviation_nok", "p", "2016", 2_100_000, "final", "Årsrapport 2016; merforbruk"),
    ("budget_deviation_nok", "p", "2015", -600_000, "illustrative", "generert"),
)


@pytest.mark.parametrize(
    ("unit", "year", "expected"),
    [("p", 2016, (2_100_000.0, "Årsrapport 2016; merforbruk")), ("p", 2015, None), ("k", 2016, None)],
)
def test_budget016_published(unit, year, expected):
    assert qb.published(PUBLISHED, "budget_deviation_nok", unit, year) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2_100_000, True),
        (2_100_000.5, True),  # the tolerance edge counts
        (2_099_999.5, True),
        (2_100_000.6, False),
        (2_099_999, False),
        (None, False),
        (math.nan, False),
    ],
)
def test_budget017_matches_to_the_krone(value, expected):
    assert qb.matches(value, (2_100_000.0, "")) is expected


def test_budget018_matches_nothing_without_a_published_figure():
    assert qb.matches(2_100_000, None) is False


BOTH = obs(
    ("budget_deviation_nok", "p", "2016", 2_100_000, "final", "Årsrapport 2016 – Økonomi; merforbruk > 0"),
    ("operating_funds_added_nok", "p", "2016", 10_900_000, "final", "Årsrapport 2016 – Økonomi"),
    ("budget_deviation_nok", "p", "2015", -600_000, "illustrative", "generert"),
    ("operating_funds_added_nok", "p", "2015", 7_300_000, "illustrative", "generert"),
)


@pytest.mark.parametrize(
    ("unit", "year", "deviation", "funds", "expected"),
    [
        ("p", 2016, 2_100_000, 10_900_000, "Årsrapport 2016 – Økonomi"),
        ("p", 2016, 2_100_000.4, 10_899_999.6, "Årsrapport 2016 – Økonomi"),
        ("p", 2016, 2_100_000, 10_800_000, None),  # the funds added differ
        ("p", 2016, 2_000_000, 10_900_000, None),  # the deviation differs
        ("p", 2016, None, 10_900_000, None),
        ("p", 2015, -600_000, 7_300_000, None),  # illustrative figures are not published
        ("s1", 2016, 2_100_000, 10_900_000, None),  # published for p only
    ],
)
def test_budget023_published_match(unit, year, deviation, funds, expected):
    total = {"deviation_nok": deviation, "funds_added": funds}
    assert qb.published_match(BOTH, unit, year, total) == expected


# --- Cumulative deviation --------------------------------------------------------------------

CUMULATIVE = budget(
    *months("s2", 2016, "Lønn", 100, 110, forecast=lambda m: 1200 + 10 * m),
    *months("s2", 2015, "Lønn", 100, 95),
)


@pytest.mark.parametrize(
    ("subperiod", "current", "forecast"),
    [
        ("M03", [10, 20, 30], [10, 20, 30]),
        ("T1", [10, 20, 30, 40], [10, 20, 30, 40]),
        ("year", [10 * m for m in range(1, 13)], [10 * m for m in range(1, 13)]),
    ],
)
def test_budget019_cumulative_month_by_month(subperiod, current, forecast):
    out = qb.cumulative(CUMULATIVE, ["s2"], 2016, subperiod)
    cur = out[out["series"] == "current"]
    assert cur["value"].tolist() == current
    assert cur["period"].tolist() == [f"M{m:02d}" for m in range(1, len(current) + 1)]
    # The year-end deviation as forecast each month: forecast − the year's revised budget (1 200).
    assert out[out["series"] == "forecast"]["value"].tolist() == forecast
    previous = out[out["series"] == "previous"]
    assert previous["year"].unique().tolist() == [2015]
    assert previous["value"].tolist() == [-5 * m for m in range(1, 13)]


def test_budget020_cumulative_by_tertial_and_without_data():
    out = qb.cumulative(TERTIALS, ["s2"], 2016, "T2")
    assert out["series"].tolist() == ["current", "forecast", "current", "forecast"]
    assert out["period"].tolist() == ["T1", "T1", "T2", "T2"]
    assert out["value"].tolist() == [-20, -10, -10, -5]  # forecast − 1 200
    assert qb.cumulative(TERTIALS, ["d1"], 2016).empty
    assert qb.cumulative(budget(("s2", 2016, "year", "Lønn", 1, 1, 1, 1)), ["s2"], 2016).empty


# --- The shipped dataset reproduces the annual report ----------------------------------------


@pytest.fixture(scope="module")
def drammen():
    return load_dataset(ROOT / "data" / "drammen").tables


def test_budget021_2016_totals_reproduce_the_annual_report(drammen):
    units, table, observations = drammen["units"], drammen["budget"], drammen["observations"]
    root = qb.budget_root(units, table)
    assert root == "p05"
    rows = qb.breakdown(qb.year_to_date(table, 2016), units, root)
    total = qb.totals(rows)
    assert len(rows) == 16
    assert total["deviation_nok"] == 2_100_000  # merforbruk 2,1 mill. kr against the revised budget
    assert total["word"] == "merforbruk"
    assert total["funds_added"] == 10_900_000  # 10,9 mill. kr permanent operating funds added
    assert (
        qb.published_match(observations, root, 2016, total)
        == "Årsrapport 2016, P05 Helse og omsorg – Økonomi"
    )
    assert set(rows["status"]) == {"illustrative"}  # the breakdown is illustrative


def test_budget022_drammen_options(drammen):
    table, observations = drammen["budget"], drammen["observations"]
    assert qb.budget_years(table) == [2013, 2014, 2015, 2016]
    assert qb.default_year(table, observations, [qb.DEVIATION_INDICATOR, qb.FUNDS_INDICATOR]) == 2016
    assert qb.budget_subperiods(table) == ("year", *(f"M{m:02d}" for m in range(1, 13)))
    # The months add up to the year: year to date at December equals the whole year.
    december = qb.totals(qb.breakdown(qb.year_to_date(table, 2016, "M12"), drammen["units"], "p05"))
    assert december["deviation_nok"] == 2_100_000


def test_budget_rest001_largest_deviations_then_one_bar_for_the_rest():
    """A national view: the 4 largest deviations in their order, and the other 6 summed."""
    revised = [100.0 + i for i in range(10)]
    actual = [r + d for r, d in zip(revised, [5, -50, 1, 30, -2, 0, 8, -40, 3, math.nan], strict=True)]
    frame = pd.DataFrame(
        {
            "key": [f"u{i}" for i in range(10)],
            "label": [f"Enhet {i}" for i in range(10)],
            "kind": "unit",
            "drill": True,
            "original_budget": revised,
            "revised_budget": revised,
            "actual": actual,
            "forecast": actual,
            "status": ["final"] * 9 + ["illustrative"],
        }
    )
    nok = frame["actual"] - frame["revised_budget"]
    frame = frame.assign(deviation_nok=nok, deviation_pct=nok / frame["revised_budget"] * 100)
    frame["word"] = ["merforbruk" if n > 0 else "mindreforbruk" if n < 0 else "balanse" for n in nok]
    bars = qb.largest_and_rest(frame, 5, lambda n: f"Øvrige {n}")
    assert list(bars["key"]) == ["u1", "u3", "u6", "u7", ""]  # -50, 30, 8, -40 in order; u9 has none
    rest = bars.iloc[-1]
    assert rest["label"] == "Øvrige 5" and rest["kind"] == "rest"
    assert rest["deviation_nok"] == 5 + 1 - 2 + 0 + 3
    with_deviation = frame[frame["deviation_nok"].notna()]
    assert bars["revised_budget"].sum() == with_deviation["revised_budget"].sum()
    assert bars["actual"].sum() == with_deviation["actual"].sum()
    assert rest["status"] == "final"  # u9, the illustrative one, has no deviation and is left out
    # At or under the limit: the rows with a deviation, as they are; none: none, same columns.
    assert list(qb.largest_and_rest(frame, 9, str)["key"]) == [f"u{i}" for i in range(9)]
    none = qb.largest_and_rest(frame.iloc[0:0], 5, str)
    assert none.empty and list(none.columns) == list(frame.columns)
