"""The second round of the query performance work (issue #5) gives exactly the old results on a
wider synthetic dataset: many municipalities, so every district, budget unit and selection is
compared (tests/data/legacy_queries holds the queries as they were), and on the paths taken
for tables the fast paths do not cover (targets that are not plain floats)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data import query
from data.load import load_dataset
from tests.data.test_query_equivalence import NEW, OLD, one_area, same
from tests.synthetic import write_synthetic


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    path = write_synthetic(tmp_path_factory.mktemp("wide"), 8, 16, "2015-2016")
    dataset = load_dataset(path)
    assert not dataset.errors
    return dataset.tables


def old_by_area(name: str, obs, targets, units, ind, selected, *period):
    """The old `district_values` / `district_series` of the chosen units, area by area (the old
    queries knew one area): each area's districts with that area's targets, put together."""
    shown = NEW.qd.shown_districts(units, selected)
    areas = [a for a, _, _ in NEW.qd.area_groups(units, shown)] or [NEW.qd.parent_of(units)]
    call = getattr(OLD.qd, name)
    parts = [call(obs, targets, one_area(units, a), ind, *period, selected) for a in areas]
    if len(parts) == 1:
        return parts[0]
    out = pd.concat(parts, ignore_index=True)
    # A name districts of two areas share ('Distrikt 1') is told apart by its municipality.
    out["name"] = out["unit_id"].map(NEW.qd.shown_names(units, shown)).astype(out["name"].dtype)
    if name == "district_values":
        out = out.sort_values(["value", "name"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def test_queryeqw001_every_district_profile_table_and_series(wide):
    obs, units, targets, inds = (wide[n] for n in ("observations", "units", "targets", "indicators"))
    districts = list(NEW.qd.district_units(units)["unit_id"])
    assert len(districts) >= 8
    periods = ["2016", "2015", "2016-M03", "1999"]
    for district in [*districts, "k0001-p05", "no-such-unit"]:
        area = one_area(units, NEW.qd.area_of(units, district))  # the district's area only
        same(
            NEW.qd.district_profile(obs, targets, units, inds, district),
            OLD.qd.district_profile(obs, targets, area, inds, district),
            f"profile {district}",
        )
        for period in periods:
            args = (obs, targets, units, inds, district, period)
            old = OLD.qd.district_table(obs, targets, area, inds, district, period)
            same(NEW.qd.district_table(*args), old, f"table {district} {period}")
    for ind in inds[inds["panel"] == "districts"].to_dict("records"):
        for selected in [(), tuple(districts[:3]), ("k0002",), ("k0003-p05", districts[0])]:
            args = (obs, targets, units, ind, selected)
            old = old_by_area("district_series", *args)
            same(NEW.qd.district_series(*args), old, f"series {selected}")
            args = (obs, targets, units, ind, "2016-M05", selected)
            old = old_by_area("district_values", obs, targets, units, ind, selected, "2016-M05")
            same(NEW.qd.district_values(*args), old, f"values {selected}")


def test_queryeqw002_targets_that_are_not_plain_floats_take_the_row_by_row_path(wide):
    """Targets read as objects (ints among them) go through `_targets_for_rows`, as before."""
    obs, units, inds = (wide[n] for n in ("observations", "units", "indicators"))
    districts = list(NEW.qd.district_units(units)["unit_id"])
    parent = NEW.qd.parent_of(units)
    ind = inds[inds["panel"] == "districts"].iloc[0].to_dict()
    rows = [
        {"indicator_id": ind["indicator_id"], "unit_id": u, "period": p, "target": t, "tolerance": 1}
        for u, t in ((districts[0], 5), (parent, 40))
        for p in ("2015", "2016")
    ]
    targets = pd.DataFrame(rows).astype({"target": object, "tolerance": object})
    assert not NEW.qd._plain_amounts(targets)
    home = one_area(units, parent)
    same(NEW.qd.district_series(obs, targets, units, ind), OLD.qd.district_series(obs, targets, home, ind))
    for district in districts[:3]:
        area = one_area(units, NEW.qd.area_of(units, district))
        same(
            NEW.qd.district_profile(obs, targets, units, inds, district),
            OLD.qd.district_profile(obs, targets, area, inds, district),
        )
        args = (obs, targets, units, inds, district, "2016")
        same(NEW.qd.district_table(*args), OLD.qd.district_table(obs, targets, area, inds, district, "2016"))


def test_queryeqw003_budget_every_unit_and_selection(wide):
    budget, units = wide["budget"], wide["units"]
    same(NEW.qb.budget_units(units, budget), OLD.qb.budget_units(units, budget))
    assert NEW.qb.budget_root(units, budget) == OLD.qb.budget_root(units, budget)
    every = NEW.qb.budget_units(units, budget)
    for sub in ("year", "M07", "T1"):
        ytd = NEW.qb.year_to_date(budget, 2016, sub)
        same(ytd, OLD.qb.year_to_date(budget, 2016, sub), f"ytd {sub}")
        for unit in ["", *every]:
            for selected in [(), (every[1],), (every[-1], "k0002")]:
                same(
                    NEW.qb.breakdown(ytd, units, unit, selected),
                    OLD.qb.breakdown(ytd, units, unit, selected),
                    f"breakdown {unit} {selected} {sub}",
                )
    for unit in every[:6]:
        leaves = NEW.qb.leaves_of(units, unit)
        same(NEW.qb.cumulative(budget, leaves, 2016, "M05"), OLD.qb.cumulative(budget, leaves, 2016, "M05"))


def test_queryeqw004_isin_is_series_isin_for_strings():
    values = pd.Series(["a", "b", None, "c", "a", "d"], dtype="str")
    for wanted in (["a", "c"], [], {"d", "x"}, ["a", "b", "c", "d"]):
        expected = values.isin(list(wanted)).to_numpy(dtype=bool)
        assert np.array_equal(query.isin(values, wanted), expected), wanted
