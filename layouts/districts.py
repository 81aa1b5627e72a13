"""The districts page: `/districts` (the eight districts side by side) and `/districts/<unit_id>`
(one district: every indicator over time, its events and a table).

Pure builders: the page frames, the breadcrumb, the tables, the notes and the events list. The
charts and tables are filled in by callbacks/districts.py when a filter changes.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from layouts import cards, ids
from layouts import format as fmt
from layouts.chart import chart
from layouts.figures.districts import district_chart, per_district, status_label
from layouts.i18n import t
from layouts.page import breadcrumb, headline_body, panel_page
from layouts.page_exports import table_download
from layouts.state import FilterOptions, PageState

PATH = "/districts"
SHOW = ("period", "units", "indicator")  # the overview of the districts
SHOW_DISTRICT = ("period",)  # one district: every indicator, the period picks the table's figures


def district_path(unit_id: str) -> str:
    return f"{PATH}/{unit_id}"


def period_text(state: PageState) -> str:
    """'2016', 'mars 2016' / 'March 2016'."""
    return fmt.period(state.period or "", state.lang)


def year_span(years) -> str:
    """['2013', '2014', '2016'] -> '2013–2016'; one year -> '2016'; none -> ''."""
    years = sorted(years)
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else "".join(years)


def chart_title(key: str, lang: str, years, **values: str) -> str:
    """A title that says what and when; without years the trailing ', ' goes."""
    return t(key, lang, years=year_span(years), **values).rstrip(", ")


def indicator_name(indicator: dict, lang: str) -> str:
    return indicator.get("name_en") if lang == "en" and indicator.get("name_en") else indicator["name"]


def crumbs(state: PageState, district_name: str) -> html.Nav | None:
    """Helse- og omsorgsdistrikt › <district>; none on the overview. Links keep the period."""
    if state.key is None:
        return None
    return breadcrumb([(t("page_districts", state.lang), state.url(PATH)), (district_name, None)], state.lang)


def _graph(graph_id, lang: str, class_name: str = "districts-graph", **kwargs) -> html.Div:
    return chart(graph_id, class_name, lang, **kwargs)


def layout(state: PageState, options: FilterOptions) -> html.Div:
    """The overview: the districts side by side and over time."""
    lang = state.lang
    body = [
        *headline_body("districts", lang),
        html.Section(
            [
                _graph(ids.DISTRICTS_BARS, lang),
                html.Div(id=ids.DISTRICTS_NOTE, className="districts-note small"),
            ],
            className="districts-section districts-chart",
        ),
        html.Section(
            [
                html.H2(id=ids.DISTRICTS_TABLE_TITLE, className="h5 districts-title"),
                dcc.Loading(
                    html.Div(id=ids.DISTRICTS_TABLE, className="districts-table-wrap"),
                    type="dot",
                    delay_show=300,
                ),
                table_download("districts", lang),  # CSV / XLSX (callbacks/page_exports.py)
            ],
            className="districts-section",
        ),
        html.Section(_graph(ids.DISTRICTS_MULTIPLES, lang), className="districts-section districts-chart"),
    ]
    return panel_page(
        state, options, PATH, t("page_districts", lang), body, intro=t("districts_intro", lang), show=SHOW
    )


def district_layout(state: PageState, options: FilterOptions, district_name: str, note: str = "") -> html.Div:
    """One district; `note` is the units table's note on it (e.g. that its name is assumed)."""
    lang = state.lang
    body = [
        html.P(note, className="districts-unit-note small text-body-secondary") if note else None,
        html.Section(
            [
                html.H2(id=ids.DISTRICT_TABLE_TITLE, className="h5 districts-title"),
                dcc.Loading(
                    html.Div(id=ids.DISTRICT_TABLE, className="districts-table-wrap"),
                    type="dot",
                    delay_show=300,
                ),
                table_download("district", lang),  # CSV / XLSX (callbacks/page_exports.py)
            ],
            className="districts-section",
        ),
        html.Section(
            [
                html.H2(t("events", lang), className="h5 districts-title"),
                html.Div(id=ids.DISTRICT_EVENTS, className="districts-events"),
            ],
            className="districts-section",
        ),
        html.Section(
            [
                html.H2(t("district_charts_title", lang), className="h5 districts-title"),
                html.P(t("illustrative_note", lang), className="small text-body-secondary"),
                dcc.Loading(html.Div(id=ids.DISTRICT_CHARTS), type="dot", delay_show=300),
            ],
            className="districts-section",
        ),
    ]
    page = panel_page(
        state,
        options,
        district_path(state.key or ""),
        t("district_title", lang, name=district_name),
        body,
        intro=t("district_intro", lang),
        show=SHOW_DISTRICT,
    )
    # The breadcrumb sits above the page frame, in a container the filter callback redraws
    # (its link carries the chosen period).
    return html.Div(
        [html.Div(crumbs(state, district_name), id=ids.DISTRICTS_CRUMBS), page], className="districts-view"
    )


# --- Pieces filled in by the callbacks --------------------------------------------------------


def _finite(x: object) -> bool:
    return isinstance(x, int | float) and math.isfinite(x)


def figure_status(status: str, lang: str):
    """The status cell: «Illustrativt tall» / «Foreløpig tall» badge, or «Publisert tall»."""
    if not status:
        return fmt.MISSING
    return cards.status_badge(status, lang) or t("districts_final", lang)


def status_cell(status: str, lang: str, has_value: bool = True) -> html.Td:
    """Status against target: symbol and word, coloured by a class (never colour alone)."""
    if not has_value:
        return html.Td(fmt.MISSING)
    return html.Td(
        status_label(status, lang), className=f"districts-status districts-status-{status.replace('/', '')}"
    )


def target_text(value: object, status: str, unit: str, decimals: int, lang: str) -> str:
    if not _finite(value):
        return fmt.MISSING
    text = fmt.value(value, unit, decimals, lang)
    return f"{text} ({t('districts_target_illustrative', lang)})" if status == "illustrative" else text


def _table(heads: list[str], body: list, lang: str, class_name: str) -> dbc.Table:
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(t(h, lang), scope="col") for h in heads])), html.Tbody(body)],
        size="sm",
        hover=True,
        responsive=True,
        className=f"districts-table {class_name} mb-1",
    )


def districts_table(rows: pd.DataFrame, state: PageState, unit: str, decimals: int) -> html.Div | dbc.Table:
    """The districts of the bar chart, in its order: each name links to `/districts/<unit_id>`."""
    lang = state.lang
    if rows.empty:
        return html.P(t("no_figures", lang), className="empty-state")
    heads = [
        "districts_col_district",
        "districts_col_value",
        "districts_col_target",
        "districts_col_status",
        "districts_col_figure",
    ]
    body = [
        html.Tr(
            [
                html.Th(
                    dcc.Link(
                        r["name"],
                        href=state.url(district_path(r["unit_id"])),
                        className="districts-drill-link",
                    ),
                    scope="row",
                ),
                html.Td(fmt.value(r["value"], unit, decimals, lang), className="num"),
                html.Td(target_text(r["target"], r["target_status"], unit, decimals, lang), className="num"),
                status_cell(r["vs_target"], lang),
                html.Td(figure_status(r["status"], lang)),
            ],
            className=f"districts-row districts-row-{r['status']}",
        )
        for r in rows.to_dict("records")
    ]
    return _table(heads, body, lang, "districts-drill-table")


def district_table(rows: pd.DataFrame, lang: str) -> html.Div | dbc.Table:
    """Every indicator of one district for the chosen period."""
    if rows.empty:
        return html.P(t("no_figures", lang), className="empty-state")
    heads = [
        "districts_col_indicator",
        "districts_col_value",
        "districts_col_target",
        "districts_col_status",
        "districts_col_others",
        "districts_col_figure",
    ]
    body = []
    for r in rows.to_dict("records"):
        unit, decimals = r["unit"], int(r["decimals"])
        has_value = _finite(r["value"])
        others = fmt.value(r["others"], unit, decimals, lang) if _finite(r["others"]) else fmt.MISSING
        if r["others_status"] == "illustrative":
            others = f"{others} ({t('illustrative', lang)})"
        body.append(
            html.Tr(
                [
                    html.Th(indicator_name(r, lang), scope="row"),
                    html.Td(
                        fmt.value(r["value"], unit, decimals, lang) if has_value else fmt.MISSING,
                        className="num",
                    ),
                    html.Td(
                        target_text(r["target"], r["target_status"], unit, decimals, lang), className="num"
                    ),
                    status_cell(r["vs_target"], lang, has_value),
                    html.Td(others, className="num"),
                    html.Td(figure_status(r["status"], lang)),
                ],
                className=f"districts-row districts-row-{r['status'] or 'none'}",
            )
        )
    return _table(heads, body, lang, "district-indicator-table")


def capped_text(shown: int, total: int, lang: str, short: bool = False) -> str:
    """'Viser 40 av 562 distrikter – velg en kommune i enhetsfilteret' when not every district
    the filter covers is drawn; '' when all are."""
    if shown >= total:
        return ""
    key = "districts_capped_short" if short else "districts_capped"
    return t(key, lang, shown=fmt.number(shown, 0, lang), total=fmt.number(total, 0, lang))


def capped_table(table, capped: str):
    """The districts table, with the capped notice above it when not every district is shown."""
    if not capped:
        return table
    return html.Div([html.P(capped, className="districts-capped small mb-1"), table])


def _area_list(areas: list[str], most: int = 5) -> str:
    """'A, B, C' — at most `most` names, then '…'."""
    return ", ".join(areas[:most]) + (", …" if len(areas) > most else "")


def bars_note(
    rows: pd.DataFrame,
    average: dict,
    unit: str,
    decimals: int,
    parent_name: str,
    n_districts: int,
    lang: str,
    *,
    areas: list[str] | None = None,
    capped: str = "",
) -> list:
    """What the reference lines are: whose target, which average; and how to drill.

    `areas`: the names of the areas when the districts shown belong to more than one (the
    targets are then each area's; the average is over every district of those areas);
    `capped`: the notice that not all are drawn.
    """
    out = [capped] if capped else []
    if len(areas or []) > 1:
        out.append(
            t("districts_note_areas", lang, n=fmt.number(len(areas), 0, lang), areas=_area_list(areas))
        )
    if not rows.empty:
        sources = [s for s in dict.fromkeys(rows["target_source"]) if isinstance(s, str) and s]
        if len(areas or []) > 1 and {"share", "parent"} & set(sources):
            pass  # each district's tick is its own area's target: said by districts_note_areas
        elif not sources:
            out.append(t("districts_note_target_none", lang))
        elif sources == ["share"]:
            total = rows["target"].dropna().iloc[0] * n_districts
            target = fmt.value(total, unit, decimals, lang)
            out.append(t("districts_note_target_share", lang, unit=parent_name, target=target, n=n_districts))
        elif sources == ["parent"]:
            out.append(t("districts_note_target_parent", lang, unit=parent_name))
        else:
            out.append(t("districts_note_target_district", lang))
        if _finite(average.get("value")):
            key = "districts_note_average_per" if per_district(unit) else "districts_note_average_mean"
            whole = float(average["value"]).is_integer()
            value = fmt.value(average["value"], unit, decimals if whole else max(decimals, 1), lang)
            out.append(t(key, lang, n=average["n"], value=value))
    texts = [html.P(x, className="mb-1") for x in out]
    texts.append(html.P(t("illustrative_note", lang), className="mb-1 text-body-secondary"))
    texts.append(html.P(t("districts_drill_help", lang), className="mb-0 text-body-secondary"))
    return texts


def events_list(events: pd.DataFrame, lang: str) -> html.Ul | html.P:
    """The district's events, oldest first, with dates as precise as the source gives them."""
    if events.empty:
        return html.P(t("district_no_events", lang), className="empty-state")
    items = []
    for e in events.to_dict("records"):
        scope = f" ({t('district_event_all', lang)})" if e["scope"] == "all" else ""
        items.append(
            html.Li(
                [
                    html.Time(
                        fmt.date(e["date"], lang), dateTime=e["date"], className="districts-event-date"
                    ),
                    " ",
                    html.Strong(e["title"]),
                    html.Span(scope, className="small text-body-secondary"),
                    html.Br(),
                    html.Span(e["description"], className="small") if e["description"] else None,
                    html.Span(f" {t('source', lang)}: {e['source']}", className="small text-body-secondary")
                    if e["source"]
                    else None,
                ],
                className="districts-event",
            )
        )
    return html.Ul(items, className="districts-events-list list-unstyled")


# More charts than this on a district page (one per districts-panel indicator: 60 on the national
# dataset): the first DISTRICT_CHARTS_PER_STEP, and «Vis 8 til» appends the next ones (Dash draws
# what one response inserts in time that grows with its square: see layouts/overview.py).
DISTRICT_CHART_LIMIT = 16
DISTRICT_CHARTS_PER_STEP = 8


def district_charts(
    profile: list,
    markers: pd.DataFrame,
    name: str,
    n_districts: int,
    lang: str,
    filename: Callable[[str], str],
) -> dbc.Row:
    """One chart per indicator of one district, two to a row on wide screens.

    profile: (indicator, series, targets, source) per indicator, as from
    data.query_districts.district_profile; markers: the district's events per year; filename:
    an indicator id's export file name.
    """
    return dbc.Row(district_chart_columns(profile, markers, name, n_districts, lang, filename))


def capped_district_charts(district: str, columns: list, total: int, lang: str) -> html.Div:
    """The first charts of a district with more than DISTRICT_CHART_LIMIT (`columns`, of `total`),
    «Vis 8 til (N igjen)» and the number shown (callbacks/districts.py show_more_charts)."""
    shown = len(columns)
    left = total - shown
    return html.Div(
        [
            dbc.Row(columns, id=ids.district_chart_grid(district)),
            html.Button(
                more_charts_label(left, lang),
                id=ids.district_charts_more(district),
                type="button",
                n_clicks=0,
                hidden=left == 0,
                className="btn btn-outline-secondary btn-sm district-charts-more mb-3",
            ),
            dcc.Store(id=ids.district_charts_shown(district), data=shown),
        ]
    )


def more_charts_label(left: int, lang: str) -> str:
    """«Vis 8 til (52 igjen)» / "Show 8 more (52 left)"."""
    step = min(DISTRICT_CHARTS_PER_STEP, left)
    return t("ov_more", lang, n=fmt.number(step, 0, lang), left=fmt.number(left, 0, lang))


def district_chart_columns(
    profile: list,
    markers: pd.DataFrame,
    name: str,
    n_districts: int,
    lang: str,
    filename: Callable[[str], str],
) -> list[dbc.Col]:
    """The grid columns of `district_charts`: one chart per indicator of `profile`."""
    labels = {"district": name, "others": t("districts_average_others", lang)}
    cols = []
    for indicator, series, goals, source in profile:
        years = series.loc[series["series"] == "district", "x"].unique()
        figure = district_chart(
            series,
            goals,
            markers,
            chart_title(
                "district_chart_title", lang, years, indicator=indicator_name(indicator, lang), name=name
            ),
            lang,
            indicator["unit"],
            int(indicator["decimals"]),
            source=source,
            labels=labels,
            n_districts=n_districts,
            empty_message=t("district_no_data", lang, name=name),
        )
        graph = _graph(
            ids.district_graph(indicator["indicator_id"]),
            lang,
            figure=figure,
            loading=False,
            filename=filename(indicator["indicator_id"]),
        )
        cols.append(dbc.Col(graph, xs=12, lg=6, className="mb-3"))
    return cols
