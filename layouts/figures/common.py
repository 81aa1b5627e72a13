"""Shared pieces of every chart: palette, Norwegian number formats, title, source line,
illustrative marking, empty state, and the time series with target line and event markers.

Pure: DataFrames and options in, `go.Figure` out. No Dash, no I/O; inputs are never changed.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from layouts.i18n import t

# Okabe–Ito: distinguishable for the common colour-vision deficiencies. Orange, sky blue and
# yellow are darkened in lightness only (same hue) so every colour reaches 3:1 against the white
# chart background (WCAG 1.4.11); tests/layouts/test_contrast.py checks it.
PALETTE = ("#0072B2", "#BD8300", "#009E73", "#D55E00", "#1C95D9", "#CC79A7", "#9A900C", "#000000")
INK = "#1d2733"
MUTED = "#5b6670"
TARGET_COLOUR = "#D55E00"
AVERAGE_COLOUR = "#4a5560"
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

# Status against target: colour, a symbol and a word, so colour is never the only carrier.
STATUS_STYLE = {
    "met": {"colour": "#007A5A", "symbol": "✓", "nb": "Nådd", "en": "Met"},
    "near": {"colour": "#8A5A00", "symbol": "!", "nb": "Nesten", "en": "Nearly"},
    "missed": {"colour": "#B03A00", "symbol": "✕", "nb": "Ikke nådd", "en": "Not met"},
    "n/a": {"colour": "#5b6670", "symbol": "–", "nb": "Uten mål", "en": "No target"},
}

SEPARATORS = {"nb": ", ", "en": ".,"}  # plotly: decimal mark, then thousands separator

# Chart words come from the interface texts (layouts/i18n.py); "empty" is the empty-state text.
_WORD_KEYS = {"empty": "no_figures"}

# d3 formats per measure unit; plotly applies the layout's separators to them.
HOVER_FORMAT = {"percent": ",.1f", "nok": ",.0f", "days": ",.1f"}
UNIT_SUFFIX = {
    "percent": {"nb": " %", "en": "%"},
    "nok": {"nb": " kr", "en": " NOK"},
    "days": {"nb": " dager", "en": " days"},
}


def plain_label(text: object) -> str:
    """Text from the data (or with data in it) as plotly shows it literally.

    Plotly reads a subset of HTML in titles, hover labels, tick labels, legend names and
    annotations (`<b>`, `<br>`, `<a href>`) and fields like `%{y}` in hover templates. So `&`,
    `<` and `>` become entities (plotly shows them as the characters), `%{` becomes `&#37;{` and a
    line break (`\n`) a `<br>`. Every figure builder passes data text through this exactly once.
    """
    out = "" if text is None else str(text)
    out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("%{", "&#37;{")
    return out.replace("\n", "<br>")


def word(key: str, lang: str) -> str:
    """A chart word ('illustrative', 'source', 'target', 'average', 'events', 'empty', ...)."""
    return t(_WORD_KEYS.get(key, key), lang)


def value_format(unit: str, decimals: int = 0) -> str:
    """The d3 format for hover labels and ticks of a measure unit."""
    return HOVER_FORMAT.get(unit, f",.{max(int(decimals), 0)}f")


def suffix(unit: str, lang: str) -> str:
    return UNIT_SUFFIX.get(unit, {}).get("en" if lang == "en" else "nb", "")


def base_figure(title: str, lang: str, source: str = "", y_title: str = "", height: int = 380) -> go.Figure:
    """An empty figure with the house style: title (what and when), source line, number formats.

    The house layout is the same few literals for every chart, so it is handed to plotly
    without its per-property validation (about 9 ms a figure, the largest part of drawing a
    simple chart); everything a builder adds afterwards is validated as usual.
    tests/layouts/test_figures_common.py checks that the result equals the validated figure.
    """
    return trusted_figure(base_layout(title, lang, source, y_title, height))


def base_layout(title: str, lang: str, source: str = "", y_title: str = "", height: int = 380) -> dict:
    """The house style as a plain layout dict (see `base_figure`)."""
    lang = "en" if lang == "en" else "nb"
    source_text = plain_label(f"{word('source', lang)}: {source}") if source else ""
    layout = {
        "title": {"text": plain_label(title), "x": 0, "xanchor": "left", "font": {"size": 16, "color": INK}},
        "separators": SEPARATORS[lang],
        "font": {"family": FONT_FAMILY, "color": INK, "size": 13},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "colorway": list(PALETTE),
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 60, "b": 80 if source_text else 50},
        "hoverlabel": {"bgcolor": "#ffffff", "font": {"color": INK}},
        "legend": {"orientation": "h", "y": -0.18, "x": 0},
        "yaxis": {
            "title": {"text": plain_label(y_title)},
            "gridcolor": "#e3e7eb",
            "zerolinecolor": "#aab4bd",
        },
        "xaxis": {"gridcolor": "#f0f2f4"},
        "meta": {"source": plain_label(source)},  # plotly text like the rest (exports read it so)
    }
    if source_text:
        layout["annotations"] = [
            {
                "text": source_text,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -0.32,
                "showarrow": False,
                "xanchor": "left",
                "font": {"size": 11, "color": MUTED},
            }
        ]
    return layout


def trusted_figure(layout: dict, traces: list | None = None) -> go.Figure:
    """A figure from a layout (and traces) the code itself wrote, not checked property by property.

    Plotly validates every property it is given (several ms per layout). For fixed house-style
    literals that only repeats what the tests check once; the figure validates again from here on.
    """
    fig = go.Figure(data=traces, layout=layout, _validate=False)
    fig._validate = True
    fig._layout_obj._validate = True
    for trace in fig.data:
        trace._validate = True
    return fig


def export_meta(fig: go.Figure, unit: str, decimals: int = 0) -> go.Figure:
    """Note the measure unit and decimals in `layout.meta` for the exports (layouts/exports.py)."""
    fig.layout.meta = {**(fig.layout.meta or {}), "unit": unit, "decimals": int(decimals)}
    return fig


def empty_figure(title: str, lang: str, message: str | None = None) -> go.Figure:
    """A deliberate empty state: the title and a message where the chart would be."""
    fig = base_figure(title, lang, height=260)
    fig.update_layout(xaxis={"visible": False}, yaxis={"visible": False})
    fig.add_annotation(
        text=plain_label(message or word("empty", lang)),
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        font={"size": 15, "color": MUTED},
    )
    return fig


def is_illustrative(status: pd.Series) -> pd.Series:
    return status.eq("illustrative")


def status_hover(status: pd.Series, lang: str) -> list[str]:
    """The extra hover line for each point: '(Illustrativt tall)' where it applies."""
    mark = f"<br><i>{word('illustrative', lang)}</i>"
    return [mark if s == "illustrative" else "" for s in status]


def time_series(
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
    """Lines over time, one per `series["label"]`, with a target line and event markers.

    series: columns label, x (a sortable period or date string), value, status.
    targets: columns x, target and optionally status (a dashed step line; an illustrative target
    says so in its legend name and hover label).
    events: columns x, title (drawn as markers along the top with the title on hover).
    Illustrative points are open markers with "Illustrativt tall" in the hover label.
    """
    from layouts.figures import fast  # builds the figure once from dicts (issue #5)

    parts = fast.time_series_parts(series, title, lang, unit, decimals, source, targets, events, y_title)
    return empty_figure(title, lang) if parts is None else fast.figure(*parts)


def events_label(lang: str) -> str:
    return word("events", lang)
