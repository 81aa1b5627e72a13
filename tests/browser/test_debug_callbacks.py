"""In debug mode Dash checks the callback graph in the browser and lists every problem in its
dev tools (overlapping outputs, ids missing from the layout): none on any page."""

from __future__ import annotations

import pytest

from tests.browser.helpers import settle

PAGES = (
    "/",
    "/indicators/discharge_ready_patients",
    "/districts",
    "/districts/hamborgstrom",
    "/housing",
    "/budget",
    "/budget/nav",
)


@pytest.fixture(scope="module")
def debug_url(app_process) -> str:
    return app_process("--debug").url


@pytest.mark.parametrize("path", PAGES)
def test_debug001_dash_finds_no_callback_problem(page, debug_url, path):
    page.goto(debug_url + path)
    settle(page)
    page.wait_for_timeout(500)  # the dev tools list what the renderer reported
    problems = page.evaluate(
        "() => [...document.querySelectorAll('.dash-fe-error__title')].map(e => e.textContent)"
    )
    assert problems == [], f"{path}: {problems}"
    assert page.locator(".dash-debug-menu, .dash-debug-menu__outer").count() > 0  # the dev tools are on
