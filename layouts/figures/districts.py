"""District charts: the districts side by side, small multiples over time, one district's
indicator against its target and the other districts' average.

Pure: DataFrames in, `go.Figure` out; no Dash, no I/O, inputs never changed. Bars are coloured
by status against target and say it in their text (symbol + word); illustrative figures are
hatched bars or open markers and say «Illustrativt tall» in the hover label.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from layouts import format as fmt
from layouts.figures.common import (
    AVERAGE_COLOUR,
    INK,
    PALETTE,
    STATUS_STYLE,
    TARGET_COLOUR,
    base_layout,
    is_illustrative,
    plain_label,
    status_hover,
    suffix,
    value_format,
    word,
)
from layouts.figures.fast import (
    array,
    empty_figure,
    figure,
    merge,
    place_footer,
    time_series_parts,
    with_meta,
)
from layouts.i18n import t

HATCH = {"shape": "/", "fgcolor": INK, "fgopacity": 0.5, "solidity": 0.35}
AXIS_KEYS = {"count": "count", "percent": "percent", "days": "days", "nok": "nok", "years": "years"}
COLUMNS = 4  # small multiples per row
GRID = "#e3e7eb"


def drill_key(click_data: dict | None) -> str | None:
    """The district's unit id in a clicked point's customdata[0], or None."""
    try:
        data = click_data["points"][0]["customdata"]
    except (KeyError, IndexError, TypeError):
        return None
    key = data[0] if isinstance(data, list | tuple) and data else None  # target marks are plain text
    return key if isinstance(key, str) and key.strip() else None


def axis_title(unit: str, lang: str) -> str:
    """'Antall', 'Prosent', 'Dager', ... for an indicator's measure unit."""
    return t(f"districts_axis_{AXIS_KEYS.get(unit, 'value')}", lang)


def status_label(status: str, lang: str) -> str:
    """'✓ Nådd' / '✕ Not met': symbol and word, so status never rests on colour alone."""
    style = STATUS_STYLE.get(status, STATUS_STYLE["n/a"])
    return f"{style['symbol']} {style['en' if lang == 'en' else 'nb']}"


def target_label(source: str, n_districts: int, illustrative: bool, lang: str) -> str:
    """The legend text of a target line: whose target it is, and whether it is illustrative."""
    if source == "share":
        text = t("districts_target_share", lang, n=n_districts)
    elif source == "parent":
        text = t("districts_target_parent", lang)
    else:
        text = t("districts_target_district", lang)
    return f"{text} ({t('districts_illustrative_short', lang)})" if illustrative else text


def target_mark(status: str, lang: str) -> str:
    """' (illustrativt mål)' after a target that is not a decided one."""
    return f" ({t('districts_target_illustrative', lang)})" if status == "illustrative" else ""


def per_district(unit: str) -> bool:
    """Counts and amounts add up over the districts: their mean is an average per district."""
    return unit in ("count", "nok")


def average_label(unit: str, lang: str) -> str:
    """Non-additive measures: the districts' mean; counts: the average per district."""
    return t("districts_average_per" if per_district(unit) else "districts_average_mean", lang)


def _finite(x: object) -> bool:
    return isinstance(x, int | float) and math.isfinite(x)


def tick_format(unit: str, decimals: int, high: float) -> str:
    """Axis ticks: the unit's format; small count axes (below 5) get up to two decimals."""
    if unit not in ("percent", "days", "nok") and _finite(high) and high < 5:
        return ",.2~f"
    return value_format(unit, decimals)


def tick_suffix(unit: str, lang: str) -> str:
    """' %' or ' dager' on the ticks; amounts have the unit in the axis title instead."""
    return "" if unit == "nok" else suffix(unit, lang)


def wrap_source(text: str, width: int = 90) -> str:
    """A long source line broken at '; ' (a line break, '\n') so it fits under a half-width chart."""
    lines: list[str] = []
    for part in text.split("; "):
        if lines and len(lines[-1]) + len(part) + 2 <= width:
            lines[-1] += f"; {part}"
        else:
            lines.append(part)
    return "\n".join(lines)


def _hover_detail(row: dict, unit: str, decimals: int, lang: str) -> str:
    """The hover lines after a bar's value: target and status against it."""
    if not _finite(row.get("target")):
        return f"<br>{status_label('n/a', lang)}"
    target = fmt.value(row["target"], unit, decimals, lang)
    mark = target_mark(row.get("target_status", ""), lang)
    return f"<br>{word('target', lang)}: {target}{mark}<br>{status_label(row['vs_target'], lang)}"


def district_bars(
    rows: pd.DataFrame,
    title: str,
    lang: str,
    unit: str,
    decimals: int = 0,
    source: str = "",
    average: dict | None = None,
    n_districts: int = 0,
    empty_message: str | None = None,
) -> go.Figure:
    """One horizontal bar per district in the order given (sorted by the query).

    rows: columns unit_id, name, value, status, target, target_status, target_source,
    vs_target (as from data.query_districts.district_values); customdata[0] is the unit id.
    average: {'value', 'status', 'n'} drawn as a dotted reference line. The target is a tick
    on each bar, joined by a dashed line when every district has the same target.
    """
    if rows.empty:
        return empty_figure(title, lang, empty_message)
    source = wrap_source(source, 150)
    fmt_d3, tail = value_format(unit, decimals), suffix(unit, lang)
    records = rows.to_dict("records")
    names = [plain_label(r["name"]) for r in records]  # tick and hover labels: data text, shown as is
    height = 200 + 42 * len(records)
    layout = base_layout(title, lang, source, height=height)
    illustrative = is_illustrative(rows["status"]).tolist()
    marks = status_hover(rows["status"], lang)
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "y": names,
            "x": rows["value"],
            "marker": {
                "color": [STATUS_STYLE.get(r["vs_target"], STATUS_STYLE["n/a"])["colour"] for r in records],
                "line": {"color": INK, "width": 0.5},
                "pattern": {**HATCH, "shape": ["/" if ill else "" for ill in illustrative]},
            },
            "text": [
                f"{fmt.value(r['value'], unit, decimals, lang)}  {status_label(r['vs_target'], lang)}"
                for r in records
            ],
            "textposition": "outside",
            "cliponaxis": False,
            "customdata": [
                [r["unit_id"], _hover_detail(r, unit, decimals, lang) + m]
                for r, m in zip(records, marks, strict=True)
            ],
            "hovertemplate": f"<b>%{{y}}</b><br>%{{x:{fmt_d3}}}{tail}%{{customdata[1]}}<extra></extra>",
            "showlegend": False,
            "name": "",
        }
    ]
    traces += _target_trace(rows, names, unit, decimals, n_districts, lang)
    has_average = bool(average) and _finite(average.get("value"))
    if has_average:
        label = average_label(unit, lang)
        mark = status_hover(pd.Series([average["status"]]), lang)[0]
        traces.append(
            {
                "type": "scatter",
                "x": [average["value"]] * len(names),
                "y": names,
                "mode": "lines+markers",
                "line": {"color": AVERAGE_COLOUR, "dash": "dot", "width": 2},
                "marker": {"symbol": "line-ns", "size": 26, "line": {"color": AVERAGE_COLOUR, "width": 2}},
                "name": label,
                "hovertemplate": f"{label}: %{{x:{fmt_d3}}}{tail}{mark}<extra></extra>",
            }
        )
    traces += _status_legend([r["vs_target"] for r in records], any(illustrative), lang)
    high = max(
        [
            float(rows["value"].max()),
            *[float(x) for x in rows["target"] if _finite(x)],
            *([float(average["value"])] if has_average else []),
        ]
    )
    merge(
        layout,
        {
            "barmode": "overlay",
            "margin": {"l": 120, "r": 30},
            "yaxis": {"autorange": "reversed", "type": "category", "title": {"text": ""}},
            "xaxis": {
                "title": {"text": axis_title(unit, lang)},
                "range": [0, high * 1.45 if high > 0 else 1],
                "tickformat": tick_format(unit, decimals, high),
                "ticksuffix": tick_suffix(unit, lang),
                "gridcolor": GRID,
            },
        },
    )
    with_meta(layout, unit, decimals)
    return figure(place_footer(layout, height, source, lang, gap=56, rows=2), traces)


def _target_trace(rows, names, unit, decimals, n_districts, lang) -> list[dict]:
    """A tick on each bar at the district's target; a dashed line when they are all the same."""
    has = [_finite(x) for x in rows["target"]]
    if not any(has):
        return []
    targets = rows[has]
    same = targets["target"].nunique() == 1 and all(has)
    illustrative = bool(is_illustrative(targets["target_status"]).any())
    sources = [s for s in dict.fromkeys(targets["target_source"]) if s]
    source = sources[0] if len(sources) == 1 else "district"
    fmt_d3, tail = value_format(unit, decimals), suffix(unit, lang)
    return [
        {
            "type": "scatter",
            "x": targets["target"],
            "y": [n for n, h in zip(names, has, strict=True) if h],
            "mode": "lines+markers" if same and len(targets) > 1 else "markers",
            "line": {"color": TARGET_COLOUR, "dash": "dash", "width": 2},
            "marker": {"symbol": "line-ns", "size": 30, "line": {"color": TARGET_COLOUR, "width": 3}},
            "name": target_label(source, n_districts, illustrative, lang),
            "customdata": [target_mark(s, lang) for s in targets["target_status"]],
            "hovertemplate": (
                f"%{{y}}: {word('target', lang)} %{{x:{fmt_d3}}}{tail}%{{customdata}}<extra></extra>"
            ),
        }
    ]


def _status_legend(statuses: list[str], hatched: bool, lang: str) -> list[dict]:
    """Legend entries for the status colours used (with symbol and word) and the hatching."""
    entries = [
        {
            "type": "bar",
            "x": [None],
            "y": [None],
            "orientation": "h",
            "marker": {"color": STATUS_STYLE[status]["colour"]},
            "name": status_label(status, lang),
            "hoverinfo": "skip",
        }
        for status in [s for s in STATUS_STYLE if s in statuses]
    ]
    if hatched:
        entries.append(
            {
                "type": "bar",
                "x": [None],
                "y": [None],
                "orientation": "h",
                "marker": {"color": "#ffffff", "line": {"color": INK, "width": 1}, "pattern": dict(HATCH)},
                "name": t("districts_hatched", lang),
                "hoverinfo": "skip",
            }
        )
    return entries


def subplot_grid(names: list[str], rows: int, cols: int, horizontal: float, vertical: float) -> dict:
    """The axes and panel titles `make_subplots(rows, cols, shared_xaxes="all",
    shared_yaxes="all", subplot_titles=names, ...)` writes into a layout, computed as it does
    (tests/layouts/test_figures_fast.py compares them for every grid the page can draw)."""
    widths = [(1.0 - horizontal * (cols - 1)) / cols] * cols
    heights = [(1.0 - vertical * (rows - 1)) / rows] * rows
    layout: dict = {}
    titles = []
    for r in range(rows):
        for c in range(cols):
            n = r * cols + c + 1
            x0 = sum(widths[:c]) + c * horizontal
            y0 = sum(heights[: rows - 1 - r]) + (rows - 1 - r) * vertical
            x_domain = [x0, x0 + widths[c]]
            y_domain = [min(max(y0, 0.0), 1.0), min(max(y0 + heights[-1 - r], 0.0), 1.0)]
            label = "" if n == 1 else str(n)
            x_axis: dict = {"anchor": f"y{label}", "domain": x_domain}
            y_axis: dict = {"anchor": f"x{label}", "domain": y_domain}
            first = (rows - 1) * cols + 1  # the bottom-left panel: the others match it
            if n != first:
                x_axis["matches"] = f"x{first if first > 1 else ''}"
                y_axis["matches"] = f"y{first if first > 1 else ''}"
                if r < rows - 1:
                    x_axis["showticklabels"] = False
                if c > 0:
                    y_axis["showticklabels"] = False
            layout[f"xaxis{label}"], layout[f"yaxis{label}"] = x_axis, y_axis
            if n <= len(names) and names[n - 1]:
                titles.append(
                    {
                        "y": y_domain[1],
                        "xref": "paper",
                        "x": sum(x_domain) / 2.0,
                        "yref": "paper",
                        "text": names[n - 1],
                        "showarrow": False,
                        "font": {"size": 16},
                        "xanchor": "center",
                        "yanchor": "bottom",
                    }
                )
    layout["annotations"] = titles
    return layout


def small_multiples(
    series: pd.DataFrame,
    title: str,
    lang: str,
    unit: str,
    decimals: int = 0,
    source: str = "",
    n_districts: int = 0,
    empty_message: str | None = None,
) -> go.Figure:
    """One small panel per district over the years, all on the same y-axis.

    series: columns unit_id, name, x (year), value, status, target, target_status,
    target_source (as from data.query_districts.district_series), in district order. Each
    point's customdata[0] is the unit id (a click opens the district). Illustrative points are
    open markers; the target is a dashed step line, centred on each year.
    """
    if series.empty:
        return empty_figure(title, lang, empty_message)
    source = wrap_source(source, 150)
    # Each district's rows as positions (in the frame's order), read from plain arrays once
    # instead of a pandas selection per district.
    at: dict[object, list[int]] = {}
    for position, unit_id in enumerate(series["unit_id"].tolist()):
        at.setdefault(unit_id, []).append(position)
    districts = list(at)
    column = {c: series[c].to_numpy() for c in ("name", "x", "value", "status", "target", "target_status")}
    names = [plain_label(column["name"][at[u][0]]) for u in districts]
    cols = min(COLUMNS, len(districts))
    nrows = math.ceil(len(districts) / cols)
    height = 170 + 200 * nrows
    layout = base_layout(title, lang, source, height=height)
    footer = layout.pop("annotations", [])  # after the panel titles
    merge(layout, subplot_grid(names, nrows, cols, 0.04, 0.5 / nrows))
    layout["annotations"] += footer
    fmt_d3, tail = value_format(unit, decimals), suffix(unit, lang)
    colour = PALETTE[0]
    finite = [_finite(x) for x in column["target"].tolist()]
    goals_all = series[finite]
    labels = series.index.to_numpy()
    first_goal = goals_all.index[0] if len(goals_all) else None
    target_name = target_label(
        goals_all["target_source"].iloc[0] if len(goals_all) else "",
        n_districts,
        bool(is_illustrative(goals_all["target_status"]).any()),
        lang,
    )
    traces = []
    for i, unit_id in enumerate(districts):
        axes = {"xaxis": f"x{i + 1 if i else ''}", "yaxis": f"y{i + 1 if i else ''}"}
        rows = sorted(at[unit_id], key=lambda p: column["x"][p])  # positions, by year
        statuses = column["status"][rows]
        traces.append(
            {
                "type": "scatter",
                "x": column["x"][rows],
                "y": column["value"][rows],
                "mode": "lines+markers",
                "line": {"color": colour, "width": 2},
                "marker": {
                    "size": 8,
                    "color": ["#ffffff" if s == "illustrative" else colour for s in statuses],
                    "line": {"color": colour, "width": 2},
                },
                "name": t("districts_value", lang),
                "legendgroup": "value",
                "showlegend": i == 0,
                "customdata": [[unit_id, m] for m in status_hover(statuses, lang)],
                "hovertemplate": f"%{{x}}: %{{y:{fmt_d3}}}{tail}%{{customdata[1]}}<extra>{names[i]}</extra>",
                **axes,
            }
        )
        goals = [p for p in rows if finite[p]]
        if len(goals):
            traces.append(
                {
                    "type": "scatter",
                    "x": column["x"][goals],
                    "y": column["target"][goals],
                    "mode": "lines",
                    "line": {"color": TARGET_COLOUR, "dash": "dash", "shape": "hvh", "width": 1.5},
                    "name": target_name,
                    "legendgroup": "target",
                    "showlegend": bool(first_goal in set(labels[goals].tolist())),
                    "customdata": [target_mark(s, lang) for s in column["target_status"][goals]],
                    "hovertemplate": f"{word('target', lang)} %{{x}}: %{{y:{fmt_d3}}}{tail}%{{customdata}}"
                    f"<extra>{names[i]}</extra>",
                    **axes,
                }
            )
    if is_illustrative(series["status"]).any():
        traces.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "markers",
                "marker": {"size": 8, "color": "#ffffff", "line": {"color": colour, "width": 2}},
                "name": t("districts_open", lang),
                "hoverinfo": "skip",
            }
        )
    high = max([float(series["value"].max()), *[float(x) for x in goals_all["target"]]])
    categories = sorted(series["x"].unique())
    for n in range(1, nrows * cols + 1):
        label = "" if n == 1 else str(n)
        merge(
            layout[f"xaxis{label}"],
            {
                "type": "category",
                "categoryorder": "array",
                "categoryarray": array("layout.xaxis", "categoryarray", categories),
                "tickfont": {"size": 11},
                "gridcolor": "#f0f2f4",
            },
        )
        merge(
            layout[f"yaxis{label}"],
            {
                "tickformat": tick_format(unit, decimals, high),
                "ticksuffix": tick_suffix(unit, lang),
                "rangemode": "tozero",
                "gridcolor": GRID,
                "zerolinecolor": "#aab4bd",
                "title": {"text": axis_title(unit, lang) if n % cols == 1 or cols == 1 else ""},
            },
        )
    with_meta(layout, unit, decimals)
    return figure(place_footer(layout, height, source, lang, gap=40, top=90), traces)


def district_chart(
    series: pd.DataFrame,
    targets: pd.DataFrame,
    events: pd.DataFrame,
    title: str,
    lang: str,
    unit: str,
    decimals: int = 0,
    source: str = "",
    labels: dict[str, str] | None = None,
    n_districts: int = 0,
    empty_message: str | None = None,
) -> go.Figure:
    """One indicator of one district over the years (common.time_series), with the other
    districts' average, its target (dashed, centred on each year) and events (markers on top).

    series: columns series ('district' / 'others'), x (year), value, status.
    targets: columns x, target, status, source ('district' / 'parent' / 'share', as from
    data.query_districts.profile_targets). events: columns x, title. `labels` names the series.
    """
    if series.empty or not (series["series"] == "district").any():
        return empty_figure(title, lang, empty_message)
    labels = labels or {}
    source = wrap_source(source)
    named = series.assign(label=series["series"].map(lambda s: labels.get(s, s)))
    targets = targets.sort_values("x", kind="stable") if len(targets) else None
    years = sorted(series["x"].unique())
    if events is not None and len(events):
        events = events[events["x"].between(years[0], years[-1])]
    layout, traces = time_series_parts(
        named,
        title,
        lang,
        unit,
        decimals,
        source,
        targets=targets,
        events=events,
        y_title=axis_title(unit, lang),
    )
    if targets is not None:
        fmt_d3, tail = value_format(unit, decimals), suffix(unit, lang)
        illustrative = bool(is_illustrative(targets["status"]).any())
        name = target_label(str(targets["source"].iloc[0]), n_districts, illustrative, lang)
        for trace in traces:
            if (trace.get("name") or "").startswith(word("target", lang)):
                trace["name"] = name
                trace.setdefault("line", {})["shape"] = "hvh"
                trace["customdata"] = [target_mark(s, lang) for s in targets["status"]]
                trace["hovertemplate"] = (
                    f"{word('target', lang)} %{{x}}: %{{y:{fmt_d3}}}{tail}%{{customdata}}<extra></extra>"
                )
    high = max([float(series["value"].max()), *([] if targets is None else targets["target"].tolist())])
    yaxis = {"rangemode": "tozero", "tickformat": tick_format(unit, decimals, high)}
    if high > 0 and float(series["value"].min()) >= 0:
        yaxis["range"] = [0, high * 1.2]  # room for the event markers along the top
    categories = array("layout.xaxis", "categoryarray", years)
    merge(
        layout,
        {
            "xaxis": {
                "type": "category",
                "categoryorder": "array",
                "categoryarray": categories,
                "title": {"text": ""},
            },
            "yaxis": yaxis,
            # Two legend entries a row: a wrapped horizontal legend otherwise gives each entry its own row.
            "legend": {"entrywidthmode": "fraction", "entrywidth": 0.5},
        },
    )
    return figure(place_footer(layout, 400, source, lang, gap=36, top=50, rows=2), traces)
