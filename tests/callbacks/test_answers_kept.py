"""`callbacks.answers` (issue #5): the whole answers of the overview of each year, of the
districts page's bars and the budget page's root (each year, each sub-period of the default
year; the districts' default indicator) and of the districts' small multiples are kept once per
dataset as the JSON Dash sends; they equal the answer built when asked, stay equal when read again, and
no other view (a unit filter, a drill-down, present mode, another year's month, a year outside
the data) is kept, so a request cannot grow what the process holds."""

from __future__ import annotations

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict

import app  # noqa: F401  (registers every callback and route)
from callbacks import budget, districts, overview, pages
from data import store
from layouts.state import PageState
from tests.history import as_json
from tests.history import body as _body


@pytest.fixture
def dataset(drammen_or_synthetic):
    store.open_dataset(drammen_or_synthetic)  # a new store: nothing kept yet
    context_value.set(AttributeDict(outputs_list=[], triggered_inputs=[], inputs_list=[]))
    return drammen_or_synthetic


def _page(name: str, lang: str, **more) -> dict:
    return {"page": name, "lang": lang, "show": ["period", "units"], **more}


def test_answers001_kept_answers_equal_answers_built_when_asked(dataset):
    years = sorted(pages.observation_years())
    default, subs = budget.default_year(), budget.options().subperiods
    assert default is not None and len(subs) > 1
    views = [(str(y), "year") for y in sorted(budget.budget_years())] + [(str(default), s) for s in subs]
    for _ in range(2):  # the second time from what is kept: readers do not change it
        for lang in ("nb", "en"):
            for year in years:
                page = _page("overview", lang)
                state = PageState.from_filters(page, str(year), None, None, None)
                got = as_json(_body(overview.update_overview)(str(year), page))
                assert got == as_json(overview.overview_answer(state)), (year, lang)
            for year, sub in views:
                page = _page("budget", lang)
                state = PageState.from_filters(page, year, sub, [], None)
                got = as_json(_body(budget.update_budget)({}, year, sub, [], page))
                assert got == as_json(budget.budget_answer(state)), (year, sub, lang)
        default_year, indicator = districts.defaults()
        bars_views = [(str(y), "year") for y in years] + [(str(default_year), s) for s in subs]
        page = {"page": "districts", "lang": "nb", "show": ["period", "units", "indicator"]}
        for year, sub in bars_views:
            state = PageState.from_filters(page, year, sub, [], indicator)
            got = as_json(_body(districts.update_bars)(year, sub, [], indicator, page))
            assert got == as_json(districts.bars_answer(state)), (year, sub)
        state = PageState.from_filters(page, None, None, [], indicator)
        got = as_json(_body(districts.update_multiples)([], indicator, page))
        assert got == as_json(districts.multiples_answer(state))
    assert len(store.kept("answer.district_bars", dict)) == len(set(bars_views))
    assert len(store.kept("answer.district_multiples", dict)) == 1
    kept_overview = store.kept("answer.overview", dict)
    kept_budget = store.kept("answer.budget", dict)
    assert len(kept_overview) == 2 * len(years)
    assert len(kept_budget) == 2 * len(set(views))
    assert all(isinstance(answer, tuple) for answer in [*kept_overview.values(), *kept_budget.values()])


def test_answers002_other_views_are_built_when_asked_and_not_kept(dataset):
    year, default = str(max(pages.observation_years())), budget.default_year()
    other_year = str(min(budget.budget_years() - {default}))
    subs = [s for s in budget.options().subperiods if s != "year"]
    unit = budget.options().units[-1][0]
    key = budget.options(with_keys=True).keys[-1]
    _body(overview.update_overview)(year, _page("overview", "nb", present=True))
    _body(overview.update_overview)(year, _page("not-a-page", "nb"))  # any name a request sends
    _body(overview.update_overview)(year, _page("overview", "nb", key="k"))
    _body(overview.update_overview)("1999", _page("overview", "nb"))
    for args in (
        ({}, str(default), "year", [unit], _page("budget", "nb")),  # a unit filter
        ({}, str(default), "year", [], _page("budget-unit", "nb", key=key)),  # a drilled unit
        ({}, str(default), "year", [], _page("budget", "nb", present=True)),  # present mode
        ({}, str(default), "year", [], _page("not-a-page", "nb")),  # any page name a request sends
        ({}, other_year, subs[0], [], _page("budget", "nb")),  # a month of another year
        ({}, "2099", "year", [], _page("budget", "nb")),  # a year outside the data
    ):
        state = PageState.from_filters(args[4], args[1], args[2], args[3], None)
        assert not budget.first_view(state), args
        assert as_json(_body(budget.update_budget)(*args)) == as_json(budget.budget_answer(state)), args
    page = {"page": "districts", "lang": "nb", "show": ["period", "units", "indicator"]}
    indicator = districts.defaults()[1]
    others = [i for i, *_ in districts.options().indicators if i != indicator]
    district = districts.options(with_keys=True).keys[0]
    for args in (
        (year, "year", [], others[0], page),  # another indicator
        (year, "year", [district], indicator, page),  # a unit filter
        (year, "year", [], indicator, {**page, "present": True}),  # present mode
        (year, "year", [], indicator, {**page, "page": "not-a-page"}),  # any page name
        (year, "year", [], indicator, {**page, "key": "k"}),  # any key
        ("1999", "year", [], indicator, page),  # a year outside the data
    ):
        state = PageState.from_filters(args[4], *args[:4])
        assert not districts.first_view(state), args
        got = as_json(_body(districts.update_bars)(*args))
        assert got == as_json(districts.bars_answer(state)), args
        got = as_json(_body(districts.update_multiples)(args[2], args[3], args[4]))
        assert got == as_json(
            districts.multiples_answer(PageState.from_filters(args[4], None, None, *args[2:4]))
        )
    assert store.kept("answer.overview", dict) == {}
    assert store.kept("answer.budget", dict) == {}
    assert store.kept("answer.district_bars", dict) == {}
    # The small multiples have no year: with the default indicator (a year outside the data),
    # they are the page as first opened.
    assert set(store.kept("answer.district_multiples", dict)) == {
        PageState(page="districts", indicator=indicator)
    }
