"""Whole answers of a page's commonest views, kept once per dataset.

The data of every year's first views is kept at start-up (`callbacks.precompute`), but a callback
still builds its answer from it on every request: on the national dataset the overview's ~800
components take ~30 ms to build and Dash ~7 ms to encode, the budget page's table and two charts
~25 ms. For the views most readers open (the overview of each year; the districts page's bars
with its default indicator and the budget page's root, for each year and each month or tertial
of the default year; the districts' small multiples; without a unit filter or present mode),
`kept` keeps the answer itself, as the plain JSON values Dash sends (what `layouts.patch.as_json`
makes of it), so a request only encodes those again (~2 ms). The views are a small, fixed set
(the data's years, two languages), so what is kept is bounded; every other view is built when
asked, as before. Shared between requests: read, never changed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from data import store
from layouts import patch
from layouts.state import PageState


def kept(name: str, key: Hashable, build: Callable[[], tuple], keep: bool) -> tuple:
    """The callback's outputs `build()` makes; when `keep` (one of the fixed views), kept under
    `name` and `key` (what the answer depends on besides the dataset) as Dash's JSON values."""
    if not keep:
        return build()
    return store.kept_each(f"answer.{name}", key, lambda: tuple(patch.as_json(list(build()))))


def own_view(state: PageState, page: str) -> bool:
    """`state` is `page`'s own view as first opened: its own name, no drill key, no unit filter,
    not in present mode. Each page adds its own rule for the year, sub-period or indicator; a
    request can send any page name or key, and those must not add kept views."""
    return state.page == page and state.key is None and not state.units and not state.present
