"""The filter bar, the same on every page: period (year, then tertial or month where data
exist), units (hierarchy-aware multi-select), indicator. Native controls, keyboard-friendly.

A filter a page does not use is still rendered, hidden, so every page has the same ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import dash_bootstrap_components as dbc
from babel.dates import format_skeleton
from dash import dcc, html

from layouts import ids
from layouts.format import locale_of, number
from layouts.i18n import t
from layouts.state import FilterOptions, PageState

ALL_FILTERS = ("period", "units", "indicator")
# More units than this (a national dataset: thousands) and the units filter lists only the chosen
# units and the top of the tree, with a search box for the rest; at most this many are listed.
UNIT_LIST_LIMIT = 60
SEARCH_DEBOUNCE_MS = 300


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


def unit_parents(units: Sequence[tuple[str, str, int]]) -> dict[str, str]:
    """unit_id -> the name that places it: its parent's name, or, when that name occurs more than
    once in the tree («P05 Helse og omsorg» in every municipality), the nearest ancestor's name that
    does not («Syntetisk kommune 001»); '' for a root. `units` is (unit_id, name, depth) in tree
    order (each unit followed by the units under it, as FilterOptions.units)."""
    counts: dict[str, int] = {}
    for _, name, _ in units:
        counts[name] = counts.get(name, 0) + 1
    out: dict[str, str] = {}
    path: list[str] = []  # names of the units above the current one, by depth
    for unit_id, name, depth in units:
        del path[depth:]
        path += [""] * (depth - len(path))
        above = [n for n in reversed(path) if n]
        out[unit_id] = next((n for n in above if counts[n] == 1), above[0] if above else "")
        path.append(name)
    return out


@dataclass(frozen=True)
class UnitChoices:
    """What the units checklist offers: its options, how many of how many units, and for a
    search how many units matched (None without a search)."""

    options: list[dict]
    total: int
    matched: int | None = None
    searched: bool = False


def _plain_option(unit_id: str, name: str, depth: int) -> dict:
    return {"label": html.Span(name, className=f"unit-depth-{min(depth, 4)}"), "value": unit_id}


def _search_option(unit_id: str, name: str, parent: str) -> dict:
    """The name, and its parent's name (muted) to tell «Distrikt 1» of two municipalities apart."""
    label = [name, html.Span(f" · {parent}", className="unit-parent text-body-secondary")] if parent else name
    return {"label": html.Span(label), "value": unit_id}


def unit_choices(
    units: Sequence[tuple[str, str, int]], selected: Iterable[object] = (), query: object = ""
) -> UnitChoices:
    """The units checklist's options for `units` (FilterOptions.units, tree order).

    Up to UNIT_LIST_LIMIT units: every unit, indented by depth (the search is not offered).
    More: the selected units first (always, so a choice is never dropped), then up to the limit
    of the units whose name or id holds `query` (case-insensitive, accents as typed), or without
    a query of the top of the tree (the root and its children), each with its parent's name.
    """
    total = len(units)
    if total <= UNIT_LIST_LIMIT:
        return UnitChoices([_plain_option(*unit) for unit in units], total)
    chosen = {u for u in selected if isinstance(u, str)} if isinstance(selected, list | tuple) else set()
    text = query.strip().casefold() if isinstance(query, str) else ""
    first = [unit for unit in units if unit[0] in chosen]
    if text:
        found = [u for u in units if text in u[1].casefold() or text in u[0].casefold()]
        rest = [u for u in found if u[0] not in chosen]
    else:
        found, top = [], min(depth for _, _, depth in units) + 1
        rest = [u for u in units if u[2] <= top and u[0] not in chosen]
    parents = unit_parents(units)
    options = [_search_option(u, name, parents[u]) for u, name, _ in [*first, *rest[:UNIT_LIST_LIMIT]]]
    return UnitChoices(options, total, len(found) if text else None, bool(text))


def units_status(choices: UnitChoices, query: object, lang: str) -> str:
    """'12 av 2 343 enheter vises', or for a search how many matched and how many are shown."""
    total, shown = number(choices.total, lang=lang), number(len(choices.options), lang=lang)
    if not choices.searched:
        return t("units_shown", lang, shown=shown, total=total)
    text = query.strip() if isinstance(query, str) else ""
    if not choices.matched:
        return t("units_no_match", lang, total=total, query=text)
    matched = number(choices.matched, lang=lang)
    return t("units_matches", lang, matched=matched, total=total, shown=shown, query=text)


def _units_search(choices: UnitChoices, lang: str) -> html.Div:
    return html.Div(
        [
            dbc.Label(t("units_search", lang), html_for=ids.FILTER_UNITS_SEARCH, className="small mb-1"),
            dbc.Input(
                id=ids.FILTER_UNITS_SEARCH,
                type="search",
                value="",
                size="sm",
                debounce=SEARCH_DEBOUNCE_MS,
                autocomplete="off",
                placeholder=t("units_search_hint", lang),
            ),
            html.Div(
                units_status(choices, "", lang),
                id=ids.FILTER_UNITS_COUNT,
                role="status",
                className="units-count small text-body-secondary mt-1",
            ),
        ],
        className="units-search mb-2",
    )


def _no_search() -> dbc.Input:
    return dbc.Input(id=ids.FILTER_UNITS_SEARCH, type="hidden", value="")


def _units_control(state: PageState, options: FilterOptions, lang: str) -> html.Details:
    choices = unit_choices(options.units, list(state.units))
    large = len(options.units) > UNIT_LIST_LIMIT
    return html.Details(
        [
            html.Summary(
                t("units_all", lang), id=ids.FILTER_UNITS_SUMMARY, className="form-select form-select-sm"
            ),
            # a small dataset: no search, but the search callback's Input (never changed) is there
            _units_search(choices, lang)
            if large
            else dbc.Input(id=ids.FILTER_UNITS_SEARCH, type="hidden", value=""),
            dbc.Checklist(
                id=ids.FILTER_UNITS,
                options=choices.options,
                value=list(state.units),
                className="units-checklist",
            ),
            html.P(t("units_help", lang), className="small text-body-secondary mb-0"),
        ],
        className="units-filter units-filter-large" if large else "units-filter",
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
