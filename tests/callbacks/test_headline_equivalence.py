"""The panel pages' headline cards after the per-dataset work (issue #5: `store.kept`,
`query.UnitFacts`) answer exactly as before.

The old code is read from git at the commit before the work (OLD_COMMIT): data/query.py and
callbacks/headline.py (run without registering its callback). On the shipped dataset and a
synthetic one with several municipalities, `fill_headline` (no cards shown yet, and a redraw
from the other year's cards) and `headline` equal the old code's as JSON, for every panel page
(and a page of no panel: every indicator), every year of the data, years it does not have or
that are no year, and both languages.
"""

from __future__ import annotations

import json

import pytest

import app  # noqa: F401  (registers every callback and route)
from callbacks import headline as page
from data import cache, store
from tests import history
from tests.conftest import ROOT
from tests.history import as_json
from tests.history import body as _body
from tests.synthetic import write_synthetic

OLD_COMMIT = "6e1f12d6cbc4688d8e92e40d3ad0c28f18ff7d5e"


@pytest.fixture(scope="module")
def old():
    query = history.old_module(OLD_COMMIT, "data/query.py")
    return history.old_module(
        OLD_COMMIT,
        "callbacks/headline.py",
        (
            ("from data import query, store\n", "from data import store\n"),
            ("\n@callback(", "\n@(lambda *a, **k: (lambda f: f))("),
        ),
        {"query": query},
    )


@pytest.fixture(scope="module", params=["drammen", "synthetic"])
def dataset(request, tmp_path_factory):
    if request.param == "drammen":
        path = ROOT / "data" / "drammen"
    else:  # 3 municipalities, 100 indicators: more headline figures than a page shows
        path = write_synthetic(tmp_path_factory.mktemp("headline_synthetic"), 3, 100, "2013-2016")
    with history.serving(path):
        yield request.param


def _answer(fn, *args) -> str:
    cache.clear()  # both codes cache under the same key: each computes its own answer
    try:
        return as_json(_body(fn)(*args))
    except Exception as error:  # the same error is the same answer
        return f"{type(error).__name__}: {error}"


def test_fill_headline_answers_as_before(old, dataset):
    years = page.pages.years_of(store.observation_periods(None))
    assert len(years) >= 3
    asked = [str(y) for y in years] + [None, "", "1900", "abc", str(years[-1] + 5), 2016]
    compared = 0
    for kind in ["districts", "housing", "budget", "overview", None]:
        for lang in ["nb", "en"]:
            query = {"page": kind, "lang": lang} if kind else {"lang": lang}
            before = None
            for year in asked:
                new = _answer(page.headline, query, year)
                assert new == _answer(old.headline, query, year), (dataset, kind, lang, year)
                assert _answer(page.fill_headline, query, year) == _answer(old.fill_headline, query, year)
                shown = json.loads(new) if before is not None else None
                redraw = _answer(page.fill_headline, query, before, shown)
                assert redraw == _answer(old.fill_headline, query, before, shown), (dataset, kind, year)
                before = year
                compared += 1
    assert compared == 5 * 2 * len(asked)


def test_headline_figures_have_cards(dataset):
    """Not vacuous: every panel has headline figures on this dataset for its latest year."""
    year = page.choose_year(None)
    assert year is not None
    for panel in ["districts", "housing", "budget", None]:
        assert len(page.panel_figures(panel, year)) > 0, panel
