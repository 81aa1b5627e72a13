"""Each route in real headless Chromium: 2016 headline figures in Norwegian format, no console errors."""

from __future__ import annotations

import pytest

from tests.browser.helpers import settle, visible_text

pytestmark = pytest.mark.browser


def open_page(page, url: str):
    """Open `url` and wait until every card on it is drawn (on /housing each programme's card
    comes from a callback of its own, so the first card alone says nothing of the others)."""
    page.goto(url)
    page.wait_for_selector(".kpi-card")
    page.wait_for_selector(".data-ok, .data-problems")
    settle(page)
    return visible_text(page)


@pytest.mark.parametrize(
    ("path", "heading", "figures"),
    [
        ("/", "Oversikt", ["2 632", "101", "641", "3 357", "24 %", "10,9 mill. kr", "2,1 mill. kr"]),
        ("/districts", "Helse- og omsorgsdistrikt", ["2 632", "101", "641", "6"]),
        ("/housing", "Boligsosialt arbeid", ["300 mill. kr", "183", "77", "8"]),
        ("/budget", "Budsjettavvik", ["10,9 mill. kr", "2,1 mill. kr"]),
    ],
)
def test_shell001_route_shows_2016_figures_in_norwegian(
    page, console_errors, live_url, path, heading, figures
):
    text = open_page(page, live_url + path)
    assert page.locator("h1").inner_text() == heading
    assert "Nøkkeltall 2016" in text
    for figure in figures:
        assert figure in text, f"{figure!r} missing on {path}"
    assert page.evaluate("document.documentElement.lang") == "nb"
    assert console_errors == []


def test_shell002_english_with_query_and_toggle(page, console_errors, live_url):
    text = open_page(page, live_url + "/budget?lang=en")
    assert page.locator("h1").inner_text() == "Budget deviation"
    assert "NOK 10.9 million" in text and "NOK 2.1 million" in text
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_role("link", name="Norsk").click()
    page.wait_for_url("**/budget")
    page.wait_for_selector('.page[lang="nb"] .kpi-card')
    settle(page)
    assert "10,9 mill. kr" in visible_text(page)
    assert console_errors == []


def test_shell003_navigation_keeps_language(page, console_errors, live_url):
    open_page(page, live_url + "/?lang=en")
    page.get_by_role("link", name="Housing programmes").click()
    page.wait_for_url("**/housing?period=2016&lang=en")
    page.wait_for_selector(".page-housing .kpi-card")
    settle(page)
    assert "NOK 300 million" in visible_text(page)
    assert console_errors == []


@pytest.mark.parametrize("path", ["/", "/districts", "/housing", "/budget"])
def test_shell007_browser_builtins_are_the_browsers_own(page, console_errors, live_url, path):
    """Without Dash's @babel/polyfill (app.Dashboard) the page runs on the browser's own String#trim
    and parseInt (the polyfill's copies take U+180E for white space), with no setImmediate for
    React's scheduler to take up, and dash-bootstrap-components' regeneratorRuntime for Dash's
    lazily loaded components: every card and chart is drawn, with no console error."""
    open_page(page, live_url + path)
    if path != "/":  # the overview's cards have no plotly chart
        assert page.locator(".js-plotly-plot .main-svg").count() > 0
    builtins = page.evaluate(
        """() => [
            '\\u180E'.trim(), Number.isNaN(parseInt('\\u180E7')), Number.isNaN(Number.parseFloat('\\u180E7')),
            typeof setImmediate, typeof regeneratorRuntime, typeof window._babelPolyfill,
        ]"""
    )
    assert builtins[0] == "\u180e"
    assert builtins[1] is True and builtins[2] is True  # NaN: U+180E is not white space
    assert builtins[3:] == ["undefined", "object", "undefined"]
    assert console_errors == []


def test_shell004_illustrative_figures_are_marked(page, live_url):
    open_page(page, live_url + "/districts")
    illustrative = page.locator(".kpi-card-illustrative")
    assert illustrative.count() > 0
    for i in range(illustrative.count()):
        assert "Illustrativt tall" in illustrative.nth(i).inner_text()
    final = page.locator(".kpi-card-final")
    assert final.count() > 0
    for i in range(final.count()):
        assert "Illustrativt tall" not in final.nth(i).inner_text()


def test_shell005_footer_sources_and_status(page, live_url):
    text = open_page(page, live_url + "/")
    assert "Datakilder" in text
    assert "Årsrapport 2016" in text
    assert "lastet uten feil" in text


def test_shell006_unknown_route_and_query_do_not_crash(page, console_errors, live_url):
    page.goto(live_url + "/no-such-page?foo=bar")
    page.wait_for_selector("text=Fant ikke siden")
    text = open_page(page, live_url + "/housing?period=abc&foo=%3Cscript%3E")
    assert "Nøkkeltall 2016" in text
    assert console_errors == []


def broken_copy(tmp_path_factory):
    """The shipped dataset with one unreadable value in observations.csv (line 3)."""
    import shutil

    from tests.conftest import ROOT

    folder = tmp_path_factory.mktemp("broken") / "drammen"
    shutil.copytree(ROOT / "data" / "drammen", folder)
    path = folder / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[2].split(",")
    fields[3] = "12x"
    lines[2] = ",".join(fields)
    path.write_text("".join(lines), encoding="utf-8")
    return folder, path.read_bytes()


@pytest.mark.parametrize("how", ["--data", "KPI_DATA"])
def test_shell007_invalid_rows_are_left_out_and_reported(page, app_process, tmp_path_factory, how):
    folder, before = broken_copy(tmp_path_factory)
    process = (
        app_process("--data", str(folder)) if how == "--data" else app_process(env={"KPI_DATA": str(folder)})
    )
    text = open_page(page, process.url + "/districts")
    notice = page.locator(".data-problems")
    assert "feil: 1, advarsler: 0, utelatte rader: 1" in notice.inner_text()
    page.get_by_text("Vis hva som er utelatt").click()
    assert "observations.csv:3:value:" in visible_text(page)
    assert "2 632" in text  # the rest is still served
    assert (folder / "observations.csv").read_bytes() == before  # never written to
