"""Entry point: `create_app()` builds the Dash app; `python app.py` serves it; `gunicorn app:server`.

    python app.py [--data PATH] [--host H] [--port N] [--debug]

The dataset is, in order: --data, the environment variable KPI_DATA, the shipped data/drammen.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

import dash
import xstatic.pkg.bootstrap as xstatic_bootstrap
from dash import Dash
from flask import g, request, send_from_directory

import callbacks  # noqa: F401  (registers every callback and declares every route)
from callbacks import page_exports, pages
from callbacks.precompute import precompute
from data import store
from data.cache import init_cache
from data.database import ENV_VAR as DATABASE_ENV
from data.database import DatabaseStore, DatabaseUrlError
from data.load import DatasetError
from layouts import not_found, shell
from layouts.i18n import t
from serving.auth import install_auth
from serving.errors import AuthConfigError
from serving.health import install_health

BOOTSTRAP_DIR = Path(xstatic_bootstrap.BASE_DIR) / "css"
BOOTSTRAP_URL = "/vendor/bootstrap.min.css"


SERVER_TIMING_ENV = "KPI_SERVER_TIMING"

# Dash loads @babel/polyfill (core-js 2) before anything else, for browsers older than any that
# runs Dash 4's React 18. In every current browser it makes things slower: core-js 2 still counts
# U+180E as white space, which Unicode no longer does, so it takes the browser's own String#trim,
# parseInt and parseFloat for broken and puts slow copies in their place (plotly calls them for
# every class and attribute it sets), and it adds a setImmediate that React's scheduler then
# prefers. The only thing Dash's scripts need from it, regeneratorRuntime, dash-bootstrap-
# components' bundle defines itself, and it loads before Dash's renderer and component suites.
POLYFILL_SCRIPT = re.compile(r'<script src="[^"]*/deps/polyfill@[^"]*"></script>\s*')


class Dashboard(Dash):
    """The app's Dash: its page is served without @babel/polyfill (`POLYFILL_SCRIPT`).

    `interpolate_index` is Dash's documented hook for the page it serves. Measured on the national
    dataset: a redraw of the districts' small multiples ~120 → ~100 ms, the districts page's
    filter changes p95 ~285 → ~250 ms (docs/performance.md)."""

    def interpolate_index(self, **kwargs) -> str:
        kwargs["scripts"] = POLYFILL_SCRIPT.sub("", kwargs.get("scripts", ""), count=1)
        return super().interpolate_index(**kwargs)


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def content_security_policy(app: Dash) -> str:
    """No script runs but the app's own files and the inline scripts Dash itself writes (by hash).

    Styles allow 'unsafe-inline' because React and plotly.js set style attributes; images allow
    data: and blob: for plotly's image export. Nothing may frame the app.
    """
    scripts = " ".join(["'self'", *app.csp_hashes()])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def add_security_headers(app: Dash) -> None:
    """Headers every response carries, whatever route produced it.

    The policy is computed per response: Dash Pages adds its inline script on the first request.
    """

    @app.server.after_request
    def _headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Content-Security-Policy", content_security_policy(app))
        return response


def add_server_timing(server) -> None:
    """A `Server-Timing: app;dur=<ms>` header on every response (for `make bench`)."""

    @server.before_request
    def _start():
        g.kpi_started = time.perf_counter()

    @server.after_request
    def _stop(response):
        if "kpi_started" in g:
            response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - g.kpi_started) * 1000:.2f}"
        return response


ROUTER_PATH = ("_pages_location", "pathname")  # Dash Pages' router input: the path


def check_callback_requests(app: Dash) -> None:
    """400 for a callback request the Dash renderer never sends, instead of a 500 from inside Dash:
    the body must name a server callback of the app, with lists of inputs, and Dash Pages' router needs
    a path ('/...'). The values themselves are checked by the callbacks (layouts.state)."""
    url = app.config.routes_pathname_prefix + "_dash-update-component"

    @app.server.before_request
    def _check_callback_request():
        if request.method != "POST" or request.path != url:
            return None
        body = request.get_json(silent=True)
        ok = (
            isinstance(body, dict)
            and isinstance(body.get("output"), str)
            and "callback" in app.callback_map.get(body["output"], {})  # a server callback
            and isinstance(body.get("outputs"), dict | list)
            and all(isinstance(body.get(k, []), list) for k in ("inputs", "state", "changedPropIds"))
        )
        for item in body["inputs"] if ok else ():
            if isinstance(item, dict) and (item.get("id"), item.get("property")) == ROUTER_PATH:
                ok = isinstance(item.get("value"), str) and item["value"].startswith("/")
        return None if ok else ("Bad request", 400)


def create_app(data_path: str | os.PathLike | None = None) -> Dash:
    """Load the dataset (validated; bad rows are left out and reported) and build the app.

    With DATABASE_URL set the app reads from PostgreSQL instead (data/database.py)."""
    database_url = os.environ.get(DATABASE_ENV)
    if database_url:
        store.use(DatabaseStore(database_url))
    else:
        store.open_dataset(data_path)
    app = Dashboard(
        __name__,
        use_pages=True,
        pages_folder="",
        external_stylesheets=[BOOTSTRAP_URL],
        title=t("app_title"),
        update_title=None,
        serve_locally=True,
        compress=True,
        background_callback_manager=page_exports.MANAGER,  # «Last ned siden» runs as a background job
    )
    add_security_headers(app)
    install_health(app.server)  # /healthz: 200 with the dataset version, 503 without data
    init_cache(app.server)  # query cache: Redis with REDIS_URL (shared by workers), else local
    install_auth(app.server)  # AUTH=basic|oidc: login in front of every route (unset: open)
    check_callback_requests(app)
    if os.environ.get(SERVER_TIMING_ENV):
        add_server_timing(app.server)
    app.server.add_url_rule(
        BOOTSTRAP_URL,
        "vendor_bootstrap",
        lambda: send_from_directory(BOOTSTRAP_DIR, "bootstrap.min.css", max_age=86400),
    )
    for route in pages.ROUTES:
        template = route.path if "<" in route.path else None
        dash.register_page(
            route.name,
            path=None if template else route.path,
            path_template=template,
            order=route.order,
            layout=route.layout,
        )
    dash.register_page("not_found_404", path="/404", layout=not_found.layout)
    app.index_string = app.index_string.replace("<html>", '<html lang="nb">', 1)
    app.layout = shell.layout()
    # Every year's overview cards, headline figures and budget root view, before the first request
    # (under gunicorn in the preloaded master, so every worker has them).
    precompute()
    return app


def set_up_dash(app: Dash) -> float:
    """Dash's own first-request setup, done now by one request through Flask's test client: Dash
    builds its callback map and draws every page once to validate the layouts on the first request
    it serves (~0.4 s on the national dataset). gunicorn.conf.py calls this in the preloaded master
    before it forks, so that each worker starts set up instead of a reader's first page waiting
    for it. Not for `python app.py --debug`: Flask takes no new error handler once an app has
    served. Returns the seconds it took."""
    started = time.perf_counter()
    with app.server.test_client() as client:
        client.get(app.config.routes_pathname_prefix + "_dash-layout")
    return time.perf_counter() - started


def __getattr__(name: str):
    """`app.server` for gunicorn, built on first use so that importing this module is cheap."""
    if name in ("app", "server"):
        built = create_app()
        globals().update(app=built, server=built.server)
        return globals()[name]
    raise AttributeError(name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the HSO KPI dashboard.")
    parser.add_argument(
        "--data", help=f"dataset folder or .xlsx workbook (default: ${store.ENV_VAR} or data/drammen)"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument("--debug", action="store_true", help="Dash debug mode (never in production)")
    args = parser.parse_args(argv)
    try:
        app = create_app(args.data)
    except (DatasetError, AuthConfigError) as exc:
        print(f"app.py: {exc.text('nb')}", file=sys.stderr)
        raise SystemExit(2) from None
    except DatabaseUrlError as exc:
        print(f"app.py: {DATABASE_ENV}: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    app.run(host=args.host, port=args.port, debug=args.debug)


if __name__ == "__main__":
    main()
