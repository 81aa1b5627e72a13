"""The districts page: its routes (`/districts`, `/districts/<unit_id>`) and callbacks.

Thin: read the filters -> data.query_districts -> layouts.districts / layouts.figures.districts.
The bars and the table follow every filter; the small multiples only units and indicator; a
district's charts only the district (the period picks the figures of its table).
"""

from __future__ import annotations

import dataclasses

import dash
from dash import MATCH, Input, Output, State, callback, ctx

from callbacks import answers, exports, pages
from data import query_districts as qd
from data import store
from layouts import districts, ids
from layouts import state as urlstate
from layouts.figures import districts as figures
from layouts.figures.common import empty_figure
from layouts.i18n import t
from layouts.state import FilterOptions, PageState


class _Held:
    """What the districts page reads of the data served now, worked out once per store and
    dataset version: the unit tree (`query_districts.DistrictTree`), the panel's indicators as
    `indicator_of` gives them and the targets of each (each worked out on first use; only
    the panel's indicators are kept, so there is at most one entry per indicator)."""

    def __init__(self) -> None:
        self.tree = qd.DistrictTree(store.table("units"))
        inds = store.table("indicators")
        self.inds = inds[inds["panel"] == "districts"]
        self.indicators: dict[str, dict] = {}
        self.first: dict | None = self.inds.iloc[0].to_dict() if len(self.inds) else None
        self.known = frozenset(self.inds["indicator_id"].tolist())
        self._targets: dict[str | None, object] = {}

    def indicator(self, indicator_id) -> dict | None:
        if not isinstance(indicator_id, str) or indicator_id not in self.known:
            return None if self.first is None else dict(self.first)
        found = self.indicators.get(indicator_id)
        if found is None:
            chosen = self.inds[self.inds["indicator_id"] == indicator_id]
            found = self.indicators[indicator_id] = chosen.iloc[0].to_dict()
        return dict(found)

    def targets(self, indicator_ids: list[str] | None = None):
        """The targets table's rows of one districts-panel indicator (`[id]`) or of every one
        (None), in the table's order: what the queries read of it, found once. Other ids: the
        whole table, as before."""
        key = None if indicator_ids is None else (indicator_ids[0] if len(indicator_ids) == 1 else "")
        if key == "" or (key is not None and key not in self.known):
            return store.table("targets")
        found = self._targets.get(key)
        if found is None:
            table = store.table("targets")
            wanted = table["indicator_id"].isin(self.known if key is None else [key])
            found = self._targets[key] = table[wanted]
        return found.copy(deep=False)


def _held() -> _Held:
    """The `_Held` of the data served now: built once per store and dataset version
    (`store.kept`), so a new dataset (or a reload into the database) gets a new one."""
    return store.kept("districts._held", _Held)


def district_tree() -> qd.DistrictTree:
    """The unit tree of the data served now (see `_held`)."""
    return _held().tree


def options(with_keys: bool = False) -> FilterOptions:
    """The districts panel's indicators and periods; drill keys are the district unit ids."""
    opts = pages.indicator_options("districts")
    if not with_keys:
        return opts
    return dataclasses.replace(opts, keys=district_tree().district_ids)


def names() -> dict[str, str]:
    """Every unit's name by id (the tree's map: read it, never change it)."""
    return district_tree().names


def build(state: PageState, opts: FilterOptions):
    return districts.layout(state, opts)


def build_district(state: PageState, opts: FilterOptions):
    """`/districts/<unit_id>`; an unknown key falls back to the overview (with a notice).

    Dash calls every page layout once without arguments to check the callbacks' ids against
    (no key and no notice): that call gets the district view, so its ids are known.
    """
    if state.key is None and any(code == "key" for code, _ in state.notices):
        return districts.layout(state, opts)
    units = district_tree().units
    note = units.loc[units["unit_id"] == state.key, "note"] if "note" in units else []
    return districts.district_layout(
        state, opts, names().get(state.key or "", ""), str(note.iloc[0]) if len(note) else ""
    )


pages.register("districts", districts.PATH, options, build, order=1)
pages.register(
    "district", districts.PATH + "/<key>", lambda: options(with_keys=True), build_district, order=2
)


def indicator_of(indicator_id: str | None) -> dict | None:
    """The chosen districts-panel indicator as a dict, or the panel's first one."""
    return _held().indicator(indicator_id)


def district_observations(
    indicator_ids, year: int | str | None = "all", also: str | None = None, districts: list | None = None
):
    """The observations of some indicators for some districts: `districts`, else those of the
    area of `also` (a drill key, read too), else every district; of one year, or every year
    ("all"); no year (None) reads nothing."""
    tree = district_tree()
    years = None if year == "all" else ([] if year is None else [int(year)])
    if districts is None:
        districts = tree.area_districts(tree.area_of(also)) if also else tree.district_ids
    wanted = [*districts, *([also] if also else [])]
    return store.observations(indicator_ids, unit_ids=wanted, years=years)


def panel_indicator_ids() -> list[str]:
    return pages.panel_indicator_ids("districts")


def _context():
    units = district_tree()
    parent = qd.parent_of(units)
    return units, names().get(parent or "", parent or ""), len(qd.area_districts(units, parent))


def _areas(units, shown: list[str]):
    """The area name, its district count, every district of the shown districts' area(s) (the
    average's reference, whatever the unit filter picks out), and with several areas the
    areas' names (else [])."""
    groups = qd.area_groups(units, shown)
    if not groups:
        _, parent_name, n = _context()
        return parent_name, n, list(qd.shown_districts(units, ())), []
    known = names()
    area_names = [known.get(a or "", a or "") for a, _, _ in groups]
    every = [d for area, _, _ in groups for d in qd.area_districts(units, area)]
    return area_names[0], groups[0][2], every, area_names if len(groups) > 1 else []


@callback(
    Output(ids.DISTRICTS_BARS, "figure"),
    *exports.frame_outputs(ids.DISTRICTS_BARS),
    Output(ids.DISTRICTS_NOTE, "children"),
    Output(ids.DISTRICTS_TABLE_TITLE, "children"),
    Output(ids.DISTRICTS_TABLE, "children"),
    Input(ids.FILTER_YEAR, "value"),
    Input(ids.FILTER_SUBPERIOD, "value"),
    Input(ids.FILTER_UNITS, "value"),
    Input(ids.FILTER_INDICATOR, "value"),
    State(ids.PAGE_STATE, "data"),
)
def update_bars(year, subperiod, units_value, indicator_id, page_data):
    state = PageState.from_filters(page_data, year, subperiod, units_value, indicator_id)
    return answers.kept("district_bars", state, lambda: bars_answer(state), first_view(state))


def first_view(state: PageState) -> bool:
    """The page as first opened (its default indicator, every district, not in present mode) for
    a year of the data (the whole year, or a month or tertial of the default year), or for no
    year (the small multiples, which show every year, and the bars with the year select's empty
    choice): the views whose whole answer is kept (`answers.kept`)."""
    default_year, default_indicator = defaults()
    if not answers.own_view(state, "districts") or state.indicator != default_indicator:
        return False
    if state.year is None:
        return state.subperiod == "year"
    return state.year in pages.observation_years() and (
        state.subperiod == "year" or state.year == default_year
    )


def defaults() -> tuple[int | None, str | None]:
    """The year and indicator the page opens on, once per dataset (`store.kept`)."""

    def both() -> tuple[int | None, str | None]:
        chosen = options()
        return chosen.default_year, chosen.default_indicator

    return store.kept("districts.defaults", both)


def bars_answer(state: PageState) -> tuple:
    """Every output of `update_bars` for `state`."""
    lang, period = state.lang, state.period or ""
    indicator = indicator_of(state.indicator)
    units, parent_name, n = _context()
    when = districts.period_text(state)
    if indicator is None:
        figure = empty_figure(t("page_districts", lang), lang)
        return figure, *exports.frame(ids.DISTRICTS_BARS, figure, state), [], "", ""
    covered = qd.shown_districts(units, state.units)
    shown = covered[: qd.MAX_DISTRICTS]  # one screen draws at most MAX_DISTRICTS, in tree order
    parent_name, n, every, areas = _areas(units, shown)
    read = list(dict.fromkeys([*shown, *every]))  # the shown districts, and their areas' for the average
    obs = district_observations([indicator["indicator_id"]], state.year, districts=read)
    rows = qd.district_values(
        obs,
        _held().targets([indicator["indicator_id"]]),
        units,
        indicator,
        period,
        state.units,
        limit=qd.MAX_DISTRICTS,
    )
    average = qd.district_average(obs, units, indicator["indicator_id"], period, district_ids=every)
    unit, decimals = indicator["unit"], int(indicator["decimals"])
    name = districts.indicator_name(indicator, lang)
    capped = districts.capped_text(len(shown), len(covered), lang)
    if not covered:
        empty = t("districts_none_selected", lang)
    else:
        empty = t(
            "districts_no_period" if state.subperiod == "year" else "districts_no_subperiod",
            lang,
            period=when,
        )
    figure = figures.district_bars(
        rows,
        t("districts_bars_title", lang, indicator=name, period=when),
        lang,
        unit,
        decimals,
        source=qd.sources(rows, indicator["source"]),
        average=average,
        n_districts=n,
        empty_message=empty,
    )
    return (
        figure,
        *exports.frame(ids.DISTRICTS_BARS, figure, state),
        districts.bars_note(rows, average, unit, decimals, parent_name, n, lang, areas=areas, capped=capped),
        t("districts_table_title", lang, period=when),
        districts.capped_table(districts.districts_table(rows, state, unit, decimals), capped),
    )


@callback(
    Output(ids.DISTRICTS_MULTIPLES, "figure"),
    *exports.frame_outputs(ids.DISTRICTS_MULTIPLES),
    Input(ids.FILTER_UNITS, "value"),
    Input(ids.FILTER_INDICATOR, "value"),
    State(ids.PAGE_STATE, "data"),
)
def update_multiples(units_value, indicator_id, page_data):
    """Over time: the year does not change this chart, so it is not an input."""
    state = PageState.from_filters(page_data, None, None, units_value, indicator_id)
    return answers.kept("district_multiples", state, lambda: multiples_answer(state), first_view(state))


def multiples_answer(state: PageState) -> tuple:
    """Every output of `update_multiples` for `state`."""
    lang = state.lang
    indicator = indicator_of(state.indicator)
    if indicator is None:
        figure = empty_figure(t("page_districts", lang), lang)
        return figure, *exports.frame(ids.DISTRICTS_MULTIPLES, figure, state)
    units = district_tree()
    covered = qd.shown_districts(units, state.units)
    shown = covered[: qd.MAX_DISTRICTS]
    series = qd.district_series(
        district_observations([indicator["indicator_id"]], districts=shown),
        _held().targets([indicator["indicator_id"]]),
        units,
        indicator,
        state.units,
        limit=qd.MAX_DISTRICTS,
    )
    name = districts.indicator_name(indicator, lang)
    capped = districts.capped_text(len(shown), len(covered), lang, short=True)
    if capped:
        name = f"{name} ({capped})"
    empty = t("districts_none_selected" if not covered else "no_figures", lang)
    figure = figures.small_multiples(
        series,
        districts.chart_title("districts_multiples_title", lang, series["x"].unique(), indicator=name),
        lang,
        indicator["unit"],
        int(indicator["decimals"]),
        source=qd.sources(series, indicator["source"]),
        n_districts=_areas(units, shown)[1],
        empty_message=empty,
    )
    return figure, *exports.frame(ids.DISTRICTS_MULTIPLES, figure, state)


@callback(
    Output(ids.URL, "href", allow_duplicate=True),
    Input(ids.DISTRICTS_BARS, "clickData"),
    Input(ids.DISTRICTS_MULTIPLES, "clickData"),
    State(ids.FILTER_YEAR, "value"),
    State(ids.FILTER_SUBPERIOD, "value"),
    State(ids.FILTER_UNITS, "value"),
    State(ids.FILTER_INDICATOR, "value"),
    State(ids.PAGE_STATE, "data"),
    prevent_initial_call=True,
)
def drill_down(bars_click, multiples_click, year, subperiod, units_value, indicator_id, page_data):
    """A click on a district's bar or point opens `/districts/<unit_id>` (a new history entry)."""
    click = multiples_click if ctx.triggered_id == ids.DISTRICTS_MULTIPLES else bars_click
    key = figures.drill_key(click)
    if key is None:
        return dash.no_update
    state = PageState.from_filters(page_data, year, subperiod, units_value, indicator_id)
    return state.url(districts.district_path(key))


@callback(
    Output(ids.DISTRICTS_CRUMBS, "children"),
    Output(ids.DISTRICT_TABLE_TITLE, "children"),
    Output(ids.DISTRICT_TABLE, "children"),
    Input(ids.FILTER_YEAR, "value"),
    Input(ids.FILTER_SUBPERIOD, "value"),
    State(ids.PAGE_STATE, "data"),
    State(ids.URL, "search"),
)
def update_district_table(year, subperiod, page_data, search):
    """One district: the breadcrumb and every indicator's figures for the chosen period.

    The breadcrumb goes back to the overview with the period chosen here and the units and
    indicator the district was opened with (the district view has no filters for those).
    """
    state = PageState.from_filters(page_data, year, subperiod, None, None)
    lang, key = state.lang, state.key or ""
    name = names().get(key, key)
    opened = urlstate.parse(search)
    back = dataclasses.replace(
        state,
        units=tuple(u for u in opened.get("units", "").split(",") if u),
        indicator=opened.get("indicator") or None,
    )
    rows = qd.district_table(
        district_observations(panel_indicator_ids(), state.year, also=key),
        _held().targets(),
        district_tree(),
        store.table("indicators"),
        key,
        state.period or "",
    )
    return (
        districts.crumbs(back, name),
        t("district_table_title", lang, name=name, period=districts.period_text(state)),
        districts.district_table(rows, lang),
    )


@callback(
    Output(ids.DISTRICT_CHARTS, "children"),
    Output(ids.DISTRICT_EVENTS, "children"),
    Input(ids.PAGE_STATE, "data"),
    State(ids.FILTER_YEAR, "value"),
    State(ids.FILTER_SUBPERIOD, "value"),
)
def fill_district(page_data, year=None, subperiod=None):
    """One district's charts and events: drawn once per district, no filter changes them (the
    period only names the charts' export files). With more than DISTRICT_CHART_LIMIT indicators,
    the first DISTRICT_CHARTS_PER_STEP charts and «Vis 8 til» (show_more_charts)."""
    state = PageState.from_filters(page_data, year, subperiod, None, None)
    key = state.key or ""
    events = qd.district_events(store.table("events"), district_tree(), key)
    indicator_ids = panel_indicator_ids()
    if len(indicator_ids) <= districts.DISTRICT_CHART_LIMIT:
        charts = districts.district_charts(*_chart_args(state, indicator_ids, events, every=True))
    else:
        columns = districts.district_chart_columns(
            *_chart_args(state, indicator_ids[: districts.DISTRICT_CHARTS_PER_STEP], events)
        )
        charts = districts.capped_district_charts(key, columns, len(indicator_ids), state.lang)
    return charts, districts.events_list(events, state.lang)


def _chart_args(state: PageState, indicator_ids: list[str], events, every: bool = False) -> tuple:
    """The arguments of `districts.district_charts` for the district `state.key` and these
    districts-panel indicators (`every`: all of them, in the indicators table's order)."""
    lang, key = state.lang, state.key or ""
    units = district_tree()
    n = len(qd.area_districts(units, qd.area_of(units, key)))  # the districts of the key's area
    indicators = store.table("indicators")
    if not every:
        indicators = indicators[indicators["indicator_id"].isin(indicator_ids)]
    profile = qd.district_profile(
        district_observations(indicator_ids, also=key), _held().targets(), units, indicators, key
    )
    name = names().get(key, key)

    def filename(indicator_id: str) -> str:
        return exports.stem(ids.DISTRICT_GRAPH, {"indicator": indicator_id}, state)

    return profile, qd.event_markers(events), name, n, lang, filename


@callback(
    Output(ids.district_chart_grid(MATCH), "children"),
    Output(ids.district_charts_more(MATCH), "children"),
    Output(ids.district_charts_more(MATCH), "hidden"),
    Output(ids.district_charts_shown(MATCH), "data"),
    Input(ids.district_charts_more(MATCH), "n_clicks"),
    State(ids.district_charts_shown(MATCH), "data"),
    State(ids.PAGE_STATE, "data"),
    State(ids.FILTER_YEAR, "value"),
    State(ids.FILTER_SUBPERIOD, "value"),
    prevent_initial_call=True,
)
def show_more_charts(_clicks, shown, page_data, year=None, subperiod=None):
    """«Vis 8 til» on a district page: the next charts appended to its grid (a Patch: the charts
    shown stay as they are), the button's new text (hidden when none are left) and the count
    shown (kept in a store, so that a second click starts from what the page really shows)."""
    state = PageState.from_filters(page_data, year, subperiod, None, None)
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or trigger.get("district") != (state.key or ""):
        raise dash.exceptions.PreventUpdate
    if not isinstance(shown, int) or isinstance(shown, bool) or shown < 0:
        raise dash.exceptions.PreventUpdate
    indicator_ids = panel_indicator_ids()
    upto = min(shown + districts.DISTRICT_CHARTS_PER_STEP, len(indicator_ids))
    if upto <= shown:
        raise dash.exceptions.PreventUpdate
    events = qd.district_events(store.table("events"), district_tree(), state.key or "")
    grid = dash.Patch()
    grid.extend(districts.district_chart_columns(*_chart_args(state, indicator_ids[shown:upto], events)))
    left = len(indicator_ids) - upto
    return grid, districts.more_charts_label(left, state.lang), left == 0, upto
