"""Code as it was at an earlier commit, for the equivalence tests: a module's source read with
`git show` and run as a module of its own beside today's (the test is skipped in a clone without
that history), and the store pointed at a dataset for the length of a test."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from contextlib import contextmanager

import plotly.graph_objects as go
import plotly.utils
import pytest

from data import store
from layouts.figures import margins
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


def with_margins(figure, footer=None) -> go.Figure:
    """`figure` (an old builder's) with its side margins reserved as the builders now do
    (`layouts.figures.margins`, since the old ones left them to plotly), after `footer(layout)`
    when given (a chart whose legend and source line are now placed in pixels): the rest must
    be equal."""
    as_dict = figure.to_dict()
    if footer is not None and as_dict["data"]:  # an empty state has no footer to place
        footer(as_dict["layout"])
    margins.reserve(as_dict["layout"], as_dict["data"])
    return go.Figure(as_dict)


def budget_figures_as_now(old) -> types.SimpleNamespace:
    """An old `layouts/figures/budget.py` module whose waterfall and cumulative chart have their
    margins (and the cumulative chart its footer) placed as today's builders place them."""
    from layouts.figures import budget

    def waterfall(*args, **kwargs):
        return with_margins(old.waterfall(*args, **kwargs))

    def cumulative(series, title, lang, source=""):
        return with_margins(
            old.cumulative(series, title, lang, source),
            footer=lambda layout: budget.cumulative_footer(layout, source, lang),
        )

    return types.SimpleNamespace(**{**vars(old), "waterfall": waterfall, "cumulative": cumulative})


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
