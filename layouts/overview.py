"""The overview page."""

from __future__ import annotations

from layouts.i18n import t
from layouts.page import headline_body, panel_page
from layouts.state import FilterOptions, PageState

PATH = "/"


def layout(state: PageState, options: FilterOptions):
    return panel_page(
        state,
        options,
        PATH,
        t("page_overview", state.lang),
        headline_body("overview", state.lang),
        intro=t("overview_intro", state.lang),
        show=("period",),
    )
