"""The common frame of a panel page: breadcrumb, heading, URL notices, filter bar, content."""

from __future__ import annotations

from dash import dcc, html

from layouts import ids, page_exports
from layouts.filters import ALL_FILTERS, filter_bar, notices_block, page_store, print_filters
from layouts.i18n import t
from layouts.state import FilterOptions, PageState


def breadcrumb(items: list[tuple[str, str | None]], lang: str) -> html.Nav:
    """[(label, url), ...]; the last item is the current page (no link)."""
    crumbs = []
    for i, (label, url) in enumerate(items):
        last = i == len(items) - 1
        crumbs.append(
            html.Li(
                label if last or url is None else dcc.Link(label, href=url),
                className="breadcrumb-item" + (" active" if last else ""),
                **({"aria-current": "page"} if last else {}),
            )
        )
    return html.Nav(
        html.Ol(crumbs, className="breadcrumb mb-2"),
        className="page-breadcrumb",
        **{"aria-label": t("breadcrumb", lang)},
    )


def panel_page(
    state: PageState,
    options: FilterOptions,
    path: str,
    title: str,
    body,
    intro: str | None = None,
    show: tuple[str, ...] = ALL_FILTERS,
    crumbs: list[tuple[str, str | None]] | None = None,
) -> html.Div:
    """A page: `path` is its URL path (without query), used when filters rewrite the URL."""
    return html.Div(
        [
            breadcrumb(crumbs, state.lang) if crumbs else None,
            html.H1(title, className="page-title"),
            page_exports.control(state.page, title, state.lang),  # «Last ned siden»: PDF / PowerPoint
            html.P(intro, className="lead page-intro") if intro else None,
            notices_block(state),
            print_filters(),
            filter_bar(state, options, show),
            page_store(state, path, show),
            html.Div(body, className="page-body"),
        ],
        className=f"page page-{state.page}",
        lang=state.lang,
    )


def headline_body(page: str, lang: str) -> list:
    """Headline figures for the chosen year, filled in by callbacks/headline.py."""
    return [
        dcc.Store(id=ids.headline_query(page), data={"page": page, "lang": lang}),
        html.Section(
            dcc.Loading(html.Div(id=ids.headline_cards(page)), type="dot", delay_show=300),
            className="headline-section",
        ),
    ]
