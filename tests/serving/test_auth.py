"""AUTH=basic in front of the real app (`python app.py` with a users file the CLI wrote): every kind
of route answers 401 without the right name and password and 200 with them; settings that cannot
work stop the app with one line; every setting is documented."""

from __future__ import annotations

import base64
import os
import re
import statistics
import subprocess
import sys
import time

import pytest
import requests
from flask import Flask
from playwright.sync_api import Error as PlaywrightError
from werkzeug.security import check_password_hash

from serving.auth import REALM, install_auth
from serving.errors import AuthConfigError
from serving.users import read_users
from tests.browser.helpers import CallbackWatch, settle, visible_text
from tests.conftest import ROOT

USER, PASSWORD = "anna", "riktig hest batteri"
SECOND_USER, SECOND_PASSWORD = "bjørn", "ein annan"
PROTECTED = [
    "/",
    "/indicators/discharge_ready_patients?period=2016",
    "/budget",
    "/districts/D1",
    "/_dash-layout",
    "/_dash-dependencies",
    "/_favicon.ico",
    "/assets/style.css",
    "/vendor/bootstrap.min.css",
    "/ingen-slik-side",
]
MISSING_FILE = "/assets/finnes-ikke.css"


def add_user(path, name: str, password: str) -> subprocess.CompletedProcess:
    """The users CLI exactly as an administrator scripts it."""
    return subprocess.run(
        [sys.executable, "-m", "serving.users", "add", name, "--file", str(path), "--password-stdin"],
        input=password + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


@pytest.fixture(scope="module")
def users_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("auth") / "users.txt"
    for name, password in ((USER, "første passord"), (SECOND_USER, SECOND_PASSWORD), (USER, PASSWORD)):
        out = add_user(path, name, password)
        assert out.returncode == 0, out.stderr
    return path


@pytest.fixture(scope="module")
def basic_url(app_process, users_file) -> str:
    return app_process(env={"AUTH": "basic", "AUTH_USERS_FILE": str(users_file)}, ready_status=401).url


@pytest.fixture(scope="module")
def component_suite(basic_url) -> str:
    """A script the index page really loads from /_dash-component-suites/."""
    index = requests.get(basic_url + "/", auth=(USER, PASSWORD), timeout=30)
    return re.search(r'src="(/_dash-component-suites/[^"]+)"', index.text).group(1)


def get(url: str, auth=None, **kwargs) -> requests.Response:
    return requests.get(url, auth=auth, allow_redirects=False, timeout=30, **kwargs)


def assert_refused(response: requests.Response) -> None:
    assert response.status_code == 401, response.url
    assert response.headers["WWW-Authenticate"] == f'Basic realm="{REALM}", charset="UTF-8"'
    # The app's security headers are on the refusal too.
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "2 632" not in response.text and "2632" not in response.text


def test_auth001_users_cli_writes_hashes_and_replaces_a_password(users_file):
    text = users_file.read_text(encoding="utf-8")
    assert PASSWORD not in text and SECOND_PASSWORD not in text
    users = read_users(users_file)
    assert sorted(users) == [USER, SECOND_USER]  # adding anna again replaced her line
    assert check_password_hash(users[USER], PASSWORD)
    assert not check_password_hash(users[USER], "første passord")
    assert users[USER].startswith("scrypt:")
    assert users_file.stat().st_mode & 0o077 == 0  # nobody else may read the hashes


@pytest.mark.parametrize("path", PROTECTED)
def test_auth002_every_route_refused_without_credentials(basic_url, path):
    assert_refused(get(basic_url + path))


def test_auth003_component_suites_callbacks_and_404s_refused(basic_url, component_suite):
    assert_refused(get(basic_url + component_suite))
    assert_refused(get(basic_url + MISSING_FILE))
    callback = requests.post(basic_url + "/_dash-update-component", json={}, timeout=30)
    assert_refused(callback)


@pytest.mark.parametrize(
    "auth",
    [(USER, "feil passord"), ("ukjent", PASSWORD), (USER, ""), (USER.upper(), PASSWORD)],
    ids=["wrong-password", "unknown-user", "empty-password", "name-is-case-sensitive"],
)
def test_auth004_wrong_credentials_refused(basic_url, component_suite, auth):
    for path in ("/", "/_dash-layout", component_suite):
        assert_refused(get(basic_url + path, auth=auth))


def test_auth005_right_credentials_open_every_route(basic_url, component_suite):
    for path in [*PROTECTED, component_suite]:
        response = get(basic_url + path, auth=(USER, PASSWORD))
        assert response.status_code == 200, path
        assert "public" not in response.headers.get("Cache-Control", ""), path
    assert get(basic_url + MISSING_FILE, auth=(USER, PASSWORD)).status_code == 404
    # A second user from the same file, with a non-ASCII name (sent as UTF-8).
    second = requests.get(
        basic_url + "/_dash-layout",
        headers={"Authorization": "Basic " + _b64(f"{SECOND_USER}:{SECOND_PASSWORD}")},
        timeout=30,
    )
    assert second.status_code == 200


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _median_seconds(url: str, auth, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        get(url, auth=auth)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def test_auth006_unknown_user_costs_as_much_as_a_wrong_password(basic_url):
    url = basic_url + "/_dash-layout"
    wrong_password = _median_seconds(url, (USER, "feil passord"))
    unknown_user = _median_seconds(url, ("ukjent", "feil passord"))
    # Both run one full scrypt check (~0.1 s); without the dummy hash an unknown user took ~1 ms.
    assert unknown_user > 0.5 * wrong_password, (unknown_user, wrong_password)
    # A verified name and password is remembered: a page's many requests don't each pay the hash.
    get(url, auth=(USER, PASSWORD))
    right = _median_seconds(url, (USER, PASSWORD))
    assert right < 0.5 * wrong_password, (right, wrong_password)


def test_auth007_future_routes_protected_and_only_healthz_let_through(monkeypatch, users_file):
    """install_auth protects by default: a route added after it (say an export) is refused too;
    the allow-list lets a registered /healthz through and nothing else."""
    monkeypatch.setenv("AUTH", "basic")
    monkeypatch.setenv("AUTH_USERS_FILE", str(users_file))
    server = Flask("auth_test")
    install_auth(server)
    server.add_url_rule("/healthz", "healthz", lambda: "ok")
    server.add_url_rule("/export/<name>.csv", "export", lambda name: "indicator,value\n")
    server.add_url_rule("/<path:path>", "catch_all", lambda path: "page")
    client = server.test_client()
    assert client.get("/healthz").status_code == 200
    for path in ("/export/overview.csv", "/healthz/", "/healthzx", "/login", "/auth/callback"):
        assert client.get(path).status_code == 401, path
    good = {"Authorization": "Basic " + _b64(f"{USER}:{PASSWORD}")}
    assert client.get("/export/overview.csv", headers=good).status_code == 200


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"AUTH": "ldap"}, "AUTH=ldap er ukjent"),
        ({"AUTH": "basic", "AUTH_USERS_FILE": "/ingen/slik/users.txt"}, "Finner ikke brukerfilen"),
        ({"AUTH": "oidc", "OIDC_ISSUER": "http://127.0.0.1:9", "OIDC_CLIENT_ID": "x"}, "krever SECRET_KEY"),
    ],
    ids=["unknown-auth", "missing-users-file", "oidc-without-secret-key"],
)
def test_auth008_impossible_settings_stop_with_one_line(env, expected):
    out = subprocess.run(
        [sys.executable, "app.py", "--port", "1"],
        cwd=ROOT,
        env={**_clean_env(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert out.stderr.strip().count("\n") == 0, out.stderr
    assert out.stderr.startswith("app.py: ") and expected in out.stderr


def _clean_env() -> dict[str, str]:
    names = ("AUTH", "AUTH_USERS_FILE", "OIDC_ISSUER", "OIDC_CLIENT_ID", "SECRET_KEY")
    return {k: v for k, v in os.environ.items() if k not in names}


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["# kommentar", "anna:scrypt:32768:8:1$abc$0f", "bare-et-navn"], "users.txt:3: ventet NAVN:HASH"),
        (["anna:hemmelig"], "users.txt:1: passordet til «anna» er ikke en scrypt- eller pbkdf2-hash"),
        (["anna:scrypt:32768:8:1$abc$0f", "", "anna:scrypt:1:1:1$def$0f"], "users.txt:3: brukeren «anna»"),
        (["an na:scrypt:32768:8:1$abc$0f"], "users.txt:1: ugyldig brukernavn «an na»"),
        (["# bare kommentarer"], "har ingen brukere"),
    ],
    ids=["no-colon", "plain-password", "duplicate", "space-in-name", "empty"],
)
def test_auth009_bad_users_file_names_file_and_line(tmp_path, lines, message):
    path = tmp_path / "users.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(AuthConfigError) as caught:
        read_users(path)
    assert message in caught.value.text("nb")
    # The CLI refuses to rewrite a broken file (except the empty one, which it may fill).
    out = add_user(path, "carl", "passord")
    if "ingen brukere" not in message:
        assert out.returncode == 1 and message in out.stderr and "Traceback" not in out.stderr
        assert path.read_bytes() == before


def test_settings_documented():
    """Every environment variable serving/auth.py reads appears in README.md (as `NAME`)."""
    source = (ROOT / "serving" / "auth.py").read_text(encoding="utf-8")
    names = set(re.findall(r'\benv\("([A-Z][A-Z0-9_]*)"\)', source))
    # Every read goes through env() with a literal name: no other way to read the environment.
    assert source.count("os.environ") == 1 and "getenv" not in source
    assert not re.findall(r'(?<!def )\benv\((?!")', source)
    assert {"AUTH", "AUTH_USERS_FILE", "OIDC_ISSUER", "OIDC_CLIENT_ID", "SECRET_KEY"} <= names
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = sorted(name for name in names if f"`{name}`" not in readme)
    assert not missing, f"not in README.md: {missing}"


@pytest.mark.browser
def test_auth010_browser_with_credentials_sees_the_figures(browser, basic_url):
    context = browser.new_context(http_credentials={"username": USER, "password": PASSWORD})
    try:
        page = context.new_page()
        page.dash_callbacks = CallbackWatch(page)
        statuses: list[tuple[int, str]] = []
        page.on("response", lambda r: statuses.append((r.status, r.url)))
        page.goto(basic_url + "/")
        page.wait_for_selector(".kpi-card-rich")
        settle(page)
        text = visible_text(page)
        assert "Nøkkeltall 2016" in text and "2 632" in text and "10,9 mill. kr" in text
        assert any("/_dash-update-component" in url for _, url in statuses)
        refused = [(status, url) for status, url in statuses if status >= 400]
        assert not refused, refused
    finally:
        context.close()


WRONG = {"username": USER, "password": "feil passord"}


@pytest.mark.browser
@pytest.mark.parametrize("credentials", [None, WRONG], ids=["none", "wrong"])
def test_auth011_browser_without_the_right_credentials_gets_no_data(browser, basic_url, credentials):
    context = browser.new_context(http_credentials=credentials) if credentials else browser.new_context()
    try:
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        if credentials is None:
            # Chromium gives up on the 401 challenge when Playwright has nothing to answer it with.
            with pytest.raises(PlaywrightError, match="ERR_INVALID_AUTH_CREDENTIALS"):
                page.goto(basic_url + "/")
        else:
            response = page.goto(basic_url + "/")
            assert response.status == 401
            assert "Innlogging kreves" in visible_text(page)
        assert "2 632" not in visible_text(page)
        assert page.locator(".kpi-card-rich").count() == 0
        assert not [url for url in requested if "/_dash-" in url]  # the Dash app was never loaded
    finally:
        context.close()
