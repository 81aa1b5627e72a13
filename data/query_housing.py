"""Housing programmes (boligsosialt arbeid): the programmes as data, and pure queries over them.

Frames in, frames or values out; no I/O, inputs are never changed. A programme groups the
indicators of one measure (startlån, leie til eie, ...); each of its charts holds indicators
of the same measure unit. Events have no programme column in the dataset, so a programme
names the words that mark its events (matched in the event title, case-insensitively).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from data import query
from data.schema import DATE_RE, parse_period


@dataclass(frozen=True)
class Chart:
    key: str  # names the chart's title text: `housing_chart_<key>` in layouts/i18n.py
    indicators: tuple[str, ...]  # same measure unit, drawn as one line each


@dataclass(frozen=True)
class Programme:
    key: str  # the drill key in `/housing/<key>`; the title is `housing_programme_<key>`
    headline: str  # the indicator of the programme's headline card
    charts: tuple[Chart, ...]  # the first chart is the programme's trend on `/housing`
    event_words: tuple[str, ...] = ()

    @property
    def indicators(self) -> tuple[str, ...]:
        return tuple(i for chart in self.charts for i in chart.indicators)


PROGRAMMES: tuple[Programme, ...] = (
    Programme(
        "startlan",
        "startlan_frame_nok",
        (
            Chart("startlan_amount", ("startlan_frame_nok", "startlan_granted_nok")),
            Chart("startlan_households", ("startlan_households",)),
        ),
        ("startlån",),
    ),
    Programme(
        "leie-til-eie",
        "rent_to_own_households",
        (Chart("rent_to_own", ("rent_to_own_households",)),),
        ("leie til eie",),
    ),
    Programme(
        "utleieboliger",
        "municipal_rental_dwellings",
        (
            Chart("rental_stock", ("municipal_rental_dwellings",)),
            Chart("cost_covering_rent", ("cost_covering_rent_pct",)),
        ),
        ("utleiebolig", "husleie"),
    ),
    Programme(
        "bostedsloshet",
        "acute_homelessness_applications",
        (Chart("homelessness", ("acute_homelessness_applications",)),),
        ("bostedsløs",),
    ),
    Programme(
        "flyktninger",
        "refugees_settled",
        (
            Chart("refugees", ("refugees_requested", "refugees_decided", "refugees_settled")),
            Chart("minors", ("unaccompanied_minors_requested", "unaccompanied_minors_settled")),
        ),
        ("flyktning", "mindreårig"),
    ),
    Programme(
        "tilvisning",
        "tilvisning_flats",
        (Chart("tilvisning", ("tilvisning_flats",)),),
        ("tilvisning",),
    ),
)


def programme(key: str | None, programmes: tuple[Programme, ...] = PROGRAMMES) -> Programme | None:
    return next((p for p in programmes if p.key == key), None)


def available_programmes(
    observations: pd.DataFrame, programmes: tuple[Programme, ...] = PROGRAMMES
) -> tuple[str, ...]:
    """The keys of the programmes with at least one observation, in the programmes' order."""
    present = set(observations["indicator_id"])
    return tuple(p.key for p in programmes if present.intersection(p.indicators))


# --- Periods -----------------------------------------------------------------------------


def years_of(observations: pd.DataFrame, indicator_ids: tuple[str, ...] | list[str]) -> list[int]:
    """The years with any observation (annual or sub-annual) of the indicators."""
    return query.available_years(observations[observations["indicator_id"].isin(indicator_ids)])


def monthly_indicators(observations: pd.DataFrame, indicator_ids: tuple[str, ...] | list[str]) -> list[str]:
    """The indicators (in the given order) that have monthly observations."""
    obs = observations[observations["indicator_id"].isin(indicator_ids)]
    found = set(obs.loc[obs["period"].str.fullmatch(r"\d{4}-\d{2}"), "indicator_id"])
    return [i for i in indicator_ids if i in found]


def month_subperiods(
    observations: pd.DataFrame, indicator_ids: tuple[str, ...] | list[str]
) -> tuple[str, ...]:
    """'year', then 'M01'..'M12' for the months the indicators have figures for."""
    obs = observations[observations["indicator_id"].isin(indicator_ids)]
    months = sorted(
        {parsed[2] for p in obs["period"].unique() if (parsed := parse_period(p)) and parsed[1] == "month"}
    )
    return ("year", *(f"M{m:02d}" for m in months))


def event_position(date: str) -> float | None:
    """Where an event sits on a year axis whose annual points are at the year (mid-year).

    Year Y covers [Y - 0.5, Y + 0.5): '2016' -> 2016.0 (mid-year, as precise as the source);
    '2016-06' -> the middle of June; '2016-06-14' -> that day. None for anything else.
    """
    m = DATE_RE.match(date or "")
    if not m:
        return None
    year = int(m["year"])
    if not m["month"]:
        return float(year)
    month = int(m["month"])
    if not m["day"]:
        return year - 0.5 + (month - 0.5) / 12
    try:
        day = dt.date(year, month, int(m["day"])).timetuple().tm_yday
    except ValueError:  # not in the calendar (2016-02-30)
        return None
    return year - 0.5 + (day - 0.5) / (366 if calendar.isleap(year) else 365)


# --- Series ------------------------------------------------------------------------------


def top_unit(
    observations: pd.DataFrame,
    units: pd.DataFrame,
    indicator_id: str,
    facts: query.UnitFacts | None = None,
) -> str | None:
    """The highest unit in the tree that has figures for the indicator (e.g. drammen, or nav).
    `facts`: the units table's `query.UnitFacts` when the caller keeps them (else the depths are
    worked out here). The functions below that take `facts` pass it on to this one."""
    depth = query.unit_depths(units) if facts is None else facts.depths
    found = observations.loc[observations["indicator_id"] == indicator_id, "unit_id"].unique()
    ranked = sorted((depth[u], u) for u in found if u in depth)
    return ranked[0][1] if ranked else None


def _of_top_units(
    observations: pd.DataFrame, units: pd.DataFrame, indicator_ids, facts: query.UnitFacts | None = None
) -> pd.DataFrame:
    """The observations of each indicator at its top unit."""
    observations = query.of_indicators(observations, indicator_ids)  # first: few rows remain
    keep = {i: top_unit(observations, units, i, facts) for i in indicator_ids}
    obs = observations[observations["indicator_id"].isin([i for i, u in keep.items() if u])]
    return obs[obs["unit_id"] == obs["indicator_id"].map(keep)]


def annual_series(
    observations: pd.DataFrame,
    units: pd.DataFrame,
    indicator_ids: tuple[str, ...] | list[str],
    up_to: int | None = None,
    facts: query.UnitFacts | None = None,
) -> pd.DataFrame:
    """Annual figures of the indicators at their top unit, up to and including `up_to`.

    Columns: indicator_id, unit_id, year (int), value, status, source; ordered by the given
    indicators, then year.
    """
    obs = query.annual(_of_top_units(observations, units, indicator_ids, facts))
    obs = obs.assign(year=obs["period"].astype(int))
    if up_to is not None:
        obs = obs[obs["year"] <= up_to]
    order = {i: n for n, i in enumerate(indicator_ids)}
    obs = obs.assign(_order=obs["indicator_id"].map(order)).sort_values(["_order", "year"], kind="stable")
    return obs[["indicator_id", "unit_id", "year", "value", "status", "source"]].reset_index(drop=True)


def monthly_series(
    observations: pd.DataFrame,
    units: pd.DataFrame,
    indicator_id: str,
    year: int,
    facts: query.UnitFacts | None = None,
) -> pd.DataFrame:
    """The monthly figures of one indicator in one year, at its top unit.

    Columns: period ('2016-03'), month (int), value, status, source; ordered by month.
    """
    obs = _of_top_units(observations, units, [indicator_id], facts)
    obs = obs[obs["period"].str.fullmatch(rf"{int(year)}-\d{{2}}")]
    obs = obs.assign(month=obs["period"].str[5:].astype(int)).sort_values("month")
    return obs[["period", "month", "value", "status", "source"]].reset_index(drop=True)


def year_total(annual_rows: pd.DataFrame, months: pd.DataFrame) -> tuple[float | None, str, str]:
    """The year's total beside its months: (value, status, how).

    The annual figure when there is one (how = 'annual'), else the sum of the months
    ('sum', illustrative if any month is); (None, 'n/a', 'none') when there is neither.
    """
    if len(annual_rows):
        row = annual_rows.iloc[0]
        return float(row["value"]), str(row["status"]), "annual"
    if len(months) and months["value"].isna().any():  # a month missing with a reason: no total
        return None, "n/a", "none"
    if len(months):
        statuses = set(months["status"])
        status = next((s for s in ("illustrative", "preliminary") if s in statuses), "final")
        return float(months["value"].sum()), status, "sum"
    return None, "n/a", "none"


def months_of_year(
    observations: pd.DataFrame,
    units: pd.DataFrame,
    indicator_id: str,
    year: int,
    facts: query.UnitFacts | None = None,
) -> tuple[pd.DataFrame, tuple[float | None, str, str]]:
    """One indicator's months of a year (monthly_series) and the year's total (year_total)."""
    months = monthly_series(observations, units, indicator_id, year, facts)
    annual = annual_series(observations, units, [indicator_id], up_to=year, facts=facts)
    return months, year_total(annual[annual["year"] == year], months)


def programme_events(
    events: pd.DataFrame, prog: Programme, first_year: int | None = None, last_year: int | None = None
) -> pd.DataFrame:
    """The housing events of a programme (by its words in the title) within the years shown.

    Columns: date, x (the position on the year axis), title, description, source; by date.
    """
    empty = pd.DataFrame(columns=["date", "x", "title", "description", "source"])
    if events.empty or not prog.event_words:
        return empty
    rows = events[events["panel"] == "housing"]
    titles = rows["title"].str.casefold()
    hit = pd.Series(False, index=rows.index)
    for word in prog.event_words:
        hit |= titles.str.contains(word.casefold(), regex=False)
    rows = rows[hit]
    rows = rows.assign(x=rows["date"].map(event_position)).dropna(subset=["x"])
    if first_year is not None:
        rows = rows[rows["x"] >= first_year - 0.5]
    if last_year is not None:
        rows = rows[rows["x"] < last_year + 0.5]
    rows = rows.sort_values(["x", "date"], kind="stable")
    return rows[["date", "x", "title", "description", "source"]].reset_index(drop=True)


# --- The values of a period, with status against target ----------------------------------


def _number(x: object) -> float | None:
    return float(x) if isinstance(x, int | float) and math.isfinite(x) else None


def period_values(
    observations: pd.DataFrame,
    targets: pd.DataFrame,
    indicators: pd.DataFrame,
    units: pd.DataFrame,
    indicator_ids: tuple[str, ...] | list[str],
    year: int,
    month: int | None = None,
    facts: query.UnitFacts | None = None,
) -> pd.DataFrame:
    """One row per indicator: its figure for the month (where it has months) or else the year.

    Columns: indicator_id, unit_id, period, value, status, target, target_status (the
    status of the target figure itself), result ('met' / 'near' / 'missed' / 'n/a', see
    data.query.target_status), and the indicator's name, name_en, unit, decimals and the
    unit's unit_name. A missing figure has value NaN and status 'n/a'; indicators the
    indicators table lacks are left out.
    """
    meta = indicators.set_index("indicator_id")
    obs = _of_top_units(observations, units, indicator_ids, facts)
    wanted_month = f"{int(year)}-{month:02d}" if month else None
    rows = []
    for ind in indicator_ids:
        own = obs[obs["indicator_id"] == ind]
        period = wanted_month if wanted_month and (own["period"] == wanted_month).any() else str(year)
        hit = own[own["period"] == period]
        value = float(hit["value"].iloc[0]) if len(hit) else math.nan
        status = str(hit["status"].iloc[0]) if len(hit) else "n/a"
        top = None if len(hit) else top_unit(observations, units, ind, facts)
        unit_id = str(hit["unit_id"].iloc[0]) if len(hit) else (top or "")
        goal = targets[
            (targets["indicator_id"] == ind) & (targets["unit_id"] == unit_id) & (targets["period"] == period)
        ]
        target = float(goal["target"].iloc[0]) if len(goal) else None
        tolerance = float(goal["tolerance"].iloc[0]) if len(goal) else None
        direction = str(meta.at[ind, "direction"]) if ind in meta.index else "neutral"
        rows.append(
            {
                "indicator_id": ind,
                "unit_id": unit_id,
                "period": period,
                "value": value,
                "status": status,
                "target": math.nan if target is None else target,
                "target_status": str(goal["status"].iloc[0]) if len(goal) else "n/a",
                "result": query.target_status(_number(value), target, tolerance, direction),
            }
        )
    columns = ["indicator_id", "unit_id", "period", "value", "status", "target", "target_status", "result"]
    out = pd.DataFrame(rows, columns=columns)
    out = out.merge(indicators[["indicator_id", "name", "name_en", "unit", "decimals"]], on="indicator_id")
    names = dict(zip(units["unit_id"].tolist(), units["name"].tolist(), strict=True))
    return out.assign(unit_name=out["unit_id"].map(names).fillna(""))


def sources(rows: pd.DataFrame) -> list[str]:
    """The distinct sources of some observations, in order, each without its note after ';'."""
    out: list[str] = []
    for text in rows["source"]:
        head = str(text).split(";")[0].strip()
        if head and head not in out:
            out.append(head)
    return out
