"""A real OpenID Connect provider on 127.0.0.1 for the login tests: `oidc-provider-mock` (Authlib's
server classes behind a small Flask app: discovery, JWKS, authorize form, token, userinfo), run
in a thread, with a recorder of what the app sends to its token endpoint (to check PKCE)."""

from __future__ import annotations

import io
import threading
import warnings
from urllib.parse import parse_qs

import authlib.deprecate  # noqa: F401  (on import it turns its own warnings to "always")
import werkzeug.serving

with warnings.catch_warnings():  # the package imports Authlib modules Authlib has deprecated
    warnings.simplefilter("ignore")
    import oidc_provider_mock

USER_SUB = "anna"
USER_CLAIMS = {"name": "Anna Hansen", "email": "anna@example.org"}


class Provider:
    """`with Provider() as provider:` serves on `provider.url` until the block ends."""

    def __init__(self) -> None:
        self.app = oidc_provider_mock.app(
            require_nonce=True,
            user_claims=[oidc_provider_mock.User(sub=USER_SUB, claims=USER_CLAIMS)],
        )
        self.token_requests: list[dict[str, str]] = []
        self.server = werkzeug.serving.make_server("127.0.0.1", 0, self._record, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1})

    def _record(self, environ, start_response):
        if environ.get("PATH_INFO") == "/oauth2/token" and environ.get("REQUEST_METHOD") == "POST":
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            environ["wsgi.input"] = io.BytesIO(body)
            form = parse_qs(body.decode("utf-8"))
            self.token_requests.append({key: values[0] for key, values in form.items()})
        return self.app(environ, start_response)

    def __enter__(self) -> Provider:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join(5)
        self.server.server_close()
