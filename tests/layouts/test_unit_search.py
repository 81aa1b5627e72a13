"""The units filter's options on a large tree (layouts/filters.py unit_choices): a capped list with
the chosen units first, search by name or id, parent names, and the small case left as it was."""

from __future__ import annotations

import pytest
from dash import html

from layouts import filters, ids
from layouts.filters import UNIT_LIST_LIMIT, unit_choices, unit_parents, units_status
from layouts.state import FilterOptions, PageState


def national(municipalities: int = 100) -> tuple[tuple[str, str, int], ...]:
    """norge > «Kommune 001».. > «Distrikt 1», «Distrikt 2» (the same names in every municipality)."""
    out = [("norge", "Norge", 0)]
    for m in range(1, municipalities + 1):
        out.append((f"k{m:03d}", f"Kommune {m:03d}", 1))
        out += [(f"k{m:03d}-d{d}", f"Distrikt {d}", 2) for d in (1, 2)]
    return tuple(out)


def text(node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list | tuple):
        return "".join(text(n) for n in node)
    return text(node.children) if node.children is not None else ""


def values(choices) -> list[str]:
    return [o["value"] for o in choices.options]


UNITS = national()


def test_parents_from_tree_order():
    parents = unit_parents(UNITS)
    assert parents["norge"] == ""
    assert parents["k007"] == "Norge"
    assert parents["k007-d2"] == "Kommune 007"
    # a deeper unit after a shallower one: the path is cut back
    tree = (("a", "A", 0), ("b", "B", 1), ("c", "C", 2), ("d", "D", 1), ("e", "E", 2))
    assert unit_parents(tree)["e"] == "D"


def test_parent_name_skips_names_that_repeat():
    """«Distrikt 1 · P05 Helse og omsorg» would not tell two municipalities apart."""
    units = [("norge", "Norge", 0)]
    for k in (1, 2):
        units += [(f"k{k}", f"Kommune {k}", 1), (f"k{k}-p05", "P05", 2), (f"k{k}-d1", "Distrikt 1", 3)]
    parents = unit_parents(units)
    assert parents["k2-d1"] == "Kommune 2" and parents["k2-p05"] == "Kommune 2" and parents["k1"] == "Norge"
    twice = [("r", "Same", 0), ("a", "Same", 1), ("b", "X", 2), ("c", "Same", 1), ("d", "X", 2)]
    assert unit_parents(twice)["d"] == "Same"  # no unique name above: the parent's


def test_without_search_top_of_tree_capped():
    choices = unit_choices(UNITS, [])
    assert len(choices.options) == UNIT_LIST_LIMIT
    assert values(choices)[:3] == ["norge", "k001", "k002"]
    assert all("-d" not in v for v in values(choices))  # depth <= 1 only
    assert choices.total == len(UNITS) == 301 and choices.matched is None


def test_selected_first_and_never_dropped():
    chosen = ["k090-d2", "k003"]
    for query in ("", "Distrikt", "zzz-nothing", "kommune 05"):
        got = values(unit_choices(UNITS, chosen, query))
        assert got[:2] == ["k003", "k090-d2"], query  # tree order, before the rest
        assert got.count("k003") == 1 and len(got) <= UNIT_LIST_LIMIT + 2
    # unknown or garbage values in the selection are not listed, and do not break anything
    assert values(unit_choices(UNITS, ["nope", 3, None, "k001"], "zzz")) == ["k001"]
    assert values(unit_choices(UNITS, "k001", "zzz")) == []


def test_search_by_name_or_id_case_insensitive():
    choices = unit_choices(UNITS, [], "kommune 01")
    assert values(choices) == [f"k{m:03d}" for m in range(10, 20)]
    assert choices.matched == 10
    assert values(unit_choices(UNITS, [], "K042-D")) == ["k042-d1", "k042-d2"]  # by id
    many = unit_choices(UNITS, ["k001-d1"], "  distrikt 1 ")
    assert many.matched == 100  # the selected unit matches too and is counted once
    assert len(many.options) == 1 + UNIT_LIST_LIMIT
    assert values(many)[:3] == ["k001-d1", "k002-d1", "k003-d1"]


def test_accents_as_typed():
    units = (("r", "Root", 0), *((f"u{i}", f"Tønsberg {i}", 1) for i in range(70)), ("x", "Tonsberg", 1))
    assert values(unit_choices(units, [], "TØNSBERG 6")) == ["u6", *[f"u{i}" for i in range(60, 70)]]
    assert values(unit_choices(units, [], "tonsberg")) == ["x"]


def test_labels_carry_parent_name_as_text():
    choices = unit_choices(UNITS, [], "k005-d1")
    (option,) = choices.options
    assert text(option["label"]) == "Distrikt 1 · Kommune 005"
    muted = option["label"].children[1]
    assert isinstance(muted, html.Span) and "text-body-secondary" in muted.className
    hostile = (("r", "<b>Root</b>", 0), *((f"u{i}", "<img src=x onerror=alert(1)>", 1) for i in range(70)))
    first = unit_choices(hostile, [], "u1")
    assert text(first.options[0]["label"]) == "<img src=x onerror=alert(1)> · <b>Root</b>"  # text, not HTML


@pytest.mark.parametrize("size", [1, 12, UNIT_LIST_LIMIT])
def test_small_tree_unchanged(size):
    units = national(60)[:size]
    for query in ("", "distrikt 1"):
        choices = unit_choices(units, ["k001"], query)
        assert values(choices) == [u for u, _, _ in units]  # every unit, tree order, no search
        assert [o["label"].className for o in choices.options] == [f"unit-depth-{d}" for _, _, d in units]
        assert [o["label"].children for o in choices.options] == [name for _, name, _ in units]


def test_status_texts():
    assert units_status(unit_choices(UNITS, []), "", "nb") == "60 av 301 enheter vises"
    assert units_status(unit_choices(UNITS, []), "", "en") == "60 of 301 units shown"
    big = national(1200)
    assert units_status(unit_choices(big, []), None, "nb").replace("\xa0", " ") == "60 av 3 601 enheter vises"
    assert units_status(unit_choices(big, []), None, "en") == "60 of 3,601 units shown"
    some = unit_choices(big, [], "kommune 1")  # Kommune 100..199 and 1000..1200
    assert units_status(some, "kommune 1", "nb").replace("\xa0", " ") == (
        "301 av 3 601 enheter passer «kommune 1», 60 vises"
    )
    assert units_status(unit_choices(UNITS, [], "qq"), " qq ", "en") == "None of 301 units match “qq”"


def _find(node, component_id):
    if getattr(node, "id", None) == component_id:
        return node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        hit = None if child is None or isinstance(child, str) else _find(child, component_id)
        if hit is not None:  # (a component without children has len 0: falsy)
            return hit
    return None


def test_filter_bar_search_only_when_large():
    small = FilterOptions(years=(2016,), units=national(19))  # 58 units
    large = FilterOptions(years=(2016,), units=UNITS)
    state = PageState(page="overview", year=2016, units=("k099-d2",))
    bar = filters.filter_bar(state, small)
    assert _find(bar, ids.FILTER_UNITS_SEARCH).type == "hidden" and _find(bar, ids.FILTER_UNITS_COUNT) is None
    assert len(_find(bar, ids.FILTER_UNITS).options) == 58
    bar = filters.filter_bar(state, large)
    search = _find(bar, ids.FILTER_UNITS_SEARCH)
    assert search.type == "search" and search.debounce
    status = _find(bar, ids.FILTER_UNITS_COUNT)
    assert status.role == "status" and status.children == "61 av 301 enheter vises"
    checklist = _find(bar, ids.FILTER_UNITS)
    assert checklist.value == ["k099-d2"] and checklist.options[0]["value"] == "k099-d2"
