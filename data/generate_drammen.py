"""Generate the shipped Drammen dataset, data/drammen/*.csv, deterministically.

Every row is one of two kinds:

* a published figure: copied by hand, with its citation, from Drammen kommune's Årsrapport 2016
  (P05 Helse og omsorg) and Økonomiplan 2013–2016 (Boligsosialt arbeid) into
  data/published/drammen.csv. It is written unchanged, with status ``final``;
* generated detail: illustrative totals for the periods the texts do not give, and the breakdown
  of every total per district or unit, per month and per budget category. It is drawn with a fixed
  seed, built top-down from the totals (largest-remainder splits, so parts add up exactly), and
  marked ``illustrative``. A generated row can never take the place of a published one: every row
  goes through `Store.add`, which refuses a key that is already set, and the published rows are
  added first.

    python -m data.generate_drammen           # write data/drammen/
    python -m data.generate_drammen --check   # exit 1 if the files on disk differ

docs/drammen-dataset.md says what is real and what is made up.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from data import schema

HERE = Path(__file__).resolve().parent
PUBLISHED_PATH = HERE / "published" / "drammen.csv"
OUT_DIR = HERE / "drammen"

SEED = 2016
YEARS = ("2013", "2014", "2015", "2016")
MONTHS = tuple(f"{m:02d}" for m in range(1, 13))
FINAL, ILLUSTRATIVE = "final", "illustrative"

AR2016 = "Årsrapport 2016, P05 Helse og omsorg"
OP2013 = "Økonomiplan 2013–2016, Boligsosialt arbeid"
AR2016_ECONOMY = f"{AR2016} – Økonomi"
GENERATED = "Illustrativt tall, generert av data/generate_drammen.py"
SPLIT_OF_PUBLISHED = "Illustrativ fordeling av et publisert totaltall, generert av data/generate_drammen.py"
ILLUSTRATIVE_TARGET = "Illustrativt mål (generert)"

# ---------------------------------------------------------------------------------------------
# Units: the organisation of P05 as described in Årsrapport 2016, Nøkkeltall.


@dataclass(frozen=True)
class Unit:
    unit_id: str
    name: str
    parent_id: str
    kind: str
    note: str = ""


CONFIRMED = "{full}. Navnet er bekreftet i offentlige dokumenter fra Drammen kommune."
ASSUMED = "Antatt navn ({why}): at distriktet het {full}, er ikke bekreftet."
AFTER_CENTRE = "etter {name} bo- og servicesenter i Drammen"
NEUTRAL_NAME = "nøytralt stedsnavn i Drammen"


def _district(unit_id: str, name: str, assumed_because: str = "") -> Unit:
    """A helse- og omsorgsdistrikt; assumed_because says why an unconfirmed name was chosen."""
    full = f"{name} helse- og omsorgsdistrikt"
    note = ASSUMED.format(why=assumed_because, full=full) if assumed_because else CONFIRMED.format(full=full)
    return Unit(unit_id, name, "p05", "district", note)


UNITS = (
    Unit("drammen", "Drammen kommune", "", "municipality"),
    Unit("p05", "P05 Helse, sosial og omsorg", "drammen", "programme_area", "Programområde 05 (HSO)."),
    Unit("nav", "NAV", "p05", "service", "NAV Drammen, kommunal del (sosiale tjenester)."),
    Unit("rusforebygging", "Senter for rusforebygging", "p05", "service"),
    Unit("psykisk-helse", "Psykiske helsetjenester", "p05", "service"),
    Unit("helsetjenesten", "Helsetjenesten", "p05", "service"),
    Unit("helsehuset", "Helsehuset", "p05", "service", "Drammen helsehus."),
    Unit("tilrettelagte", "Tilrettelagte tjenester", "p05", "service", "Omfatter Drammen Aktivitet."),
    _district("hamborgstrom", "Hamborgstrøm"),
    _district("askollen", "Åskollen"),
    _district("konnerud", "Konnerud"),
    _district("fjell", "Fjell", AFTER_CENTRE.format(name="Fjell")),
    _district("gulskogen", "Gulskogen", AFTER_CENTRE.format(name="Gulskogen")),
    _district("fredholt", "Fredholt", AFTER_CENTRE.format(name="Fredholt")),
    _district("saniteten", "Saniteten", AFTER_CENTRE.format(name="Saniteten")),
    _district("stromso", "Strømsø", NEUTRAL_NAME),
    Unit("tjenestetildeling", "Tjenestetildeling og samordning", "p05", "staff", "Stabsorganisasjon."),
    Unit("skap-gode-dager", "Skap Gode Dager", "p05", "staff", "Stabsorganisasjon."),
)
UNIT_ORDER = {u.unit_id: i for i, u in enumerate(UNITS)}
DISTRICTS = tuple(u.unit_id for u in UNITS if u.kind == "district")
LEAVES = tuple(u.unit_id for u in UNITS if u.kind in ("service", "district", "staff"))

# ---------------------------------------------------------------------------------------------
# Indicators.

(LENGST, TRYGG, SJEF, HJELP, KOMPETANSE, ARBEIDSKULTUR) = schema.GOAL_AREAS


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    name: str
    name_en: str
    panel: str
    goal_area: str
    unit: str
    direction: str
    decimals: int
    description: str
    source: str


HIGHER, LOWER, NEUTRAL = schema.DIRECTIONS
ILLUSTRATIVE_INDICATOR = "Illustrativ indikator (ingen tall i kildetekstene)"

INDICATORS = (
    # districts panel
    Indicator(
        indicator_id="discharge_ready_patients",
        name="Utskrivningsklare pasienter",
        name_en="Patients ready for discharge",
        panel="districts",
        goal_area=HJELP,
        unit="count",
        direction=LOWER,
        decimals=0,
        description="Personer meldt utskrivningsklare fra sykehus som kommunen har tatt imot i perioden.",
        source=AR2016,
    ),
    Indicator(
        indicator_id="everyday_rehab_persons",
        name="Bedret livssituasjon gjennom hverdagsrehabilitering",
        name_en="Persons with a better life through everyday rehabilitation",
        panel="districts",
        goal_area=LENGST,
        unit="count",
        direction=HIGHER,
        decimals=0,
        description="Personer som har fått bedret livssituasjon gjennom hverdagsrehabilitering.",
        source=AR2016,
    ),
    Indicator(
        indicator_id="livsglede_certified_districts",
        name="Livsgledesertifiserte distrikter",
        name_en="Districts certified as Livsglede for eldre",
        panel="districts",
        goal_area=TRYGG,
        unit="count",
        direction=HIGHER,
        decimals=0,
        description="Per distrikt 1 hvis distriktet er livsgledesertifisert ved utgangen av perioden, "
        "ellers 0; for P05 antall sertifiserte distrikter.",
        source=AR2016,
    ),
    Indicator(
        indicator_id="home_help_wait_days",
        name="Dager til praktisk bistand/hjemmehjelp",
        name_en="Days until practical assistance/home help",
        panel="districts",
        goal_area=HJELP,
        unit="days",
        direction=LOWER,
        decimals=1,
        description="Gjennomsnittlig antall dager fra vedtak til praktisk bistand/hjemmehjelp er i gang. "
        "Årsrapporten melder avvik fra målet i 2016; tallene er illustrative.",
        source=AR2016,
    ),
    Indicator(
        indicator_id="nursing_home_places",
        name="Sykehjemsplasser",
        name_en="Nursing home places",
        panel="districts",
        goal_area=HJELP,
        unit="count",
        direction=NEUTRAL,
        decimals=0,
        description="Antall sykehjemsplasser ved utgangen av året.",
        source=ILLUSTRATIVE_INDICATOR,
    ),
    Indicator(
        indicator_id="nursing_home_occupancy_pct",
        name="Beleggsprosent i sykehjem",
        name_en="Nursing home occupancy",
        panel="districts",
        goal_area=HJELP,
        unit="percent",
        direction=NEUTRAL,
        decimals=1,
        description="Belagte plassdøgn i prosent av tilgjengelige.",
        source=ILLUSTRATIVE_INDICATOR,
    ),
    Indicator(
        indicator_id="nursing_home_need_met_pct",
        name="Andel med behov som har fått sykehjemsplass",
        name_en="Share of those in need who got a nursing home place",
        panel="districts",
        goal_area=HJELP,
        unit="percent",
        direction=HIGHER,
        decimals=1,
        description="Andel av dem som har hatt behov for sykehjemsplass, som har fått det tildelt.",
        source=AR2016,
    ),
    Indicator(
        indicator_id="sick_leave_pct",
        name="Sykefravær",
        name_en="Sick leave",
        panel="districts",
        goal_area=ARBEIDSKULTUR,
        unit="percent",
        direction=LOWER,
        decimals=1,
        description="Sykefravær i prosent av avtalte dagsverk. Månedstall er ikke additive: snittet av "
        "årets tolv måneder er årstallet.",
        source=f"{OP2013} – Nærværsprosjekt (tema); tall illustrative",
    ),
    Indicator(
        indicator_id="employees_trained",
        name="Medarbeidere som har gjennomført opplæringstiltak",
        name_en="Employees who completed training",
        panel="districts",
        goal_area=KOMPETANSE,
        unit="count",
        direction=HIGHER,
        decimals=0,
        description="Medarbeidere som har gjennomført opplæringstiltak innenfor fokusområder og "
        "enkeltstående tiltak rettet mot tjenester til innbyggerne.",
        source=AR2016,
    ),
    Indicator(
        indicator_id="districts_with_volunteer_contact",
        name="Distrikter med frivillighetskontakt",
        name_en="Districts with a volunteer contact",
        panel="districts",
        goal_area=TRYGG,
        unit="count",
        direction=HIGHER,
        decimals=0,
        description="Per distrikt 1 hvis det er etablert frivillighetskontakt, ellers 0; "
        "for P05 antall distrikter.",
        source=AR2016,
    ),
    Indicator(
        indicator_id="private_provider_choices",
        name="Brukere som har valgt privat leverandør av hjemmesykepleie",
        name_en="Users who chose a private home nursing provider",
        panel="districts",
        goal_area=SJEF,
        unit="count",
        direction=NEUTRAL,
        decimals=0,
        description="Muligheten ble åpnet i 2016.",
        source=AR2016,
    ),
    # housing panel
    Indicator(
        indicator_id="startlan_frame_nok",
        name="Startlånramme",
        name_en="Start-up loan frame",
        panel="housing",
        goal_area=SJEF,
        unit="nok",
        direction=NEUTRAL,
        decimals=0,
        description="Kommunens ramme for startlån (videreutlån fra Husbanken).",
        source=AR2016,
    ),
    Indicator(
        indicator_id="startlan_granted_nok",
        name="Innvilget startlån",
        name_en="Start-up loans granted",
        panel="housing",
        goal_area=SJEF,
        unit="nok",
        direction=NEUTRAL,
        decimals=0,
        description="Samlet beløp innvilget i startlån.",
        source=ILLUSTRATIVE_INDICATOR,
    ),
    Indicator(
        indicator_id="startlan_households",
        name="Husstander som har fått startlån",
        name_en="Households granted a start-up loan",
        panel="housing",
        goal_area=SJEF,
        unit="count",
        direction=HIGHER,
        decimals=0,
        description="",
        source=AR2016,
    ),
    Indicator(
        indicator_id="rent_to_own_households",
        name="Husstander som har kjøpt bolig gjennom leie til eie",
        name_en="Households that bought their home through rent-to-own",
        panel="housing",
        goal_area=SJEF,
        unit="count",
        direction=HIGHER,
        decimals=0,
        description="",
        source=AR2016,
    ),
    Indicator(
        indicator_id="municipal_rental_dwellings",
        name="Kommunale utleieboliger",
        name_en="Municipal rental dwellings",
        panel="housing",
        goal_area=TRYGG,
        unit="count",
        direction=NEUTRAL,
        decimals=0,
        description="Antall kommunale utleieboliger ved utgangen av året.",
        source=ILLUSTRATIVE_INDICATOR,
    ),
    Indicator(
        indicator_id="cost_covering_rent_pct",
        name="Andel kommunale utleieboliger med kostnadsdekkende husleie",
        name_en="Share of municipal rental dwellings with cost-covering rent",
        panel="housing",
        goal_area=TRYGG,
        unit="percent",
        direction=HIGHER,
        decimals=1,
        description="Gradvis omlegging etter Boligsosial handlingsplan (tiltak 1.5); "
        "tallene er illustrative.",
        source=f"{OP2013} – Omlegging til kostnadsdekkende husleie (tema)",
    ),
    Indicator(
        indicator_id="acute_homelessness_applications",
        name="Søknader til NAV om bolig ved akutt bostedsløshet",
        name_en="Applications to NAV for housing due to acute homelessness",
        panel="housing",
        goal_area=HJELP,
        unit="count",
        direction=LOWER,
        decimals=0,
        description="Økonomiplanen sier antallet øker; tallene er illustrative.",
        source=f"{OP2013} – Færre bostedsløse (tema)",
    ),
    Indicator(
        indicator_id="refugees_requested",
        name="Flyktninger IMDi har anmodet kommunen om å bosette",
        name_en="Refugees IMDi asked the municipality to settle",
        panel="housing",
        goal_area=TRYGG,
        unit="count",
        direction=NEUTRAL,
        decimals=0,
        description="Inkluderer enslige mindreårige.",
        source=f"{OP2013} – Mottak av flere flyktninger",
    ),
    Indicator(
        indicator_id="refugees_decided",
        name="Flyktninger kommunen har vedtatt å bosette",
        name_en="Refugees the municipality decided to settle",
        panel="housing",
        goal_area=TRYGG,
        unit="count",
        direction=NEUTRAL,
        decimals=0,
        description="",
        source=ILLUSTRATIVE_INDICATOR,
    ),
    Indicator(
        indicator_id="refugees_settled",
        name="Bosatte flyktninger",
        name_en="Refugees settled",
        panel="housing",
        goal_area=TRYGG,
        unit="count",
        direction=HIGHER,
        decimals=0,
        description="Inkluderer enslige mindreårige.",
        source=f"{OP2013} – Mottak av flere flyktninger (mål)",
    ),
    Indicator(
        indicator_id="unaccompanied_minors_requested",
        name="Enslige mindreårige flyktninger anmodet bosatt",
        name_en="Unaccompanied minor refugees requested",
        panel="housing",
        goal_area=TRYGG,
        unit="count",
        direction=NEUTRAL,
        decimals=0,
        description="",
        source=f"{OP2013} – Mottak av flere flyktninger",
    ),
    Indicator(
        indicator_id="unaccompanied_minors_settled",
        name="Bosatte enslige mindreårige flyktninger",
        name_en="Unaccompanied minor refugees settled",
        panel="housing",
        goal_area=TRYGG,
        unit="count",
        direction=HIGHER,
        decimals=0,
        description="",
        source=f"{OP2013} – Mottak av flere flyktninger (mål)",
    ),
    Indicator(
        indicator_id="tilvisning_flats",
        name="Leiligheter med kommunal tilvisningsrett",
        name_en="Flats with municipal nomination rights",
        panel="housing",
        goal_area=TRYGG,
        unit="count",
        direction=HIGHER,
        decimals=0,
        description="Avtale med privat utleier om kommunal tilvisningsrett.",
        source=AR2016,
    ),
    # social panel
    Indicator(
        indicator_id="children_low_income",
        name="Barn i familier med inntekt under fattigdomsgrensen",
        name_en="Children in low-income families",
        panel="social",
        goal_area=TRYGG,
        unit="count",
        direction=LOWER,
        decimals=0,
        description="Barn under 18 år.",
        source=AR2016,
    ),
    Indicator(
        indicator_id="children_low_income_pct",
        name="Andel barn i familier med inntekt under fattigdomsgrensen",
        name_en="Share of children in low-income families",
        panel="social",
        goal_area=TRYGG,
        unit="percent",
        direction=LOWER,
        decimals=1,
        description="I prosent av alle barn under 18 år.",
        source=AR2016,
    ),
    # budget panel
    Indicator(
        indicator_id="operating_funds_added_nok",
        name="Tilførte varige driftsmidler",
        name_en="Permanent operating funds added",
        panel="budget",
        goal_area=ARBEIDSKULTUR,
        unit="nok",
        direction=NEUTRAL,
        decimals=0,
        description="Varige driftsmidler tilført programområdet i løpet av året; i budsjettabellen er dette "
        "revidert minus opprinnelig budsjett.",
        source=AR2016_ECONOMY,
    ),
    Indicator(
        indicator_id="budget_deviation_nok",
        name="Avvik mot revidert budsjett",
        name_en="Deviation from the revised budget",
        panel="budget",
        goal_area=ARBEIDSKULTUR,
        unit="nok",
        direction=LOWER,
        decimals=0,
        description="Regnskap minus revidert budsjett etter avsetning til bundne fond: "
        "positivt er merforbruk, negativt mindreforbruk.",
        source=AR2016_ECONOMY,
    ),
    Indicator(
        indicator_id="investment_funds_freed_nok",
        name="Frigjorte investeringsmidler",
        name_en="Investment funds freed",
        panel="budget",
        goal_area=TRYGG,
        unit="nok",
        direction=HIGHER,
        decimals=0,
        description="Investeringsmidler frigjort ved å samlokalisere Drammen Aktivitet med Enter "
        "kompetanse AS og Vinn industrier AS på Gulskogen (oppgitt «i størrelsesorden»).",
        source=AR2016,
    ),
    # organisation panel
    Indicator(
        indicator_id="business_units",
        name="Virksomheter i helse, sosial og omsorg",
        name_en="Business units in HSO",
        panel="organisation",
        goal_area=ARBEIDSKULTUR,
        unit="count",
        direction=NEUTRAL,
        decimals=0,
        description="",
        source=f"{OP2013} – Organisasjonsutvikling",
    ),
)
INDICATOR_BY_ID = {i.indicator_id: i for i in INDICATORS}
INDICATOR_ORDER = {i.indicator_id: n for n, i in enumerate(INDICATORS)}

# ---------------------------------------------------------------------------------------------
# Events: the qualitative milestones, dated only as precisely as the texts date them.
# (date, unit_id, panel, title, description, source), the columns of the events table.

EVENTS = (
    (
        "2012-05-22",
        "drammen",
        "housing",
        "Boligsosial handlingsplan vedtatt",
        "Bystyret vedtok Boligsosial handlingsplan 22.5.12. Tiltak 1.5: omlegging til kostnadsdekkende "
        "husleie, i samsvar med statlige føringer (NOU 2011:15 Rom for alle).",
        f"{OP2013} – Omlegging til kostnadsdekkende husleie",
    ),
    (
        "2013",
        "drammen",
        "housing",
        "Gradvis omlegging til kostnadsdekkende husleie",
        "Kostnadsdekkende husleie innføres gradvis i de ordinære kommunale utleieboligene; omsorgsboliger "
        "og bofellesskap omfattes ikke. Økte leieinntekter foreslås tilbakeført til boligsosialt arbeid.",
        f"{OP2013} – Omlegging til kostnadsdekkende husleie",
    ),
    (
        "2013",
        "nav",
        "housing",
        "Flere søker NAV om bolig ved akutt bostedsløshet",
        "Antallet som søker NAV om bolig på grunn av akutt bostedsløshet øker; kjøp av flere kommunale "
        "utleieboliger og arbeid for at flere kan eie får sterkt fokus.",
        f"{OP2013} – Færre bostedsløse",
    ),
    (
        "2013",
        "rusforebygging",
        "housing",
        "Vurdering av kjøp av institusjonsplasser for rusavhengige",
        "Rådmannen vil i 2013 vurdere å gå fra egne korttids institusjonsplasser til eksternt kjøp av "
        "plasser for rusavhengige med store omsorgsbehov (Omsorgsplan 2015: hjemmebasert omsorg "
        "prioriteres).",
        f"{OP2013} – Alle kan bo",
    ),
    (
        "2013",
        "drammen",
        "housing",
        "IMDi anmoder om bosetting av 130 flyktninger per år",
        "IMDi har anmodet Drammen kommune om å bosette 130 flyktninger hvert år i den neste treårsperioden, "
        "herav 15 enslige barn og unge. Rådmannen foreslår å ta imot inntil 130.",
        f"{OP2013} – Mottak av flere flyktninger",
    ),
    (
        "2013-01",
        "p05",
        "social",
        "«En dør inn» til ungdomsarbeidet",
        "Nytt lavterskeltilbud fra årsskiftet 2013 for ungdom mellom 13 og 23 år, med blant annet "
        "helsestasjon, NAV og fylkeskommunens oppfølgingstjeneste. Lang åpningstid og ingen ventetid.",
        f"{OP2013} – «En dør inn» til ungdomsarbeidet",
    ),
    (
        "2013-01-01",
        "p05",
        "organisation",
        "Omorganisering fra 10 til 17 virksomheter",
        "Helse, sosial og omsorg omorganiseres fra 10 til 17 virksomheter fra 1.1.2013. Kontrollspennet for "
        "de to ledernivåene reduseres.",
        f"{OP2013} – Organisasjonsutvikling",
    ),
    (
        "2013",
        "p05",
        "organisation",
        "Nærværsprosjekt – helsefremmende arbeidsplasser",
        "Sykefraværet i helse, sosial og omsorg er høyt; et eget prosjekt setter sterkere fokus på "
        "arbeidsnærvær.",
        f"{OP2013} – Nærværsprosjekt",
    ),
    (
        "2016",
        "p05",
        "districts",
        "Beboere på sykehjem velger selv middag",
        "Fra våren 2016 har beboere ved sykehjemmene selv kunnet velge hva de vil spise til middag og når.",
        AR2016,
    ),
    (
        "2016",
        "hamborgstrom",
        "districts",
        "Terapibasseng åpnet ved Hamborgstrøm",
        "Det er åpnet et terapibasseng ved Hamborgstrøm helse- og omsorgsdistrikt.",
        AR2016,
    ),
    (
        "2016",
        "p05",
        "districts",
        "Plan for helse- og omsorgsdistriktene fram mot 2040 vedtatt",
        "Bystyret har, på bakgrunn av en behovsanalyse, vedtatt en plan for utvikling av helse- og "
        "omsorgsdistriktene fram mot 2040.",
        AR2016,
    ),
    (
        "2016",
        "p05",
        "districts",
        "Frivillighetskontakter på alle helse- og omsorgsdistriktene",
        "Frivillighetskontakter etablert på alle distriktene, med opplæring i regi av Verdighetsenteret, og "
        "samarbeidsavtaler med frivillige organisasjoner, barnehager og skoler.",
        AR2016,
    ),
    (
        "2016",
        "p05",
        "organisation",
        "Felles oppstartssamling for alle ansatte i HSO",
        "Alle ansatte deltok i felles oppstartssamling for å bygge arbeidskultur og følge opp "
        "HSO-planens strategier.",
        AR2016,
    ),
    (
        "2016",
        "p05",
        "districts",
        "Fritt valg av leverandør av hjemmesykepleie",
        "Det ble i 2016 åpnet for å velge privat leverandør av hjemmesykepleie; 6 personer har valgt det.",
        AR2016,
    ),
    (
        "2016",
        "p05",
        "overview",
        "Velferdsteknologi: multidosedispenser prøves ut",
        "Multidosedispenser der brukeren kan styre sitt eget medisininntak, prøves ut.",
        AR2016,
    ),
    (
        "2016",
        "helsehuset",
        "overview",
        "Velferdsteknologi: elektronisk medisinskap på Drammen helsehus",
        "Elektronisk medisinskap er installert på Drammen helsehus og prøvd ut for å øke pasientsikkerheten.",
        AR2016,
    ),
    (
        "2016",
        "p05",
        "overview",
        "Velferdsteknologi: digital hygienemaskin",
        "Digital hygienemaskin for desinfisering av utstyr er tatt i bruk.",
        AR2016,
    ),
    (
        "2016",
        "p05",
        "districts",
        "Sju av åtte distrikter livsgledesertifisert",
        "Syv av åtte helse- og omsorgsdistrikt ble livsgledesertifisert i løpet av 2016.",
        AR2016,
    ),
    (
        "2017-02",
        "p05",
        "districts",
        "Det åttende distriktet livsgledesertifisert",
        "Det siste av de åtte helse- og omsorgsdistriktene ble livsgledesertifisert i februar 2017.",
        AR2016,
    ),
    (
        "2016",
        "p05",
        "districts",
        "Avvik på ventetid for praktisk bistand/hjemmehjelp",
        "Alle med behov har fått sykehjemsplass i tråd med bystyrets mål, mens det er et avvik på antall "
        "dager det tar å få praktisk bistand/hjemmehjelp.",
        AR2016,
    ),
    (
        "2016",
        "nav",
        "social",
        "Økonomisk sosialhjelp på samme nivå som i 2015",
        "Utgiftene til økonomisk sosialhjelp var på samme nivå i 2016 som i 2015.",
        AR2016,
    ),
    (
        "2016",
        "drammen",
        "housing",
        "Startlånrammen utvidet fra 170 til 300 mill. kr",
        "Utvidelsen gjorde at 183 husstander fikk startlån i 2016 mot 148 i 2015.",
        AR2016,
    ),
    (
        "2016",
        "drammen",
        "housing",
        "Avtale med Husbanken om boligsosialt storbyprogram",
        "Drammen inngikk i 2016 en avtale med Husbanken om deltakelse i et boligsosialt storbyprogram.",
        AR2016,
    ),
    (
        "2016-06",
        "drammen",
        "housing",
        "Bystyret vedtok kostnadsdekkende husleie",
        "Bystyret vedtok i juni 2016 å innføre kostnadsdekkende husleie i alle kommunale utleieboliger.",
        AR2016,
    ),
    (
        "2016",
        "drammen",
        "housing",
        "Tilvisningsavtale for åtte leiligheter",
        "Avtale med privat utleier om bruk av kommunal tilvisningsrett i åtte leiligheter.",
        AR2016,
    ),
    (
        "2016",
        "tilrettelagte",
        "budget",
        "Samlokalisering frigjør om lag 100 mill. kr i investeringsmidler",
        "Samlokaliseringen av Drammen Aktivitet med Enter kompetanse AS og Vinn industrier AS har frigjort "
        "investeringsmidler i størrelsesorden 100 millioner kroner som ellers måtte gått til nye lokaler.",
        AR2016,
    ),
    (
        "2017-01-01",
        "tilrettelagte",
        "overview",
        "Drammen Aktivitet flyttet fra Brakerøya til Gulskogen",
        "Dagtilbudet til utviklingshemmede ved Drammen Aktivitet er flyttet til et nytt bedriftssenter på "
        "Gulskogen fra 1.1.17, med mål om flere små bedrifter.",
        AR2016,
    ),
    (
        "2016",
        "p05",
        "budget",
        "Tilført 10,9 mill. kr i varige driftsmidler",
        "I løpet av året fikk programområdet tilført 10,9 millioner kroner i varige driftsmidler.",
        AR2016_ECONOMY,
    ),
    (
        "2016",
        "p05",
        "budget",
        "Merforbruk på 2,1 mill. kr mot revidert budsjett",
        "Programområdet viser et merforbruk i forhold til revidert budsjett på 2,1 millioner kroner, etter "
        "avsetning til bundne fond.",
        AR2016_ECONOMY,
    ),
)

# ---------------------------------------------------------------------------------------------
# How each indicator is filled in: illustrative totals for the periods the texts do not give, and
# how a total breaks down.

SUM, FLAG, LEVEL = "sum", "flag", "level"

# Relative month weights (January first).
SEASON_FLAT = (1.0,) * 12
SEASON_WINTER = (1.15, 1.12, 1.05, 0.98, 0.95, 0.92, 0.82, 0.9, 0.97, 1.02, 1.06, 1.1)
SEASON_HOUSING = (0.8, 0.95, 1.05, 1.05, 1.1, 1.1, 0.75, 0.95, 1.05, 1.1, 1.05, 1.0)


@dataclass(frozen=True)
class Series:
    """One indicator at its home unit, and how its totals are broken down.

    mode SUM: the children (and months) add up exactly to the total; FLAG: each child is 0 or 1 and
    the total counts the ones (the set only grows over time); LEVEL: a rate or a duration, the children
    spread around the total and the months average to it.
    """

    indicator_id: str
    unit_id: str
    totals: dict[str, float]  # illustrative totals; published periods must not be listed
    mode: str = SUM
    children: tuple[str, ...] = ()
    monthly: bool = False
    season: tuple[float, ...] = SEASON_FLAT
    spread: float = 0.1  # SUM: relative noise of the split weights; LEVEL: relative spread of children
    month_noise: float = 0.08
    months_like: str = ""  # SUM at one unit: month weights follow this indicator's months


SERIES = (
    Series(
        "discharge_ready_patients",
        "p05",
        {"2013": 1985, "2014": 2140},
        children=DISTRICTS,
        monthly=True,
        season=SEASON_WINTER,
    ),
    Series(
        "everyday_rehab_persons", "p05", {"2013": 54, "2014": 72, "2015": 88}, children=DISTRICTS, spread=0.25
    ),
    Series(
        "livsglede_certified_districts",
        "p05",
        {"2013": 0, "2014": 1, "2015": 3},
        mode=FLAG,
        children=DISTRICTS,
    ),
    Series(
        "home_help_wait_days",
        "p05",
        {"2013": 11.2, "2014": 10.6, "2015": 11.8, "2016": 14.6},
        mode=LEVEL,
        children=DISTRICTS,
        spread=0.18,
    ),
    Series(
        "nursing_home_places",
        "p05",
        {"2013": 628, "2014": 628, "2015": 640, "2016": 646},
        children=DISTRICTS,
        spread=0.0,
    ),
    Series(
        "nursing_home_occupancy_pct",
        "p05",
        {"2013": 96.8, "2014": 97.4, "2015": 98.1, "2016": 98.4},
        mode=LEVEL,
        children=DISTRICTS,
        spread=0.012,
    ),
    Series("nursing_home_need_met_pct", "p05", {"2013": 97.9, "2014": 99.2, "2015": 100.0}, mode=LEVEL),
    Series(
        "sick_leave_pct",
        "p05",
        {"2013": 10.9, "2014": 10.5, "2015": 10.2, "2016": 9.8},
        mode=LEVEL,
        children=LEAVES,
        monthly=True,
        season=SEASON_WINTER,
        spread=0.15,
    ),
    Series("employees_trained", "p05", {"2013": 410, "2014": 486, "2015": 552}, children=LEAVES, spread=0.3),
    Series(
        "districts_with_volunteer_contact",
        "p05",
        {"2013": 2, "2014": 3, "2015": 5},
        mode=FLAG,
        children=DISTRICTS,
    ),
    Series("private_provider_choices", "p05", {}, children=DISTRICTS, spread=0.5),
    Series("startlan_frame_nok", "drammen", {"2013": 140_000_000, "2014": 160_000_000}),
    Series("startlan_households", "drammen", {"2013": 126, "2014": 139}, monthly=True, season=SEASON_HOUSING),
    Series(
        "startlan_granted_nok",
        "drammen",
        {"2013": 131_500_000, "2014": 152_300_000, "2015": 166_800_000, "2016": 287_400_000},
        monthly=True,
        months_like="startlan_households",
    ),
    Series("rent_to_own_households", "drammen", {"2013": 38, "2014": 49}),
    Series("municipal_rental_dwellings", "drammen", {"2013": 1180, "2014": 1196, "2015": 1214, "2016": 1231}),
    Series(
        "cost_covering_rent_pct", "drammen", {"2013": 12.0, "2014": 28.5, "2015": 41.0, "2016": 55.5}, LEVEL
    ),
    Series(
        "acute_homelessness_applications",
        "nav",
        {"2013": 412, "2014": 447, "2015": 471, "2016": 489},
        monthly=True,
        month_noise=0.12,
    ),
    Series("refugees_requested", "drammen", {"2016": 180}),
    Series("refugees_decided", "drammen", {"2013": 130, "2014": 130, "2015": 130, "2016": 180}),
    Series("refugees_settled", "drammen", {"2013": 117, "2014": 126, "2015": 130, "2016": 171}),
    Series("unaccompanied_minors_requested", "drammen", {"2016": 25}),
    Series("unaccompanied_minors_settled", "drammen", {"2013": 11, "2014": 14, "2015": 15, "2016": 22}),
    Series("children_low_income", "drammen", {"2013": 3120, "2014": 3290, "2016": 3410}),
    Series("children_low_income_pct", "drammen", {"2013": 22.9, "2016": 24.3}, mode=LEVEL),
    Series("operating_funds_added_nok", "p05", {"2013": 6_400_000, "2014": 8_200_000, "2015": 7_300_000}),
    Series("budget_deviation_nok", "p05", {"2013": -1_400_000, "2014": 900_000, "2015": -600_000}),
    Series("business_units", "p05", {"2014": 17, "2015": 17, "2016": 14}),
)
SERIES_BY_ID = {s.indicator_id: s for s in SERIES}


@dataclass(frozen=True)
class TargetSpec:
    """Illustrative targets at the series' home unit and, with per_child, for each of its children.

    A SUM series splits the target like its totals; a LEVEL series gives each child the same target.
    A relative tolerance is a share of the target.
    """

    indicator_id: str
    targets: dict[str, float]
    tolerance: float
    relative: bool = False
    per_child: bool = True


def _every_year(value: float) -> dict[str, float]:
    return dict.fromkeys(YEARS, value)


TARGETS = (
    TargetSpec(
        "discharge_ready_patients",
        {"2013": 2000, "2014": 2100, "2015": 2300, "2016": 2600},
        tolerance=0.05,
        relative=True,
    ),
    TargetSpec(
        "everyday_rehab_persons",
        {"2013": 50, "2014": 70, "2015": 90, "2016": 100},
        tolerance=0.1,
        relative=True,
    ),
    TargetSpec(
        "livsglede_certified_districts",
        {"2013": 0, "2014": 2, "2015": 4, "2016": 8},
        tolerance=1,
        per_child=False,
    ),
    TargetSpec("home_help_wait_days", _every_year(10.0), tolerance=2.0),
    TargetSpec("nursing_home_occupancy_pct", _every_year(97.0), tolerance=2.0),
    TargetSpec("nursing_home_need_met_pct", {"2013": 100, "2014": 100, "2015": 100}, tolerance=0),
    TargetSpec("sick_leave_pct", {"2013": 9.5, "2014": 9.3, "2015": 9.0, "2016": 8.8}, tolerance=0.5),
    TargetSpec(
        "employees_trained",
        {"2013": 400, "2014": 450, "2015": 550, "2016": 600},
        tolerance=0.1,
        relative=True,
    ),
    TargetSpec(
        "districts_with_volunteer_contact",
        {"2013": 2, "2014": 4, "2015": 6, "2016": 8},
        tolerance=1,
        per_child=False,
    ),
    TargetSpec(
        "startlan_households",
        {"2013": 120, "2014": 140, "2015": 150, "2016": 180},
        tolerance=0.05,
        relative=True,
    ),
    TargetSpec(
        "rent_to_own_households",
        {"2013": 40, "2014": 50, "2015": 60, "2016": 70},
        tolerance=0.1,
        relative=True,
    ),
    TargetSpec("cost_covering_rent_pct", {"2013": 15, "2014": 30, "2015": 45, "2016": 60}, tolerance=5.0),
    TargetSpec(
        "acute_homelessness_applications",
        {"2013": 400, "2014": 400, "2015": 420, "2016": 440},
        tolerance=0.05,
        relative=True,
    ),
    TargetSpec("refugees_settled", {"2016": 180}, tolerance=0),
    TargetSpec("unaccompanied_minors_settled", {"2016": 25}, tolerance=0),
    TargetSpec("budget_deviation_nok", _every_year(0), tolerance=1_000_000),
)

# ---------------------------------------------------------------------------------------------
# Budget: original budget 2013 per leaf unit and category, in millions of NOK (income negative).
# Its wage line is also the size of a unit when other totals are split between units.

CATEGORIES = ("Lønn", "Varer og tjenester", "Overføringer", "Inntekter")
BUDGET_BASE_2013 = {
    "nav": (78.0, 14.0, 150.0, -12.0),
    "rusforebygging": (30.0, 6.0, 3.0, -4.0),
    "psykisk-helse": (72.0, 9.0, 2.0, -6.0),
    "helsetjenesten": (96.0, 16.0, 3.0, -19.0),
    "helsehuset": (102.0, 17.0, 1.0, -24.0),
    "tilrettelagte": (200.0, 21.0, 4.0, -74.0),
    "hamborgstrom": (124.0, 18.0, 1.2, -22.0),
    "askollen": (92.0, 13.0, 0.9, -16.0),
    "konnerud": (98.0, 14.0, 1.0, -17.0),
    "fjell": (108.0, 16.0, 1.1, -19.0),
    "gulskogen": (114.0, 17.0, 1.1, -20.0),
    "fredholt": (96.0, 14.0, 0.9, -17.0),
    "saniteten": (118.0, 17.0, 1.2, -21.0),
    "stromso": (90.0, 13.0, 0.8, -15.0),
    "tjenestetildeling": (24.0, 3.0, 0.5, -1.0),
    "skap-gode-dager": (7.0, 2.5, 0.3, -0.3),
}
UNIT_SIZE = {u: base[0] for u, base in BUDGET_BASE_2013.items()}
BUDGET_GROWTH = 0.028  # a year, before noise
CATEGORY_SEASON = {
    "Lønn": (1.0, 0.95, 1.0, 1.0, 1.0, 1.45, 0.9, 1.0, 1.0, 1.0, 1.0, 1.05),  # feriepenger in June
    "Varer og tjenester": (0.9, 0.95, 1.0, 1.0, 1.0, 1.0, 0.8, 0.9, 1.05, 1.05, 1.1, 1.25),
    "Overføringer": SEASON_FLAT,
    "Inntekter": (1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 1.0, 1.0, 1.0, 1.0, 1.3),
}
REVISION_RANGE = (0.001, 0.012)  # |revised - original| per unit, share of the unit's net
DEVIATION_RANGE = (0.002, 0.02)  # |actual - revised| per unit, share of the unit's net
REVISION_POSITIVE_SHARE = 0.75  # most units get funds added, a few give some up
DEVIATION_POSITIVE_SHARE = 0.5  # about as many units overspend (merforbruk) as underspend

# ---------------------------------------------------------------------------------------------
# Helpers.


def rng(*key: object) -> random.Random:
    """A random stream of its own for each purpose, so that one change does not reshuffle the rest."""
    return random.Random(":".join(map(str, (SEED, *key))))


def split_int(total: int, weights: Sequence[float]) -> list[int]:
    """Split an integer into integer parts proportional to weights, adding up exactly (largest remainder).

    Exact integer arithmetic on weights scaled to integers; ties go to the earlier part. A negative
    total splits like its absolute value, every part negative or zero.
    """
    if total < 0:
        return [-part for part in split_int(-total, weights)]
    scaled = [round(w * 1_000_000) for w in weights]
    denominator = sum(scaled)
    if denominator <= 0 or min(scaled) < 0:
        raise ValueError(f"weights must be non-negative and not all zero: {weights}")
    parts = [total * w // denominator for w in scaled]
    remainders = [total * w % denominator for w in scaled]
    for i in sorted(range(len(parts)), key=lambda i: (-remainders[i], i))[: total - sum(parts)]:
        parts[i] += 1
    return parts


def noisy(weights: Sequence[float], r: random.Random, noise: float) -> list[float]:
    return [w * max(0.05, 1 + r.gauss(0, noise)) for w in weights]


def scale_of(decimals: int) -> int:
    return 10**decimals


def to_units(value: float, decimals: int) -> int:
    """A value as an integer count of its last decimal (24.3 with 1 decimal -> 243)."""
    return round(value * scale_of(decimals))


def fmt(value: float, decimals: int) -> str:
    return f"{value + 0.0:.{decimals}f}"  # + 0.0 turns -0.0 into 0.0


def period_of(year: str, month: str) -> str:
    return f"{year}-{month}"


def cite(source: str, note: str) -> str:
    return f"{source}; {note}" if note else source


# ---------------------------------------------------------------------------------------------
# Published figures.


@dataclass(frozen=True)
class Published:
    kind: str  # "observation" or "target"
    indicator_id: str
    unit_id: str
    period: str
    value: float
    tolerance: float
    decided_by: str
    source: str
    quote: str
    note: str


def read_published(path: Path = PUBLISHED_PATH) -> list[Published]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    published = [
        Published(**{**r, "value": float(r["value"]), "tolerance": float(r["tolerance"] or 0)}) for r in rows
    ]
    for p in published:
        indicator = INDICATOR_BY_ID[p.indicator_id]
        if p.unit_id not in UNIT_ORDER or p.kind not in ("observation", "target"):
            raise ValueError(f"bad published row: {p}")
        if float(fmt(p.value, indicator.decimals)) != p.value:
            raise ValueError(f"{p} does not fit {indicator.decimals} decimals")
    return published


# ---------------------------------------------------------------------------------------------
# Stores: a row per key, set once.

Key = tuple[str, str, str]  # (indicator_id, unit_id, period)


@dataclass
class Obs:
    value: float
    status: str
    source: str


@dataclass
class Target:
    target: float
    tolerance: float
    decided_by: str
    status: str


class Store(dict):
    """A mapping that refuses to set a key twice: generated rows can never replace published ones."""

    def add(self, key: tuple, row: object) -> None:
        if key in self:
            raise ValueError(f"{key} is already set ({self[key]}); refusing to override it")
        self[key] = row


# ---------------------------------------------------------------------------------------------
# Observations.


def lasting_weights(series: Series) -> list[float]:
    """Each child's lasting share of a SUM series: its size, with a lasting random factor of its own."""
    r = rng(series.indicator_id, "weights")
    return noisy([UNIT_SIZE[u] for u in series.children], r, series.spread)


@dataclass
class SeriesBuilder:
    """Fills one series into the observation store: totals, then children, then months."""

    spec: Series
    obs: Store
    indicator: Indicator = field(init=False)

    def __post_init__(self) -> None:
        self.indicator = INDICATOR_BY_ID[self.spec.indicator_id]

    def key(self, unit_id: str, period: str) -> Key:
        return (self.spec.indicator_id, unit_id, period)

    def add(self, unit_id: str, period: str, value: float, source: str) -> None:
        self.obs.add(self.key(unit_id, period), Obs(value, ILLUSTRATIVE, source))

    def run(self) -> None:
        spec = self.spec
        published = {k[2] for k in self.obs if k[:2] == (spec.indicator_id, spec.unit_id)}
        if clash := published & spec.totals.keys():
            raise ValueError(f"{spec.indicator_id}: illustrative totals given for published periods {clash}")
        for period in sorted(published | spec.totals.keys()):
            if period in spec.totals:
                self.add(spec.unit_id, period, spec.totals[period], GENERATED)
            source = SPLIT_OF_PUBLISHED if period in published else GENERATED
            total = self.obs[self.key(spec.unit_id, period)].value
            children = self.children(period, total)
            for unit_id, value in children.items():
                self.add(unit_id, period, value, source)
            if spec.monthly:
                self.months(period, total, children, source)

    # Children ---------------------------------------------------------------------------------

    def children(self, period: str, total: float) -> dict[str, float]:
        spec = self.spec
        if not spec.children:
            return {}
        if spec.mode == SUM:
            weights = noisy(lasting_weights(spec), rng(spec.indicator_id, "year", period), spec.spread / 3)
            return dict(zip(spec.children, split_int(round(total), weights), strict=True))
        if spec.mode == FLAG:
            order = sorted(spec.children, key=lambda u: rng(spec.indicator_id, "order", u).random())
            return {u: float(order.index(u) < round(total)) for u in spec.children}
        return self.spread_level(period, total)

    def spread_level(self, period: str, total: float) -> dict[str, float]:
        """Children of a rate spread around it, with a lasting bias each; weighted mean about the total."""
        spec, decimals = self.spec, self.indicator.decimals
        lasting, yearly = rng(spec.indicator_id, "bias"), rng(spec.indicator_id, "year", period)
        bias = [lasting.gauss(0, spec.spread) + yearly.gauss(0, spec.spread / 3) for _ in spec.children]
        sizes = [UNIT_SIZE[u] for u in spec.children]
        centre = sum(b * s for b, s in zip(bias, sizes, strict=True)) / sum(sizes)
        ceiling = 100.0 if self.indicator.unit == "percent" else float("inf")
        return {
            u: min(ceiling, max(0.0, round(total * (1 + b - centre), decimals)))
            for u, b in zip(spec.children, bias, strict=True)
        }

    # Months -----------------------------------------------------------------------------------

    def month_weights(self, unit_id: str, year: str) -> list[float]:
        spec = self.spec
        if spec.months_like:
            return [self.obs[(spec.months_like, unit_id, period_of(year, m))].value + 0.5 for m in MONTHS]
        return noisy(spec.season, rng(spec.indicator_id, "months", unit_id, year), spec.month_noise)

    def months(self, year: str, total: float, children: dict[str, float], source: str) -> None:
        """SUM: each child's months add up to the child, the home unit's months to the children's.

        LEVEL: the home unit's months average exactly to the year (in units of the last decimal).
        """
        decimals = self.indicator.decimals
        if self.spec.mode == LEVEL:
            months = split_int(to_units(total, decimals) * 12, self.month_weights(self.spec.unit_id, year))
            for m, units in zip(MONTHS, months, strict=True):
                self.add(self.spec.unit_id, period_of(year, m), units / scale_of(decimals), source)
            return
        parts = {u: split_int(round(v), self.month_weights(u, year)) for u, v in children.items()}
        if parts:
            home = [sum(column) for column in zip(*parts.values(), strict=True)]
        else:
            home = split_int(round(total), self.month_weights(self.spec.unit_id, year))
        for unit_id, months in (*parts.items(), (self.spec.unit_id, home)):
            for m, value in zip(MONTHS, months, strict=True):
                self.add(unit_id, period_of(year, m), value, source)


def build_observations(published: Iterable[Published]) -> Store:
    obs = Store()
    for p in published:
        if p.kind == "observation":
            obs.add((p.indicator_id, p.unit_id, p.period), Obs(p.value, FINAL, cite(p.source, p.note)))
    for spec in SERIES:
        SeriesBuilder(spec, obs).run()
    return obs


# ---------------------------------------------------------------------------------------------
# Targets.


def child_targets(spec: TargetSpec, series: Series, target: float) -> dict[str, float]:
    if series.mode == SUM:
        weights = lasting_weights(series)
        return dict(zip(series.children, split_int(round(target), weights), strict=True))
    if series.mode == LEVEL:
        return dict.fromkeys(series.children, target)
    raise ValueError(f"{spec.indicator_id}: no per-child targets for mode {series.mode}")


def tolerance_for(spec: TargetSpec, target: float, decimals: int) -> float:
    if not spec.relative:
        return spec.tolerance
    step = 1 / scale_of(decimals)
    return max(step, round(abs(target) * spec.tolerance, decimals))


def build_targets(published: Iterable[Published]) -> Store:
    targets = Store()
    for p in published:
        if p.kind == "target":
            targets.add(
                (p.indicator_id, p.unit_id, p.period), Target(p.value, p.tolerance, p.decided_by, FINAL)
            )
    for spec in TARGETS:
        series, decimals = SERIES_BY_ID[spec.indicator_id], INDICATOR_BY_ID[spec.indicator_id].decimals
        for period, target in spec.targets.items():
            rows = {series.unit_id: target}
            if spec.per_child and series.children:
                rows |= child_targets(spec, series, target)
            for unit_id, value in rows.items():
                row = Target(value, tolerance_for(spec, value, decimals), ILLUSTRATIVE_TARGET, ILLUSTRATIVE)
                targets.add((spec.indicator_id, unit_id, period), row)
    return targets


# ---------------------------------------------------------------------------------------------
# Budget.

BudgetKey = tuple[str, str, str, str]  # (unit_id, year, period, category)


@dataclass
class BudgetRow:
    original_budget: int
    revised_budget: int
    actual: int
    forecast: int


def mixed_signs(units: Sequence[str], positive_share: float, r: random.Random) -> dict[str, int]:
    """+1 or -1 per unit, about positive_share of them +1; districts and other units each get both."""
    signs: dict[str, int] = {}
    for group in ([u for u in units if u in DISTRICTS], [u for u in units if u not in DISTRICTS]):
        shuffled = sorted(group, key=lambda _: r.random())
        n_plus = min(len(group) - 1, max(1, round(len(group) * positive_share)))
        signs |= {u: 1 if i < n_plus else -1 for i, u in enumerate(shuffled)}
    return {u: signs[u] for u in units}


def signed_split(
    total: int,
    scale: dict[str, float],
    positive_share: float,
    share_range: tuple[float, float],
    r: random.Random,
) -> dict[str, int]:
    """Integer amounts per unit, some positive and some negative, adding up exactly to total.

    Each unit draws a magnitude (a share of its scale) and a sign; the side that has to absorb the
    difference (the positive side for a total >= 0) is rescaled, keeping its proportions and signs.
    """
    signs = mixed_signs(list(scale), positive_share, r)
    raw = {u: signs[u] * scale[u] * r.uniform(*share_range) for u in scale}
    free_sign = 1 if total >= 0 else -1
    fixed = {u: round(v) for u, v in raw.items() if v * free_sign < 0}
    free = [u for u in raw if u not in fixed]
    result = fixed | dict(
        zip(free, split_int(total - sum(fixed.values()), [abs(raw[u]) for u in free]), strict=True)
    )
    return {u: result[u] for u in scale}


def year_total(obs: Store, indicator_id: str, year: str) -> int:
    return round(obs[(indicator_id, "p05", year)].value)


def original_budget(year: str) -> dict[tuple[str, str], int]:
    """Original budget per (unit, category) for a year, whole thousands of kroner."""
    n = int(year) - int(YEARS[0])
    result = {}
    for unit_id, base in BUDGET_BASE_2013.items():
        r = rng("budget", "original", unit_id, year)
        for category, millions in zip(CATEGORIES, base, strict=True):
            amount = millions * 1e6 * (1 + BUDGET_GROWTH) ** n * (1 + r.gauss(0, 0.01))
            result[unit_id, category] = int(round(amount, -3))
    return result


def spread_over_categories(
    amounts: dict[str, int],
    basis: dict[tuple[str, str], int],
    r: random.Random,
) -> dict[tuple[str, str], int]:
    """Each unit's amount split over its categories, in proportion to the basis with some noise."""
    result = {}
    for unit_id, amount in amounts.items():
        weights = noisy([abs(basis[unit_id, c]) for c in CATEGORIES], r, 0.3)
        result |= dict(zip(((unit_id, c) for c in CATEGORIES), split_int(amount, weights), strict=True))
    return result


def budget_year(obs: Store, year: str) -> dict[BudgetKey, BudgetRow]:
    """Year and month rows for one year, meeting the published (or illustrative) p05 totals exactly:
    sum(revised - original) == operating_funds_added_nok, sum(actual - revised) == budget_deviation_nok.
    """
    original = original_budget(year)
    net = {u: sum(original[u, c] for c in CATEGORIES) for u in LEAVES}
    r = rng("budget", "deviations", year)
    revision = signed_split(
        year_total(obs, "operating_funds_added_nok", year), net, REVISION_POSITIVE_SHARE, REVISION_RANGE, r
    )
    revised = {k: original[k] + v for k, v in spread_over_categories(revision, original, r).items()}
    deviation = signed_split(
        year_total(obs, "budget_deviation_nok", year), net, DEVIATION_POSITIVE_SHARE, DEVIATION_RANGE, r
    )
    actual = {k: revised[k] + v for k, v in spread_over_categories(deviation, revised, r).items()}

    rows: dict[BudgetKey, BudgetRow] = {}
    for unit_id in LEAVES:
        for category in CATEGORIES:
            key = (unit_id, category)
            rows[unit_id, year, "year", category] = BudgetRow(
                original[key], revised[key], actual[key], actual[key]
            )
            rows |= budget_months(unit_id, year, category, original[key], revised[key], actual[key])
    return rows


def budget_months(
    unit_id: str,
    year: str,
    category: str,
    original: int,
    revised: int,
    actual: int,
) -> dict[BudgetKey, BudgetRow]:
    """Month rows that add up to the year; forecast = the year-end forecast made at that month."""
    r = rng("budget", "months", unit_id, year, category)
    season = CATEGORY_SEASON[category]
    months = zip(
        MONTHS,
        split_int(original, season),
        split_int(revised, season),
        split_int(actual, noisy(season, r, 0.05)),
        strict=True,
    )
    rows = {}
    for n, (month, o, rv, a) in enumerate(months, start=1):
        remaining = (12 - n) / 12
        forecast = actual + round(
            (revised - actual) * remaining + r.gauss(0, abs(revised) * 0.006) * remaining
        )
        rows[unit_id, year, f"M{month}", category] = BudgetRow(o, rv, a, forecast)
    return rows


def build_budget(obs: Store) -> dict[BudgetKey, BudgetRow]:
    rows: dict[BudgetKey, BudgetRow] = {}
    for year in YEARS:
        rows |= budget_year(obs, year)
    return rows


# ---------------------------------------------------------------------------------------------
# Rendering.


def to_csv(table: str, rows: Iterable[Sequence[object]], leave_out: Sequence[str] = ()) -> str:
    """The table as CSV; `leave_out` names optional columns the generator never fills."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    assert not any(schema.TABLES[table].column(name).required for name in leave_out)
    writer.writerow([c for c in schema.TABLES[table].column_names if c not in leave_out])
    writer.writerows(rows)
    return buffer.getvalue()


def series_order(key: Key) -> tuple[int, int, str]:
    indicator_id, unit_id, period = key
    return INDICATOR_ORDER[indicator_id], UNIT_ORDER[unit_id], period


def decimals_of(indicator_id: str) -> int:
    return INDICATOR_BY_ID[indicator_id].decimals


BUDGET_PERIOD_ORDER = {p: i for i, p in enumerate(schema.BUDGET_PERIODS)}
CATEGORY_ORDER = {c: i for i, c in enumerate(CATEGORIES)}


def render(published: list[Published]) -> dict[str, str]:
    """The six files, by name, as text."""
    obs = build_observations(published)
    targets = build_targets(published)
    budget = build_budget(obs)
    sorted_obs = sorted(obs.items(), key=lambda kv: series_order(kv[0]))
    sorted_targets = sorted(targets.items(), key=lambda kv: series_order(kv[0]))
    sorted_budget = sorted(
        budget.items(),
        key=lambda kv: (
            UNIT_ORDER[kv[0][0]],
            kv[0][1],
            BUDGET_PERIOD_ORDER[kv[0][2]],
            CATEGORY_ORDER[kv[0][3]],
        ),
    )
    events = sorted(EVENTS, key=lambda e: (e[0], UNIT_ORDER[e[1]], e[3]))
    return {
        "units.csv": to_csv("units", ((u.unit_id, u.name, u.parent_id, u.kind, u.note) for u in UNITS)),
        "indicators.csv": to_csv(
            "indicators",
            (
                (
                    i.indicator_id,
                    i.name,
                    i.name_en,
                    i.panel,
                    i.goal_area,
                    i.unit,
                    i.direction,
                    i.decimals,
                    i.description,
                    i.source,
                )
                for i in INDICATORS
            ),
        ),
        "observations.csv": to_csv(
            "observations",
            ((*k, fmt(o.value, decimals_of(k[0])), o.status, o.source) for k, o in sorted_obs),
            leave_out=("missing",),  # every generated and published figure has a value
        ),
        "targets.csv": to_csv(
            "targets",
            (
                (
                    *k,
                    fmt(t.target, decimals_of(k[0])),
                    fmt(t.tolerance, decimals_of(k[0])),
                    t.decided_by,
                    t.status,
                )
                for k, t in sorted_targets
            ),
        ),
        "budget.csv": to_csv(
            "budget",
            (
                (*k, b.original_budget, b.revised_budget, b.actual, b.forecast, ILLUSTRATIVE)
                for k, b in sorted_budget
            ),
        ),
        "events.csv": to_csv("events", events),
    }


# ---------------------------------------------------------------------------------------------
# Command line.


def stale_files(files: dict[str, str], out_dir: Path) -> list[str]:
    """Names of the files that are missing from out_dir or differ from what would be written."""
    return [
        name
        for name, text in files.items()
        if not (out_dir / name).is_file() or (out_dir / name).read_bytes() != text.encode("utf-8")
    ]


def write(files: dict[str, str], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out_dir / name).write_bytes(text.encode("utf-8"))


def main(argv: Sequence[str] | None = None, report: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m data.generate_drammen", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if the files on disk are not up to date")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="dataset folder (default: data/drammen)")
    parser.add_argument("--published", type=Path, default=PUBLISHED_PATH, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    files = render(read_published(args.published))
    if args.check:
        stale = stale_files(files, args.out)
        for name in stale:
            report(f"{args.out / name}: out of date; run python -m data.generate_drammen")
        return 1 if stale else 0
    write(files, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
