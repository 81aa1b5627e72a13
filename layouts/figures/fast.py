"""Figures from plain dicts, built once, without plotly's per-property validation (issue #5).

Plotly validates every property a figure is given, and every `update_layout`, `add_trace`,
`add_annotation`, `set_subplots` costs 1–90 ms of that; for charts whose properties the code
itself writes, that only repeats what the tests check. So the builders of the district,
housing and overview charts write the layout and the traces as dicts and hand them to `figure`:
only the data arrays go through plotly's own validators (they turn a pandas Series into the
array plotly sends, base64 for numbers, exactly as a validated figure), and the figure validates
again for anything added afterwards. tests/layouts/test_figures_fast.py checks every builder
against the validated figure and against the builders as they were.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.validator_cache import ValidatorCache

from layouts.figures import margins
from layouts.figures.common import (
    INK,
    PALETTE,
    TARGET_COLOUR,
    base_layout,
    events_label,
    is_illustrative,
    plain_label,
    status_hover,
    suffix,
    trusted_figure,
    value_format,
    word,
)

_ARRAYS = (list, tuple, np.ndarray, pd.Series, pd.Index)


def _coerce(path: str, props: dict) -> dict:
    """Data arrays (at any depth) as plotly's validators store them; everything else as given."""
    for key, value in props.items():
        if isinstance(value, dict):
            _coerce(f"{path}.{key}", value)
        elif isinstance(value, _ARRAYS):
            props[key] = ValidatorCache.get_validator(path, key).validate_coerce(value)
    return props


def figure(layout: dict, traces: list[dict]) -> go.Figure:
    """A figure from a layout and traces (dicts with 'type') the code itself wrote.

    The dicts are taken over (not copied): build them fresh for each figure. The side margins
    are widened to what the axes' labels need (`margins.reserve`), so plotly draws it once.
    """
    margins.reserve(layout, traces)
    for trace in traces:
        _coerce(trace["type"], trace)
    return trusted_figure(layout, traces)


def merge(target: dict, update: dict) -> dict:
    """`update` into `target`, nested dicts merged (as plotly's update_layout does)."""
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = value
    return target


def place_footer(
    layout: dict, height: int, source: str, lang: str, gap: int = 48, top: int = 60, rows: int = 1
) -> dict:
    """Below the plot, in pixels: the x-axis labels (`gap`), `rows` of legend, the source lines."""
    bottom = gap + 22 * rows + 16 * (source.count("\n") + 1) + 24
    plot = max(height - top - bottom, 1)
    merge(
        layout,
        {
            "height": height,
            "margin": {"t": top, "b": bottom},
            "legend": {"orientation": "h", "yanchor": "top", "y": -gap / plot, "x": 0},
        },
    )
    text = plain_label(f"{word('source', lang)}: {source}")
    for note in layout.get("annotations") or []:
        if note.get("text") == text:
            note.update(yanchor="top", align="left", y=-(gap + 22 * rows + 12) / plot)
    return layout


def empty_layout(title: str, lang: str, message: str | None = None) -> dict:
    """The layout of common.empty_figure."""
    layout = base_layout(title, lang, height=260)
    merge(layout, {"xaxis": {"visible": False}, "yaxis": {"visible": False}})
    layout.setdefault("annotations", []).append(
        {
            "text": plain_label(message or word("empty", lang)),
            "xref": "paper",
            "yref": "paper",
            "x": 0.5,
            "y": 0.5,
            "showarrow": False,
            "font": {"size": 15, "color": "#5b6670"},
        }
    )
    return layout


def empty_figure(title: str, lang: str, message: str | None = None) -> go.Figure:
    return figure(empty_layout(title, lang, message), [])


def with_meta(layout: dict, unit: str, decimals: int = 0) -> dict:
    """common.export_meta on a layout dict."""
    layout["meta"] = {**(layout.get("meta") or {}), "unit": unit, "decimals": int(decimals)}
    return layout


def time_series_parts(
    series: pd.DataFrame,
    title: str,
    lang: str,
    unit: str,
    decimals: int = 0,
    source: str = "",
    targets: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    y_title: str = "",
) -> tuple[dict, list[dict]] | None:
    """common.time_series as (layout, traces) dicts; None when `series` is empty."""
    if series.empty:
        return None
    layout = base_layout(title, lang, source, y_title)
    traces: list[dict] = []
    fmt = value_format(unit, decimals)
    tail = suffix(unit, lang)
    for i, (label, rows) in enumerate(series.groupby("label", sort=False)):
        rows = rows.sort_values("x")
        name = plain_label(label)
        colour = PALETTE[i % len(PALETTE)]
        illustrative = is_illustrative(rows["status"])
        traces.append(
            {
                "type": "scatter",
                "x": rows["x"],
                "y": rows["value"],
                "name": name,
                "mode": "lines+markers",
                "line": {"color": colour, "width": 2.5},
                "marker": {
                    "size": 9,
                    "color": ["#ffffff" if ill else colour for ill in illustrative],
                    "line": {"color": colour, "width": 2},
                    "symbol": "circle",
                },
                "customdata": status_hover(rows["status"], lang),
                "hovertemplate": f"%{{x}}: %{{y:{fmt}}}{tail}%{{customdata}}<extra>{name}</extra>",
            }
        )
    if targets is not None and not targets.empty:
        targets = targets.sort_values("x")
        status = targets["status"] if "status" in targets else pd.Series("final", index=targets.index)
        name = word("target", lang)
        if is_illustrative(status).any():
            name = f"{name} ({word('illustrative', lang).lower()})"
        traces.append(
            {
                "type": "scatter",
                "x": targets["x"],
                "y": targets["target"],
                "name": name,
                "mode": "lines",
                "line": {"color": TARGET_COLOUR, "dash": "dash", "shape": "hv", "width": 2},
                "customdata": status_hover(status, lang),
                "hovertemplate": (
                    f"{word('target', lang)} %{{x}}: %{{y:{fmt}}}{tail}%{{customdata}}<extra></extra>"
                ),
            }
        )
    if events is not None and not events.empty:
        traces.append(
            {
                "type": "scatter",
                "x": events["x"],
                "y": [1.0] * len(events),
                "yaxis": "y2",
                "name": events_label(lang),
                "mode": "markers",
                "marker": {"symbol": "triangle-down", "size": 12, "color": INK},
                "text": [plain_label(title) for title in events["title"]],
                "hovertemplate": "%{x}: %{text}<extra></extra>",
            }
        )
        layout["yaxis2"] = {"overlaying": "y", "range": [0, 1.05], "visible": False, "fixedrange": True}
    for key in [k for k in layout if k.startswith("yaxis")]:
        layout[key]["tickformat"] = fmt
        layout[key]["ticksuffix"] = suffix(unit, lang).replace(" NOK", "").replace(" kr", "")
    return with_meta(layout, unit, decimals), traces


def array(path: str, key: str, value) -> object:
    """A data array (a layout's `categoryarray`, `tickvals`, ...) as plotly's validator stores it."""
    return ValidatorCache.get_validator(path, key).validate_coerce(value)
