"""The headline cards of a panel page: at most HEADLINE_LIMIT, the rest on the overview."""

from __future__ import annotations

from dash import dcc, html

import app  # noqa: F401  (registers every callback and route)
from callbacks import headline


def find(component, kind) -> list:
    out = [component] if isinstance(component, kind) else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            out += find(child, kind)
    return out


def card_names(grid) -> list[str]:
    return [h.children for h in find(grid, html.H3)]


def test_headline001_a_long_panel_shows_the_first_cards_and_links_to_the_overview():
    figures = headline.panel_figures("housing", 2016)  # the shipped dataset: 13 housing indicators
    assert len(figures) > 5
    whole = headline.headline_grid(figures, 2016, "nb")
    assert len(whole) == 1 and len(card_names(whole[0])) == len(figures)  # under the limit: all
    capped = headline.headline_grid(figures, 2016, "en", limit=5)
    assert card_names(capped[0]) == card_names(headline.headline_grid(figures.iloc[:5], 2016, "en")[0])
    note = capped[1]
    assert note.children[0] == f"Showing 5 of {len(figures)} key figures."
    link = find(note, dcc.Link)[0]
    assert link.href == "/?period=2016&lang=en" and link.children == "All of them are on the overview."
