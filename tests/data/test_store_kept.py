"""`store.kept(name, build)`: what a dataset's callbacks work out once, kept per store and
dataset version (issue #5). Built once per version; a changed dataset, a new store or a store
whose version changes under it (the database after `data.load --into`) builds it again; two
threads asking at once build it once; a replaced store is not kept alive."""

from __future__ import annotations

import dataclasses
import gc
import shutil
import threading
import time
import weakref

import pytest

from data import store
from tests import history
from tests.conftest import ROOT


@pytest.fixture()
def dataset(tmp_path):
    """A copy of the shipped dataset that a test may change."""
    return shutil.copytree(ROOT / "data" / "drammen", tmp_path / "drammen")


class Builds:
    """A `build` for `store.kept` that counts its calls and makes a new object each time."""

    def __init__(self, pause: float = 0.0) -> None:
        self.calls = 0
        self.pause = pause
        self.lock = threading.Lock()

    def __call__(self) -> dict:
        with self.lock:
            self.calls += 1
        time.sleep(self.pause)
        return {"units": len(store.table("units")), "version": store.info().version}


def test_kept001_built_once_per_version_then_again_for_a_changed_dataset(dataset):
    build = Builds()
    with history.serving(dataset):
        first = store.kept("test.kept001", build)
        assert store.kept("test.kept001", build) is first
        assert store.kept("test.kept001", build) is first
        assert build.calls == 1
        assert first == {"units": len(store.table("units")), "version": store.info().version}
        # Another name is its own value.
        other = Builds()
        assert store.kept("test.kept001.other", other) is not first and other.calls == 1

        # A changed file, loaded again: a new version, built again (once).
        units = dataset / "units.csv"
        lines = units.read_text(encoding="utf-8").splitlines()
        units.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # one unit less
        store.open_dataset(dataset)
        second = store.kept("test.kept001", build)
        assert build.calls == 2
        assert second is not first and second["version"] != first["version"]
        assert second["units"] == len(store.table("units")) == first["units"] - 1
        assert store.kept("test.kept001", build) is second and build.calls == 2


def test_kept002_a_new_store_of_the_same_data_builds_again(dataset):
    build = Builds()
    with history.serving(dataset):
        first = store.kept("test.kept002", build)
        store.open_dataset(dataset)  # the same files: the same version, another store
        second = store.kept("test.kept002", build)
        assert build.calls == 2 and second is not first
        assert second["version"] == first["version"]


class _Reloaded(store.FileStore):
    """A file store whose version changes under it, as the database store's does when
    `python -m data.load --into` fills the database again while the app runs."""

    def info(self):
        found = super().info()
        changed = getattr(self, "changed_to", None)
        return found if changed is None else dataclasses.replace(found, version=changed)


def test_kept003_the_same_store_with_a_new_version_builds_again(dataset):
    build = Builds()
    with history.serving(dataset):
        backend = store.use(_Reloaded(store.current()))
        first = store.kept("test.kept003", build)
        assert store.kept("test.kept003", build) is first and build.calls == 1
        backend.changed_to = "sha256:reloaded"
        second = store.kept("test.kept003", build)
        assert build.calls == 2 and second["version"] == "sha256:reloaded"
        assert store.kept("test.kept003", build) is second and build.calls == 2


def test_kept004_two_threads_asking_at_once_build_once(dataset):
    build = Builds(pause=0.3)  # long enough for the second thread to ask while the first builds
    start = threading.Barrier(3)
    got: list[dict] = []

    def ask():
        start.wait()
        got.append(store.kept("test.kept004", build))

    with history.serving(dataset):
        store.info()  # the version hashed before the race
        threads = [threading.Thread(target=ask) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
    assert build.calls == 1
    assert len(got) == 3 and got[0] is got[1] is got[2]


def test_kept005_a_replaced_store_is_not_kept_alive(dataset):
    with history.serving(dataset):
        store.open_dataset(dataset)
        old = weakref.ref(store.backend())
        store.kept("test.kept005", Builds())
        store.open_dataset(ROOT / "data" / "drammen")  # served from now on: the old store replaced
        gc.collect()
        assert old() is None
        # Asked again, the value is built for the store served now.
        build = Builds()
        assert store.kept("test.kept005", build)["units"] == len(store.table("units"))
        assert build.calls == 1


def test_kept006_kept_each_builds_each_key_once_per_version(dataset):
    calls: list[int] = []

    def build(year: int):
        def make() -> dict:
            calls.append(year)
            return {"year": year, "version": store.info().version}

        return make

    with history.serving(dataset):
        first = store.kept_each("test.kept006", 2015, build(2015))
        assert store.kept_each("test.kept006", 2015, build(2015)) is first
        other = store.kept_each("test.kept006", 2016, build(2016))
        assert other == {"year": 2016, "version": first["version"]}
        assert calls == [2015, 2016]
        # A None is a kept answer too: built once.
        assert store.kept_each("test.kept006", 2017, lambda: calls.append(2017)) is None
        assert store.kept_each("test.kept006", 2017, lambda: calls.append(2017)) is None
        assert calls == [2015, 2016, 2017]

        # A changed dataset: every key built again.
        units = dataset / "units.csv"
        lines = units.read_text(encoding="utf-8").splitlines()
        units.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
        store.open_dataset(dataset)
        again = store.kept_each("test.kept006", 2015, build(2015))
        assert again is not first and again["version"] != first["version"]
        assert calls == [2015, 2016, 2017, 2015]
