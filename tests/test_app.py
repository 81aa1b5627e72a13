"""The app as a whole, in process: ids, callbacks, routes, settings, the command line."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from dash.development.base_component import Component

from layouts import ids
from tests.conftest import ROOT, _free_port, _status


@pytest.fixture(scope="session")
def dash_app():
    """One app per process (Dash moves global callbacks into the first app that serves)."""
    from app import create_app

    return create_app()


@pytest.fixture(scope="session")
def client(dash_app):
    return dash_app.server.test_client()


def walk_ids(component) -> list:
    found = []
    if isinstance(component, Component):
        if getattr(component, "id", None) is not None:
            found.append(component.id)
        for child in component._traverse():
            if getattr(child, "id", None) is not None:
                found.append(child.id)
    return found


def page_layouts(lang: str):
    """Every declared route drawn with its defaults, and the not-found page."""
    from callbacks import pages
    from layouts import not_found

    return [route.layout(lang=lang) for route in pages.ROUTES] + [not_found.layout(lang=lang)]


def as_key(component_id) -> str:
    return json.dumps(component_id, sort_keys=True) if isinstance(component_id, dict) else component_id


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_app001_ids_are_unique_on_every_page(dash_app, lang):
    shell_ids = [as_key(i) for i in walk_ids(dash_app.layout)]
    for page in page_layouts(lang):
        all_ids = shell_ids + [as_key(i) for i in walk_ids(page)]
        assert len(all_ids) == len(set(all_ids)), sorted(i for i in all_ids if all_ids.count(i) > 1)


def test_app002_every_callback_id_exists_in_a_layout(dash_app, client):
    response = client.get("/_dash-dependencies")
    assert response.status_code == 200
    known = {as_key(i) for i in walk_ids(dash_app.layout)}
    for page in page_layouts("nb"):
        known |= {as_key(i) for i in walk_ids(page)}

    def kind(component_id: dict) -> str | None:
        """What a dict id names: a component type, or the chart a chart-frame part belongs to."""
        return component_id.get("type") or component_id.get("graph")

    known_kinds = {kind(json.loads(k)) for k in known if k.startswith("{")}
    # Drawn by callbacks, not by page layouts: the headline cards, one chart per indicator on
    # /districts/<unit> with its chart frame's parts, a capped overview's areas (more than
    # layouts.overview.OVERVIEW_CARD_LIMIT cards) and a capped district page's chart grid (more
    # than layouts.districts.DISTRICT_CHART_LIMIT charts): neither on the shipped dataset.
    known_kinds |= {ids.KPI_CARD, ids.DISTRICT_GRAPH, ids.DISTRICT_GRAPH.replace("-", "_")}
    known_kinds |= {ids.OVERVIEW_AREA, ids.OVERVIEW_MORE, ids.OVERVIEW_SHOWN}
    known_kinds |= {ids.DISTRICT_CHART_GRID, ids.DISTRICT_CHARTS_MORE, ids.DISTRICT_CHARTS_SHOWN}
    for dep in response.get_json():
        dep_ids = [i["id"] for i in dep["inputs"] + dep["state"]]
        dep_ids += [o.split(".")[0] for o in dep["output"].strip(".").split("...") if o]
        for cid in dep_ids:
            if cid.startswith("{"):
                assert kind(json.loads(cid)) in known_kinds, cid
            elif not cid.startswith("_pages"):
                assert cid in known, cid


@pytest.mark.parametrize(
    "path", ["/", "/districts", "/housing", "/budget", "/anything", "/?lang=en&period=x"]
)
def test_app003_routes_answer_200(client, path):
    assert client.get(path).status_code == 200


def test_app004_bootstrap_is_served_locally(client):
    response = client.get("/vendor/bootstrap.min.css")
    assert response.status_code == 200
    assert b"Bootstrap" in response.data[:200]
    page = client.get("/").data.decode()
    assert "cdn" not in page.lower()
    assert '<html lang="nb">' in page


def test_app005_debug_is_off_by_default(dash_app):
    assert not dash_app.server.debug
    assert dash_app.config.get("debug") in (None, False)


def test_app006_gunicorn_entry_point_builds_the_app():
    code = "import app; print(type(app.server).__name__)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "Flask"


def test_app007_missing_dataset_is_one_clear_line(tmp_path):
    missing = tmp_path / "nowhere"
    out = subprocess.run(
        [sys.executable, "app.py", "--data", str(missing), "--port", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert str(missing) in out.stderr


@pytest.mark.parametrize(
    "path", ["/", "/_dash-layout", "/vendor/bootstrap.min.css", "/nope", "/assets/style.css"]
)
def test_app008_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "path",
    [
        "/assets/../app.py",
        "/assets/%2e%2e/app.py",
        "/assets/..%2fapp.py",
        "/_dash-component-suites/../../requirements.txt",
        "/vendor/../app.py",
        "/assets/",
    ],
)
def test_app009_no_path_traversal_or_directory_listing(client, path):
    response = client.get(path)
    body = response.get_data(as_text=True)
    assert "create_app" not in body and "dash==" not in body
    assert "Index of" not in body


def test_app010_content_security_policy_allows_only_own_scripts(client):
    client.get("/")  # Dash Pages adds its inline script on the first request
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    script_src = directives["script-src"].split()
    assert script_src[0] == "'self'"
    assert all(s.startswith("'sha256-") for s in script_src[1:]) and len(script_src) > 1
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


ENV_READ = re.compile(
    r"""(?:environ\.get\(|environ\[|getenv\(|\benv\()\s*["']([A-Z][A-Z0-9_]*)["']"""
    r"""|\b[A-Z_]*ENV[A-Z_]*\s*=\s*["']([A-Z][A-Z0-9_]*)["']"""
)


def test_app011_every_environment_variable_is_documented():
    """Each setting the app, its login or gunicorn.conf.py reads from the environment is in the
    README's settings table (as `NAME`)."""
    files = [ROOT / "app.py", ROOT / "gunicorn.conf.py"]
    for package in ("data", "layouts", "callbacks", "serving"):
        files += sorted((ROOT / package).glob("*.py"))
    names = set()
    for path in files:
        for direct, constant in ENV_READ.findall(path.read_text(encoding="utf-8")):
            names.add(direct or constant)
    assert {"KPI_DATA", "KPI_SERVER_TIMING", "AUTH", "SECRET_KEY", "WEB_CONCURRENCY"} <= names
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    settings = readme[readme.index("| Setting |") :]
    settings = settings[: settings.index("\n\n")]
    missing = sorted(name for name in names if f"`{name}`" not in settings)
    assert not missing, f"not in README.md's settings table: {missing}"


def test_app012_set_up_dash_does_dash_first_request_setup_once():
    """`app.set_up_dash` leaves Dash set up (its callback map built, the pages' router added),
    so that a worker forked after it does not do that on a reader's first page."""
    code = (
        "import app; a = app.app; print(sorted(a._got_first_request.items())); "
        "app.set_up_dash(a); print(sorted(a._got_first_request.items())); "
        "c = a.server.test_client(); "
        "print(c.get('/').status_code, len(c.get('/_dash-dependencies').get_json()))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("AUTH", "KPI_DATA", "DATABASE_URL")}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    before, after, served = out.stdout.strip().splitlines()
    assert before == "[('pages', False), ('setup_server', False)]"
    assert after == "[('pages', True), ('setup_server', True)]"
    status, callbacks = served.split()
    assert status == "200" and int(callbacks) > 10


def test_app013_gunicorn_sets_dash_up_in_the_master_before_forking(tmp_path):
    """gunicorn.conf.py's `when_ready` runs `app.set_up_dash` once, in the preloaded master,
    before the workers boot; the workers then serve the pages."""
    port = _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("AUTH", "KPI_SERVER_TIMING", "KPI_DATA", "DATABASE_URL")
    }
    env.update(KPI_BIND=f"127.0.0.1:{port}")
    log = tmp_path / "gunicorn.log"
    with log.open("w") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "2", "-c", "gunicorn.conf.py", "app:server"],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 90
            while _status(url + "/") != 200:
                assert proc.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
            assert all(
                _status(url + path) == 200 for path in ("/districts", "/budget", "/housing") for _ in range(2)
            )
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
    lines = log.read_text().splitlines()
    set_up = [i for i, line in enumerate(lines) if "Dash set up before forking the workers in" in line]
    booted = [i for i, line in enumerate(lines) if "Booting worker" in line]
    assert len(set_up) == 1, lines
    assert len(booted) == 2 and set_up[0] < min(booted), lines


def test_app014_page_served_without_the_babel_polyfill(client):
    """Dash's @babel/polyfill is left out of the page (app.Dashboard); React, the renderer and the
    component suites are all still there, in Dash's order."""
    page = client.get("/").data.decode()
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts, page
    assert not [s for s in scripts if "polyfill" in s]
    names = [s.split("/")[-1].split(".")[0].split("@")[0] for s in scripts]
    for name in ("react", "react-dom", "dash_bootstrap_components", "dash_renderer", "dash_core_components"):
        assert name in names, names
    # dash-bootstrap-components defines the regeneratorRuntime Dash's scripts use: it loads first.
    assert names.index("dash_bootstrap_components") < names.index("dash_renderer")
    assert names.index("dash_renderer") < names.index("dash_core_components")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_app015_spinners_only_for_answers_that_take_time(dash_app, lang):
    """Every loading spinner of every page waits 300 ms before it shows: an answer that comes at
    once (most do) neither flashes a spinner nor hides what it replaces for a frame."""
    from dash import dcc

    spinners = [
        c for page in page_layouts(lang) for c in [page, *page._traverse()] if isinstance(c, dcc.Loading)
    ]
    assert len(spinners) >= 4
    assert [getattr(s, "delay_show", None) for s in spinners] == [300] * len(spinners)
