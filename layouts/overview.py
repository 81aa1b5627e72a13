"""The overview (`/`, målstyring at a glance) and an indicator's view (`/indicators/<id>`).

Pure builders: the page frames, the KPI cards grouped by goal area, the summary line, the
breadcrumb, the events list and the tables. Callbacks in callbacks/overview.py fill them in
when a filter changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from layouts import cards, ids
from layouts import format as fmt
from layouts.chart import chart
from layouts.figures import overview as figures
from layouts.figures.common import STATUS_STYLE
from layouts.i18n import TEXTS, t
from layouts.page import breadcrumb, panel_page
from layouts.page_exports import table_download
from layouts.state import FilterOptions, PageState, href

PATH = "/"
SHOW = ("period",)
INDICATOR_PATH = "/indicators"
INDICATOR_SHOW = ("period", "units")
DISTRICTS_PATH = "/districts"
COUNT_KEYS = {
    "met": "ov_count_met",
    "near": "ov_count_near",
    "missed": "ov_count_missed",
    "n/a": "ov_count_na",
}


def indicator_path(indicator_id: str) -> str:
    return f"{INDICATOR_PATH}/{indicator_id}"


@dataclass(frozen=True)
class IndicatorInfo:
    """One row of the indicators table, as the indicator's view needs it."""

    indicator_id: str
    name: str
    unit: str
    decimals: int = 0
    panel: str = ""
    direction: str = "neutral"
    description: str = ""
    source: str = ""

    @classmethod
    def from_row(cls, row: dict, lang: str) -> IndicatorInfo:
        return cls(
            indicator_id=row["indicator_id"],
            name=indicator_name(row, lang),
            unit=row["unit"],
            decimals=int(row.get("decimals") or 0),
            panel=row.get("panel", ""),
            direction=row.get("direction", "neutral"),
            description=row.get("description", "") if lang == "nb" else "",
            source=row.get("source", ""),
        )


def _finite(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def figure_text(value: object, missing: object, unit: str, decimals: int, lang: str) -> str:
    """A figure as text; a figure missing with a reason says why («Ikke tilgjengelig ennå
    (SSB: ...)»), never 0."""
    if not _finite(value) and isinstance(missing, str) and f"missing_{missing}" in TEXTS:
        return t(f"missing_{missing}", lang)
    return fmt.value(value, unit, decimals, lang)


def measure_label(unit: str, lang: str) -> str:
    """The axis title for a measure unit: 'Antall', 'Prosent', 'Kroner', 'Dager', ..."""
    key = f"ov_measure_{unit}"
    return t(key, lang) if key in TEXTS else ""


def indicator_name(row: dict, lang: str) -> str:
    """The indicator's English name where the dataset has one, else its bokmål name."""
    return row["name_en"] if lang == "en" and row.get("name_en") else row["name"]


# --- The overview ----------------------------------------------------------------------------


def layout(state: PageState, options: FilterOptions) -> html.Div:
    """The overview's frame: heading, summary line and switch, then the cards (filled by a callback)."""
    lang = state.lang
    body = [
        html.Div(id=ids.OVERVIEW_HEADING),
        html.Div(
            [
                html.Div(id=ids.OVERVIEW_SUMMARY, className="overview-summary", role="status"),
                dbc.Switch(
                    id=ids.OVERVIEW_OFF_SWITCH,
                    label=t("ov_only_off", lang),
                    value=False,
                    className="overview-off-switch mb-0",
                ),
            ],
            className="overview-toolbar",
        ),
        html.P(t("ov_help", lang), className="small text-body-secondary mb-2"),
        html.Div(
            dcc.Loading(html.Div(id=ids.OVERVIEW_CARDS), type="dot", delay_show=300),
            id=ids.OVERVIEW_GRID,
            className="overview-grid",
        ),
    ]
    return panel_page(
        state, options, PATH, t("page_overview", lang), body, intro=t("overview_intro", lang), show=SHOW
    )


def heading(year: int | None, lang: str) -> html.H2:
    return html.H2(
        t("headline", lang, period=year if year is not None else ""), className="h4 headline-title"
    )


def card_facts(row: dict, lang: str, points: pd.DataFrame | None = None) -> cards.KpiCard:
    """The texts of one card from a row of data.query_overview.card_figures (and its sparkline)."""
    trend = None
    if points is not None and len(points) >= 2:
        first, last = int(points["year"].min()), int(points["year"].max())
        trend = first, last, bool(points["status"].eq("illustrative").any())
    return _card_facts(row, lang, trend)


def _card_facts(row: dict, lang: str, trend_span: tuple[int, int, bool] | None) -> cards.KpiCard:
    """`card_facts` with the sparkline's first and last year and whether a point is illustrative
    (None: no sparkline)."""
    unit, decimals, year = row["unit"], int(row["decimals"]), int(row["year"])
    if _finite(row.get("target")):
        target = t("ov_target", lang, year=year, value=fmt.value(row["target"], unit, decimals, lang))
    else:
        target = t("ov_no_target", lang, year=year)
    change, direction = t("ov_no_change", lang, year=year - 1), ""
    if _finite(row.get("change_pct")):
        pct = row["change_pct"]
        change = t("ov_change", lang, change=fmt.percent(pct, 1, lang, signed=True), year=year - 1)
        direction = "up" if pct > 0 else "down" if pct < 0 else "flat"
    trend, trend_illustrative = "", False
    if trend_span is not None:
        trend = t("ov_trend", lang, first=trend_span[0], last=trend_span[1])
        trend_illustrative = trend_span[2]
    return cards.KpiCard(
        indicator_id=row["indicator_id"],
        name=indicator_name(row, lang),
        value_text=figure_text(row["value"], row.get("missing"), unit, decimals, lang),
        context=f"{row['unit_name']}, {fmt.period(str(year), lang)}",
        status=row["status"],
        against=row["against_target"],
        target_text=target,
        target_status=row.get("target_status") or "",
        change_text=change,
        change_direction=direction,
        change_status=(row.get("prev_status") or "") if direction else "",
        trend_text=trend,
        trend_illustrative=trend_illustrative,
        source=row.get("source_obs") or row.get("source") or "",
    )


def kpi(row: dict, state: PageState, points: pd.DataFrame | None, link: bool = True):
    """One KPI card with its sparkline (two years or more); with `link`, the card opens the
    indicator's view."""
    facts = card_facts(row, state.lang, points)
    spark = None
    if points is not None and len(points) >= 2:
        spark = figures.sparkline(points)
    target = state.url(indicator_path(row["indicator_id"])) if link else None
    return cards.kpi_card(facts, state.lang, href=target, sparkline=spark)


def _kpi_of(row: dict, state: PageState, points, link: bool = True):
    """`kpi(row, state, points.get(<its indicator>), link)`; with `data.query_overview.CardPoints`
    the sparkline is drawn from plain lists (no frame per card) where its years need no sort."""
    lists = getattr(points, "lists", None)
    got = lists(row["indicator_id"]) if lists is not None else None
    if got is None or len(got[0]) < 2:
        return kpi(row, state, points.get(row["indicator_id"]), link)
    years, values, statuses = got
    svg = figures.sparkline_svg_lists(years, values, statuses)
    if svg is None:
        return kpi(row, state, points.get(row["indicator_id"]), link)
    illustrative = any(isinstance(s, str) and s == "illustrative" for s in statuses)
    facts = _card_facts(row, state.lang, (int(years[0]), int(years[-1]), illustrative))
    target = state.url(indicator_path(row["indicator_id"])) if link else None
    return cards.kpi_card(facts, state.lang, href=target, sparkline=figures.sparkline_url(svg))


def indicator_card(rows: pd.DataFrame, points: dict[str, pd.DataFrame], state: PageState):
    """The indicator's own card at the top of its view (not a link), or the empty state."""
    if rows.empty:
        return html.P(t("no_figures", state.lang), className="empty-state")
    row = rows.to_dict("records")[0]
    return cards.card_grid([_kpi_of(row, state, points, link=False)], state.lang)


def goal_area_name(goal: str, lang: str) -> str:
    """A goal area's name: the dataset's own, or the interface's translation of the six known ones."""
    key = f"ov_goal:{goal}"
    return t(key, lang) if key in TEXTS else goal or fmt.MISSING


# More cards than this in all: each goal area shows its first CARDS_PER_STEP, and «Vis 8 til»
# adds the next ones (callbacks/overview.py show_more). Dash's renderer takes time quadratic in
# the components one response inserts: 300 cards at once take minutes, 40 about two seconds.
OVERVIEW_CARD_LIMIT = 36
CARDS_PER_STEP = 8


def area_columns(records: list[dict], points: dict[str, pd.DataFrame], state: PageState) -> list:
    """The grid columns of these card rows; a column's class says the card's status against target
    (the «only off target» switch hides the others by CSS)."""
    grid = cards.card_grid(
        [_kpi_of(r, state, points) for r in records],
        state.lang,
        col_classes=[f"kpi-col kpi-col-{r['against_target'].replace('/', '')}" for r in records],
    )
    return grid.children


def more_label(left: int, lang: str) -> str:
    """«Vis 8 til (52 igjen)» / "Show 8 more (52 left)"."""
    step = min(CARDS_PER_STEP, left)
    return t("ov_more", lang, n=fmt.number(step, 0, lang), left=fmt.number(left, 0, lang))


def _capped_section(area: int, goal: str, rows: pd.DataFrame, points, state: PageState) -> html.Section:
    """A goal area's first CARDS_PER_STEP cards, its count in the heading, and «Vis 8 til»."""
    lang = state.lang
    shown = min(CARDS_PER_STEP, len(rows))
    # Only the cards drawn become records (to_dict is ~0.2 ms a row on the cards' wide frame).
    columns = area_columns(rows.iloc[:shown].to_dict("records"), points, state)
    grid = dbc.Row(columns, id=ids.overview_area(area))
    left = len(rows) - shown
    more = html.Button(
        more_label(left, lang),
        id=ids.overview_more(area),
        type="button",
        n_clicks=0,
        hidden=left == 0,
        className="btn btn-outline-secondary btn-sm overview-more mb-3",
    )
    # A card beyond the shown ones may be off target: the switch keeps the area (and its button).
    missed = bool(rows["against_target"].eq("missed").any())
    title = t("ov_goal_count", lang, name=goal_area_name(goal, lang), n=fmt.number(len(rows), 0, lang))
    return html.Section(
        [
            html.H2(title, className="h5 goal-area-title"),
            grid,
            more,
            dcc.Store(id=ids.overview_shown(area), data=shown),
        ],
        className="goal-area goal-area-capped" + (" goal-area-has-missed" if missed else ""),
    )


def goal_area_sections(
    groups: list[tuple[str, pd.DataFrame]], points: dict[str, pd.DataFrame], state: PageState
) -> list:
    """A section per goal area, with its cards; a card's column says its status against target.

    With more than OVERVIEW_CARD_LIMIT cards in all, each area shows its first CARDS_PER_STEP
    cards, its count in the heading («Sjef i eget liv (60)») and «Vis 8 til (52 igjen)»."""
    capped = sum(len(rows) for _, rows in groups) > OVERVIEW_CARD_LIMIT
    sections = []
    for area, (goal, rows) in enumerate(groups):
        if capped:
            sections.append(_capped_section(area, goal, rows, points, state))
            continue
        records = rows.to_dict("records")
        grid = cards.card_grid(
            [_kpi_of(r, state, points) for r in records],
            state.lang,
            col_classes=[f"kpi-col kpi-col-{r['against_target'].replace('/', '')}" for r in records],
        )
        sections.append(
            html.Section(
                [html.H2(goal_area_name(goal, state.lang), className="h5 goal-area-title"), grid],
                className="goal-area",
            )
        )
    if not sections:
        return [html.P(t("no_figures", state.lang), className="empty-state")]
    return sections


def more_cards(
    groups: list[tuple[str, pd.DataFrame]],
    points: dict[str, pd.DataFrame],
    state: PageState,
    area: int,
    shown: int,
) -> tuple[list, int, int] | None:
    """The next CARDS_PER_STEP columns of goal area `area` after its first `shown` cards, the
    number shown then and the number left; None when there is no such area or nothing to add."""
    if not 0 <= area < len(groups):
        return None
    rows = groups[area][1]
    if not 0 <= shown < len(rows):
        return None
    upto = min(shown + CARDS_PER_STEP, len(rows))
    return area_columns(rows.iloc[shown:upto].to_dict("records"), points, state), upto, len(rows) - upto


def summary(counts: dict[str, int], illustrative: int, year: int | None, lang: str) -> list:
    """'Status mot mål, 2016: ✓ 8 nådd · ! 3 nesten · ✕ 5 ikke nådd · – 14 uten mål' (+ a note)."""
    items = []
    for status, n in counts.items():
        style = STATUS_STYLE[status]
        items.append(
            html.Li(
                [
                    html.Span(style["symbol"], className="kpi-status-symbol", **{"aria-hidden": "true"}),
                    t(COUNT_KEYS[status], lang, n=n),
                ],
                className=f"overview-count overview-count-{status.replace('/', '')}",
                style={"color": style["colour"]},
            )
        )
    out = [
        html.Span(t("ov_summary", lang, year=year if year is not None else ""), className="fw-semibold me-2"),
        html.Ul(items, className="overview-counts list-inline d-inline mb-0"),
    ]
    if illustrative:
        out.append(html.P(t("ov_summary_illustrative", lang, n=illustrative), className="small mb-0 mt-1"))
    return out


def no_missed_note(counts: dict[str, int], lang: str) -> html.P | None:
    """Shown (by CSS) when the switch hides every card because none is off target."""
    if counts.get("missed", 0):
        return None
    return html.P(t("ov_none_off", lang), className="empty-state overview-none-off")


# --- The indicator's view --------------------------------------------------------------------


def crumbs(state: PageState, info: IndicatorInfo) -> html.Nav:
    """Oversikt › <indicator>: the overview link keeps the period and the language."""
    return breadcrumb(
        [(t("page_overview", state.lang), href(PATH, state.query())), (info.name, None)], state.lang
    )


def _graph(graph_id: str, lang: str) -> html.Div:
    return chart(graph_id, "overview-graph", lang)


def indicator_layout(state: PageState, options: FilterOptions, info: IndicatorInfo) -> html.Div:
    """The indicator's view: its card, the time series with target and events, the breakdown by
    unit, and the figures as tables. The breadcrumb sits above the page frame so the filter
    callback can redraw it (its link carries the chosen period)."""
    body = [
        html.Div(id=ids.INDICATOR_CARD, className="indicator-card"),
        html.Section(
            [
                _graph(ids.INDICATOR_SERIES, state.lang),
                html.Div(id=ids.INDICATOR_SERIES_NOTE, className="small text-body-secondary"),
                html.Div(id=ids.INDICATOR_EVENTS, className="indicator-events"),
                html.Div(id=ids.INDICATOR_SERIES_TABLE),
                table_download("indicator-series", state.lang),  # CSV / XLSX (callbacks/page_exports.py)
            ],
            className="indicator-section",
        ),
        html.Section(
            [
                _graph(ids.INDICATOR_BREAKDOWN, state.lang),
                html.Div(id=ids.INDICATOR_BREAKDOWN_TABLE),
                table_download("indicator-breakdown", state.lang),
            ],
            className="indicator-section",
        ),
    ]
    page = panel_page(
        state,
        options,
        indicator_path(info.indicator_id),
        info.name,
        body,
        intro=info.description or None,
        show=INDICATOR_SHOW,
    )
    return html.Div(
        [html.Div(crumbs(state, info), id=ids.INDICATOR_CRUMBS), page], className="indicator-view"
    )


def series_title(info: IndicatorInfo, labels: list[str], years: list[int], lang: str) -> str:
    """'Sykefravær, P05 Helse, sosial og omsorg, 2013–2016' (or '…, 3 enheter, …')."""
    who = labels[0] if len(labels) == 1 else t("ov_series_units", lang, n=len(labels))
    if not years:
        return f"{info.name}, {who}"
    return t("ov_series_title", lang, name=info.name, units=who, first=min(years), last=max(years))


def series_note(target_missing: bool, lang: str) -> list:
    """What open markers mean, and why there is no target line when the units' targets differ."""
    out = [html.P(t("illustrative_note", lang), className="mb-1")]
    if target_missing:
        out.append(html.P(t("ov_target_line_note", lang), className="mb-1"))
    return out


def events_list(events: pd.DataFrame, years: tuple[int, int] | None, lang: str) -> list:
    """The events as a list (dates in words); those outside the chart's years say so."""
    heading = html.H2(t("ov_events_heading", lang), className="h6 mt-2")
    if events.empty:
        return [heading, html.P(t("ov_no_events", lang), className="small empty-state")]
    items = []
    for row in events.to_dict("records"):
        outside = years is not None and not (years[0] <= row["year"] <= years[1])
        items.append(
            html.Li(
                [
                    html.Span(fmt.date(row["date"], lang), className="fw-semibold"),
                    f" – {row['title']}",
                    html.Span(f" ({t('ov_events_outside', lang)})", className="text-body-secondary")
                    if outside
                    else None,
                    html.Br(),
                    html.Span(row["description"], className="text-body-secondary")
                    if row.get("description")
                    else None,
                ]
            )
        )
    return [heading, html.Ul(items, className="small events-list")]


def figure_status(status: str, lang: str):
    """The figure's own status in a table: the «Illustrativt tall» badge, or «Publisert tall»."""
    return cards.status_badge(status, lang) or t("ov_final", lang)


def _target_cell(row: dict, info: IndicatorInfo, lang: str, memo: dict | None = None) -> list | str:
    if not _finite(row.get("target")):
        return fmt.MISSING
    text = fmt.value(row["target"], info.unit, info.decimals, lang)
    status = row.get("target_status") or ""
    badge = _once(memo, ("badge", status), lambda: cards.status_badge(status, lang))
    return [text, " ", badge] if badge else text


def _once(memo: dict | None, key: tuple, make):
    """`make()`, or the component made for `key` earlier in the same table: a table's rows share
    their few distinct status marks (the same JSON, made once instead of once a row)."""
    if memo is None:
        return make()
    if key not in memo:
        memo[key] = make()
    return memo[key]


def _status_cells(row: dict, info: IndicatorInfo, lang: str, memo: dict | None = None) -> list:
    against, status = row["against_target"], row["status"]
    return [
        html.Td(
            figure_text(row["value"], row.get("missing"), info.unit, info.decimals, lang), className="num"
        ),
        html.Td(_target_cell(row, info, lang, memo), className="num"),
        html.Td(_once(memo, ("pill", against), lambda: cards.status_pill(against, lang))),
        html.Td(_once(memo, ("figure", status), lambda: figure_status(status, lang))),
    ]


NUMERIC_COLUMNS = ("ov_col_value", "ov_col_target")


def _table(heads: list[str], rows: list, lang: str, class_name: str) -> dbc.Table:
    head = [
        html.Th(t(h, lang), scope="col", className="num" if h in NUMERIC_COLUMNS else None) for h in heads
    ]
    return dbc.Table(
        [html.Thead(html.Tr(head)), html.Tbody(rows)],
        size="sm",
        hover=True,
        responsive=True,
        className=f"indicator-table {class_name}",
    )


def district_href(state: PageState, info: IndicatorInfo, unit_id: str) -> str:
    """The district's page for the same period (and this indicator, where that page shows it)."""
    drilled = replace(state, units=(), indicator=info.indicator_id if info.panel == "districts" else None)
    return drilled.url(f"{DISTRICTS_PATH}/{unit_id}")


def breakdown_table(rows: pd.DataFrame, state: PageState, info: IndicatorInfo, year: int | None) -> list:
    """The breakdown's figures; districts link to their own page (the keyboard's way to drill)."""
    lang = state.lang
    heading = html.H2(t("ov_table_breakdown", lang, year=year if year is not None else ""), className="h6")
    if rows.empty:
        return [heading, html.P(t("no_figures", lang), className="empty-state")]
    body, memo = [], {}
    for row in rows.to_dict("records"):
        name = row["name"]
        if row["kind"] == "district":
            name = dcc.Link(
                name, href=district_href(state, info, row["unit_id"]), className="indicator-drill-link"
            )
        body.append(
            html.Tr(
                [html.Th(name, scope="row"), *_status_cells(row, info, lang, memo)],
                className=f"row-{row['status']}",
            )
        )
    heads = ["ov_col_unit", "ov_col_value", "ov_col_target", "ov_col_against", "ov_col_figure"]
    help_text = None
    if rows["kind"].eq("district").any():
        help_text = html.P(t("ov_drill_help", lang), className="small text-body-secondary mb-1")
    return [heading, help_text, _table(heads, body, lang, "indicator-breakdown-table")]


def series_table(rows: pd.DataFrame, info: IndicatorInfo, lang: str) -> html.Details | None:
    """The time series' figures (unit, year, value, target, status against target, figure status),
    folded away under a native <details> so the page stays short."""
    if rows.empty:
        return None
    heading = html.Summary(t("ov_table_series", lang), className="h6 mt-3")
    memo: dict = {}
    body = [
        html.Tr(
            [
                html.Th(row["label"], scope="row"),
                html.Td(str(row["year"])),
                *_status_cells(row, info, lang, memo),
            ],
            className=f"row-{row['status']}",
        )
        for row in rows.to_dict("records")
    ]
    heads = ["ov_col_unit", "ov_col_year", "ov_col_value", "ov_col_target", "ov_col_against", "ov_col_figure"]
    return html.Details(
        [heading, _table(heads, body, lang, "indicator-series-table")], className="indicator-details"
    )
