"""The districts page after the speed work (issue #5) answers exactly as before.

The old code is read from git at the commit before the work (OLD_COMMIT): the queries
(data/query_districts.py), the layouts (layouts/districts.py, layouts/figures/districts.py) and
the callbacks (callbacks/districts.py, run without registering them). On the shipped dataset and
a synthetic one with several municipalities (districts of the same name in different areas, more
district charts than a page draws at once), the whole output of `update_bars`,
`update_multiples`, `update_district_table`, `fill_district` and `show_more_charts` equals the old
code's as JSON: over years, sub-periods, unit filters (none, the root, a municipality, an area, a
district, a service, units of two municipalities, unknown ids), indicators (unknown ones too),
district keys (every district, a unit that is no district, unknown ones) and both languages.
The unit tree worked out once per dataset (`query_districts.DistrictTree`) gives what the old
functions give from the units table.
"""

from __future__ import annotations

import json
import types

import pandas as pd
import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.exceptions import PreventUpdate

import app  # noqa: F401  (registers every callback and route)
from callbacks import districts as page
from data import query_districts as qd
from data import store
from layouts import ids
from tests import history
from tests.conftest import ROOT
from tests.history import as_json
from tests.history import body as _body
from tests.synthetic import write_synthetic

OLD_COMMIT = "95f90589ec24137ee5547ee722b32f79bbd51db3"


def _old_module(path: str, replace: tuple[tuple[str, str], ...] = (), inject: dict | None = None):
    return history.old_module(OLD_COMMIT, path, replace, inject)


@pytest.fixture(scope="module")
def old():
    """The old queries, layouts and callbacks, wired to each other."""
    qd_old = _old_module("data/query_districts.py")
    figures = _old_module("layouts/figures/districts.py")
    layout = _old_module(
        "layouts/districts.py",
        (("from layouts.figures.districts import district_chart, per_district, status_label\n", "\n"),),
        {
            "district_chart": figures.district_chart,
            "per_district": figures.per_district,
            "status_label": figures.status_label,
        },
    )
    callbacks = _old_module(
        "callbacks/districts.py",
        (
            ("from data import query_districts as qd\n", "\n"),
            ("from layouts import districts, ids\n", "from layouts import ids\n"),
            ("from layouts.figures import districts as figures\n", "\n"),
            *history.UNREGISTERED,
        ),
        {"qd": qd_old, "districts": layout, "figures": figures},
    )
    return types.SimpleNamespace(qd=qd_old, callbacks=callbacks)


@pytest.fixture(scope="module", params=["drammen", "synthetic"])
def dataset(request, tmp_path_factory):
    if request.param == "drammen":
        path = ROOT / "data" / "drammen"
    else:  # 3 municipalities; 100 indicators: 20 district charts, more than a page draws at once
        path = write_synthetic(tmp_path_factory.mktemp("districts_synthetic"), 3, 100, "2014-2016")
    with history.serving(path):
        yield request.param


def _call(fn, *args, trigger=None):
    """The callback's output as JSON (or what it raised), with a callback context set."""
    triggered = [] if trigger is None else [{"prop_id": f"{trigger}.n_clicks", "value": 1}]
    context_value.set(AttributeDict(outputs_list=[], triggered_inputs=triggered, inputs_list=[]))
    try:
        return as_json(_body(fn)(*args))
    except PreventUpdate:
        return "PreventUpdate"
    except Exception as error:  # the same error is the same answer
        return f"{type(error).__name__}: {error}"


def _page(kind: str, lang: str, key: str | None = None) -> dict:
    return {"page": kind, "key": key, "lang": lang, "show": ["period", "units", "indicator"]}


def _unit_filters() -> list[list[str]]:
    units = store.table("units")
    of_kind = {k: units.loc[units["kind"] == k, "unit_id"].tolist() for k in units["kind"].unique()}
    root = units.loc[units["parent_id"].isna(), "unit_id"].tolist()
    cities = of_kind.get("municipality", [])
    areas = of_kind.get("programme_area", [])
    districts = of_kind.get("district", [])
    services = of_kind.get("service", [])
    filters = [[], root[:1], cities[:1], cities[-1:], areas[:1], districts[:1], districts[-2:]]
    filters += [services[:1], [districts[0], areas[-1]], ["no-such-unit"], ["no-such-unit", districts[-1]]]
    filters += [of_kind.get("comparison", [])[:1]]
    return [f for i, f in enumerate(filters) if f or i == 0]


def test_tree_gives_what_the_old_functions_give(old, dataset):
    units = store.table("units")
    tree = qd.DistrictTree(units)
    districts = old.qd.district_units(units)["unit_id"].tolist()
    assert list(tree.district_ids) == districts
    assert qd.parent_of(tree) == old.qd.parent_of(units)
    areas = [*dict.fromkeys(units["parent_id"].dropna()), None, "no-such-area", ""]
    for area in areas:
        assert qd.area_districts(tree, area) == old.qd.area_districts(units, area), area
    for key in [*districts, *units["unit_id"], "no-such-unit", "", None]:
        assert qd.area_of(tree, key) == old.qd.area_of(units, key), key
    for selected in _unit_filters():
        shown = qd.shown_districts(tree, selected)
        assert shown == old.qd.shown_districts(units, selected), selected
        assert qd.shown_districts(units, tuple(selected)) == shown
        assert qd.shown_names(tree, shown) == old.qd.shown_names(units, shown), selected
        assert qd.area_groups(tree, shown) == old.qd.area_groups(units, shown), selected
    mixed = [*districts[::-1], "no-such-unit", *units["unit_id"][:3]]
    assert qd.area_groups(tree, mixed) == old.qd.area_groups(units, mixed)
    assert qd.shown_names(tree, mixed) == old.qd.shown_names(units, mixed)
    if dataset == "synthetic":  # districts of the same name in different municipalities
        named = qd.shown_names(tree, districts)
        assert len(set(named.values())) == len(districts) > len(set(tree.district_names.values()))


def test_tree_is_rebuilt_for_a_new_dataset(dataset, tmp_path):
    first = page.district_tree()
    assert page.district_tree() is first  # kept while the data stays the same
    saved = dict(store._current)
    store.open_dataset(write_synthetic(tmp_path / "other", 2, 10, "2015-2015"))
    try:
        other = page.district_tree()
        assert other is not first
        assert list(other.district_ids) == qd.district_units(store.table("units"))["unit_id"].tolist()
    finally:
        store._current.clear()
        store._current.update(saved)
    assert page.district_tree() is not other


def test_bars_and_multiples_equal_old(old, dataset):
    opts = page.options()
    inds = [i[0] for i in opts.indicators]
    picked = [*dict.fromkeys([*inds[:2], inds[-1]]), None, "no-such-indicator"]
    years = [str(y) for y in opts.years]
    subperiods = [s for s in opts.subperiods if s == "year" or s in ("M03", "M12", "T1")]
    filters = _unit_filters()
    for i, indicator in enumerate(picked):
        lang = "en" if i % 2 else "nb"
        data = _page("districts", lang)
        for units in filters:
            args = (units, indicator, data)
            got = _call(page.update_multiples, *args)
            assert got == _call(old.callbacks.update_multiples, *args), (dataset, indicator, units)
        for year in [*years, None]:
            for subperiod in subperiods:
                for units in filters if (year, subperiod) == (years[-1], "year") else filters[:3]:
                    args = (year, subperiod, units, indicator, data)
                    got = _call(page.update_bars, *args)
                    want = _call(old.callbacks.update_bars, *args)
                    assert got == want, (dataset, indicator, year, subperiod, units)


def test_district_views_equal_old(old, dataset):
    opts = page.options(with_keys=True)
    keys = list(opts.keys)
    units = store.table("units")
    not_district = units.loc[units["kind"] != "district", "unit_id"].iloc[0]
    picked = [*keys[:3], keys[-1], not_district, "no-such-district", ""]
    years = [str(y) for y in opts.years]
    subperiods = [s for s in opts.subperiods if s == "year" or s in ("M03", "M12")]
    searches = ["", "?units=k0001,p05&indicator=x", "?units=drammen"]
    for i, key in enumerate(picked):
        lang = "en" if i % 2 else "nb"
        data = _page("district", lang, key)
        got = _call(page.fill_district, data, years[-1], "year")
        assert got == _call(old.callbacks.fill_district, data, years[-1], "year"), (dataset, key)
        for year in [*years, None]:
            for subperiod in subperiods if year in (years[-1], None) else ["year"]:
                search = searches[(i + len(str(year))) % len(searches)]
                args = (year, subperiod, data, search)
                got = _call(page.update_district_table, *args)
                want = _call(old.callbacks.update_district_table, *args)
                assert got == want, (dataset, key, year, subperiod)
        trigger = json.dumps(ids.district_charts_more(key), separators=(",", ":"), sort_keys=True)
        for shown in (8, 16, 3, 40, -1):
            args = (1, shown, data, years[-1], "year")
            got = _call(page.show_more_charts, *args, trigger=trigger)
            want = _call(old.callbacks.show_more_charts, *args, trigger=trigger)
            assert got == want, (dataset, key, shown)
    if dataset == "synthetic":  # a district page with «Vis 8 til» was drawn
        assert len(page.panel_indicator_ids()) > 16


def _same(got, want, label):
    if isinstance(want, pd.DataFrame):
        pd.testing.assert_frame_equal(got, want, obj=str(label))
    elif isinstance(want, list | tuple):
        assert len(got) == len(want), label
        for g, w in zip(got, want, strict=True):
            _same(g, w, label)
    else:
        assert got == want, label


def test_queries_equal_old(old, dataset):
    """The queries give the same frames (values, dtypes, order) from a tree as the old ones from
    the units table, and the whole targets table or only the panel's rows of it."""
    units, tree = store.table("units"), page.district_tree()
    targets, inds = store.table("targets"), store.table("indicators")
    panel = inds[inds["panel"] == "districts"]
    obs = store.observations(panel["indicator_id"])
    periods = sorted(set(obs["period"]))
    picked_periods = [periods[0], periods[-1], *[p for p in periods if len(p) == 4][-2:], "2099"]
    for indicator in panel.iloc[[0, len(panel) // 2, -1]].to_dict("records"):
        own = page._held().targets([indicator["indicator_id"]])
        for selected in _unit_filters():
            label = (dataset, indicator["indicator_id"], selected)
            cap = qd.MAX_DISTRICTS
            want = old.qd.district_series(obs, targets, units, indicator, selected, limit=cap)
            _same(qd.district_series(obs, own, tree, indicator, selected, limit=cap), want, label)
            _same(qd.district_series(obs, targets, units, indicator, selected, limit=cap), want, label)
            for period in picked_periods:
                want = old.qd.district_values(obs, targets, units, indicator, period, selected, limit=40)
                _same(qd.district_values(obs, own, tree, indicator, period, selected, limit=40), want, label)
    keys = [*tree.district_ids[:3], tree.district_ids[-1], "no-such-district"]
    every = page._held().targets()
    for key in keys:
        _same(
            qd.district_profile(obs, every, tree, panel, key),
            old.qd.district_profile(obs, targets, units, panel, key),
            (dataset, key),
        )
        _same(
            qd.district_events(store.table("events"), tree, key),
            old.qd.district_events(store.table("events"), units, key),
            (dataset, key),
        )
        for period in picked_periods:
            _same(
                qd.district_table(obs, every, tree, inds, key, period),
                old.qd.district_table(obs, targets, units, inds, key, period),
                (dataset, key, period),
            )
