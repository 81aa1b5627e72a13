"""The budget page: its routes (`/budget`, `/budget/<unit_id>`) and callbacks.

Thin: read the filters -> data.query_budget -> layouts.budget / layouts.figures.budget.
"""

from __future__ import annotations

import dash
import pandas as pd
from dash import ALL, MATCH, Input, Output, State, callback

from callbacks import answers, exports, pages
from data import query, query_budget, store
from data.query_budget import BudgetTree
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


def budget_tree() -> BudgetTree:
    """The budget page's unit tree (`query_budget.BudgetTree`) of the data served now: built
    once per store and dataset version (`store.kept`), so a new dataset (or a reload into the
    database) gets a new one."""
    return store.kept(
        "budget.budget_tree", lambda: query_budget.BudgetTree.build(store.table("units"), budget_unit_ids())
    )


def budget_unit_options() -> tuple[tuple[str, str, int], ...]:
    """The unit filter's options: `pages.unit_options` of the units with budget rows or units
    below them with rows (`BudgetTree.in_budget`), worked out once per dataset (`store.kept`),
    so a request never walks the units tree for them."""

    def build():
        units, in_budget = store.table("units"), list(budget_tree().in_budget)
        return pages.unit_options(units[units["unit_id"].isin(in_budget)])

    return store.kept("budget.unit_options", build)


def options(with_keys: bool = False) -> FilterOptions:
    """Years, sub-periods and units from the budget table; drill keys are units with budget rows."""
    periods = store.budget_periods()
    in_budget = list(budget_tree().in_budget)
    return FilterOptions(
        years=tuple(query_budget.budget_years(periods)),
        default_year=query_budget.default_year(periods, store.observations(PUBLISHED), PUBLISHED),
        subperiods=query_budget.budget_subperiods(periods),
        units=budget_unit_options(),
        keys=tuple(in_budget) if with_keys else (),
    )


def view(units, table, key: str | None, tree: BudgetTree | None = None) -> budget.BudgetView:
    """The unit a page breaks down: the drill key, else the budget root (P05). `tree`: the
    units and budget units as a `query_budget.BudgetTree` (the same view, from its maps)."""
    root = query_budget.budget_root(units, table) if tree is None else tree.root
    unit_id = key or root
    if unit_id is None:
        return budget.BudgetView(unit_id=None)
    if tree is None:
        names = dict(zip(units["unit_id"], units["name"], strict=True))
        path = query_budget.unit_path(units, unit_id)
    else:
        names, path = tree.names, tree.unit_path(unit_id)
    if root in path:
        path = path[path.index(root) :]
    return budget.BudgetView(
        unit_id=unit_id,
        unit_name=names.get(unit_id, unit_id),
        trail=tuple((u, names.get(u, u)) for u in path),
        is_root=unit_id == root,
    )


def build(state: PageState, opts: FilterOptions):
    return budget.layout(state, opts, view(store.table("units"), None, state.key, budget_tree()))


def subtree(units: pd.DataFrame, unit_id: str, tree: BudgetTree | None = None) -> list[str]:
    """`unit_id` and every unit below it (comparison units too)."""
    if tree is not None:
        return list(tree.kept(("subtree", unit_id), lambda: tuple(_subtree(tree.children, unit_id))))
    children: dict[str, list[str]] = {}
    for unit, parent in zip(units["unit_id"], units["parent_id"], strict=True):
        children.setdefault(parent, []).append(unit)
    return _subtree(children, unit_id)


def _subtree(children: dict[str, list[str]], unit_id: str) -> list[str]:
    out, seen, stack = [], set(), [unit_id]
    while stack:
        unit = stack.pop()
        if unit not in seen:
            seen.add(unit)
            out.append(unit)
            stack.extend(children.get(unit, []))
    return out


def view_units(
    units: pd.DataFrame,
    shown: budget.BudgetView,
    state: PageState,
    tree: BudgetTree | None = None,
) -> list[str]:
    """The units a view sums: the shown unit's subtree within the unit filter."""
    allowed = set(query.expand_units(units, list(state.units))) if tree is None else tree.allowed(state.units)
    return [u for u in subtree(units, shown.unit_id or "", tree) if u in allowed]


def view_year_to_date(
    units: pd.DataFrame,
    shown: budget.BudgetView,
    state: PageState,
    tree: BudgetTree | None = None,
) -> pd.DataFrame:
    """`query_budget.year_to_date` of the view's units, aggregated by the store (the database)."""
    return store.budget_year_to_date(state.year or 0, state.subperiod, view_units(units, shown, state, tree))


def budget_rows(
    units: pd.DataFrame, shown: budget.BudgetView, state: PageState, tree: BudgetTree
) -> pd.DataFrame:
    """The budget rows of the view's units (`view_units`) of the chosen year and the year before
    (the cumulative chart's 'current' and 'previous' lines), as far as
    `query_budget.year_to_date`, `breakdown` and `cumulative` see them: a view that holds most
    units with budget rows (the root) reads every unit's rows of the two years (one read, no
    filter on 2 000 unit ids); the queries pick the view's units themselves, and each unit's
    sums are its own rows' alone, so the results are the same."""
    year, wanted = state.year or 0, view_units(units, shown, state, tree)
    if 2 * len(tree.with_rows.intersection(wanted)) >= len(tree.with_rows):
        wanted = None
    # Straight from the store, not through the query cache: the view's results are cached
    # (`view_data`), and pickling 40 000 rows per year into the cache costs more than it saves.
    return store.backend().budget(wanted, [year, year - 1])


def view_data(
    units: pd.DataFrame, shown: budget.BudgetView, state: PageState, tree: BudgetTree
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The view's rows (`query_budget.breakdown`) and its cumulative series: the root's whole
    year kept once per dataset, every other view through the query cache (keyed by the dataset
    version and the view: unit, year, sub-period, unit filter)."""
    unit_id = shown.unit_id or ""

    def compute() -> tuple[pd.DataFrame, pd.DataFrame]:
        # One read of the rows of the year and the year before: the year-to-date sums are
        # `store.budget_year_to_date`'s (the same `query_budget.year_to_date`) of its year.
        year = state.year or 0
        both = budget_rows(units, shown, state, tree)
        ytd = query_budget.year_to_date(both, year, state.subperiod)
        rows = query_budget.breakdown(ytd, units, unit_id, state.units, tree)
        leaves = query_budget.leaves_of(units, unit_id, state.units, tree)
        series = query_budget.cumulative(both, leaves, year, state.subperiod)
        return rows, series

    args = (unit_id, state.year or 0, state.subperiod, tuple(sorted(set(state.units))))
    if shown.is_root and state.subperiod == "year" and not state.units and state.year in budget_years():
        # The page as first opened, for each budget year: kept once per dataset (made at start-up
        # by `callbacks.precompute`); every other view through the query cache.
        return store.kept_each("budget.root_view", state.year, compute)
    return store.cached("budget_view", args, compute)


def budget_years() -> frozenset[int]:
    """The years of the budget table, once per dataset (`store.kept`)."""
    return store.kept("budget.years", lambda: frozenset(query_budget.budget_years(store.budget_periods())))


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
    return answers.kept("budget", state, lambda: budget_answer(state), first_view(state))


def first_view(state: PageState) -> bool:
    """The root's whole year of a budget year, or a month or tertial of the default year, with no
    unit filter and not in present mode: the views whose whole answer is kept (`answers.kept`)."""
    if not answers.own_view(state, "budget") or state.year not in budget_years():
        return False
    return state.subperiod == "year" or state.year == default_year()


def default_year() -> int | None:
    """The year the budget page opens on, once per dataset (`store.kept`)."""
    return store.kept("budget.default_year", lambda: options().default_year)


def budget_answer(state: PageState) -> tuple:
    """Every output of `update_budget` for `state`."""
    units, tree = store.table("units"), budget_tree()
    lang, shown = state.lang, view(units, None, state.key, tree)
    rows, series = view_data(units, shown, state, tree)
    total = query_budget.totals(rows)
    # Cost categories for a unit with budget rows of its own (also when the unit filter leaves none).
    by_category = (rows["kind"] == "category").all() if len(rows) else shown.unit_id in tree.with_rows
    period = budget.period_text(state)
    source = t("budget_source", lang, name=store.dataset_name())

    published = None
    if state.subperiod == "year" and not state.units and state.year is not None:
        published = query_budget.published_match(
            # Every year's (few) rows of the unit: one cached read per unit, not one per year.
            store.observations(PUBLISHED, unit_ids=[shown.unit_id or ""]),
            shown.unit_id or "",
            state.year,
            total,
        )

    heading = t("budget_table_title_categories" if by_category else "budget_table_title", lang, period=period)
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
