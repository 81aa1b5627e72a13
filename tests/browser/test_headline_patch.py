"""A year change sends the headline cards as a Patch of what changed (layouts/patch.py), and the
browser then shows exactly what a fresh page of that year shows."""

from __future__ import annotations

import pytest

from tests.browser.helpers import settle, wait_text

pytestmark = pytest.mark.browser

CARDS = '[id*="headline-cards"]'


def headline_html(page) -> str:
    """The headline cards as the browser draws them (markup: texts, classes, links, sparklines)."""
    return page.locator(CARDS).first.inner_html()


def is_headline(response) -> bool:
    return "_dash-update-component" in response.url and "headline-cards" in (response.request.post_data or "")


@pytest.mark.parametrize("path", ["/districts", "/budget?lang=en"])
def test_headline_patch001_a_year_change_patches_the_cards_to_what_a_fresh_page_shows(
    page, live_url, console_errors, path
):
    glue = "&" if "?" in path else "?"
    fresh = {}
    for year in ("2015", "2016"):
        page.goto(f"{live_url}{path}{glue}period={year}")
        page.wait_for_selector(f"{CARDS} .kpi-card")
        settle(page)
        fresh[year] = headline_html(page)
    assert fresh["2015"] != fresh["2016"]

    # Now on 2016: change to 2015 and back, without reloading.
    for year in ("2015", "2016"):
        with page.expect_response(is_headline) as answer:
            page.select_option("#filter-select-year", year)
        settle(page)
        wait_text(page, ".headline-title", year)
        body = answer.value.json()["response"]
        children = next(v for k, v in body.items() if "headline-cards" in k)["children"]
        assert children["__dash_patch_update"], "the cards are patched, not sent again"
        assert all(op["operation"] in ("Assign", "Extend", "Delete") for op in children["operations"])
        assert headline_html(page) == fresh[year]
    assert console_errors == []
