"""The query cache: store reads (and a few panel results) kept by filter state (Flask-Caching).

`init_cache(server)` (from `app.create_app`) picks the backend from the environment:

- `REDIS_URL` set: `RedisCache`, one cache shared by every gunicorn worker;
- otherwise `SimpleCache`: local to the process, at most `LOCAL_THRESHOLD` entries; no Redis
  connection is ever attempted.

`KPI_CACHE_TIMEOUT` (seconds, default 300) is how long an entry lives. Keys hold the dataset's
version (`store.info().version`), the function and its normalised arguments, so a reload of the
data never serves a stale result. Values are pickled by the backend: every hit is a new object,
so callers may change what they get. Frames of more than `MAX_ROWS` rows are not kept (pickling
them costs more than reading them again). Without `init_cache` (tests, scripts) nothing is
cached. A failing cache (Redis down) is logged and the read goes to the store.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from collections.abc import Callable
from typing import Any

import pandas as pd
from flask_caching import Cache

log = logging.getLogger(__name__)

REDIS_ENV = "REDIS_URL"
TIMEOUT_ENV = "KPI_CACHE_TIMEOUT"
DEFAULT_TIMEOUT = 300
LOCAL_THRESHOLD = 512  # entries of the local cache (SimpleCache drops the oldest beyond it)
MAX_ROWS = 200_000
KEY_PREFIX = "hso:"

cache = Cache()
_state: dict[str, Any] = {}


def settings(env: dict[str, str] | None = None) -> dict[str, Any]:
    """The Flask-Caching config for the environment (REDIS_URL, KPI_CACHE_TIMEOUT)."""
    env = os.environ if env is None else env
    raw = env.get(TIMEOUT_ENV, "").strip()
    try:
        timeout = int(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        print(f"app.py: {TIMEOUT_ENV} must be a whole number of seconds, not {raw!r}", file=sys.stderr)
        raise SystemExit(2) from None
    config: dict[str, Any] = {"CACHE_DEFAULT_TIMEOUT": timeout, "CACHE_KEY_PREFIX": KEY_PREFIX}
    url = env.get(REDIS_ENV, "").strip()
    if url:
        config.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=url)
    else:
        config.update(CACHE_TYPE="SimpleCache", CACHE_THRESHOLD=LOCAL_THRESHOLD)
    return config


def init_cache(server, env: dict[str, str] | None = None) -> Cache:
    """Attach the query cache to the Flask server; from now on store reads go through it."""
    config = settings(env)
    cache.init_app(server, config=config)
    _state["backend"] = server.extensions["cache"][cache]
    _state["type"] = config["CACHE_TYPE"]
    return cache


def backend():
    """The cachelib backend in use, or None before `init_cache`."""
    return _state.get("backend")


def clear() -> None:
    if (b := backend()) is not None:
        b.clear()


def make_key(version: str, name: str, args: tuple) -> str:
    """A short key for (dataset version, function, normalised arguments)."""
    return "q:" + hashlib.sha256(repr((version, name, args)).encode()).hexdigest()[:32]


def _small(value: object) -> bool:
    if isinstance(value, pd.DataFrame):
        return len(value) <= MAX_ROWS
    return True


def read(version: str, name: str, args: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`, through the cache under (version, name, args); `args` must be normalised
    (hashable, order-independent where the order does not matter)."""
    b = backend()
    if b is None:
        return compute()
    key = make_key(version, name, args)
    try:
        hit = b.get(key)
    except Exception:  # the cache is an optimisation: the store still answers
        log.warning("query cache unavailable (get)", exc_info=True)
        return compute()
    if hit is not None:
        return hit[0]
    value = compute()
    if _small(value):
        try:
            b.set(key, (value,))  # a tuple: a cached None is a hit too
        except Exception:
            log.warning("query cache unavailable (set)", exc_info=True)
    return value
