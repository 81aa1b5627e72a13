"""How long Dash takes to draw N KPI cards that one callback response inserts, against the same
cards in the initial layout (docs/performance.md: why a page never sends thousands of
components at once).

    python -m bench.insert_cost [--cards 12,30,60,100] [--timeout 600]

The third column is the same response with the app's assets/renderer.js (docs/architecture.md).

A bare Dash app (this file, run with `--serve`) holds N of our cards (layouts/cards.py
`kpi_card`, ~21 components each) either in a callback's output or in its layout; headless
Chromium opens it and the time until the N-th card is in the page is printed. Loopback only.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import urllib.request

from bench.run import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port

ASSETS = ROOT / "assets"

SPARKLINE = "data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A//www.w3.org/2000/svg%22/%3E"


def serve(port: int, cards: int, where: str) -> None:
    import dash_bootstrap_components as dbc
    from dash import Dash, Input, Output, dcc, html

    from layouts import cards as kpi

    def card(i: int):
        facts = kpi.KpiCard(
            indicator_id=f"ind{i}",
            name=f"Indikator {i}",
            value_text="2 632",
            context="P05, 2016",
            status="illustrative",
            against="met",
            target_text="Mål 2016: 2 500",
            target_status="illustrative",
            change_text="+13,7 % fra 2015",
            change_direction="up",
            change_status="final",
            trend_text="Utvikling 2013–2016",
            trend_illustrative=True,
            source="KOSTRA",
        )
        return dbc.Col(kpi.kpi_card(facts, "nb", href=f"/indicators/ind{i}", sparkline=SPARKLINE), md=3)

    # "callback+fix": the app's assets/renderer.js loaded (and no other asset).
    fix = where.endswith("+fix")
    where = where.removesuffix("+fix")
    only_renderer = {"assets_folder": str(ASSETS), "assets_ignore": r"^(?!renderer\.js$)"}
    app = Dash(__name__, **(only_renderer if fix else {}))
    grid = [dbc.Row([card(i) for i in range(cards)])] if where == "layout" else []
    app.layout = html.Div([dcc.Location(id="url"), html.Button("go", id="go"), html.Div(grid, id="out")])
    if where == "callback":

        @app.callback(Output("out", "children"), Input("go", "n_clicks"))
        def fill(_clicks):
            return [dbc.Row([card(i) for i in range(cards)])]

    app.run(host="127.0.0.1", port=port)


def measure(browser, cards: int, where: str, timeout_s: float) -> float:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.insert_cost", "--serve", str(port), str(cards), where],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        page = browser.new_page()
        t0 = time.monotonic()
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_function(
            f"() => document.querySelectorAll('.kpi-card').length >= {cards}", timeout=timeout_s * 1000
        )
        seconds = time.monotonic() - t0
        page.close()
        return seconds
    finally:
        proc.kill()
        proc.wait()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--serve"]:
        serve(int(argv[1]), int(argv[2]), argv[3])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", default="12,30,60,100")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"{'cards':>6} {'in a response':>14} {'+ renderer.js':>14} {'in the layout':>14}")
        for n in (int(c) for c in args.cards.split(",")):
            response = measure(browser, n, "callback", args.timeout)
            fixed = measure(browser, n, "callback+fix", args.timeout)
            layout = measure(browser, n, "layout", args.timeout)
            print(f"{n:>6} {response:>12.2f} s {fixed:>12.2f} s {layout:>12.2f} s", flush=True)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
