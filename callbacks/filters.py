"""The filter bar's own behaviour, clientside: the URL follows the filters (no page reload),
"Kopier lenke" copies it, and the active filters are written out as text for print. One server
callback: the unit search of a large dataset (more units than filters.UNIT_LIST_LIMIT)."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, set_props
from dash.exceptions import PreventUpdate

from callbacks import pages
from data import store
from layouts import ids
from layouts.filters import unit_choices, units_status
from layouts.format import normalize_lang

clientside_callback(
    ClientsideFunction(namespace="filters", function_name="writeUrl"),
    [Output(ids.nav_link(page), "href", allow_duplicate=True) for page in ids.PAGES],
    Input(ids.FILTER_YEAR, "value"),
    Input(ids.FILTER_SUBPERIOD, "value"),
    Input(ids.FILTER_UNITS, "value"),
    Input(ids.FILTER_INDICATOR, "value"),
    Input(ids.PAGE_STATE, "data"),
    prevent_initial_call=True,
)

clientside_callback(
    ClientsideFunction(namespace="filters", function_name="unitsSummary"),
    Output(ids.FILTER_UNITS_SUMMARY, "children"),
    Input(ids.FILTER_UNITS, "value"),
    Input(ids.PAGE_STATE, "data"),
)

clientside_callback(
    ClientsideFunction(namespace="filters", function_name="copyLink"),
    Output(ids.COPY_LINK_STATUS, "children"),
    Input(ids.COPY_LINK, "n_clicks"),
    State(ids.PAGE_STATE, "data"),
    prevent_initial_call=True,
)

clientside_callback(
    ClientsideFunction(namespace="filters", function_name="printFilters"),
    Output(ids.PRINT_FILTERS, "children"),
    Input(ids.FILTER_YEAR, "value"),
    Input(ids.FILTER_SUBPERIOD, "value"),
    Input(ids.FILTER_UNITS, "value"),
    Input(ids.FILTER_INDICATOR, "value"),
    Input(ids.PAGE_STATE, "data"),
)


def unit_pool(page: str) -> tuple[tuple[str, str, int], ...]:
    """The units a page's filter offers (its FilterOptions.units), cached per data version."""
    return store.cached("unit_pool", (page,), lambda: pages.OPTIONS[page]().units)


@callback(
    Output(ids.FILTER_UNITS, "options"),
    Input(ids.FILTER_UNITS_SEARCH, "value"),
    State(ids.FILTER_UNITS, "value"),
    State(ids.PAGE_STATE, "data"),
    prevent_initial_call=True,
)
def search_units(query, selected, page):
    """The search box of a large dataset: the chosen units first, then the units whose name or id
    holds the text. Its Input and the one Output, the checklist, are on every page (a small
    dataset has a hidden input instead of the box, never changed); the count beside the box,
    only where the box is, is set with set_props."""
    name = page.get("page") if isinstance(page, dict) else None
    if not isinstance(name, str) or name not in pages.OPTIONS:
        raise PreventUpdate
    choices = unit_choices(unit_pool(name), selected, query)
    status = units_status(choices, query, normalize_lang(page.get("lang")))
    set_props(ids.FILTER_UNITS_COUNT, {"children": status})
    return choices.options
