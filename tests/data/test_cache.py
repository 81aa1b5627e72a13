"""The query cache (data/cache.py) in front of the store: hits, misses, versions, safe copies."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from flask import Flask

from data import cache, store
from data.load import load_dataset

ROOT = Path(__file__).resolve().parents[2]
IDS = ["discharge_ready_patients", "startlan_households"]


class CountingStore(store.FileStore):
    """The real file store, counting how often each read reaches it; its version can be set."""

    def __init__(self, dataset, version: str = "sha256:test-1") -> None:
        super().__init__(dataset)
        self.calls: Counter[str] = Counter()
        self.version = version

    def info(self):
        return dataclasses.replace(super().info(), version=self.version)

    def observations(self, indicator_ids=None, unit_ids=None, years=None):
        self.calls["observations"] += 1
        return super().observations(indicator_ids, unit_ids, years)

    def headline_observations(self, indicator_ids, year):
        self.calls["observations"] += 1  # a read of observations too
        return super().headline_observations(indicator_ids, year)

    def budget(self, unit_ids=None, years=None):
        self.calls["budget"] += 1
        return super().budget(unit_ids, years)

    def budget_periods(self):
        self.calls["budget_periods"] += 1
        return super().budget_periods()


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(store.DEFAULT_PATH)


@pytest.fixture
def counting(dataset):
    """A local cache (no REDIS_URL) on a fresh Flask app, and a counting store; both undone after."""
    saved_state, saved_store = dict(cache._state), dict(store._current)
    cache.init_cache(Flask(__name__), env={})
    counting = store.use(CountingStore(dataset))
    try:
        yield counting
    finally:
        cache._state.clear()
        cache._state.update(saved_state)
        store._current.clear()
        store._current.update(saved_store)


def test_cache001_local_cache_without_redis_url():
    config = cache.settings({})
    assert config["CACHE_TYPE"] == "SimpleCache"
    assert config["CACHE_THRESHOLD"] == cache.LOCAL_THRESHOLD
    assert config["CACHE_DEFAULT_TIMEOUT"] == 300
    redis = cache.settings({"REDIS_URL": "redis://127.0.0.1:6379/0", "KPI_CACHE_TIMEOUT": "60"})
    assert redis["CACHE_TYPE"] == "RedisCache"
    assert redis["CACHE_REDIS_URL"] == "redis://127.0.0.1:6379/0"
    assert redis["CACHE_DEFAULT_TIMEOUT"] == 60


def test_cache002_second_identical_read_is_served_from_the_cache(counting):
    first = store.observations(IDS, years=[2015, 2016])
    assert counting.calls["observations"] == 1
    again = store.observations(list(reversed(IDS)), years=(2016, 2015))  # same filter, other order
    assert counting.calls["observations"] == 1
    assert len(first) > 0
    assert again.equals(first)
    store.budget_periods()
    store.budget_periods()
    assert counting.calls["budget_periods"] == 1


def test_cache003_a_different_filter_misses(counting):
    store.observations(IDS, years=[2016])
    store.observations(IDS, years=[2015])
    store.observations(IDS[:1], years=[2016])
    store.observations(IDS, unit_ids=["p05"], years=[2016])
    store.budget(years=[2016])
    store.budget(unit_ids=["p05"], years=[2016])
    assert counting.calls["observations"] == 4
    assert counting.calls["budget"] == 2


def test_cache004_a_new_dataset_version_misses(counting):
    old = store.observations(IDS)
    counting.version = "sha256:test-2"
    new = store.observations(IDS)
    assert counting.calls["observations"] == 2
    assert new.equals(old)
    store.observations(IDS)
    assert counting.calls["observations"] == 2


def test_cache005_callers_cannot_corrupt_cached_frames(counting, dataset):
    obs = dataset.tables["observations"]
    expected = obs[obs["indicator_id"].isin(IDS)].reset_index(drop=True)
    first = store.observations(IDS)  # a miss: the frame that was just stored
    first["value"] = -1.0
    first.loc[first.index[0], "unit_id"] = "changed"
    second = store.observations(IDS)  # a hit
    assert counting.calls["observations"] == 1
    assert second.reset_index(drop=True).equals(expected)
    del second["source"]
    third = store.observations(IDS)
    assert third.reset_index(drop=True).equals(expected)
    assert dataset.tables["observations"]["value"].ne(-1.0).all()


def test_cache006_panel_results_are_cached_by_filter_state(counting):
    from callbacks import overview

    rows, points = overview._cards(2016)
    reads = counting.calls["observations"]
    again, again_points = overview._cards(2016)
    assert counting.calls["observations"] == reads  # no store read at all the second time
    assert again.equals(rows) and again_points.frame.equals(points.frame) and len(points.frame) > 0
    overview._cards(2015)
    assert counting.calls["observations"] > reads


def test_cache007_without_init_nothing_is_cached(dataset):
    saved_state, saved_store = dict(cache._state), dict(store._current)
    cache._state.clear()
    counting = store.use(CountingStore(dataset))
    try:
        store.observations(IDS)
        store.observations(IDS)
        assert counting.calls["observations"] == 2
    finally:
        cache._state.update(saved_state)
        store._current.clear()
        store._current.update(saved_store)


def test_cache008_a_redis_that_does_not_answer_leaves_the_store_answering(dataset):
    """REDIS_URL pointing at a closed port: reads still come from the store (a warning is logged)."""
    saved_state, saved_store = dict(cache._state), dict(store._current)
    cache.init_cache(Flask(__name__), env={"REDIS_URL": "redis://127.0.0.1:9/0"})
    counting = store.use(CountingStore(dataset))
    try:
        assert len(store.observations(IDS)) > 0
        assert len(store.observations(IDS)) > 0
        assert counting.calls["observations"] == 2
    finally:
        cache._state.clear()
        cache._state.update(saved_state)
        store._current.clear()
        store._current.update(saved_store)


def test_cache009_whole_large_tables_are_refused():
    for name in ("observations", "budget"):
        with pytest.raises(ValueError, match=rf"store\.{name}\(\.\.\.\)"):
            store.table(name)
    assert len(store.table("units")) > 0


def test_cache010_a_bad_timeout_stops_the_app_with_one_line():
    code = "from data import cache; cache.settings({'KPI_CACHE_TIMEOUT': 'soon'})"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip() == "app.py: KPI_CACHE_TIMEOUT must be a whole number of seconds, not 'soon'"
