"""The budget page in real headless Chromium: load, filters, drill-down and back, reload, no errors."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import plain, settle

pytestmark = pytest.mark.browser

WATERFALL = '[id*="budget-graph-waterfall"]'
CUMULATIVE = '[id*="budget-graph-cumulative"]'
TABLE = '[id*="budget-div-table"]'
TABLE_TITLE = '[id*="budget-heading-table"]'
NOTE = '[id*="budget-div-note"]'
P05 = "P05 Helse, sosial og omsorg"


def chart_title(page, graph: str) -> str:
    return plain(page.locator(f"{graph} .gtitle").first.text_content())


def wait_for_title(page, graph: str, expected: str) -> None:
    """Wait until the chart's title is `expected` (the chart has been redrawn)."""
    page.wait_for_function(
        "([sel, text]) => { const t = document.querySelector(sel + ' .gtitle');"
        " return t && t.textContent.replace(/[\\u00a0\\u202f]/g, ' ') === text; }",
        arg=[graph, expected],
    )


def open_budget(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(f"{WATERFALL} .gtitle")
    page.wait_for_selector(f"{CUMULATIVE} .gtitle")
    page.wait_for_selector(f"{TABLE} table, {TABLE} .empty-state")
    settle(page)


def table_rows(page) -> list[str]:
    return [plain(t) for t in page.locator(f"{TABLE} tbody tr th").all_inner_texts()]


def total_row(page) -> str:
    return plain(page.locator(f"{TABLE} tfoot tr").inner_text())


def click_bar(page, index: int) -> None:
    """Click one bar of the waterfall (0 is the revised budget total, 1 the first unit).

    Plotly listens on its drag layer above the bars, so the click is forced through to the
    bar's position: that is where a user's click lands. The page's callbacks are let finish
    first, so the click lands on the drawn chart, not on one about to be replaced.
    """
    settle(page)
    page.locator(f"{WATERFALL} .trace.bars").first.locator(".point").nth(index).click(force=True)


def test_budget001_view_renders_2016_with_the_published_total(page, console_errors, live_url):
    open_budget(page, live_url + "/budget")
    assert page.locator("h1").inner_text() == "Budsjettavvik"
    assert chart_title(page, WATERFALL) == f"{P05}: fra revidert budsjett til regnskap, 2016"
    assert chart_title(page, CUMULATIVE) == f"{P05}: akkumulert avvik gjennom året, 2016"
    assert plain(page.locator(TABLE_TITLE).inner_text()) == "Avvik per enhet, 2016"
    rows = table_rows(page)
    assert len(rows) == 16 and rows[0] == "NAV" and "Hamborgstrøm" in rows
    total = total_row(page)
    assert "+2,1 mill. kr" in total and "▲ merforbruk" in total
    assert "Totalen er publisert; fordelingen er illustrativ" in plain(page.locator(NOTE).inner_text())
    assert "10,9 mill. kr" in plain(page.locator(NOTE).inner_text())
    # Every row of the breakdown is marked illustrative; the bars are hatched.
    statuses = page.locator(f"{TABLE} tbody tr td:last-child").all_inner_texts()
    assert statuses == ["Illustrativt tall"] * 16
    assert page.locator(f"{WATERFALL} .legendtext", has_text="Skravert: illustrativt tall").count() == 1
    assert "Kilde: budsjettabellen" in plain(page.locator(WATERFALL).text_content())
    assert console_errors == []


def test_budget002_filters_redraw_without_reloading(page, console_errors, live_url):
    open_budget(page, live_url + "/budget")
    page.evaluate("window.__budgetNoReload = true")

    page.select_option("#filter-select-year", "2015")
    wait_for_title(page, WATERFALL, f"{P05}: fra revidert budsjett til regnskap, 2015")
    wait_for_title(page, CUMULATIVE, f"{P05}: akkumulert avvik gjennom året, 2015")
    assert plain(page.locator(TABLE_TITLE).inner_text()) == "Avvik per enhet, 2015"
    assert "-600 000 kr" in total_row(page) and "▼ mindreforbruk" in total_row(page)
    assert "fordelingen er illustrativ" not in page.locator(NOTE).inner_text()
    page.wait_for_url(re.compile(r"/budget\?period=2015$"))

    page.select_option("#filter-select-subperiod", "M05")
    wait_for_title(page, WATERFALL, f"{P05}: fra revidert budsjett til regnskap, hittil i år per mai 2015")
    wait_for_title(page, CUMULATIVE, f"{P05}: akkumulert avvik gjennom året, hittil i år per mai 2015")
    page.wait_for_url(re.compile(r"/budget\?period=2015-05$"))
    # The 2015 line stops in May; the previous year (2014) runs all year.
    names = page.locator(f"{CUMULATIVE} .legendtext").all_text_contents()
    assert names == ["Akkumulert avvik 2015", "Prognose for årsavvik 2015", "Akkumulert avvik 2014"]

    page.locator(".units-filter summary").click()
    page.get_by_label("Hamborgstrøm", exact=True).check()
    page.wait_for_function("(sel) => document.querySelectorAll(sel + ' tbody tr').length === 1", arg=TABLE)
    assert table_rows(page) == ["Hamborgstrøm"]
    labels = page.locator(f"{WATERFALL} .ytick text").all_text_contents()
    assert sorted(labels) == ["Hamborgstrøm", "Regnskap", "Revidert budsjett"]
    page.wait_for_url(re.compile(r"/budget\?period=2015-05&units=hamborgstrom$"))

    assert page.evaluate("window.__budgetNoReload") is True  # the page was never reloaded
    assert console_errors == []


def test_budget003_drill_down_by_click_and_back_up(page, console_errors, live_url):
    open_budget(page, live_url + "/budget?period=2015")
    click_bar(page, 1)  # NAV, the first unit
    page.wait_for_url(re.compile(r"/budget/nav\?period=2015$"))
    page.wait_for_selector("h1:text-is('Budsjettavvik: NAV')")
    wait_for_title(page, WATERFALL, "NAV: fra revidert budsjett til regnskap, 2015")
    assert plain(page.locator(TABLE_TITLE).inner_text()) == "Avvik per kostnadsart, 2015"
    assert table_rows(page) == ["Lønn", "Varer og tjenester", "Overføringer", "Inntekter"]
    crumbs = page.locator(".page-breadcrumb li").all_inner_texts()
    assert crumbs == ["Budsjettavvik", P05, "NAV"]

    # Up by the breadcrumb, keeping the period.
    page.locator(".page-breadcrumb").get_by_role("link", name="Budsjettavvik").click()
    page.wait_for_url(re.compile(r"/budget\?period=2015$"))
    wait_for_title(page, WATERFALL, f"{P05}: fra revidert budsjett til regnskap, 2015")
    assert page.locator("h1").inner_text() == "Budsjettavvik"

    # Browser Back walks the drill path: NAV again, then the start.
    page.go_back()
    page.wait_for_url(re.compile(r"/budget/nav\?period=2015$"))
    wait_for_title(page, WATERFALL, "NAV: fra revidert budsjett til regnskap, 2015")
    page.go_back()
    page.wait_for_url(re.compile(r"/budget\?period=2015$"))
    wait_for_title(page, WATERFALL, f"{P05}: fra revidert budsjett til regnskap, 2015")

    # The same drill by keyboard: the unit names in the table are links.
    page.locator(TABLE).get_by_role("link", name="Helsehuset").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/budget/helsehuset\?period=2015$"))
    wait_for_title(page, WATERFALL, "Helsehuset: fra revidert budsjett til regnskap, 2015")
    page.locator(".page-breadcrumb").get_by_role("link", name=P05).click()
    page.wait_for_url(re.compile(r"/budget/p05\?period=2015$"))
    wait_for_title(page, WATERFALL, f"{P05}: fra revidert budsjett til regnskap, 2015")
    assert len(table_rows(page)) == 16
    assert console_errors == []


def test_budget004_reload_gives_the_same_state_in_english(page, console_errors, live_url):
    url = live_url + "/budget/hamborgstrom?period=2016-05&lang=en"
    open_budget(page, url)
    expected = "Hamborgstrøm: from revised budget to actual, year to date, May 2016"
    for attempt in ("first", "reload"):
        if attempt == "reload":
            page.reload()
            page.wait_for_selector(f"{WATERFALL} .gtitle")
        wait_for_title(page, WATERFALL, expected)
        assert page.locator("h1").inner_text() == "Budget deviation: Hamborgstrøm"
        assert page.locator("#filter-select-year").input_value() == "2016"
        assert page.locator("#filter-select-subperiod").input_value() == "M05"
        assert (
            plain(page.locator(TABLE_TITLE).inner_text())
            == "Deviation by cost category, year to date, May 2016"
        )
        assert page.locator(".page-breadcrumb li").all_inner_texts() == [
            "Budget deviation",
            P05,
            "Hamborgstrøm",
        ]
        assert page.url == url
    assert "Illustrative figure" in page.locator(f"{TABLE} tfoot").inner_text()
    assert console_errors == []


def test_budget005_unknown_key_and_period_fall_back_with_a_notice(page, console_errors, live_url):
    open_budget(page, live_url + "/budget/nope?period=1999")
    notice = plain(page.locator(".url-notice").inner_text())
    assert "«1999»" in notice and "«nope»" in notice
    wait_for_title(page, WATERFALL, f"{P05}: fra revidert budsjett til regnskap, 2016")
    assert console_errors == []
