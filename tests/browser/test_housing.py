"""/housing and /housing/<programme> in real headless Chromium: filters, drill-down, back, reload."""

from __future__ import annotations

import pytest

from tests.browser.helpers import plain, settle, wait_text

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def housing_url(live_url) -> str:
    return live_url


def text_of(locator) -> str:
    return plain(locator.inner_text())


def chart_title(page, css: str) -> str:
    return page.locator(f"{css} .gtitle").first.text_content()  # SVG: text_content, not inner_text


def wait_title(page, css: str, pattern: str) -> None:
    """Wait until the chart's title matches `pattern` (a regular expression)."""
    page.wait_for_function(
        """([css, pattern]) => {
            const el = document.querySelector(css + ' .gtitle');
            return el && new RegExp(pattern).test(el.textContent);
        }""",
        arg=[css, pattern],
    )


def open_overview(page, url: str) -> None:
    page.goto(url)
    wait_title(page, ".housing-trend-startlan", "20[0-9]{2}")
    page.wait_for_selector(".housing-card .kpi-card")
    settle(page)


def open_programme(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".housing-table")
    page.wait_for_selector(".housing-detail .gtitle")
    settle(page)


def points(page, css: str, trace: int = 0):
    """The markers or bars of one trace of a chart (the event markers are a trace of their own)."""
    return page.locator(f"{css} .scatterlayer .trace, {css} .barlayer .trace").nth(trace).locator(".point")


def click_point(page, css: str, index: int, trace: int = 0) -> None:
    """Click a data point (marker or bar) of a chart with the mouse, as a user does: Plotly takes
    the click on its drag layer above the point and reports the nearest point. The page's
    callbacks are let finish first, so the click lands on the drawn chart."""
    settle(page)
    point = points(page, css, trace).nth(index)
    point.wait_for()
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_housing201_overview_year_filter_drill_breadcrumb_and_back(page, console_errors, housing_url):
    open_overview(page, housing_url + "/housing")
    assert page.locator("h1").inner_text() == "Boligsosialt arbeid"
    wait_text(page, ".headline-title", "Nøkkeltall 2016")
    assert page.locator(".housing-programme-title").all_inner_texts() == [
        "Startlån",
        "Leie til eie",
        "Kommunale utleieboliger",
        "Akutt bostedsløshet",
        "Bosetting av flyktninger",
        "Tilvisningsrett",
    ]
    wait_title(page, ".housing-trend-tilvisning", "tilvisningsrett, 2016")
    startlan = text_of(page.locator(".housing-programme-startlan"))
    assert "300 mill. kr" in startlan and "183" in startlan
    assert "287,4 mill. kr (2016) Illustrativt tall" in startlan  # granted: illustrative, and says so
    assert chart_title(page, ".housing-trend-startlan") == "Startlån: ramme og innvilget beløp, 2013–2016"
    assert "Kilde:" in page.locator(".housing-trend-startlan .annotation-text").last.text_content()
    assert points(page, ".housing-trend-startlan", 0).count() == 4  # Startlånramme 2013–2016
    assert points(page, ".housing-trend-startlan", 2).count() == 1  # one event: the frame raised

    # the year filter redraws the cards and every trend, without reloading the page
    page.evaluate("window.__notReloaded = true")
    page.select_option("#filter-select-year", "2015")
    wait_title(page, ".housing-trend-startlan", "2013–2015")
    wait_text(page, ".headline-title", "Nøkkeltall 2015")
    wait_text(page, ".housing-programme-startlan .kpi-value", "170 mill. kr")
    wait_title(page, ".housing-trend-tilvisning", "tilvisningsrett, 2015")
    assert "Ingen tall for dette utvalget" in page.locator(".housing-trend-tilvisning").text_content()
    assert "Ingen tall for 2015" in page.locator(".housing-programme-tilvisning").inner_text()
    assert page.url.endswith("/housing?period=2015")
    assert page.evaluate("window.__notReloaded") is True

    # click the 2014 point of the frame: the programme's page for 2014
    click_point(page, ".housing-trend-startlan", 1)
    page.wait_for_url("**/housing/startlan?period=2014")
    wait_text(page, ".housing-view", "Tallene for 2014")
    assert page.locator("h1").inner_text() == "Startlån"
    crumbs = page.locator(".page-breadcrumb")
    assert text_of(crumbs).replace("\n", " ").startswith("Boligsosialt arbeid")
    crumbs.get_by_role("link", name="Boligsosialt arbeid").click()
    page.wait_for_url("**/housing?period=2014")
    wait_title(page, ".housing-trend-startlan", "2013–2014")
    page.go_back()
    page.wait_for_url("**/housing/startlan?period=2014")
    wait_text(page, ".housing-view", "Tallene for 2014")
    page.go_back()
    page.wait_for_url("**/housing?period=2015")
    wait_title(page, ".housing-trend-startlan", "2013–2015")
    assert page.locator("#filter-select-year").input_value() == "2015"
    assert console_errors == []


def test_housing202_programme_months_bar_click_back_and_reload(page, console_errors, housing_url):
    open_programme(page, housing_url + "/housing/startlan?period=2016")
    wait_title(page, ".housing-months-startlan_granted_nok", "per måned, 2016")
    subtitle = page.locator(".housing-months-startlan_granted_nok .gtitle-subtitle").text_content()
    assert subtitle.replace("\xa0", " ") == "Hele året: 287,4 mill. kr – Illustrativt tall"
    table = text_of(page.locator(".housing-table"))
    assert "Publisert tall" in table and "Illustrativt tall" in table and "Nådd" in table
    page.select_option("#filter-select-subperiod", "M03")
    wait_text(page, ".housing-view", "Tallene for mars 2016")
    assert page.url.endswith("/housing/startlan?period=2016-03")
    # the year filter redraws the trends' year band, the months and the table
    page.select_option("#filter-select-year", "2015")
    wait_title(page, ".housing-months-startlan_households", "per måned, 2015")
    wait_text(page, ".housing-view", "Tallene for mars 2015")
    band = page.locator(".housing-detail-startlan_amount .layer-below .shapelayer path")
    assert band.count() == 1
    click_point(page, ".housing-months-startlan_households", 4)  # May
    page.wait_for_url("**/housing/startlan?period=2015-05")
    wait_text(page, ".housing-view", "Tallene for mai 2015")
    assert page.locator("#filter-select-subperiod").input_value() == "M05"
    page.go_back()
    page.wait_for_url("**/housing/startlan?period=2015-03")
    wait_text(page, ".housing-view", "Tallene for mars 2015")
    page.reload()
    wait_text(page, ".housing-view", "Tallene for mars 2015")
    assert page.locator("#filter-select-year").input_value() == "2015"
    assert page.locator("#filter-select-subperiod").input_value() == "M03"
    assert console_errors == []


def test_housing203_english_breadcrumb_and_keyboard_links(page, console_errors, housing_url):
    open_programme(page, housing_url + "/housing/bostedsloshet?period=2015-06&lang=en")
    wait_text(page, ".housing-view", "The figures for June 2015")
    assert page.locator("h1").inner_text() == "Acute homelessness"
    assert page.locator("#filter-select-subperiod").input_value() == "M06"
    table = text_of(page.locator(".housing-table"))
    assert "NAV" in table and "Illustrative figure" in table
    assert page.url.endswith("/housing/bostedsloshet?period=2015-06&lang=en")
    # up to /housing in English, then by keyboard to a year of another programme
    page.locator(".page-breadcrumb").get_by_role("link", name="Housing programmes").click()
    page.wait_for_url("**/housing?period=2015&lang=en")
    wait_title(page, ".housing-trend-startlan", "Start-up loans")
    assert "NOK 170 million" in text_of(page.locator(".housing-programme-startlan"))
    page.locator(".housing-programme-utleieboliger").get_by_role("link", name="2014").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/housing/utleieboliger?period=2014&lang=en")
    wait_text(page, ".housing-view", "The figures for 2014")
    page.go_back()
    page.wait_for_url("**/housing?period=2015&lang=en")
    wait_title(page, ".housing-trend-tilvisning", "Flats")
    page.locator(".housing-programme-leie-til-eie").get_by_role("link", name="Details").click()
    page.wait_for_url("**/housing/leie-til-eie?period=2015&lang=en")
    wait_text(page, ".housing-view", "This programme has yearly figures only")
    assert page.locator("#filter-select-subperiod").is_hidden()
    assert console_errors == []


def test_housing204_event_hover_and_bad_urls(page, console_errors, housing_url):
    open_programme(page, housing_url + "/housing/utleieboliger?period=2016")
    css = ".housing-detail-cost_covering_rent"
    wait_title(page, css, "kostnadsdekkende husleie, 2013–2016")
    events = points(page, css, 1)
    assert events.count() == 2  # 2013 (gradual roll-out) and June 2016 (decided)
    events.nth(1).scroll_into_view_if_needed()
    box = events.nth(1).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector(f"{css} .hoverlayer .hovertext")
    hover = page.locator(f"{css} .hoverlayer").text_content()
    assert "juni 2016: Bystyret vedtok kostnadsdekkende husleie" in hover

    open_overview(page, housing_url + "/housing/nope?period=1999")
    notice = page.locator(".url-notice").inner_text()
    assert "«nope»" in notice and "«1999»" in notice
    open_programme(page, housing_url + "/housing/tilvisning?period=2016-03")
    assert "«2016-03»" in page.locator(".url-notice").inner_text()
    wait_text(page, ".housing-view", "Tallene for 2016")
    assert console_errors == []
