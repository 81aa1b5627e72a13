"""The housing page: its routes (`/housing`, `/housing/<programme>`) and callbacks.

Thin: read the filters -> data.query / data.query_housing -> layouts.housing -> outputs.
"""

from __future__ import annotations

from dataclasses import replace

import dash
from dash import ALL, MATCH, Input, Output, State, callback, ctx

from callbacks import answers, exports, pages
from data import query, query_housing, store
from layouts import housing, ids
from layouts import state as urlstate
from layouts.figures import housing as figures
from layouts.format import normalize_lang
from layouts.i18n import t
from layouts.state import FilterOptions, PageState


def options(months: bool = False) -> FilterOptions:
    """Years from the housing indicators; months only on a programme's page; no indicator filter.
    The keys are the programmes the data has figures for."""
    base = pages.indicator_options("housing")
    return replace(
        base,
        subperiods=base.subperiods if months else ("year",),
        indicators=(),
        default_indicator=None,
        keys=query_housing.available_programmes(store.observations(programme_indicators())),
    )


def programme_indicators() -> list[str]:
    """Every indicator of the housing programmes."""
    return list(dict.fromkeys(i for prog in query_housing.PROGRAMMES for i in prog.indicators))


def programme_view(prog: query_housing.Programme, observations) -> housing.ProgrammeView:
    obs = observations[observations["indicator_id"].isin(prog.indicators)]
    return housing.ProgrammeView(
        key=prog.key,
        charts=tuple(chart.key for chart in prog.charts),
        monthly=tuple(query_housing.monthly_indicators(obs, prog.indicators)),
        years=tuple(query_housing.years_of(obs, prog.indicators)),
        subperiods=query_housing.month_subperiods(obs, prog.indicators),
        default_year=query.latest_published_year(obs),
    )


def build(state: PageState, opts: FilterOptions):
    """`/housing`: every programme's card and trend, for a year (a month falls back, with a notice)."""
    if state.subperiod != "year":
        state = replace(state, subperiod="year", notices=(*state.notices, ("period", state.period or "")))
    return housing.layout(state, replace(opts, subperiods=("year",)))


def build_programme(state: PageState, opts: FilterOptions):
    """`/housing/<programme>`; an unknown programme shows `/housing` with a notice, and no
    programme at all (the route drawn with its defaults) the first programme."""
    unknown = any(code == "key" for code, _ in state.notices)
    key = state.key or (None if unknown or not opts.keys else opts.keys[0])
    prog = query_housing.programme(key)
    if prog is None:
        return build(state, opts)
    view = programme_view(prog, store.observations(prog.indicators))
    state, opts = housing.fit(replace(state, key=key), opts, view)
    return housing.programme_layout(state, opts, view)


pages.register("housing", housing.PATH, options, build, order=2)
pages.register("programme", housing.PATH + "/<key>", lambda: options(months=True), build_programme, order=5)


def _field(data: object, name: str) -> str | None:
    """A text field of a store's data; None when the data or the field is not what the page sends."""
    value = data.get(name) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _trend(prog, chart, lang: str, up_to: int | None = None, selected_year: int | None = None):
    # Every unit and year of the chart's indicators: the top unit is the highest with any figure.
    obs, units, inds = store.observations(chart.indicators), store.table("units"), store.table("indicators")
    series = query_housing.annual_series(obs, units, chart.indicators, up_to=up_to, facts=store.unit_facts())
    years = series["year"]
    events = query_housing.programme_events(
        store.table("events"), prog, years.min() if len(years) else None, years.max() if len(years) else None
    )
    meta = inds[inds["indicator_id"].isin(chart.indicators)]
    return housing.trend_chart(
        prog.key,
        chart.key,
        series,
        events,
        meta,
        lang,
        query_housing.sources(series),
        up_to or selected_year,
        selected_year,
    )


@callback(
    Output(ids.housing(ids.HOUSING_HEADING, MATCH), "children"),
    Input(ids.housing(ids.HOUSING_OVERVIEW, MATCH), "data"),
    Input(ids.FILTER_YEAR, "value"),
    State(ids.PAGE_STATE, "data"),
)
def headline_heading(_overview, year, page_data):
    state = PageState.from_filters(page_data, year, None, None, None)
    return t("headline", state.lang, period=state.year or "")


def programme_parts(key: str | None, state: PageState) -> tuple | None:
    """`/housing`: a programme's headline card and its trend up to the chosen year (None for a
    programme the data does not have)."""
    prog = query_housing.programme(key)
    if prog is None:
        return None
    obs, inds = store.observations(prog.indicators), store.table("indicators")
    headline_rows = query.headline(
        obs,
        inds[inds["indicator_id"].isin(prog.indicators)],
        store.table("units"),
        state.year,
        facts=store.unit_facts(),
    )
    years = query_housing.years_of(obs, prog.indicators)
    card = housing.programme_card(prog.key, prog.headline, headline_rows, state, years)
    return card, _trend(prog, prog.charts[0], state.lang, up_to=state.year)


@callback(
    Output(ids.housing(ids.HOUSING_CARD, ALL), "children"),
    Output(ids.housing(ids.HOUSING_TREND, ALL), "figure"),
    *exports.frame_outputs(ids.housing(ids.HOUSING_TREND, ALL)),
    Input(ids.housing(ids.HOUSING_QUERY, ALL), "data"),
    Input(ids.FILTER_YEAR, "value"),
    State(ids.PAGE_STATE, "data"),
)
def fill_programmes(_programmes, year, page_data):
    """`/housing`: every programme's card and trend in one answer. (One callback per programme
    made a year change six requests, answered one after another by one process's threads, and
    six redraws in the browser.) The programmes are those the outputs' ids name."""
    state = PageState.from_filters(page_data, year, None, None, None)
    if state.year is None:
        raise dash.exceptions.PreventUpdate
    card_keys = [_field(o["id"], "programme") for o in ctx.outputs_list[0]]
    trend_keys = [_field(o["id"], "programme") for o in ctx.outputs_list[1]]
    made = {key: programme_answer(key, state) for key in dict.fromkeys([*card_keys, *trend_keys])}
    drawn = {key: parts for key, parts in made.items() if parts is not None}
    cards = [drawn[key][0] if key in drawn else dash.no_update for key in card_keys]
    trends = [drawn[key][1] if key in drawn else dash.no_update for key in trend_keys]
    trend_of = {key: parts[1] for key, parts in drawn.items()}
    frame_of = {key: parts[2] for key, parts in drawn.items()}
    frames = exports.frames(ids.HOUSING_TREND, ctx.outputs_list[2:8], trend_of, "programme", state, frame_of)
    return cards, trends, *frames


def programme_answer(key: str | None, state: PageState) -> tuple | None:
    """A programme's card, trend and the trend's frame values (`exports.frame`) for `state`; None
    for a programme the data does not have. For `/housing` as first opened (`first_view`) the
    three are kept once per dataset, as the JSON values Dash sends (`answers.kept`): on the
    shipped data a year's six programmes take ~130 ms to build."""

    def build() -> tuple | None:
        parts = programme_parts(key, state)
        if parts is None:
            return None
        card, trend = parts
        return card, trend, exports.frame(ids.housing(ids.HOUSING_TREND, key or ""), trend, state)

    if not first_view(key, state):
        return build()
    return answers.kept("housing_programme", (key, state), build, True)


def first_view(key: str | None, state: PageState) -> bool:
    """One of the page's own programmes on `/housing` as first opened (not in present mode) for a
    year of the housing indicators: the views whose whole answer is kept (`answers.kept`)."""
    keys, years = page_programmes()
    return answers.own_view(state, "housing") and key in keys and state.year in years


def page_programmes() -> tuple[tuple[str, ...], frozenset[int]]:
    """The programmes `/housing` draws and the years it offers, once per dataset (`store.kept`)."""

    def both() -> tuple[tuple[str, ...], frozenset[int]]:
        chosen = options()
        return chosen.keys, frozenset(chosen.years)

    return store.kept("housing.page", both)


@callback(
    Output(ids.housing(ids.HOUSING_CRUMBS, MATCH), "children"),
    Output(ids.housing(ids.HOUSING_YEARS, MATCH), "children"),
    Output(ids.housing(ids.HOUSING_DETAIL, MATCH, chart=ALL), "figure"),
    Output(ids.housing(ids.HOUSING_MONTHS_HEADING, MATCH), "children"),
    Output(ids.housing(ids.HOUSING_MONTHS, MATCH, indicator=ALL), "figure"),
    Output(ids.housing(ids.HOUSING_TABLE_HEADING, MATCH), "children"),
    Output(ids.housing(ids.HOUSING_TABLE, MATCH), "children"),
    *exports.frame_outputs(ids.housing(ids.HOUSING_DETAIL, MATCH, chart=ALL)),
    *exports.frame_outputs(ids.housing(ids.HOUSING_MONTHS, MATCH, indicator=ALL)),
    Input(ids.housing(ids.HOUSING_VIEW, MATCH), "data"),
    Input(ids.FILTER_YEAR, "value"),
    Input(ids.FILTER_SUBPERIOD, "value"),
    State(ids.PAGE_STATE, "data"),
)
def update_programme(view_data, year, subperiod, page_data):
    """`/housing/<programme>`: the trends with the chosen year, its months, the table."""
    state = PageState.from_filters(page_data, year, subperiod, None, None)
    prog = query_housing.programme(_field(view_data, "programme"))
    if prog is None or state.year is None:
        raise dash.exceptions.PreventUpdate
    lang = state.lang
    obs, units, inds = store.observations(prog.indicators), store.table("units"), store.table("indicators")
    years, facts = query_housing.years_of(obs, prog.indicators), store.unit_facts()
    charts = {chart.key: chart for chart in prog.charts}
    chart_keys = [_field(o["id"], "chart") for o in ctx.outputs_list[2]]
    month_keys = [_field(o["id"], "indicator") for o in ctx.outputs_list[4]]
    known = set(prog.indicators) & set(inds["indicator_id"])
    if any(k not in charts for k in chart_keys) or any(k not in known for k in month_keys):
        raise dash.exceptions.PreventUpdate  # charts this programme does not draw: not from its page
    trends = [_trend(prog, charts[k], lang, selected_year=state.year) for k in chart_keys]
    month = int(state.subperiod[1:]) if state.subperiod.startswith("M") else None
    month_figures = []
    for ind in month_keys:
        months, total = query_housing.months_of_year(obs, units, ind, state.year, facts)
        meta = inds[inds["indicator_id"] == ind].iloc[0]
        month_figures.append(
            housing.month_chart(
                prog.key, meta, months, total, lang, query_housing.sources(months), state.year, month
            )
        )
    rows = query_housing.period_values(
        obs, store.table("targets"), inds, units, prog.indicators, state.year, month, facts
    )
    return (
        housing.crumbs(state, prog.key),
        housing.year_links(state, prog.key, years, state.year),
        trends,
        housing.months_heading(state),
        month_figures,
        t("housing_table_heading", lang, period=housing.period_text(state)),
        housing.values_table(rows, lang),
        *exports.frames(
            ids.HOUSING_DETAIL,
            ctx.outputs_list[7:13],
            dict(zip(chart_keys, trends, strict=True)),
            "chart",
            state,
        ),
        *exports.frames(
            ids.HOUSING_MONTHS,
            ctx.outputs_list[13:19],
            dict(zip(month_keys, month_figures, strict=True)),
            "indicator",
            state,
        ),
    )


@callback(
    Output(ids.URL, "href", allow_duplicate=True),
    Input(ids.housing(ids.HOUSING_TREND, ALL), "clickData"),
    Input(ids.housing(ids.HOUSING_DETAIL, ALL, chart=ALL), "clickData"),
    Input(ids.housing(ids.HOUSING_MONTHS, ALL, indicator=ALL), "clickData"),
    State(ids.PAGE_STATE, "data"),
    prevent_initial_call=True,
)
def drill_down(_trends, _details, _months, page_data):
    """A click on a year point or a month bar opens `/housing/<programme>?period=<period>`."""
    target = figures.parse_drill(ctx.triggered[0]["value"] if ctx.triggered else None)
    if target is None:
        return dash.no_update
    programme, period = target
    lang = normalize_lang(_field(page_data, "lang"))
    return urlstate.href(
        housing.programme_path(programme), {"period": period, "lang": lang}, keep=("period", "lang")
    )
