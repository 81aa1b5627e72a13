"""The common frame of a panel page: heading, introduction, the page's query, its content."""

from __future__ import annotations

from dash import dcc, html

from layouts import ids
from layouts.format import normalize_lang
from layouts.i18n import t


def headline_page(page: str, lang: str | None, query: dict) -> html.Div:
    """A page whose headline figures are filled in by callbacks/headline.py from the query."""
    lang = normalize_lang(lang)
    return html.Div(
        [
            html.H1(t(f"page_{page}", lang), className="page-title"),
            html.P(t(f"{page}_intro", lang), className="lead page-intro"),
            dcc.Store(id=ids.headline_query(page), data={"page": page, "lang": lang, **query}),
            dcc.Loading(html.Div(id=ids.headline_cards(page)), type="dot", delay_show=300),
        ],
        className=f"page page-{page}",
        lang=lang,
    )
