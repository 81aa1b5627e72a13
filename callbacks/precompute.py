"""Work out at start-up what the first request for each year would.

A year asked for the first time costs a panel callback its queries (the overview's cards of a
national dataset: ~45 ms; a budget year: ~40 ms), and the query cache forgets them after
`KPI_CACHE_TIMEOUT` seconds. `precompute()` (from `app.create_app`, once the data is loaded) works
out, for every year of the data, the overview's cards, each panel's headline figures and the budget
page's root view as first opened (the whole year, no unit filter); they are kept once per dataset
(`store.kept_each`), never expire, and under gunicorn the preloaded app's workers share them. It
also keeps the whole answers of those pages as first opened (`callbacks.answers`: the overview, the
districts page's bars and small multiples, the housing programmes' cards and trends, the budget
page's root, and its months of the default year) for each year in bokmål. Anything else
(sub-periods, unit filters, drill-downs, indicator pages) is worked out when asked for, through the
query cache, as before. A new dataset version (a reload into the database) starts empty and fills as
years are asked for.
"""

from __future__ import annotations

import logging
import time

from callbacks import answers, budget, districts, headline, housing, overview, pages
from layouts.state import PageState

log = logging.getLogger(__name__)


def precompute() -> dict[str, int]:
    """Every year's overview cards, headline figures (each panel) and budget root view, and the
    whole answers (`callbacks.answers`, in bokmål, the default language) of the pages as first
    opened for each year: the overview, the districts page's bars (its default indicator), each
    housing programme's card and trend and the budget page's root, and the districts' small
    multiples; and the budget page's root for each month and tertial of its default year (the
    districts' bars of those are kept when first asked). Returns how many of each were worked out."""
    started = time.perf_counter()
    done = {"overview": 0, "headline": 0, "budget": 0, "answers": 0}

    def answer(name: str, state: PageState, build) -> None:
        answers.kept(name, state, lambda: build(state), True)
        done["answers"] += 1

    years = sorted(pages.observation_years())
    for year in years:
        overview._cards(year)
        done["overview"] += 1
        for panel in sorted(set(headline.PAGE_PANELS.values())):
            headline.panel_figures(panel, year)
            done["headline"] += 1
        answer("overview", PageState(page="overview", year=year), overview.overview_answer)
    default_indicator = districts.defaults()[1]
    if default_indicator is not None:
        for year in years:
            state = PageState(page="districts", year=year, indicator=default_indicator)
            answer("district_bars", state, districts.bars_answer)
        state = PageState(page="districts", indicator=default_indicator)
        answer("district_multiples", state, districts.multiples_answer)
    programmes, housing_years = housing.page_programmes()
    for year in sorted(housing_years):
        state = PageState(page="housing", year=year)
        for key in programmes:  # each kept by `programme_answer` (`housing.first_view`)
            housing.programme_answer(key, state)
            done["answers"] += 1
    if budget.budget_tree().root is not None:
        for year in sorted(budget.budget_years()):
            # The answer reads the root view's data (`budget.view_data`), which keeps it too.
            answer("budget", PageState(page="budget", year=year), budget.budget_answer)
            done["budget"] += 1
        default_year = budget.default_year()
        for sub in budget.options().subperiods:  # the default year's months and tertials
            if sub != "year" and default_year is not None:
                answer(
                    "budget", PageState(page="budget", year=default_year, subperiod=sub), budget.budget_answer
                )
    log.info("precomputed %s in %.1f s", done, time.perf_counter() - started)
    return done
