"""The budget page after its cold-path speed work (issue #5) answers exactly as before.

The old code is read from git at the commit before the work (OLD_COMMIT): the queries
(data/query_budget.py), the layouts (layouts/budget.py, layouts/figures/budget.py) and the
callback (callbacks/budget.py, its `update_budget` run without registering it). On the shipped
dataset, a small synthetic one and a wider synthetic one (more municipalities than the waterfall
draws bars and the table shows rows), the whole output of `update_budget` equals the old code's
as JSON: every year, sub-periods (the year, the first and the last month or tertial), the budget
root and every drill key (the budget page's units), with and without a unit filter, both
languages; with the query cache off and on (a second call is served from the cache).
"""

from __future__ import annotations

import types

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from flask import Flask

import app  # noqa: F401  (registers every callback and route)
from callbacks import budget as page
from data import cache
from layouts import budget as budget_layout
from tests import history
from tests.conftest import ROOT
from tests.history import as_json
from tests.history import body as _body
from tests.synthetic import write_synthetic

OLD_COMMIT = "6e1f12d6cbc4688d8e92e40d3ad0c28f18ff7d5e"


def _old_module(path: str, replace: tuple[tuple[str, str], ...] = (), inject: dict | None = None):
    return history.old_module(OLD_COMMIT, path, replace, inject)


@pytest.fixture(scope="module")
def old():
    """The old queries, layouts and callback, wired to each other."""
    qb = _old_module("data/query_budget.py")
    # Its charts with their margins and footer placed as today's builders do (the rest must be equal).
    figures = history.budget_figures_as_now(_old_module("layouts/figures/budget.py"))
    layout = _old_module(
        "layouts/budget.py",
        (
            ("from layouts.figures.budget import deviation_label\n", "\n"),
            # The table's rows since: the units the waterfall names (24, was 40); the rest as it was.
            ("TABLE_LIMIT = 40\n", f"TABLE_LIMIT = {budget_layout.TABLE_LIMIT}\n"),
        ),
        {"deviation_label": figures.deviation_label},
    )
    callbacks = _old_module(
        "callbacks/budget.py",
        (
            ("from data import query, query_budget, store\n", "from data import query, store\n"),
            ("from data.query_budget import BudgetTree\n", "\n"),
            ("from layouts import budget, ids\n", "from layouts import ids\n"),
            ("from layouts.figures import budget as figures\n", "\n"),
            *history.UNREGISTERED,
        ),
        {"query_budget": qb, "BudgetTree": qb.BudgetTree, "budget": layout, "figures": figures},
    )
    return types.SimpleNamespace(qb=qb, callbacks=callbacks)


@pytest.fixture(scope="module", params=["drammen", "synthetic", "wide"])
def dataset(request, tmp_path_factory):
    if request.param == "drammen":
        path = ROOT / "data" / "drammen"
    elif request.param == "synthetic":
        path = write_synthetic(tmp_path_factory.mktemp("budget_speed"), 3, 4, "2014-2016")
    else:  # 40 municipalities: a root of more rows than the table shows and bars than the waterfall draws
        path = write_synthetic(tmp_path_factory.mktemp("budget_speed_wide"), 40, 2, "2015-2016")
    with history.serving(path):
        yield request.param


def _call(fn, *args) -> str:
    """The callback's output as JSON (or what it raised), with a callback context set."""
    context_value.set(AttributeDict(outputs_list=[], triggered_inputs=[], inputs_list=[]))
    try:
        return as_json(_body(fn)(*args))
    except Exception as error:  # the same error is the same answer
        return f"{type(error).__name__}: {error}"


def _page_data(key: str | None, lang: str) -> dict:
    return {"page": "budget-unit" if key else "budget", "key": key, "lang": lang, "show": ["period", "units"]}


def _unit_filters(opts) -> list[list[str]]:
    """No filter, the filter's first, middle and last units, two units, and an unknown id."""
    values = [option[0] for option in opts.units]
    picked = [[], values[:1], values[len(values) // 2 : len(values) // 2 + 1], values[-1:]]
    picked += [[values[1], values[-2]] if len(values) > 2 else values, ["no-such-unit"]]
    return [p for i, p in enumerate(picked) if p or i == 0]


def _cases(opts, dataset: str):
    """(year, subperiod, key, units, lang): every year with the whole year and a few months or
    tertials at the root and every drill key; unit filters at the root and at a few keys."""
    subs = list(dict.fromkeys(["year", *opts.subperiods[1:2], *opts.subperiods[-1:]]))
    more = [s for s in opts.subperiods if s in ("M05", "T2")]
    keys = [None, *opts.keys]
    if dataset == "wide":  # every municipality is a key: the root, a few and the last
        keys = [None, *opts.keys[:4], *opts.keys[len(opts.keys) // 2 :][:2], opts.keys[-1]]
    filters = _unit_filters(opts)
    cases = []
    for y, year in enumerate([*map(str, opts.years), None]):
        for k, key in enumerate([*keys, "no-such-unit"]):
            lang = "en" if (y + k) % 2 else "nb"
            for sub in [*subs, *more] if key is None else subs:
                cases.append((year, sub, key, [], lang))
            for units in filters[1:] if key is None or k % 3 == 1 else filters[1:2]:
                cases.append((year, "year" if k % 2 else subs[-1], key, units, lang))
    return cases


def _same_answers(old, dataset: str) -> int:
    opts = page.options(with_keys=True)
    assert opts.keys, dataset
    cases = _cases(opts, dataset)
    for year, sub, key, units, lang in cases:
        args = ({}, year, sub, units, _page_data(key, lang))
        got = _call(page.update_budget, *args)
        want = _call(old.callbacks.update_budget, *args)
        assert got == want, (dataset, year, sub, key, units, lang)
    return len(cases)


def test_update_budget_equals_old(old, dataset):
    assert _same_answers(old, dataset) > 40


def test_update_budget_through_the_query_cache_equals_old(old, dataset):
    """With the query cache on: computed (cold), then from the cache (warm), the same answers
    (the old answers computed first with the cache off: the old code keeps its results under the
    same keys)."""
    opts = page.options(with_keys=True)
    year = str(opts.default_year)
    cases = [
        ({}, year, sub, units, _page_data(key, "nb"))
        for key in [None, opts.keys[0], opts.keys[-1]]
        for sub in ("year", opts.subperiods[-1])
        for units in ([], [opts.units[-1][0]])
    ]
    assert cache.backend() is None
    wanted = [_call(old.callbacks.update_budget, *args) for args in cases]
    saved = dict(cache._state)
    cache.init_cache(Flask(__name__), env={})
    try:
        cache.clear()
        for args, want in zip(cases, wanted, strict=True):
            for _ in range(2):
                assert _call(page.update_budget, *args) == want, (dataset, args)
    finally:
        cache._state.clear()
        cache._state.update(saved)
