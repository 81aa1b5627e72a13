"""The frame around every page: skip link, navigation bar, language toggle, footer.

The texts that depend on the URL (language, active page) are filled in by callbacks/shell.py.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts import ids
from layouts.i18n import t

PAGE_PATHS = {"overview": "/", "districts": "/districts", "housing": "/housing", "budget": "/budget"}


def layout() -> html.Div:
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            dcc.Store(id=ids.PAGE_META),
            html.Div(id=ids.PAGE_META_SINK, hidden=True),
            html.A(t("skip_to_content"), id=ids.SKIP_LINK, href=f"#{ids.MAIN}", className="skip-link"),
            dbc.Navbar(
                dbc.Container(
                    [
                        dbc.NavbarBrand(t("app_title"), id=ids.BRAND, href="/", className="brand"),
                        dbc.Nav(
                            [
                                dbc.NavItem(dbc.NavLink(t(f"page_{page}"), id=ids.nav_link(page), href=path))
                                for page, path in PAGE_PATHS.items()
                            ],
                            id=ids.NAV,
                            navbar=True,
                            className="me-auto",
                        ),
                        html.Div(
                            [
                                html.Button(
                                    t("present_start"),
                                    id=ids.PRESENT_START,
                                    type="button",
                                    title=t("present_start_title"),
                                    className="btn btn-outline-light btn-sm present-start",
                                ),
                                html.A(
                                    t("other_lang"),
                                    id=ids.LANG_TOGGLE,
                                    href="?lang=en",
                                    className="btn btn-outline-light btn-sm lang-toggle",
                                    lang="en",
                                ),
                            ],
                            className="shell-actions d-flex flex-wrap gap-2",
                        ),
                    ],
                    fluid=True,
                ),
                color="primary",
                dark=True,
                className="mb-3 shell-navbar",
            ),
            html.Main(dbc.Container(dash.page_container, fluid=True), id=ids.MAIN, tabIndex="-1"),
            present_bar(),
            html.Footer(
                dbc.Container(
                    [
                        html.P(t("footer_note"), id=ids.FOOTER_NOTE, className="small"),
                        html.Div(id=ids.FOOTER_SOURCES, className="small"),
                        html.Div(id=ids.FOOTER_STATUS, className="small", role="status"),
                    ],
                    fluid=True,
                ),
                className="shell-footer mt-4 py-3",
            ),
        ]
    )


def present_prev_text(lang: str) -> str:
    return f"‹ {t('present_prev', lang)}"


def present_next_text(lang: str) -> str:
    return f"{t('present_next', lang)} ›"


def present_bar(lang: str = "nb") -> html.Nav:
    """Shown only in present mode (assets/present.js, style.css): previous / next view, the
    position ('3 / 7', read out politely) and the way out (Escape does the same)."""
    return html.Nav(
        [
            html.Button(
                present_prev_text(lang),
                id=ids.PRESENT_PREV,
                type="button",
                className="btn btn-outline-dark btn-sm",
            ),
            html.Span(id=ids.PRESENT_POSITION, className="present-position", role="status"),
            html.Button(
                present_next_text(lang),
                id=ids.PRESENT_NEXT,
                type="button",
                className="btn btn-outline-dark btn-sm",
            ),
            html.Button(
                t("present_exit", lang), id=ids.PRESENT_EXIT, type="button", className="btn btn-dark btn-sm"
            ),
        ],
        id=ids.PRESENT_BAR,
        className="present-bar",
        **{"aria-label": t("present_bar", lang)},
    )


def sources_block(sources: list[str], lang: str) -> list:
    """The footer's list of data sources (plain text, never HTML)."""
    return [html.H2(t("sources", lang), className="h6"), html.Ul([html.Li(s) for s in sources])]


def load_time(iso: str | None, zone: str = "Europe/Oslo") -> str:
    """An ISO 8601 load time as the footer shows it, in Norwegian time: "2026-11-24 03:10"."""
    if not iso:
        return ""
    moment = dt.datetime.fromisoformat(iso)
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo(zone))
    return moment.strftime("%Y-%m-%d %H:%M")


def version_line(version: str, loaded_at: str | None, lang: str):
    """«Versjon sha256:… · Lastet 2026-11-24 03:10» (load time only for a database load)."""
    parts = [t("data_version", lang, version=version)] if version else []
    if loaded_at:
        parts.append(t("data_loaded_at", lang, time=load_time(loaded_at)))
    return html.P(" · ".join(parts), className="data-version small text-body-secondary") if parts else None


def status_block(
    dataset_name: str,
    problems: list[str],
    errors: int,
    warnings: int,
    dropped: int,
    lang: str,
    version: str = "",
    loaded_at: str | None = None,
):
    """The data-status notice: all clear, or what was left out and why; the version and load time."""
    heading = html.H2(t("data_status", lang), className="h6")
    line = version_line(version, loaded_at, lang)
    if not problems:
        return [heading, html.P(t("data_ok", lang, name=dataset_name), className="data-ok"), line]
    summary = t("data_problems", lang, name=dataset_name, errors=errors, warnings=warnings, dropped=dropped)
    return [
        heading,
        dbc.Alert(
            [
                html.P(summary, className="mb-1"),
                html.Details(
                    [
                        html.Summary(t("data_problems_details", lang)),
                        html.Ul([html.Li(p, className="font-monospace") for p in problems]),
                    ]
                ),
            ],
            color="warning",
            className="data-problems",
        ),
        line,
    ]
