"""The frame around every page: skip link, navigation bar, language toggle, footer.

The texts that depend on the URL (language, active page) are filled in by callbacks/shell.py.
"""

from __future__ import annotations

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
                        html.A(
                            t("other_lang"),
                            id=ids.LANG_TOGGLE,
                            href="?lang=en",
                            className="btn btn-outline-light btn-sm lang-toggle",
                            lang="en",
                        ),
                    ],
                    fluid=True,
                ),
                color="primary",
                dark=True,
                className="mb-3 shell-navbar",
            ),
            html.Main(dbc.Container(dash.page_container, fluid=True), id=ids.MAIN, tabIndex="-1"),
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


def sources_block(sources: list[str], lang: str) -> list:
    """The footer's list of data sources (plain text, never HTML)."""
    return [html.H2(t("sources", lang), className="h6"), html.Ul([html.Li(s) for s in sources])]


def status_block(dataset_name: str, problems: list[str], errors: int, warnings: int, dropped: int, lang: str):
    """The data-status notice: all clear, or what was left out and why."""
    heading = html.H2(t("data_status", lang), className="h6")
    if not problems:
        return [heading, html.P(t("data_ok", lang, name=dataset_name), className="data-ok")]
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
    ]
