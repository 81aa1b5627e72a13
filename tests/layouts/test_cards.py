"""KPI cards and the overview's card texts: pure builders, checked on the component tree."""

from __future__ import annotations

import math
from urllib.parse import unquote

import pandas as pd
import pytest
from dash import dcc, html

from layouts import cards, ids
from layouts import overview as ov
from layouts.state import PageState


def walk(component):
    """Every component in the tree, depth first."""
    if isinstance(component, list | tuple):
        for child in component:
            yield from walk(child)
        return
    if component is None or isinstance(component, str | int | float):
        return
    yield component
    yield from walk(getattr(component, "children", None))


def text(component) -> str:
    """The visible text of a component tree, as a browser would join it."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return "".join(text(c) for c in component)
    return text(getattr(component, "children", None))


def plain(value: str) -> str:
    """Babel's no-break and narrow no-break spaces as plain spaces."""
    return value.replace("\xa0", " ").replace("\u202f", " ")


def classes(component) -> set[str]:
    return set((getattr(component, "className", None) or "").split())


def test_overview201_status_badge_marks_only_figures_that_are_not_final():
    assert cards.status_badge("final", "nb") is None
    assert text(cards.status_badge("illustrative", "nb")) == "Illustrativt tall"
    assert text(cards.status_badge("illustrative", "en")) == "Illustrative figure"
    assert text(cards.status_badge("preliminary", "nb")) == "Foreløpig tall"


def test_overview202_headline_card_and_grid_still_serve_the_panel_pages():
    card = cards.headline_card("a", "Navn", "2 632", "P05, 2016", "illustrative", "Kilde A", "nb")
    assert card.id == ids.kpi_card("a") and "kpi-card-illustrative" in classes(card)
    assert "Illustrativt tall" in text(card) and "Kilde: Kilde A" in text(card)
    grid = cards.card_grid([card, card], "nb", col_classes=["x", "y"])
    assert [c.className for c in grid.children] == ["mb-3 x", "mb-3 y"]
    assert [c.className for c in cards.card_grid([card], "nb").children] == ["mb-3"]
    assert text(cards.card_grid([], "en")) == "No figures for this selection."


FACTS = cards.KpiCard(
    indicator_id="wait",
    name="Dager til hjemmehjelp",
    value_text="14,6 dager",
    context="P05, 2016",
    status="final",
    against="missed",
    target_text="Mål 2016: 10 dager",
    target_status="illustrative",
    change_text="+3,5 % fra 2015",
    change_direction="up",
    change_status="illustrative",
    trend_text="Utvikling 2013–2016",
    trend_illustrative=True,
    source="Årsrapport",
)


SPARK = "data:image/svg+xml,%3Csvg%3E%3C/svg%3E"


def sparklines(component) -> list[html.Img]:
    return [c for c in walk(component) if isinstance(c, html.Img) and "kpi-sparkline" in classes(c)]


def test_overview203_kpi_card_is_one_link_with_status_symbol_and_word():
    link = cards.kpi_card(FACTS, "nb", href="/indicators/wait?period=2016", sparkline=SPARK)
    assert isinstance(link, dcc.Link) and link.href == "/indicators/wait?period=2016"
    assert link.id == ids.kpi_card("wait")
    card = link.children
    assert {"kpi-card", "kpi-card-final", "kpi-against-missed"} <= classes(card)
    pill = next(c for c in walk(card) if "kpi-status" in classes(c))
    assert text(pill) == "✕Ikke nådd" and pill.style["color"] == cards.STATUS_STYLE["missed"]["colour"]
    body = text(card)
    for part in (
        "Dager til hjemmehjelp",
        "14,6 dager",
        "P05, 2016",
        "Mål 2016: 10 dager",
        "▲",
        "+3,5 % fra 2015",
    ):
        assert part in body
    assert not [c for c in walk(card) if isinstance(c, dcc.Graph)]  # no plotly graph per card
    (image,) = sparklines(card)
    assert image.src == SPARK and image.alt == "" and image.id == ids.overview_sparkline("wait")


def test_overview204_kpi_card_marks_every_illustrative_figure():
    card = cards.kpi_card(FACTS, "nb").children  # not a link without href
    target = next(c for c in walk(card) if "kpi-target" in classes(c))
    change = next(c for c in walk(card) if "kpi-change" in classes(c))
    assert "Illustrativt tall" in text(target)  # the target is illustrative
    assert "Illustrativt tall" in text(change)  # the change is measured from an illustrative figure
    illustrative_value = cards.kpi_card(
        cards.KpiCard(**{**FACTS.__dict__, "status": "illustrative", "target_status": "final"}), "nb"
    )
    assert "kpi-card-illustrative" in classes(illustrative_value)
    assert (
        text(illustrative_value).count("Illustrativt tall") == 1
    )  # the value's badge; the change is not repeated
    final = cards.KpiCard(**{**FACTS.__dict__, "target_status": "final", "change_status": "final"})
    assert "Illustrativt tall" not in text(cards.kpi_card(final, "nb"))  # no sparkline, nothing illustrative


def test_overview205_kpi_card_without_link_or_sparkline():
    card = cards.kpi_card(FACTS, "en")
    assert not isinstance(card, dcc.Link) and card.id == ids.kpi_card("wait")
    assert not sparklines(card) and not [c for c in walk(card) if isinstance(c, dcc.Graph)]
    assert "Not met" in text(card)


ROW = {
    "indicator_id": "rehab",
    "name": "Bedret livssituasjon",
    "name_en": "Better life",
    "unit": "count",
    "decimals": 0,
    "year": 2016,
    "value": 101.0,
    "status": "final",
    "unit_name": "P05 Helse, sosial og omsorg",
    "target": 100.0,
    "target_status": "illustrative",
    "against_target": "met",
    "prev_value": 88.0,
    "prev_status": "illustrative",
    "change_pct": 14.772727,
    "source_obs": "",
    "source": "Årsrapport 2016",
}
POINTS = pd.DataFrame({"year": [2015, 2016], "value": [88.0, 101.0], "status": ["illustrative", "final"]})


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nb",
            {
                "name": "Bedret livssituasjon",
                "value_text": "101",
                "context": "P05 Helse, sosial og omsorg, 2016",
                "target_text": "Mål 2016: 100",
                "change_text": "+14,8 % fra 2015",
                "trend_text": "Utvikling 2015–2016",
            },
        ),
        (
            "en",
            {
                "name": "Better life",
                "value_text": "101",
                "target_text": "Target 2016: 100",
                "change_text": "+14.8% from 2015",
                "trend_text": "Trend 2015–2016",
            },
        ),
    ],
)
def test_overview206_card_facts_in_each_language(lang, expected):
    facts = ov.card_facts(ROW, lang, POINTS)
    for key, value in expected.items():
        assert plain(getattr(facts, key)) == value
    assert (facts.change_direction, facts.change_status, facts.trend_illustrative) == (
        "up",
        "illustrative",
        True,
    )
    assert (facts.against, facts.target_status, facts.source) == ("met", "illustrative", "Årsrapport 2016")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"change_pct": -5.0}, ("▼", "down", "-5,0 % fra 2015")),
        ({"change_pct": 0.0}, ("▶", "flat", "+0,0 % fra 2015")),
        ({"change_pct": None, "prev_value": math.nan}, (None, "", "Ingen endring å vise fra 2015")),
        ({"change_pct": math.nan}, (None, "", "Ingen endring å vise fra 2015")),
    ],
)
def test_overview207_change_arrow_sign_and_percent(changes, expected):
    facts = ov.card_facts({**ROW, **changes}, "nb")
    arrow, direction, words = expected
    assert (cards.ARROWS.get(facts.change_direction), facts.change_direction, plain(facts.change_text)) == (
        arrow,
        direction,
        words,
    )
    if not direction:
        assert facts.change_status == ""  # nothing compared, nothing to mark


def test_overview208_no_target_and_a_single_year():
    facts = ov.card_facts({**ROW, "target": math.nan, "target_status": ""}, "nb", POINTS.iloc[1:])
    assert facts.target_text == "Uten mål for 2016" and facts.trend_text == ""
    link = ov.kpi({**ROW, "target": math.nan}, PageState(page="overview", year=2016), POINTS.iloc[1:])
    assert not sparklines(link)  # one point is no trend
    with_trend = ov.kpi(ROW, PageState(page="overview", year=2016), POINTS)
    (image,) = sparklines(with_trend)
    assert image.src.startswith("data:image/svg+xml,") and image.alt == ""
    assert unquote(image.src.split(",", 1)[1]).startswith("<svg")


def test_overview209_card_links_keep_period_and_language():
    state = PageState(page="overview", lang="en", year=2015)
    link = ov.kpi(ROW, state, POINTS)
    assert link.href == "/indicators/rehab?period=2015&lang=en"


def test_overview210_summary_counts_with_symbol_and_word():
    counts = {"met": 7, "near": 3, "missed": 6, "n/a": 14}
    out = ov.summary(counts, 15, 2016, "nb")
    items = [c for c in walk(out) if isinstance(c, html.Li)]
    assert [text(i) for i in items] == ["✓7 nådd", "!3 nesten", "✕6 ikke nådd", "–14 uten mål"]
    assert "Status mot mål, 2016:" in text(out)
    assert "15 av statusene bygger på illustrative tall eller mål." in text(out)
    assert "illustrative" not in text(ov.summary(counts, 0, 2016, "en")).lower()
    assert ov.no_missed_note(counts, "nb") is None
    assert "Ikke nådd" in text(ov.no_missed_note({**counts, "missed": 0}, "nb"))


def test_overview211_goal_area_sections_mark_each_column_with_its_status():
    rows = pd.DataFrame([ROW, {**ROW, "indicator_id": "b", "against_target": "missed"}]).assign(
        goal_area="Kompetanse"
    )
    state = PageState(page="overview", lang="en", year=2016)
    (section,) = ov.goal_area_sections([("Kompetanse", rows)], {"rehab": POINTS}, state)
    assert text(section.children[0]) == "Competence"
    columns = section.children[1].children
    assert ["kpi-col-met" in c.className for c in columns] == [True, False]
    assert ["kpi-col-missed" in c.className for c in columns] == [False, True]
    assert text(ov.goal_area_sections([], {}, state)) == "No figures for this selection."
    assert ov.goal_area_name("Nytt område", "en") == "Nytt område"
