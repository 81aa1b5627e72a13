"""The filter bar's own behaviour: the URL follows the filters (clientside, no page reload)."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, clientside_callback

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
