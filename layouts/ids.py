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
# Present mode (?present=1): the button that starts it and the bar shown while it runs.
PRESENT_START = "shell-button-present"
PRESENT_BAR = "shell-div-present-bar"
PRESENT_PREV = "shell-button-present-prev"
PRESENT_NEXT = "shell-button-present-next"
PRESENT_EXIT = "shell-button-present-exit"
PRESENT_POSITION = "shell-div-present-position"

PAGES = ("overview", "districts", "housing", "budget")


def nav_link(page: str) -> str:
    return f"shell-nav-{page}"


# Filter bar (the same ids on every page) and the page's state for clientside code.
FILTER_YEAR = "filter-select-year"
FILTER_SUBPERIOD = "filter-select-subperiod"
FILTER_UNITS = "filter-checklist-units"
FILTER_UNITS_SUMMARY = "filter-summary-units"
FILTER_UNITS_SEARCH = "filter-input-units-search"  # only with more units than filters.UNIT_LIST_LIMIT
FILTER_UNITS_COUNT = "filter-div-units-count"  # "12 av 2 343 enheter vises" (role=status)
FILTER_INDICATOR = "filter-select-indicator"
PAGE_STATE = "filter-store-page"
URL_SINK = "filter-div-url-sink"
COPY_LINK = "filter-button-copy-link"
COPY_LINK_STATUS = "filter-div-copy-status"
PRINT_FILTERS = "filter-div-print-filters"  # the active filters as text, shown only in print

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
OVERVIEW_HEADING = "overview-div-heading"
OVERVIEW_SUMMARY = "overview-div-summary"
OVERVIEW_OFF_SWITCH = "overview-switch-off-target"
OVERVIEW_GRID = "overview-div-grid"
OVERVIEW_CARDS = "overview-div-cards"
OVERVIEW_SPARKLINE = "overview-graph-sparkline"
INDICATOR_CRUMBS = "overview-div-indicator-crumbs"
INDICATOR_CARD = "overview-div-indicator-card"
INDICATOR_SERIES = "overview-graph-series"
INDICATOR_SERIES_NOTE = "overview-div-series-note"
INDICATOR_EVENTS = "overview-div-events"
INDICATOR_BREAKDOWN = "overview-graph-breakdown"
INDICATOR_SERIES_TABLE = "overview-div-series-table"
INDICATOR_BREAKDOWN_TABLE = "overview-div-breakdown-table"


def overview_sparkline(indicator_id: str) -> dict[str, str]:
    return {"type": OVERVIEW_SPARKLINE, "indicator": indicator_id}


# Capped overview (more cards than layouts.overview.OVERVIEW_CARD_LIMIT): per goal area (its index),
# the card grid, the «Vis 8 til» button and the number of cards shown; only there, so MATCH.
OVERVIEW_AREA = "overview-div-area"
OVERVIEW_MORE = "overview-button-more"
OVERVIEW_SHOWN = "overview-store-shown"


def overview_area(area: object) -> dict[str, object]:
    return {"type": OVERVIEW_AREA, "area": area}


def overview_more(area: object) -> dict[str, object]:
    return {"type": OVERVIEW_MORE, "area": area}


def overview_shown(area: object) -> dict[str, object]:
    return {"type": OVERVIEW_SHOWN, "area": area}


# --- districts (owned by the districts page) ---
DISTRICTS_CRUMBS = "districts-div-crumbs"
DISTRICTS_BARS = "districts-graph-bars"
DISTRICTS_MULTIPLES = "districts-graph-multiples"
DISTRICTS_NOTE = "districts-div-note"
DISTRICTS_TABLE_TITLE = "districts-heading-table"
DISTRICTS_TABLE = "districts-div-table"
DISTRICT_TABLE_TITLE = "districts-heading-district-table"
DISTRICT_TABLE = "districts-div-district-table"
DISTRICT_CHARTS = "districts-div-district-charts"
DISTRICT_EVENTS = "districts-div-district-events"
DISTRICT_GRAPH = "districts-graph-indicator"


def district_graph(indicator_id: str) -> dict[str, str]:
    return {"type": DISTRICT_GRAPH, "indicator": indicator_id}


# A district page with more charts than layouts.districts.DISTRICT_CHART_LIMIT: the chart grid, its
# «Vis 8 til» button and the number of charts shown, keyed by the district; only there, so MATCH.
DISTRICT_CHART_GRID = "districts-div-district-chart-grid"
DISTRICT_CHARTS_MORE = "districts-button-district-charts-more"
DISTRICT_CHARTS_SHOWN = "districts-store-district-charts-shown"


def district_chart_grid(district: object) -> dict[str, object]:
    return {"type": DISTRICT_CHART_GRID, "district": district}


def district_charts_more(district: object) -> dict[str, object]:
    return {"type": DISTRICT_CHARTS_MORE, "district": district}


def district_charts_shown(district: object) -> dict[str, object]:
    return {"type": DISTRICT_CHARTS_SHOWN, "district": district}


# --- housing (owned by the housing page) ---
# Dict ids ({"type": ..., "programme": ...}): the page's callbacks use MATCH/ALL on them, so
# they never fire (nor complain about missing outputs) on the other pages.
HOUSING_OVERVIEW = "housing-store-overview"  # /housing: {"programme": "all"}
HOUSING_HEADING = "housing-heading-year"
HOUSING_QUERY = "housing-store-programme"  # /housing: one per programme section
HOUSING_CARD = "housing-div-card"
HOUSING_TREND = "housing-graph-trend"
HOUSING_VIEW = "housing-store-view"  # /housing/<programme>
HOUSING_CRUMBS = "housing-div-crumbs"
HOUSING_YEARS = "housing-nav-years"
HOUSING_DETAIL = "housing-graph-detail"
HOUSING_MONTHS_HEADING = "housing-heading-months"
HOUSING_MONTHS = "housing-graph-months"
HOUSING_TABLE_HEADING = "housing-heading-table"
HOUSING_TABLE = "housing-div-table"


def housing(kind: str, programme: str, **more: str) -> dict[str, str]:
    """A housing component: `kind` is one of the HOUSING_* types; `programme` the programme key
    ('all' for the parts of /housing itself); `more` e.g. chart=... or indicator=...."""
    return {"type": kind, "programme": programme, **more}


# --- budget (owned by the budget page) ---
# Dict ids ({"type": ..., "view": "main"}): the page's callbacks use MATCH/ALL on them, so they
# never fire (nor complain about missing outputs) on the other pages.
BUDGET_VIEW = "budget-store-view"
BUDGET_CRUMBS = "budget-div-crumbs"
BUDGET_TABLE_TITLE = "budget-heading-table"
BUDGET_NOTE = "budget-div-note"
BUDGET_TABLE = "budget-div-table"
BUDGET_WATERFALL = "budget-graph-waterfall"
BUDGET_CUMULATIVE = "budget-graph-cumulative"


def budget(kind: str, view: object = "main") -> dict[str, object]:
    return {"type": kind, "view": view}


# --- «Last ned siden» (layouts/page_exports.py): PDF / PowerPoint of the whole page ---
# Dict ids {"type": "page-export-<part>", "group": ...}: one group per set of chart ids a page can hold.
PAGE_EXPORT = "page-export"
# A string id: Dash 4 cannot cancel a background job from a button with a dict id (the renderer
# compares the ids as text and as objects), and there is one control per page.
PAGE_EXPORT_CANCEL = "page-export-button-cancel"


def page_export(part: str, group: str) -> dict[str, str]:
    return {"type": f"{PAGE_EXPORT}-{part}", "group": group}


# «Last ned tabell» (layouts/page_exports.table_download): {"type": "table-export-<part>", "table": ...}
TABLE_EXPORT = "table-export"


def table_export(part: str, table: str) -> dict[str, str]:
    return {"type": f"{TABLE_EXPORT}-{part}", "table": table}
