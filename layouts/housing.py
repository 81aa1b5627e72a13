"""The housing page."""

from __future__ import annotations

from layouts.i18n import t
from layouts.page import headline_body, panel_page
from layouts.state import FilterOptions, PageState

PATH = "/housing"


def layout(state: PageState, options: FilterOptions):
    return panel_page(
        state,
        options,
        PATH,
        t("page_housing", state.lang),
        headline_body("housing", state.lang),
        intro=t("housing_intro", state.lang),
        show=("period",),
    )
