"""Two users on the same server at the same time, with different filters and languages, never
see each other's state: every callback reads its state from the request (filter values and the
page store), and no callback keeps state between requests (callbacks/ has no module-level
mutable state that a callback writes; test_two002 checks that by reading the source)."""

from __future__ import annotations

import ast

import pytest

from tests.browser.helpers import CallbackWatch, settle
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

BARS_TITLE = "#districts-graph-bars .gtitle"


def shown(page) -> dict:
    """What the user sees: the year chosen, the districts in the table, the chart's title, the language."""
    return {
        "year": page.locator("#filter-select-year").input_value(),
        "indicator": page.locator("#filter-select-indicator").input_value(),
        "units": sorted(page.locator(".districts-drill-link").all_inner_texts()),
        "title": page.locator(BARS_TITLE).text_content(),
        "lang": page.locator(".page").get_attribute("lang"),
        "url": page.url,
    }


def open_districts(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(BARS_TITLE)
    settle(page)


def expect(page, year: str, units: list[str], lang: str, title_has: str) -> dict:
    state = shown(page)
    assert state["year"] == year, state
    assert state["units"] == sorted(units), state
    assert state["lang"] == lang, state
    assert year in state["title"] and title_has in state["title"], state
    return state


def test_two001_two_users_with_different_filters(page, browser, console_errors, live_url):
    a = page
    context_b = browser.new_context()
    try:
        b = context_b.new_page()
        b.dash_callbacks = CallbackWatch(b)
        errors_b: list[str] = []
        b.on("console", lambda msg: errors_b.append(msg.text) if msg.type == "error" else None)

        open_districts(a, live_url + "/districts?period=2015&units=askollen,konnerud")
        open_districts(b, live_url + "/districts?period=2016&units=fjell,gulskogen,stromso&lang=en")
        expect(a, "2015", ["Åskollen", "Konnerud"], "nb", "per distrikt")
        first_b = expect(b, "2016", ["Fjell", "Gulskogen", "Strømsø"], "en", "by district")

        # Both change a filter at the same moment; each sees only its own change.
        a.select_option("#filter-select-year", "2014")
        b.select_option("#filter-select-indicator", "sick_leave_pct")
        settle(a)
        settle(b)
        expect(a, "2014", ["Åskollen", "Konnerud"], "nb", "Utskrivningsklare pasienter")
        after_b = expect(b, "2016", ["Fjell", "Gulskogen", "Strømsø"], "en", "by district")
        assert after_b["title"] != first_b["title"] and after_b["indicator"] == "sick_leave_pct"

        # Interleaved again: B drops a district while A picks another indicator and a district.
        b.locator("#filter-summary-units").click()
        b.locator("#filter-checklist-units label", has_text="Strømsø").click()
        a.select_option("#filter-select-indicator", "sick_leave_pct")
        a.locator("#filter-summary-units").click()
        a.locator("#filter-checklist-units label", has_text="Fjell").click()
        settle(b)
        settle(a)
        state_a = expect(a, "2014", ["Fjell", "Konnerud", "Åskollen"], "nb", "Sykefravær")
        state_b = expect(b, "2016", ["Fjell", "Gulskogen"], "en", "by district")
        assert state_a["indicator"] == state_b["indicator"] == "sick_leave_pct"

        # The URL each user holds is their own state: reloading gives the same view back.
        for user, state in ((a, state_a), (b, state_b)):
            open_districts(user, user.url)
            assert shown(user) == state

        assert console_errors == [] and errors_b == []
    finally:
        context_b.close()


MUTATORS = {"append", "extend", "insert", "update", "setdefault", "add", "pop", "clear", "remove"}
MUTABLE = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)


def module_state_changed_in_functions(path) -> list[str]:
    """'file: name' for every module-level list, dict or set that a function changes (a mutating
    method, item assignment, +=), and every `global` a function declares."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    mutable = set()
    for node in tree.body:
        value = getattr(node, "value", None)
        if isinstance(value, MUTABLE) or (
            isinstance(value, ast.Call) and getattr(value.func, "id", "") in ("list", "dict", "set")
        ):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            mutable |= {t.id for t in targets if isinstance(t, ast.Name)}
    found = []
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    for node in (n for f in functions for n in ast.walk(f)):
        changed = []
        if isinstance(node, ast.Global):
            found += [f"{path.name}: global {name}" for name in node.names]
        elif (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS
        ):
            changed = [node.func.value]
        elif isinstance(node, ast.Assign):
            changed = [t.value for t in node.targets if isinstance(t, ast.Subscript)]
        elif isinstance(node, ast.AugAssign):
            changed = [node.target.value if isinstance(node.target, ast.Subscript) else node.target]
        found += [f"{path.name}: {c.id}" for c in changed if isinstance(c, ast.Name) and c.id in mutable]
    return found


ALLOWED = {
    "exports.py: global _kaleido_started",  # process-wide: the image renderer has been started
    "pages.py: ROUTES",  # pages.register() at import time, before any request
    "pages.py: OPTIONS",  # the same: each route's filter options, for the unit search
}


def test_two002_callbacks_keep_no_state_between_requests():
    found = [
        f
        for path in sorted((ROOT / "callbacks").glob("*.py"))
        for f in module_state_changed_in_functions(path)
    ]
    assert sorted(set(found) - ALLOWED) == []
