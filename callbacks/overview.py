"""The overview (`/`) and an indicator's view (`/indicators/<id>`): routes and callbacks.

Thin: read the filters -> data.query_overview -> layouts.overview / layouts.figures.overview.
A filter change redraws only what depends on it: the year the cards, the indicator's card and
its breakdown; the units the time series, its events and the breakdown.
"""

from __future__ import annotations

from dataclasses import replace

import dash
from dash import MATCH, Input, Output, State, callback, clientside_callback
from dash.exceptions import PreventUpdate

from callbacks import answers, exports, pages
from data import query_overview, store
from layouts import ids, overview
from layouts.figures import overview as figures
from layouts.i18n import t
from layouts.state import FilterOptions, PageState


def overview_options() -> FilterOptions:
    """Every indicator's years; the cards show annual figures, so there is no sub-period."""
    return replace(pages.indicator_options(None), subperiods=("year",))


def indicator_options() -> FilterOptions:
    """As the overview, with every indicator id as a drill key."""
    opts = overview_options()
    return replace(opts, keys=tuple(ind for ind, _, _ in opts.indicators))


def indicator_info(indicator_id: str | None, lang: str) -> overview.IndicatorInfo | None:
    indicators = store.table("indicators")
    rows = indicators[indicators["indicator_id"] == indicator_id].to_dict("records")
    return overview.IndicatorInfo.from_row(rows[0], lang) if rows else None


def build_indicator(state: PageState, opts: FilterOptions):
    """The indicator's view; an unknown indicator falls back to the overview (with a notice).

    Called without a key at all (Dash builds its validation layout that way, so that every
    callback's ids are known), it draws the first indicator's view.
    """
    unknown = any(code == "key" for code, _ in state.notices)
    if state.key is None and not unknown and opts.keys:
        state = replace(state, key=opts.keys[0])
    info = indicator_info(state.key, state.lang)
    if info is None:
        return overview.layout(state, opts)
    return overview.indicator_layout(state, opts, info)


pages.register("overview", overview.PATH, overview_options, overview.layout, order=0)
pages.register("indicator", overview.INDICATOR_PATH + "/<key>", indicator_options, build_indicator, order=5)


def _cards(year: int, indicators=None):
    """The card rows for `year` (of `indicators`, default all) and their sparklines: every
    indicator's for a year of the data kept once per dataset (`store.kept_each`, made at start-up
    by `callbacks.precompute`), else through the query cache."""
    if indicators is None and year in pages.observation_years():
        return store.kept_each("overview.cards", year, lambda: _card_rows(year, store.table("indicators")))
    indicators = store.table("indicators") if indicators is None else indicators
    wanted = tuple(indicators["indicator_id"])
    return store.cached("overview_cards", (year, wanted), lambda: _card_rows(year, indicators))


def _card_rows(year: int, indicators):
    # A card shows the latest figure up to `year` (with the year before it and a sparkline up to
    # it) of the unit its headline figure comes from: only those units' years up to `year`.
    wanted = list(indicators["indicator_id"])
    obs = store.headline_observations(wanted, year)
    units, targets = store.table("units"), store.table("targets")
    rows = query_overview.card_figures(obs, indicators, units, targets, year, facts=store.unit_facts())
    return rows, query_overview.card_points(obs, rows, year)


@callback(
    Output(ids.OVERVIEW_HEADING, "children"),
    Output(ids.OVERVIEW_SUMMARY, "children"),
    Output(ids.OVERVIEW_CARDS, "children"),
    Input(ids.FILTER_YEAR, "value"),
    State(ids.PAGE_STATE, "data"),
)
def update_overview(year, page_data):
    state = PageState.from_filters(page_data, year, None, None, None)
    keep = answers.own_view(state, "overview") and state.year in pages.observation_years()
    return answers.kept("overview", state, lambda: overview_answer(state), keep)


def overview_answer(state: PageState) -> tuple:
    """The heading, summary and goal-area sections of the overview for `state`."""
    lang = state.lang
    if state.year is None:
        return overview.heading(None, lang), None, overview.goal_area_sections([], {}, state)
    rows, points = _cards(state.year)
    counts = query_overview.status_counts(rows)
    return (
        overview.heading(state.year, lang),
        overview.summary(counts, query_overview.rests_on_illustrative(rows), state.year, lang),
        [
            overview.no_missed_note(counts, lang),
            *overview.goal_area_sections(query_overview.goal_areas(rows), points, state),
        ],
    )


def show_more_cards(area: object, shown: object, year: object, page_data: object):
    """«Vis 8 til» in goal area `area` (its index): the next cards appended to the area's grid (a
    Patch: the cards shown stay as they are), the button's new text (hidden when none are left)
    and the number shown. The cards come from the same cached `_cards(year)` as the sections."""
    state = PageState.from_filters(page_data, year, None, None, None)
    if not isinstance(area, int) or isinstance(area, bool) or state.year is None:
        raise PreventUpdate
    if not isinstance(shown, int) or isinstance(shown, bool):
        raise PreventUpdate
    rows, points = _cards(state.year)
    more = overview.more_cards(query_overview.goal_areas(rows), points, state, area, shown)
    if more is None:
        raise PreventUpdate
    columns, upto, left = more
    grid = dash.Patch()
    grid.extend(columns)
    return grid, overview.more_label(left, state.lang), left == 0, upto


@callback(
    Output(ids.overview_area(MATCH), "children"),
    Output(ids.overview_more(MATCH), "children"),
    Output(ids.overview_more(MATCH), "hidden"),
    Output(ids.overview_shown(MATCH), "data"),
    Input(ids.overview_more(MATCH), "n_clicks"),
    State(ids.overview_shown(MATCH), "data"),
    State(ids.FILTER_YEAR, "value"),
    State(ids.PAGE_STATE, "data"),
    prevent_initial_call=True,
)
def show_more(_clicks, shown, year, page_data):
    # The count shown travels in the area's store, not as n_clicks: a second click while the first
    # is answered makes the renderer drop the first answer, and the second then starts from the
    # count the page really shows.
    trigger = dash.ctx.triggered_id
    area = trigger.get("area") if isinstance(trigger, dict) else None
    return show_more_cards(area, shown, year, page_data)


# "Show only those off target" hides the other cards without a round trip (assets/overview.css).
clientside_callback(
    "function (on) { return on ? 'overview-grid only-off' : 'overview-grid'; }",
    Output(ids.OVERVIEW_GRID, "className"),
    Input(ids.OVERVIEW_OFF_SWITCH, "value"),
)


@callback(
    Output(ids.INDICATOR_CRUMBS, "children"),
    Output(ids.INDICATOR_CARD, "children"),
    Input(ids.FILTER_YEAR, "value"),
    State(ids.PAGE_STATE, "data"),
)
def update_indicator_card(year, page_data):
    state = PageState.from_filters(page_data, year, None, None, None)
    info = indicator_info(state.key, state.lang)
    if info is None or state.year is None:
        return dash.no_update, dash.no_update
    indicators = store.table("indicators")
    rows, points = _cards(state.year, indicators[indicators["indicator_id"] == info.indicator_id])
    return overview.crumbs(state, info), overview.indicator_card(rows, points, state)


@callback(
    Output(ids.INDICATOR_SERIES, "figure"),
    *exports.frame_outputs(ids.INDICATOR_SERIES),
    Output(ids.INDICATOR_SERIES_NOTE, "children"),
    Output(ids.INDICATOR_EVENTS, "children"),
    Output(ids.INDICATOR_SERIES_TABLE, "children"),
    Input(ids.FILTER_UNITS, "value"),
    State(ids.PAGE_STATE, "data"),
)
def update_indicator_series(units_value, page_data):
    state = PageState.from_filters(page_data, None, None, units_value, None)
    info = indicator_info(state.key, state.lang)
    if info is None:
        return (dash.no_update,) * (4 + len(exports.frame_outputs(ids.INDICATOR_SERIES)))
    lang = state.lang
    view = _series_view(info, state.units)
    figure = figures.indicator_series(
        view.rows,
        overview.series_title(info, view.labels, view.years, lang),
        lang,
        info.unit,
        info.decimals,
        info.source,
        view.target_line,
        view.events_in_span,
        overview.measure_label(info.unit, lang),
    )
    return (
        figure,
        *exports.frame(ids.INDICATOR_SERIES, figure, state),
        overview.series_note(view.target_line_left_out, lang),
        overview.events_list(view.events, view.span, lang),
        overview.series_table(view.rows, info, lang),
    )


@callback(
    Output(ids.INDICATOR_BREAKDOWN, "figure"),
    *exports.frame_outputs(ids.INDICATOR_BREAKDOWN),
    Output(ids.INDICATOR_BREAKDOWN_TABLE, "children"),
    Input(ids.FILTER_YEAR, "value"),
    Input(ids.FILTER_UNITS, "value"),
    State(ids.PAGE_STATE, "data"),
)
def update_indicator_breakdown(year, units_value, page_data):
    state = PageState.from_filters(page_data, year, None, units_value, None)
    info = indicator_info(state.key, state.lang)
    if info is None or state.year is None:
        return (dash.no_update,) * (2 + len(exports.frame_outputs(ids.INDICATOR_BREAKDOWN)))
    rows = _breakdown(info, state.year, state.units)
    title = t("ov_breakdown_title", state.lang, name=info.name, year=state.year)
    figure = figures.breakdown_bars(
        rows,
        title,
        state.lang,
        info.unit,
        info.decimals,
        info.source,
        overview.measure_label(info.unit, state.lang),
    )
    return (
        figure,
        *exports.frame(ids.INDICATOR_BREAKDOWN, figure, state),
        overview.breakdown_table(rows, state, info, state.year),
    )


def _series_view(info: overview.IndicatorInfo, units: tuple[str, ...]) -> query_overview.SeriesView:
    """`query_overview.series_view` of the indicator for the chosen units (cached)."""
    indicator = {"indicator_id": info.indicator_id, "direction": info.direction, "panel": info.panel}
    return store.cached(
        "overview_series",
        (*indicator.values(), tuple(units)),
        lambda: query_overview.series_view(
            store.observations([info.indicator_id]),  # every unit and year: the top unit, the series
            store.table("units"),
            store.table("targets"),
            store.table("events"),
            indicator,
            units,
            facts=store.unit_facts(),
        ),
    )


def _breakdown(info: overview.IndicatorInfo, year: int, units: tuple[str, ...]):
    """`query_overview.breakdown` of the indicator for `year` and the chosen units (cached)."""
    key = (info.indicator_id, info.direction, int(year), tuple(units))
    return store.cached(
        "overview_breakdown",
        key,
        lambda: query_overview.breakdown(
            store.observations([info.indicator_id], years=[year]),
            store.table("units"),
            store.table("targets"),
            info.indicator_id,
            info.direction,
            year,
            units,
        ),
    )


@callback(
    Output(ids.URL, "href", allow_duplicate=True),
    Input(ids.INDICATOR_BREAKDOWN, "clickData"),
    State(ids.FILTER_YEAR, "value"),
    State(ids.PAGE_STATE, "data"),
    prevent_initial_call=True,
)
def drill_to_district(click_data, year, page_data):
    """A click on a district's bar opens `/districts/<unit_id>` (a new history entry); other units
    have no page of their own, so a click on them does nothing."""
    key = figures.drill_key(click_data)
    units = store.table("units")
    if key is None or key not in set(units.loc[units["kind"] == "district", "unit_id"]):
        return dash.no_update
    state = PageState.from_filters(page_data, year, None, None, None)
    info = indicator_info(state.key, state.lang)
    if info is None:
        return dash.no_update
    return overview.district_href(state, info, key)
