"""layouts/figures/margins.py: the side margins a figure is sent with (tests/browser/
test_chart_margins.py checks in Chromium that plotly then widens none)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from layouts.figures import margins
from layouts.figures.districts import small_multiples


def test_margins001_label_widths_and_tick_texts():
    assert margins.text_width("0") == 13 * 0.636
    assert margins.text_width("WW") > margins.text_width("ii") * 3
    assert margins.text_width("\u2603") == 13  # a glyph not in the table counts as 1 em
    assert margins.number_text(-2000000, ",.0f") == "−2,000,000"  # d3's minus, groups
    assert margins.number_text(14.26, ",.1f") == "14.3"
    assert margins.number_text(3.5, ",.2~f") == "3.50"  # '~' trims; the estimate keeps them
    assert margins.number_text(7, "%Y") == "7.00"  # any other format: two decimals


def test_margins002_left_margin_follows_the_widest_label_and_the_title():
    def layout(**yaxis):
        return {"margin": {"l": 60}, "yaxis": {"tickformat": ",.1f", **yaxis}, "xaxis": {}}

    small = [{"type": "scatter", "x": [1, 2], "y": [1.5, 9.5]}]
    large = [{"type": "scatter", "x": [1, 2], "y": np.array([1.5, 95000.0])}]
    # 9.5 -> ticks up to 10: '10.0' (four glyphs); 95 000 -> up to 100 000: '100,000.0'.
    assert margins.left_margin(layout(), small) == math.ceil(margins.text_width("10.0") + margins.LABEL_GAP)
    assert margins.left_margin(layout(), large) > margins.left_margin(layout(), small)
    titled = margins.left_margin(layout(title={"text": ""}), small)
    assert titled == margins.left_margin(layout(), small) + margins.TITLE_GAP  # "" too: plotly keeps room
    suffixed = margins.left_margin(layout(ticksuffix=" dager"), small)
    assert suffixed > margins.left_margin(layout(), small)
    assert margins.left_margin(layout(showticklabels=False), small) == 0
    # Never narrower than the figure's own margin.
    wide = {"margin": {"l": 300, "r": 10}, "yaxis": {}, "xaxis": {}}
    assert margins.reserve(wide, small)["margin"]["l"] == 300


def test_margins003_category_labels_and_axes_not_at_the_left_edge():
    names = ["Fjell", "Hamborgstrøm", "Saniteten"]
    traces = [{"type": "bar", "orientation": "h", "x": [1, 2, 3], "y": names}]
    layout = {"yaxis": {"type": "category"}, "xaxis": {}}
    widest = margins.text_width("Hamborgstrøm")
    assert margins.left_margin(layout, traces) == math.ceil(widest + margins.LABEL_GAP)
    # A second column's axis (its x axis starts at 0.5) does not reach the left margin.
    layout = {"yaxis2": {"type": "category", "anchor": "x2"}, "xaxis2": {"domain": [0.5, 1]}}
    assert margins.left_margin(layout, [{**traces[0], "yaxis": "y2", "xaxis": "x2"}]) == 0


def test_margins004_right_margin_holds_half_the_last_tick_text():
    layout = {"margin": {"r": 10}, "xaxis": {"tickvals": [0, 1e6], "ticktext": ["0", "1 000 000 kr"]}}
    margins.reserve(layout, [])
    assert layout["margin"]["r"] == math.ceil(margins.text_width("1 000 000 kr") / 2 + margins.EDGE_GAP)


def test_margins005_a_figure_is_sent_with_the_margin_its_labels_need():
    """small_multiples' y axes (one per panel, sharing a range) get one left margin, from the
    first column's labels and title."""
    series = pd.DataFrame(
        {
            "unit_id": ["a", "a", "b", "b"],
            "name": ["A", "A", "B", "B"],
            "x": ["2015", "2016", "2015", "2016"],
            "value": [12.0, 14.3, 9.0, 10.0],
            "status": ["final"] * 4,
            "target": [np.nan] * 4,
            "target_status": [""] * 4,
            "target_source": [""] * 4,
        }
    )
    fig = small_multiples(series, "Tittel", "nb", "days", 1)
    # '20.0 dager' (14.3 -> up to 20), the gap, and the axis title.
    want = margins.text_width("20.0 dager") + margins.LABEL_GAP + margins.TITLE_GAP
    assert fig.layout.margin.l == max(60, math.ceil(want))
