"""layouts/patch.py: a redraw as a Patch of what changed. Applied to the tree shown, the Patch
must give exactly the new tree, for the real headline cards of every panel page, year to year,
in both languages (the shipped dataset, and a synthetic one whose pages are capped)."""

from __future__ import annotations

import itertools

import dash
import pytest
from dash import dcc, html

import app  # noqa: F401  (registers every callback and route)
from callbacks import headline, pages
from data import store
from layouts import patch
from tests.synthetic import write_synthetic


def components(tree) -> int:
    """How many components a JSON tree holds (what a whole redraw makes the browser insert)."""
    if isinstance(tree, list):
        return sum(components(t) for t in tree)
    if isinstance(tree, dict) and "props" in tree:
        return 1 + sum(components(v) for v in tree["props"].values())
    return 0


def operations(result) -> list[dict]:
    return result.to_plotly_json()["operations"]


def check_every_year_change(lang: str) -> list[tuple[int, int]]:
    """For each panel page and each pair of years: the Patch turns one year's cards into the
    other's. Returns (operations, components of a whole redraw) per change."""
    years = pages.years_of(store.observation_periods(None))
    sizes = []
    for page, (a, b) in itertools.product(headline.PAGE_PANELS, itertools.permutations(years[-4:], 2)):
        query = {"page": page, "lang": lang}
        shown = patch.as_json(headline.headline(query, str(a)))
        new = headline.headline(query, str(b))
        result = headline.fill_headline(query, str(b), shown)
        assert patch.apply(shown, result) == patch.as_json(new), (page, a, b, lang)
        if isinstance(result, dash.Patch):
            sizes.append((len(operations(result)), components(patch.as_json(new))))
    return sizes


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_patch001_shipped_headline_year_changes(lang):
    store.open_dataset()
    sizes = check_every_year_change(lang)
    assert sizes, "a year change of the shipped headline cards is a Patch"
    # Texts change, the cards stay: far fewer operations than components redrawn.
    assert sum(ops for ops, _ in sizes) < sum(n for _, n in sizes) / 3


def test_patch002_capped_synthetic_headline_year_changes(tmp_path):
    store.open_dataset(write_synthetic(tmp_path / "wide", 2, 100, "2014-2016"))
    try:
        assert len(headline.panel_figures("districts", 2016)) > headline.HEADLINE_LIMIT
        assert check_every_year_change("nb")
    finally:
        store.open_dataset()


def test_patch003_first_draw_same_tree_and_no_likeness():
    new = [html.H2("Nøkkeltall 2016"), html.P("x", className="a")]
    assert patch.towards(None, new) is new  # nothing shown yet: the tree itself
    assert patch.towards(patch.as_json(new), new) is dash.no_update
    empty = html.P("Ingen tall", className="empty-state")
    assert patch.towards(patch.as_json(empty), new) is new  # another kind of root: whole
    assert patch.towards(patch.as_json(new), empty) is empty


def test_patch004_props_lists_and_shapes():
    shown = patch.as_json(
        html.Div(
            [html.Span("a", className="x"), html.Span("b"), html.Span("c"), html.Span("d")],
            id="grid",
        )
    )
    cases = [
        # one text
        html.Div([html.Span("A", className="x"), html.Span("b"), html.Span("c"), html.Span("d")], id="grid"),
        # a prop only the new one has: the node whole
        html.Div(
            [html.Span("a", className="x", title="t"), html.Span("b"), html.Span("c"), html.Span("d")],
            id="grid",
        ),
        # another component at a place
        html.Div([html.Span("a", className="x"), html.B("b"), html.Span("c"), html.Span("d")], id="grid"),
        # fewer, more
        html.Div([html.Span("a", className="x"), html.Span("b")], id="grid"),
        html.Div([html.Span(str(i)) for i in range(7)], id="grid"),
        # children from a list to one component and to text
        html.Div(dcc.Link("a", href="/"), id="grid"),
        html.Div("text", id="grid"),
    ]
    for new in cases:
        result = patch.towards(shown, new)
        assert isinstance(result, dash.Patch), new
        assert patch.apply(shown, result) == patch.as_json(new), new
    ops = operations(patch.towards(shown, cases[0]))
    assert ops == [
        {
            "operation": "Assign",
            "location": ["props", "children", 0, "props", "children"],
            "params": {"value": "A"},
        }
    ]
    ops = operations(patch.towards(shown, cases[3]))
    assert [op["operation"] for op in ops] == ["Delete", "Delete"]
    assert [op["location"] for op in ops] == [["props", "children", 3], ["props", "children", 2]]


def test_patch005_too_many_changes_send_the_tree():
    shown = patch.as_json([html.Span(str(i)) for i in range(20)])
    new = [html.Span(str(i + 1)) for i in range(20)]
    assert isinstance(patch.towards(shown, new), dash.Patch)
    assert patch.towards(shown, new, max_operations=10) is new


def test_patch006_click_counters_stay_as_the_browser_has_them():
    shown = patch.as_json(html.Div([html.Button("Vis 8 til", n_clicks=0), html.Span("2015")]))
    shown["props"]["children"][0]["props"]["n_clicks"] = 3  # clicked in the browser
    new = html.Div([html.Button("Vis 8 til", n_clicks=0), html.Span("2016")])
    ops = operations(patch.towards(shown, new))
    assert [op["location"][-1] for op in ops] == ["children"] and ops[0]["params"]["value"] == "2016"
