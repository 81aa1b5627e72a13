"""The filter bar's own behaviour, all clientside: the URL follows the filters (no page reload),
"Kopier lenke" copies it, and the active filters are written out as text for print."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, clientside_callback

from layouts import ids

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
