"""Record the Dash callback requests a real browser sends, as fixtures for the load test.

    python -m bench.load.record [--out bench/load/payloads.json] [--indicators 2]

Starts `gunicorn -w 2` on a free loopback port (as bench/load/run.py does), opens every page
(a few of the drill-downs linked from them, and the main pages in English) in headless Chromium,
and logs each `/_dash-update-component`
request the page makes (`request.post_data`) with the status and the output ids of its answer.
On each page it then changes every visible filter once (year, sub-period, units, indicator) and
logs the callbacks that change fires. The locustfile replays these with other filter values.
Re-run it whenever callbacks change: the fixtures are the browser's own payloads, not hand-made.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from bench.run import CHROMIUM, CHROMIUM_ARGS

HERE = Path(__file__).resolve().parent
OUT = HERE / "payloads.json"
CALLBACK_PATH = "/_dash-update-component"
MAIN_PAGES = ("/", "/districts", "/housing", "/budget")
# Drill-down pages recorded per kind: the shapes repeat, a few of each keep recording short.
PER_DRILL = {"/districts/": 2, "/budget/": 2, "/housing/": 2}
DRILL_PREFIXES = ("/districts/", "/budget/", "/housing/", "/indicators/")
FILTER_IDS = {
    "year": "filter-select-year",
    "subperiod": "filter-select-subperiod",
    "units": "filter-checklist-units",
    "indicator": "filter-select-indicator",
}

# The filters a reader can see on the page, with their values and options.
FILTERS_JS = """
() => {
  const out = {};
  for (const s of document.querySelectorAll('.filter-bar select')) {
    if (s.id && s.offsetParent !== null) {
      out[s.id] = {value: s.value, options: [...s.options].filter((o) => !o.disabled).map((o) => o.value)};
    }
  }
  const summary = document.getElementById('filter-summary-units');
  if (summary && summary.offsetParent !== null) {
    const boxes = [...document.querySelectorAll('#filter-checklist-units input[type=checkbox]')];
    out['filter-checklist-units'] = {
      value: boxes.filter((b) => b.checked).map((b) => b.value),
      options: boxes.filter((b) => !b.disabled).map((b) => b.value),
    };
  }
  return out;
}
"""

LINKS_JS = """
() => [...document.querySelectorAll('#_pages_content a[href]')].map((a) => a.getAttribute('href'))
"""


# In the page: wrap fetch so every callback request is logged with its status and the output ids
# of its answer, and count those in flight. (Playwright's own request events can miss answers
# on a busy machine, and Chromium drops response bodies once the filters rewrite the URL.)
LOG_SCRIPT = """
window.__calls = [];
window.__inflight = 0;
window.__changed = performance.now();
const __fetch = window.fetch;
window.fetch = function (resource, init) {
  const url = typeof resource === 'string' ? resource : resource.url;
  if (!url.includes('/_dash-update-component')) { return __fetch.apply(this, arguments); }
  const entry = {body: JSON.parse(init.body), status: null, keys: []};
  window.__calls.push(entry);
  window.__inflight++;
  window.__changed = performance.now();
  const done = () => { window.__inflight--; window.__changed = performance.now(); };
  return __fetch.apply(this, arguments).then(async (response) => {
    entry.status = response.status;
    if (response.status === 200) {
      const answer = await response.clone().json();
      entry.keys = Object.keys(answer.response || {}).sort();
    }
    done();
    return response;
  }, (error) => { done(); throw error; });
};
"""


class CallbackLog:
    """Every callback request the page sends, in the order sent, with its answer."""

    def __init__(self, page) -> None:
        page.add_init_script(LOG_SCRIPT)

    def take(self, page, first: str = "", quiet_ms: int = 1000, timeout_s: float = 120) -> list[dict]:
        """Wait for a callback whose output names `first` (any callback when empty; on a busy
        machine the first one can start seconds after the action; an action that fires none
        gives up after 5 s), then until none has been in flight for `quiet_ms`; return what was
        logged since the last take."""
        try:
            self._wait(page, first, quiet_ms, timeout_s)
        except Exception as exc:
            state = page.evaluate(
                "() => [window.__inflight, (window.__calls || []).map((c) => [c.body.output, c.status])]"
            )
            raise RuntimeError(f"{page.url}: callbacks did not settle: {state}") from exc
        taken = page.evaluate("() => { const c = window.__calls; window.__calls = []; return c; }")
        bad = [c for c in taken if c["status"] not in (200, 204)]
        if bad:
            status, output = bad[0]["status"], bad[0]["body"]["output"]
            raise RuntimeError(f"{page.url}: callback answered {status}: {output}")
        return taken

    @staticmethod
    def _wait(page, first: str, quiet_ms: int, timeout_s: float) -> None:
        page.wait_for_function(
            """([first, quiet]) => {
                if (window.__calls === undefined) return false;
                const seen = window.__calls.some((c) => (c.body.output || '').includes(first));
                const waited = performance.now() - window.__changed;
                if (!seen && (first || waited < 5000)) return false;
                return window.__inflight === 0 && waited >= quiet;
            }""",
            arg=[first, quiet_ms],
            timeout=timeout_s * 1000,
            polling=100,
        )


def change_filter(page, name: str, current, options: list[str]):
    """Change one filter as a reader would; return the new value (None when it has one option)."""
    if name == "units":
        if not options:
            return None
        choice = options[min(3, len(options) - 1)]
        page.locator("#filter-summary-units").click()
        page.locator(f"#filter-checklist-units input[value='{choice}']").check()
        page.locator("#filter-summary-units").click()
        return [choice]
    others = [o for o in options if o != current]
    if not others:
        return None
    page.select_option(f"#{FILTER_IDS[name]}", others[0])
    return others[0]


def record_page(page, log: CallbackLog, base: str, path: str, lang: str) -> dict:
    url = base + path + ("?lang=en" if lang == "en" else "")
    page.goto(url, wait_until="commit")
    load = log.take(page, first="_pages_content")
    found = page.evaluate(FILTERS_JS)
    filters = {name: found[fid] for name, fid in FILTER_IDS.items() if fid in found}
    actions = {}
    for name, info in filters.items():
        if change_filter(page, name, info["value"], info["options"]) is None:
            continue
        taken = log.take(page)
        if taken:
            actions[name] = taken
    kind = "drill" if path.startswith(DRILL_PREFIXES) else "page"
    print(f"  {path} ({lang}): {len(load)} callbacks on load, filters {sorted(actions)}", file=sys.stderr)
    return {"path": path, "lang": lang, "kind": kind, "filters": filters, "load": load, "actions": actions}


def budget_keys() -> tuple[str, ...]:
    """The units /budget/<unit> can show (the app's own drill keys for the shipped dataset)."""
    from callbacks import budget
    from data import store

    store.open_dataset(None)
    return budget.options(with_keys=True).keys


def drill_paths(page, base: str, per_kind: dict[str, int]) -> list[str]:
    """Drill-down paths linked from the main pages (and the districts' own links), in page order."""
    seen: list[str] = []
    for path in MAIN_PAGES:
        page.goto(base + path, timeout=120_000)
        page.wait_for_load_state("networkidle", timeout=120_000)
        for href in page.evaluate(LINKS_JS):
            target = urlsplit(href).path
            if target.startswith(DRILL_PREFIXES) and target not in seen:
                seen.append(target)
    seen += [f"/budget/{key}" for key in budget_keys()]  # drilled by clicking bars, not by links
    chosen, counts = [], {}
    for target in seen:
        prefix = "/" + target.split("/")[1] + "/"
        if counts.get(prefix, 0) < per_kind.get(prefix, 99):
            counts[prefix] = counts.get(prefix, 0) + 1
            chosen.append(target)
    return chosen


def record(out: Path, indicators: int) -> dict:
    from playwright.sync_api import sync_playwright

    from bench.load.run import start_gunicorn, stop

    gunicorn, base, _command, gunicorn_log = start_gunicorn(2)  # served as the load test serves it
    try:
        return _record(out, indicators, base, sync_playwright)
    finally:
        stop(gunicorn)
        gunicorn_log.unlink()


def _record(out: Path, indicators: int, base: str, sync_playwright) -> dict:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            drills = drill_paths(page, base, {"/indicators/": indicators, **PER_DRILL})
            page.close()
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(120_000)  # a busy machine (other jobs on 2 cores) is slow
            log = CallbackLog(page)
            english = [*MAIN_PAGES, next(d for d in drills if d.startswith("/districts/"))]
            visits = [(path, "nb") for path in (*MAIN_PAGES, *drills)] + [(path, "en") for path in english]
            scenarios, skipped = [], []
            for path, lang in visits:
                for attempt in (1, 2):  # a busy machine can stall one request; then try the page again
                    try:
                        scenarios.append(record_page(page, log, base, path, lang))
                        break
                    except Exception as exc:  # reported, then the page is tried again
                        print(f"  {path} ({lang}), attempt {attempt}: {str(exc)[:300]}", file=sys.stderr)
                else:
                    skipped.append(f"{path} ({lang})")
            if skipped and not any(s["path"] in MAIN_PAGES for s in scenarios):
                raise SystemExit("no main page could be recorded")
        finally:
            browser.close()
    fixtures = {
        "recorded": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python -m bench.load.record",
        "scenarios": scenarios,
        "skipped": skipped,
    }
    # One scenario a line: diffs stay readable, the file stays small (figures ride in some payloads).
    lines = ",\n".join(json.dumps(sc, ensure_ascii=False, separators=(",", ":")) for sc in scenarios)
    head = json.dumps({k: v for k, v in fixtures.items() if k != "scenarios"}, ensure_ascii=False)
    out.write_text(head[:-1] + ', "scenarios": [\n' + lines + "\n]}\n", encoding="utf-8")
    return fixtures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--indicators", type=int, default=2, help="indicator pages to record (default 2)")
    args = parser.parse_args(argv)
    fixtures = record(args.out, args.indicators)
    n = sum(len(s["load"]) + sum(map(len, s["actions"].values())) for s in fixtures["scenarios"])
    print(f"{len(fixtures['scenarios'])} scenarios, {n} callback requests -> {args.out}")
    if fixtures["skipped"]:
        print(f"skipped (did not settle twice): {', '.join(fixtures['skipped'])}")


if __name__ == "__main__":
    main()
