"""A district page draws at most a screenful of charts (layouts/districts.py DISTRICT_CHART_LIMIT):
above it the first DISTRICT_CHARTS_PER_STEP and «Vis 8 til», which appends the next ones with a
Patch (callbacks/districts.py show_more_charts). Drammen's 11 charts are drawn as before."""

from __future__ import annotations

import json

import plotly
import pytest
from dash import dcc, html
from dash._callback_context import context_value
from dash._utils import AttributeDict

import app  # noqa: F401  (registers every callback and route)
from callbacks import districts as page
from data import store
from layouts import districts as layout
from layouts import ids
from tests.synthetic import write_synthetic

STEP = layout.DISTRICT_CHARTS_PER_STEP


def walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from walk(child)


def graphs(tree) -> dict[str, str]:
    """indicator id -> the figure's JSON, of every district chart in `tree`, in order."""
    return {
        g.id["indicator"]: json.dumps(g.figure, cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True)
        for g in walk(tree)
        if isinstance(g, dcc.Graph) and isinstance(g.id, dict) and g.id.get("type") == ids.DISTRICT_GRAPH
    }


def fill(key: str, lang: str = "nb"):
    context_value.set(AttributeDict(outputs_list=[], triggered_inputs=[], inputs_list=[]))
    return page.fill_district({"page": "district", "key": key, "lang": lang}, "2016", "year")


def more(key: str, shown: int, lang: str = "nb"):
    trigger = json.dumps(ids.district_charts_more(key), separators=(",", ":"), sort_keys=True)
    context_value.set(
        AttributeDict(
            outputs_list=[], inputs_list=[], triggered_inputs=[{"prop_id": f"{trigger}.n_clicks", "value": 1}]
        )
    )
    return page.show_more_charts(1, shown, {"page": "district", "key": key, "lang": lang}, "2016", "year")


@pytest.fixture
def wide_store(tmp_path):
    """A synthetic dataset with 20 districts-panel indicators (100 over five panels)."""
    store.open_dataset(write_synthetic(tmp_path / "wide", 2, 100, "2015-2016"))
    yield
    store.open_dataset()


def test_district_charts001_drammen_draws_every_chart_at_once():
    store.open_dataset()
    charts, _events = fill("hamborgstrom")
    expected = page.panel_indicator_ids()
    assert 0 < len(expected) <= layout.DISTRICT_CHART_LIMIT
    assert list(graphs(charts)) == expected
    assert not [c for c in walk(charts) if getattr(c, "id", None) == ids.district_charts_more("hamborgstrom")]
    assert not [
        c for c in walk(charts) if getattr(c, "id", None) == ids.district_charts_shown("hamborgstrom")
    ]


def test_district_charts002_above_the_limit_eight_then_more_by_patch(wide_store):
    indicator_ids = page.panel_indicator_ids()
    assert len(indicator_ids) == 20 > layout.DISTRICT_CHART_LIMIT
    key = "k0001-d1"
    # The reference: every chart drawn at once, as below the limit.
    state = page.PageState.from_filters(
        {"page": "district", "key": key, "lang": "nb"}, "2016", "year", None, None
    )
    events = page.qd.district_events(store.table("events"), store.table("units"), key)
    every = graphs(layout.district_charts(*page._chart_args(state, indicator_ids, events, every=True)))
    assert list(every) == indicator_ids

    charts, _ = fill(key)
    first = graphs(charts)
    assert list(first) == indicator_ids[:STEP]
    assert all(first[i] == every[i] for i in first)  # the same charts as drawn all at once
    button = next(c for c in walk(charts) if getattr(c, "id", None) == ids.district_charts_more(key))
    assert button.id == ids.district_charts_more(key) and button.children == "Vis 8 til (12 igjen)"
    assert button.hidden is False
    shown = next(c for c in walk(charts) if getattr(c, "id", None) == ids.district_charts_shown(key))
    assert shown.id == ids.district_charts_shown(key) and shown.data == STEP

    grid, label, hidden, upto = more(key, STEP)
    operations = grid.to_plotly_json()["operations"]
    assert [op["operation"] for op in operations] == ["Extend"]
    added = graphs(html.Div(operations[0]["params"]["value"]))
    assert list(added) == indicator_ids[STEP : 2 * STEP] and all(added[i] == every[i] for i in added)
    assert (label, hidden, upto) == ("Vis 4 til (4 igjen)", False, 2 * STEP)

    grid, label, hidden, upto = more(key, 2 * STEP, lang="en")
    added = graphs(html.Div(grid.to_plotly_json()["operations"][0]["params"]["value"]))
    assert list(added) == indicator_ids[2 * STEP :]
    assert (label, hidden, upto) == ("Show 0 more (0 left)", True, 20)


def test_district_charts003_a_stale_or_foreign_click_changes_nothing(wide_store):
    with pytest.raises(page.dash.exceptions.PreventUpdate):
        more("k0001-d1", 20)  # all shown already
    with pytest.raises(page.dash.exceptions.PreventUpdate):
        more("k0001-d1", "8")  # not a count
    trigger = json.dumps(ids.district_charts_more("k0001-d2"), separators=(",", ":"), sort_keys=True)
    context_value.set(
        AttributeDict(
            outputs_list=[], inputs_list=[], triggered_inputs=[{"prop_id": f"{trigger}.n_clicks", "value": 1}]
        )
    )
    with pytest.raises(page.dash.exceptions.PreventUpdate):  # another district's button
        page.show_more_charts(1, STEP, {"page": "district", "key": "k0001-d1", "lang": "nb"}, "2016", "year")
