"""The housing page: `/housing` (every programme: a headline card and its trend) and
`/housing/<programme>` (the programme's indicators over the years, the months of the chosen
year and a table of the figures with their status).

Pure builders; callbacks/housing.py fills the cards, charts and table when a filter changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from layouts import cards, ids
from layouts import format as fmt
from layouts.chart import chart as chart_frame
from layouts.figures import housing as figures
from layouts.figures.common import STATUS_STYLE
from layouts.i18n import t
from layouts.page import breadcrumb, panel_page
from layouts.page_exports import table_download
from layouts.state import FilterOptions, PageState

PATH = "/housing"
OVERVIEW = "all"  # the programme key of the parts of /housing itself
SHOW = ("period",)  # the figures are for the municipality (NAV for applications): no unit filter
AXIS_KEYS = {"nok": "housing_axis_nok", "count": "housing_axis_count", "percent": "housing_axis_percent"}


def programme_path(key: str) -> str:
    return f"{PATH}/{key}"


def programme_title(key: str, lang: str) -> str:
    return t(f"housing_programme_{key}", lang)


def axis_title(unit: str, lang: str) -> str:
    return t(AXIS_KEYS[unit], lang) if unit in AXIS_KEYS else ""


def indicator_name(row, lang: str) -> str:
    """The indicator's name in the reader's language (bokmål when there is no English name)."""
    return row["name_en"] if lang == "en" and row["name_en"] else row["name"]


@dataclass(frozen=True)
class ProgrammeView:
    """What one programme's page shows, from the data."""

    key: str
    charts: tuple[str, ...]  # chart keys, one trend chart each
    monthly: tuple[str, ...]  # indicators with monthly figures, one bar chart each
    years: tuple[int, ...]
    subperiods: tuple[str, ...] = ("year",)  # 'year' and the months with figures
    default_year: int | None = None


def fit(state: PageState, options: FilterOptions, view: ProgrammeView) -> tuple[PageState, FilterOptions]:
    """The route's filter options narrowed to the programme: its years, and months only where
    it has monthly figures. A period the programme lacks falls back, with a notice."""
    opts = replace(
        options,
        years=view.years or options.years,
        default_year=view.default_year or options.default_year,
        subperiods=view.subperiods,
    )
    notices = list(state.notices)
    if state.year not in opts.years:
        if state.year != options.default_year:
            notices.append(("period", state.period or ""))
        state = replace(state, year=opts.default_year, subperiod="year")
    elif state.subperiod not in opts.subperiods:
        notices.append(("period", state.period or ""))
        state = replace(state, subperiod="year")
    return replace(state, notices=tuple(notices)), opts


def _graph(graph_id: dict, class_name: str, lang: str) -> html.Div:
    return chart_frame(graph_id, class_name, lang)


def year_url(state: PageState, key: str, year: int) -> str:
    """`/housing/<programme>?period=<year>` with the language of `state`."""
    return replace(state, year=year, subperiod="year").url(programme_path(key))


def year_links(state: PageState, key: str, years, current: int | None = None) -> html.Nav:
    """Keyboard route to the same drill targets as the trend's points: one link per year."""
    lang, title = state.lang, programme_title(key, state.lang)
    links = []
    for year in years:
        if year == current:  # the page itself: not a link
            item = html.Span(str(year), className="housing-year-current", **{"aria-current": "page"})
        else:
            item = dcc.Link(
                str(year),
                href=year_url(state, key, year),
                className="housing-year-link",
                title=t("housing_year_link_title", lang, programme=title, year=year),
            )
        links.append(html.Li(item))
    return html.Nav(
        [
            html.Span(t("housing_years_label", lang), className="me-2"),
            html.Ul(links, className="housing-years"),
        ],
        className="housing-years-nav small",
        **{"aria-label": t("housing_years_label", lang).rstrip(":")},
    )


# --- /housing ----------------------------------------------------------------------------


def _programme_section(key: str, lang: str) -> html.Section:
    return html.Section(
        [
            html.H2(programme_title(key, lang), className="h5 housing-programme-title"),
            dcc.Store(id=ids.housing(ids.HOUSING_QUERY, key), data={"programme": key}),
            dbc.Row(
                [
                    dbc.Col(
                        html.Div(id=ids.housing(ids.HOUSING_CARD, key), className="housing-card"), xs=12, lg=4
                    ),
                    dbc.Col(
                        _graph(
                            ids.housing(ids.HOUSING_TREND, key), f"housing-trend housing-trend-{key}", lang
                        ),
                        xs=12,
                        lg=8,
                    ),
                ],
                className="g-3",
            ),
        ],
        className=f"housing-programme housing-programme-{key}",
    )


def layout(state: PageState, options: FilterOptions) -> html.Div:
    """`/housing`: one section per programme (`options.keys`), filled by the year callback."""
    lang = state.lang
    body = [
        dcc.Store(id=ids.housing(ids.HOUSING_OVERVIEW, OVERVIEW), data={"programme": OVERVIEW}),
        html.H2(id=ids.housing(ids.HOUSING_HEADING, OVERVIEW), className="h4 headline-title"),
        html.P(t("housing_overview_help", lang), className="small text-body-secondary"),
        *([_programme_section(key, lang) for key in options.keys] or [html.P(t("no_figures", lang))]),
        html.P(t("housing_hatched", lang), className="small text-body-secondary"),
    ]
    return panel_page(
        state, options, PATH, t("page_housing", lang), body, intro=t("housing_intro", lang), show=SHOW
    )


def figure_line(row, lang: str) -> list:
    """'Husstander som har fått startlån: 183 (2016)' with its status mark."""
    value = fmt.value(row["value"], row["unit"], int(row["decimals"]), lang)
    return [
        html.Span(f"{indicator_name(row, lang)}: "),
        html.Strong(value),
        f" ({fmt.period(str(row['year']), lang)}) ",
        cards.status_badge(row["status"], lang),
    ]


def programme_card(key: str, headline: str, figures: pd.DataFrame, state: PageState, years) -> list:
    """The programme's headline card, its other figures, and the links to the detail page.

    figures: rows of data.query.headline for the programme's indicators (latest figure up to
    the chosen year, published before illustrative).
    """
    lang = state.lang
    head = figures[figures["indicator_id"] == headline]
    if head.empty:
        card = html.P(t("housing_no_figure", lang, year=state.year), className="empty-state")
    else:
        row = head.iloc[0]
        card = cards.headline_card(
            row["indicator_id"],
            indicator_name(row, lang),
            fmt.value(row["value"], row["unit"], int(row["decimals"]), lang),
            f"{row['unit_name']}, {fmt.period(str(row['year']), lang)}",
            row["status"],
            row["source_obs"] or row["source"],
            lang,
        )
    others = figures[figures["indicator_id"] != headline]
    title = programme_title(key, lang)
    details_year = state.year if state.year in years else (max(years) if years else None)
    return [
        card,
        html.Ul(
            [html.Li(figure_line(r, lang)) for _, r in others.iterrows()],
            className="housing-other-figures small list-unstyled mt-2 mb-2",
        )
        if len(others)
        else None,
        dcc.Link(
            t("housing_details", lang),
            href=year_url(state, key, details_year) if details_year else programme_path(key),
            className="btn btn-outline-primary btn-sm housing-details-link",
            title=t("housing_details_title", lang, programme=title, year=details_year or ""),
        ),
        year_links(state, key, years, None) if len(years) > 1 else None,
    ]


# --- /housing/<programme> ----------------------------------------------------------------


def crumbs(state: PageState, key: str) -> html.Nav:
    """Boligsosialt arbeid › <programme>; the link up keeps the chosen year."""
    up = replace(state, subperiod="year").url(PATH)
    return breadcrumb(
        [(t("page_housing", state.lang), up), (programme_title(key, state.lang), None)], state.lang
    )


def programme_layout(state: PageState, options: FilterOptions, view: ProgrammeView) -> html.Div:
    lang, key = state.lang, view.key
    body = [
        html.Section(
            [
                html.H2(t("housing_trend_heading", lang), className="h4"),
                html.P(t("housing_trend_help", lang), className="small text-body-secondary mb-1"),
                html.Div(
                    year_links(state, key, view.years, state.year), id=ids.housing(ids.HOUSING_YEARS, key)
                ),
                dbc.Row(
                    [
                        dbc.Col(
                            _graph(
                                ids.housing(ids.HOUSING_DETAIL, key, chart=chart),
                                f"housing-detail housing-detail-{chart}",
                                lang,
                            ),
                            xs=12,
                        )
                        for chart in view.charts
                    ],
                    className="g-3",
                ),
            ],
            className="housing-section",
        ),
        html.Section(
            [
                html.H2(id=ids.housing(ids.HOUSING_MONTHS_HEADING, key), className="h4"),
                html.P(
                    t("housing_months_help" if view.monthly else "housing_months_none", lang),
                    className="small text-body-secondary",
                ),
                dbc.Row(
                    [
                        dbc.Col(
                            _graph(
                                ids.housing(ids.HOUSING_MONTHS, key, indicator=ind),
                                f"housing-months housing-months-{ind}",
                                lang,
                            ),
                            xs=12,
                            xl=6 if len(view.monthly) > 1 else 12,
                        )
                        for ind in view.monthly
                    ],
                    className="g-3",
                ),
            ],
            className="housing-section",
        ),
        html.Section(
            [
                html.H2(id=ids.housing(ids.HOUSING_TABLE_HEADING, key), className="h4"),
                dcc.Loading(html.Div(id=ids.housing(ids.HOUSING_TABLE, key)), type="dot", delay_show=300),
                table_download("housing", lang),  # CSV / XLSX (callbacks/page_exports.py)
            ],
            className="housing-section",
        ),
        html.P(t("housing_hatched", lang), className="small text-body-secondary"),
    ]
    page = panel_page(
        state, options, programme_path(key), programme_title(key, lang), body, intro=None, show=SHOW
    )
    store = dcc.Store(id=ids.housing(ids.HOUSING_VIEW, key), data={"programme": key})
    crumbs_box = html.Div(crumbs(state, key), id=ids.housing(ids.HOUSING_CRUMBS, key))
    return html.Div([store, crumbs_box, page], className="housing-view")


def months_heading(state: PageState) -> str:
    return t("housing_months_heading", state.lang, year=state.year)


def _status_cell(status: str, lang: str):
    if status == "n/a":
        return fmt.MISSING
    return cards.status_badge(status, lang) or t("housing_final", lang)


def _result_cell(result: str, lang: str) -> html.Span:
    style = STATUS_STYLE.get(result, STATUS_STYLE["n/a"])
    return html.Span(
        f"{style['symbol']} {style['en' if lang == 'en' else 'nb']}",
        className=f"housing-result housing-result-{result.replace('/', '')}",
        style={"color": style["colour"]},
    )


def values_table(rows: pd.DataFrame, lang: str) -> html.Div:
    """The programme's figures for the chosen period, each with its status and against its target.

    rows: data.query_housing.period_values (with the indicators' names, units and decimals).
    """
    if rows.empty or rows["status"].eq("n/a").all():
        return html.P(t("no_figures", lang), className="empty-state")
    heads = ["indicator", "unit", "period", "value", "status", "target", "result"]
    body = []
    for _, row in rows.iterrows():
        decimals = int(row["decimals"])
        target = fmt.value(row["target"], row["unit"], decimals, lang)
        body.append(
            html.Tr(
                [
                    html.Th(indicator_name(row, lang), scope="row"),
                    html.Td(row["unit_name"]),
                    html.Td(fmt.period(row["period"], lang)),
                    html.Td(fmt.value(row["value"], row["unit"], decimals, lang), className="num"),
                    html.Td(_status_cell(row["status"], lang)),
                    html.Td([target, " ", cards.status_badge(row["target_status"], lang)], className="num"),
                    html.Td(_result_cell(row["result"], lang), className="housing-result-cell"),
                ],
                className=f"housing-row housing-row-{row['status'].replace('/', '')}",
            )
        )
    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(t(f"housing_col_{h}", lang), scope="col") for h in heads])),
            html.Tbody(body),
        ],
        size="sm",
        hover=True,
        responsive=True,
        className="housing-table mb-1",
    )


# --- Charts: titles, labels and units around the figure builders -------------------------


def trend_chart(
    key: str,
    chart: str,
    series: pd.DataFrame,
    events: pd.DataFrame,
    meta: pd.DataFrame,
    lang: str,
    sources: list[str],
    year: int | None,
    selected_year: int | None = None,
):
    """One programme chart over the years: series from data.query_housing.annual_series, meta the
    indicators' rows (name, name_en, unit, decimals); `year` names the period when it is empty."""
    rows = meta.set_index("indicator_id")
    first = rows.iloc[0] if len(rows) else None
    unit = str(first["unit"]) if first is not None else "count"
    names = {ind: indicator_name(r, lang) for ind, r in rows.iterrows()}
    span = figures.year_span(series["year"]) or (str(year) if year else "")
    return figures.trend(
        series.assign(label=series["indicator_id"].map(names)),
        events,
        t(f"housing_chart_{chart}", lang, period=span),
        lang,
        unit,
        key,
        decimals=int(first["decimals"]) if first is not None else 0,
        source="; ".join(sources),
        y_title=axis_title(unit, lang),
        selected_year=selected_year,
    )


def month_chart(
    key: str,
    meta_row,
    months: pd.DataFrame,
    total: tuple[float | None, str, str],
    lang: str,
    sources: list[str],
    year: int,
    selected_month: int | None = None,
):
    """One indicator's months of `year`, with the year's total (data.query_housing.year_total)
    as the subtitle, marked when it is illustrative."""
    unit, decimals = str(meta_row["unit"]), int(meta_row["decimals"])
    name = indicator_name(meta_row, lang)
    value, status, how = total
    subtitle = ""
    if how != "none":
        subtitle = t(
            "housing_months_sum" if how == "sum" else "housing_months_total",
            lang,
            value=fmt.value(value, unit, decimals, lang),
        )
        if status in ("illustrative", "preliminary"):
            subtitle += f" – {t(status, lang)}"
    return figures.month_bars(
        months,
        t("housing_months_title", lang, name=name, year=year),
        lang,
        unit,
        key,
        name,
        decimals=decimals,
        source="; ".join(sources),
        subtitle=subtitle,
        y_title=axis_title(unit, lang),
        selected_month=selected_month,
    )


def period_text(state: PageState) -> str:
    """'2016', or 'mars 2016' / 'March 2016' when a month is chosen."""
    return fmt.period(state.period or "", state.lang)
