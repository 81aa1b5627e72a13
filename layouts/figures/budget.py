"""Budget charts: the waterfall from revised budget to actual, and the cumulative deviation.

Pure: DataFrames in, `go.Figure` out; no Dash, no I/O, inputs never changed. Deviation is
actual minus revised budget: positive is merforbruk (▲), negative mindreforbruk (▼).
"""

from __future__ import annotations

import datetime as dt
import functools
import math

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
    is_illustrative,
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
    return f"{fmt.number(value, 0, lang, signed=signed)}{suffix('nok', lang)}"


def _detail(row: dict, lang: str) -> str:
    """The hover lines of one deviation bar: kroner, %, the word, budget and actual."""
    pct = fmt.percent(row["deviation_pct"], 1, lang, signed=True)
    if pct == fmt.MISSING:
        pct = t("budget_na", lang)
    return (
        f"{_kroner(row['deviation_nok'], lang, signed=True)} ({pct}) {deviation_label(row['word'], lang)}"
        f"<br>{t('budget_col_revised', lang)}: {fmt.nok(row['revised_budget'], lang)}"
        f"<br>{t('budget_col_actual', lang)}: {fmt.nok(row['actual'], lang)}"
    )


def waterfall(rows: pd.DataFrame, title: str, lang: str, source: str = "") -> go.Figure:
    """Revised budget total -> each row's deviation -> actual total, as a horizontal waterfall.

    rows: columns key, label, kind ('unit' rows drill: customdata[0] = key), revised_budget,
    actual, deviation_nok, deviation_pct, word, status. Rows without a deviation are left out.
    Illustrative bars are hatched (an overlaid bar) and say so in the hover label. The value axis
    is zoomed to the deviations, so it does not start at zero; its title says so.
    """
    rows = rows[rows["deviation_nok"].map(lambda v: isinstance(v, float) and math.isfinite(v))]
    if rows.empty:
        return empty_figure(title, lang)
    revised, actual = float(rows["revised_budget"].sum()), float(rows["actual"].sum())
    total_status = "illustrative" if is_illustrative(rows["status"]).any() else "final"
    labels = [t("budget_col_revised", lang), *rows["label"], t("budget_col_actual", lang)]
    labels = [plain_label(label) for label in labels]  # tick and hover labels: data text, shown as is
    values = [revised, *rows["deviation_nok"], actual]
    statuses = pd.Series([total_status, *rows["status"], total_status])
    keys = ["", *[k if kind == "unit" else "" for k, kind in zip(rows["key"], rows["kind"], strict=True)], ""]
    marks = status_hover(statuses, lang)
    details = [
        _kroner(revised, lang),
        *[_detail(r, lang) for r in rows.to_dict("records")],
        _kroner(actual, lang),
    ]
    texts = [
        fmt.nok(revised, lang),
        *[
            f"{fmt.nok(v, lang, signed=True)} {SYMBOLS.get(w, '')}"
            for v, w in zip(rows["deviation_nok"], rows["word"], strict=True)
        ],
        fmt.nok(actual, lang),
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
    hatched = is_illustrative(statuses).tolist()
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
        ticktext=[fmt.nok(v, lang) for v in ticks],
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
    order = series.sort_values("step", kind="stable").drop_duplicates("period")
    categories = [period_label(p, lang) for p in order["period"]]
    traces: list[dict] = []
    for name, style in SERIES_STYLE.items():
        rows = series[series["series"] == name].sort_values("step", kind="stable")
        if rows.empty:
            continue
        label = t(style["text"], lang, year=int(rows["year"].iloc[0]))
        colour = style["colour"]
        when = [f"{period_label(p, lang)} {y}" for p, y in zip(rows["period"], rows["year"], strict=True)]
        traces.append(
            {
                "type": "scatter",
                "x": [period_label(p, lang) for p in rows["period"]],
                "y": rows["value"].to_numpy(),
                "name": label,
                "mode": "lines+markers",
                "line": {"color": colour, "width": 2.5, "dash": style["dash"]},
                "marker": {
                    "size": 9,
                    "symbol": style["symbol"],
                    "color": ["#ffffff" if ill else colour for ill in is_illustrative(rows["status"])],
                    "line": {"color": colour, "width": 2},
                },
                "customdata": [[w, m] for w, m in zip(when, status_hover(rows["status"], lang), strict=True)],
                "hovertemplate": (
                    f"%{{customdata[0]}}: %{{y:{fmt_nok}}}{tail}%{{customdata[1]}}<extra>{label}</extra>"
                ),
            }
        )
    layout["xaxis"].update(type="category", categoryorder="array", categoryarray=categories)
    layout["yaxis"].update(tickformat=fmt_nok, zerolinecolor=INK, zerolinewidth=1.5)
    layout["margin"]["l"] = 90
    return _figure(traces, layout, "nok", 0)
