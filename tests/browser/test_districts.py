"""The districts page in real headless Chromium: filters, drill-down, Back/Forward, reload."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import plain, settle, wait_text

pytestmark = pytest.mark.browser

BARS = "#districts-graph-bars"
MULTIPLES = "#districts-graph-multiples"
BAR_POINTS = f"{BARS} .barlayer .trace:first-child .point"  # the districts' bars (not the legend's)


def title(page, graph: str) -> str:
    """A chart's title as drawn (an SVG text, so textContent)."""
    return page.locator(f"{graph} .gtitle").text_content()


def wait_title(page, graph: str, text: str) -> None:
    page.wait_for_function(
        "([sel, text]) => { const e = document.querySelector(sel); return !!e && e.textContent === text; }",
        arg=[f"{graph} .gtitle", text],
    )


def open_overview(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(f"{BARS} .gtitle")
    page.wait_for_selector(f"{MULTIPLES} .gtitle")
    settle(page)


def open_district(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#districts-div-district-table table")
    page.wait_for_selector("#districts-div-district-charts .js-plotly-plot .gtitle")
    settle(page)


def annotations(page, graph: str) -> list[str]:
    """Subplot titles, the source line and empty-state messages."""
    return page.locator(f"{graph} .annotation-text").all_text_contents()


def table_names(page) -> list[str]:
    return page.locator(".districts-drill-link").all_inner_texts()


def click_bar(page, i: int) -> None:
    """A real mouse click on the i-th bar: Plotly's drag layer lies over the bars, so click at the
    bar's position (force) and let Plotly find the bar under the pointer. The page's callbacks
    are let finish first, so the click lands on the drawn chart, not on one about to be replaced."""
    settle(page)
    page.locator(BAR_POINTS).nth(i).click(force=True)


def test_districts201_overview_renders(page, console_errors, live_url):
    open_overview(page, live_url + "/districts")
    text = plain(page.inner_text("body"))
    assert page.locator("h1").inner_text() == "Helse- og omsorgsdistrikt"
    assert "Nøkkeltall 2016" in text and "2 632" in text
    assert title(page, BARS) == "Utskrivningsklare pasienter per distrikt, 2016"
    assert title(page, MULTIPLES) == "Utskrivningsklare pasienter per distrikt over tid, 2013–2016"
    assert page.locator(BAR_POINTS).count() == 8
    assert len(table_names(page)) == 8
    assert "Hamborgstrøm" in annotations(page, MULTIPLES)  # one panel per district
    assert len([a for a in annotations(page, MULTIPLES) if not a.startswith("Kilde")]) == 8
    # the districts' figures are generated: the table says so on every row
    assert page.locator(".districts-drill-table .figure-badge-illustrative").count() == 8
    assert annotations(page, BARS)[-1].startswith("Kilde:")
    assert console_errors == []


def test_districts202_each_filter_redraws_without_reload(page, console_errors, live_url):
    open_overview(page, live_url + "/districts")
    page.evaluate("window.__noReload = true")
    over_time = title(page, MULTIPLES)

    page.select_option("#filter-select-indicator", "sick_leave_pct")
    wait_title(page, BARS, "Sykefravær per distrikt, 2016")
    wait_title(page, MULTIPLES, "Sykefravær per distrikt over tid, 2013–2016")
    assert "indicator=sick_leave_pct" in page.url
    assert title(page, MULTIPLES) != over_time

    page.select_option("#filter-select-year", "2015")
    wait_title(page, BARS, "Sykefravær per distrikt, 2015")
    assert title(page, MULTIPLES) == "Sykefravær per distrikt over tid, 2013–2016"  # not a year chart
    assert "period=2015" in page.url

    page.select_option("#filter-select-subperiod", "M03")
    wait_title(page, BARS, "Sykefravær per distrikt, mars 2015")
    wait_text(page, BARS, "Ingen distriktstall for denne indikatoren i mars 2015.")
    page.select_option("#filter-select-indicator", "discharge_ready_patients")
    wait_title(page, BARS, "Utskrivningsklare pasienter per distrikt, mars 2015")
    page.wait_for_function("(sel) => document.querySelectorAll(sel).length === 8", arg=BAR_POINTS)
    assert "period=2015-03" in page.url

    page.locator("#filter-summary-units").click()
    page.locator("#filter-checklist-units label", has_text="Åskollen").click()
    page.locator("#filter-checklist-units label", has_text="Konnerud").click()
    page.wait_for_function("() => document.querySelectorAll('.districts-drill-link').length === 2")
    assert sorted(table_names(page)) == ["Konnerud", "Åskollen"]
    page.wait_for_function(
        "(sel) => document.querySelectorAll(sel + ' .annotation-text').length === 3", arg=MULTIPLES
    )
    assert annotations(page, MULTIPLES)[:2] == ["Åskollen", "Konnerud"]  # two panels and the source
    assert "units=askollen%2Ckonnerud" in page.url or "units=askollen,konnerud" in page.url

    page.locator("#filter-checklist-units label", has_text="Åskollen").click()
    page.locator("#filter-checklist-units label", has_text="Konnerud").click()
    page.locator("#filter-checklist-units label", has_text="NAV").click()
    wait_text(page, BARS, "Ingen helse- og omsorgsdistrikter i utvalget.")
    wait_text(page, MULTIPLES, "Ingen helse- og omsorgsdistrikter i utvalget.")
    assert page.evaluate("window.__noReload") is True
    assert console_errors == []


def test_districts203_drill_down_by_click_and_back_up(page, console_errors, live_url):
    open_overview(page, live_url + "/districts?period=2015&indicator=sick_leave_pct")
    first = table_names(page)[0]  # the table lists the districts in the bars' order
    page.evaluate("window.__noReload = true")
    click_bar(page, 0)
    page.wait_for_url(re.compile(r"/districts/[a-z]+\?period=2015&indicator=sick_leave_pct$"))
    page.wait_for_selector("#districts-div-district-table table")
    assert page.locator("h1").inner_text() == f"{first} – helse- og omsorgsdistrikt"
    wait_text(page, "#districts-heading-district-table", f"{first}: alle indikatorer, 2015")
    assert page.evaluate("window.__noReload") is True  # drilled without reloading the page

    # up by the breadcrumb: the overview with the same period and indicator
    crumb = page.locator(".page-breadcrumb a", has_text="Helse- og omsorgsdistrikt")
    crumb.click()
    page.wait_for_url(re.compile(r"/districts\?period=2015&indicator=sick_leave_pct$"))
    wait_title(page, BARS, "Sykefravær per distrikt, 2015")

    # down again, now from the small multiples, and up with the browser's Back
    settle(page)
    page.locator(f"{MULTIPLES} .scatterlayer .trace:first-child .point").first.click(force=True)
    page.wait_for_url(re.compile(r"/districts/hamborgstrom\?"))
    page.wait_for_selector("#districts-div-district-table table")
    assert page.locator("h1").inner_text() == "Hamborgstrøm – helse- og omsorgsdistrikt"
    page.go_back()
    page.wait_for_url(re.compile(r"/districts\?period=2015&indicator=sick_leave_pct$"))
    wait_title(page, BARS, "Sykefravær per distrikt, 2015")
    assert page.locator("#filter-select-indicator").input_value() == "sick_leave_pct"
    page.go_forward()
    page.wait_for_url(re.compile(r"/districts/hamborgstrom"))
    page.wait_for_selector("#districts-div-district-table table")
    assert page.evaluate("window.__noReload") is True
    assert console_errors == []


def test_districts204_district_view_and_reload(page, console_errors, live_url):
    open_district(page, live_url + "/districts/hamborgstrom?period=2016")
    text = plain(page.inner_text("body"))
    assert page.locator(".page-breadcrumb").inner_text().replace("\n", " ").split() == [
        "Helse-",
        "og",
        "omsorgsdistrikt",
        "Hamborgstrøm",
    ]
    assert "Terapibasseng åpnet ved Hamborgstrøm" in text
    assert "februar 2017" in text  # event dates as precise as the source
    assert page.locator(".district-indicator-table tbody tr").count() == 11
    assert page.locator("#districts-div-district-charts .js-plotly-plot").count() == 11
    charts = page.locator("#districts-div-district-charts .gtitle").all_text_contents()
    assert "Sykefravær, Hamborgstrøm, 2013–2016" in charts
    assert "Illustrativt tall" in page.locator(".district-indicator-table").inner_text()

    page.evaluate("window.__noReload = true")
    page.select_option("#filter-select-year", "2014")
    wait_text(page, "#districts-heading-district-table", "Hamborgstrøm: alle indikatorer, 2014")
    page.wait_for_url(re.compile(r"/districts/hamborgstrom\?period=2014$"))
    assert page.evaluate("window.__noReload") is True
    assert "period=2014" in page.locator(".page-breadcrumb a").get_attribute("href")

    page.reload()
    page.wait_for_selector("#districts-div-district-table table")
    wait_text(page, "#districts-heading-district-table", "Hamborgstrøm: alle indikatorer, 2014")
    assert page.locator("#filter-select-year").input_value() == "2014"

    open_overview(
        page, live_url + "/districts?period=2015-03&indicator=discharge_ready_patients&units=askollen"
    )
    page.reload()
    page.wait_for_selector(f"{BARS} .gtitle")
    wait_title(page, BARS, "Utskrivningsklare pasienter per distrikt, mars 2015")
    assert table_names(page) == ["Åskollen"]
    assert page.locator("#filter-select-subperiod").input_value() == "M03"
    assert console_errors == []


def test_districts205_unknown_key_then_keyboard_drill_in_english(page, console_errors, live_url):
    open_overview(page, live_url + "/districts/nosuch?foo=1&lang=en")
    notice = page.locator(".url-notice").inner_text()
    assert "Could not find “nosuch”" in notice and "“foo”" in notice
    assert title(page, BARS) == "Patients ready for discharge by district, 2016"
    # the table's links reach the same district views as a click on a bar, by keyboard
    link = page.locator(".districts-drill-link").first
    name = link.inner_text()
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(
        re.compile(r"/districts/[a-z]+\?period=2016&indicator=discharge_ready_patients&lang=en$")
    )
    page.wait_for_selector("#districts-div-district-table table")
    assert page.locator("h1").inner_text() == f"{name} – health and care district"
    heads = page.locator(".district-indicator-table thead th").all_inner_texts()
    assert heads[:3] == ["Indicator", "Value", "Target"]
    page.wait_for_selector("#districts-div-district-charts .js-plotly-plot .gtitle")
    settle(page)
    charts = page.locator("#districts-div-district-charts .gtitle").all_text_contents()
    assert f"Sick leave, {name}, 2013–2016" in charts
    assert "Illustrative figure" in page.locator(".district-indicator-table").inner_text()
    assert console_errors == []
