"""`present` in the page state: read from the URL, kept by links, checked like every parameter."""

from __future__ import annotations

from layouts import state as urlstate
from layouts.filters import page_store
from layouts.state import FilterOptions, PageState, resolve

OPTIONS = FilterOptions(
    years=(2015, 2016), default_year=2016, units=(("fjell", "Fjell", 2),), keys=("fjell",)
)


def test_present_from_url_is_kept_by_drill_links():
    state = resolve("districts", {"present": "1", "period": "2015", "units": "fjell"}, OPTIONS)
    assert state.present and state.notices == ()
    assert state.url("/districts/fjell") == "/districts/fjell?period=2015&units=fjell&present=1"


def test_present_off_and_bad_values():
    assert not resolve("districts", {"present": "0"}, OPTIONS).present
    assert resolve("districts", {"present": "0"}, OPTIONS).notices == ()
    bad = resolve("districts", {"present": "yes"}, OPTIONS)
    assert not bad.present and bad.notices == (("present", "yes"),)
    assert resolve("districts", {}, OPTIONS).url("/budget") == "/budget?period=2016"


def test_navigation_links_keep_present_period_and_language():
    query = {"present": "1", "lang": "en", "period": "2015", "units": "fjell"}
    assert urlstate.href("/housing", query) == "/housing?lang=en&period=2015&present=1"


def test_callbacks_rebuild_present_from_the_page_store():
    store = page_store(PageState(page="budget", present=True, year=2016), "/budget", ("period",))
    state = PageState.from_filters(store.data, "2016", "year", [], None)
    assert state.present and state.url("/budget/x") == "/budget/x?period=2016&present=1"
    assert not PageState.from_filters({**store.data, "present": "1"}, "2016", None, None, None).present
