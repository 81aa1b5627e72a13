"""Every component id in the app, defined once: `<panel>-<kind>-<name>` in kebab case."""

from __future__ import annotations

# Shell: url, navigation, footer, page metadata.
URL = "shell-url-location"
BRAND = "shell-link-brand"
SKIP_LINK = "shell-link-skip"
NAV = "shell-nav-main"
LANG_TOGGLE = "shell-link-lang"
FOOTER_SOURCES = "shell-footer-sources"
FOOTER_STATUS = "shell-footer-status"
FOOTER_NOTE = "shell-footer-note"
PAGE_META = "shell-store-meta"
PAGE_META_SINK = "shell-div-meta-sink"
MAIN = "main-content"

PAGES = ("overview", "districts", "housing", "budget")


def nav_link(page: str) -> str:
    return f"shell-nav-{page}"


# Filter bar (the same ids on every page) and the page's state for clientside code.
FILTER_YEAR = "filter-select-year"
FILTER_SUBPERIOD = "filter-select-subperiod"
FILTER_UNITS = "filter-checklist-units"
FILTER_UNITS_SUMMARY = "filter-summary-units"
FILTER_INDICATOR = "filter-select-indicator"
PAGE_STATE = "filter-store-page"
URL_SINK = "filter-div-url-sink"

# Headline cards: one container per page, filled by one MATCH callback.
HEADLINE_QUERY = "headline-query"
HEADLINE_CARDS = "headline-cards"
KPI_CARD = "kpi-card"


def headline_query(page: str) -> dict[str, str]:
    return {"type": HEADLINE_QUERY, "page": page}


def headline_cards(page: str) -> dict[str, str]:
    return {"type": HEADLINE_CARDS, "page": page}


def kpi_card(indicator_id: str) -> dict[str, str]:
    return {"type": KPI_CARD, "indicator": indicator_id}


# --- overview (owned by the overview page) ---

# --- districts (owned by the districts page) ---

# --- housing (owned by the housing page) ---

# --- budget (owned by the budget page) ---
