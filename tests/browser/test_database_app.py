"""The app served from PostgreSQL (`DATABASE_URL`), in Chromium: the published figures, the
version and load time in the footer, `/healthz`, an empty database, and no whole-table reads."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from tests.browser.helpers import settle, visible_text, wait_text
from tests.conftest import ROOT
from tests.services import create_database

DRAMMEN = ROOT / "data" / "drammen"


def get_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, json.loads(exc.read() or b"{}")


@pytest.fixture(scope="module")
def db_url(postgres_url) -> str:
    url = create_database(postgres_url, "app")
    done = subprocess.run(
        [sys.executable, "-m", "data.load", str(DRAMMEN), "--into", url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return url


@pytest.fixture(scope="module")
def db_app(app_process, db_url):
    return app_process(env={"DATABASE_URL": db_url})


def open_page(page, url: str) -> str:
    page.goto(url)
    page.wait_for_selector(".kpi-card")
    page.wait_for_selector(".data-version")
    settle(page)
    return visible_text(page)


def test_healthz_names_the_database_and_its_version(db_app):
    status, body = get_json(db_app.url + "/healthz")
    assert status == 200
    assert body["store"] == "postgresql" and body["status"] == "ok"
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", body["version"])
    assert body["observations"] > 1000 and body["loaded_at"]


@pytest.mark.parametrize(
    ("path", "figures"),
    [
        ("/districts", ["2 632", "101", "641"]),
        ("/indicators/discharge_ready_patients", ["2 632"]),
        ("/budget?period=2016", ["2,1 mill. kr", "10,9 mill. kr"]),
    ],
)
def test_pages_show_the_published_figures_from_postgresql(page, console_errors, db_app, path, figures):
    text = open_page(page, db_app.url + path)
    for figure in figures:
        assert figure in text, f"{figure!r} missing on {path}"
    assert console_errors == []


def test_footer_shows_version_and_load_time(page, console_errors, db_app):
    _, body = get_json(db_app.url + "/healthz")
    open_page(page, db_app.url + "/")
    footer = visible_text(page, ".data-version")
    assert body["version"] in footer
    assert re.search(r"Lastet \d{4}-\d\d-\d\d \d\d:\d\d", footer), footer
    assert "Årsrapport 2016" in visible_text(page)  # the sources, from SELECT DISTINCT
    page.goto(db_app.url + "/?lang=en")
    wait_text(page, ".data-version", "Loaded ", body["version"])
    assert console_errors == []


def test_requests_never_read_a_whole_large_table(page, postgres_server, db_app):
    """Every query the app sends for rows of observations or budget has a WHERE (server log).
    (The pages as first opened are answered from what start-up kept; the districts page with
    another indicator reads rows when asked.)"""
    page.goto(db_app.url + "/")  # the first visit: the small tables and period lists get cached
    page.wait_for_selector(".kpi-card")
    settle(page)
    start = postgres_server.log.stat().st_size
    for path in (
        "/",
        "/districts",
        "/indicators/discharge_ready_patients",
        "/districts?period=2015&indicator=sick_leave_pct",
        "/budget?period=2016",
        "/housing",
    ):
        page.goto(db_app.url + path)
        page.wait_for_selector(".kpi-card")
        settle(page)
    with open(postgres_server.log, encoding="utf-8", errors="replace") as log:
        log.seek(start)
        statements = re.findall(r"(?:statement|execute [^:]*): (SELECT .*?)(?=\n\S|\Z)", log.read(), re.S)
    rows = [s for s in statements if re.search(r"\bFROM (observations|budget)\b", s) and "row_no" in s]
    assert rows, "the pages read no observations: the log is not what this test expects"
    whole = [s for s in rows if not re.search(r"\sWHERE\s", s)]
    assert whole == []


def test_empty_database_starts_and_answers_503(app_process, postgres_url):
    empty = create_database(postgres_url, "empty")
    app = app_process(env={"DATABASE_URL": empty})
    status, body = get_json(app.url + "/healthz")
    assert status == 503 and body["status"] == "unavailable"


def test_bad_database_url_stops_the_app_with_one_line():
    done = subprocess.run(
        [sys.executable, "app.py", "--port", "1"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": "mysql://u:secret@h/db"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "DATABASE_URL" in done.stderr
    assert "secret" not in done.stderr and "Traceback" not in done.stderr
