"""The budget page after the speed work (issue #5) draws exactly what it drew before.

The old code is read from git at the commit before the work (OLD_COMMIT): the figure builders
(layouts/figures/budget.py), the queries (data/query_budget.py) and the page's callback
(callbacks/budget.py, its `update_budget` run without registering it). On the shipped dataset
and a synthetic one, for every year, sub-period and drill unit the budget filter offers (and
unit filters), the new figures equal the old ones as JSON and as validated figures, and the
whole callback output equals the old callback's. The unit tree worked out once per dataset is
rebuilt when the dataset changes.
"""

from __future__ import annotations

import json
import math
import types

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import plotly.utils
import pytest
from flask import Flask

import app  # noqa: F401  (registers every callback and route)
from callbacks import budget as page
from data import cache, query, query_budget, store
from layouts.figures import budget as figures
from layouts.i18n import t
from layouts.state import PageState
from tests import history
from tests.conftest import ROOT
from tests.synthetic import write_synthetic

OLD_COMMIT = "c876e0669b0dbe1b5978cc5d60ac2f96b08aecca"


def _old_module(path: str, replace: tuple[tuple[str, str], ...] = ()):
    return history.old_module(OLD_COMMIT, path, replace)


@pytest.fixture(scope="module")
def old():
    """The old figure builders, queries and callback (its Dash registration left out)."""
    callback_module = _old_module(
        "callbacks/budget.py",
        (
            ("pages.register(", "(lambda *a, **k: None)("),
            ("\n@callback(", "\n@(lambda *a, **k: (lambda f: f))("),
        ),
    )
    return types.SimpleNamespace(
        figures=_old_module("layouts/figures/budget.py"),
        qb=_old_module("data/query_budget.py"),
        callback=callback_module,
    )


@pytest.fixture(scope="module", params=["drammen", "synthetic"])
def dataset(request, tmp_path_factory):
    if request.param == "drammen":
        path = ROOT / "data" / "drammen"
    else:
        path = write_synthetic(tmp_path_factory.mktemp("budget_synthetic"), 4, 6, "2015-2016")
    with history.serving(path):
        yield request.param


def as_json(value) -> object:
    if isinstance(value, go.Figure):
        return json.loads(pio.to_json(value))
    return json.loads(json.dumps(value, cls=plotly.utils.PlotlyJSONEncoder))


def grid(opts, every_key: bool = True):
    """(year, subperiod, key, units, lang) cases: every year x sub-period at the root; every drill
    unit for the whole year and the last sub-period; every unit filter at the root. Years are
    text, as the filter sends them."""
    cases = []
    for year in map(str, opts.years):
        for i, sub in enumerate(opts.subperiods):
            cases.append((year, sub, None, [], "en" if i % 3 == 2 else "nb"))
        for i, key in enumerate(opts.keys if every_key else opts.keys[:3]):
            for sub in dict.fromkeys(("year", opts.subperiods[-1])):
                cases.append((year, sub, key, [], "en" if i % 4 == 3 else "nb"))
    year = str(opts.default_year)
    for i, (unit, _label) in enumerate(_unit_values(opts)):
        cases.append((year, "year", None, [unit], "en" if i % 2 else "nb"))
    return cases


def _unit_values(opts):
    """The unit filter's values: (unit_id, name, depth) options."""
    return [(option[0], option[1]) for option in opts.units]


def _state(year, sub, key, units, lang) -> PageState:
    data = {"page": "budget-unit" if key else "budget", "key": key, "lang": lang, "show": ["period", "units"]}
    return PageState.from_filters(data, year, sub, units, None)


def test_budget_figures_equal_the_old_builders_and_the_validated_figure(old, dataset):
    opts = page.options(with_keys=True)
    cases = grid(opts, every_key=False)  # every drill unit: the callback test below
    assert len(cases) > 10
    units = store.table("units")
    as_now = history.budget_figures_as_now(old.figures)  # margins and footer placed as today's
    drawn = 0
    for year, sub, key, selected, lang in cases:
        state = _state(year, sub, key, selected, lang)
        shown = page.view(units, page.budget_unit_ids(), state.key)
        ytd = page.view_year_to_date(units, shown, state)
        rows = query_budget.breakdown(ytd, units, shown.unit_id or "", state.units)
        bars = query_budget.largest_and_rest(
            rows, page.WATERFALL_LIMIT, lambda n, lang=lang: t("budget_rest", lang, n=str(n))
        )
        leaves = query_budget.leaves_of(units, shown.unit_id or "", state.units)
        both = page.budget_rows(units, shown, state, page.budget_tree())  # the page's rows
        series = query_budget.cumulative(both, leaves, int(year), sub)
        where = f"{dataset} {year} {sub} {key} {selected} {lang}"
        for build, frame in ((figures.waterfall, bars), (figures.cumulative, series)):
            name = build.__name__
            new = build(frame, f"Tittel {where}", lang, "Kilde & <b>")
            was = getattr(as_now, name)(frame, f"Tittel {where}", lang, "Kilde & <b>")
            assert as_json(new) == as_json(was), f"{name}: {where}"
            assert as_json(go.Figure(new.to_dict())) == as_json(new), f"{name} validated: {where}"
            drawn += len(new.data) > 0
    assert drawn > len(cases)  # real charts, not only empty states


def test_update_budget_output_equals_the_old_callback(old, dataset):
    opts = page.options(with_keys=True)
    new_body = getattr(page.update_budget, "__wrapped__", page.update_budget)
    old_body = getattr(old.callback.update_budget, "__wrapped__", old.callback.update_budget)
    cases = grid(opts, every_key=dataset == "drammen")
    for year, sub, key, selected, lang in cases:
        data = _state(year, sub, key, selected, lang)
        page_data = {"page": data.page, "key": key, "lang": lang, "show": ["period", "units"]}
        new = new_body({}, year, sub, selected, page_data)
        was = old_body({}, year, sub, selected, page_data)
        assert len(new) == len(was)
        for i, (a, b) in enumerate(zip(new, was, strict=True)):
            assert as_json(a) == as_json(b), f"output {i}: {dataset} {year} {sub} {key} {selected} {lang}"


def test_budget_tree_gives_what_the_functions_give(old, dataset):
    units, with_rows = store.table("units"), page.budget_unit_ids()
    tree = page.budget_tree()
    assert tree.root == old.qb.budget_root(units, with_rows)
    assert list(tree.in_budget) == old.qb.budget_units(units, with_rows)
    assert tree.with_rows == set(with_rows["unit_id"])
    every = units["unit_id"].tolist()
    for unit in [*every, "unknown"]:
        assert list(tree.descendants(unit)) == query.descendants(units, unit), unit
        assert tree.unit_path(unit) == old.qb.unit_path(units, unit), unit
        assert tree.subtrees(unit) == old.qb._subtrees(units, unit), unit
        assert tree.expand([unit]) == query.expand_units(units, [unit]), unit
        assert page.subtree(units, unit, tree) == page.subtree(units, unit), unit
    assert tree.expand([]) == query.expand_units(units, [])
    assert tree.expand(every[-3:] + every[:2]) == query.expand_units(units, every[-3:] + every[:2])
    year = page.options().default_year
    ytd = store.budget_year_to_date(year, "year", None)
    for unit in list(tree.in_budget):
        for selected in ([], every[-1:], [tree.in_budget[-1]]):
            got = query_budget.breakdown(ytd, units, unit, selected, tree)
            was = old.qb.breakdown(ytd, units, unit, selected)
            assert as_json(got.to_dict("split")) == as_json(was.to_dict("split")), (unit, selected)
            leaves = query_budget.leaves_of(units, unit, selected, tree)
            assert leaves == old.qb.leaves_of(units, unit, selected), (unit, selected)


def test_budget_tree_is_kept_per_dataset_and_rebuilt_for_a_new_one(tmp_path):
    saved = dict(store._current)
    try:
        store.open_dataset(ROOT / "data" / "drammen")
        first = page.budget_tree()
        assert page.budget_tree() is first  # kept
        assert first.root == "p05"
        store.open_dataset(write_synthetic(tmp_path, 3, 4, "2016"))  # another dataset
        second = page.budget_tree()
        assert second is not first
        units, with_rows = store.table("units"), page.budget_unit_ids()
        assert second.root == query_budget.budget_root(units, with_rows) != "p05"
        assert second.unit_ids == tuple(units["unit_id"])
        store.open_dataset(ROOT / "data" / "drammen")  # the same files again: a new store
        third = page.budget_tree()
        assert third is not first and third.root == "p05"
    finally:
        store._current.clear()
        store._current.update(saved)


def _budget_rows(*items):
    """(unit, period, category, revised, actual, forecast, status) -> budget rows of 2016."""
    return pd.DataFrame(
        [
            {
                "unit_id": u,
                "year": 2016,
                "period": p,
                "category": c,
                "original_budget": rev,
                "revised_budget": rev,
                "actual": act,
                "forecast": fc,
                "status": st,
            }
            for u, p, c, rev, act, fc, st in items
        ]
    ).astype({"unit_id": "str", "period": "str", "category": "str", "status": "str"})


EDGES = _budget_rows(
    ("a", "year", "Lønn", 100.0, 110.0, math.nan, "final"),  # a year row and months
    ("a", "M01", "Lønn", 10.0, 12.0, 105.0, "preliminary"),
    ("a", "M02", "Lønn", 10.0, math.nan, 106.0, "final"),
    ("b", "M06", "Drift", 5.0, 6.0, 50.0, "illustrative"),  # months late in the year only
    ("b", "M07", "Drift", math.nan, math.nan, math.nan, "final"),  # every amount missing
    ("a", "T1", "Drift", 40.0, 44.0, 120.0, "final"),  # tertials only
    ("a", "T3", "Drift", 40.0, 30.0, 118.0, "preliminary"),
    ("c", "T2", "Lønn", 1.0, 2.0, 3.0, "final"),
    ("c", "M05", "Lønn", 0.1, 0.2, 0.3, "final"),  # months and tertials: months win
    ("c", "M05", "Drift", 0.1, math.nan, 0.3, "illustrative"),
    ("b", "year", "Lønn", 7.0, 8.0, 9.0, "final"),  # a year row only
    ("a", "M01", "Inntekter", -3.0, -4.0, math.nan, "final"),
    ("a", "M01", "Inntekter2", -3.0, -4.0, -9.0, "final"),
)


@pytest.mark.parametrize("sub", ["year", "T1", "T2", "T3", *(f"M{m:02d}" for m in range(1, 13))])
def test_year_to_date_equals_the_old_query_on_edge_cases(old, sub):
    for frame in (EDGES, EDGES.iloc[::-1], EDGES.iloc[[3, 4]], EDGES.iloc[[1, 2, 6]]):
        pd.testing.assert_frame_equal(
            query_budget.year_to_date(frame, 2016, sub),
            old.qb.year_to_date(frame, 2016, sub),
            check_exact=True,
        )
    pd.testing.assert_frame_equal(
        query_budget.year_to_date(EDGES, 2015, sub), old.qb.year_to_date(EDGES, 2015, sub)
    )


def test_year_to_date_and_cumulative_equal_the_old_queries_on_whole_tables(old, dataset):
    budget = store.budget()
    units = store.table("units")
    tree = page.budget_tree()
    subs = page.options().subperiods
    for year in sorted({int(y) for y in budget["year"].unique()}):
        for sub in subs:
            where = f"{dataset} {year} {sub}"
            pd.testing.assert_frame_equal(
                query_budget.year_to_date(budget, year, sub),
                old.qb.year_to_date(budget, year, sub),
                check_exact=True,
                obj=where,
            )
        for unit in [*tree.in_budget[:6], tree.in_budget[-1]]:
            leaves = query_budget.leaves_of(units, unit)
            for sub in (subs[0], subs[-1]):
                pd.testing.assert_frame_equal(
                    query_budget.cumulative(budget, leaves, year, sub),
                    old.qb.cumulative(budget, leaves, year, sub),
                    check_exact=True,
                    obj=f"cumulative {unit} {year} {sub}",
                )


def test_update_budget_through_the_query_cache_equals_the_old_callback(old, tmp_path):
    """With the query cache on, a repeated view (served from the cache, or for the page as first
    opened kept per dataset: `callbacks.precompute`) is the same as the old callback's; a view of
    another dataset is never served from the first one's entries."""
    saved_state, saved_store = dict(cache._state), dict(store._current)
    cache.init_cache(Flask(__name__), env={})
    new_body = getattr(page.update_budget, "__wrapped__", page.update_budget)
    old_body = getattr(old.callback.update_budget, "__wrapped__", old.callback.update_budget)
    try:
        for path in (ROOT / "data" / "drammen", write_synthetic(tmp_path, 3, 4, "2015-2016")):
            store.open_dataset(path)
            opts = page.options(with_keys=True)
            year = str(opts.default_year)
            last = opts.subperiods[-1]
            for key, sub in ((None, "year"), (None, last), (opts.keys[-1], last)):
                page_data = {"page": "budget-unit" if key else "budget", "key": key, "lang": "nb"}
                page_data["show"] = ["period", "units"]
                was = old_body({}, year, sub, [], page_data)
                for _ in range(2):  # computed, then from the cache
                    new = new_body({}, year, sub, [], page_data)
                    for i, (a, b) in enumerate(zip(new, was, strict=True)):
                        assert as_json(a) == as_json(b), f"output {i}: {path.name} {key} {sub}"
                args = (key or page.budget_tree().root, int(year), sub, ())
                if key is None and sub == "year":  # the root's whole year: kept, not cached
                    assert int(year) in store.kept("budget.root_view", dict)
                    assert not cache.backend().get(cache.make_key(store.info().version, "budget_view", args))
                else:
                    assert cache.backend().get(cache.make_key(store.info().version, "budget_view", args))
    finally:
        cache._state.clear()
        cache._state.update(saved_state)
        store._current.clear()
        store._current.update(saved_store)
