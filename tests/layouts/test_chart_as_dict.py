"""`layouts.chart.as_dict` reads every figure the panels draw as plotly's JSON does: the same
table of figures and the same summary sentence, in both languages (it leaves out plotly's deep
copy, and gives numpy arrays as lists where plotly's JSON has typed arrays)."""

from __future__ import annotations

import contextlib
import json

import dash
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.development.base_component import Component

import app as app_module
from bench import callback_times
from data import cache, store
from layouts import chart, exports
from layouts.exports import values_of


def _figures(value):
    if isinstance(value, go.Figure):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _figures(item)
    elif isinstance(value, Component):
        for prop in ("figure", "children"):
            yield from _figures(getattr(value, prop, None))


@pytest.fixture(scope="module")
def figures() -> list[go.Figure]:
    saved = dict(cache._state)  # create_app turns the query cache on: off again for later tests
    try:
        application = app_module.create_app()
    finally:
        cache._state.clear()
        cache._state.update(saved)
    units, inds = store.table("units"), store.table("indicators")
    district = str(units.loc[units["kind"] == "district", "unit_id"].iloc[0])
    district_ind = str(inds.loc[inds["panel"] == "districts", "indicator_id"].iloc[0])
    found = []
    with application.server.test_request_context():
        for year in ("2015", "2016"):
            cases = callback_times.cases(year, district, str(inds["indicator_id"].iloc[0]), district_ind)
            for name, (call, outputs) in cases.items():
                if "options" in name:
                    continue
                context = {"outputs_list": outputs or [], "triggered_inputs": [], "inputs_list": []}
                context_value.set(AttributeDict(context))
                with contextlib.suppress(dash.exceptions.PreventUpdate):
                    found += _figures(call())
    return found


def test_as_dict_reads_every_panel_figure_as_plotly_json_does(figures):
    kinds = {trace.type for figure in figures for trace in figure.data}
    assert len(figures) > 20 and {"bar", "scatter", "waterfall"} <= kinds
    for figure in figures:
        ours, plotly_json = chart.as_dict(figure), json.loads(pio.to_json(figure, validate=False))
        assert ours["layout"] == plotly_json["layout"]
        for mine, theirs in zip(ours["data"], plotly_json["data"], strict=True):
            assert mine.keys() == theirs.keys()
            for key in mine:
                if isinstance(theirs[key], dict) and "bdata" in theirs[key]:
                    assert values_of(mine[key]) == values_of(theirs[key]), key
                else:
                    assert mine[key] == theirs[key], key
        for lang in ("nb", "en"):
            assert exports.chart_table(ours, lang) == exports.chart_table(plotly_json, lang)
            assert exports.summary(exports.chart_table(ours, lang), lang)
