"""The units table's `query.UnitFacts` (depths, comparison units, names) are worked out once per
store and dataset version (`store.unit_facts()`): after that, no request walks the units tree.

The walk is counted (`query._unit_depths`, which `query.unit_depths` and `UnitFacts.of` run),
never replaced: the pages, the overview's cards for years the start-up did not keep, the
indicator view, the panels' headline figures, the housing programmes and the table exports are
answered once to build what is kept per dataset, then again with the count at 0. The queries
given the kept facts answer as they do when they work the facts out themselves.
"""

from __future__ import annotations

import pandas as pd
import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict

import app
from callbacks import budget, headline, housing, overview, page_exports, pages
from data import cache, query, query_housing, query_overview, store
from layouts.state import PageState
from tests import history
from tests.conftest import ROOT
from tests.history import body
from tests.synthetic import write_synthetic


@pytest.fixture(params=["drammen", "synthetic"])
def dataset(request, tmp_path):
    path = ROOT / "data" / "drammen"
    if request.param == "synthetic":
        path = write_synthetic(tmp_path, 3, 12, "2014-2016")
    saved = dict(cache._state)
    cache.clear()  # the query cache off: every request below computes its answer
    try:
        with history.serving(path), app.server.test_request_context():
            yield request.param
    finally:
        cache._state.clear()
        cache._state.update(saved)


def _requests() -> int:
    """Answer the requests that read the units table; how many were answered."""
    done = 0
    years = sorted(pages.observation_years())
    outside = [years[0] - 1, years[-1] + 1]  # not kept at start-up: computed when asked
    for route in pages.ROUTES:  # every page as first opened (its filter options, its layout)
        route.layout(lang="nb")
        done += 1
    inds = store.table("indicators")
    for year in [*years, *outside]:
        overview._card_rows(year, inds)
        overview._cards(year)
        for panel in sorted(set(headline.PAGE_PANELS.values())):
            headline.panel_figures(panel, year)
        done += 2
    page = {"show": ["period", "units", "indicator"], "lang": "nb"}
    for ind in inds["indicator_id"].tolist()[::7]:
        indicator_page = {**page, "page": "indicator", "key": ind}
        body(overview.update_indicator_series)([], indicator_page)
        state = PageState.from_filters(indicator_page, str(years[-1]), None, [], None)
        page_exports.indicator_series_table(state)
        done += 2
    available = housing.options(months=True).keys  # the programmes the data has figures for
    for prog in [p for p in query_housing.PROGRAMMES if p.key in available]:
        charts = [{"id": {"chart": c.key}} for c in prog.charts]
        months = [{"id": {"indicator": i}} for i in prog.indicators[:2]]
        outputs = [{}, {}, charts, {}, months, {}, {}, *[charts] * 6, *[months] * 6]
        context_value.set(AttributeDict(outputs_list=outputs, triggered_inputs=[], inputs_list=[]))
        housing_page = {**page, "page": "programme", "key": prog.key}
        for year, subperiod in ((years[-1], "year"), (years[-1], "M03")):
            body(housing.update_programme)({"programme": prog.key}, str(year), subperiod, housing_page)
            page_exports.housing_table(PageState.from_filters(housing_page, str(year), subperiod, [], None))
            done += 1
        state = PageState.from_filters({**page, "page": "housing"}, str(years[-1]), "year", [], None)
        housing.programme_parts(prog.key, state)
        done += 1
    budget.options(with_keys=True)
    return done


def test_unit_facts001_kept_once_per_dataset_and_the_same_as_worked_out(dataset):
    facts = store.unit_facts()
    assert store.unit_facts() is facts
    units = store.table("units")
    fresh = query.UnitFacts.of(units)
    assert fresh is not facts  # no memo by content: each call works them out
    assert facts.depths == fresh.depths == query.unit_depths(units)
    assert facts.beside == fresh.beside == frozenset(query.comparison_ids(units))
    pd.testing.assert_series_equal(facts.names, fresh.names)
    assert len(facts.depths) > 10
    store.open_dataset(ROOT / "data" / "drammen")  # a new store: worked out again
    assert store.unit_facts() is not facts


def test_unit_facts002_no_request_walks_the_units_tree(dataset, monkeypatch):
    assert _requests() > 20  # first: what is kept per dataset is built (and may walk the tree)
    walks = []
    real = query._unit_depths

    def counted(ids, parents):
        walks.append(len(ids))
        return real(ids, parents)

    monkeypatch.setattr(query, "_unit_depths", counted)
    assert query.unit_depths(store.table("units")) and len(walks) == 1  # the count counts
    walks.clear()
    assert _requests() > 20
    assert walks == []


def test_unit_facts003_queries_given_the_kept_facts_answer_as_without(dataset):
    facts = store.unit_facts()
    units, inds, targets = store.table("units"), store.table("indicators"), store.table("targets")
    years = sorted(pages.observation_years())
    for year in [years[0], years[-1], years[-1] + 1]:
        obs = store.headline_observations(list(inds["indicator_id"]), year)
        pd.testing.assert_frame_equal(
            query_overview.card_figures(obs, inds, units, targets, year, facts=facts),
            query_overview.card_figures(obs, inds, units, targets, year),
        )
    events = store.table("events")
    for row in inds.to_dict("records")[::5]:
        obs = store.observations([row["indicator_id"]])
        assert query_overview.top_unit(obs, units, row["indicator_id"], facts) == query_overview.top_unit(
            obs, units, row["indicator_id"]
        )
        with_facts = query_overview.series_view(obs, units, targets, events, row, facts=facts)
        without = query_overview.series_view(obs, units, targets, events, row)
        pd.testing.assert_frame_equal(with_facts.rows, without.rows)
        assert with_facts.labels == without.labels
    for prog in query_housing.PROGRAMMES:
        obs = store.observations(prog.indicators)
        pd.testing.assert_frame_equal(
            query_housing.annual_series(obs, units, prog.indicators, facts=facts),
            query_housing.annual_series(obs, units, prog.indicators),
        )
        for ind in prog.indicators:
            assert query_housing.top_unit(obs, units, ind, facts) == query_housing.top_unit(obs, units, ind)
            with_facts = query_housing.months_of_year(obs, units, ind, years[-1], facts)
            without = query_housing.months_of_year(obs, units, ind, years[-1])
            pd.testing.assert_frame_equal(with_facts[0], without[0])
            assert repr(with_facts[1]) == repr(without[1])  # a NaN total is the same too
        for month in (None, 3):
            args = (obs, targets, inds, units, prog.indicators, years[-1], month)
            pd.testing.assert_frame_equal(
                query_housing.period_values(*args, facts), query_housing.period_values(*args)
            )
    assert pages.all_unit_options() == pages.unit_options(units)
    in_budget = list(budget.budget_tree().in_budget)
    assert budget.budget_unit_options() == pages.unit_options(units[units["unit_id"].isin(in_budget)])
