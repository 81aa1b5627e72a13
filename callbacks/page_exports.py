"""«Last ned siden»: the whole page as PDF or PowerPoint, made by a Dash background callback.

Thin: the figures every chart on the page holds, the page's key figure cards and the filters ->
layouts.page_exports (pages, slides) with images by kaleido (callbacks.exports.render_image).

The job runs in a process of its own (DiskcacheManager forks one per job), so the app keeps
answering while the file is made; the browser polls /_dash-update-component for progress and the
result, no inline script. The job process starts its own kaleido browser on first use and stops
it at the end (a kaleido server of the app process does not survive the fork). The disk cache
lives in the system's temp folder and is shared by every worker of a gunicorn app.

One callback per group of chart ids (layouts.page_exports.GROUPS): the charts with dict ids are
asked for with ALL (no chart: []), the few with string ids only on the pages that hold them.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import dash
import diskcache
import pandas as pd
from dash import ALL, MATCH, DiskcacheManager, Input, Output, State, callback, dcc

from callbacks import budget as budget_page
from callbacks import districts as districts_page
from callbacks import exports
from callbacks import overview as overview_page
from data import query_budget, query_housing, query_overview, store
from data import query_districts as qd
from layouts import budget as budget_layout
from layouts import districts as districts_layout
from layouts import exports as ex
from layouts import housing as housing_layout
from layouts import ids
from layouts import overview as overview_layout
from layouts import page_exports as pe
from layouts.i18n import t
from layouts.state import PageState

log = logging.getLogger(__name__)

CACHE_DIR = Path(tempfile.gettempdir()) / "hso-nokkeltall-background"
MANAGER = DiskcacheManager(diskcache.Cache(str(CACHE_DIR)))

# Dict-id charts: every GRAPHS pattern with keys, each key ALL.
DICT_GRAPHS = tuple((graph, keys) for graph, keys in exports.GRAPHS if keys)
_STRING_GRAPHS = {graph for graph, keys in exports.GRAPHS if not keys}
assert {g for group in pe.STRING_GROUPS.values() for g in group} == _STRING_GRAPHS, (
    "every chart with a string id belongs to one group of layouts.page_exports.STRING_GROUPS"
)

PAGE_TOPIC = {
    "overview": "oversikt",
    "indicator": "{key}",
    "districts": "distrikter",
    "district": "distrikt",
    "housing": "bolig",
    "programme": "bolig_{key}",
    "budget": "budsjettavvik",
    "budget-unit": "budsjettavvik",
}


def file_name(state: PageState, kind: str) -> str:
    """'budsjettavvik_2016_P05.pdf': what the page shows, the period, the units or drilled unit."""
    topic = PAGE_TOPIC.get(state.page, state.page or "side").format(key=state.key or "")
    return f"{ex.file_stem(topic, state.period or '', exports.scope('', state))}.{kind}"


def figure_states(group: str) -> list[State]:
    if group in pe.STRING_GROUPS:
        return [State(graph, "figure") for graph in pe.STRING_GROUPS[group]]
    return [State({"type": graph, **dict.fromkeys(keys, ALL)}, "figure") for graph, keys in DICT_GRAPHS]


def flat(values) -> list:
    """The States' values in page order: a string id's figure, or the list an ALL pattern gives."""
    out: list = []
    for value in values:
        out.extend(value if isinstance(value, list) else [value])
    return out


# --- kaleido in the job process ---------------------------------------------------------------


def _fresh_kaleido() -> None:
    """The job process is a fork of the app: a kaleido server started there has no thread here,
    and the render lock may have been copied while held. Start from a clean state."""
    import kaleido

    server = kaleido._global_server
    thread = getattr(server, "_thread", None)
    if server.is_running() and (thread is None or not thread.is_alive()):
        server._initialized = False
    exports._KALEIDO_LOCK = threading.Lock()
    exports._kaleido_started = server.is_running()


def _stop_kaleido() -> None:
    """Close this process's kaleido browser: a job process ends without running atexit."""
    import kaleido

    if kaleido._global_server.is_running():
        kaleido.stop_sync_server(silence_warnings=True)
    exports._kaleido_started = False


def make_file(kind: str, state: PageState, title: str, figures: list, cards: list, progress) -> bytes:
    """The PDF or PPTX of the page; `progress(done, total)` after every chart."""
    lang = state.lang
    filters = exports.filters_line(state)
    charts = pe.charts_of(figures, filters, lang)
    key_figures = pe.key_figures(cards)
    total = len(charts)
    progress(0, total)
    _fresh_kaleido()
    try:
        if kind == "pdf":
            cover = pe.cover_figure(title, filters, key_figures, [c.title for c in charts], lang)
            parts = [exports.render_image(cover, "pdf")]
            for done, chart in enumerate(charts, start=1):
                parts.append(exports.render_image(chart.image, "pdf"))
                progress(done, total)
            return pe.join_pdfs(parts)
        pictures = []
        for done, chart in enumerate(charts, start=1):
            pictures.append(exports.render_image(chart.image, "png"))
            progress(done, total)
        return pe.build_pptx(title, filters, key_figures, charts, pictures, lang)
    finally:
        _stop_kaleido()


def register(group: str) -> None:
    def pid(part: str) -> dict:
        return ids.page_export(part, group)

    @callback(
        Output(pid("download"), "data"),
        Output(pid("status"), "children"),
        *(Input(pid(kind), "n_clicks") for kind in pe.FORMATS),
        State(pid("meta"), "data"),
        State({"type": ids.KPI_CARD, "indicator": ALL}, "children"),
        *exports.FILTERS,
        *figure_states(group),
        background=True,
        manager=MANAGER,
        interval=500,  # ms between the browser's polls for progress and the result
        progress=[
            Output(pid("progress"), "value"),
            Output(pid("progress"), "max"),
            Output(pid("progress-text"), "children"),
        ],
        progress_default=[0, 1, ""],
        running=[
            *((Output(pid(kind), "disabled"), True, False) for kind in pe.FORMATS),
            (Output(pid("running"), "hidden"), False, True),
        ],
        cancel=[Input(ids.PAGE_EXPORT_CANCEL, "n_clicks")],
        prevent_initial_call=True,
    )
    def export_page(
        set_progress, pdf, pptx, meta, cards, year, subperiod, units, indicator, page_data, *figures
    ):
        trigger = dash.ctx.triggered_id
        kind = (
            str(trigger.get("type", "")).removeprefix(f"{ids.PAGE_EXPORT}-")
            if isinstance(trigger, dict)
            else ""
        )
        if kind not in pe.FORMATS or not (pdf if kind == "pdf" else pptx):
            return dash.no_update, dash.no_update
        state = PageState.from_filters(page_data, year, subperiod, units, indicator)
        lang = state.lang
        meta = meta if isinstance(meta, dict) else {}
        name = file_name(state, kind)

        def progress(done: int, total: int) -> None:
            set_progress((done, max(total, 1), pe.progress_text(done, total, lang)))

        try:
            content = make_file(
                kind, state, str(meta.get("title") or ""), flat(figures), cards or [], progress
            )
        except Exception:  # the reader gets a message; the traceback goes to the server log
            log.exception("export failed")
            return dash.no_update, t("export_failed", lang)
        return dcc.send_bytes(content, name, type=pe.MEDIA[kind]), t("page_export_done", lang, name=name)


for _group in pe.GROUPS:
    register(_group)


# --- «Last ned tabell»: every HTML table of the pages as CSV / XLSX --------------------------
#
# One builder per table kind (layouts.page_exports.TABLE_KINDS) reads the rows the page's own
# callback draws the table from (the same data/query_*.py calls), and one callback serves every
# kind: MATCH on the kind, so a click answers only the control it came from.


@dataclass(frozen=True)
class TableFile:
    """One table, ready to write: the frame, the heading the page shows above it, the lines under
    the heading in XLSX (filters, source, illustrative note), the file name's stem, and the
    decimals of the number format (one for all rows, or one per row)."""

    frame: pd.DataFrame
    title: str
    notes: list[str]
    stem: str
    decimals: int | list[int] | None = None


def _source_line(source: str, lang: str) -> str:
    return f"{t('source', lang)}: {source}" if source else ""


def _notes(state: PageState, source: str, statuses) -> list[str]:
    """Filters, source, and the illustrative note when any figure of the table is illustrative."""
    notes = [exports.filters_line(state), _source_line(source, state.lang)]
    if any(s == "illustrative" for s in statuses):
        notes.append(t("table_illustrative_note", state.lang))
    return [n for n in notes if n]


def budget_table(state: PageState) -> TableFile:
    """/budget, /budget/<unit>: the rows callbacks/budget.py draws, amounts in kroner."""
    lang = state.lang
    units, with_rows = store.table("units"), budget_page.budget_unit_ids()
    shown = budget_page.view(units, with_rows, state.key)
    ytd = budget_page.view_year_to_date(units, shown, state)
    rows = query_budget.breakdown(ytd, units, shown.unit_id or "", state.units)
    total = query_budget.totals(rows)
    by_category = (
        (rows["kind"] == "category").all() if len(rows) else shown.unit_id in set(with_rows["unit_id"])
    )
    key = "budget_table_title_categories" if by_category else "budget_table_title"
    source = t("budget_source", lang, name=store.dataset_name())
    return TableFile(
        pe.budget_frame(rows, total, bool(by_category), lang),
        t(key, lang, period=budget_layout.period_text(state)),
        _notes(state, source, rows["status"] if len(rows) else []),
        ex.file_stem("budsjettavvik_tabell", state.period or "", exports.scope("", state)),
    )


def districts_table(state: PageState) -> TableFile:
    """/districts: the districts of the chosen indicator (callbacks/districts.update_bars)."""
    lang, period = state.lang, state.period or ""
    indicator = districts_page.indicator_of(state.indicator)
    title = t("districts_table_title", lang, period=districts_layout.period_text(state))
    stem = ex.file_stem("distrikter_tabell", state.indicator or "", period, exports.scope("", state))
    if indicator is None:
        return TableFile(pe.districts_frame(pd.DataFrame(), "count", 0, lang), title, [], stem)
    units = store.table("units")
    rows = qd.district_values(
        districts_page.district_observations([indicator["indicator_id"]], state.year),
        store.table("targets"),
        units,
        indicator,
        period,
        state.units,
    )
    unit, decimals = indicator["unit"], int(indicator["decimals"])
    source = qd.sources(rows, indicator["source"])
    statuses = [*rows["status"], *rows["target_status"]] if len(rows) else []
    return TableFile(
        pe.districts_frame(rows, unit, decimals, lang), title, _notes(state, source, statuses), stem, decimals
    )


def district_table(state: PageState) -> TableFile:
    """/districts/<unit>: every indicator of one district (callbacks/districts.update_district_table)."""
    lang, key = state.lang, state.key or ""
    name = districts_page.names().get(key, key)
    rows = qd.district_table(
        districts_page.district_observations(districts_page.panel_indicator_ids(), state.year, also=key),
        store.table("targets"),
        store.table("units"),
        store.table("indicators"),
        key,
        state.period or "",
    )
    statuses = [*rows["status"], *rows["target_status"], *rows["others_status"]] if len(rows) else []
    return TableFile(
        pe.district_frame(rows, lang),
        t("district_table_title", lang, name=name, period=districts_layout.period_text(state)),
        _notes(state, t("table_source_dataset", lang, name=store.dataset_name()), statuses),
        ex.file_stem("distrikt", key, state.period or ""),
        [int(d) for d in rows["decimals"]] if len(rows) else None,
    )


def _indicator(state: PageState) -> overview_layout.IndicatorInfo:
    info = overview_page.indicator_info(state.key, state.lang)
    if info is None:
        raise LookupError(f"no indicator {state.key!r}")
    return info


def indicator_series_table(state: PageState) -> TableFile:
    """/indicators/<id>: the time series' figures (callbacks/overview.update_indicator_series)."""
    lang, info = state.lang, _indicator(state)
    view = query_overview.series_view(
        store.observations([info.indicator_id]),
        store.table("units"),
        store.table("targets"),
        store.table("events"),
        {"indicator_id": info.indicator_id, "direction": info.direction, "panel": info.panel},
        state.units,
        facts=store.unit_facts(),
    )
    rows = view.rows
    statuses = [*rows["status"], *rows["target_status"]] if len(rows) else []
    return TableFile(
        pe.indicator_frame(rows, info.unit, info.decimals, lang, series=True),
        overview_layout.series_title(info, view.labels, view.years, lang),
        _notes(replace(state, year=None, subperiod="year"), info.source, statuses),
        ex.file_stem(info.indicator_id, "utvikling_tabell", exports.scope("", state)),
        info.decimals,
    )


def indicator_breakdown_table(state: PageState) -> TableFile:
    """/indicators/<id>: the figures by unit for the year (callbacks/overview.update_indicator_breakdown)."""
    lang, info = state.lang, _indicator(state)
    rows = query_overview.breakdown(
        store.observations([info.indicator_id], years=[state.year or 0]),
        store.table("units"),
        store.table("targets"),
        info.indicator_id,
        info.direction,
        state.year or 0,
        state.units,
    )
    statuses = [*rows["status"], *rows["target_status"]] if len(rows) else []
    return TableFile(
        pe.indicator_frame(rows, info.unit, info.decimals, lang, series=False),
        t("ov_breakdown_title", lang, name=info.name, year=state.year),
        _notes(state, info.source, statuses),
        ex.file_stem(info.indicator_id, "enheter_tabell", state.period or "", exports.scope("", state)),
        info.decimals,
    )


def housing_table(state: PageState) -> TableFile:
    """/housing/<programme>: the programme's figures for the period (callbacks/housing.update_programme)."""
    lang = state.lang
    prog = query_housing.programme(state.key)
    if prog is None or state.year is None:
        raise LookupError(f"no programme {state.key!r}")
    obs, units, inds = store.observations(prog.indicators), store.table("units"), store.table("indicators")
    month = int(state.subperiod[1:]) if state.subperiod.startswith("M") else None
    rows = query_housing.period_values(
        obs, store.table("targets"), inds, units, prog.indicators, state.year, month, store.unit_facts()
    )
    shown = obs[obs["indicator_id"].isin(prog.indicators) & obs["period"].isin(set(rows["period"]))]
    statuses = [*rows["status"], *rows["target_status"]] if len(rows) else []
    return TableFile(
        pe.housing_frame(rows, lang),
        t("housing_table_heading", lang, period=housing_layout.period_text(state)),
        _notes(state, "; ".join(query_housing.sources(shown)), statuses),
        ex.file_stem("bolig", prog.key, "tabell", state.period or ""),
        [int(d) for d in rows["decimals"]] if len(rows) else None,
    )


TABLES: dict[str, Callable[[PageState], TableFile]] = {
    "budget": budget_table,
    "districts": districts_table,
    "district": district_table,
    "indicator-series": indicator_series_table,
    "indicator-breakdown": indicator_breakdown_table,
    "housing": housing_table,
}
assert set(TABLES) == set(pe.TABLE_KINDS), "every table kind has a builder"


def table_file(table: str, kind: str, state: PageState) -> dict:
    """The table `table` of the page's view as CSV or XLSX (dcc.send_bytes)."""
    made = TABLES[table](state)
    if kind == "csv":
        content = ex.csv_bytes(made.frame)
    else:
        content = pe.table_xlsx(made.frame, made.title, made.notes, made.decimals)
    return dcc.send_bytes(content, f"{made.stem}.{kind}", type=exports.MEDIA[kind])


@callback(
    Output(ids.table_export("download", MATCH), "data"),
    Output(ids.table_export("status", MATCH), "children"),
    *(Input(ids.table_export(kind, MATCH), "n_clicks") for kind in pe.TABLE_FORMATS),
    *exports.FILTERS,
    prevent_initial_call=True,
)
def download_table(csv, xlsx, year, subperiod, units, indicator, page_data):
    trigger = dash.ctx.triggered_id
    if not isinstance(trigger, dict):
        return dash.no_update, dash.no_update
    kind = str(trigger.get("type", "")).removeprefix(f"{ids.TABLE_EXPORT}-")
    table = str(trigger.get("table", ""))
    if kind not in pe.TABLE_FORMATS or table not in TABLES or not (csv if kind == "csv" else xlsx):
        return dash.no_update, dash.no_update
    state = PageState.from_filters(page_data, year, subperiod, units, indicator)
    try:
        return table_file(table, kind, state), ""
    except Exception:  # the reader gets a message; the traceback goes to the server log
        log.exception("export failed")
        return dash.no_update, t("export_failed", state.lang)
