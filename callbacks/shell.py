"""The shell follows the URL: language of the navigation and footer, active page, page title."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, callback, clientside_callback

from data import store
from layouts import ids, shell
from layouts import state as urlstate
from layouts.i18n import t

MAX_PROBLEMS_SHOWN = 200

_NAV_OUTPUTS = [
    o
    for page in ids.PAGES
    for o in (
        Output(ids.nav_link(page), "children"),
        Output(ids.nav_link(page), "href"),
        Output(ids.nav_link(page), "active"),
    )
]


# Drilled views that belong under a page in the navigation.
_SECTION_OF = {"": "overview", "indicators": "overview"}


def _active_page(pathname: str | None) -> str | None:
    first = (pathname or "/").strip("/").split("/")[0]
    first = _SECTION_OF.get(first, first)
    return first if first in ids.PAGES else None


@callback(
    Output(ids.BRAND, "children"),
    Output(ids.BRAND, "href"),
    Output(ids.SKIP_LINK, "children"),
    Output(ids.LANG_TOGGLE, "children"),
    Output(ids.LANG_TOGGLE, "href"),
    Output(ids.LANG_TOGGLE, "lang"),
    Output(ids.LANG_TOGGLE, "title"),
    Output(ids.PAGE_META, "data"),
    Output(ids.PRESENT_START, "children"),
    Output(ids.PRESENT_START, "title"),
    Output(ids.PRESENT_PREV, "children"),
    Output(ids.PRESENT_NEXT, "children"),
    Output(ids.PRESENT_EXIT, "children"),
    Output(ids.PRESENT_BAR, "aria-label"),
    *_NAV_OUTPUTS,
    Input(ids.URL, "pathname"),
    Input(ids.URL, "search"),
)
def update_shell(pathname, search):
    pathname = pathname if isinstance(pathname, str) and pathname.startswith("/") else "/"
    query = urlstate.parse(search)
    lang = urlstate.lang_of(search)
    other = "en" if lang == "nb" else "nb"
    active = _active_page(pathname)
    nav = []
    for page in ids.PAGES:
        nav += [t(f"page_{page}", lang), urlstate.href(shell.PAGE_PATHS[page], query), page == active]
    title = t(f"page_{active}", lang) if active else t("not_found", lang)
    return (
        t("app_title", lang),
        urlstate.href("/", query),
        t("skip_to_content", lang),
        t("other_lang", lang),
        urlstate.href(pathname or "/", {**query, "lang": other}),
        other,
        t("other_lang_title", lang),
        {"lang": lang, "title": f"{title} – {t('app_title', lang)}"},
        t("present_start", lang),
        t("present_start_title", lang),
        shell.present_prev_text(lang),
        shell.present_next_text(lang),
        t("present_exit", lang),
        t("present_bar", lang),
        *nav,
    )


@callback(
    Output(ids.FOOTER_NOTE, "children"),
    Output(ids.FOOTER_SOURCES, "children"),
    Output(ids.FOOTER_STATUS, "children"),
    Input(ids.URL, "search"),
)
def update_footer(search):
    lang = urlstate.lang_of(search)
    info = store.info()
    sources = store.final_sources()
    problems = [p.text(lang) for p in info.problems[:MAX_PROBLEMS_SHOWN]]
    status = shell.status_block(
        info.name,
        problems,
        info.errors,
        info.warnings,
        info.rows_left_out,
        lang,
        version=info.version,
        loaded_at=info.loaded_at,
    )
    return t("footer_note", lang), shell.sources_block(sources, lang), status


clientside_callback(
    ClientsideFunction(namespace="shell", function_name="applyMeta"),
    Output(ids.PAGE_META_SINK, "children"),
    Input(ids.PAGE_META, "data"),
    Input("_pages_store", "data"),
)
