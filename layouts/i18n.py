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
    "data_version": {"nb": "Versjon {version}", "en": "Version {version}"},
    "data_loaded_at": {"nb": "Lastet {time}", "en": "Loaded {time}"},
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
    # The unit search, shown only when there are more units than the list shows at once.
    "units_search": {"nb": "Søk etter enhet", "en": "Search for a unit"},
    "units_search_hint": {"nb": "Navn eller id", "en": "Name or id"},
    "units_shown": {"nb": "{shown} av {total} enheter vises", "en": "{shown} of {total} units shown"},
    "units_matches": {
        "nb": "{matched} av {total} enheter passer «{query}», {shown} vises",
        "en": "{matched} of {total} units match “{query}”, {shown} shown",
    },
    "units_no_match": {
        "nb": "Ingen av {total} enheter passer «{query}»",
        "en": "None of {total} units match “{query}”",
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
    # The six goal areas of the annual report (data/schema.GOAL_AREAS), as headings; others as given.
    "ov_goal:Lengst mulig i eget liv": {
        "nb": "Lengst mulig i eget liv",
        "en": "Living independently for as long as possible",
    },
    "ov_goal:Trygg og aktiv hverdag": {
        "nb": "Trygg og aktiv hverdag",
        "en": "A safe and active everyday life",
    },
    "ov_goal:Sjef i eget liv": {"nb": "Sjef i eget liv", "en": "In charge of one’s own life"},
    "ov_goal:Hjelp når du trenger det": {"nb": "Hjelp når du trenger det", "en": "Help when you need it"},
    "ov_goal:Kompetanse": {"nb": "Kompetanse", "en": "Competence"},
    "ov_goal:Arbeidskultur": {"nb": "Arbeidskultur", "en": "Workplace culture"},
    "ov_target": {"nb": "Mål {year}: {value}", "en": "Target {year}: {value}"},
    "ov_no_target": {"nb": "Uten mål for {year}", "en": "No target for {year}"},
    "ov_change": {"nb": "{change} fra {year}", "en": "{change} from {year}"},
    "ov_no_change": {
        "nb": "Ingen endring å vise fra {year}",
        "en": "No change to show from {year}",
    },
    "ov_trend": {"nb": "Utvikling {first}–{last}", "en": "Trend {first}–{last}"},
    "ov_open_indicator": {
        "nb": "Vis tidsserie og fordeling: {name}",
        "en": "Show trend and breakdown: {name}",
    },
    "ov_summary": {"nb": "Status mot mål, {year}:", "en": "Status against target, {year}:"},
    "ov_count_met": {"nb": "{n} nådd", "en": "{n} met"},
    "ov_count_near": {"nb": "{n} nesten", "en": "{n} nearly"},
    "ov_count_missed": {"nb": "{n} ikke nådd", "en": "{n} not met"},
    "ov_count_na": {"nb": "{n} uten mål", "en": "{n} without a target"},
    "ov_summary_illustrative": {
        "nb": "{n} av statusene bygger på illustrative tall eller mål.",
        "en": "{n} of the statuses rest on illustrative figures or targets.",
    },
    "ov_only_off": {
        "nb": "Vis bare dem som ikke har nådd målet",
        "en": "Show only those off target",
    },
    "ov_none_off": {
        "nb": "Ingen indikatorer står som «Ikke nådd» for dette året.",
        "en": "No indicator is “Not met” for this year.",
    },
    "ov_more": {"nb": "Vis {n} til ({left} igjen)", "en": "Show {n} more ({left} left)"},
    "ov_goal_count": {"nb": "{name} ({n})", "en": "{name} ({n})"},
    "ov_help": {
        "nb": "Velg et kort for å se tidsserien og fordelingen per enhet.",
        "en": "Choose a card to see the time series and the breakdown by unit.",
    },
    "ov_series_title": {"nb": "{name}, {units}, {first}–{last}", "en": "{name}, {units}, {first}–{last}"},
    "ov_series_units": {"nb": "{n} enheter", "en": "{n} units"},
    "ov_breakdown_title": {"nb": "{name} per enhet, {year}", "en": "{name} by unit, {year}"},
    "ov_measure_count": {"nb": "Antall", "en": "Number"},
    "ov_measure_percent": {"nb": "Prosent", "en": "Per cent"},
    "ov_measure_nok": {"nb": "Kroner", "en": "NOK"},
    "ov_measure_days": {"nb": "Dager", "en": "Days"},
    "ov_measure_years": {"nb": "År", "en": "Years"},
    "ov_measure_ratio": {"nb": "Forholdstall", "en": "Ratio"},
    "ov_measure_per_1000": {"nb": "Per 1 000", "en": "Per 1,000"},
    "ov_target_illustrative": {"nb": "Målet: Illustrativt tall", "en": "Target: Illustrative figure"},
    "ov_target_line_note": {
        "nb": "Mållinjen vises når de valgte enhetene har samme mål. Velg én enhet for å se dens mål.",
        "en": "The target line is shown when the chosen units share one target. "
        "Choose one unit to see its target.",
    },
    "ov_events_heading": {"nb": "Hendelser", "en": "Events"},
    "ov_events_outside": {"nb": "utenfor tidsserien", "en": "outside the time series"},
    "ov_no_events": {
        "nb": "Ingen hendelser for de valgte enhetene.",
        "en": "No events for the chosen units.",
    },
    "ov_table_series": {"nb": "Tallene i tidsserien", "en": "The figures in the time series"},
    "ov_table_breakdown": {"nb": "Tallene per enhet, {year}", "en": "The figures by unit, {year}"},
    "ov_col_unit": {"nb": "Enhet", "en": "Unit"},
    "ov_col_year": {"nb": "År", "en": "Year"},
    "ov_col_value": {"nb": "Verdi", "en": "Value"},
    "ov_col_target": {"nb": "Mål", "en": "Target"},
    "ov_col_against": {"nb": "Status mot mål", "en": "Against target"},
    "ov_col_figure": {"nb": "Tallstatus", "en": "Figure status"},
    "ov_final": {"nb": "Publisert tall", "en": "Published figure"},
    "ov_drill_help": {
        "nb": "Klikk på et distrikt i diagrammet, eller velg det i tabellen, for å åpne distriktet.",
        "en": "Click a district in the chart, or choose it in the table, to open the district.",
    },
    # --- districts (owned by the districts page) ---
    "districts_bars_title": {
        "nb": "{indicator} per distrikt, {period}",
        "en": "{indicator} by district, {period}",
    },
    "districts_multiples_title": {
        "nb": "{indicator} per distrikt over tid, {years}",
        "en": "{indicator} by district over time, {years}",
    },
    "districts_axis_count": {"nb": "Antall", "en": "Number"},
    "districts_axis_percent": {"nb": "Prosent", "en": "Per cent"},
    "districts_axis_days": {"nb": "Dager", "en": "Days"},
    "districts_axis_nok": {"nb": "Kroner", "en": "NOK"},
    "districts_axis_years": {"nb": "År", "en": "Years"},
    "districts_axis_value": {"nb": "Verdi", "en": "Value"},
    "districts_axis_year": {"nb": "År", "en": "Year"},
    "districts_target_district": {"nb": "Distriktets mål", "en": "The district's target"},
    "districts_target_parent": {"nb": "Programområdets mål", "en": "Programme area target"},
    "districts_target_share": {"nb": "Programområdets mål ÷ {n}", "en": "Programme area target ÷ {n}"},
    "districts_target_illustrative": {"nb": "illustrativt mål", "en": "illustrative target"},
    "districts_illustrative_short": {"nb": "illustrativt", "en": "illustrative"},
    "districts_average_mean": {"nb": "Snitt for distriktene", "en": "Average of the districts"},
    "districts_average_per": {"nb": "Snitt per distrikt", "en": "Average per district"},
    "districts_average_others": {"nb": "Snitt andre distrikter", "en": "Average of the other districts"},
    "districts_value": {"nb": "Distriktets tall", "en": "The district's figure"},
    "districts_hatched": {"nb": "Skravert: illustrativt tall", "en": "Hatched: illustrative figure"},
    "districts_open": {"nb": "Åpent punkt: illustrativt tall", "en": "Open marker: illustrative figure"},
    "districts_none_selected": {
        "nb": "Ingen helse- og omsorgsdistrikter i utvalget. Velg et distrikt, eller en enhet over "
        "distriktene, under «Enheter».",
        "en": "No health and care districts in the selection. Choose a district, or a unit above the "
        "districts, under “Units”.",
    },
    "districts_no_period": {
        "nb": "Ingen distriktstall for denne indikatoren i {period}.",
        "en": "No district figures for this indicator in {period}.",
    },
    "districts_no_subperiod": {
        "nb": "Ingen distriktstall for denne indikatoren i {period}. Velg «Hele året» under «Periode».",
        "en": "No district figures for this indicator in {period}. Choose “Whole year” under “Period”.",
    },
    "districts_note_target_district": {
        "nb": "Mål: hvert distrikts eget mål (streken på stolpen).",
        "en": "Target: each district's own target (the tick on the bar).",
    },
    "districts_note_target_parent": {
        "nb": "Mål: målet for {unit} gjelder hvert distrikt (stiplet linje).",
        "en": "Target: the target for {unit} applies to each district (dashed line).",
    },
    "districts_note_target_share": {
        "nb": "Mål: målet for {unit} ({target}) er delt likt på de {n} distriktene (stiplet linje).",
        "en": "Target: the target for {unit} ({target}) is divided equally by the {n} districts "
        "(dashed line).",
    },
    "districts_note_target_none": {
        "nb": "Indikatoren har ikke mål for denne perioden, så distriktene er ikke vurdert mot mål.",
        "en": "The indicator has no target for this period, so the districts are not assessed against one.",
    },
    "districts_note_average_mean": {
        "nb": "Snitt: gjennomsnittet av alle {n} distrikter, {value} (prikket linje).",
        "en": "Average: the mean of all {n} districts, {value} (dotted line).",
    },
    "districts_note_average_per": {
        "nb": "Snitt per distrikt: summen for alle {n} distrikter delt på {n}, {value} (prikket linje).",
        "en": "Average per district: the total of all {n} districts divided by {n}, {value} (dotted line).",
    },
    "districts_capped": {
        "nb": "Viser {shown} av {total} distrikter – velg en kommune i enhetsfilteret.",
        "en": "Showing {shown} of {total} districts – choose a municipality in the units filter.",
    },
    "districts_capped_short": {"nb": "viser {shown} av {total}", "en": "showing {shown} of {total}"},
    "districts_note_areas": {
        "nb": "Distriktene som vises hører til {n} områder: {areas}. Mål og deling av mål gjelder "
        "hvert distrikts eget område.",
        "en": "The districts shown belong to {n} areas: {areas}. Targets, and how they are shared, "
        "follow each district's own area.",
    },
    "districts_drill_help": {
        "nb": "Klikk på en stolpe eller et punkt, eller velg et distrikt i tabellen, for å se distriktet.",
        "en": "Click a bar or a point, or choose a district in the table, to see that district.",
    },
    "districts_table_title": {"nb": "Distriktene, {period}", "en": "The districts, {period}"},
    "districts_col_district": {"nb": "Distrikt", "en": "District"},
    "districts_col_indicator": {"nb": "Indikator", "en": "Indicator"},
    "districts_col_value": {"nb": "Verdi", "en": "Value"},
    "districts_col_target": {"nb": "Mål", "en": "Target"},
    "districts_col_status": {"nb": "Mot mål", "en": "Against target"},
    "districts_col_others": {"nb": "Snitt andre distrikter", "en": "Average of the other districts"},
    "districts_col_figure": {"nb": "Tallstatus", "en": "Figure status"},
    "districts_final": {"nb": "Publisert tall", "en": "Published figure"},
    "district_title": {"nb": "{name} – helse- og omsorgsdistrikt", "en": "{name} – health and care district"},
    "district_intro": {
        "nb": "Alle indikatorer for distriktet over tid, mot målene og mot snittet av de andre distriktene.",
        "en": "Every indicator of the district over time, against its targets and the other "
        "districts' average.",
    },
    "district_charts_title": {"nb": "Utvikling over tid", "en": "Over time"},
    "district_chart_title": {"nb": "{indicator}, {name}, {years}", "en": "{indicator}, {name}, {years}"},
    "district_no_data": {
        "nb": "Ingen tall for {name} for denne indikatoren.",
        "en": "No figures for {name} for this indicator.",
    },
    "district_table_title": {
        "nb": "{name}: alle indikatorer, {period}",
        "en": "{name}: every indicator, {period}",
    },
    "district_no_events": {"nb": "Ingen hendelser registrert.", "en": "No events recorded."},
    "district_event_all": {"nb": "gjelder alle distriktene", "en": "applies to every district"},
    # --- housing (owned by the housing page) ---
    "housing_programme_startlan": {"nb": "Startlån", "en": "Start-up loans"},
    "housing_programme_leie-til-eie": {"nb": "Leie til eie", "en": "Rent to own"},
    "housing_programme_utleieboliger": {"nb": "Kommunale utleieboliger", "en": "Municipal rental housing"},
    "housing_programme_bostedsloshet": {"nb": "Akutt bostedsløshet", "en": "Acute homelessness"},
    "housing_programme_flyktninger": {"nb": "Bosetting av flyktninger", "en": "Settlement of refugees"},
    "housing_programme_tilvisning": {"nb": "Tilvisningsrett", "en": "Nomination rights"},
    "housing_chart_startlan_amount": {
        "nb": "Startlån: ramme og innvilget beløp, {period}",
        "en": "Start-up loans: frame and amount granted, {period}",
    },
    "housing_chart_startlan_households": {
        "nb": "Husstander som har fått startlån, {period}",
        "en": "Households granted a start-up loan, {period}",
    },
    "housing_chart_rent_to_own": {
        "nb": "Husstander som har kjøpt bolig gjennom leie til eie, {period}",
        "en": "Households that bought their home through rent-to-own, {period}",
    },
    "housing_chart_rental_stock": {
        "nb": "Kommunale utleieboliger ved årets slutt, {period}",
        "en": "Municipal rental dwellings at year end, {period}",
    },
    "housing_chart_cost_covering_rent": {
        "nb": "Andel utleieboliger med kostnadsdekkende husleie, {period}",
        "en": "Share of rental dwellings with cost-covering rent, {period}",
    },
    "housing_chart_homelessness": {
        "nb": "Søknader til NAV om bolig ved akutt bostedsløshet, {period}",
        "en": "Applications to NAV for housing due to acute homelessness, {period}",
    },
    "housing_chart_refugees": {
        "nb": "Flyktninger: anmodet av IMDi, vedtatt og bosatt, {period}",
        "en": "Refugees: requested by IMDi, decided and settled, {period}",
    },
    "housing_chart_minors": {
        "nb": "Enslige mindreårige flyktninger: anmodet og bosatt, {period}",
        "en": "Unaccompanied minor refugees: requested and settled, {period}",
    },
    "housing_chart_tilvisning": {
        "nb": "Leiligheter med kommunal tilvisningsrett, {period}",
        "en": "Flats with municipal nomination rights, {period}",
    },
    "housing_months_title": {"nb": "{name} per måned, {year}", "en": "{name} by month, {year}"},
    "housing_months_total": {"nb": "Hele året: {value}", "en": "Whole year: {value}"},
    "housing_months_sum": {"nb": "Sum av månedene: {value}", "en": "Sum of the months: {value}"},
    "housing_months_heading": {"nb": "Måned for måned, {year}", "en": "Month by month, {year}"},
    "housing_months_none": {
        "nb": "Dette programmet har bare årstall, ikke tall per måned.",
        "en": "This programme has yearly figures only, no monthly figures.",
    },
    "housing_months_help": {
        "nb": "Klikk på en stolpe eller velg måned i filteret for å se den måneden i tabellen.",
        "en": "Click a bar or choose a month in the filter to see that month in the table.",
    },
    "housing_trend_heading": {"nb": "Utvikling over år", "en": "Trend over the years"},
    "housing_overview_help": {
        "nb": "Klikk på et punkt i en graf, eller velg et år under kortet, for å se året i detalj. "
        "▼ markerer hendelser.",
        "en": "Click a point in a chart, or choose a year below the card, to see that year in detail. "
        "▼ marks events.",
    },
    "housing_trend_help": {
        "nb": "Klikk på et punkt, eller velg et år under, for å se året i detalj. ▼ markerer hendelser.",
        "en": "Click a point, or choose a year below, to see that year in detail. ▼ marks events.",
    },
    "housing_details": {"nb": "Detaljer", "en": "Details"},
    "housing_details_title": {
        "nb": "Detaljer om {programme}, {year}",
        "en": "Details of {programme}, {year}",
    },
    "housing_years_label": {"nb": "År i detalj:", "en": "Year in detail:"},
    "housing_year_link_title": {"nb": "{programme}, {year}", "en": "{programme}, {year}"},
    "housing_selected_year": {"nb": "Valgt år", "en": "Selected year"},
    "housing_axis_year": {"nb": "År", "en": "Year"},
    "housing_axis_month": {"nb": "Måned", "en": "Month"},
    "housing_axis_nok": {"nb": "Kroner", "en": "NOK"},
    "housing_axis_count": {"nb": "Antall", "en": "Number"},
    "housing_axis_percent": {"nb": "Prosent", "en": "Per cent"},
    "housing_table_heading": {"nb": "Tallene for {period}", "en": "The figures for {period}"},
    "housing_col_indicator": {"nb": "Indikator", "en": "Indicator"},
    "housing_col_unit": {"nb": "Enhet", "en": "Unit"},
    "housing_col_period": {"nb": "Periode", "en": "Period"},
    "housing_col_value": {"nb": "Verdi", "en": "Value"},
    "housing_col_status": {"nb": "Status", "en": "Status"},
    "housing_col_target": {"nb": "Mål", "en": "Target"},
    "housing_col_result": {"nb": "Mot målet", "en": "Against target"},
    "housing_final": {"nb": "Publisert tall", "en": "Published figure"},
    "housing_no_figure": {"nb": "Ingen tall for {year}", "en": "No figure for {year}"},
    "housing_hatched": {
        "nb": "Skraverte stolper og åpne punkter er illustrative tall, ikke publiserte.",
        "en": "Hatched bars and open markers are illustrative figures, not published.",
    },
    # --- budget (owned by the budget page) ---
    "budget_unit_title": {"nb": "Budsjettavvik: {unit}", "en": "Budget deviation: {unit}"},
    "budget_ytd": {"nb": "hittil i år per {period}", "en": "year to date, {period}"},
    "budget_table_title": {"nb": "Avvik per enhet, {period}", "en": "Deviation by unit, {period}"},
    "budget_table_title_categories": {
        "nb": "Avvik per kostnadsart, {period}",
        "en": "Deviation by cost category, {period}",
    },
    "budget_waterfall_title": {
        "nb": "{unit}: fra revidert budsjett til regnskap, {period}",
        "en": "{unit}: from revised budget to actual, {period}",
    },
    "budget_cumulative_title": {
        "nb": "{unit}: akkumulert avvik gjennom året, {period}",
        "en": "{unit}: cumulative deviation through the year, {period}",
    },
    "budget_col_unit": {"nb": "Enhet", "en": "Unit"},
    "budget_col_category": {"nb": "Kostnadsart", "en": "Cost category"},
    "budget_col_revised": {"nb": "Revidert budsjett", "en": "Revised budget"},
    "budget_col_actual": {"nb": "Regnskap", "en": "Actual"},
    "budget_col_deviation": {"nb": "Avvik", "en": "Deviation"},
    "budget_col_deviation_pct": {"nb": "Avvik %", "en": "Deviation %"},
    "budget_col_word": {"nb": "Mer-/mindreforbruk", "en": "Over-/underspend"},
    "budget_col_forecast": {"nb": "Prognose årsslutt", "en": "Year-end forecast"},
    "budget_col_status": {"nb": "Status", "en": "Status"},
    "budget_total": {"nb": "Sum", "en": "Total"},
    "budget_merforbruk": {"nb": "merforbruk", "en": "overspend"},
    "budget_mindreforbruk": {"nb": "mindreforbruk", "en": "underspend"},
    "budget_balanse": {"nb": "i balanse", "en": "on budget"},
    "budget_na": {"nb": "i.a.", "en": "n/a"},
    "budget_final": {"nb": "Publisert tall", "en": "Published figure"},
    "budget_published_note": {
        "nb": "Totalen er publisert; fordelingen er illustrativ. Samlet avvik {deviation} ({word}) og "
        "{added} tilført i varige driftsmidler (revidert minus opprinnelig budsjett) stemmer med {source}.",
        "en": "The total is published; the breakdown is illustrative. The total deviation {deviation} "
        "({word}) and {added} of permanent funds added (revised minus original budget) match {source}.",
    },
    "budget_illustrative_note": {
        "nb": "Budsjett- og regnskapstallene på denne siden er illustrative, ikke publiserte.",
        "en": "The budget and accounts figures on this page are illustrative, not published.",
    },
    "headline_capped": {
        "nb": "Viser {shown} av {total} nøkkeltall.",
        "en": "Showing {shown} of {total} key figures.",
    },
    "headline_all": {"nb": "Alle står i oversikten.", "en": "All of them are on the overview."},
    "budget_rest": {"nb": "Øvrige {n} enheter", "en": "The other {n} units"},
    "budget_capped": {
        "nb": "Viser de {shown} av {total} radene med størst avvik i kroner. Summen gjelder alle; "
        "«Last ned tabell» gir alle radene.",
        "en": "Showing the {shown} of {total} rows with the largest deviation in kroner. The total "
        "covers all of them; “Download the table” gives every row.",
    },
    "budget_drill_help": {
        "nb": "Velg en enhet i tabellen eller klikk på en stolpe i fossefallet for å se enhetene under.",
        "en": "Choose a unit in the table or click a bar in the waterfall to see the units below it.",
    },
    "budget_deviation_axis": {
        "nb": "Kroner (+ er merforbruk)",
        "en": "NOK (+ is overspend)",
    },
    "budget_amount_axis": {
        "nb": "Kroner (aksen starter ikke på null)",
        "en": "NOK (the axis does not start at zero)",
    },
    "budget_series_current": {"nb": "Akkumulert avvik {year}", "en": "Cumulative deviation {year}"},
    "budget_series_forecast": {
        "nb": "Prognose for årsavvik {year}",
        "en": "Year-end deviation forecast {year}",
    },
    "budget_series_previous": {"nb": "Akkumulert avvik {year}", "en": "Cumulative deviation {year}"},
    "budget_source": {
        "nb": "budsjettabellen i datasettet «{name}»",
        "en": "the budget table of the dataset “{name}”",
    },
    "budget_hatched": {"nb": "Skravert: illustrativt tall", "en": "Hatched: illustrative figure"},
}

# --- Chart exports, table view and summary sentence (layouts/chart.py, layouts/exports.py) ---
TEXTS.update(
    {
        "export_menu": {"nb": "Last ned", "en": "Download"},
        "export_png": {
            "nb": "Bilde (PNG med tittel, filtre og kilde)",
            "en": "Image (PNG with title, filters and source)",
        },
        "export_svg": {"nb": "Vektorbilde (SVG)", "en": "Vector image (SVG)"},
        "export_svg_modebar": {"nb": "Last ned som SVG", "en": "Download as SVG"},
        "export_csv": {"nb": "Tallene som CSV (Excel)", "en": "The figures as CSV (Excel)"},
        "export_xlsx": {
            "nb": "Tallene som Excel-arbeidsbok (XLSX)",
            "en": "The figures as Excel workbook (XLSX)",
        },
        "export_table_show": {"nb": "Vis som tabell", "en": "Show as table"},
        "export_table_hide": {"nb": "Skjul tabellen", "en": "Hide the table"},
        "export_category": {"nb": "Kategori", "en": "Category"},
        "export_period": {"nb": "Periode", "en": "Period"},
        "export_value": {"nb": "Verdi", "en": "Value"},
        "export_note": {"nb": "Merknad", "en": "Note"},
        "export_all_units": {"nb": "alle", "en": "all"},
        "export_filter_period": {"nb": "Periode: {period}", "en": "Period: {period}"},
        "export_filter_units": {"nb": "Enheter: {units}", "en": "Units: {units}"},
        "export_filter_unit": {"nb": "Enhet: {unit}", "en": "Unit: {unit}"},
        "export_filter_indicator": {"nb": "Indikator: {name}", "en": "Indicator: {name}"},
        "export_filter_programme": {"nb": "Program: {name}", "en": "Programme: {name}"},
        "export_failed": {
            "nb": "Kunne ikke lage filen. Prøv igjen, eller last ned tallene som CSV.",
            "en": "Could not make the file. Try again, or download the figures as CSV.",
        },
        "summary_rose": {
            "nb": "{subject} økte fra {a} i {first} til {b} i {last}",
            "en": "{subject} rose from {a} in {first} to {b} in {last}",
        },
        "summary_fell": {
            "nb": "{subject} sank fra {a} i {first} til {b} i {last}",
            "en": "{subject} fell from {a} in {first} to {b} in {last}",
        },
        "summary_with_change": {"nb": "{text} ({change}).", "en": "{text} ({change})."},
        "summary_points": {"nb": "{n} prosentpoeng", "en": "{n} percentage points"},
        "summary_same": {
            "nb": "{subject} var uendret på {value} fra {first} til {last}.",
            "en": "{subject} was unchanged at {value} from {first} to {last}.",
        },
        "summary_single": {"nb": "{subject}: {value} i {period}.", "en": "{subject}: {value} in {period}."},
        "summary_range": {
            "nb": "{subject}: høyest i {high} ({high_value}), lavest i {low} ({low_value}).",
            "en": "{subject}: highest in {high} ({high_value}), lowest in {low} ({low_value}).",
        },
        "summary_empty": {"nb": "{title}: ingen tall å vise.", "en": "{title}: no figures to show."},
    }
)


# Why a figure is missing (observations.missing, after SSB's symbols . .. ... :); never shown as 0.
TEXTS.update(
    {
        "missing_not_applicable": {"nb": "Ikke aktuelt (SSB: .)", "en": "Not applicable (SSB: .)"},
        "missing_missing": {"nb": "Mangler (SSB: ..)", "en": "Missing (SSB: ..)"},
        "missing_not_yet_available": {
            "nb": "Ikke tilgjengelig ennå (SSB: ...)",
            "en": "Not yet available (SSB: ...)",
        },
        "missing_confidential": {"nb": "Skjermet (SSB: :)", "en": "Confidential (SSB: :)"},
    }
)


# --- Present mode, "Kopier lenke", print (layouts/shell.py, layouts/filters.py, assets/present.js) ---
TEXTS.update(
    {
        "present_start": {"nb": "Presentasjon", "en": "Present"},
        "present_start_title": {
            "nb": "Vis siden i fullskjermvisninger for projektor; piltastene blar, Esc avslutter",
            "en": "Show the page as full-screen views for a projector; arrow keys move, Esc exits",
        },
        "present_exit": {"nb": "Avslutt presentasjon", "en": "Exit presentation"},
        "present_prev": {"nb": "Forrige", "en": "Previous"},
        "present_next": {"nb": "Neste", "en": "Next"},
        "present_bar": {"nb": "Presentasjon", "en": "Presentation"},
        "present_position": {"nb": "Visning {n} av {total}", "en": "View {n} of {total}"},
        "notice_present": {
            "nb": "«present={value}» er ikke 0 eller 1; siden vises som vanlig.",
            "en": "“present={value}” is not 0 or 1; the page is shown as usual.",
        },
        "copy_link": {"nb": "Kopier lenke", "en": "Copy link"},
        "copy_link_title": {
            "nb": "Kopier en lenke til akkurat denne visningen, med alle filtre",
            "en": "Copy a link to exactly this view, with every filter",
        },
        "link_copied": {"nb": "Lenke kopiert", "en": "Link copied"},
        "link_copy_failed": {
            "nb": "Kunne ikke kopiere. Lenken er: {url}",
            "en": "Could not copy. The link is: {url}",
        },
        "print_filters": {"nb": "Utvalg", "en": "Selection"},
    }
)


# --- Whole page to PDF / PowerPoint (layouts/page_exports.py, callbacks/page_exports.py) ---
TEXTS.update(
    {
        "page_export_label": {"nb": "Last ned siden", "en": "Download the page"},
        "page_export_pdf": {"nb": "PDF", "en": "PDF"},
        "page_export_pptx": {"nb": "PowerPoint", "en": "PowerPoint"},
        "page_export_pdf_title": {
            "nb": "Hele siden som PDF: en forside med nøkkeltall og en side per diagram",
            "en": "The whole page as PDF: a cover with the key figures and a page per chart",
        },
        "page_export_pptx_title": {
            "nb": "Hele siden som PowerPoint: en lysbilde per diagram, nøkkeltall i notatene",
            "en": "The whole page as PowerPoint: a slide per chart, key figures in the notes",
        },
        "page_export_cancel": {"nb": "Avbryt", "en": "Cancel"},
        "page_export_progress": {"nb": "{done} av {total} diagrammer", "en": "{done} of {total} charts"},
        "page_export_done": {"nb": "Ferdig: {name}", "en": "Done: {name}"},
        "page_export_no_figures": {
            "nb": "Ingen nøkkeltall på denne siden.",
            "en": "No key figures on this page.",
        },
        "page_export_contents": {"nb": "Diagrammer ({n})", "en": "Charts ({n})"},
        "page_export_untitled": {"nb": "Diagram", "en": "Chart"},
        "table_export_label": {"nb": "Last ned tabell", "en": "Download the table"},
        "table_export_csv": {"nb": "CSV (Excel)", "en": "CSV (Excel)"},
        "table_export_xlsx": {"nb": "XLSX", "en": "XLSX"},
        "table_col_measure": {"nb": "Måleenhet", "en": "Measure"},
        "table_col_target_status": {"nb": "Målets tallstatus", "en": "Target's figure status"},
        "table_col_others_status": {"nb": "Snittets tallstatus", "en": "Average's figure status"},
        "table_source_dataset": {
            "nb": "indikatorene i datasettet «{name}»",
            "en": "the indicators of the dataset “{name}”",
        },
        "table_illustrative_note": {
            "nb": "Tall merket «Illustrativt tall» er illustrative, ikke publiserte.",
            "en": "Figures marked “Illustrative figure” are illustrative, not published.",
        },
    }
)


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled in."""
    text = TEXTS[key][normalize_lang(lang)]
    return text.format(**values) if values else text
