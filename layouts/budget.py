"""The budget page: `/budget` (the programme area's units) and `/budget/<unit_id>` (one unit).

Pure builders: the page frame, the breadcrumb, the table per unit or cost category and the
notes. The figures and the table are filled in by callbacks/budget.py when a filter changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
from dash import dcc, html

from layouts import cards, ids
from layouts import format as fmt
from layouts.chart import chart
from layouts.figures.budget import deviation_label, nok_text, percent_text
from layouts.i18n import t
from layouts.page import breadcrumb, headline_body, panel_page
from layouts.page_exports import table_download
from layouts.state import FilterOptions, PageState

PATH = "/budget"
SHOW = ("period", "units")


def unit_path(unit_id: str) -> str:
    return f"{PATH}/{unit_id}"


@dataclass(frozen=True)
class BudgetView:
    """Which unit the page breaks down, and the way to it from the budget root."""

    unit_id: str | None  # None: the dataset has no budget
    unit_name: str = ""
    trail: tuple[tuple[str, str], ...] = ()  # (unit_id, name) from the budget root to the unit
    is_root: bool = True


def period_text(state: PageState) -> str:
    """'2016' for the whole year, else 'hittil i år per mai 2016' / 'year to date, May 2016'."""
    if state.year is None:
        return ""
    if state.subperiod == "year":
        return str(state.year)
    return t("budget_ytd", state.lang, period=fmt.period(state.period or "", state.lang))


def crumbs(state: PageState, view: BudgetView) -> html.Nav | None:
    """Budsjettavvik › P05 › unit; none on the page's own start (no drill key)."""
    if state.key is None:
        return None
    items: list[tuple[str, str | None]] = [(t("page_budget", state.lang), state.url(PATH))]
    items += [(name, state.url(unit_path(unit_id))) for unit_id, name in view.trail[:-1]]
    items.append((view.unit_name, None))
    return breadcrumb(items, state.lang)


def title(state: PageState, view: BudgetView) -> str:
    if state.key is None or not view.unit_name:
        return t("page_budget", state.lang)
    return t("budget_unit_title", state.lang, unit=view.unit_name)


def _graph(graph_id: dict, lang: str) -> html.Div:
    return chart(graph_id, "budget-graph", lang)


def layout(state: PageState, options: FilterOptions, view: BudgetView) -> html.Div:
    lang = state.lang
    body = [
        dcc.Store(id=ids.budget(ids.BUDGET_VIEW), data=state.key or ""),
        *(headline_body("budget", lang) if view.is_root else []),
        html.Section(
            [
                html.H2(id=ids.budget(ids.BUDGET_TABLE_TITLE), className="h4 budget-title"),
                html.Div(id=ids.budget(ids.BUDGET_NOTE), className="budget-note"),
                dcc.Loading(
                    html.Div(id=ids.budget(ids.BUDGET_TABLE), className="budget-table-wrap"),
                    type="dot",
                    delay_show=300,
                ),
                table_download("budget", lang),  # «Last ned tabell»: CSV / XLSX (callbacks/page_exports.py)
            ],
            className="budget-section",
        ),
        *(
            html.Section(_graph(ids.budget(kind), lang), className="budget-section budget-chart")
            for kind in (ids.BUDGET_WATERFALL, ids.BUDGET_CUMULATIVE)
        ),
    ]
    page = panel_page(
        state,
        options,
        unit_path(state.key) if state.key else PATH,
        title(state, view),
        body,
        intro=t("budget_intro", lang),
        show=SHOW,
    )
    # The breadcrumb sits above the page frame, in a container the filter callback can redraw
    # (its links carry the chosen period and units).
    crumbs_box = html.Div(crumbs(state, view), id=ids.budget(ids.BUDGET_CRUMBS))
    return html.Div([crumbs_box, page], className="budget-view")


def _amount(value: object, lang: str, signed: bool = False) -> str:
    return nok_text(value if isinstance(value, int | float) else None, lang, signed=signed)


def _percent(value: object, lang: str) -> str:
    text = percent_text(value if isinstance(value, int | float) else None, lang, signed=True)
    return t("budget_na", lang) if text == fmt.MISSING else text


def _status(status: str, lang: str):
    return cards.status_badge(status, lang) or t("budget_final", lang)


def _cells(row: dict, label, lang: str) -> list:
    return [
        html.Th(label, scope="row"),
        html.Td(_amount(row["revised_budget"], lang), className="num"),
        html.Td(_amount(row["actual"], lang), className="num"),
        html.Td(_amount(row["deviation_nok"], lang, signed=True), className="num"),
        html.Td(_percent(row["deviation_pct"], lang), className="num"),
        html.Td(
            deviation_label(row["word"], lang),
            className=f"budget-word budget-word-{row['word'] or 'none'}",
        ),
        html.Td(_amount(row["forecast"], lang), className="num"),
        html.Td(_status(row["status"], lang)),
    ]


# What one screen shows of a view's rows: the units the waterfall names (its 24 largest deviations
# and a bar for the rest, `callbacks.budget.WATERFALL_LIMIT`), so the table and the chart agree.
# Dash draws each row as ~12 components, and each one costs every later redraw of the page: on
# the national dataset a year change took ~185 ms at 40 rows and ~160 ms at 24 (p50).
TABLE_LIMIT = 24


def table(
    rows: pd.DataFrame, total: dict, state: PageState, by_category: bool, limit: int = TABLE_LIMIT
) -> html.Div:
    """The rows of one view with a total row: unit names link to `/budget/<unit_id>`.

    More than `limit` rows (a national dataset's root has 356 municipalities): only the `limit`
    with the largest deviation in kroner, in their order, and a line saying so; the total is
    still over every row, and «Last ned tabell» gives them all.
    """
    lang = state.lang
    if rows.empty:
        return html.P(t("no_figures", lang), className="empty-state")
    capped = None
    if len(rows) > limit:
        size = rows["deviation_nok"].abs().fillna(-1)
        keep = size.sort_values(ascending=False, kind="stable").index[:limit]
        capped = html.P(
            t(
                "budget_capped",
                lang,
                shown=fmt.number(limit, 0, lang),
                total=fmt.number(len(rows), 0, lang),
            ),
            className="budget-capped small mb-1",
        )
        shown = np.flatnonzero(rows.index.isin(keep))
    else:
        shown = np.arange(len(rows))
    heads = [
        "budget_col_category" if by_category else "budget_col_unit",
        "budget_col_revised",
        "budget_col_actual",
        "budget_col_deviation",
        "budget_col_deviation_pct",
        "budget_col_word",
        "budget_col_forecast",
        "budget_col_status",
    ]
    body = []
    # The shown rows' cells from whole columns (as `to_dict("records")` gives them), without
    # taking the text columns row by row.
    columns = {c: rows[c].tolist() for c in rows.columns}
    for i in shown.tolist():
        row = {c: values[i] for c, values in columns.items()}
        label = row["label"]
        if row["kind"] == "unit":
            label = dcc.Link(label, href=state.url(unit_path(row["key"])), className="budget-drill-link")
        body.append(html.Tr(_cells(row, label, lang), className=f"budget-row budget-row-{row['status']}"))
    foot = html.Tr(_cells(total, t("budget_total", lang), lang), className="budget-total")
    table_ = dbc.Table(
        [
            html.Thead(html.Tr([html.Th(t(h, lang), scope="col") for h in heads])),
            html.Tbody(body),
            html.Tfoot(foot),
        ],
        size="sm",
        hover=True,
        responsive=True,
        className="budget-table mb-1",
    )
    return html.Div([capped, table_]) if capped is not None else table_


def note(total: dict, published_source: str | None, has_units: bool, lang: str) -> list:
    """What the figures are: the total published and the breakdown illustrative, or all illustrative."""
    out = []
    if published_source is not None:
        text = t(
            "budget_published_note",
            lang,
            deviation=fmt.nok(total["deviation_nok"], lang, signed=True),
            word=deviation_label(total["word"], lang),
            added=fmt.nok(total["funds_added"], lang),
            source=published_source,
        )
        out.append(html.P(text, className="budget-published small mb-1"))
    elif total.get("status") == "illustrative":
        out.append(html.P(t("budget_illustrative_note", lang), className="small mb-1"))
    out.append(html.P(t("illustrative_note", lang), className="small text-body-secondary mb-1"))
    if has_units:
        out.append(html.P(t("budget_drill_help", lang), className="small text-body-secondary mb-2"))
    return out
