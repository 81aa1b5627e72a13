"""`callbacks.precompute` (issue #5): at start-up, every year's overview cards, headline figures
and budget root view are worked out once; a page's first request for a year then computes none
of them, answers exactly as a page without them would, and years outside the data are not kept
(a request cannot grow what the process holds)."""

from __future__ import annotations

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict

import app  # noqa: F401  (registers every callback and route)
from callbacks import budget, headline, housing, overview, pages
from callbacks.precompute import precompute
from data import cache, query_budget, query_overview, store
from tests.history import as_json
from tests.history import body as _body


@pytest.fixture
def dataset(drammen_or_synthetic):
    return drammen_or_synthetic


def _answers(year: str, lang: str) -> str:
    context_value.set(AttributeDict(outputs_list=[], triggered_inputs=[], inputs_list=[]))
    page = {"show": ["period", "units", "indicator"], "lang": lang}
    return as_json(
        [
            _body(overview.update_overview)(year, {**page, "page": "overview"}),
            *(_body(headline.fill_headline)({"page": p, "lang": lang}, year) for p in headline.PAGE_PANELS),
            _body(budget.update_budget)({}, year, "year", [], {**page, "page": "budget"}),
        ]
    )


def test_precompute001_every_year_kept_and_no_query_on_a_first_request(dataset, monkeypatch):
    years = sorted(pages.observation_years())
    budget_years = sorted(budget.budget_years())
    programmes, housing_years = housing.page_programmes()
    subs = [sub for sub in budget.options().subperiods if sub != "year"]
    # What the pages answer with nothing kept: each computed when asked (query cache off).
    cache.clear()
    store.open_dataset(dataset)
    want = {(y, lang): _answers(str(y), lang) for y in years for lang in ("nb", "en")}

    store.open_dataset(dataset)  # a new store: nothing kept
    done = precompute()
    assert done == {
        "overview": len(years),
        "headline": 3 * len(years),
        "budget": len(budget_years),
        # overview, bars, multiples, housing programmes, budget (each year, and the default
        # year's months and tertials)
        "answers": 2 * len(years) + 1 + len(programmes) * len(housing_years) + len(budget_years) + len(subs),
    }
    assert len(store.kept("answer.housing_programme", dict)) == len(programmes) * len(housing_years)
    kept_answers = {n: len(store.kept(f"answer.{n}", dict)) for n in ("overview", "district_bars", "budget")}
    assert kept_answers == {
        "overview": len(years),
        "district_bars": len(years),
        "budget": len(budget_years) + len(subs),
    }
    assert {(s.year, s.subperiod) for s in store.kept("answer.budget", dict)} == {
        *((y, "year") for y in budget_years),
        *((budget.default_year(), sub) for sub in subs),
    }
    assert sorted(store.kept("overview.cards", dict)) == years
    assert sorted(store.kept("headline.panel_figures", dict)) == sorted(
        (p, y) for p in ("budget", "districts", "housing") for y in years
    )
    assert sorted(store.kept("budget.root_view", dict)) == budget_years

    # Now a year's first request works none of them out again (the budget years are fewer than
    # the data's: the others' budget views are worked out when asked, as before).
    calls = {"card_figures": 0, "headline": 0, "breakdown": 0}

    def counted(module, name):
        real = getattr(module, name)

        def call(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, call)

    counted(query_overview, "card_figures")
    counted(headline.query, "headline")
    counted(query_budget, "breakdown")
    for _ in range(2):  # twice: the kept results are not changed by their readers
        for (year, lang), answer in want.items():
            assert _answers(str(year), lang) == answer, (year, lang)
    outside = sum(1 for year, _ in want if year not in budget_years)
    assert calls == {"card_figures": 0, "headline": 0, "breakdown": 2 * outside}


def test_precompute002_years_outside_the_data_are_not_kept(dataset):
    store.open_dataset(dataset)
    precompute()
    names = (
        "overview.cards",
        "headline.panel_figures",
        "budget.root_view",
        "answer.overview",
        "answer.budget",
    )
    kept = {name: set(store.kept(name, dict)) for name in names}
    for year in ("1999", "2099"):
        _answers(year, "nb")
    assert {name: set(store.kept(name, dict)) for name in names} == kept
    assert not any(1999 in keys or 2099 in keys for keys in kept.values())
    assert not any(state.year in (1999, 2099) for name in names[3:] for state in kept[name])
