"""Code as it was at an earlier commit, for the equivalence tests: a module's source read with
`git show` and run as a module of its own beside today's (the test is skipped in a clone without
that history), and the store pointed at a dataset for the length of a test."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from contextlib import contextmanager

import plotly.utils
import pytest

from data import store
from tests.conftest import ROOT

# Edits to an old callbacks module (`old_module`'s `replace`) that run it without registering its
# page and callbacks a second time.
UNREGISTERED = (
    ("pages.register(", "(lambda *a, **k: None)("),
    ("\n@callback(", "\n@(lambda *a, **k: (lambda f: f))("),
)


def as_json(value) -> str:
    """A callback's output as JSON, as Dash encodes it (keys sorted), to compare two answers."""
    return json.dumps(value, cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True)


def body(fn):
    """A registered callback's own function (Dash wraps it)."""
    return getattr(fn, "__wrapped__", fn)


def old_source(commit: str, path: str) -> str:
    done = subprocess.run(
        ["git", "show", f"{commit}:{path}"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"git history without {commit[:10]} (a shallow clone?): {done.stderr.strip()}")
    return done.stdout


def old_module(
    commit: str, path: str, replace: tuple[tuple[str, str], ...] = (), inject: dict | None = None
) -> types.ModuleType:
    """`path` at `commit` as a module; `replace` edits its source (each edit must apply) and
    `inject` sets names before it runs (the old modules it imports in place of the new ones)."""
    source = old_source(commit, path)
    for old, new in replace:
        assert old in source, f"{path}: {old!r}"
        source = source.replace(old, new)
    name = f"old_{path.replace('/', '_').removesuffix('.py')}"
    module = types.ModuleType(name)
    module.__dict__.update(inject or {})
    sys.modules[name] = module  # dataclasses look their module up
    try:
        exec(compile(source, f"{commit[:10]}:{path}", "exec"), module.__dict__)
    finally:
        sys.modules.pop(name, None)
    return module


@contextmanager
def serving(path):
    """The store serves the dataset at `path` inside the block, and what it served before after."""
    saved = dict(store._current)
    store.open_dataset(path)
    try:
        yield
    finally:
        store._current.clear()
        store._current.update(saved)
