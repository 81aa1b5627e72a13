"""Shown for an address that matches no page."""

from __future__ import annotations

from dash import dcc, html

from layouts.format import normalize_lang
from layouts.i18n import t


def layout(lang: str | None = None, **_query):
    lang = normalize_lang(lang)
    return html.Div(
        [
            html.H1(t("not_found", lang)),
            dcc.Link(t("not_found_text", lang), href="/" if lang == "nb" else "/?lang=en"),
        ],
        className="page page-not-found",
    )
