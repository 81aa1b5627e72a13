"""/healthz: 200 with the dataset's name and a content version; 503 without data; open with a login."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request

from werkzeug.security import generate_password_hash

from tests.conftest import ROOT


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        body = error.read()
        return error.code, json.loads(body) if error.headers.get_content_type() == "application/json" else {}


def test_health001_ok_with_the_dataset_version(live_url):
    status, body = get(live_url + "/healthz")
    assert status == 200
    assert body["status"] == "ok" and body["dataset"] == "Drammen kommune"
    assert body["version"].startswith("sha256:") and len(body["version"]) == 7 + 16
    assert body["observations"] > 0 and body["rows_left_out"] == 0


def test_health002_version_follows_the_bytes_and_login_does_not_hide_it(app_process, tmp_path, live_url):
    folder = tmp_path / "drammen"
    shutil.copytree(ROOT / "data" / "drammen", folder)
    same = app_process("--data", str(folder))
    assert get(same.url + "/healthz")[1]["version"] == get(live_url + "/healthz")[1]["version"]
    events = folder / "events.csv"
    events.write_text(events.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    users = tmp_path / "users"
    users.write_text(f"reader:{generate_password_hash('a long password')}\n", encoding="utf-8")
    changed = app_process(
        "--data", str(folder), env={"AUTH": "basic", "AUTH_USERS_FILE": str(users)}, ready_status=401
    )
    status, body = get(changed.url + "/healthz")
    assert status == 200 and body["version"] != get(live_url + "/healthz")[1]["version"]
    assert get(changed.url + "/")[0] == 401  # everything else stays behind the login


def test_health003_unavailable_without_data():
    import flask

    from data import store
    from serving.health import install_health

    saved = dict(store._current)
    store._current.clear()
    try:
        server = flask.Flask("health-test")
        install_health(server)
        response = server.test_client().get("/healthz")
        assert response.status_code == 503 and response.get_json() == {"status": "unavailable"}
    finally:
        store._current.update(saved)
