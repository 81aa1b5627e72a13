"""«Last ned tabell» against the table the page's own callback draws, on the shipped dataset, for
every filter combination tried: the same rows in the same order, every figure the number the page
writes (the page's text parsed back), the same words in the text columns."""

from __future__ import annotations

import json
import math

import pandas as pd
import plotly.utils
import pytest

import app  # noqa: F401  (registers every callback and route)
from callbacks import districts as districts_page
from callbacks import overview as overview_page
from callbacks import page_exports as cpe
from layouts import page_exports as pe
from layouts.state import PageState
from tests.table_numbers import same_figure


def _tree(component) -> object:
    return json.loads(json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder))


def _texts(node) -> list[str]:
    if node is None or isinstance(node, bool):
        return []
    if isinstance(node, str | int | float):
        return [str(node)]
    if isinstance(node, list):
        return [s for child in node for s in _texts(child)]
    if isinstance(node, dict):
        return _texts((node.get("props") or {}).get("children"))
    return []


def _find(node, kind: str) -> list[dict]:
    if isinstance(node, list):
        return [found for child in node for found in _find(child, kind)]
    if not isinstance(node, dict):
        return []
    own = [node] if node.get("type") == kind else []
    return own + _find((node.get("props") or {}).get("children"), kind)


def page_table(component) -> tuple[list[str], list[list[str]]]:
    """The headers and body rows of the one table in a callback's output, as text."""
    tree = _tree(component)
    heads = [" ".join(_texts(th)).strip() for th in _find(_find(tree, "Thead"), "Th")]
    rows = [
        [" ".join(_texts(cell)).replace("\xa0", " ").strip() for cell in (tr["props"]["children"])]
        for tr in _find(_find(tree, "Tbody"), "Tr")
    ]
    return heads, rows


def _words(value) -> str:
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    text = "".join(text.split())
    return "" if text == "–" else text


def assert_same(frame: pd.DataFrame, heads: list[str], rows: list[list[str]], lang: str) -> None:
    assert len(frame) == len(rows)
    for j, head in enumerate(heads):
        column = next(c for c in frame.columns if c == head or c.startswith(f"{head} ("))
        for i, row in enumerate(rows):
            value = frame[column].iloc[i]
            if pd.api.types.is_numeric_dtype(frame[column]):
                assert same_figure(None if pd.isna(value) else float(value), row[j], lang), (head, i)
            else:
                assert _words(value) == _words(row[j]), (head, i, value, row[j])


def page_data(page: str, lang: str, key: str | None = None, show=("period", "units", "indicator")) -> dict:
    return {"page": page, "lang": lang, "key": key, "show": list(show)}


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("indicator", ["sick_leave_pct", "discharge_ready_patients", "home_help_wait_days"])
@pytest.mark.parametrize("year", ["2015", "2016"])
def test_districts_table_file_is_the_table_shown(lang, indicator, year):
    data = page_data("districts", lang)
    *_, table = districts_page.update_bars(year, "year", [], indicator, data)
    heads, rows = page_table(table)
    made = cpe.TABLES["districts"](PageState.from_filters(data, year, "year", [], indicator))
    assert_same(made.frame, heads, rows, lang)


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("district", ["hamborgstrom", "konnerud"])
def test_district_table_file_is_the_table_shown(lang, district):
    data = page_data("district", lang, district, show=("period",))
    _, _, table = districts_page.update_district_table("2016", "year", data, "")
    heads, rows = page_table(table)
    made = cpe.TABLES["district"](PageState.from_filters(data, "2016", "year", None, None))
    assert_same(made.frame, heads, rows, lang)
    # The workbook's number format per row: one decimal for per cent and days, none for counts.
    measures = made.frame["Måleenhet" if lang == "nb" else "Measure"].tolist()
    count, percent = ("Antall", "Prosent") if lang == "nb" else ("Number", "Per cent")
    assert {count, percent} <= set(measures)
    for places, measure in zip(made.decimals, measures, strict=True):
        assert places == {count: 0, percent: 1}.get(measure, places)


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("indicator", ["sick_leave_pct", "startlan_granted_nok", "children_low_income"])
@pytest.mark.parametrize("units", [[], ["hamborgstrom", "nav"]])
def test_indicator_tables_files_are_the_tables_shown(lang, indicator, units):
    data = page_data("indicator", lang, indicator, show=("period", "units"))
    state = PageState.from_filters(data, "2016", "year", units, None)
    *_, series = overview_page.update_indicator_series(units, data)
    heads, rows = page_table(series)
    assert rows or units  # every unit of the whole programme area has a series
    assert_same(cpe.TABLES["indicator-series"](state).frame, heads, rows, lang)
    *_, breakdown = overview_page.update_indicator_breakdown("2016", units, data)
    heads, rows = page_table(breakdown)
    assert_same(cpe.TABLES["indicator-breakdown"](state).frame, heads, rows, lang)


def test_every_table_kind_has_a_builder_and_an_unknown_view_fails_cleanly():
    assert set(cpe.TABLES) == set(pe.TABLE_KINDS)
    with pytest.raises(LookupError):
        cpe.TABLES["housing"](PageState(page="programme", year=2016, key="nope"))
