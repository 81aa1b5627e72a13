"""The capped overview in headless Chromium (layouts/overview.py OVERVIEW_CARD_LIMIT): a synthetic
dataset of 100 indicators (five goal areas of 20) draws 8 cards per area and «Vis 8 til»; a click
appends the next 8 with a Patch, the last step hides the button, a new year starts over, and no
page logs a console error."""

from __future__ import annotations

import json
import re

import pytest

from tests.browser.helpers import CallbackWatch, plain, settle, visible_text, wait_text
from tests.browser.test_accessibility import AXE, audit, describe
from tests.synthetic import write_synthetic

pytestmark = pytest.mark.browser

AREA = ".goal-area"
CARD = ".kpi-card-rich"
BUTTON = "button.overview-more"


@pytest.fixture(scope="module")
def wide_url(tmp_path_factory, app_process) -> str:
    out = write_synthetic(tmp_path_factory.mktemp("wide_overview"), 3, 100, "2015-2016")
    return app_process("--data", str(out)).url


def open_overview(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(CARD)
    settle(page)


def cards_per_area(page) -> list[int]:
    return [area.locator(CARD).count() for area in page.locator(AREA).all()]


def card_links(page, area: int) -> list[str]:
    links = page.locator(AREA).nth(area).locator(".kpi-card-link")
    return [links.nth(i).get_attribute("href") for i in range(links.count())]


def is_more_request(request) -> bool:
    return "_dash-update-component" in request.url and "overview-button-more" in (request.post_data or "")


def test_more301_eight_cards_per_area_and_more_on_click(page, console_errors, wide_url):
    open_overview(page, wide_url + "/")
    assert cards_per_area(page) == [8] * 5
    titles = [plain(h.inner_text()) for h in page.locator(".goal-area-title").all()]
    assert titles[0] == "Lengst mulig i eget liv (20)" and all(t.endswith(" (20)") for t in titles)
    buttons = page.locator(BUTTON)
    assert [plain(b.inner_text()) for b in buttons.all()] == ["Vis 8 til (12 igjen)"] * 5
    first_eight = card_links(page, 1)

    with page.expect_response(lambda r: is_more_request(r.request)) as answer:
        buttons.nth(1).click()
    settle(page)
    body = answer.value.json()["response"]
    grid = next(v for k, v in body.items() if '"overview-div-area"' in k)["children"]
    assert grid["__dash_patch_update"] and grid["operations"][0]["operation"] == "Extend"
    assert len(grid["operations"][0]["params"]["value"]) == 8  # only the new cards travel

    assert cards_per_area(page) == [8, 16, 8, 8, 8]
    assert card_links(page, 1)[:8] == first_eight and len(set(card_links(page, 1))) == 16
    wait_text(page, f"{AREA}:nth-of-type(2) {BUTTON}", "Vis 4 til (4 igjen)")
    assert plain(buttons.nth(1).inner_text()) == "Vis 4 til (4 igjen)"

    with page.expect_response(lambda r: is_more_request(r.request)):  # not only «no request yet»
        buttons.nth(1).click()
    settle(page)
    assert cards_per_area(page) == [8, 20, 8, 8, 8]
    assert buttons.nth(1).is_hidden() and buttons.nth(0).is_visible()

    # «Only off target» hides the other cards shown; an area keeps its button while it has
    # cards off target not shown yet.
    page.get_by_label("Vis bare dem som ikke har nådd målet").check()
    page.wait_for_selector("#overview-div-grid.only-off")
    visible = page.locator(f"{CARD}:visible")
    assert all("Ikke nådd" in visible.nth(i).inner_text() for i in range(visible.count()))
    page.get_by_label("Vis bare dem som ikke har nådd målet").uncheck()

    # A new year draws the sections from the start again, capped.
    page.select_option("#filter-select-year", "2015")
    wait_text(page, "#overview-div-heading", "2015")
    settle(page)
    assert cards_per_area(page) == [8] * 5
    assert [plain(b.inner_text()) for b in buttons.all()] == ["Vis 8 til (12 igjen)"] * 5
    assert all(h.endswith("?period=2015") for h in card_links(page, 1))
    assert console_errors == []


def test_more302_english_and_no_console_errors_on_other_pages(page, console_errors, wide_url):
    open_overview(page, wide_url + "/?lang=en")
    assert [plain(b.inner_text()) for b in page.locator(BUTTON).all()] == ["Show 8 more (12 left)"] * 5
    with page.expect_response(lambda r: is_more_request(r.request)):
        page.locator(BUTTON).first.click()
    settle(page)
    assert cards_per_area(page) == [16, 8, 8, 8, 8]
    assert "Show 4 more (4 left)" in visible_text(page, AREA)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.post_data or "") if is_more_request(r) else None)
    for name in ("districts", "housing", "budget", "overview"):
        page.locator(f"#shell-nav-{name}").click()
        page.wait_for_url(re.compile(r"/(districts|housing|budget)?(\?.*)?$"))
        settle(page)
    assert cards_per_area(page) == [8] * 5  # back on the overview: drawn from the start
    assert requests == []  # the button's callback never fired on its own
    assert console_errors == [], json.dumps(console_errors)


def test_more303_capped_overview_has_no_serious_axe_violations(browser, wide_url):
    """The counts in the headings and the «Vis 8 til» buttons pass axe (WCAG 2.1 AA)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make node-deps` (npm ci) first")
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.dash_callbacks = CallbackWatch(page)
        open_overview(page, wide_url + "/")
        page.locator(BUTTON).first.focus()
        with page.expect_response(lambda r: is_more_request(r.request)):
            page.keyboard.press("Enter")  # the button works from the keyboard
        settle(page)
        assert cards_per_area(page) == [16, 8, 8, 8, 8]
        violations = audit(page)
        assert not violations, describe(violations)
    finally:
        context.close()
