"""Headline figures of a panel page for the chosen year (one MATCH callback for every page that
uses layouts.page.headline_body; the overview draws its own cards, see callbacks/overview.py)."""

from __future__ import annotations

import pandas as pd
from dash import MATCH, Input, Output, State, callback, dcc, html

from callbacks import pages
from data import query, store
from layouts import cards, ids, patch
from layouts import format as fmt
from layouts import state as urlstate
from layouts.format import normalize_lang
from layouts.i18n import t

PAGE_PANELS = {"districts": "districts", "housing": "housing", "budget": "budget"}
# The most headline cards a page draws (a national dataset's panel has 60 indicators; Dash
# inserts each card as a dozen components); the rest are on the overview.
HEADLINE_LIMIT = 16


def choose_year(requested: object) -> int | None:
    """The year asked for in the URL when the data has it, else the latest published year
    (of every indicator's observations); both worked out once per dataset (`store.kept`)."""
    if isinstance(requested, str) and requested.isdigit() and int(requested) in pages.observation_years():
        return int(requested)
    return store.kept("headline.latest_published_year", lambda: pages.latest_published_year(None))


def panel_figures(panel: str | None, year: int):
    """`query.headline` of one panel's indicators (all for None) for `year`: for a year of the
    data kept once per dataset (`store.kept_each`, made at start-up by `callbacks.precompute`),
    else through the query cache."""

    def compute():
        wanted = store.kept(f"headline.panel_ids.{panel}", lambda: tuple(pages.panel_indicator_ids(panel)))
        return query.headline(
            store.headline_observations(wanted, year),
            store.table("indicators"),
            store.table("units"),
            year,
            panel=panel,
            facts=store.unit_facts(),
        )

    if year in pages.observation_years():
        return store.kept_each("headline.panel_figures", (panel, year), compute)
    return store.cached("headline", (panel, year), compute)


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
    State({"type": ids.HEADLINE_CARDS, "page": MATCH}, "children"),
)
def fill_headline(page_query, year_value, shown=None):
    """The headline cards of the year; a redraw sends only what changed in the cards shown
    (layouts/patch.py: a year change changes texts, and Dash inserts components slowly)."""
    return patch.towards(shown, headline(page_query, year_value))


def headline(page_query, year_value):
    page_query = page_query if isinstance(page_query, dict) else {}
    lang = normalize_lang(page_query.get("lang"))
    year = choose_year(year_value)
    if year is None:
        return html.P(t("no_figures", lang), className="empty-state")
    figures = panel_figures(PAGE_PANELS.get(str(page_query.get("page"))), year)
    heading = html.H2(t("headline", lang, period=year), className="h4 headline-title")
    return [heading, *headline_grid(figures, year, lang)]


def headline_grid(figures: pd.DataFrame, year: int, lang: str, limit: int = HEADLINE_LIMIT) -> list:
    """The first `limit` headline cards; with more, a line saying so and linking to the overview."""
    grid = cards.card_grid([_card(r, lang) for _, r in figures.iloc[:limit].iterrows()], lang)
    if len(figures) <= limit:
        return [grid]
    counts = {"shown": fmt.number(limit, 0, lang), "total": fmt.number(len(figures), 0, lang)}
    overview = urlstate.href("/", {"period": str(year), "lang": lang}, keep=("period", "lang"))
    note = html.P(
        [t("headline_capped", lang, **counts), " ", dcc.Link(t("headline_all", lang), href=overview)],
        className="headline-capped small text-body-secondary",
    )
    return [grid, note]
