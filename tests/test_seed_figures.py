"""Every figure in the two source texts is in the shipped dataset, exactly, with status final.

The tables below are written by hand from the texts themselves (Årsrapport 2016, P05 Helse og
omsorg; Økonomiplan 2013–2016, Boligsosialt arbeid), independently of data/published/drammen.csv,
so a mistake in that file or in the generator shows up here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from data.load import load_dataset
from data.schema import GOAL_AREAS

DATASET = Path(__file__).resolve().parents[1] / "data" / "drammen"
ANNUAL_REPORT = "Årsrapport 2016, P05 Helse og omsorg"
ECONOMIC_PLAN = "Økonomiplan 2013–2016, Boligsosialt arbeid"


@cache
def dataset():
    """The shipped dataset as the app loads it: through the loader and its validation."""
    return load_dataset(DATASET)


def table(name: str) -> pd.DataFrame:
    return dataset().tables[name]


def test_shipped_dataset_loads_without_problems():
    assert [str(p) for p in dataset().problems] == []


# (indicator_id, unit_id, period, value, unit)
SEED_FIGURES = [
    # Årsrapport 2016, P05 Helse og omsorg
    ("everyday_rehab_persons", "p05", "2016", 101, "count"),
    ("livsglede_certified_districts", "p05", "2016", 7, "count"),
    ("livsglede_certified_districts", "p05", "2017-02", 8, "count"),
    ("private_provider_choices", "p05", "2016", 6, "count"),
    ("districts_with_volunteer_contact", "p05", "2016", 8, "count"),
    ("discharge_ready_patients", "p05", "2015", 2314, "count"),
    ("discharge_ready_patients", "p05", "2016", 2632, "count"),
    ("nursing_home_need_met_pct", "p05", "2016", 100, "percent"),
    ("employees_trained", "p05", "2016", 641, "count"),
    ("investment_funds_freed_nok", "tilrettelagte", "2016", 100_000_000, "nok"),
    ("children_low_income", "drammen", "2015", 3357, "count"),
    ("children_low_income_pct", "drammen", "2015", 24, "percent"),
    ("children_low_income_pct", "drammen", "2014", 24, "percent"),
    ("startlan_frame_nok", "drammen", "2015", 170_000_000, "nok"),
    ("startlan_frame_nok", "drammen", "2016", 300_000_000, "nok"),
    ("startlan_households", "drammen", "2015", 148, "count"),
    ("startlan_households", "drammen", "2016", 183, "count"),
    ("rent_to_own_households", "drammen", "2016", 77, "count"),
    ("rent_to_own_households", "drammen", "2015", 60, "count"),
    ("tilvisning_flats", "drammen", "2016", 8, "count"),
    ("operating_funds_added_nok", "p05", "2016", 10_900_000, "nok"),
    ("budget_deviation_nok", "p05", "2016", 2_100_000, "nok"),
    # Økonomiplan 2013–2016, Boligsosialt arbeid
    ("refugees_requested", "drammen", "2013", 130, "count"),
    ("refugees_requested", "drammen", "2014", 130, "count"),
    ("refugees_requested", "drammen", "2015", 130, "count"),
    ("unaccompanied_minors_requested", "drammen", "2013", 15, "count"),
    ("unaccompanied_minors_requested", "drammen", "2014", 15, "count"),
    ("unaccompanied_minors_requested", "drammen", "2015", 15, "count"),
    ("business_units", "p05", "2012", 10, "count"),
    ("business_units", "p05", "2013", 17, "count"),
]

# Targets the texts state: (indicator_id, unit_id, period, target)
SEED_TARGETS = [
    ("refugees_settled", "drammen", "2013", 130),
    ("refugees_settled", "drammen", "2014", 130),
    ("refugees_settled", "drammen", "2015", 130),
    ("unaccompanied_minors_settled", "drammen", "2013", 15),
    ("unaccompanied_minors_settled", "drammen", "2014", 15),
    ("unaccompanied_minors_settled", "drammen", "2015", 15),
    ("nursing_home_need_met_pct", "p05", "2016", 100),
]

# Figures the texts derive from others, with what the source column must say about it.
DERIVED = [
    ("rent_to_own_households", "drammen", "2015", "77 − 17"),
    ("children_low_income_pct", "drammen", "2014", "samme andel som året før"),
    ("livsglede_certified_districts", "p05", "2017-02", "februar 2017"),
]

# The qualitative milestones: (date, unit_id, panel, words the title or description must contain).
MILESTONES = [
    ("2012-05-22", "drammen", "housing", ("Boligsosial handlingsplan", "tiltak 1.5")),
    ("2013-01-01", "p05", "organisation", ("10 til 17 virksomheter",)),
    ("2013-01", "p05", "social", ("En dør inn", "13 og 23 år")),
    ("2016", "hamborgstrom", "districts", ("terapibasseng",)),
    ("2016", "p05", "districts", ("middag", "våren")),
    ("2016", "p05", "districts", ("frivillighetskontakter", "alle")),
    ("2016", "p05", "districts", ("2040", "bystyret")),
    ("2016", "p05", "overview", ("multidosedispenser",)),
    ("2016", "helsehuset", "overview", ("elektronisk medisinskap", "Drammen helsehus")),
    ("2016", "p05", "overview", ("digital hygienemaskin",)),
    ("2017-01-01", "tilrettelagte", "overview", ("Drammen Aktivitet", "Brakerøya", "Gulskogen")),
    ("2016", "tilrettelagte", "budget", ("100 mill", "investeringsmidler")),
    ("2016-06", "drammen", "housing", ("kostnadsdekkende husleie", "bystyret")),
    ("2016", "drammen", "housing", ("Husbanken", "storbyprogram")),
    ("2016", "drammen", "housing", ("startlånrammen", "170", "300")),
    ("2016", "drammen", "housing", ("tilvisningsrett", "åtte leiligheter")),
    ("2016", "p05", "districts", ("livsgledesertifisert", "Syv av åtte")),
    ("2017-02", "p05", "districts", ("livsgledesertifisert",)),
    ("2016", "p05", "organisation", ("oppstartssamling", "alle ansatte")),
    ("2016", "p05", "districts", ("privat leverandør", "hjemmesykepleie")),
    ("2016", "p05", "districts", ("avvik", "praktisk bistand")),
    ("2016", "p05", "budget", ("10,9 mill", "varige driftsmidler")),
    ("2016", "p05", "budget", ("merforbruk", "2,1 mill")),
    ("2013", "drammen", "housing", ("IMDi", "130", "15 enslige")),
]

# The organisation (Årsrapport 2016, Nøkkeltall): unit_id -> (name, parent_id, kind)
UNITS = {
    "drammen": ("Drammen kommune", "", "municipality"),
    "p05": ("P05 Helse, sosial og omsorg", "drammen", "programme_area"),
    "nav": ("NAV", "p05", "service"),
    "rusforebygging": ("Senter for rusforebygging", "p05", "service"),
    "psykisk-helse": ("Psykiske helsetjenester", "p05", "service"),
    "helsetjenesten": ("Helsetjenesten", "p05", "service"),
    "helsehuset": ("Helsehuset", "p05", "service"),
    "tilrettelagte": ("Tilrettelagte tjenester", "p05", "service"),
    "tjenestetildeling": ("Tjenestetildeling og samordning", "p05", "staff"),
    "skap-gode-dager": ("Skap Gode Dager", "p05", "staff"),
}
CONFIRMED_DISTRICTS = {"hamborgstrom": "Hamborgstrøm", "askollen": "Åskollen", "konnerud": "Konnerud"}
ASSUMED_DISTRICTS = {
    "fjell": "Fjell",
    "gulskogen": "Gulskogen",
    "fredholt": "Fredholt",
    "saniteten": "Saniteten",
    "stromso": "Strømsø",
}


def one_row(frame: pd.DataFrame, **where: str) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    rows = frame[mask]
    assert len(rows) == 1, f"expected one row for {where}, found {len(rows)}"
    return rows.iloc[0]


@pytest.mark.parametrize(("indicator_id", "unit_id", "period", "value", "unit"), SEED_FIGURES)
def test_seed_figure_is_in_the_dataset_exactly_and_final(indicator_id, unit_id, period, value, unit):
    row = one_row(table("observations"), indicator_id=indicator_id, unit_id=unit_id, period=period)
    assert float(row["value"]) == value
    assert row["status"] == "final"
    assert row["source"].startswith((ANNUAL_REPORT, ECONOMIC_PLAN))
    assert one_row(table("indicators"), indicator_id=indicator_id)["unit"] == unit


@pytest.mark.parametrize(("indicator_id", "unit_id", "period", "target"), SEED_TARGETS)
def test_stated_target_is_final(indicator_id, unit_id, period, target):
    row = one_row(table("targets"), indicator_id=indicator_id, unit_id=unit_id, period=period)
    assert float(row["target"]) == target
    assert row["status"] == "final"


@pytest.mark.parametrize(("indicator_id", "unit_id", "period", "says"), DERIVED)
def test_derived_figure_says_how(indicator_id, unit_id, period, says):
    row = one_row(table("observations"), indicator_id=indicator_id, unit_id=unit_id, period=period)
    assert says in row["source"]


def test_only_the_seed_figures_are_final():
    final = table("observations").query("status == 'final'")
    keys = set(zip(final["indicator_id"], final["unit_id"], final["period"], strict=True))
    assert keys == {figure[:3] for figure in SEED_FIGURES}


def test_growth_in_discharge_ready_patients_is_derived_not_stored():
    """«økte med 14 prosent»: 2 314 -> 2 632 is +13.7 %, which the text rounds to 14."""
    obs = table("observations").query("indicator_id == 'discharge_ready_patients' and unit_id == 'p05'")
    value = dict(zip(obs["period"], obs["value"].astype(float), strict=True))
    assert round((value["2016"] / value["2015"] - 1) * 100) == 14
    assert not table("indicators")["indicator_id"].str.contains("growth|vekst").any()


def test_units_of_p05():
    units = table("units").set_index("unit_id")
    for unit_id, (name, parent_id, kind) in UNITS.items():
        assert tuple(units.loc[unit_id, ["name", "parent_id", "kind"]]) == (name, parent_id, kind)


def test_eight_districts_three_confirmed_five_assumed():
    units = table("units")
    districts = units[units["kind"] == "district"].set_index("unit_id")
    assert len(districts) == 8
    assert (districts["parent_id"] == "p05").all()
    assert dict(districts["name"]) == CONFIRMED_DISTRICTS | ASSUMED_DISTRICTS
    for unit_id in ASSUMED_DISTRICTS:
        assert "Antatt navn" in districts.loc[unit_id, "note"]
    for unit_id in CONFIRMED_DISTRICTS:
        assert "Antatt" not in districts.loc[unit_id, "note"]


def test_unit_ids_are_ascii_kebab_case():
    assert table("units")["unit_id"].str.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*").all()


def test_every_indicator_has_one_of_the_six_goal_areas_and_all_six_are_used():
    goal_areas = table("indicators")["goal_area"]
    assert set(goal_areas) == set(GOAL_AREAS)


@pytest.mark.parametrize(("date", "unit_id", "panel", "words"), MILESTONES)
def test_milestone_is_an_event(date, unit_id, panel, words):
    events = table("events")
    candidates = events[
        (events["date"] == date) & (events["unit_id"] == unit_id) & (events["panel"] == panel)
    ]
    texts = (candidates["title"] + " " + candidates["description"]).str.lower()
    assert any(all(word.lower() in text for word in words) for text in texts), (date, unit_id, words)


def test_every_event_cites_a_source_text():
    assert table("events")["source"].str.startswith((ANNUAL_REPORT, ECONOMIC_PLAN)).all()
