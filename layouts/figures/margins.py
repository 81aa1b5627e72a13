"""A chart's side margins wide enough for its axes' labels and titles, worked out before plotly draws.

Plotly widens a margin that is too narrow for an axis' labels (`automargin`), but it finds that
out only by drawing the chart: it draws it at the margin the figure gives, measures the labels,
and draws the whole chart again at the wider margin. It does so on every update of the chart,
since each new figure starts from its own margin again: on the national /districts page a change
of indicator drew the small multiples twice (a redraw of ~200 ms, ~125 ms drawn once). So the margin a
figure is sent with is already as wide as its labels need, estimated here from the label texts and
the widths of the house font's glyphs. `automargin` stays on: a label wider than estimated (a face
with wider glyphs) still gets its room, at the cost of that second draw.
tests/browser/test_chart_margins.py checks in Chromium that plotly widens no margin on any page.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Iterable

import numpy as np

# Advance widths (1/1000 em) of DejaVu Sans, the face `system-ui` and `sans-serif` resolve to on
# Debian and the widest of the house font's usual faces (Segoe UI and Roboto are narrower).
_GLYPHS = (
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
    "æøåÆØÅéü−–«»§"
)
_WIDTHS = (
    (318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337)
    + (636,) * 10
    + (337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656)
    + (557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390)
    + (838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612)
    + (635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838)
    + (982, 612, 613, 974, 787, 684, 615, 634, 838, 500, 612, 612, 500)
)
WIDTH = dict(zip(_GLYPHS, _WIDTHS, strict=True))
WIDEST = 1000  # a glyph not in the table

# Measured in Chromium (the house template): a y axis' labels push the margin by their width and
# this much more (the gap to the plot); a title (any the axis is given, "" too) this much more again.
LABEL_GAP = 18
TITLE_GAP = 24
EDGE_GAP = 4  # past half of an x axis' last label, at the right edge
FONT_SIZE = 13  # the house font size (common.base_layout); axis labels use it unless told otherwise

_AXIS = re.compile(r"yaxis(\d*)")
_X_AXIS = re.compile(r"xaxis\d*")
_D3_FIXED = re.compile(r"^(,?)\.(\d+)~?f$")


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """The width in pixels of `text` on one line in the house font at `size`."""
    return size * sum(WIDTH.get(c, WIDEST) for c in text) / 1000


def number_text(value: float, tickformat: str) -> str:
    """`value` as a tick label of `tickformat` (d3's ',.1f', '.0f', ',.2~f'; anything else as
    ',.2f'), as wide as plotly's: the separators have the same width whichever the language, and
    d3 writes a minus as '−'. Trailing zeros that '~' would trim are kept (a wider estimate)."""
    fixed = _D3_FIXED.match(tickformat or "")
    comma, decimals = (fixed.group(1), int(fixed.group(2))) if fixed else (",", 2)
    return format(value, f"{comma}.{decimals}f").replace("-", "−")


def _ceil_round(value: float) -> float:
    """`value` rounded away from zero to one significant digit (9.6 -> 10, 14.3 -> 20): a value at
    least as wide as the largest tick of an axis that reaches `value`."""
    if value == 0 or not math.isfinite(value):
        return 0.0
    step = 10 ** math.floor(math.log10(abs(value)))
    return math.copysign(math.ceil(abs(value) / step) * step, value)


def _numbers(values) -> np.ndarray:
    """The finite numbers of `values` (a list, an array, or plotly's typed array {dtype, bdata})."""
    if isinstance(values, dict) and "bdata" in values:
        values = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
    try:
        array = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        array = np.array([v for v in values if isinstance(v, int | float)], dtype=float)
    return array[np.isfinite(array)]


def _trace_axis(trace: dict, letter: str) -> str:
    """The axis id ('y', 'y2', ...) a trace is drawn on."""
    return trace.get(f"{letter}axis") or letter


def _values_on(traces: list[dict], axis_ids: set[str], horizontal_values: bool) -> Iterable:
    """The values traces put on the y axes `axis_ids` (a horizontal bar's y are its categories)."""
    for trace in traces:
        if _trace_axis(trace, "y") not in axis_ids:
            continue
        horizontal = trace.get("orientation") == "h"
        if horizontal == horizontal_values:
            continue
        values = trace.get("y")
        if values is not None:
            yield values


def _labels(axis: dict, axis_ids: set[str], traces: list[dict]) -> list[str]:
    """The widest labels the axis may show."""
    if axis.get("ticktext") is not None:
        return [str(text) for text in axis["ticktext"]]
    prefix, suffix = str(axis.get("tickprefix", "")), str(axis.get("ticksuffix", ""))
    categories = axis.get("categoryarray")
    if axis.get("type") == "category" or categories is not None:
        names = list(categories) if categories is not None else []
        for values in _values_on(traces, axis_ids, horizontal_values=False):
            typed = isinstance(values, dict)  # plotly's typed array of numbers
            names += list(_numbers(values)) if typed else [v for v in values if v is not None]
        return [prefix + name + suffix for name in dict.fromkeys(str(n) for n in names)]
    numbers = [_numbers(values) for values in _values_on(traces, axis_ids, horizontal_values=True)]
    fixed = axis.get("range") if axis.get("autorange") in (None, False) else None
    if fixed is not None:
        numbers.append(_numbers(fixed))
    found = np.concatenate(numbers) if numbers else np.array([])
    if not len(found):
        return []
    ends = {float(found.min()), float(found.max()), 0.0}
    fmt = axis.get("tickformat", "")
    return [prefix + number_text(_ceil_round(v), fmt) + suffix for v in ends]


def _match_groups(layout: dict) -> dict[str, set[str]]:
    """Each y axis id ('y', 'y2', ...) with the ids of every axis sharing its range (`matches`)."""
    root: dict[str, str] = {}
    for name, axis in layout.items():
        found = _AXIS.fullmatch(name)
        if found and isinstance(axis, dict):
            root[f"y{found.group(1)}"] = axis.get("matches") or f"y{found.group(1)}"
    groups: dict[str, set[str]] = {}
    for axis_id, target in root.items():
        groups.setdefault(target, set()).add(axis_id)
    return {axis_id: groups[target] | {target} for axis_id, target in root.items()}


def _at_left(layout: dict, axis: dict) -> bool:
    """True for a y axis drawn at the left edge of the plot area (its x axis' domain starts at 0)."""
    if axis.get("side") == "right" or axis.get("overlaying") or axis.get("visible") is False:
        return False
    anchor = axis.get("anchor") or "x"
    x_axis = layout.get("xaxis" + anchor[1:]) if anchor.startswith("x") else None
    domain = (x_axis or {}).get("domain") or [0, 1]
    return float(domain[0]) <= 0.0


def left_margin(layout: dict, traces: list[dict]) -> int:
    """The left margin (px) the y axes at the plot's left edge need for their labels and titles."""
    need = 0.0
    groups = _match_groups(layout)
    for name, axis in layout.items():
        found = _AXIS.fullmatch(name)
        if not found or not isinstance(axis, dict) or not _at_left(layout, axis):
            continue
        width = 0.0
        if axis.get("showticklabels") is not False:
            size = (axis.get("tickfont") or {}).get("size") or FONT_SIZE
            labels = _labels(axis, groups.get(f"y{found.group(1)}", set()), traces)
            if labels:
                width = max(text_width(label, size) for label in labels) + LABEL_GAP
        if "title" in axis:  # plotly keeps room for a title it is given, even an empty one
            width += TITLE_GAP
        need = max(need, width)
    return math.ceil(need)


def right_margin(layout: dict) -> int:
    """The right margin (px) an x axis with its own tick texts (`ticktext`) at the plot's right
    edge needs: half its last label, which may sit at the very edge of the axis' range."""
    need = 0.0
    for name, axis in layout.items():
        if not _X_AXIS.fullmatch(name) or not isinstance(axis, dict) or not axis.get("ticktext"):
            continue
        if axis.get("showticklabels") is False or float((axis.get("domain") or [0, 1])[1]) < 1:
            continue
        size = (axis.get("tickfont") or {}).get("size") or FONT_SIZE
        need = max(need, text_width(str(axis["ticktext"][-1]), size) / 2 + EDGE_GAP)
    return math.ceil(need)


def reserve(layout: dict, traces: list[dict]) -> dict:
    """`layout` with its left and right margins at least `left_margin` and `right_margin`
    (changed in place, and returned)."""
    margin = layout.setdefault("margin", {})
    margin["l"] = max(int(margin.get("l", 80)), left_margin(layout, traces))
    margin["r"] = max(int(margin.get("r", 80)), right_margin(layout))
    return layout
