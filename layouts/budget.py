"""The budget page."""

from __future__ import annotations

from layouts.i18n import t
from layouts.page import headline_body, panel_page
from layouts.state import FilterOptions, PageState

PATH = "/budget"


def layout(state: PageState, options: FilterOptions):
    return panel_page(
        state,
        options,
        PATH,
        t("page_budget", state.lang),
        headline_body("budget", state.lang),
        intro=t("budget_intro", state.lang),
        show=("period",),
    )
