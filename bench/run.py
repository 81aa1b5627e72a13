"""`make bench`: cold start, server time per interaction, browser interaction latency, bytes over
the wire and peak memory, on the shipped dataset and on the synthetic national one, beside the
floor of a bare Dash app drawing one figure of the same size.

    python -m bench.run [--datasets shipped,scale] [--servers dev,gunicorn] [--repeats 5] [--smoke]
                        [--out bench/results]

Each dataset is served twice: by `python app.py` (one process) and by gunicorn as in production
(gunicorn.conf.py: the app preloaded, 4 workers); RSS is then the largest process's peak.

Every figure is the median (and p95 where stated) of several runs. Traffic goes to 127.0.0.1
only; each run is bounded in count and time. `--smoke` is the small version CI runs: one
repeat, the shipped dataset, one page; it checks that the harness works and writes valid JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROUTES = ("/", "/districts", "/housing", "/budget")
# How the app is served: `python app.py` (one process, threads) and, as in production, gunicorn
# with gunicorn.conf.py's settings (preloaded app, WEB_CONCURRENCY workers: 4 by default).
SERVERS = {
    "dev": ("", [sys.executable, "app.py"]),
    "gunicorn": (", gunicorn", [sys.executable, "-m", "gunicorn", "-b", "127.0.0.1:{port}", "app:server"]),
}
SCALE_ARGS = ["--municipalities", "356", "--indicators", "300", "--years", "2010-2025", "--monthly"]
MAX_OPTIONS_PER_FILTER = 3
DEADLINE_S = 60

# In the page: count fetches in flight, so "fully drawn" means no callback pending, no Dash
# loading marker, and every graph rendered, held for two animation frames.
INIT_SCRIPT = """
window.__inflight = 0;
const __fetch = window.fetch;
window.fetch = function (...args) {
  window.__inflight++;
  return __fetch.apply(this, args).finally(() => setTimeout(() => window.__inflight--, 0));
};
window.__drawn = function (t0) {
  return new Promise((resolve) => {
    let stable = 0, first = null;
    const tick = () => {
      const graphs = [...document.querySelectorAll('.dash-graph')];
      const ready = window.__inflight === 0
        && !document.querySelector('[data-dash-is-loading="true"]')
        && document.querySelector('#react-entry-point ._dash-loading') === null
        && graphs.every((g) => g.querySelector('.main-svg'));
      if (ready) {
        stable++;
        if (first === null) first = performance.now();
      } else {
        stable = 0;
        first = null;
      }
      if (stable >= 2) { resolve(first - t0); } else { requestAnimationFrame(tick); }
    };
    requestAnimationFrame(tick);
  });
};
window.__choose = function (id, value) {
  const el = document.getElementById(id);
  const setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set;
  const t0 = performance.now();
  setter.call(el, value);
  el.dispatchEvent(new Event('change', { bubbles: true }));
  return window.__drawn(t0);
};
"""

# The visible selects of the filter bar, and the options each could change to.
FILTERS_JS = """
() => [...document.querySelectorAll('.filter-bar select')]
  .filter((s) => s.offsetParent !== null && s.id)
  .map((s) => ({id: s.id, value: s.value, options: [...s.options].map((o) => o.value)}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "max": max(values) if values else None,
    }


def _descendants(pid: int) -> list[int]:
    """The processes started by `pid`, and theirs (gunicorn's workers)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        with suppress(OSError, ValueError, IndexError):
            stat = (entry / "stat").read_text()
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    out, todo = [], [pid]
    while todo:
        children = [p for p, parent in parents.items() if parent == todo[-1]]
        todo.pop()
        out += children
        todo += children
    return out


def peak_rss_mb(pid: int) -> float | None:
    """The peak resident set size (VmHWM) in MB of the process, or of the largest of it and the
    processes it started (a gunicorn worker: the dataset is loaded before the fork, so each
    worker's figure counts the pages it shares with the master)."""
    peaks = []
    for each in [pid, *_descendants(pid)]:
        with suppress(OSError), open(f"/proc/{each}/status") as f:
            peaks += [int(line.split()[1]) / 1024 for line in f if line.startswith("VmHWM:")]
    return max(peaks, default=None)


@contextmanager
def server(command: list[str], env: dict[str, str] | None = None):
    """Start a server process on a free loopback port; yield (url, process, start time). The
    port goes where the command says `{port}`, else after `--port`."""
    port = free_port()
    started = time.perf_counter()
    if any("{port}" in part for part in command):
        command = [part.replace("{port}", str(port)) for part in command]
    else:
        command = [*command, "--port", str(port)]
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, "KPI_SERVER_TIMING": "1", **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + DEADLINE_S * 3
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {proc.stderr.read()[-2000:]}")
            with suppress(OSError), urllib.request.urlopen(url + "/_dash-layout", timeout=2):
                break
            time.sleep(0.05)
        else:
            raise TimeoutError(url)
        yield url, proc, started
    finally:
        proc.terminate()
        with suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        if proc.poll() is None:
            proc.kill()


class Recorder:
    """Bytes and server time of every response the page receives."""

    def __init__(self, page):
        self.responses: list = []
        page.on("response", lambda response: self.responses.append(response))

    def take(self) -> list:
        taken, self.responses = self.responses, []
        return taken

    @staticmethod
    def callback_name(request) -> str:
        """A callback's name for the report: its first output's id (a dict id's type), or '?'."""
        with suppress(Exception):
            output = json.loads(request.post_data)["output"].lstrip(".").split("...")[0]
            name = output.rsplit(".", 1)[0]
            if name.startswith("{"):
                name = json.loads(name).get("type", name)
            return name
        return "?"

    @staticmethod
    def measure(responses: list, by_callback: dict | None = None) -> tuple[int, list[int], list[float]]:
        """Bytes in all, and each callback response's bytes and server time (also per callback
        name into `by_callback`, when given)."""
        total, callback_bytes, server_ms = 0, [], []
        for r in responses:
            with suppress(Exception):
                # Bytes as sent (compressed), not as decoded by the browser.
                size = r.request.sizes()["responseBodySize"]
                total += size
                if "_dash-update-component" in r.url:
                    callback_bytes.append(size)
                    timing = r.headers.get("server-timing", "")
                    if "dur=" in timing:
                        server_ms.append(float(timing.split("dur=")[1].split(",")[0].split(";")[0]))
                        if by_callback is not None:
                            name = Recorder.callback_name(r.request)
                            by_callback.setdefault(name, []).append(server_ms[-1])
        return total, callback_bytes, server_ms


def cold_start(browser, command: list[str], env: dict[str, str], route: str) -> dict:
    """Process start until the first page is fully drawn, and the bytes of that first load."""
    with server(command, env) as (url, proc, started):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.add_init_script(INIT_SCRIPT)
        page = context.new_page()
        recorder = Recorder(page)
        page.goto(url + route)
        page.evaluate("() => window.__drawn(performance.now())")
        seconds = time.perf_counter() - started
        lcp = page.evaluate(
            """() => new Promise((resolve) => {
                 new PerformanceObserver((list) => {
                   const e = list.getEntries(); resolve(e.length ? e[e.length - 1].startTime : null);
                 }).observe({type: 'largest-contentful-paint', buffered: true});
                 setTimeout(() => resolve(null), 1000);
               })"""
        )
        total, _, _ = recorder.measure(recorder.take())
        context.close()
        return {"seconds": seconds, "lcp_ms": lcp, "initial_bytes": total, "rss_mb": peak_rss_mb(proc.pid)}


def interactions(browser, url: str, routes: tuple[str, ...], repeats: int) -> dict:
    """Change every visible filter of every page to a few other values; time each redraw."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    recorder = Recorder(page)
    latency, server_ms, response_bytes, per_route, by_callback = [], [], [], {}, {}
    for route in routes:
        page.goto(url + route)
        page.evaluate("() => window.__drawn(performance.now())")
        recorder.take()
        route_latency = []
        for _ in range(repeats):
            for f in page.evaluate(FILTERS_JS):
                others = [o for o in f["options"] if o != f["value"]][:MAX_OPTIONS_PER_FILTER]
                for value in [*others, f["value"]]:
                    ms = page.evaluate("([id, v]) => window.__choose(id, v)", [f["id"], value])
                    route_latency.append(ms)
                    _, sizes, timings = recorder.measure(recorder.take(), by_callback)
                    response_bytes += sizes
                    server_ms += timings
        latency += route_latency
        per_route[route] = summary(route_latency)
    context.close()
    return {
        "browser_ms": summary(latency),
        "server_ms": summary(server_ms),
        "response_bytes": summary([float(b) for b in response_bytes]),
        "per_route": per_route,
        "server_ms_by_callback": {name: summary(times) for name, times in sorted(by_callback.items())},
    }


def run_target(browser, name: str, command: list[str], env: dict[str, str], routes, repeats: int) -> dict:
    starts = [cold_start(browser, command, env, routes[0]) for _ in range(repeats)]
    with server(command, env) as (url, proc, _):
        result = interactions(browser, url, routes, max(1, repeats // 2))
        result["rss_mb_after_interactions"] = peak_rss_mb(proc.pid)
    result["cold_start_s"] = summary([s["seconds"] for s in starts])
    result["lcp_ms"] = summary([s["lcp_ms"] for s in starts if s["lcp_ms"] is not None])
    result["initial_bytes"] = statistics.median(s["initial_bytes"] for s in starts)
    # The peak of the whole run: the cold starts and the interactions (a year's first request
    # builds what the query cache then keeps).
    result["rss_mb"] = max([(s["rss_mb"] or 0) for s in starts] + [result["rss_mb_after_interactions"] or 0])
    result["target"] = name
    return result


def scale_dataset(workdir: Path) -> Path:
    out = workdir / "scale"
    if not (out / "observations.parquet").exists():
        subprocess.run(
            [sys.executable, "-m", "data.synthetic", *SCALE_ARGS, "--out", str(out)], cwd=ROOT, check=True
        )
    return out


def table(results: list[dict]) -> str:
    def f(x, unit="", digits=0):
        return "–" if x is None else f"{x:,.{digits}f}{unit}"

    lines = [
        f"{'target':<18}{'cold start':>12}{'LCP':>9}{'server p50/p95':>18}{'browser p50/p95':>19}"
        f"{'resp p95':>11}{'initial':>11}{'RSS':>9}{'×floor':>8}",
    ]
    for r in results:
        lines.append(
            f"{r['target']:<18}{f(r['cold_start_s']['p50'], ' s', 2):>12}{f(r['lcp_ms']['p50'], ' ms'):>9}"
            f"{f(r['server_ms']['p50'], '') + '/' + f(r['server_ms']['p95'], ' ms'):>18}"
            f"{f(r['browser_ms']['p50'], '') + '/' + f(r['browser_ms']['p95'], ' ms'):>19}"
            f"{f((r['response_bytes']['p95'] or 0) / 1024, ' KB', 1):>11}"
            f"{f(r['initial_bytes'] / 1024, ' KB'):>11}"
            f"{f(r['rss_mb'], ' MB'):>9}{f(r.get('ratio_to_floor'), '', 2):>8}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", default="shipped,scale")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="one quick run on the shipped dataset (CI)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--floor-points", type=int, default=2000, help="points in the bare app's figure")
    parser.add_argument("--workdir", default=None, help="where the scale dataset is kept between runs")
    parser.add_argument("--servers", default="dev,gunicorn", help="how the app is served: dev, gunicorn")
    args = parser.parse_args(argv)
    datasets = ["shipped"] if args.smoke else args.datasets.split(",")
    repeats = 1 if args.smoke else args.repeats
    routes = ROUTES[:1] if args.smoke else ROUTES

    from playwright.sync_api import sync_playwright

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="kpi-bench-"))
    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        floor_cmd = [sys.executable, "-m", "bench.bare_app", "--points", str(args.floor_points)]
        floor = run_target(browser, "floor (bare Dash)", floor_cmd, {}, ("/",), repeats)
        results.append(floor)
        servers = ["dev"] if args.smoke else args.servers.split(",")
        for name in datasets:
            env = {"KPI_DATA": str(scale_dataset(workdir))} if name == "scale" else {}
            for suffix, command in (SERVERS[s] for s in servers):
                result = run_target(browser, name + suffix, command, env, routes, repeats)
                if floor["browser_ms"]["p95"] and result["browser_ms"]["p95"] is not None:
                    result["ratio_to_floor"] = result["browser_ms"]["p95"] / floor["browser_ms"]["p95"]
                results.append(result)
        browser.close()

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "smoke": args.smoke,
        "repeats": repeats,
        "results": results,
    }
    name = "bench-smoke.json" if args.smoke else "bench.json"
    (out / name).write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(table(results))
    print(f"\nwritten: {out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
