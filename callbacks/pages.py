"""Pages read the URL, check it against the data and hand a PageState to their layout."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from data import query, store
from layouts.state import FilterOptions, PageState, resolve


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


def indicator_options(panel: str | None) -> FilterOptions:
    """Options from the observations of one panel's indicators (all indicators for None)."""
    indicators = store.table("indicators")
    if panel is not None:
        indicators = indicators[indicators["panel"] == panel]
    obs = store.table("observations")
    obs = obs[obs["indicator_id"].isin(indicators["indicator_id"])]
    inds = tuple(zip(indicators["indicator_id"], indicators["name"], indicators["name_en"], strict=True))
    return FilterOptions(
        years=tuple(query.available_years(obs)),
        default_year=query.latest_published_year(obs),
        subperiods=subperiods_of(obs["period"].unique()),
        units=unit_options(store.table("units")),
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
