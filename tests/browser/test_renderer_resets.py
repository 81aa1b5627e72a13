"""assets/renderer.js drops Dash's RESET_COMPONENT_STATE actions that would change nothing, and
calls the listeners added after it (react-redux's) once per run of dispatches, and only when the
state changed.

Dash 4.4's renderer dispatches one such action for every component it mounts with new children,
and every dispatch re-runs every mounted component's selector: a year change on the overview
took hundreds of dispatches. The same walk through the app, with the script and without it (its
file answered empty), must leave the renderer's store and the page in the same state at every
step, with far fewer listener calls.
"""

from __future__ import annotations

import time

import pytest

from tests.browser.helpers import CallbackWatch, settle

pytestmark = pytest.mark.browser

# Every call of a listener added to the store as react-redux adds its own (redux: once per
# dispatch; with the script: once per run of dispatches that changed the state); every dispatch
# (the store's own `subscribe`, which the script keeps as `__kpiSubscribe`), and the dispatches
# after which render hashes were removed (a reset that mattered).
COUNT = """() => {
  window.__updates = 0; window.__dispatches = 0; window.__removals = 0;
  const store = window.store;
  let before = Object.keys(store.getState().layoutHashes).length;
  store.subscribe(() => { window.__updates++; });
  (store.__kpiSubscribe || store.subscribe).call(store, () => {
    window.__dispatches++;
    const now = Object.keys(store.getState().layoutHashes).length;
    if (now < before) window.__removals++;
    before = now;
  });
}"""

# The renderer's state: its layout (minus dcc.Store's write times, the page's session token and
# what plotly reports back after a draw, `relayoutData`),
# and the page as drawn; left out: charts' inner SVG (plotly's clip-path ids differ per draw), and
# the export menus' generated ids and popup positions.
# (The render hashes themselves depend on timing: two runs without the script differ there too.)
SNAPSHOT = """() => {
  const s = window.store.getState();
  const skip = (k) => ['modified_timestamp', 'token', 'relayoutData'].includes(k);
  const layout = JSON.stringify(s.layout, (k, v) => (skip(k) ? undefined : v));
  const page = document.querySelector('#react-entry-point').cloneNode(true);
  page.querySelectorAll('.dash-graph').forEach((g) => { g.innerHTML = ''; });
  page.querySelectorAll('*').forEach((el) => {
    [...el.attributes].forEach((a) => {
      const generated = a.value.includes('react-aria') || a.name.startsWith('data-popper');
      const placed = a.name === 'style' && el.classList.contains('dropdown-menu');
      if (generated || placed) el.removeAttribute(a.name);
    });
  });
  return {layout, html: page.outerHTML};
}"""


DRAWN = """() => [...document.querySelectorAll('.dash-graph')].every((g) => g.querySelector('.main-svg'))"""


def _updates_for(page, action) -> tuple[int, int]:
    """The listener calls and the dispatches an action led to."""
    page.evaluate("() => { window.__updates = 0; window.__dispatches = 0; }")
    action()
    page.dash_callbacks.changed = time.monotonic()  # quiet from now on: the requests may not be sent yet
    settle(page, quiet_ms=600)
    page.wait_for_function(DRAWN)
    return page.evaluate("() => [window.__updates, window.__dispatches]")


def _walk(page, url: str) -> tuple[list[dict], dict[str, int]]:
    """Year changes on the overview, then the budget and districts pages reached by their links
    (the page's children replaced where render hashes were recorded), and back."""
    page.goto(url + "/")
    page.wait_for_selector(".kpi-card")
    settle(page)
    page.evaluate(COUNT)
    snapshots, updates, dispatches = [], {}, {}

    def step(name, action):
        updates[name], dispatches[name] = _updates_for(page, action)
        snapshots.append({"step": name, **page.evaluate(SNAPSHOT)})

    step("year 2013", lambda: page.select_option("#filter-select-year", "2013"))
    step("year 2016", lambda: page.select_option("#filter-select-year", "2016"))
    step("to budget", lambda: page.click('nav a[href^="/budget"]'))
    step("budget 2015", lambda: page.select_option("#filter-select-year", "2015"))
    step("to districts", lambda: page.click('nav a[href^="/districts"]'))
    step("districts 2016", lambda: page.select_option("#filter-select-year", "2016"))
    step("to overview", lambda: page.click('nav a[href^="/?period"]'))
    updates["removals"] = page.evaluate("() => window.__removals")
    return snapshots, updates, dispatches


def test_renderer001_same_store_state_with_far_fewer_dispatches(page, browser, live_url, console_errors):
    with_script, updates, dispatches = _walk(page, live_url)

    context = browser.new_context(viewport=page.viewport_size)
    context.route(
        "**/assets/renderer.js*",
        lambda route: route.fulfill(status=200, content_type="application/javascript", body="// off"),
    )
    bare = context.new_page()
    bare.dash_callbacks = CallbackWatch(bare)
    try:
        without, bare_updates, bare_dispatches = _walk(bare, live_url)
    finally:
        context.close()

    for ours, theirs in zip(with_script, without, strict=True):
        assert ours["step"] == theirs["step"]
        assert ours["layout"] == theirs["layout"], ours["step"]
        assert ours["html"] == theirs["html"], ours["step"]
    # The walk needs resets (new children where render hashes were recorded): they went through.
    assert updates["removals"] > 0
    # The overview's cards of 2016 (the latest year, all of them drawn), back from 2013: hundreds of
    # dispatches without the script, a few dozen with it.
    assert bare_dispatches["year 2016"] > 300, bare_dispatches
    assert dispatches["year 2016"] < 100, dispatches
    steps = list(dispatches)
    assert sum(dispatches.values()) * 3 < sum(bare_dispatches.values()), (dispatches, bare_dispatches)
    # Without the script react-redux's listener runs after every dispatch; with it, once per run of
    # dispatches (each step makes several runs: the request, the answer, the charts' draws).
    assert bare_updates == {**bare_dispatches, "removals": bare_updates["removals"]}
    assert all(updates[k] > 0 and updates[k] * 3 <= dispatches[k] for k in steps), (updates, dispatches)
    assert console_errors == []
