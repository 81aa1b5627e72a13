"""`callbacks.answers` (issue #5): the whole answers of the overview of each year, of the districts
page's bars and the budget page's root (each year, each sub-period of the default year; the
districts' default indicator) and of the districts' small multiples are kept once per dataset as the
JSON Dash sends (and each housing programme's card and trend on /housing); they equal the answer
built when asked, stay equal when read again, and no other view (a unit filter, a drill-down,
present mode, another year's month, a year outside the data) is kept, so a request cannot grow what
the process holds."""

from __future__ import annotations

import pytest
from dash import no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.exceptions import PreventUpdate

import app  # noqa: F401  (registers every callback and route)
from callbacks import budget, districts, exports, housing, overview, pages
from data import store
from layouts import ids
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


def _fill_programmes(keys: list[str], year: str | None, page: dict, frames: list[str] | None = None):
    """`fill_programmes` as Dash calls it for /housing's cards and trends of `keys` (and the trend
    frames of `frames`, the same keys when None), as JSON."""
    frames = keys if frames is None else frames
    parts = [
        [{"id": o.component_id | {"programme": k}, "property": o.component_property} for k in frames]
        for o in exports.frame_outputs(ids.housing(ids.HOUSING_TREND, "x"))
    ]
    outputs = [
        [{"id": ids.housing(ids.HOUSING_CARD, k), "property": "children"} for k in keys],
        [{"id": ids.housing(ids.HOUSING_TREND, k), "property": "figure"} for k in keys],
        *parts,
    ]
    context_value.set(AttributeDict(outputs_list=outputs, triggered_inputs=[], inputs_list=[]))
    try:
        return as_json(_body(housing.fill_programmes)([{}] * len(keys), year, page))
    except PreventUpdate:
        return "PreventUpdate"


def _programmes_built(keys: list[str], year: str, page: dict, frames: list[str] | None = None) -> list:
    """What `fill_programmes` answered before its parts were kept: each programme's parts built
    when asked (no_update for a programme the data does not have), the trends' frames made from
    the output ids (`exports.frames` with nothing made)."""
    state = PageState.from_filters(page, year, None, None, None)
    made = {k: housing.programme_parts(k, state) for k in keys}
    drawn = {k: parts for k, parts in made.items() if parts is not None}
    frame_values = exports.frames(
        ids.HOUSING_TREND,
        [
            [{"id": o.component_id | {"programme": k}} for k in (keys if frames is None else frames)]
            for o in exports.frame_outputs(ids.housing(ids.HOUSING_TREND, "x"))
        ],
        {k: parts[1] for k, parts in drawn.items()},
        "programme",
        state,
    )
    cards = [drawn[k][0] if k in drawn else no_update for k in keys]
    trends = [drawn[k][1] if k in drawn else no_update for k in keys]
    return as_json([cards, trends, *frame_values])


def test_answers003_housing_programmes_kept_equal_built_and_bounded(dataset):
    keys, years = housing.page_programmes()
    if dataset.name == "drammen":
        assert len(keys) == 6 and len(years) > 3
    for _ in range(2):  # the second time from what is kept
        for lang in ("nb", "en"):
            page = {"page": "housing", "lang": lang, "show": ["period"]}
            for year in sorted(years):
                got = _fill_programmes(list(keys), str(year), page)
                assert got == _programmes_built(list(keys), str(year), page), (year, lang)
    kept = store.kept("answer.housing_programme", dict)
    assert len(kept) == 2 * len(keys) * len(years)
    # Other views are built when asked and add nothing kept: present mode, another page's name,
    # a key, a year outside the data, a programme the data does not have, another frame id.
    page = {"page": "housing", "lang": "nb", "show": ["period"]}
    year = str(max(years)) if years else "2016"
    for other_keys, other_year, other_page in (
        (list(keys), year, {**page, "present": True}),
        (list(keys), year, {**page, "page": "not-a-page"}),
        (list(keys), year, {**page, "key": "k"}),
        (list(keys), "1999", page),
        ([*keys, "no-such-programme"], year, page),
    ):
        state = PageState.from_filters(other_page, other_year, None, None, None)
        known = [k for k in other_keys if housing.programme_parts(k, state) is not None]
        got = _fill_programmes(other_keys, other_year, other_page, frames=known)
        assert got == _programmes_built(other_keys, other_year, other_page, known), (other_year, other_page)
    assert _fill_programmes(list(keys), year, page, frames=["no-such-programme"]) == "PreventUpdate"
    assert len(store.kept("answer.housing_programme", dict)) == len(kept)
