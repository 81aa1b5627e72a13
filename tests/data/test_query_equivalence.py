"""The panel queries give exactly the results they gave before the performance work (issue #5).

tests/data/legacy_queries holds the queries as they were (commit ff92173). Every case of the
micro-benchmark (bench/queries.py: the calls each callback makes) and a sweep over years,
panels, indicators, units and periods run through both, on the shipped dataset and on a small
synthetic one, on the whole tables and on the tables filtered as the callbacks get them.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from bench import queries as bench
from data.load import load_dataset
from tests.conftest import ROOT
from tests.data.legacy_queries import query as old_q
from tests.data.legacy_queries import query_budget as old_qb
from tests.data.legacy_queries import query_districts as old_qd
from tests.data.legacy_queries import query_housing as old_qh
from tests.data.legacy_queries import query_overview as old_qo
from tests.synthetic import write_synthetic

OLD = SimpleNamespace(q=old_q, qo=old_qo, qd=old_qd, qh=old_qh, qb=old_qb)
NEW = bench.modules()


@pytest.fixture(scope="module", params=["drammen", "synthetic"])
def tables(request, tmp_path_factory):
    if request.param == "drammen":
        path = ROOT / "data" / "drammen"
    else:
        path = write_synthetic(tmp_path_factory.mktemp("synthetic"), 3, 10, "2014-2016")
    dataset = load_dataset(path)
    assert not dataset.errors
    return dataset.tables


def same(new, old, where: str = "") -> None:
    """Equal in value, dtype, index and order; NaN equals NaN."""
    assert type(new) is type(old), f"{where}: {type(new)} != {type(old)}"
    if isinstance(new, pd.DataFrame):
        pd.testing.assert_frame_equal(new, old, check_exact=True, obj=where or "frame")
    elif isinstance(new, pd.Series):
        pd.testing.assert_series_equal(new, old, check_exact=True, obj=where or "series")
    elif isinstance(new, dict):
        assert list(new) == list(old), where
        for key in new:
            same(new[key], old[key], f"{where}[{key!r}]")
    elif isinstance(new, list | tuple):
        assert len(new) == len(old), where
        for i, (a, b) in enumerate(zip(new, old, strict=True)):
            same(a, b, f"{where}[{i}]")
    elif isinstance(new, float | np.floating) and math.isnan(new):
        assert math.isnan(old), where
    else:
        assert new == old, f"{where}: {new!r} != {old!r}"


def one_area(units: pd.DataFrame, area: str | None) -> pd.DataFrame:
    """The units as the old district queries knew them: one area's districts only (issue #5: the
    new ones show the home area's or the chosen units' districts of a national dataset)."""
    return units[(units["kind"] != "district") | (units["parent_id"].astype(str) == area)]


def old_frames(case_name: str, frames: dict) -> dict:
    """The frames the old queries get for a benchmark case: the districts' cases one area's units."""
    if not case_name.startswith("district"):
        return frames
    return {**frames, "units": one_area(frames["units"], NEW.qd.parent_of(frames["units"]))}


def test_queryeq001_every_benchmark_case_whole_and_filtered(tables):
    params = bench.parameters(tables)
    year = params["budget_year"]
    cases = bench.cases(params)
    assert len(cases) >= 14
    for case in cases:
        for label, frames in (
            ("whole", tables),
            ("filtered", bench.filtered(tables, case, (year - 1, year) if year else ())),
        ):
            old = case.run(OLD, old_frames(case.name, frames))
            same(case.run(NEW, frames), old, f"{case.name} ({label})")


def test_queryeq002_headline_and_cards_every_year_and_panel(tables):
    obs, inds, units, targets = (tables[n] for n in ("observations", "indicators", "units", "targets"))
    years = old_q.available_years(obs)
    assert NEW.q.latest_published_year(obs) == old_q.latest_published_year(obs)
    for year in [years[0] - 1, *years[-3:]]:
        for panel in [None, *inds["panel"].unique()]:
            same(NEW.q.headline(obs, inds, units, year, panel), old_q.headline(obs, inds, units, year, panel))
        new_cards = NEW.qo.card_figures(obs, inds, units, targets, year)
        same(new_cards, old_qo.card_figures(obs, inds, units, targets, year), f"cards {year}")
        same(NEW.qo.sparklines(obs, new_cards, year), old_qo.sparklines(obs, new_cards, year), "sparklines")


def test_queryeq003_indicator_view_every_indicator_and_unit_choice(tables):
    obs, units, targets, events = (tables[n] for n in ("observations", "units", "targets", "events"))
    year = old_q.latest_published_year(obs)
    top = list(units["unit_id"][:3])
    for ind in tables["indicators"].to_dict("records")[:4]:
        for chosen in [(), tuple(top[:1]), tuple(top[1:3])]:
            new = NEW.qo.series_view(obs, units, targets, events, ind, chosen)
            old = old_qo.series_view(obs, units, targets, events, ind, chosen)
            same(
                (new.rows, new.labels, new.years, new.target_line, new.target_line_left_out, new.events),
                (old.rows, old.labels, old.years, old.target_line, old.target_line_left_out, old.events),
                f"series_view {ind['indicator_id']} {chosen}",
            )
            args = (obs, units, targets, ind["indicator_id"], ind["direction"], year, chosen)
            same(
                NEW.qo.breakdown(*args), old_qo.breakdown(*args), f"breakdown {ind['indicator_id']} {chosen}"
            )


def test_queryeq004_districts_every_indicator_district_and_period(tables):
    obs, units, targets, inds = (tables[n] for n in ("observations", "units", "targets", "indicators"))
    districts = list(NEW.qd.district_units(units)["unit_id"])
    home = one_area(units, NEW.qd.parent_of(units))  # districts[:2] are of the home area
    periods = sorted(obs["period"].unique())[-3:]
    for ind in inds[inds["panel"] == "districts"].to_dict("records")[:2]:
        for selected in [(), tuple(districts[:2])]:
            for period in periods:
                args = (obs, targets, units, ind, period, selected)
                old = old_qd.district_values(obs, targets, home, ind, period, selected)
                same(NEW.qd.district_values(*args), old, f"values {period}")
            args = (obs, targets, units, ind, selected)
            old = old_qd.district_series(obs, targets, home, ind, selected)
            same(NEW.qd.district_series(*args), old, "district_series")
    for district in districts[:1]:
        same(
            NEW.qd.district_profile(obs, targets, units, inds, district),
            old_qd.district_profile(obs, targets, home, inds, district),
            f"profile {district}",
        )
        for period in periods:
            args = (obs, targets, units, inds, district, period)
            old = old_qd.district_table(obs, targets, home, inds, district, period)
            same(NEW.qd.district_table(*args), old, f"table {district} {period}")


def test_queryeq005_budget_every_unit_year_and_subperiod(tables):
    budget, units, obs = tables["budget"], tables["units"], tables["observations"]
    for year in old_qb.budget_years(budget)[-2:]:
        for sub in old_qb.budget_subperiods(budget)[:3]:
            ytd = NEW.qb.year_to_date(budget, year, sub)
            same(ytd, old_qb.year_to_date(budget, year, sub), f"ytd {year} {sub}")
            for unit in old_qb.budget_units(units, budget)[:3]:
                rows = NEW.qb.breakdown(ytd, units, unit)
                same(rows, old_qb.breakdown(ytd, units, unit), f"breakdown {unit}")
                same(NEW.qb.totals(rows), old_qb.totals(rows), "totals")
                leaves = NEW.qb.leaves_of(units, unit)
                same(leaves, old_qb.leaves_of(units, unit), "leaves")
                same(
                    NEW.qb.cumulative(budget, leaves, year, sub), old_qb.cumulative(budget, leaves, year, sub)
                )
    same(NEW.qb.budget_units(units, budget), old_qb.budget_units(units, budget))
    same(NEW.qb.budget_root(units, budget), old_qb.budget_root(units, budget))
    ids = (old_qb.DEVIATION_INDICATOR, old_qb.FUNDS_INDICATOR)
    same(NEW.qb.default_year(budget, obs, ids), old_qb.default_year(budget, obs, ids))


def test_queryeq006_housing_every_programme_and_year(tables):
    obs, units, targets, inds = (tables[n] for n in ("observations", "units", "targets", "indicators"))
    present = set(obs["indicator_id"])
    programmes = [bench.parameters(tables)["programme"]]
    programmes += [p for p in NEW.qh.PROGRAMMES if present.intersection(p.indicators)][:2]
    for prog in programmes:
        ids = list(prog.indicators)
        for year in old_q.available_years(obs)[-2:]:
            for chart in prog.charts:
                for up_to in (None, year):
                    same(
                        NEW.qh.annual_series(obs, units, chart.indicators, up_to),
                        old_qh.annual_series(obs, units, chart.indicators, up_to),
                    )
            for ind in ids:
                same(
                    NEW.qh.months_of_year(obs, units, ind, year), old_qh.months_of_year(obs, units, ind, year)
                )
            for month in (None, 6):
                args = (obs, targets, inds, units, ids, year, month)
                same(
                    NEW.qh.period_values(*args), old_qh.period_values(*args), f"period_values {year} {month}"
                )
        same(NEW.qh.monthly_indicators(obs, ids), old_qh.monthly_indicators(obs, ids))
        same(NEW.qh.month_subperiods(obs, ids), old_qh.month_subperiods(obs, ids))
        same(NEW.qh.years_of(obs, ids), old_qh.years_of(obs, ids))
