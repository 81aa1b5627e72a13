"""Overview charts: the sparkline of a KPI card, an indicator's time series with its target line
and events, and the indicator broken down by unit.

Pure: DataFrames in, `go.Figure` out (the sparkline: a static SVG); no Dash, no I/O, inputs
never changed. Illustrative figures are open markers or hatched bars and say «Illustrativt tall»
in the hover label.
"""

from __future__ import annotations

import math
from itertools import pairwise
from urllib.parse import quote

import pandas as pd
import plotly.graph_objects as go

from layouts import format as fmt
from layouts.figures.common import (
    INK,
    PALETTE,
    STATUS_STYLE,
    base_layout,
    is_illustrative,
    plain_label,
    status_hover,
    suffix,
    value_format,
    word,
)
from layouts.figures.fast import array, empty_figure, figure, merge, time_series_parts, with_meta
from layouts.format import normalize_lang
from layouts.i18n import t

LINE_COLOUR = PALETTE[0]
HATCH = {"shape": "/", "fgcolor": INK, "fgopacity": 0.45, "solidity": 0.3}


def mid_year(year: int) -> str:
    """Where an annual figure sits on a date axis: the middle of its year."""
    return f"{int(year)}-07-01"


def event_x(date: str) -> str:
    """Where an event sits on a date axis: its day; mid-month or mid-year when that is all we know."""
    if len(date) == 4:
        return mid_year(int(date))
    if len(date) == 7:
        return f"{date}-15"
    return date


def status_label(against: str, lang: str) -> str:
    """'✓ Nådd', '! Nesten', '✕ Ikke nådd', '– Uten mål': the symbol and the word, never colour alone."""
    style = STATUS_STYLE.get(against, STATUS_STYLE["n/a"])
    return f"{style['symbol']} {style[normalize_lang(lang)]}"


def _tick_suffix(unit: str, lang: str) -> str:
    """Tick labels carry ' %' or ' dager' but not the currency (the axis title says kroner)."""
    return suffix(unit, lang).replace(" NOK", "").replace(" kr", "")


def place_footer(layout: dict, legend_px: int = 50, source_px: int = 82, bottom: int = 110) -> dict:
    """Put the legend and the source line below the plot at fixed pixel offsets, so that
    neither covers the tick labels nor each other whatever the chart's height."""
    plot_height = max(layout["height"] - layout["margin"]["t"] - bottom, 60)
    merge(layout, {"margin": {"b": bottom}, "legend": {"y": -legend_px / plot_height, "yanchor": "top"}})
    if layout.get("annotations"):
        layout["annotations"][0].update(y=-source_px / plot_height, yanchor="top")
    return layout


# Sparkline geometry, in the SVG's own units: 56 high (as drawn, so y is in pixels) and a
# nominal width stretched to the card's (preserveAspectRatio="none"); strokes keep their width
# and the dots stay round whatever the stretch (vector-effect: non-scaling-stroke).
SPARK_WIDTH, SPARK_HEIGHT = 240, 56
SPARK_PAD_X, SPARK_PAD_Y = 12, 11
SPARK_LINE, SPARK_DOT, SPARK_RING = 2, 7, 1.5  # line width, marker diameter, marker ring (as plotly's)


def _spark_xy(points: pd.DataFrame) -> list[tuple[float, float] | None]:
    """Each year's position in the SVG (higher values higher up), None where the value is missing."""
    years = pd.to_numeric(points["year"], errors="coerce").astype(float).tolist()
    values = pd.to_numeric(points["value"], errors="coerce").astype(float).tolist()
    return _spark_place(years, values)


def _spark_place(years: list[float], values: list[float]) -> list[tuple[float, float] | None]:
    known = [v for v in values if math.isfinite(v)]
    x0, x1 = min(years), max(years)
    low, high = (min(known), max(known)) if known else (0.0, 0.0)
    width, height = SPARK_WIDTH - 2 * SPARK_PAD_X, SPARK_HEIGHT - 2 * SPARK_PAD_Y

    def place(year: float, value: float) -> tuple[float, float] | None:
        if not (math.isfinite(year) and math.isfinite(value)):
            return None
        x = SPARK_PAD_X + (width * (year - x0) / (x1 - x0) if x1 > x0 else width / 2)
        y = SPARK_PAD_Y + (height * (high - value) / (high - low) if high > low else height / 2)
        return round(x, 1), round(y, 1)

    return [place(year, value) for year, value in zip(years, values, strict=True)]


def _dots(xy: list[tuple[float, float]]) -> str:
    # A zero-length segment with round caps is a dot as wide as the stroke, round at any stretch.
    return "".join(f"M{x:g} {y:g}h0" for x, y in xy)


def _stroke(name: str, d: str, colour: str, width: float) -> str:
    return (
        f"<path class='{name}' d='{d}' stroke='{colour}' stroke-width='{width:g}' fill='none' "
        "stroke-linecap='round' stroke-linejoin='round' vector-effect='non-scaling-stroke'/>"
    )


def sparkline_svg(points: pd.DataFrame) -> str:
    """A small line over the years for a KPI card, as SVG markup: points (year, value, status).

    No axes, texts or hover (the card states the figures); a missing value breaks the line, a
    lone year is just its dot, and illustrative years are open (white) dots. Only numbers from
    the data go into the markup. Drawn on the server: a page shows one per card, and hundreds
    of plotly graphs cost the browser minutes.
    """
    if points.empty:
        return _svg([], [])
    points = points.sort_values("year")
    return _svg(_spark_xy(points), is_illustrative(points["status"]).tolist())


def sparkline_svg_lists(years: list[float], values: list[float], statuses: list) -> str | None:
    """`sparkline_svg` of the points (years, values as floats, NaN where not a number; statuses),
    without a frame; None when the years are not strictly increasing (no sort needed only then:
    ties or gaps go through `sparkline_svg`)."""
    if not years:
        return _svg([], [])
    if not all(math.isfinite(y) for y in years) or any(b <= a for a, b in pairwise(years)):
        return None
    open_dot = [isinstance(s, str) and s == "illustrative" for s in statuses]
    return _svg(_spark_place(years, values), open_dot)


def _svg(xy: list[tuple[float, float] | None], open_dot: list[bool]) -> str:
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {SPARK_WIDTH} {SPARK_HEIGHT}' "
        f"width='{SPARK_WIDTH}' height='{SPARK_HEIGHT}' preserveAspectRatio='none'>"
    ]
    if xy:
        line, pen = [], "M"
        for p in xy:
            if p is None:
                pen = "M"  # a gap: the next point starts a new stretch of line
                continue
            line.append(f"{pen}{p[0]:g} {p[1]:g}")
            pen = "L"
        shown = [p for p in xy if p is not None]
        hollow = [p for p, ill in zip(xy, open_dot, strict=True) if p is not None and ill]
        if len(shown) > 1:
            parts.append(_stroke("line", "".join(line), LINE_COLOUR, SPARK_LINE))
        if shown:
            parts.append(_stroke("dot", _dots(shown), LINE_COLOUR, SPARK_DOT + SPARK_RING))
        if hollow:
            parts.append(_stroke("open", _dots(hollow), "#ffffff", SPARK_DOT - SPARK_RING))
    parts.append("</svg>")
    return "".join(parts)


def sparkline_url(svg: str) -> str:
    """An SVG as a `data:` URL for an <img> (the app's CSP allows `img-src data:`)."""
    return "data:image/svg+xml," + quote(svg, safe=" '=:/,.-")


def sparkline(points: pd.DataFrame) -> str:
    """The sparkline as a `data:` URL for an <img> (the app's CSP allows `img-src data:`)."""
    return sparkline_url(sparkline_svg(points))


def indicator_series(
    series: pd.DataFrame,
    title: str,
    lang: str,
    unit: str,
    decimals: int = 0,
    source: str = "",
    targets: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    y_title: str = "",
) -> go.Figure:
    """The indicator over the years, one line per unit, with its target line and event markers.

    series: label, year, value, status. targets: year, target, status (one line).
    events: date ('2016', '2016-06', '2016-06-14'), title. On a date axis, annual figures sit in
    the middle of their year, each year's target is a step across that year, and events sit on
    their date (mid-month or mid-year when less is known); an illustrative target says so.
    """
    if series.empty:
        return empty_figure(title, lang)
    lines = series.assign(x=series["year"].map(mid_year))
    goal = None
    if targets is not None and not targets.empty:
        # A step from the first to the last day of each year: the target holds for the whole year.
        goal = targets.sort_values("year")
        last = goal.iloc[[-1]].assign(x=f"{int(goal['year'].iloc[-1])}-12-31")
        goal = pd.concat(
            [goal.assign(x=goal["year"].map(lambda y: f"{int(y)}-01-01")), last], ignore_index=True
        )
    marks = None
    if events is not None and not events.empty:
        marks = events.assign(
            x=events["date"].map(event_x),
            title=[
                f"{fmt.date(d, lang)}: {text}"
                for d, text in zip(events["date"], events["title"], strict=True)
            ],
        )
    layout, traces = time_series_parts(lines, title, lang, unit, decimals, source, goal, marks, y_title)
    years = sorted(lines["year"].unique())
    merge(
        layout,
        {
            "xaxis": {
                "type": "date",
                "tickformat": "%Y",
                "hoverformat": "%Y",
                "tickvals": array("layout.xaxis", "tickvals", [mid_year(y) for y in years]),
                "range": [f"{years[0]}-01-01", f"{years[-1]}-12-31"],
            },
            "height": 420,
        },
    )
    return figure(place_footer(layout, legend_px=30, source_px=62, bottom=90), traces)


def _bar_text(row: dict, unit: str, decimals: int, lang: str) -> str:
    text = fmt.value(row["value"], unit, decimals, lang)
    return text if row["against_target"] == "n/a" else f"{text}  {status_label(row['against_target'], lang)}"


def _bar_hover(row: dict, unit: str, decimals: int, lang: str) -> str:
    """The hover lines after a bar's value: the target and the status, and what is illustrative."""
    lines = []
    if row["against_target"] != "n/a":
        target = fmt.value(row["target"], unit, decimals, lang)
        lines.append(f"{word('target', lang)}: {target} · {status_label(row['against_target'], lang)}")
        if row["target_status"] == "illustrative":
            lines.append(f"<i>{t('ov_target_illustrative', lang)}</i>")
    prefix = "".join(f"<br>{line}" for line in lines)
    # status_hover's line for this one status (without a Series per bar).
    return prefix + (f"<br><i>{word('illustrative', lang)}</i>" if row["status"] == "illustrative" else "")


def breakdown_bars(
    rows: pd.DataFrame,
    title: str,
    lang: str,
    unit: str,
    decimals: int = 0,
    source: str = "",
    x_title: str = "",
) -> go.Figure:
    """Horizontal bars per unit, largest at the top, with the unit id in customdata (the drill key).

    rows: unit_id, name, value, status, target, target_status, against_target (as from
    data.query_overview.breakdown). A bar with a target is coloured by its status and labelled
    with the symbol and the word; its target is a dark tick. Illustrative bars are hatched.
    """
    if rows.empty:
        return empty_figure(title, lang)
    records = rows.to_dict("records")
    fmt_value, tail = value_format(unit, decimals), suffix(unit, lang)
    colours = [
        LINE_COLOUR if r["against_target"] == "n/a" else STATUS_STYLE[r["against_target"]]["colour"]
        for r in records
    ]
    illustrative = is_illustrative(rows["status"]).tolist()
    layout = base_layout(title, lang, source, height=200 + 34 * len(records))
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "y": [plain_label(n) for n in rows["name"]],  # tick and hover labels: data text, shown as is
            "x": rows["value"],
            "customdata": rows["unit_id"],
            "text": [_bar_text(r, unit, decimals, lang) for r in records],
            "textposition": "outside",
            "cliponaxis": False,
            "hovertext": [_bar_hover(r, unit, decimals, lang) for r in records],
            "hovertemplate": f"<b>%{{y}}</b>: %{{x:{fmt_value}}}{tail}%{{hovertext}}<extra></extra>",
            "marker": {
                "color": colours,
                "line": {"color": INK, "width": 0.5},
                "pattern": {**HATCH, "shape": ["/" if ill else "" for ill in illustrative]},
            },
            "name": fmt.MISSING,
            "showlegend": False,
        }
    ]
    with_target = rows[rows["against_target"] != "n/a"]
    if len(with_target):
        traces.append(
            {
                "type": "scatter",
                "x": with_target["target"],
                "y": [plain_label(n) for n in with_target["name"]],
                "mode": "markers",
                # Dark, not the target orange: it must stand out on bars of every status colour.
                "marker": {"symbol": "line-ns", "size": 24, "line": {"color": INK, "width": 3}},
                "name": word("target", lang),
                "customdata": status_hover(
                    with_target["target_status"].where(with_target["target_status"] == "illustrative", ""),
                    lang,
                ),
                "hovertemplate": (
                    f"{word('target', lang)}: %{{x:{fmt_value}}}{tail}%{{customdata}}<extra>%{{y}}</extra>"
                ),
            }
        )
    longest = max(len(str(n)) for n in rows["name"])
    merge(
        layout,
        {
            "margin": {"l": min(40 + 7 * longest, 260), "r": 150},
            "yaxis": {"autorange": "reversed", "type": "category", "title": {"text": ""}},
            "xaxis": {
                "title": {"text": x_title},
                "tickformat": fmt_value,
                "ticksuffix": _tick_suffix(unit, lang),
                "rangemode": "tozero",
                "gridcolor": "#e3e7eb",
            },
        },
    )
    return figure(place_footer(with_meta(layout, unit, decimals)), traces)


def drill_key(click_data: dict | None) -> str | None:
    """The unit id in the clicked bar's customdata, or None (a target marker, nothing clicked)."""
    try:
        point = click_data["points"][0]
        key = point["customdata"] if point.get("curveNumber", 0) == 0 else None
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    return key if isinstance(key, str) and key else None
