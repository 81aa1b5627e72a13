"""Present mode (?present=1 and the "Presentasjon" button), "Kopier lenke" and the print stylesheet,
in real headless Chromium."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.helpers import settle, visible_text

pytestmark = pytest.mark.browser

NAVBAR = ".shell-navbar"
FILTER_BAR = ".filter-bar"
POSITION = "#shell-div-present-position"


def display(page, selector: str) -> str:
    return page.eval_on_selector(selector, "(el) => getComputedStyle(el).display")


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def open_present(page, url: str, width: int = 1280, height: int = 720) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url)
    page.wait_for_selector("#main-content .page")
    settle(page)


def position(page) -> tuple[int, int]:
    """(view, views) from the '3 / 7' indicator."""
    page.wait_for_function(
        "(sel) => /^\\d+ \\/ \\d+$/.test(document.querySelector(sel).textContent)", arg=POSITION
    )
    current, total = page.inner_text(POSITION).split(" / ")
    return int(current), int(total)


def wait_position(page, view: int) -> None:
    page.wait_for_function(
        "([sel, n]) => document.querySelector(sel).textContent.startsWith(n + ' / ')", arg=[POSITION, view]
    )


def test_present001_url_hides_navigation_and_filters(page, console_errors, live_url):
    open_present(page, live_url + "/districts?period=2015&present=1", 1920, 1080)
    assert page.evaluate("() => document.documentElement.classList.contains('present-mode')")
    assert display(page, NAVBAR) == "none"
    assert display(page, FILTER_BAR) == "none"
    assert display(page, ".shell-footer") == "none"
    assert display(page, "#shell-div-present-bar") == "flex"
    # Larger type: 24 px at 1920 px (Bootstrap sizes everything in rem).
    assert page.evaluate("() => getComputedStyle(document.documentElement).fontSize") == "24px"
    # High contrast: dark text on white.
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    assert page.evaluate("() => getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    # The filters are still in the URL, and the page shows that year.
    assert query_of(page.url)["period"] == ["2015"]
    assert query_of(page.url)["present"] == ["1"]
    assert page.eval_on_selector("#filter-select-year", "(el) => el.value") == "2015"
    # Every section is one screen at least.
    heights = page.eval_on_selector_all(
        "#main-content section:not(.filter-bar)",
        "(els) => els.map((el) => el.getBoundingClientRect().height)",
    )
    assert heights and min(heights) >= 1080
    assert console_errors == []


def test_present002_links_keep_present_mode(page, live_url):
    open_present(page, live_url + "/districts?period=2016&present=1")
    page.wait_for_selector(".districts-drill-link")
    drill = page.locator(".districts-drill-link").first.get_attribute("href")
    assert query_of(drill)["present"] == ["1"]
    for nav in page.locator("#shell-nav-main .nav-link").all():
        assert query_of(nav.get_attribute("href"))["present"] == ["1"]


def test_present003_arrow_keys_move_between_views(page, console_errors, live_url):
    open_present(page, live_url + "/districts?period=2016&present=1")
    view, total = position(page)
    assert (view, total) == (1, 4)
    assert page.evaluate("() => window.scrollY") == 0
    page.keyboard.press("ArrowRight")
    wait_position(page, 2)
    second_top = page.evaluate(
        "() => Array.from(document.querySelectorAll('#main-content section:not(.filter-bar)'))[1]"
        ".getBoundingClientRect().top"
    )
    assert abs(second_top) < 2, "the second view starts at the top of the screen"
    page.keyboard.press("PageDown")
    wait_position(page, 3)
    page.keyboard.press(" ")
    wait_position(page, 4)
    page.keyboard.press("ArrowLeft")
    wait_position(page, 3)
    page.keyboard.press("PageUp")
    wait_position(page, 2)
    # The bar's buttons do the same.
    page.click("#shell-button-present-next")
    wait_position(page, 3)
    page.click("#shell-button-present-prev")
    wait_position(page, 2)
    assert console_errors == []


def test_present004_past_the_last_view_the_next_page_opens(page, console_errors, live_url):
    open_present(page, live_url + "/districts?period=2015&present=1")
    _, total = position(page)
    for view in range(2, total + 1):
        page.keyboard.press("ArrowRight")
        wait_position(page, view)
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**/housing?period=2015&present=1")
    page.wait_for_selector(".page-housing")
    settle(page)
    assert position(page)[0] == 1
    assert "Startlån" in visible_text(page, "#main-content")
    # And back: the previous page opens at its last view.
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r".*/districts\?period=2015.*present=1$"))
    page.wait_for_selector(".page-districts")
    settle(page)
    page.wait_for_function(
        "(sel) => { const [a, b] = document.querySelector(sel).textContent.split(' / '); return a === b; }",
        arg=POSITION,
    )
    assert console_errors == []


def test_present005_button_starts_and_escape_ends(page, console_errors, live_url):
    open_present(page, live_url + "/budget?period=2016-05&lang=en", 1920, 1080)
    assert display(page, NAVBAR) != "none"
    page.get_by_role("button", name="Present").click()
    page.wait_for_url("**/budget?period=2016-05&lang=en&present=1")
    settle(page)
    assert display(page, NAVBAR) == "none" and display(page, FILTER_BAR) == "none"
    assert page.locator("#shell-div-present-bar").is_visible()
    assert page.inner_text("#shell-button-present-exit") == "Exit presentation"
    page.keyboard.press("Escape")
    page.wait_for_url("**/budget?period=2016-05&lang=en")
    settle(page)
    assert display(page, NAVBAR) != "none" and display(page, FILTER_BAR) != "none"
    assert not page.locator("#shell-div-present-bar").is_visible()
    assert page.eval_on_selector("#filter-select-subperiod", "(el) => el.value") == "M05"
    # Focus goes back to the button that started it.
    assert page.evaluate("() => document.activeElement.id") == "shell-button-present"
    # The bokmål button says "Presentasjon" and its bar "Avslutt presentasjon".
    open_present(page, live_url + "/?present=1")
    assert page.inner_text("#shell-button-present-exit") == "Avslutt presentasjon"
    page.click("#shell-button-present-exit")
    page.wait_for_url(re.compile(r".*/\?period=2016$"))
    assert page.get_by_role("button", name="Presentasjon").is_visible()
    assert console_errors == []


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_present006_fits_the_screen(page, live_url, width, height):
    """No sideways scrolling, the title on the first screen, the bar inside the screen; the
    screenshots go to /tmp for a person to look at."""
    for path in ("/", "/districts/hamborgstrom", "/housing/startlan", "/budget"):
        open_present(page, f"{live_url}{path}?present=1", width, height)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, path
        title = page.locator("h1").bounding_box()
        assert title and title["y"] >= 0 and title["y"] + title["height"] <= height, path
        bar = page.locator("#shell-div-present-bar").bounding_box()
        assert bar and bar["x"] + bar["width"] <= width and bar["y"] + bar["height"] <= height, path
        name = path.strip("/").replace("/", "-") or "overview"
        page.screenshot(path=f"/tmp/present-{width}x{height}-{name}.png")


def test_copy001_copy_link_gives_the_full_state(page, console_errors, live_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
    page.goto(live_url + "/districts?period=2015&lang=en")
    page.wait_for_selector(".filter-bar")
    settle(page)
    page.select_option("#filter-select-indicator", "sick_leave_pct")
    settle(page)
    page.get_by_role("button", name="Copy link").click()
    page.wait_for_function("() => document.querySelector('#filter-div-copy-status').textContent !== ''")
    assert page.inner_text("#filter-div-copy-status") == "Link copied"
    assert page.get_attribute("#filter-div-copy-status", "aria-live") == "polite"
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == page.url
    assert query_of(copied) == {"period": ["2015"], "indicator": ["sick_leave_pct"], "lang": ["en"]}

    other = page.context.new_page()
    other.dash_callbacks = type(page.dash_callbacks)(other)
    other.goto(copied)
    other.wait_for_selector(".filter-bar")
    settle(other)
    assert other.eval_on_selector("#filter-select-year", "(el) => el.value") == "2015"
    assert other.eval_on_selector("#filter-select-indicator", "(el) => el.value") == "sick_leave_pct"
    assert other.evaluate("() => document.documentElement.lang") == "en"
    assert other.url == copied
    other.close()
    assert console_errors == []


def test_copy002_copy_link_in_bokmal_with_units_and_month(page, live_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
    page.goto(live_url + "/budget?units=hamborgstrom,fjell&period=2016-05")
    page.wait_for_selector(".filter-bar")
    settle(page)
    page.get_by_role("button", name="Kopier lenke").click()
    page.wait_for_function(
        "() => document.querySelector('#filter-div-copy-status').textContent === 'Lenke kopiert'"
    )
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert query_of(copied) == {"period": ["2016-05"], "units": ["hamborgstrom,fjell"]}


def test_print001_a4_landscape_without_navigation_or_filters(page, console_errors, live_url):
    page.goto(live_url + "/districts?period=2015&units=fjell")
    page.wait_for_selector(".filter-bar")
    settle(page)
    page.emulate_media(media="print")
    for selector in (NAVBAR, FILTER_BAR, "#shell-button-present", "#filter-button-copy-link"):
        assert display(page, selector) == "none", selector
    assert display(page, "#filter-div-print-filters") == "block"
    text = visible_text(page, "#filter-div-print-filters")
    assert text.startswith("Utvalg – ")
    assert "År: 2015" in text and "Fjell" in text
    assert (
        page.evaluate(
            "() => getComputedStyle(document.querySelector('.districts-drill-link')).textDecorationLine"
        )
        == "none"
    )
    pdf = page.pdf(format="A4", landscape=True, prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    boxes = {
        tuple(round(float(v)) for v in m.groups())
        for m in re.finditer(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    }
    assert boxes == {(842, 595)}, boxes  # A4 landscape in points
    page.emulate_media(media="screen")
    assert display(page, "#filter-div-print-filters") == "none"
    assert console_errors == []
