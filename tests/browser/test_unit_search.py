"""The units filter on a dataset with more units than the list shows (layouts/filters.py
UNIT_LIST_LIMIT): a search box, matches with their parent's name, a choice that reaches the URL and
survives the next search; and on the shipped dataset (a few dozen units) no search box at all."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from tests.browser.helpers import CallbackWatch, plain, settle, wait_text
from tests.browser.test_accessibility import AXE, audit, describe
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

YEARS = ("--years", "2015-2016", "--out")

SEARCH = "#filter-input-units-search"
STATUS = "#filter-div-units-count"
BOXES = "#filter-checklist-units input[type=checkbox]"


@pytest.fixture(scope="module")
def national(tmp_path_factory, app_process):
    """70 synthetic municipalities: about 490 units (norge > kommune > P05 > services, districts),
    70 of them with budget rows (the budget page's filter: its own search)."""
    out = tmp_path_factory.mktemp("national")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "data.synthetic",
            "--municipalities",
            "70",
            "--indicators",
            "10",
            *YEARS,
            str(out),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    units = pd.read_parquet(out / "units.parquet")
    assert len(units) > 60
    return app_process("--data", str(out)).url, units


def labels(page) -> dict[str, str]:
    """unit id -> the label the reader sees, for every checkbox listed."""
    return {
        box.get_attribute("value"): plain(box.evaluate("b => b.parentElement.textContent")).strip()
        for box in page.query_selector_all(BOXES)
    }


def url_units(page) -> set[str]:
    units = parse_qs(urlparse(page.url).query).get("units", [""])[0]
    return set(filter(None, units.split(",")))


def search(page, text: str, *status_parts: str) -> None:
    page.fill(SEARCH, text)
    page.press(SEARCH, "Enter")
    wait_text(page, STATUS, *status_parts)
    settle(page)


def test_search_check_and_keep(page, console_errors, national):
    url, units = national
    total = len(units)
    page.goto(url + "/districts")
    page.wait_for_selector(SEARCH, state="attached")
    settle(page)
    page.click("#filter-summary-units")
    assert page.is_visible(SEARCH)
    assert page.get_attribute(SEARCH, "type") == "search"
    label = page.locator(f"label[for='{SEARCH[1:]}']").inner_text()
    assert label == "Søk etter enhet"
    assert page.get_attribute(STATUS, "role") == "status"
    top = units[units["parent_id"].isin(["", "norge"])]  # root + municipalities, in tree order
    assert list(labels(page)) == list(top["unit_id"])[:60]
    assert plain(page.inner_text(STATUS)) == f"60 av {total} enheter vises"

    search(page, "distrikt 2", "passer «distrikt 2»")
    shown = labels(page)
    wanted = units[units["name"].str.casefold().str.contains("distrikt 2")]
    assert set(shown) == set(wanted["unit_id"]) and shown
    assert shown["k0003-d2"] == "Distrikt 2 · Syntetisk kommune 003"
    page.check(f"{BOXES}[value='k0003-d2']")
    page.wait_for_function("() => location.search.includes('units=k0003-d2')")
    settle(page)
    assert url_units(page) == {"k0003-d2"}
    assert plain(page.inner_text("#filter-summary-units")) == "1 valgt"

    search(page, "KOMMUNE 01", "passer «KOMMUNE 01»")  # by name, case-insensitive
    shown = labels(page)
    assert next(iter(shown)) == "k0003-d2"  # the choice first, still checked
    assert page.is_checked(f"{BOXES}[value='k0003-d2']")
    assert set(shown) == {"k0003-d2", *(f"k00{n}" for n in range(10, 20))}
    page.check(f"{BOXES}[value='k0011']")
    page.wait_for_function("() => location.search.includes('k0011')")
    settle(page)
    assert url_units(page) == {"k0003-d2", "k0011"}

    search(page, "k0005-sykehjem", "1 av")  # by id
    assert list(labels(page)) == ["k0003-d2", "k0011", "k0005-sykehjem"]
    assert url_units(page) == {"k0003-d2", "k0011"}

    search(page, "finnes ikke", "Ingen av")
    assert list(labels(page)) == ["k0003-d2", "k0011"]

    # reloading the URL keeps the choice listed (and checked) without a search
    page.reload()
    page.wait_for_selector(SEARCH, state="attached")
    settle(page)
    assert {"k0003-d2", "k0011"} <= set(labels(page))
    assert page.is_checked(f"{BOXES}[value='k0011']")
    assert console_errors == []


def test_search_on_other_pages_without_console_errors(page, console_errors, national):
    url = national[0]
    for route in ("/", "/housing", "/districts/k0001-d1?lang=en", "/budget/k0001-p05"):
        page.goto(url + route)
        page.wait_for_selector(SEARCH, state="attached")
        settle(page)
    page.goto(url + "/budget?lang=en")
    page.wait_for_selector(SEARCH, state="attached")
    settle(page)
    page.click("#filter-summary-units")
    search(page, "P05 helse", "match “P05 helse”")  # the budget page's own units
    shown = labels(page)
    assert len(shown) == 60 and "60 shown" in plain(page.inner_text(STATUS))
    assert all(text.startswith("P05 Helse og omsorg · Syntetisk kommune 0") for text in shown.values())
    assert console_errors == []


def test_no_search_box_on_the_shipped_dataset(page, console_errors, live_url):
    page.goto(live_url + "/districts")
    page.wait_for_selector(BOXES, state="attached")
    settle(page)
    assert page.query_selector(STATUS) is None
    assert page.get_attribute(SEARCH, "type") == "hidden"  # only the callback's Input
    page.click("#filter-summary-units")
    assert not page.is_visible(SEARCH) and page.is_visible(BOXES)
    assert page.get_by_role("searchbox").count() == 0
    units = pd.read_csv(ROOT / "data" / "drammen" / "units.csv")
    assert len(page.query_selector_all(BOXES)) == len(units) <= 60  # every unit, as before
    assert console_errors == []


def test_open_search_has_no_serious_axe_violations(browser, national):
    """The box, its label, the status line and the muted parent names pass axe (WCAG 2.1 AA)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make node-deps` (npm ci) first")
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.dash_callbacks = CallbackWatch(page)
        page.goto(national[0] + "/districts?units=k0002-d1")
        page.wait_for_selector(SEARCH, state="attached")
        settle(page)
        page.click("#filter-summary-units")
        search(page, "distrikt", "passer «distrikt»")
        violations = audit(page)
        assert not violations, describe(violations)
    finally:
        context.close()
