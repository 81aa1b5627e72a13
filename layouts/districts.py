"""The districts page."""

from __future__ import annotations

from layouts.i18n import t
from layouts.page import headline_body, panel_page
from layouts.state import FilterOptions, PageState

PATH = "/districts"


def layout(state: PageState, options: FilterOptions):
    return panel_page(
        state,
        options,
        PATH,
        t("page_districts", state.lang),
        headline_body("districts", state.lang),
        intro=t("districts_intro", state.lang),
        show=("period",),
    )
