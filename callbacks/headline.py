"""Headline figures of a panel page for the chosen year (one MATCH callback for every page that
uses layouts.page.headline_body; the overview draws its own cards, see callbacks/overview.py)."""

from __future__ import annotations

from dash import MATCH, Input, Output, callback, html

from data import query, store
from layouts import cards, ids
from layouts import format as fmt
from layouts.format import normalize_lang
from layouts.i18n import t

PAGE_PANELS = {"districts": "districts", "housing": "housing", "budget": "budget"}


def choose_year(requested: object, observations) -> int | None:
    """The year asked for in the URL when the data has it, else the latest published year."""
    years = query.available_years(observations)
    if isinstance(requested, str) and requested.isdigit() and int(requested) in years:
        return int(requested)
    return query.latest_published_year(observations)


def _card(row, lang: str):
    name = row["name_en"] if lang == "en" and row["name_en"] else row["name"]
    return cards.headline_card(
        row["indicator_id"],
        name,
        fmt.value(row["value"], row["unit"], int(row["decimals"]), lang),
        f"{row['unit_name']}, {fmt.period(str(row['year']), lang)}",
        row["status"],
        row["source_obs"] or row["source"],
        lang,
    )


@callback(
    Output({"type": ids.HEADLINE_CARDS, "page": MATCH}, "children"),
    Input({"type": ids.HEADLINE_QUERY, "page": MATCH}, "data"),
    Input(ids.FILTER_YEAR, "value"),
)
def fill_headline(page_query, year_value):
    page_query = page_query if isinstance(page_query, dict) else {}
    lang = normalize_lang(page_query.get("lang"))
    observations = store.table("observations")
    year = choose_year(year_value, observations)
    if year is None:
        return html.P(t("no_figures", lang), className="empty-state")
    figures = query.headline(
        observations,
        store.table("indicators"),
        store.table("units"),
        year,
        panel=PAGE_PANELS.get(str(page_query.get("page"))),
    )
    heading = html.H2(t("headline", lang, period=year), className="h4 headline-title")
    return [heading, cards.card_grid([_card(r, lang) for _, r in figures.iterrows()], lang)]
