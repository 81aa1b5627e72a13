"""One frame for every chart: the graph, a «Last ned» menu (image with context, SVG, CSV, XLSX),
a «Vis som tabell» toggle with the chart's figures as a table, and a one-sentence summary that
the graph's container names as its description.

The ids of the frame's parts derive from the graph's id (`part_id`), so callbacks/exports.py
serves every chart of every page with the same callbacks (MATCH on the graph id's own keys).
"""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts import format as fmt
from layouts.exports import ChartTable, column_head
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


def graph_key(graph: str) -> str:
    return graph.replace("-", "_")


def dom_id(component_id: str | dict) -> str:
    """The id attribute Dash writes for a (dict) id: keys sorted, JSON without spaces."""
    if isinstance(component_id, str):
        return component_id
    return (
        "{" + ",".join(f"{json.dumps(k)}:{json.dumps(component_id[k])}" for k in sorted(component_id)) + "}"
    )


def chart(
    graph_id: str | dict,
    class_name: str,
    lang: str,
    figure: dict | None = None,
    loading: bool = True,
) -> html.Div:
    """The frame around one dcc.Graph (its id and className as the panel gives them)."""
    lang = fmt.normalize_lang(lang)
    graph_args = {"figure": figure} if figure is not None else {}
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
            html.P(id=summary_id, className="chart-summary"),
            html.Div(id=part_id(graph_id, "error"), className="chart-error small", role="status"),
            html.Div(id=table_id, className="chart-table", hidden=True),
            dcc.Download(id=part_id(graph_id, "download")),
            dcc.Store(id=part_id(graph_id, "image")),  # the modebar camera's options (assets/chart.js)
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
