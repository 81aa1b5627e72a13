"""The house-style base figure is built without plotly's per-property validation (for speed):
it must equal the validated figure exactly, and validation must be back on afterwards."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from layouts.figures.common import base_figure, base_layout, empty_figure


def as_json(fig: go.Figure) -> dict:
    return json.loads(pio.to_json(fig, validate=False))


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("source", ["", "Drammen kommune <årsrapport> & KOSTRA %{y}"])
@pytest.mark.parametrize("y_title", ["", "Prosent\nandel"])
def test_base_figure_equals_the_validated_figure(lang, source, y_title):
    fast = base_figure("Tittel <b>x</b>", lang, source, y_title, height=420)
    validated = go.Figure(layout=base_layout("Tittel <b>x</b>", lang, source, y_title, height=420))
    assert as_json(fast) == as_json(validated)
    assert fast.layout.title.text == "Tittel &lt;b&gt;x&lt;/b&gt;"
    assert len(fast.layout.annotations) == (1 if source else 0)


def test_validation_is_back_on_after_the_base_layout():
    fig = base_figure("T", "nb", "Kilde")
    with pytest.raises(ValueError):
        fig.update_layout(not_a_property=1)
    with pytest.raises(ValueError):
        fig.add_annotation(text="x", not_a_property=1)
    with pytest.raises(ValueError):
        fig.layout.height = "tall"
    fig.add_annotation(text="ok", x=0, y=0)
    fig.add_trace(go.Bar(x=[1], y=[2]))
    assert [a.text for a in fig.layout.annotations] == ["Kilde: Kilde", "ok"]


def test_empty_figure_is_valid_plotly():
    fig = empty_figure("T", "en", "Nothing here")
    assert as_json(go.Figure(fig.to_dict())) == as_json(fig)
