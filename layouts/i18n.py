"""Interface texts in bokmål and English. Data labels come from the dataset, not from here."""

from __future__ import annotations

from layouts.format import DEFAULT_LANG, normalize_lang

TEXTS: dict[str, dict[str, str]] = {
    "app_title": {
        "nb": "Helse, sosial og omsorg – nøkkeltall",
        "en": "Health, social and care – key figures",
    },
    "skip_to_content": {"nb": "Hopp til innhold", "en": "Skip to content"},
    "nav_label": {"nb": "Hovedmeny", "en": "Main menu"},
    "page_overview": {"nb": "Oversikt", "en": "Overview"},
    "page_districts": {"nb": "Helse- og omsorgsdistrikt", "en": "Health and care districts"},
    "page_housing": {"nb": "Boligsosialt arbeid", "en": "Housing programmes"},
    "page_budget": {"nb": "Budsjettavvik", "en": "Budget deviation"},
    "other_lang": {"nb": "English", "en": "Norsk"},
    "other_lang_title": {"nb": "Switch to English", "en": "Bytt til norsk (bokmål)"},
    "headline": {"nb": "Nøkkeltall {period}", "en": "Key figures {period}"},
    "overview_intro": {
        "nb": "Resultater for programområde 05 Helse, sosial og omsorg, gruppert etter målområde.",
        "en": "Results for programme area 05 Health, social and care, grouped by goal area.",
    },
    "districts_intro": {
        "nb": "Nøkkeltall for helse- og omsorgsdistriktene samlet.",
        "en": "Key figures for the health and care districts together.",
    },
    "housing_intro": {
        "nb": "Startlån, leie til eie, kommunale utleieboliger, bostedsløshet og bosetting av flyktninger.",
        "en": "Start-up loans, rent-to-own, municipal rental housing, homelessness and refugee settlement.",
    },
    "budget_intro": {
        "nb": "Regnskap mot revidert budsjett for programområdet.",
        "en": "Accounts against the revised budget for the programme area.",
    },
    "illustrative": {"nb": "Illustrativt tall", "en": "Illustrative figure"},
    "illustrative_help": {
        "nb": "Generert for å vise funksjonaliteten – ikke et publisert tall.",
        "en": "Generated to show the functionality – not a published figure.",
    },
    "preliminary": {"nb": "Foreløpig tall", "en": "Preliminary figure"},
    "illustrative_note": {
        "nb": "Skraverte/åpne punkter er illustrative tall, ikke publiserte.",
        "en": "Hatched bars / open markers are illustrative figures, not published.",
    },
    "target": {"nb": "Mål", "en": "Target"},
    "average": {"nb": "Snitt", "en": "Average"},
    "events": {"nb": "Hendelser", "en": "Events"},
    "no_figures": {
        "nb": "Ingen tall for dette utvalget.",
        "en": "No figures for this selection.",
    },
    "source": {"nb": "Kilde", "en": "Source"},
    "sources": {"nb": "Datakilder", "en": "Data sources"},
    "data_status": {"nb": "Datastatus", "en": "Data status"},
    "data_ok": {
        "nb": "Datasettet «{name}» er lastet uten feil.",
        "en": "The dataset “{name}” loaded without errors.",
    },
    "data_problems": {
        "nb": "Datasettet «{name}»: feil: {errors}, advarsler: {warnings}, utelatte rader: {dropped}.",
        "en": "The dataset “{name}”: errors: {errors}, warnings: {warnings}, rows left out: {dropped}.",
    },
    "data_problems_details": {"nb": "Vis hva som er utelatt", "en": "Show what was left out"},
    "footer_note": {
        "nb": "Tall merket «Illustrativt tall» er generert og ikke publisert av kommunen.",
        "en": "Figures marked “Illustrative figure” are generated, not published by the municipality.",
    },
    "breadcrumb": {"nb": "Brødsmulesti", "en": "Breadcrumb"},
    "filters": {"nb": "Filtre", "en": "Filters"},
    "filter_year": {"nb": "År", "en": "Year"},
    "filter_subperiod": {"nb": "Periode", "en": "Period"},
    "filter_units": {"nb": "Enheter", "en": "Units"},
    "filter_indicator": {"nb": "Indikator", "en": "Indicator"},
    "whole_year": {"nb": "Hele året", "en": "Whole year"},
    "tertial": {"nb": "{n}. tertial", "en": "Tertial {n}"},
    "units_all": {"nb": "Alle enheter", "en": "All units"},
    "units_some": {"nb": "{n} valgt", "en": "{n} selected"},
    "units_help": {
        "nb": "Ingen valgt betyr alle. En overordnet enhet tar med enhetene under.",
        "en": "None chosen means all. A parent unit includes the units below it.",
    },
    "notice_period": {
        "nb": "Perioden «{value}» finnes ikke i dataene – viser siste år i stedet.",
        "en": "The period “{value}” is not in the data – showing the latest year instead.",
    },
    "notice_units": {
        "nb": "Enheten «{value}» finnes ikke og er utelatt.",
        "en": "The unit “{value}” does not exist and was left out.",
    },
    "notice_indicator": {
        "nb": "Indikatoren «{value}» finnes ikke her – viser standardindikatoren.",
        "en": "The indicator “{value}” is not available here – showing the default.",
    },
    "notice_key": {
        "nb": "Fant ikke «{value}» – viser hele oversikten.",
        "en": "Could not find “{value}” – showing the whole overview.",
    },
    "notice_param": {
        "nb": "Ukjent parameter «{value}» er ignorert.",
        "en": "Unknown parameter “{value}” was ignored.",
    },
    "notice_lang": {
        "nb": "Språket «{value}» finnes ikke – viser bokmål.",
        "en": "The language “{value}” is not available – showing bokmål.",
    },
    "not_found": {"nb": "Fant ikke siden", "en": "Page not found"},
    "not_found_text": {
        "nb": "Adressen finnes ikke. Gå til oversikten.",
        "en": "That address does not exist. Go to the overview.",
    },
    # --- overview (owned by the overview page) ---
    # --- districts (owned by the districts page) ---
    # --- housing (owned by the housing page) ---
    # --- budget (owned by the budget page) ---
}


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled in."""
    text = TEXTS[key][normalize_lang(lang)]
    return text.format(**values) if values else text
