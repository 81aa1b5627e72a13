"""Pages read the URL, check it against the data and hand a PageState to their layout."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from data import query, store
from data.schema import parse_period
from layouts.state import FilterOptions, PageState, resolve

ANNUAL = re.compile(r"\d{4}")


def unit_options(units: pd.DataFrame) -> tuple[tuple[str, str, int], ...]:
    """(unit_id, name, depth) in tree order: each unit followed by the units under it."""
    depth = query.unit_depths(units)
    children: dict[str, list[tuple[str, str]]] = {}
    for unit_id, name, parent in zip(units["unit_id"], units["name"], units["parent_id"], strict=True):
        children.setdefault(parent, []).append((unit_id, name))
    out: list[tuple[str, str, int]] = []

    def visit(parent: str) -> None:
        for unit_id, name in children.get(parent, []):
            if unit_id in depth:
                out.append((unit_id, name, depth[unit_id]))
                visit(unit_id)

    visit("")
    return tuple(out)


def all_unit_options() -> tuple[tuple[str, str, int], ...]:
    """`unit_options` of the whole units table, worked out once per dataset (`store.kept`): a
    request never walks the units tree for its filter options."""
    return store.kept("pages.unit_options", lambda: unit_options(store.table("units")))


def subperiods_of(periods) -> tuple[str, ...]:
    """'year' first, then the tertials and months that occur in `periods` ('2016-T1', '2016-03')."""
    found = set()
    for p in periods:
        _, _, rest = str(p).partition("-")
        if rest:
            found.add(rest if rest.startswith("T") else f"M{rest}")
    return (
        "year",
        *sorted(s for s in found if s.startswith("T")),
        *sorted(s for s in found if s.startswith("M")),
    )


def panel_indicator_ids(panel: str | None) -> list[str]:
    """The ids of one panel's indicators, in the indicators table's order (all for None)."""
    indicators = store.table("indicators")
    if panel is not None:
        indicators = indicators[indicators["panel"] == panel]
    return list(indicators["indicator_id"])


def years_of(periods) -> list[int]:
    """The years of some periods ('2016', '2016-T1', '2016-03'), sorted."""
    return sorted({parsed[0] for p in periods if (parsed := parse_period(p))})


def observation_years() -> frozenset[int]:
    """The years of every indicator's observations, once per dataset (`store.kept`): what the
    overview and the headline cards offer, and the years whose views are kept (`store.kept_each`)."""
    return store.kept("pages.observation_years", lambda: frozenset(years_of(store.observation_periods(None))))


def latest_published_year(indicator_ids: list[str] | None) -> int | None:
    """`query.latest_published_year` of the indicators' observations, from the store's lists
    (never their rows): the latest year with final annual figures, else with any."""
    annual = [int(p) for p in store.observation_periods(indicator_ids) if ANNUAL.fullmatch(str(p))]
    if not annual:
        return None
    published = store.published_years(indicator_ids)
    return max(published) if published else max(annual)


def indicator_options(panel: str | None) -> FilterOptions:
    """Options from the observations of one panel's indicators (all indicators for None)."""
    return store.cached("indicator_options", (panel,), lambda: _indicator_options(panel))


def _indicator_options(panel: str | None) -> FilterOptions:
    indicators = store.table("indicators")
    if panel is not None:
        indicators = indicators[indicators["panel"] == panel]
    wanted = list(indicators["indicator_id"])
    periods = store.observation_periods(wanted)
    inds = tuple(zip(indicators["indicator_id"], indicators["name"], indicators["name_en"], strict=True))
    return FilterOptions(
        years=tuple(years_of(periods)),
        default_year=latest_published_year(wanted),
        subperiods=subperiods_of(periods),
        units=all_unit_options(),
        indicators=inds,
        default_indicator=inds[0][0] if inds else None,
    )


@dataclass(frozen=True)
class Route:
    name: str  # unique page name in Dash's page registry
    path: str  # '/districts', or a template with the drill key: '/districts/<key>'
    layout: Callable[..., object]
    order: int


ROUTES: list[Route] = []
OPTIONS: dict[str, Callable[[], FilterOptions]] = {}  # route name -> its filter options (unit search)


def register(
    name: str,
    path: str,
    options: Callable[[], FilterOptions],
    build: Callable[[PageState, FilterOptions], object],
    order: int = 99,
) -> None:
    """Declare a route; app.py registers every declared route with Dash Pages.

    The layout accepts any query string (values that are not plain strings are ignored) and
    falls back to defaults for anything the data does not have, with a notice on the page.
    `build(state, options)` draws the page; `state.key` is the drill key from the path.
    """

    def layout(key: str | None = None, **query_params: object):
        opts = options()
        query = {k: v for k, v in query_params.items() if isinstance(v, str)}
        return build(resolve(name, query, opts, key), opts)

    layout.__name__ = f"{name}_layout"
    ROUTES.append(Route(name, path, layout, order))
    OPTIONS[name] = options
