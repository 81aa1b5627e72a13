"""The overview and the indicator view after the speed work (issue #5) answer exactly as before.

The old code is read from git at the commit before the work (OLD_COMMIT): the queries
(data/query.py, data/query_overview.py), the layouts (layouts/cards.py, layouts/overview.py,
layouts/figures/overview.py) and the callbacks (callbacks/overview.py, run without registering
them, with their own cache key). On the shipped dataset and a synthetic one with more cards than
the overview draws at once, for every year and both languages, the whole output of
`update_overview`, `show_more_cards` (every goal area, every step), `update_indicator_card`,
`update_indicator_series` and `update_indicator_breakdown` (several indicators, with and without
a unit filter) equals the old code's, as JSON.
"""

from __future__ import annotations

import pytest
from dash.exceptions import PreventUpdate

import app  # noqa: F401  (registers every callback and route)
from callbacks import overview as page
from tests import history
from tests.conftest import ROOT
from tests.history import as_json
from tests.history import body as _body
from tests.synthetic import write_synthetic

OLD_COMMIT = "3e835bfcb59a7561e50ba315c61edc574b2bf057"


def _old_module(path: str, replace: tuple[tuple[str, str], ...] = (), inject: dict | None = None):
    return history.old_module(OLD_COMMIT, path, replace, inject)


@pytest.fixture(scope="module")
def old():
    """The old callbacks module, wired to the old queries and layouts."""
    query = _old_module("data/query.py")
    qo = _old_module("data/query_overview.py", (("from data import query\n", "\n"),), {"query": query})
    cards = _old_module("layouts/cards.py")
    figures = _old_module("layouts/figures/overview.py")
    layout = _old_module(
        "layouts/overview.py",
        (
            ("from layouts import cards, ids\n", "from layouts import ids\n"),
            ("from layouts.figures import overview as figures\n", "\n"),
        ),
        {"cards": cards, "figures": figures},
    )
    return _old_module(
        "callbacks/overview.py",
        (
            ("from data import query_overview, store\n", "from data import store\n"),
            ("from layouts import ids, overview\n", "from layouts import ids\n"),
            ("from layouts.figures import overview as figures\n", "\n"),
            ('store.cached("overview_cards"', 'store.cached("old_overview_cards"'),
            *history.UNREGISTERED,
            ("\nclientside_callback(", "\n(lambda *a, **k: None)("),
        ),
        {"query_overview": qo, "overview": layout, "figures": figures},
    )


@pytest.fixture(scope="module", params=["drammen", "synthetic"])
def dataset(request, tmp_path_factory):
    if request.param == "drammen":
        path = ROOT / "data" / "drammen"
    else:  # 45 indicators: more cards than the overview draws at once («Vis 8 til»)
        path = write_synthetic(tmp_path_factory.mktemp("overview_synthetic"), 3, 45, "2014-2016")
    with history.serving(path):
        yield request.param


def _page(kind: str, lang: str, key: str | None = None) -> dict:
    return {"page": kind, "key": key, "lang": lang, "show": ["period", "units", "indicator"]}


def _call(fn, *args):
    try:
        return as_json(fn(*args))
    except PreventUpdate:
        return "PreventUpdate"


def test_overview_and_more_cards_equal_old(old, dataset):
    opts = page.overview_options()
    assert opts.years
    areas_capped = 0
    for year in [*map(str, opts.years), None]:
        for lang in ("nb", "en"):
            data = _page("overview", lang)
            new = _call(_body(page.update_overview), year, data)
            assert new == _call(_body(old.update_overview), year, data), (dataset, year, lang)
            if year is None:
                continue
            for area in range(8):
                for shown in (8, 16, 24, 3):
                    args = (area, shown, year, data)
                    got = _call(page.show_more_cards, *args)
                    assert got == _call(old.show_more_cards, *args), (dataset, year, lang, area, shown)
                    areas_capped += got != "PreventUpdate"
    if dataset == "synthetic":
        assert areas_capped  # the synthetic dataset has areas with more cards to show


def _indicator_cases(opts):
    keys = list(opts.keys)
    picked = list(dict.fromkeys([*keys[:3], *keys[len(keys) // 2 : len(keys) // 2 + 2], keys[-1]]))
    units = [u[0] for u in opts.units]
    unit_filters = [[], units[:1], units[1:3], units[-1:]]
    return picked, unit_filters


def test_indicator_callbacks_equal_old(old, dataset):
    opts = page.indicator_options()
    picked, unit_filters = _indicator_cases(opts)
    assert picked and len(unit_filters[1]) == 1
    for i, key in enumerate(picked):
        lang = "en" if i % 2 else "nb"
        data = _page("indicator", lang, key)
        for units in unit_filters:
            new = _call(_body(page.update_indicator_series), units, data)
            assert new == _call(_body(old.update_indicator_series), units, data), (dataset, key, units)
        for j, year in enumerate(map(str, opts.years)):
            got = _call(_body(page.update_indicator_card), year, data)
            assert got == _call(_body(old.update_indicator_card), year, data), (dataset, key, year)
            for units in unit_filters if j == len(opts.years) - 1 else unit_filters[:2]:
                got = _call(_body(page.update_indicator_breakdown), year, units, data)
                want = _call(_body(old.update_indicator_breakdown), year, units, data)
                assert got == want, (dataset, key, year, units)
    # The other language for the first indicator, every year.
    data = _page("indicator", "en", picked[0])
    for year in map(str, opts.years):
        got = _call(_body(page.update_indicator_breakdown), year, [], data)
        assert got == _call(_body(old.update_indicator_breakdown), year, [], data)
