"""KPI cards: pure builders, values already formatted by the caller."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from layouts import ids
from layouts.i18n import t


def status_badge(status: str, lang: str) -> html.Span | None:
    """The visible mark for figures that are not final: 'Illustrativt tall' or 'Foreløpig tall'."""
    if status not in ("illustrative", "preliminary"):
        return None
    return html.Span(
        t(status, lang),
        className=f"badge figure-badge figure-badge-{status}",
        title=t("illustrative_help", lang) if status == "illustrative" else None,
    )


def headline_card(
    indicator_id: str,
    name: str,
    value_text: str,
    context: str,
    status: str,
    source: str,
    lang: str,
) -> dbc.Card:
    """One headline figure: name, value, what it is about (unit and period), status mark, source."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(name, className="h6 card-title kpi-name"),
                html.P(value_text, className="kpi-value mb-1"),
                html.P(context, className="kpi-context small mb-1"),
                status_badge(status, lang),
                html.P(f"{t('source', lang)}: {source}", className="kpi-source small mt-2 mb-0")
                if source
                else None,
            ]
        ),
        id=ids.kpi_card(indicator_id),
        className=f"kpi-card h-100 kpi-card-{status}",
    )


def card_grid(cards: list, lang: str) -> html.Div:
    if not cards:
        return html.P(t("no_figures", lang), className="empty-state")
    return dbc.Row([dbc.Col(c, xs=12, sm=6, lg=4, xl=3, className="mb-3") for c in cards])
