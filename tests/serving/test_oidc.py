"""AUTH=oidc in front of the real app, against a real OpenID provider on 127.0.0.1
(tests/serving/provider.py): pages redirect to the provider, everything else is 401 without a
session, the authorization-code flow with PKCE logs in (over HTTP and in Chromium), logout ends
the session. Nothing but 127.0.0.1 is contacted."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from serving.auth import SESSION_COOKIE, safe_next
from tests.browser.helpers import CallbackWatch, settle, visible_text
from tests.serving.provider import USER_SUB, Provider

# The provider package still uses Authlib APIs Authlib has deprecated (its code, not ours).
pytestmark = pytest.mark.filterwarnings(
    "ignore:get_jwt_config:DeprecationWarning", "ignore::authlib.deprecate.AuthlibDeprecationWarning"
)

CLIENT_ID = "hso-nokkeltall"
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def provider():
    with Provider() as running:
        yield running


@pytest.fixture(scope="module")
def oidc_url(app_process, provider) -> str:
    env = {
        "AUTH": "oidc",
        "OIDC_ISSUER": provider.url,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": secrets.token_urlsafe(16),
        "SECRET_KEY": secrets.token_hex(32),
        "NO_PROXY": "127.0.0.1",
    }
    return app_process(env=env, ready_status=401).url


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def log_in(session: requests.Session, oidc_url: str, provider: Provider, start: str) -> requests.Response:
    """Walk the code flow as a browser does, redirect by redirect; returns the app's final redirect."""
    page = session.get(oidc_url + start, headers=HTML, allow_redirects=False, timeout=30)
    assert page.status_code == 302
    login = session.get(oidc_url + page.headers["Location"], allow_redirects=False, timeout=30)
    assert login.status_code == 302
    authorize = login.headers["Location"]
    consent = session.post(authorize, data={"sub": USER_SUB}, allow_redirects=False, timeout=30)
    assert consent.status_code == 302
    callback = consent.headers["Location"]
    assert callback.startswith(oidc_url + "/auth/callback?")
    return session.get(callback, allow_redirects=False, timeout=30)


def test_oidc001_page_redirects_to_the_provider_with_pkce(oidc_url, provider):
    session = requests.Session()
    page = session.get(oidc_url + "/budget?period=2016", headers=HTML, allow_redirects=False, timeout=30)
    assert page.status_code == 302
    assert urlsplit(page.headers["Location"]).path == "/login"
    assert query(page.headers["Location"])["next"] == "/budget?period=2016"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    login = session.get(oidc_url + page.headers["Location"], allow_redirects=False, timeout=30)
    assert login.status_code == 302
    authorize = login.headers["Location"]
    assert authorize.startswith(provider.url + "/oauth2/authorize?")
    params = query(authorize)
    assert params["response_type"] == "code"
    assert params["client_id"] == CLIENT_ID
    assert params["redirect_uri"] == oidc_url + "/auth/callback"
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) == 43
    assert "openid" in params["scope"].split() and params["state"] and params["nonce"]
    cookie = login.headers["Set-Cookie"]
    assert cookie.startswith(SESSION_COOKIE + "=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie  # plain http here
    # Behind a TLS proxy the cookie is Secure.
    tls = requests.get(
        oidc_url + "/login", headers={"X-Forwarded-Proto": "https"}, allow_redirects=False, timeout=30
    )
    assert "Secure" in tls.headers["Set-Cookie"]


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("POST", "/_dash-update-component", {"Accept": "application/json"}),
        ("GET", "/_dash-layout", HTML),
        ("GET", "/_dash-dependencies", {}),
        ("GET", "/_dash-component-suites/dash/dcc/dash_core_components.js", HTML),
        ("GET", "/assets/style.css", {}),
        ("GET", "/vendor/bootstrap.min.css", {}),
        ("GET", "/", {"Accept": "application/json"}),
        ("GET", "/assets/finnes-ikke.css", {}),
    ],
)
def test_oidc002_everything_but_a_page_gets_401_without_a_session(oidc_url, method, path, headers):
    response = requests.request(method, oidc_url + path, headers=headers, allow_redirects=False, timeout=30)
    assert response.status_code == 401
    assert "Location" not in response.headers
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "Innlogging kreves" in response.text and "2 632" not in response.text


def test_oidc003_code_flow_logs_in_and_logout_ends_the_session(oidc_url, provider):
    session = requests.Session()
    done = log_in(session, oidc_url, provider, "/budget?period=2016")
    assert done.status_code == 302 and done.headers["Location"] == "/budget?period=2016"
    # PKCE: the verifier the app sent to the token endpoint matches the challenge it sent first.
    sent = provider.token_requests[-1]
    assert sent["grant_type"] == "authorization_code"
    assert len(sent["code_verifier"]) >= 43
    assert sent["redirect_uri"] == oidc_url + "/auth/callback"
    layout = session.get(oidc_url + "/_dash-layout", timeout=30)
    assert layout.status_code == 200 and layout.headers["Content-Type"].startswith("application/json")
    assert session.get(oidc_url + "/budget?period=2016", headers=HTML, timeout=30).status_code == 200
    # Logout deletes the browser's cookie (a copy kept elsewhere stays valid until it expires:
    # the session is a signed cookie with no server-side state).
    out = session.get(oidc_url + "/logout", allow_redirects=False, timeout=30)
    assert out.status_code == 200 and "Du er logget ut" in out.text
    assert SESSION_COOKIE not in session.cookies
    assert session.get(oidc_url + "/_dash-layout", timeout=30).status_code == 401
    again = session.get(oidc_url + "/", headers=HTML, allow_redirects=False, timeout=30)
    assert again.status_code == 302 and again.headers["Location"].startswith("/login")


def test_oidc004_forged_or_replayed_callback_is_refused(oidc_url, provider):
    session = requests.Session()
    forged = session.get(oidc_url + "/auth/callback?code=abc&state=xyz", allow_redirects=False, timeout=30)
    assert forged.status_code == 401 and "Innloggingen mislyktes" in forged.text
    assert session.get(oidc_url + "/_dash-layout", timeout=30).status_code == 401
    # A real code used twice: the second use fails (state consumed), no session is made.
    first = requests.Session()
    page = first.get(oidc_url + "/", headers=HTML, allow_redirects=False, timeout=30)
    login = first.get(oidc_url + page.headers["Location"], allow_redirects=False, timeout=30)
    consent = first.post(login.headers["Location"], data={"sub": USER_SUB}, allow_redirects=False, timeout=30)
    callback = consent.headers["Location"]
    assert first.get(callback, allow_redirects=False, timeout=30).status_code == 302
    replay = first.get(callback, allow_redirects=False, timeout=30)
    assert replay.status_code == 401


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/budget?period=2016", "/budget?period=2016"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("budget", "/"),
        (None, "/"),
    ],
)
def test_oidc005_only_local_paths_follow_a_login(target, expected):
    assert safe_next(target) == expected


@pytest.mark.browser
def test_oidc006_browser_logs_in_at_the_provider_and_sees_the_figures(browser, oidc_url, provider):
    context = browser.new_context()
    try:
        # Only 127.0.0.1 (the provider's pages link a stylesheet from a CDN: refused).
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1" else route.abort()
            ),
        )
        page = context.new_page()
        page.dash_callbacks = CallbackWatch(page)
        authorize_urls: list[str] = []
        page.on("request", lambda r: authorize_urls.append(r.url) if "/oauth2/authorize?" in r.url else None)
        page.goto(oidc_url + "/")
        assert page.url.startswith(provider.url + "/oauth2/authorize?")
        page.fill("input[name=sub]", USER_SUB)
        page.get_by_role("button", name="Authorize", exact=True).click()
        page.wait_for_selector(".kpi-card-rich")
        settle(page)
        assert page.url.startswith(oidc_url + "/") and urlsplit(page.url).path == "/"  # back where it began
        text = visible_text(page)
        assert "Nøkkeltall 2016" in text and "2 632" in text and "10,9 mill. kr" in text
        challenge = query(authorize_urls[-1])["code_challenge"]
        assert s256(provider.token_requests[-1]["code_verifier"]) == challenge
        assert page.request.get(oidc_url + "/_dash-layout").status == 200

        page.goto(oidc_url + "/logout")
        assert "Du er logget ut" in visible_text(page)
        assert not [c for c in context.cookies() if c["name"] == SESSION_COOKIE]
        assert page.request.get(oidc_url + "/_dash-layout").status == 401
        page.goto(oidc_url + "/")
        assert page.url.startswith(provider.url + "/oauth2/authorize?")
    finally:
        context.close()


def test_oidc007_provider_down_is_a_clear_page(app_process):
    """The provider does not answer: /login says so (502), no traceback page."""
    env = {
        "AUTH": "oidc",
        "OIDC_ISSUER": "http://127.0.0.1:9",  # discard port: nothing listens
        "OIDC_CLIENT_ID": CLIENT_ID,
        "SECRET_KEY": secrets.token_hex(32),
    }
    url = app_process(env=env, ready_status=401).url
    response = requests.get(url + "/login", allow_redirects=False, timeout=30)
    assert response.status_code == 502 and "Innloggingstjenesten svarer ikke" in response.text
    assert re.search(r"Traceback|File \"", response.text) is None
