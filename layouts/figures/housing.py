"""Housing charts: a programme's trend over the years (with events) and one indicator's months.

Pure: DataFrames in, `go.Figure` out; no Dash, no I/O, inputs never changed. Every point and
bar carries its drill key in `customdata[1]`: '<programme>/<period>' ('startlan/2016',
'startlan/2016-03'); `customdata[0]` is the hover mark for illustrative figures.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from layouts import format as fmt
from layouts.figures.common import (
    INK,
    PALETTE,
    base_layout,
    events_label,
    is_illustrative,
    plain_label,
    status_hover,
    suffix,
    value_format,
)
from layouts.figures.fast import array, empty_figure, figure, merge, time_series_parts, with_meta
from layouts.filters import subperiod_label
from layouts.i18n import t

HATCH = {"shape": "/", "fgcolor": INK, "fgopacity": 0.5, "solidity": 0.35}
SELECTED_BAND = PALETTE[4]  # sky blue, behind the data


def drill_key(programme: str, period: str) -> str:
    return f"{programme}/{period}"


def parse_drill(click_data: dict | None) -> tuple[str, str] | None:
    """(programme, period) from a clicked point's customdata, or None (events, no data)."""
    try:
        key = click_data["points"][0]["customdata"][1]
    except (KeyError, IndexError, TypeError):
        return None
    if not isinstance(key, str) or key.count("/") != 1:
        return None
    programme, period = key.split("/")
    return (programme, period) if programme and period else None


def year_span(years) -> str:
    """'2013–2016', or '2016' for one year; '' for none."""
    years = sorted({int(y) for y in years})
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def _value_axis(layout: dict, unit: str, decimals: int, values: pd.Series) -> None:
    """Value ticks as in the hover labels (the unit word is in the axis title), from zero, with
    room above the highest value for the event markers."""
    top = values.max() if len(values) else None
    room = top is not None and top > 0 and values.min() >= 0
    merge(  # the first axis only: the events' axis keeps its own range
        layout.setdefault("yaxis", {}),
        {
            "tickformat": value_format(unit, decimals),
            "ticksuffix": "",
            "rangemode": "tozero",
            **({"range": [0, float(top) * 1.18]} if room else {}),
        },
    )


def trend(
    series: pd.DataFrame,
    events: pd.DataFrame | None,
    title: str,
    lang: str,
    unit: str,
    programme: str,
    decimals: int = 0,
    source: str = "",
    y_title: str = "",
    selected_year: int | None = None,
) -> go.Figure:
    """One line per indicator over the years, event markers at their dates, the year band.

    series: columns label, year (int), value, status. events: columns date ('2016',
    '2016-06', '2016-06-14'), x (position on the year axis, see
    data.query_housing.event_position), title. Clicking a point drills to that year.
    """
    if series.empty:
        return empty_figure(title, lang)
    if events is None:
        events = pd.DataFrame(columns=["date", "x", "title"])
    marks = events.assign(
        title=[f"{fmt.date(d, lang)}: {s}" for d, s in zip(events["date"], events["title"], strict=True)]
    )
    layout, traces = time_series_parts(
        series.rename(columns={"year": "x"}),
        title,
        lang,
        unit,
        decimals,
        source,
        events=marks[["x", "title"]],
        y_title=y_title,
    )
    events_name = events_label(lang)
    for trace in traces:
        if trace.get("name") == events_name and trace.get("yaxis") == "y2":
            trace["hovertemplate"] = f"%{{text}}<extra>{events_name}</extra>"
            continue
        keys = [drill_key(programme, str(int(x))) for x in trace["x"]]
        trace["customdata"] = [[mark, key] for mark, key in zip(trace["customdata"], keys, strict=True)]
        trace["hovertemplate"] = trace["hovertemplate"].replace("%{customdata}", "%{customdata[0]}")
    years = sorted({int(y) for y in series["year"]})
    low = min([years[0] - 0.5, *marks["x"]]) if len(marks) else years[0] - 0.5
    high = max([years[-1] + 0.5, *marks["x"]]) if len(marks) else years[-1] + 0.5
    for key in [k for k in layout if k.startswith("xaxis")]:
        merge(
            layout[key],
            {
                "tickmode": "array",
                "tickvals": array("layout.xaxis", "tickvals", years),
                "ticktext": array("layout.xaxis", "ticktext", [str(y) for y in years]),
                "range": [low - 0.1, high + 0.1],
                "title": {"text": t("housing_axis_year", lang)},
                "showgrid": False,
            },
        )
    _value_axis(layout, unit, decimals, series["value"])
    entries = len(traces)  # a long legend takes two rows above the plot
    merge(
        layout,
        {
            "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
            "margin": {"t": 90 if entries <= 3 else 115},
            "height": 380 if entries <= 3 else 405,
        },
    )
    if selected_year is not None and selected_year in years and len(years) > 1:  # one year: no band
        x0, x1 = selected_year - 0.5, selected_year + 0.5
        layout.setdefault("shapes", []).append(
            {
                "type": "rect",
                "x0": x0,
                "x1": x1,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "y domain",
                "fillcolor": SELECTED_BAND,
                "opacity": 0.15,
                "line": {"width": 0},
                "layer": "below",
            }
        )
        layout.setdefault("annotations", []).append(
            {
                "text": t("housing_selected_year", lang),
                "x": x0,
                "xanchor": "left",
                "xref": "x",
                "y": 0,
                "yanchor": "bottom",
                "yref": "y domain",
                "showarrow": False,
                "font": {"size": 11, "color": INK},
            }
        )
    return figure(layout, traces)


def month_bars(
    months: pd.DataFrame,
    title: str,
    lang: str,
    unit: str,
    programme: str,
    name: str,
    decimals: int = 0,
    source: str = "",
    subtitle: str = "",
    y_title: str = "",
    selected_month: int | None = None,
) -> go.Figure:
    """One bar per month; illustrative months hatched and marked in the hover label.

    months: columns period ('2016-03'), month (int), value, status. The chosen month, if any,
    is outlined and the others are paler. Clicking a bar drills to that month.
    """
    if months.empty:
        return empty_figure(title, lang)
    layout = base_layout(title, lang, source, y_title)
    name = plain_label(name)  # the indicator's name: data text, in the legend and hover label
    months = months.sort_values("month")
    chosen = [selected_month is None or m == selected_month for m in months["month"]]
    tail = suffix(unit, lang)
    bar = {
        "type": "bar",
        "x": [subperiod_label(f"M{m:02d}", lang) for m in months["month"]],
        "y": months["value"],
        "name": name,
        "marker": {
            "color": PALETTE[0],
            "opacity": [1.0 if c else 0.45 for c in chosen],
            "line": {
                "color": INK,
                "width": [2.5 if selected_month is not None and c else 0 for c in chosen],
            },
            "pattern": {
                **HATCH,
                "shape": ["/" if ill else "" for ill in is_illustrative(months["status"])],
            },
        },
        "customdata": [
            [mark, drill_key(programme, period), fmt.period(period, lang)]
            for mark, period in zip(status_hover(months["status"], lang), months["period"], strict=True)
        ],
        "hovertemplate": (
            f"%{{customdata[2]}}: %{{y:{value_format(unit, decimals)}}}{tail}%{{customdata[0]}}"
            f"<extra>{name}</extra>"
        ),
    }
    merge(layout, {"xaxis": {"title": {"text": t("housing_axis_month", lang)}, "showgrid": False}})
    _value_axis(layout, unit, decimals, months["value"])
    layout["showlegend"] = False
    if subtitle:
        merge(layout, {"title": {"subtitle": {"text": plain_label(subtitle)}}, "margin": {"t": 80}})
    return figure(with_meta(layout, unit, decimals), [bar])
