"""The budget page: its routes (`/budget`, `/budget/<unit_id>`) and callbacks.

Thin: read the filters -> data.query_budget -> layouts.budget / layouts.figures.budget.
"""

from __future__ import annotations

import dash
import pandas as pd
from dash import ALL, MATCH, Input, Output, State, callback

from callbacks import exports, pages
from data import query, query_budget, store
from layouts import budget, ids
from layouts import format as fmt
from layouts.figures import budget as figures
from layouts.i18n import t
from layouts.state import FilterOptions, PageState

PUBLISHED = (query_budget.DEVIATION_INDICATOR, query_budget.FUNDS_INDICATOR)


def budget_unit_ids() -> pd.DataFrame:
    """The units with budget rows (column unit_id): what the budget page's unit tree (its root,
    drill keys, unit filter) is made from."""
    return pd.DataFrame({"unit_id": store.budget_unit_ids()}, dtype="str")


def options(with_keys: bool = False) -> FilterOptions:
    """Years, sub-periods and units from the budget table; drill keys are units with budget rows."""
    periods, units = store.budget_periods(), store.table("units")
    in_budget = query_budget.budget_units(units, budget_unit_ids())
    return FilterOptions(
        years=tuple(query_budget.budget_years(periods)),
        default_year=query_budget.default_year(periods, store.observations(PUBLISHED), PUBLISHED),
        subperiods=query_budget.budget_subperiods(periods),
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
    return budget.layout(state, opts, view(store.table("units"), budget_unit_ids(), state.key))


def subtree(units: pd.DataFrame, unit_id: str) -> list[str]:
    """`unit_id` and every unit below it (comparison units too)."""
    children: dict[str, list[str]] = {}
    for unit, parent in zip(units["unit_id"], units["parent_id"], strict=True):
        children.setdefault(parent, []).append(unit)
    out, seen, stack = [], set(), [unit_id]
    while stack:
        unit = stack.pop()
        if unit not in seen:
            seen.add(unit)
            out.append(unit)
            stack.extend(children.get(unit, []))
    return out


def view_units(units: pd.DataFrame, shown: budget.BudgetView, state: PageState) -> list[str]:
    """The units a view sums: the shown unit's subtree within the unit filter."""
    allowed = set(query.expand_units(units, list(state.units)))
    return [u for u in subtree(units, shown.unit_id or "") if u in allowed]


def view_year_to_date(units: pd.DataFrame, shown: budget.BudgetView, state: PageState) -> pd.DataFrame:
    """`query_budget.year_to_date` of the view's units, aggregated by the store (the database)."""
    return store.budget_year_to_date(state.year or 0, state.subperiod, view_units(units, shown, state))


def view_rows(units: pd.DataFrame, shown: budget.BudgetView, state: PageState) -> pd.DataFrame:
    """The budget rows of the view's units of the chosen year and the year before (the
    cumulative chart's 'current' and 'previous' lines)."""
    year = state.year or 0
    return store.budget(unit_ids=view_units(units, shown, state), years=[year, year - 1])


# Bars one waterfall draws: the largest deviations and one bar for the rest (a national root
# has 356 municipalities, a chart 10 000 px tall).
WATERFALL_LIMIT = 25

pages.register("budget", budget.PATH, options, build, order=3)
pages.register("budget-unit", budget.PATH + "/<key>", lambda: options(with_keys=True), build, order=4)


@callback(
    Output(ids.budget(ids.BUDGET_CRUMBS, MATCH), "children"),
    Output(ids.budget(ids.BUDGET_TABLE_TITLE, MATCH), "children"),
    Output(ids.budget(ids.BUDGET_NOTE, MATCH), "children"),
    Output(ids.budget(ids.BUDGET_TABLE, MATCH), "children"),
    Output(ids.budget(ids.BUDGET_WATERFALL, MATCH), "figure"),
    Output(ids.budget(ids.BUDGET_CUMULATIVE, MATCH), "figure"),
    *exports.frame_outputs(ids.budget(ids.BUDGET_WATERFALL, MATCH)),
    *exports.frame_outputs(ids.budget(ids.BUDGET_CUMULATIVE, MATCH)),
    Input(ids.budget(ids.BUDGET_VIEW, MATCH), "data"),
    Input(ids.FILTER_YEAR, "value"),
    Input(ids.FILTER_SUBPERIOD, "value"),
    Input(ids.FILTER_UNITS, "value"),
    State(ids.PAGE_STATE, "data"),
)
def update_budget(_view, year, subperiod, units_value, page_data):
    state = PageState.from_filters(page_data, year, subperiod, units_value, None)
    units, with_rows = store.table("units"), budget_unit_ids()
    lang, shown = state.lang, view(units, with_rows, state.key)
    ytd = view_year_to_date(units, shown, state)
    rows = query_budget.breakdown(ytd, units, shown.unit_id or "", state.units)
    total = query_budget.totals(rows)
    # Cost categories for a unit with budget rows of its own (also when the unit filter leaves none).
    by_category = (
        (rows["kind"] == "category").all() if len(rows) else shown.unit_id in set(with_rows["unit_id"])
    )
    period = budget.period_text(state)
    source = t("budget_source", lang, name=store.dataset_name())

    published = None
    if state.subperiod == "year" and not state.units and state.year is not None:
        published = query_budget.published_match(
            store.observations(PUBLISHED, unit_ids=[shown.unit_id or ""], years=[state.year]),
            shown.unit_id or "",
            state.year,
            total,
        )

    heading = t("budget_table_title_categories" if by_category else "budget_table_title", lang, period=period)
    leaves = query_budget.leaves_of(units, shown.unit_id or "", state.units)
    series = query_budget.cumulative(view_rows(units, shown, state), leaves, state.year or 0, state.subperiod)
    # A national view: the largest deviations, then one bar for the rest.
    bars = query_budget.largest_and_rest(
        rows, WATERFALL_LIMIT, lambda n: t("budget_rest", lang, n=fmt.number(n, 0, lang))
    )
    waterfall = figures.waterfall(
        bars, t("budget_waterfall_title", lang, unit=shown.unit_name, period=period), lang, source
    )
    cumulative = figures.cumulative(
        series, t("budget_cumulative_title", lang, unit=shown.unit_name, period=period), lang, source
    )
    return (
        budget.crumbs(state, shown),
        heading,
        budget.note(total, published, not by_category and len(rows) > 0, lang),
        budget.table(rows, total, state, by_category),
        waterfall,
        cumulative,
        *exports.frame(ids.budget(ids.BUDGET_WATERFALL), waterfall, state),
        *exports.frame(ids.budget(ids.BUDGET_CUMULATIVE), cumulative, state),
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
