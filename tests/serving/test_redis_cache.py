"""The query cache in Redis, for real: two gunicorn workers share one cache (REDIS_URL).

Uses the private `redis_url` server of tests/services.py (`make services` installs redis-server).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis

from data import cache
from layouts import ids

ROOT = Path(__file__).resolve().parents[2]
PAYLOADS = ROOT / "bench" / "load" / "payloads.json"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, body: dict) -> tuple[int, str]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.read().decode()


def _bars_request() -> dict:
    """The request the browser sends for the districts' bars (recorded by bench/load/record.py),
    with two districts chosen: the page as first opened is answered from what the master kept at
    start-up (callbacks/answers.py), a unit filter through the query cache."""
    scenarios = json.loads(PAYLOADS.read_text(encoding="utf-8"))["scenarios"]
    for scenario in scenarios:
        for entry in scenario["load"]:
            if ids.DISTRICTS_BARS in entry["body"]["output"]:
                body = entry["body"]
                for item in body["inputs"]:
                    if item["id"] == ids.FILTER_UNITS:
                        item["value"] = ["fjell", "hamborgstrom"]
                return body
    raise AssertionError("no recorded request for the districts' bars in bench/load/payloads.json")


@pytest.fixture
def gunicorn_redis(redis_url):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("AUTH", "KPI_SERVER_TIMING", "KPI_DATA")}
    env.update(REDIS_URL=redis_url, KPI_BIND=f"127.0.0.1:{port}")
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "-c", "gunicorn.conf.py", "app:server"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, f"gunicorn exited with {proc.returncode}"
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(url + "/_dash-layout", timeout=5) as response,
            ):
                if response.status == 200:
                    break
            assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
            time.sleep(0.3)
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_redis001_two_workers_share_one_cache(gunicorn_redis, redis_url):
    client = redis.Redis.from_url(redis_url)
    body = _bars_request()
    endpoint = gunicorn_redis + "/_dash-update-component"
    # Each worker's first request sets Dash up (it draws every page once): done before counting.
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(code == 200 for code, _ in pool.map(lambda _: _post(endpoint, body), range(8)))
    client.flushdb()
    client.config_resetstat()

    status, first = _post(endpoint, body)
    assert status == 200
    keys = sorted(client.keys(cache.KEY_PREFIX + "*"))
    assert keys, "the first answer left its query results in Redis"
    misses = client.info("stats")["keyspace_misses"]

    # Several at once, so both (sync) workers answer some of them.
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda _: _post(endpoint, body), range(12)))
    assert all(code == 200 for code, _ in answers)
    assert all(text == first for _, text in answers), "every worker gives the same answer"
    assert sorted(client.keys(cache.KEY_PREFIX + "*")) == keys, "each key is in Redis once"
    stats = client.info("stats")
    assert stats["keyspace_misses"] == misses, "no worker computed again what the cache holds"
    assert stats["keyspace_hits"] >= 12
    own = client.client_id()
    others = {c["addr"] for c in client.client_list() if int(c["id"]) != own}
    assert len(others) >= 2, "both workers talked to Redis"


def test_redis002_without_redis_url_a_local_cache_and_no_redis_connection():
    code = (
        "import sys, app; app.create_app(); from data import cache, store; "
        "store.observations(['discharge_ready_patients']); "
        "print(type(cache.backend()).__name__, 'redis' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "KPI_DATA", "DATABASE_URL")}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-2:] == ["SimpleCache", "False"]
