"""KPI cards: pure builders, values already formatted by the caller.

`headline_card` is the plain figure card of the panel pages; `kpi_card` is the overview's
card with target, status against target, change and sparkline, linked to the indicator's view.
"""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts import ids
from layouts.figures.common import STATUS_STYLE
from layouts.format import normalize_lang
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


def card_grid(cards: list, lang: str, col_classes: list[str] | None = None) -> html.Div:
    """Cards in a responsive grid; `col_classes` adds a class to each card's column."""
    if not cards:
        return html.P(t("no_figures", lang), className="empty-state")
    extra = col_classes or [""] * len(cards)
    return dbc.Row(
        [
            dbc.Col(c, xs=12, sm=6, lg=4, xl=3, className=f"mb-3 {cls}".strip())
            for c, cls in zip(cards, extra, strict=True)
        ]
    )


ARROWS = {"up": "▲", "down": "▼", "flat": "▶"}


def status_pill(against: str, lang: str) -> html.Span:
    """Status against target: colour, symbol and word (Nådd / Nesten / Ikke nådd / Uten mål)."""
    style = STATUS_STYLE.get(against, STATUS_STYLE["n/a"])
    return html.Span(
        [html.Span(style["symbol"], className="kpi-status-symbol", **{"aria-hidden": "true"}), style[lang]],
        className=f"kpi-status kpi-status-{against.replace('/', '')}",
        style={"color": style["colour"], "borderColor": style["colour"]},
    )


@dataclass(frozen=True)
class KpiCard:
    """What one overview card says; every text already formatted in the reader's language."""

    indicator_id: str
    name: str
    value_text: str
    context: str  # the unit and the year of the figure: 'P05 Helse, sosial og omsorg, 2016'
    status: str  # the figure's status: final / preliminary / illustrative
    against: str  # met / near / missed / n/a
    target_text: str  # 'Mål 2016: 2 600' or 'Uten mål for 2016'
    target_status: str = ""  # the target's own status; 'illustrative' is marked
    change_text: str = ""  # '+13,7 % fra 2015' or 'Ingen tall for 2015 å sammenligne med'
    change_direction: str = ""  # up / down / flat; '' when there is no change to show
    change_status: str = ""  # the earlier figure's status; marked when illustrative
    trend_text: str = ""  # caption of the sparkline: 'Utvikling 2013–2016'
    trend_illustrative: bool = False  # the sparkline has open (illustrative) points
    source: str = ""


def _line(children, class_name: str) -> html.P:
    return html.P(children, className=f"{class_name} small mb-1")


def kpi_card(card: KpiCard, lang: str, href: str | None = None, sparkline: str | None = None):
    """One KPI card: name, value, status against target, target, change, sparkline, marks.

    With `href` the whole card is a link (to the indicator's view). `sparkline` is the image's
    URL (layouts.figures.overview.sparkline: a static SVG, one per card, no plotly). Illustrative
    figures say «Illustrativt tall»: the value, the target and the figure the change is measured from.
    """
    lang = normalize_lang(lang)
    change = None
    if card.change_text:
        arrow = ARROWS.get(card.change_direction)
        earlier_marked = card.change_status == "illustrative" and card.status != "illustrative"
        change = _line(
            [
                html.Span(arrow, className="kpi-arrow", **{"aria-hidden": "true"}) if arrow else None,
                card.change_text,
                status_badge(card.change_status, lang) if earlier_marked else None,
            ],
            "kpi-change",
        )
    trend = None
    if sparkline is not None:
        caption = [card.trend_text]
        if card.trend_illustrative:
            caption += [" · ", html.Span("○", **{"aria-hidden": "true"}), " ", t("illustrative", lang)]
        trend = html.Div(
            [
                # Decoration: the caption and the card's text carry the figures; no menu, not read out.
                html.Div(
                    html.Img(
                        id=ids.overview_sparkline(card.indicator_id),
                        src=sparkline,
                        alt="",
                        className="kpi-sparkline",  # 56 px high, the card's width (overview.css)
                    ),
                    className="kpi-sparkline-wrap",
                    **{"aria-hidden": "true"},
                ),
                html.P(caption, className="kpi-trend-caption small mb-1"),
            ],
            className="kpi-trend",
        )
    body = dbc.CardBody(
        [
            html.H3(card.name, className="h6 card-title kpi-name"),
            html.Div(
                [html.P(card.value_text, className="kpi-value mb-0"), status_pill(card.against, lang)],
                className="kpi-value-row",
            ),
            _line(card.context, "kpi-context"),
            status_badge(card.status, lang),
            _line(
                [card.target_text, " ", status_badge(card.target_status, lang)]
                if card.target_status == "illustrative"
                else card.target_text,
                "kpi-target",
            ),
            change,
            trend,
            html.P(f"{t('source', lang)}: {card.source}", className="kpi-source small mt-1 mb-0")
            if card.source
            else None,
        ]
    )
    against = card.against.replace("/", "")
    classes = f"kpi-card kpi-card-rich h-100 kpi-card-{card.status} kpi-against-{against}"
    if href is None:
        return dbc.Card(body, id=ids.kpi_card(card.indicator_id), className=classes)
    return dcc.Link(
        dbc.Card(body, className=classes),
        href=href,
        id=ids.kpi_card(card.indicator_id),
        className="kpi-card-link",
        title=t("ov_open_indicator", lang, name=card.name),
    )
