"""Pure queries for the districts page: frames in, frames or values out. No I/O.

The districts are the units of kind `district` (all under one programme area, P05). Targets
come from the district itself where it has one; otherwise the programme area's target is used:
as it is for measures that are not added up (percent, days), and divided equally among the
districts for counts and amounts (a total of 8 certified districts is 1 per district).
"""

from __future__ import annotations

import math

import pandas as pd

from data import query
from data.schema import parse_period

ADDITIVE = ("count", "nok")  # measures whose district figures add up to the programme area's

# Where a district's target comes from.
FROM_DISTRICT, FROM_PARENT, FROM_SHARE, NO_TARGET = "district", "parent", "share", ""

TARGET_COLUMNS = ["unit_id", "target", "tolerance", "target_status", "target_source"]


def is_additive(measure_unit: str) -> bool:
    return measure_unit in ADDITIVE


def district_units(units: pd.DataFrame) -> pd.DataFrame:
    """The districts (unit_id, name, parent_id) in the order of the units table."""
    rows = units.loc[units["kind"].eq("district"), ["unit_id", "name", "parent_id"]]
    return rows.reset_index(drop=True)


def parent_of(units: pd.DataFrame) -> str | None:
    """The unit the districts belong to (the programme area), or None without districts."""
    parents = district_units(units)["parent_id"]
    return str(parents.iloc[0]) if len(parents) else None


def shown_districts(units: pd.DataFrame, selected: list[str] | tuple[str, ...]) -> list[str]:
    """The districts a unit filter covers (hierarchy-aware: P05 covers every district)."""
    covered = set(query.expand_units(units, list(selected)))
    return [u for u in district_units(units)["unit_id"] if u in covered]


def combined_status(statuses: pd.Series) -> str:
    """'illustrative' if any figure is, else 'preliminary' if any is, else 'final'."""
    values = set(statuses)
    for status in ("illustrative", "preliminary"):
        if status in values:
            return status
    return "final"


def year_of(period: str) -> int | None:
    parsed = parse_period(period)
    return parsed[0] if parsed else None


def is_whole_year(period: str) -> bool:
    parsed = parse_period(period)
    return bool(parsed) and parsed[1] == "year"


def _number(x: object) -> float:
    return float(x) if isinstance(x, int | float) and math.isfinite(x) else math.nan


def _target_row(targets: pd.DataFrame, indicator_id: str, unit_id: str, periods: list[str]):
    """The first target of `unit_id` for one of `periods`, in that order, or None."""
    rows = targets[(targets["indicator_id"] == indicator_id) & (targets["unit_id"] == unit_id)]
    for period in periods:
        found = rows[rows["period"] == period]
        if len(found):
            return found.iloc[0]
    return None


def targets_for(
    targets: pd.DataFrame,
    indicator_id: str,
    measure_unit: str,
    district_ids: list[str],
    parent: str | None,
    period: str,
    n_districts: int,
) -> pd.DataFrame:
    """Each district's target for `period`: unit_id, target, tolerance, target_status, target_source.

    A district's own target comes first. Otherwise the parent's: as it is for measures that are
    not added up; divided by `n_districts` for counts and amounts. For a month or tertial of a
    measure that is not added up, the year's target applies; counts have no target for part of
    a year (a year's target does not say how it is spread over the months).
    """
    periods = [period]
    year = year_of(period)
    if year is not None and not is_whole_year(period) and not is_additive(measure_unit):
        periods.append(str(year))
    targets = targets[
        (targets["indicator_id"] == indicator_id) & targets["unit_id"].isin([*district_ids, parent])
    ]
    if "status" not in targets.columns:
        targets = targets.assign(status="final")
    own_parent = None if parent is None else _target_row(targets, indicator_id, parent, periods)
    out = []
    for unit_id in district_ids:
        row, source, share = _target_row(targets, indicator_id, unit_id, periods), FROM_DISTRICT, 1.0
        if row is None and own_parent is not None:
            row = own_parent
            if is_additive(measure_unit):
                source, share = FROM_SHARE, float(max(n_districts, 1))
            else:
                source = FROM_PARENT
        if row is None:
            out.append((unit_id, math.nan, math.nan, "", NO_TARGET))
            continue
        tolerance = _number(row["tolerance"])
        out.append(
            (
                unit_id,
                _number(row["target"]) / share,
                (0.0 if math.isnan(tolerance) else tolerance) / share,
                str(row["status"]),
                source,
            )
        )
    return pd.DataFrame(out, columns=TARGET_COLUMNS)


def _values(observations: pd.DataFrame, indicator_id: str, period: str, unit_ids: list[str]) -> pd.DataFrame:
    rows = observations[
        (observations["indicator_id"] == indicator_id)
        & (observations["period"] == period)
        & observations["unit_id"].isin(unit_ids)
        & observations["value"].notna()  # a value missing with a reason is left out, never a 0
    ]
    return rows[["unit_id", "value", "status", "source"]]


def district_values(
    observations: pd.DataFrame,
    targets: pd.DataFrame,
    units: pd.DataFrame,
    indicator: dict,
    period: str,
    selected: list[str] | tuple[str, ...] = (),
) -> pd.DataFrame:
    """One row per shown district with a figure for `period`, highest value first.

    Columns: unit_id, name, value, status, source, target, tolerance, target_status,
    target_source, vs_target ('met' / 'near' / 'missed' / 'n/a').
    """
    districts = district_units(units)
    shown = shown_districts(units, selected)
    names = dict(zip(districts["unit_id"], districts["name"], strict=True))
    values = _values(observations, indicator["indicator_id"], period, shown)
    goals = targets_for(
        targets,
        indicator["indicator_id"],
        indicator["unit"],
        shown,
        parent_of(units),
        period,
        len(districts),
    )
    out = values.merge(goals, on="unit_id", how="left")
    out.insert(1, "name", out["unit_id"].map(names))
    out["vs_target"] = [
        query.target_status(v, tg, tol, indicator["direction"])
        for v, tg, tol in zip(out["value"], out["target"], out["tolerance"], strict=True)
    ]
    return out.sort_values(["value", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)


def district_average(
    observations: pd.DataFrame,
    units: pd.DataFrame,
    indicator_id: str,
    period: str,
    exclude: str | None = None,
) -> dict:
    """The mean over every district with a figure for `period` (less `exclude`).

    {'value': mean or None, 'status': combined status, 'n': number of districts averaged}.
    """
    ids = [u for u in district_units(units)["unit_id"] if u != exclude]
    rows = _values(observations, indicator_id, period, ids)
    if rows.empty:
        return {"value": None, "status": "final", "n": 0}
    return {"value": float(rows["value"].mean()), "status": combined_status(rows["status"]), "n": len(rows)}


def district_series(
    observations: pd.DataFrame,
    targets: pd.DataFrame,
    units: pd.DataFrame,
    indicator: dict,
    selected: list[str] | tuple[str, ...] = (),
) -> pd.DataFrame:
    """Yearly figures of every shown district, in district order, then year.

    Columns: unit_id, name, x (the year, '2016'), value, status, source, target, target_status,
    target_source.
    """
    districts = district_units(units)
    shown = shown_districts(units, selected)
    names = dict(zip(districts["unit_id"], districts["name"], strict=True))
    rows = query.annual(observations)
    rows = rows[(rows["indicator_id"] == indicator["indicator_id"]) & rows["unit_id"].isin(shown)]
    columns = [
        "unit_id",
        "name",
        "x",
        "value",
        "status",
        "source",
        "target",
        "target_status",
        "target_source",
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    parts = []
    for year in sorted(rows["period"].unique()):
        goals = targets_for(
            targets,
            indicator["indicator_id"],
            indicator["unit"],
            shown,
            parent_of(units),
            year,
            len(districts),
        )
        part = rows[rows["period"] == year].merge(goals, on="unit_id", how="left")
        parts.append(part.assign(x=year))
    out = pd.concat(parts, ignore_index=True)
    out = out.assign(
        name=out["unit_id"].map(names), _order=out["unit_id"].map({u: i for i, u in enumerate(shown)})
    )
    return out.sort_values(["_order", "x"], kind="stable")[columns].reset_index(drop=True)


def profile_series(
    observations: pd.DataFrame, units: pd.DataFrame, indicator_id: str, district: str
) -> pd.DataFrame:
    """A district's yearly figures and the other districts' average: series ('district' /
    'others'), x (year), value, status. The average's status is 'illustrative' if any of its
    figures is."""
    rows = query.annual(observations)
    rows = rows[rows["indicator_id"] == indicator_id]
    others = [u for u in district_units(units)["unit_id"] if u != district]
    own = rows[rows["unit_id"] == district]
    out = [own.assign(series="district", x=own["period"])[["series", "x", "value", "status"]]]
    rest = rows[rows["unit_id"].isin(others)]
    if len(rest):
        grouped = rest.groupby("period", sort=True)
        mean = grouped["value"].mean()
        status = grouped["status"].agg(combined_status)
        out.append(
            pd.DataFrame({"series": "others", "x": mean.index, "value": mean.values, "status": status.values})
        )
    return (
        pd.concat(out, ignore_index=True).sort_values(["series", "x"], kind="stable").reset_index(drop=True)
    )


def profile_targets(
    targets: pd.DataFrame,
    units: pd.DataFrame,
    indicator: dict,
    district: str,
    years: list[str],
) -> pd.DataFrame:
    """The district's target per year (its own, else the parent's as in `targets_for`):
    x, target, status, source. Years without a target are left out."""
    n = len(district_units(units))
    parent = parent_of(units)
    targets = targets[targets["indicator_id"] == indicator["indicator_id"]]
    rows = []
    for year in sorted(years):
        goal = targets_for(targets, indicator["indicator_id"], indicator["unit"], [district], parent, year, n)
        first = goal.iloc[0]
        if first["target_source"] != NO_TARGET:
            rows.append((year, first["target"], first["target_status"], first["target_source"]))
    return pd.DataFrame(rows, columns=["x", "target", "status", "source"])


def district_profile(
    observations: pd.DataFrame,
    targets: pd.DataFrame,
    units: pd.DataFrame,
    indicators: pd.DataFrame,
    district: str,
) -> list[tuple[dict, pd.DataFrame, pd.DataFrame, str]]:
    """For every districts-panel indicator, in order: (indicator, profile_series,
    profile_targets, the sources of the district's figures) of one district over the years."""
    inds = indicators[indicators["panel"] == "districts"]
    observations = query.annual(observations[observations["indicator_id"].isin(inds["indicator_id"])])
    targets = targets[targets["indicator_id"].isin(inds["indicator_id"])]
    out = []
    for indicator in inds.to_dict("records"):
        series = profile_series(observations, units, indicator["indicator_id"], district)
        years = sorted(series.loc[series["series"] == "district", "x"].unique())
        goals = profile_targets(targets, units, indicator, district, years)
        source = figure_sources(
            observations, indicator["indicator_id"], [district], indicator.get("source", "")
        )
        out.append((indicator, series, goals, source))
    return out


def district_events(events: pd.DataFrame, units: pd.DataFrame, district: str) -> pd.DataFrame:
    """Events of the district itself, and the districts panel's events of the programme area
    (they concern every district). Columns: date, title, description, source, scope
    ('district' / 'all'); oldest first."""
    parent = parent_of(units)
    own = events["unit_id"] == district
    shared = (events["unit_id"] == parent) & (events["panel"] == "districts")
    out = events[own | shared].assign(
        scope=lambda e: e["unit_id"].map(lambda u: "district" if u == district else "all")
    )
    return out.sort_values("date", kind="stable")[
        ["date", "title", "description", "source", "scope"]
    ].reset_index(drop=True)


def event_markers(events: pd.DataFrame) -> pd.DataFrame:
    """One marker per year for a yearly chart: x ('2016'), title (the year's titles, one a line)."""
    if events.empty:
        return pd.DataFrame(columns=["x", "title"])
    years = events.assign(x=events["date"].str[:4])
    grouped = years.groupby("x", sort=True)["title"].agg(lambda titles: "\n".join(titles))
    return pd.DataFrame({"x": grouped.index, "title": grouped.values})


def district_table(
    observations: pd.DataFrame,
    targets: pd.DataFrame,
    units: pd.DataFrame,
    indicators: pd.DataFrame,
    district: str,
    period: str,
) -> pd.DataFrame:
    """Every districts-panel indicator for one district and period, in the indicators' order.

    Columns: indicator_id, name, name_en, unit, decimals, value, status, target, target_status,
    target_source, vs_target, others, others_status. Missing figures are NaN.
    """
    n = len(district_units(units))
    parent = parent_of(units)
    observations = observations[observations["period"] == period]
    rows = []
    for ind in indicators[indicators["panel"] == "districts"].to_dict("records"):
        own = _values(observations, ind["indicator_id"], period, [district])
        value = float(own["value"].iloc[0]) if len(own) else math.nan
        status = str(own["status"].iloc[0]) if len(own) else ""
        goal = targets_for(targets, ind["indicator_id"], ind["unit"], [district], parent, period, n).iloc[0]
        others = district_average(observations, units, ind["indicator_id"], period, exclude=district)
        rows.append(
            {
                "indicator_id": ind["indicator_id"],
                "name": ind["name"],
                "name_en": ind.get("name_en", ""),
                "unit": ind["unit"],
                "decimals": int(ind.get("decimals", 0)),
                "value": value,
                "status": status,
                "target": goal["target"],
                "target_status": goal["target_status"],
                "target_source": goal["target_source"],
                "vs_target": query.target_status(value, goal["target"], goal["tolerance"], ind["direction"]),
                "others": math.nan if others["value"] is None else others["value"],
                "others_status": others["status"] if others["n"] else "",
            }
        )
    return pd.DataFrame(rows)


def figure_sources(
    observations: pd.DataFrame, indicator_id: str, unit_ids: list[str], fallback: str = ""
) -> str:
    """The sources of an indicator's figures for some units (see `sources`)."""
    rows = observations[
        (observations["indicator_id"] == indicator_id) & observations["unit_id"].isin(unit_ids)
    ]
    return sources(rows, fallback)


def sources(rows: pd.DataFrame, fallback: str = "") -> str:
    """The distinct sources of the figures shown ('; ' between), else `fallback`."""
    found = [s for s in dict.fromkeys(rows["source"]) if isinstance(s, str) and s] if "source" in rows else []
    return "; ".join(found) or fallback
