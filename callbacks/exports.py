"""Every chart's frame (layouts/chart.py): summary sentence, table view, modebar file name, and
the «Last ned» menu (PNG / SVG rendered by kaleido, CSV and XLSX from the figure's traces).

The summary, table view and image options travel with the figure: each panel callback that
draws a chart adds `frame_outputs(pattern)` to its outputs and returns `frame(...)` beside the
figure, so a filter change costs one request, not one more per chart. The table toggle and the
downloads are served here: one set of callbacks per graph id pattern in GRAPHS (MATCH on the
pattern's own keys), so each chart on each page is served by the same code and they never fire
on other pages.
"""

from __future__ import annotations

import atexit
import logging
import threading
import warnings

import dash
from dash import MATCH, ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc

from data import store
from layouts import chart, ids
from layouts import exports as ex
from layouts import format as fmt
from layouts.housing import programme_title
from layouts.i18n import t
from layouts.state import PageState

log = logging.getLogger(__name__)

# Graph id patterns of every chart with a frame: a string id, or a dict id's type and other keys.
GRAPHS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (ids.INDICATOR_SERIES, ()),
    (ids.INDICATOR_BREAKDOWN, ()),
    (ids.DISTRICTS_BARS, ()),
    (ids.DISTRICTS_MULTIPLES, ()),
    (ids.DISTRICT_GRAPH, ("indicator",)),
    (ids.HOUSING_TREND, ("programme",)),
    (ids.HOUSING_DETAIL, ("programme", "chart")),
    (ids.HOUSING_MONTHS, ("programme", "indicator")),
    (ids.BUDGET_WATERFALL, ("view",)),
    (ids.BUDGET_CUMULATIVE, ("view",)),
)

FILTERS = (
    State(ids.FILTER_YEAR, "value"),
    State(ids.FILTER_SUBPERIOD, "value"),
    State(ids.FILTER_UNITS, "value"),
    State(ids.FILTER_INDICATOR, "value"),
    State(ids.PAGE_STATE, "data"),
)
MEDIA = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# --- The frame's parts, sent with the figure ---------------------------------------------


def frame_outputs(pattern: str | dict) -> list[Output]:
    """The outputs a panel callback adds for a chart it draws (a pattern with MATCH or ALL): the
    summary, the image options, and the table view closed (it is built when opened)."""
    return [
        Output(chart.part_id(pattern, "summary"), "children"),
        Output(chart.part_id(pattern, "image"), "data"),
        Output(chart.part_id(pattern, "table"), "children"),
        Output(chart.part_id(pattern, "table"), "hidden"),
        Output(chart.part_id(pattern, "toggle"), "aria-expanded"),
        Output(chart.part_id(pattern, "toggle"), "children"),
    ]


def frame(graph_id: str | dict, figure, state: PageState) -> tuple:
    """The values for `frame_outputs` (layouts.chart.frame_parts; the file name from the
    filters) of the chart `graph_id` (its concrete id) drawing `figure`."""
    graph = graph_id["type"] if isinstance(graph_id, dict) else graph_id
    keys = {k: v for k, v in graph_id.items() if k != "type"} if isinstance(graph_id, dict) else {}
    return chart.frame_parts(figure, stem(graph, keys, state), state.lang)


def frames(
    graph: str,
    parts: list[list[dict]],
    figures: dict[str, object],
    key: str,
    state: PageState,
    made: dict[str, tuple] | None = None,
):
    """`frame` for ALL outputs: `parts` are the part lists of `frame_outputs` as `ctx.outputs_list`
    gives them; each entry gets the frame of the chart its id names (`figures` by the id's
    `key`). A part naming a chart not drawn here: PreventUpdate. `made` may give a chart's frame
    values already made, for the id `{"type": graph, key: name}` (used for an entry of that id)."""
    made = {name: values for name, values in (made or {}).items() if name in figures}
    done: dict[str, tuple] = {}
    values: tuple[list, ...] = tuple([] for _ in parts)
    for i, entries in enumerate(parts):
        for entry in entries:
            keys = {k: v for k, v in entry["id"].items() if k not in ("graph", "part")}
            name = keys.get(key)
            if name not in figures:
                raise dash.exceptions.PreventUpdate
            if name not in done:
                plain = keys == {key: name} and name in made
                done[name] = made[name] if plain else frame({"type": graph, **keys}, figures[name], state)
            values[i].append(done[name][i])
    return values


# --- Names and context -------------------------------------------------------------------


def _unit_names(unit_ids) -> list[str]:
    units = store.table("units")
    names = dict(zip(units["unit_id"], units["name"], strict=True))
    return [str(names.get(u, u)) for u in unit_ids]


def _indicator_name(indicator_id: str, lang: str) -> str:
    table = store.table("indicators")
    rows = table[table["indicator_id"] == indicator_id]
    if rows.empty:
        return indicator_id
    row = rows.iloc[0]
    name_en = row.get("name_en")
    return str(name_en) if lang == "en" and isinstance(name_en, str) and name_en else str(row["name"])


def _budget_unit(state: PageState) -> str | None:
    """The unit the budget page breaks down: the drill key, else the budget root (P05)."""
    from callbacks import budget as budget_page  # the budget page's callbacks use this module

    return state.key or budget_page.budget_tree().root  # = budget_page.view(...).unit_id


def topic(graph: str, keys: dict, state: PageState) -> str:
    """The first part of a file name: what the chart shows ('budsjettavvik', 'bolig_...')."""
    indicator = state.indicator or ""
    return {
        ids.INDICATOR_SERIES: f"{state.key}_utvikling",
        ids.INDICATOR_BREAKDOWN: f"{state.key}_enheter",
        ids.DISTRICTS_BARS: f"distrikter_{indicator}",
        ids.DISTRICTS_MULTIPLES: f"distrikter_{indicator}_utvikling",
        ids.DISTRICT_GRAPH: f"distrikt_{keys.get('indicator', '')}",
        ids.HOUSING_TREND: f"bolig_{keys.get('programme', '')}",
        ids.HOUSING_DETAIL: f"bolig_{keys.get('programme', '')}_{keys.get('chart', '')}",
        ids.HOUSING_MONTHS: f"bolig_{keys.get('programme', '')}_{keys.get('indicator', '')}_maneder",
        ids.BUDGET_WATERFALL: "budsjettavvik",
        ids.BUDGET_CUMULATIVE: "budsjettavvik_akkumulert",
    }.get(graph, graph)


def scope(graph: str, state: PageState) -> str:
    """The last part of a file name: the chosen units, the drilled unit, or 'alle'."""
    if state.units:
        return "-".join(state.units) if len(state.units) <= 3 else f"{len(state.units)}-enheter"
    if state.page in ("budget", "budget-unit"):
        return _budget_unit(state) or "alle"
    if state.page == "district" and state.key:
        return state.key
    return "alle"


def stem(graph: str, keys: dict, state: PageState) -> str:
    return ex.file_stem(topic(graph, keys, state), state.period or "", scope(graph, state))


def filters_line(state: PageState) -> str:
    """The active filters in plain words: 'Periode: 2016 · Enheter: alle'."""
    lang = state.lang
    parts = (
        [t("export_filter_period", lang, period=fmt.period(state.period or "", lang))] if state.period else []
    )
    if state.page in ("programme", "housing") and state.key:
        parts.append(t("export_filter_programme", lang, name=programme_title(state.key, lang)))
    if state.units:
        parts.append(t("export_filter_units", lang, units=", ".join(_unit_names(state.units))))
    elif state.page in ("budget", "budget-unit"):
        unit = _budget_unit(state)
        parts.append(t("export_filter_unit", lang, unit=_unit_names([unit])[0]) if unit else "")
    elif state.page == "district" and state.key:
        parts.append(t("export_filter_unit", lang, unit=_unit_names([state.key])[0]))
    else:
        parts.append(t("export_filter_units", lang, units=t("export_all_units", lang)))
    if state.indicator:
        parts.append(t("export_filter_indicator", lang, name=_indicator_name(state.indicator, lang)))
    elif state.page == "indicator" and state.key:
        parts.append(t("export_filter_indicator", lang, name=_indicator_name(state.key, lang)))
    return " · ".join(p for p in parts if p)


def context_lines(figure: dict, table: ex.ChartTable, state: PageState) -> list[str]:
    """Filters, source and the illustrative mark, for the workbook's rows above the table."""
    lang = state.lang
    source = ex.meta_of(figure).get("source") or ""
    lines = [filters_line(state)]
    if source:
        lines.append(f"{t('source', lang)}: {ex.plain_text(source)}")
    if table.illustrative or ex.is_illustrative(figure, lang):
        lines.append(t("illustrative_note", lang))
    return lines


# --- Images: one kaleido browser per process, started on first use --------------------------

_KALEIDO_LOCK = threading.Lock()
_kaleido_started = False


def render_image(figure: dict, kind: str) -> bytes:
    """PNG (1920 × 1080) or SVG of a figure dict, by kaleido's shared Chromium (one at a time)."""
    global _kaleido_started
    import kaleido
    import plotly.io as pio

    with _KALEIDO_LOCK:
        if not _kaleido_started:
            kaleido.start_sync_server(silence_warnings=True)
            atexit.register(kaleido.stop_sync_server, silence_warnings=True)
            _kaleido_started = True
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "kopts is ignored if using a server"
            return pio.to_image(
                figure,
                format=kind,
                width=ex.IMAGE_WIDTH,
                height=ex.IMAGE_HEIGHT,
                scale=ex.IMAGE_SCALE if kind == "png" else 1,
                validate=False,
            )


def export_file(kind: str, figure: dict, state: PageState, name: str) -> dict:
    """The dcc.Download payload for one format."""
    lang = state.lang
    table = ex.chart_table(figure, lang)
    if kind in ("png", "svg"):
        content = render_image(ex.image_figure(figure, filters_line(state), lang), kind)
    elif kind == "csv":
        content = ex.csv_bytes(ex.to_frame(table, lang))
    else:
        content = ex.xlsx_bytes(
            ex.to_frame(table, lang),
            table.title,
            context_lines(figure, table, state),
            decimals=table.decimals,
        )
    return dcc.send_bytes(content, f"{name}.{kind}", type=MEDIA[kind])


# --- Callbacks -------------------------------------------------------------------------------


def _pattern(graph: str, keys: tuple[str, ...]) -> str | dict:
    return {"type": graph, **dict.fromkeys(keys, MATCH)} if keys else graph


def _keys_of(part_id: object) -> dict:
    """The graph's own keys (e.g. view, programme) from the id of one of its frame's parts."""
    if not isinstance(part_id, dict):
        return {}
    return {k: v for k, v in part_id.items() if k not in ("graph", "part")}


def register(graph: str, keys: tuple[str, ...]) -> None:
    pattern = _pattern(graph, keys)

    def part(name: str) -> dict:
        return chart.part_id(pattern, name)

    clientside_callback(
        ClientsideFunction("charts", "imageOptions"),
        Output(part("sink"), "children"),
        Input(part("image"), "data"),
        State(part("sink"), "id"),
    )

    # The panel callback that draws the chart closes the table too (frame_outputs): shared outputs.
    @callback(
        Output(part("table"), "hidden", allow_duplicate=True),
        Output(part("table"), "children", allow_duplicate=True),
        Output(part("toggle"), "aria-expanded", allow_duplicate=True),
        Output(part("toggle"), "children", allow_duplicate=True),
        Input(part("toggle"), "n_clicks"),
        State(part("table"), "hidden"),
        State(pattern, "figure"),
        State(ids.PAGE_STATE, "data"),
        prevent_initial_call=True,
    )
    def toggle(clicks, hidden, figure, page_data):
        """«Vis som tabell»: opens the table view, built now from the figure the graph holds (a
        redraw of the chart closes it again), or closes it."""
        lang = fmt.normalize_lang(page_data.get("lang") if isinstance(page_data, dict) else None)
        opening = hidden is not False
        figure = figure if isinstance(figure, dict) else None
        table = chart.table_of(figure, lang) if opening else dash.no_update
        return (
            not opening,
            table,
            "true" if opening else "false",
            t("export_table_hide" if opening else "export_table_show", lang),
        )

    @callback(
        Output(part("download"), "data"),
        Output(part("error"), "children"),
        *(Input(part(kind), "n_clicks") for kind in chart.FORMATS),
        State(pattern, "figure"),
        *FILTERS,
        prevent_initial_call=True,
    )
    def download(png, svg, csv, xlsx, figure, year, subperiod, units, indicator, page_data):
        trigger = dash.ctx.triggered_id
        if not isinstance(trigger, dict) or trigger.get("part") not in chart.FORMATS:
            return dash.no_update, dash.no_update
        if not isinstance(figure, dict) or not figure:
            return dash.no_update, dash.no_update
        if not dash.ctx.triggered or not dash.ctx.triggered[0].get("value"):
            return dash.no_update, dash.no_update
        state = PageState.from_filters(page_data, year, subperiod, units, indicator)
        keys = _keys_of(trigger)
        kind = trigger["part"]
        try:
            return export_file(kind, figure, state, stem(graph, keys, state)), ""
        except Exception:  # the reader gets a message; the traceback goes to the server log
            log.exception("export failed")
            return dash.no_update, t("export_failed", state.lang)


for _graph, _keys in GRAPHS:
    register(_graph, _keys)
