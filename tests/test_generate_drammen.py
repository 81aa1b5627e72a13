"""The Drammen dataset generator: reproducible, faithful to the published figures, consistent."""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from data import generate_drammen as gen

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / "data" / "drammen"
PUBLISHED = ROOT / "data" / "published" / "drammen.csv"
YEARS = ("2013", "2014", "2015", "2016")
MONTHS = tuple(f"{m:02d}" for m in range(1, 13))
KEY = ["indicator_id", "unit_id", "period"]


@cache
def table(name: str) -> pd.DataFrame:
    frame = pd.read_csv(DATASET / f"{name}.csv", dtype=str, keep_default_na=False)
    for column in ("value", "target", "tolerance", "original_budget", "revised_budget", "actual", "forecast"):
        if column in frame:
            frame[column] = frame[column].astype(float)
    return frame


@cache
def published(kind: str) -> pd.DataFrame:
    frame = pd.read_csv(PUBLISHED, dtype=str, keep_default_na=False)
    frame = frame[frame["kind"] == kind].copy()
    frame["value"] = frame["value"].astype(float)
    return frame


def values(indicator_id: str) -> dict[tuple[str, str], float]:
    """(unit_id, period) -> value for one indicator."""
    obs = table("observations").query("indicator_id == @indicator_id")
    return dict(zip(zip(obs["unit_id"], obs["period"], strict=True), obs["value"], strict=True))


def units_of_kind(*kinds: str) -> list[str]:
    units = table("units")
    return list(units.loc[units["kind"].isin(kinds), "unit_id"])


DISTRICTS = units_of_kind("district")
LEAVES = units_of_kind("service", "district", "staff")


# Reproducibility ------------------------------------------------------------------------------


def test_check_passes_on_the_committed_files():
    assert gen.main(["--check"]) == 0


def test_check_fails_on_a_stale_file(tmp_path):
    assert gen.main(["--out", str(tmp_path)]) == 0
    assert gen.main(["--check", "--out", str(tmp_path)]) == 0
    (tmp_path / "targets.csv").write_text("indicator_id\n", encoding="utf-8")
    reports: list[str] = []
    assert gen.main(["--check", "--out", str(tmp_path)], report=reports.append) == 1
    assert len(reports) == 1 and "targets.csv" in reports[0]


def test_regenerating_gives_identical_bytes(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    gen.main(["--out", str(first)])
    gen.main(["--out", str(second)])
    names = sorted(p.name for p in first.iterdir())
    assert names == [
        "budget.csv",
        "events.csv",
        "indicators.csv",
        "observations.csv",
        "targets.csv",
        "units.csv",
    ]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes() == (DATASET / name).read_bytes()


def test_the_dataset_validates():
    result = subprocess.run(
        [sys.executable, "-m", "data.validate", str(DATASET)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


# Published figures and status -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name", "column"), [("observation", "observations", "value"), ("target", "targets", "target")]
)
def test_no_published_figure_is_overridden(kind, name, column):
    expected = published(kind)[[*KEY, "value"]].rename(columns={"value": "published"})
    merged = expected.merge(table(name), on=KEY, how="left", validate="one_to_one")
    assert (merged[column] == merged["published"]).all(), merged[merged[column] != merged["published"]]
    assert (merged["status"] == "final").all()


@pytest.mark.parametrize(("kind", "name"), [("observation", "observations"), ("target", "targets")])
def test_every_row_not_published_is_illustrative(kind, name):
    frame = table(name).merge(published(kind)[KEY], on=KEY, how="left", indicator=True)
    generated = frame[frame["_merge"] == "left_only"]
    assert len(generated) > 0
    assert (generated["status"] == "illustrative").all()


def test_every_budget_row_is_illustrative():
    assert (table("budget")["status"] == "illustrative").all()


def test_generator_refuses_to_override():
    store = gen.Store()
    store.add(("x", "p05", "2016"), 1)
    with pytest.raises(ValueError, match="override"):
        store.add(("x", "p05", "2016"), 2)


# Consistency of observations ------------------------------------------------------------------

# Additive indicators: (indicator_id, parent unit, children)
ADDITIVE = [
    ("discharge_ready_patients", "p05", DISTRICTS),
    ("everyday_rehab_persons", "p05", DISTRICTS),
    ("livsglede_certified_districts", "p05", DISTRICTS),
    ("nursing_home_places", "p05", DISTRICTS),
    ("districts_with_volunteer_contact", "p05", DISTRICTS),
    ("private_provider_choices", "p05", DISTRICTS),
    ("employees_trained", "p05", LEAVES),
]


@pytest.mark.parametrize(("indicator_id", "parent", "children"), ADDITIVE)
def test_children_add_up_exactly_to_the_parent(indicator_id, parent, children):
    value = values(indicator_id)
    periods = [period for unit_id, period in value if unit_id == parent]
    assert periods
    for period in periods:
        assert sum(value[child, period] for child in children) == value[parent, period], period


@pytest.mark.parametrize(
    ("indicator_id", "units"),
    [
        ("discharge_ready_patients", ["p05", *DISTRICTS]),
        ("startlan_households", ["drammen"]),
        ("startlan_granted_nok", ["drammen"]),
        ("acute_homelessness_applications", ["nav"]),
    ],
)
def test_months_add_up_to_the_year(indicator_id, units):
    value = values(indicator_id)
    for unit_id in units:
        for year in YEARS:
            assert sum(value[unit_id, f"{year}-{m}"] for m in MONTHS) == value[unit_id, year], (unit_id, year)


def test_monthly_sick_leave_averages_to_the_year():
    value = values("sick_leave_pct")
    for year in YEARS:
        tenths = [round(value["p05", f"{year}-{m}"] * 10) for m in MONTHS]
        assert sum(tenths) == round(value["p05", year] * 10) * 12, year


def test_livsglede_certification_only_grows_and_all_eight_by_february_2017():
    value = values("livsglede_certified_districts")
    for district in DISTRICTS:
        series = [value[district, period] for period in (*YEARS, "2017-02")]
        assert series == sorted(series) and set(series) <= {0, 1}
        assert series[-1] == 1


@pytest.mark.parametrize(
    ("indicator_id", "children"), [("home_help_wait_days", DISTRICTS), ("sick_leave_pct", LEAVES)]
)
def test_rates_spread_around_the_municipal_value(indicator_id, children):
    value = values(indicator_id)
    for year in YEARS:
        spread = [value[child, year] for child in children]
        assert min(spread) < value["p05", year] < max(spread)


def test_home_help_wait_misses_its_target_in_2016():
    """Årsrapport 2016: «det er et avvik på antall dager det tar å få praktisk bistand/hjemmehjelp»."""
    target = table("targets").query(
        "indicator_id == 'home_help_wait_days' and unit_id == 'p05' and period == '2016'"
    )
    assert (
        values("home_help_wait_days")["p05", "2016"] > target["target"].iloc[0] + target["tolerance"].iloc[0]
    )


# Figures about something that began in 2016, so there is nothing to show for earlier years.
STARTED_IN_2016 = {"private_provider_choices", "tilvisning_flats", "investment_funds_freed_nok"}


def test_every_other_indicator_covers_2013_to_2016():
    obs = table("observations")
    for indicator_id in set(table("indicators")["indicator_id"]) - STARTED_IN_2016:
        periods = set(obs.loc[obs["indicator_id"] == indicator_id, "period"])
        assert periods >= set(YEARS), indicator_id


# Budget ---------------------------------------------------------------------------------------


@cache
def budget_years() -> pd.DataFrame:
    budget = table("budget")
    return budget[budget["period"] == "year"]


def test_budget_covers_every_leaf_unit_category_year_and_period():
    budget = table("budget")
    assert set(budget["unit_id"]) == set(LEAVES)
    assert set(budget["year"]) == set(YEARS)
    assert set(budget["period"]) == {"year", *(f"M{m}" for m in MONTHS)}
    assert len(budget) == len(LEAVES) * len(YEARS) * 13 * budget["category"].nunique()
    amounts = budget[["original_budget", "revised_budget", "actual", "forecast"]]
    assert (amounts == amounts.round()).all().all()


def test_budget_2016_matches_the_annual_report_exactly():
    rows = budget_years().query("year == '2016'")
    assert (rows["actual"] - rows["revised_budget"]).sum() == 2_100_000
    assert (rows["revised_budget"] - rows["original_budget"]).sum() == 10_900_000


@pytest.mark.parametrize("year", YEARS)
def test_budget_deviations_match_the_p05_observations(year):
    rows = budget_years().query("year == @year")
    assert (rows["actual"] - rows["revised_budget"]).sum() == values("budget_deviation_nok")["p05", year]
    assert (rows["revised_budget"] - rows["original_budget"]).sum() == values("operating_funds_added_nok")[
        "p05", year
    ]


@pytest.mark.parametrize("year", YEARS)
def test_p05_net_budget_is_plausible(year):
    assert 1.4e9 <= budget_years().query("year == @year")["actual"].sum() <= 1.7e9


def test_budget_months_add_up_to_the_year_and_forecasts_converge():
    budget = table("budget")
    months = budget[budget["period"] != "year"]
    sums = months.groupby(["unit_id", "year", "category"])[
        ["original_budget", "revised_budget", "actual"]
    ].sum()
    years = budget_years().set_index(["unit_id", "year", "category"])
    pd.testing.assert_frame_equal(sums.sort_index(), years[sums.columns].sort_index())
    assert (years["forecast"] == years["actual"]).all()
    december = months[months["period"] == "M12"].set_index(["unit_id", "year", "category"])
    assert (december["forecast"] == years.loc[december.index, "actual"]).all()


def test_2016_has_districts_over_and_under_budget():
    rows = budget_years().query("year == '2016' and unit_id in @DISTRICTS")
    by_district = (rows["actual"] - rows["revised_budget"]).groupby(rows["unit_id"]).sum()
    assert (by_district > 0).sum() >= 2 and (by_district < 0).sum() >= 2


# Helpers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        (10, [1, 1, 1], [4, 3, 3]),
        (-10, [1, 1, 1], [-4, -3, -3]),
        (7, [0, 1, 2.5], [0, 2, 5]),
        (0, [1, 2], [0, 0]),
    ],
)
def test_split_int_is_exact(total, weights, expected):
    assert gen.split_int(total, weights) == expected
