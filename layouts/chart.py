"""One frame for every chart: the graph, a «Last ned» menu (image with context, SVG, CSV, XLSX),
a «Vis som tabell» toggle with the chart's figures as a table, and a one-sentence summary that
the graph's container names as its description.

The ids of the frame's parts derive from the graph's id (`part_id`), so callbacks/exports.py
serves every chart of every page with the same callbacks (MATCH on the graph id's own keys).
"""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
import plotly.io as pio
from dash import dcc, html

from layouts import format as fmt
from layouts.exports import (
    IMAGE_HEIGHT,
    IMAGE_SCALE,
    IMAGE_WIDTH,
    ChartTable,
    chart_table,
    column_head,
    summary,
)
from layouts.i18n import t

PARTS = (
    "summary",
    "table",
    "toggle",
    "menu",
    "png",
    "svg",
    "csv",
    "xlsx",
    "download",
    "error",
    "image",
    "sink",
)
FORMATS = ("png", "svg", "csv", "xlsx")
# No "Share chart" button: it would upload the figures to Plotly Cloud, outside the municipality.
BASE_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["sendChartToCloud", "sendDataToCloud"],
}


def part_id(graph_id: str | dict, part: str) -> dict:
    """The id of one part of a chart's frame: {"graph": <graph type>, "part": ..., **other keys}.

    The graph type is written with underscores ('budget_graph_waterfall'; Dash ids cannot hold
    dots), so a selector for the graph's own id ('[id*="budget-graph-waterfall"]') finds the
    graph and not the parts around it.
    """
    if isinstance(graph_id, dict):
        rest = {k: v for k, v in graph_id.items() if k != "type"}
        return {"graph": graph_key(graph_id["type"]), "part": part, **rest}
    return {"graph": graph_key(graph_id), "part": part}


def _type(graph_id: str | dict) -> str:
    return graph_id["type"] if isinstance(graph_id, dict) else graph_id


def graph_key(graph: str) -> str:
    return graph.replace("-", "_")


def dom_id(component_id: str | dict) -> str:
    """The id attribute Dash writes for a (dict) id: keys sorted, JSON without spaces."""
    if isinstance(component_id, str):
        return component_id
    return (
        "{" + ",".join(f"{json.dumps(k)}:{json.dumps(component_id[k])}" for k in sorted(component_id)) + "}"
    )


def as_dict(figure: go.Figure | dict | None) -> dict:
    """The figure's data and layout as JSON values, to read its figures from (`chart_table`).

    The JSON of the figure's own dicts: numpy arrays become lists, where the browser gets
    plotly's typed arrays; `exports.values_of` reads both as the same numbers. (Plotly's own
    `to_json` first deep-copies the whole figure, template included, to make those typed
    arrays: ~2 ms a chart, for a summary sentence.)"""
    if isinstance(figure, go.Figure):
        return json.loads(pio.json.to_json_plotly({"data": list(figure._data), "layout": figure._layout}))
    return figure if isinstance(figure, dict) else {}


def image_options(filename: str, lang: str) -> dict:
    """The modebar camera's options (assets/chart.js): size, scale, file name, SVG button title."""
    return {
        "format": "png",
        "width": IMAGE_WIDTH,
        "height": IMAGE_HEIGHT,
        "scale": IMAGE_SCALE,
        "filename": filename,
        "svgTitle": t("export_svg_modebar", lang),
    }


def frame_parts(figure: go.Figure | dict | None, filename: str, lang: str) -> tuple:
    """What the frame shows beside a new figure, made in the same response (the frame never asks
    the server a second time): (summary sentence, image options, and the table view reset:
    children None, hidden, its toggle closed with its label).

    The table view itself is built when the reader opens it (callbacks/exports.py `toggle`):
    a national chart's table has thousands of cells, and Dash draws each one as a component.
    """
    lang = fmt.normalize_lang(lang)
    data = as_dict(figure)
    said = summary(chart_table(data, lang), lang) if data else ""
    return said, image_options(filename, lang), None, True, "false", t("export_table_show", lang)


def table_of(figure: go.Figure | dict | None, lang: str) -> html.Div | None:
    """The table view of a figure (None without one)."""
    data = as_dict(figure)
    return table_view(chart_table(data, lang), lang) if data else None


def chart(
    graph_id: str | dict,
    class_name: str,
    lang: str,
    figure: go.Figure | dict | None = None,
    loading: bool = True,
    filename: str | None = None,
) -> html.Div:
    """The frame around one dcc.Graph (its id and className as the panel gives them).

    With a figure (and its export file name), the summary and image options are filled in at
    once; without, the panel's callback sends them with the figure. The table view is built
    when it is opened.
    """
    lang = fmt.normalize_lang(lang)
    graph_args = {"figure": figure} if figure is not None else {}
    if figure is not None:
        said, options, *_ = frame_parts(figure, filename or graph_key(_type(graph_id)), lang)
    else:
        said, options = "", None
    graph = dcc.Graph(id=graph_id, config=BASE_CONFIG, className=class_name, **graph_args)
    if loading:
        graph = dcc.Loading(graph, type="dot", delay_show=300)
    table_id = part_id(graph_id, "table")
    items = [
        dbc.DropdownMenuItem(t(f"export_{kind}", lang), id=part_id(graph_id, kind), n_clicks=0)
        for kind in FORMATS
    ]
    tools = html.Div(
        [
            html.Button(
                t("export_table_show", lang),
                id=part_id(graph_id, "toggle"),
                n_clicks=0,
                type="button",
                className="btn btn-outline-secondary btn-sm chart-table-toggle",
                **{"aria-expanded": "false", "aria-controls": dom_id(table_id)},
            ),
            dbc.DropdownMenu(
                items,
                label=t("export_menu", lang),
                id=part_id(graph_id, "menu"),
                size="sm",
                color="secondary",
                align_end=True,
                className="chart-export-menu",
                toggleClassName="chart-export-toggle",
            ),
        ],
        className="chart-tools",
    )
    summary_id = part_id(graph_id, "summary")
    return html.Div(
        [
            tools,
            html.Div(
                graph, className="chart-graph", role="figure", **{"aria-describedby": dom_id(summary_id)}
            ),
            html.P(said, id=summary_id, className="chart-summary"),
            html.Div(id=part_id(graph_id, "error"), className="chart-error small", role="status"),
            html.Div(id=table_id, className="chart-table", hidden=True),
            dcc.Download(id=part_id(graph_id, "download")),
            dcc.Store(id=part_id(graph_id, "image"), data=options),  # the camera's options (assets/chart.js)
            html.Div(id=part_id(graph_id, "sink"), hidden=True),
        ],
        className="chart-frame",
    )


def table_view(table: ChartTable, lang: str) -> html.Div | None:
    """The chart's figures as an HTML table: the same rows and columns as the CSV and XLSX, numbers
    as the reader's language writes them. Labels from the data are text, never HTML."""
    if not table.series or not table.categories:
        return None
    decimals = table.decimals or 0
    heads = [table.category, *(column_head(table, s, lang) for s in table.series)]
    if table.illustrative:
        heads.append(t("export_note", lang))
    rows = []
    for cat, values, note in zip(table.categories, table.values, table.notes, strict=True):
        cells = [html.Th(cat, scope="row")]
        cells += [html.Td(fmt.number(v, decimals, lang), className="num") for v in values]
        if table.illustrative:
            cells.append(html.Td(note))
        rows.append(html.Tr(cells))
    return html.Div(
        html.Table(
            [
                html.Caption(table.title),
                html.Thead(html.Tr([html.Th(h, scope="col") for h in heads])),
                html.Tbody(rows),
            ],
            className="table table-sm chart-data-table",
        ),
        className="table-responsive",
    )
