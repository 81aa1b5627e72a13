"""Optional login in front of every route: `install_auth(server)` reads the settings below.

    AUTH                 unset: open (no login); `basic`: HTTP Basic against a users file;
                         `oidc`: OpenID Connect (authorization code + PKCE) through Authlib
    AUTH_USERS_FILE      basic: `NAME:HASH` lines (`python -m serving.users add NAME`)
    OIDC_ISSUER          oidc: the provider; discovery at <issuer>/.well-known/openid-configuration
    OIDC_CLIENT_ID       oidc: this app's client id at the provider
    OIDC_CLIENT_SECRET   oidc: its secret (unset: a public client, PKCE only)
    OIDC_SCOPES          oidc: scopes asked for (default `openid profile email`)
    OIDC_REDIRECT_URI    oidc: the callback address the provider knows, when the app sits behind a
                         proxy (default: <the address the request came to>/auth/callback)
    SECRET_KEY           oidc: signs the session cookie (at least 32 characters; never in the repo)

Protection is by default: one `before_request` on the whole Flask app answers every request that
is not logged in — pages, `/_dash-*`, assets, vendor files, 404s and any route added later — and
only the login routes and a `/healthz` route (when one is registered) are let through. Pages get
a redirect to /login (OIDC); everything else gets 401, since Dash's fetches cannot follow a login
page. Settings that cannot work raise `AuthConfigError` (app.py prints it and exits 2).
"""

from __future__ import annotations

import hashlib
import hmac
import html
import logging
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import flask
from flask import g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from werkzeug.security import check_password_hash, generate_password_hash

from serving.errors import AuthConfigError
from serving.users import read_users

REALM = "HSO-nokkeltall"  # ASCII: header values travel as Latin-1
DEFAULT_SCOPES = "openid profile email"
MIN_SECRET_LENGTH = 32
SESSION_COOKIE = "hso_session"
SESSION_LIFETIME = timedelta(hours=8)
LOGIN_ENDPOINTS = frozenset({"auth_login", "auth_callback", "auth_logout"})
HEALTH_RULE = "/healthz"
# Requests a browser makes for a page (navigation) rather than for data or files.
NOT_PAGES = ("/_", "/assets/", "/vendor/")

log = logging.getLogger(__name__)


def env(name: str) -> str:
    """Every setting is read here, by its literal name (tests check that README.md documents them)."""
    return os.environ.get(name, "").strip()


def install_auth(server: flask.Flask) -> None:
    """Put the login `AUTH` asks for in front of every route of `server`; nothing when AUTH is unset."""
    mode = env("AUTH").lower()
    if not mode:
        return
    if mode == "basic":
        guard = BasicAuth.from_settings()
    elif mode == "oidc":
        guard = OidcAuth.from_settings(server)
    else:
        raise AuthConfigError("unknown_auth", value=env("AUTH"))

    @server.before_request
    def _require_login():
        if _let_through():
            return None
        return guard.check_request()

    @server.after_request
    def _private(response: flask.Response) -> flask.Response:
        # What a logged-in user sees must not land in a shared cache.
        response.cache_control.public = False
        response.cache_control.private = True
        return response


def _let_through() -> bool:
    """The explicit allow-list: the login routes themselves and a registered /healthz route."""
    if request.endpoint in LOGIN_ENDPOINTS:
        return True
    rule = request.url_rule
    return rule is not None and rule.rule == HEALTH_RULE


def _page(status: int, title_nb: str, title_en: str, link: tuple[str, str, str] | None = None):
    """A small bilingual page (no script, so the app's CSP holds) with an optional link."""
    more = ""
    if link:
        href, nb, en = link
        more = f'<p><a href="{html.escape(href)}">{html.escape(nb)} / {html.escape(en)}</a></p>'
    body = (
        '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8">'
        f"<title>{html.escape(title_nb)}</title></head><body>"
        f'<h1>{html.escape(title_nb)}</h1><p lang="en">{html.escape(title_en)}</p>{more}</body></html>'
    )
    response = flask.make_response(body, status)
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    response.headers["Cache-Control"] = "no-store"
    return response


class BasicAuth:
    """HTTP Basic against the users file, checked on every request.

    A correct name and password is remembered (as an HMAC under a key that lives only in this
    process) so that the slow hash is not recomputed for each of the many requests a page makes;
    every failure costs one full hash check, an unknown user too (against a dummy hash of the same
    kind), so the time does not tell whether a user exists.
    """

    def __init__(self, users: dict[str, str]):
        self.users = users
        method = next(iter(users.values())).split("$", 1)[0]
        self.dummy_hash = generate_password_hash(secrets.token_urlsafe(16), method=method)
        self._key = secrets.token_bytes(32)
        self._verified: dict[bytes, str] = {}

    @classmethod
    def from_settings(cls) -> BasicAuth:
        path = env("AUTH_USERS_FILE")
        if not path:
            raise AuthConfigError("no_users_file")
        return cls(read_users(Path(path)))

    def verify(self, name: str, password: str) -> bool:
        stored = self.users.get(name)
        digest = hmac.new(self._key, f"{name}\0{password}".encode(), hashlib.sha256).digest()
        if stored is not None and self._verified.get(digest) == stored:
            return True
        ok = check_password_hash(stored or self.dummy_hash, password)
        if not ok or stored is None:
            return False
        if len(self._verified) >= 1024:
            self._verified.clear()
        self._verified[digest] = stored
        return True

    def check_request(self):
        auth = request.authorization
        basic = auth is not None and auth.type == "basic" and auth.username is not None
        if basic and self.verify(auth.username, auth.password or ""):
            g.auth_user = auth.username
            return None
        response = _page(401, "Innlogging kreves", "Login required")
        response.headers["WWW-Authenticate"] = f'Basic realm="{REALM}", charset="UTF-8"'
        return response


class _SessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over https (directly or through a
    proxy that says so); HttpOnly and SameSite=Lax always."""

    def get_cookie_secure(self, app: flask.Flask) -> bool:
        forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
        return request.is_secure or forwarded == "https"


def safe_next(target: str | None) -> str:
    """Only a path on this site may follow a login (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    parts = urlsplit(target)
    return "/" if parts.scheme or parts.netloc else target


class OidcAuth:
    """OpenID Connect login: /login -> provider -> /auth/callback; the user is kept in a signed cookie."""

    def __init__(
        self,
        server: flask.Flask,
        *,
        issuer: str,
        client_id: str,
        client_secret: str,
        scopes: str,
        redirect_uri: str,
        secret_key: str,
    ):
        from authlib.integrations.flask_client import OAuth

        server.secret_key = secret_key
        server.session_interface = _SessionInterface()
        server.config.update(
            SESSION_COOKIE_NAME=SESSION_COOKIE,
            SESSION_COOKIE_HTTPONLY=True,
            SESSION_COOKIE_SAMESITE="Lax",
            PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
        )
        client_kwargs = {"scope": scopes, "code_challenge_method": "S256"}
        if not client_secret:
            client_kwargs["token_endpoint_auth_method"] = "none"
        self.redirect_uri = redirect_uri
        self.client = OAuth(server).register(
            "oidc",
            client_id=client_id,
            client_secret=client_secret or None,
            server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs=client_kwargs,
        )
        server.add_url_rule("/login", "auth_login", self.login)
        server.add_url_rule("/auth/callback", "auth_callback", self.callback)
        server.add_url_rule("/logout", "auth_logout", self.logout, methods=["GET", "POST"])

    @classmethod
    def from_settings(cls, server: flask.Flask) -> OidcAuth:
        issuer, client_id, secret_key = env("OIDC_ISSUER"), env("OIDC_CLIENT_ID"), env("SECRET_KEY")
        required = {"OIDC_ISSUER": issuer, "OIDC_CLIENT_ID": client_id, "SECRET_KEY": secret_key}
        for name, value in required.items():
            if not value:
                raise AuthConfigError("missing_setting", name=name)
        if len(secret_key) < MIN_SECRET_LENGTH:
            raise AuthConfigError("short_secret", length=MIN_SECRET_LENGTH)
        if urlsplit(issuer).scheme not in ("http", "https") or not urlsplit(issuer).netloc:
            raise AuthConfigError("bad_issuer", value=issuer)
        return cls(
            server,
            issuer=issuer,
            client_id=client_id,
            client_secret=env("OIDC_CLIENT_SECRET"),
            scopes=env("OIDC_SCOPES") or DEFAULT_SCOPES,
            redirect_uri=env("OIDC_REDIRECT_URI"),
            secret_key=secret_key,
        )

    def check_request(self):
        user = session.get("auth_user")
        if user:
            g.auth_user = user.get("sub")
            return None
        navigation = request.method in ("GET", "HEAD") and "text/html" in request.headers.get("Accept", "")
        if navigation and not request.path.startswith(NOT_PAGES):
            target = request.full_path if request.query_string else request.path
            return redirect(url_for("auth_login", next=target))
        return _page(401, "Innlogging kreves", "Login required", ("/login", "Logg inn", "Log in"))

    def login(self):
        target = safe_next(request.args.get("next"))
        redirect_uri = self.redirect_uri or url_for("auth_callback", _external=True)
        try:
            response = self.client.authorize_redirect(redirect_uri)
        except Exception as exc:  # the provider is down or answers nonsense: say so, no traceback
            log.warning("OIDC login could not start: %s", exc)
            return _page(
                502,
                "Innloggingstjenesten svarer ikke",
                "The login service does not answer",
                ("/login", "Prøv igjen", "Try again"),
            )
        session["auth_next"] = target
        return response

    def callback(self):
        try:
            token = self.client.authorize_access_token()
        except Exception as exc:  # denied, stale state, bad token: a clear page and a way back
            log.warning("OIDC login failed: %s", exc)
            return _page(401, "Innloggingen mislyktes", "Login failed", ("/login", "Prøv igjen", "Try again"))
        claims = token.get("userinfo") or {}
        if not claims.get("sub"):
            return _page(401, "Innloggingen mislyktes", "Login failed", ("/login", "Prøv igjen", "Try again"))
        target = safe_next(session.get("auth_next"))
        session.clear()  # a fresh session for the logged-in user (no fixation)
        session.permanent = True
        session["auth_user"] = {
            "sub": claims["sub"],
            "name": claims.get("name") or claims.get("email") or claims["sub"],
        }
        return redirect(target)

    def logout(self):
        session.clear()
        again = ("/login", "Logg inn igjen", "Log in again")
        return _page(200, "Du er logget ut", "You are logged out", again)
