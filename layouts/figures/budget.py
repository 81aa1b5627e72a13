"""Budget charts: the waterfall from revised budget to actual, and the cumulative deviation.

Pure: DataFrames in, `go.Figure` out; no Dash, no I/O, inputs never changed. Deviation is
actual minus revised budget: positive is merforbruk (▲), negative mindreforbruk (▼).
"""

from __future__ import annotations

import datetime as dt
import functools
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_skeleton

from layouts import format as fmt
from layouts.figures import fast
from layouts.figures.common import (
    INK,
    MUTED,
    PALETTE,
    base_layout,
    empty_figure,
    plain_label,
    status_hover,
    suffix,
    value_format,
)
from layouts.format import locale_of
from layouts.i18n import t

OVERSPEND_COLOUR = PALETTE[3]  # vermillion
UNDERSPEND_COLOUR = PALETTE[0]  # blue
TOTAL_COLOUR = MUTED
SYMBOLS = {"merforbruk": "▲", "mindreforbruk": "▼", "balanse": "="}
BAR_WIDTH = 0.7
HATCH = {"shape": "/", "fgcolor": INK, "fgopacity": 0.45, "solidity": 0.3}


@functools.lru_cache(maxsize=8192)
def _formatted(kind: str, value: float, _sign: float, lang: str, signed: bool) -> str:
    if kind == "nok":
        return fmt.nok(value, lang, signed=signed)
    if kind == "percent":
        return fmt.percent(value, 1, lang, signed=signed)
    return fmt.number(value, 0, lang, signed=signed)


def _text(kind: str, value: object, lang: str, signed: bool) -> str:
    """`fmt.nok` / `fmt.percent(…, 1, …)` / `fmt.number(…, 0, …)` of `value`, each finite float
    formatted once per process (Babel takes ~30 µs a number; a table and its waterfall show the
    same amounts, and a view drawn again shows them all again). The key is the float and the
    sign of its zero: formatting reads nothing else of it (`repr(float(value))`)."""
    if type(value) in (float, np.float64) and math.isfinite(value):
        return _formatted(kind, float(value), math.copysign(1.0, value), lang, signed)
    if kind == "nok":
        return fmt.nok(value, lang, signed=signed)
    if kind == "percent":
        return fmt.percent(value, 1, lang, signed=signed)
    return fmt.number(value, 0, lang, signed=signed)


def nok_text(value: object, lang: str, signed: bool = False) -> str:
    """`fmt.nok(value, lang, signed=signed)`."""
    return _text("nok", value, lang, signed)


def percent_text(value: object, lang: str, signed: bool = False) -> str:
    """`fmt.percent(value, 1, lang, signed=signed)`."""
    return _text("percent", value, lang, signed)


def deviation_label(word_key: str | None, lang: str) -> str:
    """'▲ merforbruk' / '▼ underspend' / '= i balanse'; '' when there is no deviation."""
    if word_key not in SYMBOLS:
        return ""
    return f"{SYMBOLS[word_key]} {t(f'budget_{word_key}', lang)}"


def drill_key(click_data: dict | None) -> str | None:
    """The unit id in the clicked waterfall bar's customdata, or None (totals, categories)."""
    try:
        key = click_data["points"][0]["customdata"][0]
    except (KeyError, IndexError, TypeError):
        return None
    return key if isinstance(key, str) and key else None


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2 or 5 times a power of ten."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return []
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) // step) + 1)]


def _kroner(value: float, lang: str, signed: bool = False) -> str:
    """Whole kroner for hover labels: '-166 942 kr' / '-166,942 NOK'."""
    return f"{_text('number', value, lang, signed)}{suffix('nok', lang)}"


def _detail(row: dict, lang: str) -> str:
    """The hover lines of one deviation bar: kroner, %, the word, budget and actual."""
    pct = percent_text(row["deviation_pct"], lang, signed=True)
    if pct == fmt.MISSING:
        pct = t("budget_na", lang)
    return (
        f"{_kroner(row['deviation_nok'], lang, signed=True)} ({pct}) {deviation_label(row['word'], lang)}"
        f"<br>{t('budget_col_revised', lang)}: {nok_text(row['revised_budget'], lang)}"
        f"<br>{t('budget_col_actual', lang)}: {nok_text(row['actual'], lang)}"
    )


def waterfall(rows: pd.DataFrame, title: str, lang: str, source: str = "") -> go.Figure:
    """Revised budget total -> each row's deviation -> actual total, as a horizontal waterfall.

    rows: columns key, label, kind ('unit' rows drill: customdata[0] = key), revised_budget,
    actual, deviation_nok, deviation_pct, word, status. Rows without a deviation are left out.
    Illustrative bars are hatched (an overlaid bar) and say so in the hover label. The value axis
    is zoomed to the deviations, so it does not start at zero; its title says so.
    """
    finite = rows["deviation_nok"].map(lambda v: isinstance(v, float) and math.isfinite(v))
    rows = rows[finite] if not finite.all() else rows  # (all rows: the same frame, not a copy)
    if rows.empty:
        return empty_figure(title, lang)
    revised, actual = float(rows["revised_budget"].sum()), float(rows["actual"].sum())
    # The columns as lists once (as iterating a column or `to_dict("records")` gives the cells).
    cells = {c: rows[c].tolist() for c in rows.columns}
    records = [dict(zip(cells, r, strict=True)) for r in zip(*cells.values(), strict=True)]
    total_status = "illustrative" if "illustrative" in cells["status"] else "final"
    labels = [t("budget_col_revised", lang), *cells["label"], t("budget_col_actual", lang)]
    labels = [plain_label(label) for label in labels]  # tick and hover labels: data text, shown as is
    values = [revised, *cells["deviation_nok"], actual]
    statuses = [total_status, *cells["status"], total_status]
    keys = [
        "",
        *[k if kind == "unit" else "" for k, kind in zip(cells["key"], cells["kind"], strict=True)],
        "",
    ]
    marks = status_hover(statuses, lang)
    details = [
        _kroner(revised, lang),
        *[_detail(r, lang) for r in records],
        _kroner(actual, lang),
    ]
    texts = [
        nok_text(revised, lang),
        *[
            f"{nok_text(v, lang, signed=True)} {SYMBOLS.get(w, '')}"
            for v, w in zip(cells["deviation_nok"], cells["word"], strict=True)
        ],
        nok_text(actual, lang),
    ]
    starts = [0.0, *(revised + rows["deviation_nok"].cumsum() - rows["deviation_nok"]), 0.0]
    path = [revised, *(revised + rows["deviation_nok"].cumsum())]
    low, high = min(path), max(path)
    pad = max((high - low) * 0.3, abs(high) * 0.0005, 1.0)
    height = 200 + 30 * len(labels)
    layout = base_layout(title, lang, source, height=height)
    traces: list[dict] = [
        {
            "type": "waterfall",
            "orientation": "h",
            "y": labels,
            "x": [float(v) for v in values],
            "measure": ["absolute", *["relative"] * len(rows), "total"],
            "width": BAR_WIDTH,
            "text": texts,
            "textposition": ["inside", *["outside"] * len(rows), "inside"],
            "cliponaxis": False,
            "increasing": {"marker": {"color": OVERSPEND_COLOUR}},
            "decreasing": {"marker": {"color": UNDERSPEND_COLOUR}},
            "totals": {"marker": {"color": TOTAL_COLOUR}},
            "connector": {"line": {"color": "#aab4bd", "width": 1}},
            "customdata": [[k, d + m] for k, d, m in zip(keys, details, marks, strict=True)],
            "hovertemplate": "<b>%{y}</b><br>%{customdata[1]}<extra></extra>",
            "name": t("budget_col_deviation", lang),
            "showlegend": False,
        }
    ]
    for word_key, colour, symbol in (
        ("merforbruk", OVERSPEND_COLOUR, "triangle-up"),
        ("mindreforbruk", UNDERSPEND_COLOUR, "triangle-down"),
    ):
        traces.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "markers",
                "marker": {"color": colour, "symbol": symbol, "size": 11},
                "name": t(f"budget_{word_key}", lang),
                "hoverinfo": "skip",
            }
        )
    hatched = [s == "illustrative" for s in statuses]
    if any(hatched):
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [lab for lab, h in zip(labels, hatched, strict=True) if h],
                "x": [float(v) for v, h in zip(values, hatched, strict=True) if h],
                "base": [float(s) for s, h in zip(starts, hatched, strict=True) if h],
                "width": BAR_WIDTH,
                "marker": {"color": "rgba(0,0,0,0)", "pattern": dict(HATCH), "line": {"width": 0}},
                "name": t("budget_hatched", lang),
                "hoverinfo": "skip",
            }
        )
    ticks = nice_ticks(low - pad, high + pad)
    plot_height = height - 60 - 140  # the figure's height less the top and bottom margins
    if layout.get("annotations"):  # the source line, under the legend
        layout["annotations"][0]["y"] = -115 / plot_height
    layout["barmode"] = "overlay"
    layout["margin"].update(l=200, r=40, b=140)
    layout["legend"]["y"] = -70 / plot_height
    layout["yaxis"].update(autorange="reversed", title={"text": ""}, type="category")
    layout["xaxis"].update(
        range=[low - pad, high + pad],
        tickvals=ticks,
        ticktext=[nok_text(v, lang) for v in ticks],
        title={"text": t("budget_amount_axis", lang)},
    )
    return _figure(traces, layout, "nok", 0)


def _figure(traces: list[dict], layout: dict, unit: str, decimals: int) -> go.Figure:
    """The figure of traces and a layout this module wrote, with the exports' unit note
    (`export_meta`), handed to plotly once without its per-property validation (as
    `trusted_figure`; tests/layouts/test_figures_budget_equivalence.py checks that the result
    equals the validated figure). Anything added afterwards is validated as usual."""
    layout["meta"] = {**layout.get("meta", {}), "unit": unit, "decimals": int(decimals)}
    return fast.figure(layout, traces)


@functools.lru_cache(maxsize=512)  # a few dozen labels, each ~50 µs from Babel
def period_label(period: str, lang: str) -> str:
    """'M03' -> 'mar.' / 'Mar'; 'T2' -> '2. tertial' / 'Tertial 2'."""
    if period.startswith("T"):
        return t("tertial", lang, n=period[1:])
    return format_skeleton("MMM", dt.date(2000, int(period[1:]), 1), locale=locale_of(lang))


SERIES_STYLE = {
    "current": {"colour": PALETTE[0], "dash": "solid", "symbol": "circle", "text": "budget_series_current"},
    "forecast": {"colour": PALETTE[1], "dash": "dash", "symbol": "diamond", "text": "budget_series_forecast"},
    "previous": {"colour": PALETTE[2], "dash": "dot", "symbol": "square", "text": "budget_series_previous"},
}


def cumulative(series: pd.DataFrame, title: str, lang: str, source: str = "") -> go.Figure:
    """Cumulative deviation per month (or tertial): this year, the year-end forecast, last year.

    series: columns series ('current' / 'forecast' / 'previous'), year, period ('M01' / 'T1'),
    step, value, status (as from data.query_budget.cumulative). Illustrative points are open
    markers with «Illustrativt tall» in the hover label.
    """
    if series.empty:
        return empty_figure(title, lang)
    layout = base_layout(title, lang, source, t("budget_deviation_axis", lang), height=460)
    fmt_nok, tail = value_format("nok"), suffix("nok", lang)
    # Plain lists and numpy positions instead of pandas on a few dozen rows (the same order:
    # a stable sort by step, as `sort_values(kind="stable")`).
    names, periods = series["series"].tolist(), series["period"].tolist()
    years, statuses, values = series["year"].tolist(), series["status"].tolist(), series["value"].to_numpy()
    steps = series["step"].to_numpy()
    ordered = np.argsort(steps, kind="stable").tolist()
    categories = [period_label(p, lang) for p in dict.fromkeys(periods[i] for i in ordered)]
    traces: list[dict] = []
    for name, style in SERIES_STYLE.items():
        mine = np.flatnonzero(np.array([n == name for n in names], dtype=bool))
        if not len(mine):
            continue
        mine = mine[np.argsort(steps[mine], kind="stable")]
        rows = mine.tolist()
        label = t(style["text"], lang, year=int(years[rows[0]]))
        colour = style["colour"]
        when = [f"{period_label(periods[i], lang)} {years[i]}" for i in rows]
        status = [statuses[i] for i in rows]
        traces.append(
            {
                "type": "scatter",
                "x": [period_label(periods[i], lang) for i in rows],
                "y": values[mine],
                "name": label,
                "mode": "lines+markers",
                "line": {"color": colour, "width": 2.5, "dash": style["dash"]},
                "marker": {
                    "size": 9,
                    "symbol": style["symbol"],
                    "color": ["#ffffff" if s == "illustrative" else colour for s in status],
                    "line": {"color": colour, "width": 2},
                },
                "customdata": [[w, m] for w, m in zip(when, status_hover(status, lang), strict=True)],
                "hovertemplate": (
                    f"%{{customdata[0]}}: %{{y:{fmt_nok}}}{tail}%{{customdata[1]}}<extra>{label}</extra>"
                ),
            }
        )
    layout["xaxis"].update(type="category", categoryorder="array", categoryarray=categories)
    layout["yaxis"].update(tickformat=fmt_nok, zerolinecolor=INK, zerolinewidth=1.5)
    layout["margin"]["l"] = 90
    return _figure(traces, cumulative_footer(layout, source, lang), "nok", 0)


def cumulative_footer(layout: dict, source: str, lang: str) -> dict:
    """The cumulative chart's legend (one row) and source line below the month labels, placed in
    pixels with a bottom margin that holds them (`fast.place_footer`): plotly has no margin to
    widen, so it draws the chart once."""
    return fast.place_footer(layout, layout["height"], source, lang, gap=40, top=layout["margin"]["t"])
