"""The budget page: its routes (`/budget`, `/budget/<unit_id>`) and callbacks.

Thin: read the filters -> data.query_budget -> layouts.budget / layouts.figures.budget.
"""

from __future__ import annotations

import dash
from dash import ALL, MATCH, Input, Output, State, callback

from callbacks import pages
from data import query_budget, store
from layouts import budget, ids
from layouts.figures import budget as figures
from layouts.i18n import t
from layouts.state import FilterOptions, PageState


def options(with_keys: bool = False) -> FilterOptions:
    """Years, sub-periods and units from the budget table; drill keys are units with budget rows."""
    table, units = store.table("budget"), store.table("units")
    in_budget = query_budget.budget_units(units, table)
    return FilterOptions(
        years=tuple(query_budget.budget_years(table)),
        default_year=query_budget.default_year(
            table,
            store.table("observations"),
            (query_budget.DEVIATION_INDICATOR, query_budget.FUNDS_INDICATOR),
        ),
        subperiods=query_budget.budget_subperiods(table),
        units=pages.unit_options(units[units["unit_id"].isin(in_budget)]),
        keys=tuple(in_budget) if with_keys else (),
    )


def view(units, table, key: str | None) -> budget.BudgetView:
    """The unit a page breaks down: the drill key, else the budget root (P05)."""
    root = query_budget.budget_root(units, table)
    unit_id = key or root
    if unit_id is None:
        return budget.BudgetView(unit_id=None)
    names = dict(zip(units["unit_id"], units["name"], strict=True))
    path = query_budget.unit_path(units, unit_id)
    if root in path:
        path = path[path.index(root) :]
    return budget.BudgetView(
        unit_id=unit_id,
        unit_name=names.get(unit_id, unit_id),
        trail=tuple((u, names.get(u, u)) for u in path),
        is_root=unit_id == root,
    )


def build(state: PageState, opts: FilterOptions):
    return budget.layout(state, opts, view(store.table("units"), store.table("budget"), state.key))


pages.register("budget", budget.PATH, options, build, order=3)
pages.register("budget-unit", budget.PATH + "/<key>", lambda: options(with_keys=True), build, order=4)


@callback(
    Output(ids.budget(ids.BUDGET_CRUMBS, MATCH), "children"),
    Output(ids.budget(ids.BUDGET_TABLE_TITLE, MATCH), "children"),
    Output(ids.budget(ids.BUDGET_NOTE, MATCH), "children"),
    Output(ids.budget(ids.BUDGET_TABLE, MATCH), "children"),
    Output(ids.budget(ids.BUDGET_WATERFALL, MATCH), "figure"),
    Output(ids.budget(ids.BUDGET_CUMULATIVE, MATCH), "figure"),
    Input(ids.budget(ids.BUDGET_VIEW, MATCH), "data"),
    Input(ids.FILTER_YEAR, "value"),
    Input(ids.FILTER_SUBPERIOD, "value"),
    Input(ids.FILTER_UNITS, "value"),
    State(ids.PAGE_STATE, "data"),
)
def update_budget(_view, year, subperiod, units_value, page_data):
    state = PageState.from_filters(page_data, year, subperiod, units_value, None)
    units, table = store.table("units"), store.table("budget")
    lang, shown = state.lang, view(units, table, state.key)
    ytd = query_budget.year_to_date(table, state.year or 0, state.subperiod)
    rows = query_budget.breakdown(ytd, units, shown.unit_id or "", state.units)
    total = query_budget.totals(rows)
    # Cost categories for a unit with budget rows of its own (also when the unit filter leaves none).
    by_category = (rows["kind"] == "category").all() if len(rows) else shown.unit_id in set(table["unit_id"])
    period = budget.period_text(state)
    source = t("budget_source", lang, name=store.dataset_name())

    published = None
    if state.subperiod == "year" and not state.units and state.year is not None:
        published = query_budget.published_match(
            store.table("observations"), shown.unit_id or "", state.year, total
        )

    heading = t("budget_table_title_categories" if by_category else "budget_table_title", lang, period=period)
    leaves = query_budget.leaves_of(units, shown.unit_id or "", state.units)
    series = query_budget.cumulative(table, leaves, state.year or 0, state.subperiod)
    return (
        budget.crumbs(state, shown),
        heading,
        budget.note(total, published, not by_category and len(rows) > 0, lang),
        budget.table(rows, total, state, by_category),
        figures.waterfall(
            rows, t("budget_waterfall_title", lang, unit=shown.unit_name, period=period), lang, source
        ),
        figures.cumulative(
            series, t("budget_cumulative_title", lang, unit=shown.unit_name, period=period), lang, source
        ),
    )


@callback(
    Output(ids.URL, "href", allow_duplicate=True),
    Input(ids.budget(ids.BUDGET_WATERFALL, ALL), "clickData"),
    State(ids.FILTER_YEAR, "value"),
    State(ids.FILTER_SUBPERIOD, "value"),
    State(ids.FILTER_UNITS, "value"),
    State(ids.PAGE_STATE, "data"),
    prevent_initial_call=True,
)
def drill_down(clicks, year, subperiod, units_value, page_data):
    """A click on a unit's bar opens `/budget/<unit_id>` (a new history entry)."""
    key = figures.drill_key(dash.ctx.triggered[0]["value"] if dash.ctx.triggered else None)
    if key is None:
        return dash.no_update
    state = PageState.from_filters(page_data, year, subperiod, units_value, None)
    return state.url(budget.unit_path(key))
