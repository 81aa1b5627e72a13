"""axe-core (from npm, see package.json) audits every page and drilled view in headless Chromium:
no serious or critical WCAG 2.1 A/AA violation, in bokmål, in English and in present mode.

Also the rest of universal design that a browser can check: every filter and drill link is
reached with Tab and shows a visible focus ring, Enter on a drill link drills, no horizontal
scrolling at 320 px width, and at 200 % zoom (a 640 px wide viewport) the filter bar does not
cover the content.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import CallbackWatch, settle

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

ROUTES = [
    "/",
    "/indicators/discharge_ready_patients",
    "/districts",
    "/districts/hamborgstrom",
    "/housing",
    "/housing/startlan",
    "/budget",
    "/budget/hamborgstrom",
    "/no-such-page",
]
VARIANTS = ["", "?lang=en", "?present=1"]


@pytest.fixture
def csp_page(browser):
    """A page whose context ignores the app's CSP, so axe-core can be injected."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make node-deps` (npm ci) first")
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dash_callbacks = CallbackWatch(page)
    yield page
    context.close()


def audit(page) -> list[dict]:
    """The serious and critical violations axe-core finds on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} nodes)")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}")
            lines.append(f"      {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("path", ROUTES)
def test_a11y001_no_serious_axe_violations(csp_page, live_url, path, variant):
    page = csp_page
    page.goto(live_url + path + variant)
    page.wait_for_selector("h1")
    settle(page)
    violations = audit(page)
    assert not violations, f"{path}{variant}:\n{describe(violations)}"


# --- Keyboard -------------------------------------------------------------------------------

# Each page's drill targets: links to the drilled view, reached with Tab and followed with Enter.
DRILL_PAGES = [
    ("/?period=2016", ".kpi-card-link", r"/indicators/[\w-]+"),
    ("/districts?period=2016", ".districts-drill-link", r"/districts/[\w-]+"),
    ("/housing?period=2016", ".housing-details-link", r"/housing/[\w-]+"),
    ("/budget?period=2016", ".budget-drill-link", r"/budget/[\w-]+"),
    ("/indicators/discharge_ready_patients?period=2016", ".indicator-drill-link", r"/districts/[\w-]+"),
]
FILTER_CONTROLS = ".filter-field select, .filter-field summary, #filter-button-copy-link"
MAX_TABS = 400  # charts add their own controls (table toggle, export menu) between the links


def focus_ring(page) -> dict:
    """How the focused element shows focus: its outline, or a box shadow (on it or its card)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const card = el.querySelector('.card');
            return {
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
                shadow: style.boxShadow !== 'none' || (card && getComputedStyle(card).boxShadow !== 'none'),
                visible: el.matches(':focus-visible'),
            };
        }"""
    )


@pytest.mark.parametrize(("path", "drill", "target"), DRILL_PAGES)
def test_a11y002_keyboard_reaches_filters_and_drill_links(page, live_url, path, drill, target):
    """Tab reaches every visible filter and every drill link, each with a visible focus ring, and
    Enter on a drill link opens the drilled view."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_url + path)
    page.wait_for_selector(drill)
    settle(page)
    expected = page.evaluate(
        """([filters, drill]) => {
            const shown = (el) => el.getClientRects().length > 0;
            const all = [...document.querySelectorAll(filters), ...document.querySelectorAll(drill)];
            const els = all.filter(shown);
            els.forEach((el, i) => el.setAttribute('data-a11y-tab', String(i)));
            return els.length;
        }""",
        [FILTER_CONTROLS, drill],
    )
    assert expected > 1
    reached: set[str] = set()
    first_drill = None
    page.locator("body").focus()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        mark = page.evaluate("() => document.activeElement.getAttribute('data-a11y-tab')")
        if mark is None:
            continue
        reached.add(mark)
        ring = focus_ring(page)
        assert ring["visible"] and (ring["outline"] or ring["shadow"]), f"no visible focus on #{mark}: {ring}"
        if first_drill is None and page.evaluate("(sel) => document.activeElement.matches(sel)", drill):
            first_drill = page.evaluate("() => document.activeElement.getAttribute('href')")
        if len(reached) == expected:
            break
    assert len(reached) == expected, f"Tab reached {len(reached)} of {expected} filters and drill links"
    # Enter on a drill link drills: focus the first one again by keyboard and press Enter.
    page.goto(live_url + path)
    page.wait_for_selector(drill)
    settle(page)
    page.locator("body").focus()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => document.activeElement.matches(sel)", drill):
            break
    href = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert href == first_drill
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(".*" + target + r"(\?.*)?$"))
    page.wait_for_selector("h1")
    settle(page)
    assert urlsplit(page.url).path == urlsplit(href).path


def test_a11y003_skip_link_and_page_language(page, live_url):
    page.goto(live_url + "/budget?lang=en")
    page.wait_for_selector("h1")
    settle(page)
    assert page.evaluate("() => document.documentElement.lang") == "en"
    page.locator("body").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "shell-link-skip"
    assert page.locator("#shell-link-skip").is_visible()
    assert page.inner_text("#shell-link-skip") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"


# --- Small screens and zoom -------------------------------------------------------------------

NARROW_ROUTES = [r for r in ROUTES if r != "/no-such-page"]


@pytest.mark.parametrize("path", NARROW_ROUTES)
def test_a11y004_no_sideways_scrolling_at_320px(page, live_url, path):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_url + path)
    page.wait_for_selector("h1")
    settle(page)
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                && !el.closest('.table-scroll, .js-plotly-plot, .skip-link'))
            .slice(0, 5).map((el) => el.tagName + '.' + el.className)"""
    )
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320, f"{path}: too wide: {wide}"


@pytest.mark.parametrize("path", ["/", "/districts", "/housing/startlan", "/budget/hamborgstrom"])
def test_a11y005_200_percent_zoom(page, live_url, path):
    """200 % zoom of a 1280 px window is a 640 px wide viewport: nothing sideways, every filter
    on the page, the filter bar does not cover the content."""
    page.set_viewport_size({"width": 640, "height": 400})
    page.goto(live_url + path)
    page.wait_for_selector(".filter-bar")
    settle(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 640
    bar = page.locator(".filter-bar").bounding_box()
    body = page.locator(".page-body").bounding_box()
    assert bar["y"] + bar["height"] <= body["y"] + 1, "the filter bar overlaps the content"
    assert page.eval_on_selector(".filter-bar", "(el) => getComputedStyle(el).position") in (
        "static",
        "relative",
    )
    for control in page.locator(FILTER_CONTROLS).all():
        if control.is_visible():
            box = control.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 640
    # The last thing on the page can be scrolled to.
    page.keyboard.press("End")
    page.locator(".shell-footer").scroll_into_view_if_needed()
    assert page.locator(".shell-footer").is_visible()
