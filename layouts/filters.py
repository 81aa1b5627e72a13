"""The filter bar, the same on every page: period (year, then tertial or month where data
exist), units (hierarchy-aware multi-select), indicator. Native controls, keyboard-friendly.

A filter a page does not use is still rendered, hidden, so every page has the same ids.
"""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from babel.dates import format_skeleton
from dash import dcc, html

from layouts import ids
from layouts.format import locale_of
from layouts.i18n import t
from layouts.state import FilterOptions, PageState

ALL_FILTERS = ("period", "units", "indicator")


def subperiod_label(sub: str, lang: str) -> str:
    """'year' -> 'Hele året'; 'T1' -> '1. tertial'; 'M03' -> 'mars' (in the chosen language)."""
    if sub == "year":
        return t("whole_year", lang)
    if sub.startswith("T"):
        return t("tertial", lang, n=sub[1])
    return format_skeleton("MMMM", dt.date(2000, int(sub[1:]), 1), locale=locale_of(lang))


def _field(label: str, control, control_id: str, hidden: bool, width: int) -> dbc.Col:
    return dbc.Col(
        [dbc.Label(label, html_for=control_id, className="small fw-semibold mb-1"), control],
        xs=12,
        md=width,
        className="filter-field",
        style={"display": "none"} if hidden else None,
    )


def _units_control(state: PageState, options: FilterOptions, lang: str) -> html.Details:
    labels = [
        {"label": html.Span(name, className=f"unit-depth-{min(depth, 4)}"), "value": unit_id}
        for unit_id, name, depth in options.units
    ]
    return html.Details(
        [
            html.Summary(
                t("units_all", lang), id=ids.FILTER_UNITS_SUMMARY, className="form-select form-select-sm"
            ),
            dbc.Checklist(
                id=ids.FILTER_UNITS,
                options=labels,
                value=list(state.units),
                className="units-checklist",
            ),
            html.P(t("units_help", lang), className="small text-body-secondary mb-0"),
        ],
        className="units-filter",
    )


def filter_bar(state: PageState, options: FilterOptions, show: tuple[str, ...] = ALL_FILTERS) -> html.Section:
    """The filter bar for `state`; only the filters in `show` are visible."""
    lang = state.lang
    year_options = [{"label": str(y), "value": str(y)} for y in options.years]
    sub_options = [{"label": subperiod_label(s, lang), "value": s} for s in options.subperiods]
    ind_options = [
        {"label": (name_en if lang == "en" and name_en else name), "value": ind}
        for ind, name, name_en in options.indicators
    ]
    no_indicator = "indicator" not in show or not ind_options
    return html.Section(
        dbc.Row(
            [
                _field(
                    t("filter_year", lang),
                    dbc.Select(
                        id=ids.FILTER_YEAR, options=year_options, value=str(state.year or ""), size="sm"
                    ),
                    ids.FILTER_YEAR,
                    "period" not in show,
                    2,
                ),
                _field(
                    t("filter_subperiod", lang),
                    dbc.Select(
                        id=ids.FILTER_SUBPERIOD, options=sub_options, value=state.subperiod, size="sm"
                    ),
                    ids.FILTER_SUBPERIOD,
                    "period" not in show or len(sub_options) < 2,
                    2,
                ),
                _field(
                    t("filter_units", lang),
                    _units_control(state, options, lang),
                    ids.FILTER_UNITS_SUMMARY,
                    "units" not in show,
                    4,
                ),
                _field(
                    t("filter_indicator", lang),
                    dbc.Select(
                        id=ids.FILTER_INDICATOR, options=ind_options, value=state.indicator or "", size="sm"
                    ),
                    ids.FILTER_INDICATOR,
                    no_indicator,
                    4,
                ),
                dbc.Col(copy_link(lang), xs=12, md="auto", className="filter-actions ms-md-auto"),
            ],
            className="g-2 align-items-end",
        ),
        className="filter-bar mb-3 p-2",
        **{"aria-label": t("filters", lang)},
    )


def copy_link(lang: str) -> html.Div:
    """'Kopier lenke': copies the page's full URL (assets/filters.js) and says so politely."""
    return html.Div(
        [
            html.Button(
                t("copy_link", lang),
                id=ids.COPY_LINK,
                type="button",
                title=t("copy_link_title", lang),
                className="btn btn-outline-primary btn-sm copy-link",
            ),
            html.Span(id=ids.COPY_LINK_STATUS, className="copy-link-status small", **{"aria-live": "polite"}),
        ],
        className="copy-link-wrap",
    )


def print_filters() -> html.P:
    """The active filters as one line of text, shown only on paper (assets/print.css); kept up to
    date by assets/filters.js from the filter bar."""
    return html.P(id=ids.PRINT_FILTERS, className="print-filters small")


def page_store(state: PageState, path: str, show: tuple[str, ...]) -> dcc.Store:
    """What clientside code needs: the page's path (to write the URL), language and texts."""
    texts = {"units_all": t("units_all", state.lang), "units_some": t("units_some", state.lang, n="{n}")}
    texts |= {
        "copied": t("link_copied", state.lang),
        "copy_failed": t("link_copy_failed", state.lang, url="{url}"),
        "selection": t("print_filters", state.lang),
    }
    data = {"page": state.page, "path": path, "lang": state.lang, "key": state.key, "show": list(show)}
    data["present"] = state.present
    data["texts"] = texts
    return dcc.Store(id=ids.PAGE_STATE, data=data)


NOTICE_KEYS = {
    "period": "notice_period",
    "units": "notice_units",
    "indicator": "notice_indicator",
    "key": "notice_key",
    "param": "notice_param",
    "lang": "notice_lang",
    "present": "notice_present",
}


def notices_block(state: PageState) -> dbc.Alert | None:
    """A short notice for each part of the URL that was not understood and fell back to the default."""
    if not state.notices:
        return None
    items = [html.Li(t(NOTICE_KEYS[code], state.lang, value=value)) for code, value in state.notices]
    return dbc.Alert(
        html.Ul(items, className="mb-0"), color="info", className="url-notice py-2 small", dismissable=True
    )
