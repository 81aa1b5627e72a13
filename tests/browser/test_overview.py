"""The overview (`/`) and an indicator's view (`/indicators/<id>`) in headless Chromium: load,
every filter, the off-target switch, drill-down by card and by bar, back up by breadcrumb and by
browser Back, reload, fallbacks, and no console errors."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from tests.browser.helpers import plain, settle, visible_text, wait_text

pytestmark = pytest.mark.browser


INDICATOR = "discharge_ready_patients"
SERIES_TITLE = "#overview-graph-series .gtitle"
BREAKDOWN_TITLE = "#overview-graph-breakdown .gtitle"


def open_overview(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".kpi-card-rich")
    settle(page)


def open_indicator(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(SERIES_TITLE)
    page.wait_for_selector(BREAKDOWN_TITLE)
    settle(page)


def text_of(page, selector: str) -> str:
    return plain(page.locator(selector).first.text_content() or "")


def wait_heading(page, heading: str) -> None:
    """Wait until Dash Pages has drawn the page with this <h1> (the URL changes before that)."""
    page.wait_for_function("(h) => document.querySelector('h1')?.innerText === h", arg=heading)


def mark_document(page) -> None:
    """A flag that survives only as long as the page is not reloaded."""
    page.evaluate("window.__notReloaded = true")


def not_reloaded(page) -> bool:
    return page.evaluate("window.__notReloaded === true")


def card(page, indicator: str):
    return page.locator(f".kpi-card-link[href^='/indicators/{indicator}']")


def test_overview301_cards_by_goal_area_with_status_target_change(page, console_errors, live_url):
    open_overview(page, live_url + "/")
    text = visible_text(page)
    assert page.locator("h1").inner_text() == "Oversikt"
    assert "Nøkkeltall 2016" in text
    for figure in ("2 632", "101", "641", "3 357", "10,9 mill. kr", "2,1 mill. kr"):
        assert figure in text
    assert [h.inner_text() for h in page.locator(".goal-area-title").all()][:2] == [
        "Lengst mulig i eget liv",
        "Trygg og aktiv hverdag",
    ]
    assert page.locator(".kpi-card-rich").count() == 30
    # The published 2015 figure, with its year, before the generated 2016 one.
    low_income = plain(card(page, "children_low_income").first.inner_text())
    assert "3 357" in low_income and "2015" in low_income
    discharge = plain(card(page, INDICATOR).inner_text())
    for part in (
        "2 632",
        "Nesten",
        "Mål 2016: 2 600",
        "Illustrativt tall",
        "▲",
        "+13,7 % fra 2015",
        "Utvikling 2013–2016",
    ):
        assert part in discharge, part
    summary = plain(page.locator("#overview-div-summary").inner_text())
    assert re.search(r"\d+ nådd.*\d+ nesten.*\d+ ikke nådd.*\d+ uten mål", summary, re.S)
    for i in range(page.locator(".kpi-card-illustrative").count()):
        assert "Illustrativt tall" in page.locator(".kpi-card-illustrative").nth(i).inner_text()
    # Sparklines: one static SVG image per card with a trend, loaded; no plotly graph per card.
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.kpi-sparkline')]"
        ".every((img) => img.complete && img.naturalWidth > 0)"
    )
    images = page.evaluate(
        """() => [...document.querySelectorAll('.kpi-card-rich')].map((card) => ({
            trend: card.querySelectorAll('.kpi-trend-caption').length,
            images: [...card.querySelectorAll('img.kpi-sparkline')].map((img) => ({
                loaded: img.complete && img.naturalWidth > 0,
                svg: img.src.startsWith('data:image/svg+xml,'),
                alt: img.getAttribute('alt'),
                width: img.getBoundingClientRect().width,
                height: img.getBoundingClientRect().height,
                card: card.getBoundingClientRect().width,
            })),
        }))"""
    )
    assert len(images) == 30 and sum(c["trend"] for c in images) >= 20
    for one in images:
        assert len(one["images"]) == one["trend"] <= 1  # a sparkline exactly where the caption is
        for img in one["images"]:
            assert img["loaded"] and img["svg"] and img["alt"] == ""
            assert img["height"] == 56 and img["width"] > 0.7 * img["card"]  # the card's width
    assert page.locator(".kpi-card-rich .dash-graph").count() == 0
    assert console_errors == []


def test_overview302_year_filter_redraws_cards_without_reload(page, console_errors, live_url):
    open_overview(page, live_url + "/")
    mark_document(page)
    page.select_option("#filter-select-year", "2014")
    wait_text(page, "#overview-div-heading", "Nøkkeltall 2014")
    page.wait_for_url(re.compile(r"/\?period=2014$"))
    assert "Status mot mål, 2014:" in text_of(page, "#overview-div-summary")
    assert card(page, INDICATOR).get_attribute("href") == f"/indicators/{INDICATOR}?period=2014"
    assert "2014" in plain(card(page, INDICATOR).inner_text())
    assert not_reloaded(page)
    assert console_errors == []


def test_overview303_switch_shows_only_cards_off_target(page, console_errors, live_url):
    open_overview(page, live_url + "/")
    total = page.locator(".kpi-card-rich").count()
    summary = plain(page.locator("#overview-div-summary").inner_text())
    missed = int(re.search(r"(\d+) ikke nådd", summary).group(1))
    page.get_by_label("Vis bare dem som ikke har nådd målet").check()
    page.wait_for_selector("#overview-div-grid.only-off")
    visible = page.locator(".kpi-card-rich:visible")
    assert visible.count() == missed > 0
    for i in range(missed):
        assert "Ikke nådd" in visible.nth(i).inner_text()
    assert page.locator(".goal-area:visible").count() < page.locator(".goal-area").count()
    page.get_by_label("Vis bare dem som ikke har nådd målet").uncheck()
    page.wait_for_selector("#overview-div-grid:not(.only-off)")
    assert page.locator(".kpi-card-rich:visible").count() == total
    assert console_errors == []


def test_overview304_card_drills_to_the_indicator_and_back(page, console_errors, live_url):
    open_overview(page, live_url + "/?period=2015")
    card(page, INDICATOR).click()
    page.wait_for_url(f"**/indicators/{INDICATOR}?period=2015")
    wait_heading(page, "Utskrivningsklare pasienter")
    page.wait_for_selector(SERIES_TITLE)
    assert page.locator(".page-breadcrumb").inner_text().split("\n")[0] == "Oversikt"
    assert (
        text_of(page, SERIES_TITLE) == "Utskrivningsklare pasienter, P05 Helse, sosial og omsorg, 2013–2016"
    )
    wait_text(page, BREAKDOWN_TITLE, "per enhet, 2015")
    # Up by browser Back, down again by Forward.
    page.go_back()
    page.wait_for_url(re.compile(r"/\?period=2015$"))
    wait_heading(page, "Oversikt")
    wait_text(page, "#overview-div-heading", "Nøkkeltall 2015")
    page.go_forward()
    page.wait_for_url(f"**/indicators/{INDICATOR}?period=2015")
    wait_heading(page, "Utskrivningsklare pasienter")
    page.wait_for_selector(SERIES_TITLE)
    # Up by the breadcrumb.
    page.locator(".page-breadcrumb").get_by_role("link", name="Oversikt").click()
    page.wait_for_url(re.compile(r"/\?period=2015$"))
    wait_heading(page, "Oversikt")
    wait_text(page, "#overview-div-heading", "Nøkkeltall 2015")
    assert console_errors == []


def test_overview305_indicator_filters_redraw_their_charts(page, console_errors, live_url):
    open_indicator(page, live_url + f"/indicators/{INDICATOR}")
    mark_document(page)
    series_before = text_of(page, SERIES_TITLE)
    assert text_of(page, BREAKDOWN_TITLE) == "Utskrivningsklare pasienter per enhet, 2016"
    assert page.locator("#overview-div-breakdown-table tbody tr").count() == 8
    # The year redraws the breakdown, its table and the card; the time series stays.
    page.select_option("#filter-select-year", "2014")
    wait_text(page, BREAKDOWN_TITLE, "per enhet, 2014")
    wait_text(page, "#overview-div-breakdown-table", "Tallene per enhet, 2014")
    wait_text(page, "#overview-div-indicator-card", "2014")
    page.wait_for_url(f"**/indicators/{INDICATOR}?period=2014")
    assert text_of(page, SERIES_TITLE) == series_before
    # The units redraw the time series (a line per unit), the events and the breakdown.
    page.locator("#filter-summary-units").click()
    page.get_by_label("Hamborgstrøm").check()
    wait_text(page, SERIES_TITLE, "Utskrivningsklare pasienter, Hamborgstrøm, 2013–2016")
    assert "Mål (illustrativt tall)" in (page.locator("#overview-graph-series .legend").text_content() or "")
    page.get_by_label("Åskollen").check()
    wait_text(page, SERIES_TITLE, "2 enheter")
    page.wait_for_url(
        lambda url: unquote(url).endswith(f"/indicators/{INDICATOR}?period=2014&units=hamborgstrom,askollen")
    )
    page.wait_for_function(
        "() => document.querySelectorAll('#overview-div-breakdown-table tbody tr').length === 2"
    )
    assert "Terapibasseng åpnet ved Hamborgstrøm" in text_of(page, "#overview-div-events")
    legend = plain(page.locator("#overview-graph-series .legend").text_content() or "")
    assert "Hamborgstrøm" in legend and "Åskollen" in legend
    # The two districts have different targets: no single target line, and the note says why.
    assert "Mål" not in legend
    assert "Velg én enhet for å se dens mål" in text_of(page, "#overview-div-series-note")
    assert not_reloaded(page)
    assert console_errors == []


def test_overview306_bar_click_drills_to_the_district_and_back(page, console_errors, live_url):
    open_indicator(page, live_url + f"/indicators/{INDICATOR}?period=2016")
    first = plain(page.locator("#overview-div-breakdown-table tbody tr th").first.inner_text())
    # Plotly takes clicks on its drag layer above the bars, so the click is forced through to it.
    page.locator("#overview-graph-breakdown .trace.bars .point").first.click(force=True)
    page.wait_for_url(re.compile(r"/districts/[a-z-]+\?period=2016&indicator=" + INDICATOR + "$"))
    drilled = page.url.split("/districts/")[1].split("?")[0]
    page.go_back()
    page.wait_for_url(f"**/indicators/{INDICATOR}?period=2016")
    wait_heading(page, "Utskrivningsklare pasienter")
    page.wait_for_selector("#overview-div-breakdown-table a.indicator-drill-link")
    # The clicked bar was the first (largest) row; the table offers the same drill as a link.
    table_link = page.locator("#overview-div-breakdown-table a.indicator-drill-link").first
    assert plain(table_link.inner_text()) == first
    assert table_link.get_attribute("href") == f"/districts/{drilled}?period=2016&indicator={INDICATOR}"
    table_link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/districts/{drilled}?period=2016&indicator={INDICATOR}")
    assert console_errors == []


def test_overview307_reload_restores_the_same_view_in_english(page, console_errors, live_url):
    url = live_url + f"/indicators/{INDICATOR}?period=2015&units=hamborgstrom&lang=en"
    open_indicator(page, url)
    wait_text(page, SERIES_TITLE, "Hamborgstrøm")
    before = (text_of(page, SERIES_TITLE), text_of(page, BREAKDOWN_TITLE), page.locator("h1").inner_text())
    page.reload()
    page.wait_for_selector(SERIES_TITLE)
    wait_text(page, SERIES_TITLE, "Hamborgstrøm")
    after = (text_of(page, SERIES_TITLE), text_of(page, BREAKDOWN_TITLE), page.locator("h1").inner_text())
    assert (
        before
        == after
        == (
            "Patients ready for discharge, Hamborgstrøm, 2013–2016",
            "Patients ready for discharge by unit, 2015",
            "Patients ready for discharge",
        )
    )
    assert unquote(page.url) == url
    assert page.locator("#filter-select-year").input_value() == "2015"
    assert page.get_by_label("Hamborgstrøm").is_checked()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert console_errors == []


def test_overview308_unknown_indicator_and_bad_period_fall_back_with_a_notice(page, console_errors, live_url):
    page.goto(live_url + "/indicators/no-such-thing?period=1999&lang=en")
    page.wait_for_selector(".url-notice")
    page.wait_for_selector(".kpi-card-rich")
    settle(page)
    notice = plain(page.locator(".url-notice").inner_text())
    assert "“no-such-thing”" in notice and "“1999”" in notice
    assert "Key figures 2016" in visible_text(page)
    assert "Status against target, 2016:" in visible_text(page)
    page.goto(live_url + "/?period=2016-03")  # the overview has no months: the year instead, said so
    page.wait_for_selector(".kpi-card-rich")
    settle(page)
    assert "«2016-03»" in plain(page.locator(".url-notice").inner_text())
    assert console_errors == []
