"""Pure queries for the districts page: frames in, frames or values out. No I/O.

The districts are the units of kind `district`, each under an area (its parent: a programme
area, P05 in Drammen; a national dataset has one per municipality). The page shows one area's
districts, or those the unit filter covers, at most MAX_DISTRICTS at a time. Targets come from
the district itself where it has one; otherwise its area's target is used: as it is for
measures that are not added up (percent, days), and divided equally among the area's districts
for counts and amounts (a total of 8 certified districts is 1 per district).
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd

from data import query
from data.schema import parse_period

MAX_DISTRICTS = 40  # the most districts one screen draws (bars, small multiples, table)

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


class DistrictTree:
    """The unit tree as the districts page reads it, worked out once per dataset (the callbacks
    keep one per store and dataset version): what `district_units`, `parent_of`,
    `area_districts`, `area_of`, `shown_districts`, `shown_names`, `area_groups` and
    `query.expand_units` give, from maps built once instead of on every call (a national tree
    has 2 343 units). Every function of this module that takes `units` also takes a tree, and
    gives the same value from it. The tree never changes once built."""

    def __init__(self, units: pd.DataFrame) -> None:
        self.units = units  # the units table it was built from (read, never changed)
        districts = district_units(units)
        self.district_ids: tuple[str, ...] = tuple(districts["unit_id"])
        self.district_names = dict(zip(districts["unit_id"], districts["name"], strict=True))
        # a district's area as `area_districts` / `area_of` compare it: str(parent_id)
        area_ids = [str(p) for p in districts["parent_id"]]
        self.area_of_district: dict[str, str] = {}
        self.by_area: dict[str, list[str]] = {}
        for unit_id, area in zip(self.district_ids, area_ids, strict=True):
            self.area_of_district.setdefault(unit_id, area)
            self.by_area.setdefault(area, []).append(unit_id)
        # `area_groups` reads the areas as `astype(str)` gives them (a missing parent stays missing)
        as_text = districts["parent_id"].astype(str)
        self.group_of = dict(zip(districts["unit_id"], as_text, strict=True))
        self.area_sizes = as_text.value_counts().to_dict()
        self.home: str | None = area_ids[0] if area_ids else None  # `parent_of`
        self.names = dict(zip(units["unit_id"], units["name"], strict=True))  # every unit's
        self.parents = dict(zip(units["unit_id"], units["parent_id"], strict=True))
        beside = query.comparison_ids(units)
        self.inside: dict[object, list[str]] = {}  # children by parent, comparison units left out
        for unit, parent in zip(units["unit_id"].tolist(), units["parent_id"].tolist(), strict=True):
            if unit not in beside:
                self.inside.setdefault(parent, []).append(unit)
        self._known = frozenset(units["unit_id"].tolist())
        self._below: dict[str, tuple[str, ...]] = {}

    def area_districts(self, area: str | None) -> list[str]:
        return list(self.by_area.get(area, ())) if isinstance(area, str) else []

    def area_of(self, district: str) -> str | None:
        try:
            return self.area_of_district.get(district, self.home)
        except TypeError:  # an unhashable key is no district
            return self.home

    def descendants(self, unit_id: str) -> tuple[str, ...]:
        """`query.descendants(units, unit_id)` (kept per unit: at most one entry per unit)."""
        found = self._below.get(unit_id)
        if found is None:
            found = self._below[unit_id] = tuple(query.below(self.inside, unit_id))
        return found

    def covered(self, selected) -> set[str]:
        """`set(query.expand_units(units, selected))` of a non-empty choice."""
        out: set[str] = set()
        for unit in selected:
            if unit in self._known:
                out.add(unit)
                out.update(self.descendants(unit))
        return out

    def shown(self, selected) -> list[str]:
        if not selected:
            return self.area_districts(self.home)
        covered = self.covered(list(selected))
        return [u for u in self.district_ids if u in covered]


def tree_of(units: pd.DataFrame | DistrictTree) -> DistrictTree:
    """`units` as a `DistrictTree` (a tree as it is; a units table read now)."""
    return units if isinstance(units, DistrictTree) else DistrictTree(units)


Units = pd.DataFrame | DistrictTree  # a units table, or its `DistrictTree`


def parent_of(units: Units) -> str | None:
    """The unit the districts belong to (the programme area), or None without districts."""
    return tree_of(units).home


def area_districts(units: Units, area: str | None) -> list[str]:
    """The districts whose parent is `area`, in the order of the units table."""
    return tree_of(units).area_districts(area)


def area_of(units: Units, district: str) -> str | None:
    """The area (parent) of a district; for a unit that is no district, the home area."""
    return tree_of(units).area_of(district)


def shown_districts(units: Units, selected: list[str] | tuple[str, ...]) -> list[str]:
    """The districts a unit filter covers, in the order of the units table (hierarchy-aware: a
    municipality or programme area covers its districts). Nothing chosen: the districts of the
    home area (`parent_of`), not every district of a national dataset."""
    return tree_of(units).shown(selected)


def shown_names(units: Units, district_ids: list[str]) -> dict[str, str]:
    """The districts' names; a name two of them share ('Distrikt 1' of two municipalities) gets
    the name of the unit above its area (the municipality) in brackets, so bars never merge."""
    tree = tree_of(units)
    names = tree.district_names
    shown = {u: names[u] for u in district_ids if u in names}
    values = list(shown.values())
    if all(isinstance(v, str) for v in values):
        twice = {v for v, n in Counter(values).items() if n > 1}
    else:  # value_counts leaves missing names out
        counts = pd.Series(values, dtype=object).value_counts()
        twice = set(counts[counts > 1].index)
    if not twice:
        return shown
    all_names, parents = tree.names, tree.parents
    for unit_id, name in shown.items():
        if name in twice:
            area = parents.get(unit_id)
            above = parents.get(area) if parents.get(area) in all_names else area
            shown[unit_id] = f"{name} ({all_names.get(above, above)})"
    return shown


def area_groups(units: Units, district_ids: list[str]) -> list[tuple[str | None, list[str], int]]:
    """The areas of some districts: (area, its districts among `district_ids`, the number of
    districts the area has), in order of first appearance. An area's count shares its target."""
    tree = tree_of(units)
    parents, sizes = tree.group_of, tree.area_sizes
    groups: dict[str | None, list[str]] = {}
    for unit_id in district_ids:
        groups.setdefault(parents.get(unit_id), []).append(unit_id)
    return [(area, ids, int(sizes.get(area, len(ids)))) for area, ids in groups.items()]


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


class _Targets:
    """The targets of one indicator for some units, looked up by (unit, period): the first row of
    each pair in the table's order (what `_target_row` finds), read once instead of per call.
    `fast` is False when the amounts are not plain floats: then `targets_for` reads row by row."""

    def __init__(self, targets: pd.DataFrame, indicator_id: str, unit_ids) -> None:
        rows = targets[(targets["indicator_id"] == indicator_id) & targets["unit_id"].isin(list(unit_ids))]
        self.rows = rows
        self.fast = _plain_amounts(rows)
        self.first: dict[tuple[str, str], tuple[object, object, object]] = {}
        if self.fast:
            for key in _target_tuples(rows):
                self.first.setdefault(key[1:3], key[3:])

    @classmethod
    def per_indicator(cls, targets: pd.DataFrame, unit_ids) -> dict[str, _Targets]:
        """A `_Targets` for every indicator of a targets table with plain float amounts, read in one
        pass; an indicator without targets is left out (`_Targets.empty()` stands in for it)."""
        rows = targets[targets["unit_id"].isin(list(unit_ids))]
        out: dict[str, _Targets] = {}
        for key in _target_tuples(rows):
            index = out.get(key[0])
            if index is None:
                index = out[key[0]] = cls.empty()
            index.first.setdefault(key[1:3], key[3:])
        return out

    @classmethod
    def empty(cls) -> _Targets:
        index = cls.__new__(cls)
        index.rows, index.fast, index.first = None, True, {}
        return index

    def row(self, unit_id: str, periods: list[str]):
        """(target, tolerance, status) of the first of `periods` `unit_id` has a target for, or None."""
        for period in periods:
            found = self.first.get((unit_id, period))
            if found is not None:
                return found
        return None


def _plain_amounts(targets: pd.DataFrame) -> bool:
    return targets["target"].dtype == "float64" and targets["tolerance"].dtype == "float64"


def _target_tuples(rows: pd.DataFrame):
    """(indicator_id, unit_id, period, target, tolerance, status) of each row, in order."""
    status = rows["status"] if "status" in rows.columns else pd.Series("final", index=rows.index)
    return zip(
        rows["indicator_id"],
        rows["unit_id"],
        rows["period"],
        rows["target"],
        rows["tolerance"],
        status,
        strict=True,
    )


def _goal(found, source: str, share: float) -> tuple[float, float, str, str]:
    """target, tolerance, target_status, target_source of a target row (see `targets_for`)."""
    target, tolerance, status = found
    tolerance = _number(tolerance)
    return (
        _number(target) / share,
        (0.0 if math.isnan(tolerance) else tolerance) / share,
        str(status),
        source,
    )


def _periods_of(period: str, measure_unit: str) -> list[str]:
    """The periods whose target applies to `period`, in order (see `targets_for`)."""
    periods = [period]
    year = year_of(period)
    if year is not None and not is_whole_year(period) and not is_additive(measure_unit):
        periods.append(str(year))
    return periods


def _goals(
    index: _Targets,
    measure_unit: str,
    district_ids: list[str],
    parent: str | None,
    period: str,
    n_districts: int,
) -> list[tuple]:
    """`targets_for`'s rows (as tuples, unit_id first) from a `_Targets` index."""
    periods = _periods_of(period, measure_unit)
    own_parent = None if parent is None else index.row(parent, periods)
    if own_parent is None:
        inherited = None
    elif is_additive(measure_unit):
        inherited = _goal(own_parent, FROM_SHARE, float(max(n_districts, 1)))
    else:
        inherited = _goal(own_parent, FROM_PARENT, 1.0)
    none = (math.nan, math.nan, "", NO_TARGET)
    out = []
    for unit_id in district_ids:
        row = index.row(unit_id, periods)
        goal = _goal(row, FROM_DISTRICT, 1.0) if row is not None else inherited or none
        out.append((unit_id, *goal))
    return out


def targets_for(
    targets: pd.DataFrame,
    indicator_id: str,
    measure_unit: str,
    district_ids: list[str],
    parent: str | None,
    period: str,
    n_districts: int,
    *,
    index: _Targets | None = None,
) -> pd.DataFrame:
    """Each district's target for `period`: unit_id, target, tolerance, target_status, target_source.

    A district's own target comes first. Otherwise the parent's: as it is for measures that are
    not added up; divided by `n_districts` for counts and amounts. For a month or tertial of a
    measure that is not added up, the year's target applies; counts have no target for part of
    a year (a year's target does not say how it is spread over the months). `index` (a
    `_Targets` of the same targets, indicator and units) saves reading the table again.
    """
    if index is None:
        index = _Targets(targets, indicator_id, [*district_ids, parent])
    if not index.fast:
        return _targets_for_rows(
            index.rows, indicator_id, measure_unit, district_ids, parent, period, n_districts
        )
    rows = _goals(index, measure_unit, district_ids, parent, period, n_districts)
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)


def _targets_for_rows(
    targets: pd.DataFrame,
    indicator_id: str,
    measure_unit: str,
    district_ids: list[str],
    parent: str | None,
    period: str,
    n_districts: int,
) -> pd.DataFrame:
    """`targets_for` row by row, for a targets table whose amounts are not plain floats."""
    periods = _periods_of(period, measure_unit)
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
        out.append((unit_id, *_goal((row["target"], row["tolerance"], row["status"]), source, share)))
    return pd.DataFrame(out, columns=TARGET_COLUMNS)


def _values(observations: pd.DataFrame, indicator_id: str, period: str, unit_ids: list[str]) -> pd.DataFrame:
    rows = observations[observations["indicator_id"] == indicator_id]  # first: few rows remain
    rows = rows[
        (rows["period"] == period)
        & rows["unit_id"].isin(unit_ids)
        & rows["value"].notna()  # a value missing with a reason is left out, never a 0
    ]
    return rows[["unit_id", "value", "status", "source"]]


def district_values(
    observations: pd.DataFrame,
    targets: pd.DataFrame,
    units: Units,
    indicator: dict,
    period: str,
    selected: list[str] | tuple[str, ...] = (),
    limit: int | None = None,
) -> pd.DataFrame:
    """One row per shown district (the first `limit` of `shown_districts`) with a figure for
    `period`, highest value first. Each district's target is its own or its area's.

    Columns: unit_id, name, value, status, source, target, tolerance, target_status,
    target_source, vs_target ('met' / 'near' / 'missed' / 'n/a').
    """
    units = tree_of(units)
    shown = shown_districts(units, selected)[:limit]
    names = shown_names(units, shown)
    values = _values(observations, indicator["indicator_id"], period, shown)
    goals = _area_targets(targets, units, indicator, shown, period)
    out = values.merge(goals, on="unit_id", how="left")
    out.insert(1, "name", out["unit_id"].map(names))
    out["vs_target"] = [
        query.target_status(v, tg, tol, indicator["direction"])
        for v, tg, tol in zip(out["value"], out["target"], out["tolerance"], strict=True)
    ]
    return out.sort_values(["value", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _area_targets(
    targets: pd.DataFrame, units: Units, indicator: dict, shown: list[str], period: str
) -> pd.DataFrame:
    """`targets_for` of districts of one or more areas: each with its own area's target."""
    groups = area_groups(units, shown) or [(parent_of(units), [], 0)]
    index = _Targets(targets, indicator["indicator_id"], [*shown, *(g[0] for g in groups)])
    parts = [
        targets_for(targets, indicator["indicator_id"], indicator["unit"], ids, area, period, n, index=index)
        for area, ids, n in groups
    ]
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)


def district_average(
    observations: pd.DataFrame,
    units: Units,
    indicator_id: str,
    period: str,
    exclude: str | None = None,
    district_ids: list[str] | None = None,
) -> dict:
    """The mean over the districts `district_ids` (default: the home area's, as shown without a
    unit chosen) with a figure for `period` (less `exclude`).

    {'value': mean or None, 'status': combined status, 'n': number of districts averaged}.
    """
    units = tree_of(units)
    every = shown_districts(units, ()) if district_ids is None else district_ids
    ids = [u for u in every if u != exclude]
    rows = _values(observations, indicator_id, period, ids)
    if rows.empty:
        return {"value": None, "status": "final", "n": 0}
    return {"value": float(rows["value"].mean()), "status": combined_status(rows["status"]), "n": len(rows)}


def district_series(
    observations: pd.DataFrame,
    targets: pd.DataFrame,
    units: Units,
    indicator: dict,
    selected: list[str] | tuple[str, ...] = (),
    limit: int | None = None,
) -> pd.DataFrame:
    """Yearly figures of every shown district (the first `limit`), in district order, then year.

    Columns: unit_id, name, x (the year, '2016'), value, status, source, target, target_status,
    target_source.
    """
    units = tree_of(units)
    shown = shown_districts(units, selected)[:limit]
    names = shown_names(units, shown)
    rows = observations[observations["indicator_id"] == indicator["indicator_id"]]
    rows = query.annual(rows[rows["unit_id"].isin(shown)])
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
    groups = area_groups(units, shown)
    index = _Targets(targets, indicator["indicator_id"], [*shown, *(g[0] for g in groups)])
    if not index.fast:
        parts = []
        for year in sorted(rows["period"].unique()):
            goals = pd.concat(
                [
                    targets_for(targets, indicator["indicator_id"], indicator["unit"], ids, area, year, n)
                    for area, ids, n in groups
                ],
                ignore_index=True,
            )
            part = rows[rows["period"] == year].merge(goals, on="unit_id", how="left")
            parts.append(part.assign(x=year))
        out = pd.concat(parts, ignore_index=True)
    else:
        # The rows year by year (as the years' parts were put together), then (stable) by
        # district and year, as the slow path sorts them below: one take of the rows.
        periods = rows["period"].to_numpy(dtype=object)
        by_year = np.argsort(periods, kind="stable")
        order = {u: i for i, u in enumerate(shown)}
        unit_ids = rows["unit_id"].to_numpy(dtype=object)
        key = [(order[unit_ids[p]], periods[p]) for p in by_year]
        rows = rows.iloc[by_year[sorted(range(len(key)), key=key.__getitem__)]].reset_index(drop=True)
        goals = _goals_of_rows(index, indicator["unit"], rows, groups)
        out = pd.DataFrame(
            {
                "unit_id": rows["unit_id"],
                "name": rows["unit_id"].map(names),
                "x": rows["period"],
                "value": rows["value"],
                "status": rows["status"],
                "source": rows["source"],
                "target": pd.Series([g[0] for g in goals], dtype="float64"),
                "target_status": pd.Series([g[2] for g in goals]),
                "target_source": pd.Series([g[3] for g in goals]),
            }
        )
        return out[columns]
    out = out.assign(
        name=out["unit_id"].map(names), _order=out["unit_id"].map({u: i for i, u in enumerate(shown)})
    )
    return out.sort_values(["_order", "x"], kind="stable")[columns].reset_index(drop=True)


def _goals_of_rows(
    index: _Targets, measure_unit: str, rows: pd.DataFrame, groups: list[tuple]
) -> list[tuple]:
    """`targets_for(...)` of each row's district and period (target, tolerance, target_status,
    target_source), computed per distinct period and district once; `groups`: `area_groups`."""
    per_period: dict[str, dict[str, tuple]] = {}
    out = []
    for unit_id, period in zip(rows["unit_id"], rows["period"], strict=True):
        goals = per_period.get(period)
        if goals is None:
            found = [g for area, ids, n in groups for g in _goals(index, measure_unit, ids, area, period, n)]
            goals = per_period[period] = {g[0]: g[1:] for g in found}
        out.append(goals[unit_id])
    return out


def profile_series(
    observations: pd.DataFrame, units: Units, indicator_id: str, district: str
) -> pd.DataFrame:
    """A district's yearly figures and the other districts' average: series ('district' /
    'others'), x (year), value, status. The average's status is 'illustrative' if any of its
    figures is."""
    units = tree_of(units)
    rows = query.annual(observations[observations["indicator_id"] == indicator_id])
    others = [u for u in area_districts(units, area_of(units, district)) if u != district]
    return _profile_series(rows, others, district)


def _profile_series(rows: pd.DataFrame, others: list[str], district: str) -> pd.DataFrame:
    """`profile_series` of an indicator's annual rows."""
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
    units: Units,
    indicator: dict,
    district: str,
    years: list[str],
    *,
    index: _Targets | None = None,
) -> pd.DataFrame:
    """The district's target per year (its own, else the parent's as in `targets_for`):
    x, target, status, source. Years without a target are left out. `index`: a `_Targets` of
    the indicator's targets for at least the district and its parent."""
    units = tree_of(units)
    parent = area_of(units, district)
    n = len(area_districts(units, parent))
    if index is None:
        index = _Targets(targets, indicator["indicator_id"], [district, parent])
    if index.fast:
        return _profile_targets(index, indicator, district, years, parent, n)
    rows = []
    for year in sorted(years):
        goal = targets_for(
            targets, indicator["indicator_id"], indicator["unit"], [district], parent, year, n, index=index
        ).iloc[0]
        if goal["target_source"] != NO_TARGET:
            rows.append((year, goal["target"], goal["target_status"], goal["target_source"]))
    return pd.DataFrame(rows, columns=["x", "target", "status", "source"])


def _profile_targets(
    index: _Targets, indicator: dict, district: str, years: list[str], parent: str | None, n: int
) -> pd.DataFrame:
    """`profile_targets` from a `_Targets` index of plain float targets."""
    rows = []
    for year in sorted(years):
        _, target, _, status, source = _goals(index, indicator["unit"], [district], parent, year, n)[0]
        if source != NO_TARGET:
            rows.append((year, target, status, source))
    if not rows:  # the same (new) empty frame, without building one each time
        return _NO_TARGETS.copy()
    return pd.DataFrame(rows, columns=["x", "target", "status", "source"])


_NO_TARGETS = pd.DataFrame([], columns=["x", "target", "status", "source"])  # copied, never changed


def district_profile(
    observations: pd.DataFrame,
    targets: pd.DataFrame,
    units: Units,
    indicators: pd.DataFrame,
    district: str,
) -> list[tuple[dict, pd.DataFrame, pd.DataFrame, str]]:
    """For every districts-panel indicator, in order: (indicator, profile_series,
    profile_targets, the sources of the district's figures) of one district over the years."""
    units = tree_of(units)
    inds = indicators[indicators["panel"] == "districts"]
    targets = targets[targets["indicator_id"].isin(inds["indicator_id"])]
    # Only the annual rows of the district and the other districts are read below: found as
    # masks over the indicators' rows, so that only the district's own rows are copied.
    rows = _only(observations, observations["indicator_id"].isin(inds["indicator_id"]))
    parent = area_of(units, district)
    ids = area_districts(units, parent)  # the district and the others of its area
    p_codes, periods = query.codes_of(rows["period"])
    is_year = periods.str.fullmatch(query.ANNUAL_RE).to_numpy(dtype=bool, na_value=False)
    keep = np.append(is_year, False)[p_codes] & query.isin(rows["unit_id"], [*ids, district])
    is_own = keep & rows["unit_id"].eq(district).to_numpy(dtype=bool, na_value=False)
    others = [u for u in ids if u != district]
    fast = _plain_amounts(targets)
    if fast:
        indexes = _Targets.per_indicator(targets, [district, parent])
    else:
        indexes = {i: _Targets(targets, i, [district, parent]) for i in inds["indicator_id"]}
    # The district's own rows, and the other districts' mean and combined status per indicator
    # and year in one grouping (each group's mean is the same sum, in the same order, as
    # `profile_series`' grouping of the indicator's rows by year).
    own_all = rows[is_own]
    own_of = _positions_by(own_all["indicator_id"])
    others_of = _others_by_indicator(rows, keep & ~is_own, p_codes, periods)
    empty = None
    out = []
    for indicator in inds.to_dict("records"):
        ind = indicator["indicator_id"]
        own = own_all.iloc[own_of.get(ind, np.empty(0, dtype=np.intp))]
        rest = others_of.get(ind)
        if len(own) and rest is not None:
            order = np.argsort(own["period"].to_numpy(dtype=object), kind="stable")
            x = own["period"].to_numpy(dtype=object)[order]
            series = pd.DataFrame(
                {
                    "series": ["district"] * len(own) + ["others"] * len(rest[0]),
                    "x": [*x, *rest[0]],
                    "value": np.concatenate([own["value"].to_numpy()[order], rest[1]]),
                    "status": [*own["status"].to_numpy(dtype=object)[order], *rest[2]],
                }
            )
            years = sorted(set(x))
        else:  # no own figures or no others': the frames as `profile_series` puts them together
            if rest is not None:
                of_ind = rows[keep & rows["indicator_id"].eq(ind).to_numpy(dtype=bool, na_value=False)]
                series = _profile_series(of_ind, others, district)
            elif len(own):
                series = _profile_series(own, others, district)
            else:  # the same empty frame for every indicator without figures
                empty = _profile_series(rows.iloc[:0], others, district) if empty is None else empty
                series = empty.copy()
            years = sorted(series.loc[series["series"] == "district", "x"].unique())
        index = indexes.get(ind) or _Targets.empty()
        if fast:
            goals = _profile_targets(index, indicator, district, years, parent, len(ids))
        else:
            goals = profile_targets(targets, units, indicator, district, years, index=index)
        source = sources(own, indicator.get("source", ""))
        out.append((indicator, series, goals, source))
    return out


_RANKED = ("final", "preliminary", "illustrative")  # combined_status: the highest present wins


def _only(frame: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    """`frame[mask]`, without copying when every row is kept (a store hands out only those)."""
    return frame if mask.all() else frame[mask]


def _others_by_indicator(
    rows: pd.DataFrame, chosen: np.ndarray, p_codes: np.ndarray, periods: pd.Series
) -> dict[object, tuple[list, np.ndarray, list[str]]]:
    """Per indicator: its years (sorted), the mean value and `combined_status` of the `chosen`
    rows per year, as `profile_series` groups one indicator's rows by period. `p_codes`,
    `periods`: `query.codes_of(rows["period"])`."""
    i_codes, ind_ids = query.codes_of(rows["indicator_id"])
    chosen = chosen & (i_codes >= 0) & (p_codes >= 0)  # rows without either are in no group
    if not chosen.any():
        return {}
    by_name = np.argsort(periods.to_numpy(dtype=object), kind="stable")
    rank_of = np.empty(len(periods), dtype=np.int64)
    rank_of[by_name] = np.arange(len(periods))
    key = (i_codes.astype(np.int64) * len(periods) + rank_of[p_codes])[chosen]
    illustrative = rows["status"].eq("illustrative").to_numpy(dtype=bool, na_value=False)[chosen]
    preliminary = rows["status"].eq("preliminary").to_numpy(dtype=bool, na_value=False)[chosen]
    means = pd.Series(rows["value"].to_numpy()[chosen]).groupby(key, sort=True).mean()
    ranks = pd.Series(np.where(illustrative, 2, np.where(preliminary, 1, 0))).groupby(key, sort=True).max()
    keys = means.index.to_numpy()
    inds, years = keys // len(periods), by_name[keys % len(periods)]
    names = periods.to_numpy(dtype=object)
    bounds = np.searchsorted(inds, np.arange(len(ind_ids) + 1))
    values, ranks = means.to_numpy(), ranks.to_numpy()
    out = {}
    for i, ind in enumerate(ind_ids):
        a, b = bounds[i], bounds[i + 1]
        if b > a:
            out[ind] = (list(names[years[a:b]]), values[a:b], [_RANKED[r] for r in ranks[a:b]])
    return out


def _positions_by(values: pd.Series) -> dict[object, np.ndarray]:
    """The row positions of each distinct value of a column, in the frame's order (missing left out)."""
    codes, uniques = query.codes_of(values)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
    return {u: order[bounds[i] : bounds[i + 1]] for i, u in enumerate(uniques)}


def district_events(events: pd.DataFrame, units: Units, district: str) -> pd.DataFrame:
    """Events of the district itself, and the districts panel's events of the programme area
    (they concern every district). Columns: date, title, description, source, scope
    ('district' / 'all'); oldest first."""
    units = tree_of(units)
    parent = area_of(units, district)
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
    units: Units,
    indicators: pd.DataFrame,
    district: str,
    period: str,
) -> pd.DataFrame:
    """Every districts-panel indicator for one district and period, in the indicators' order.

    Columns: indicator_id, name, name_en, unit, decimals, value, status, target, target_status,
    target_source, vs_target, others, others_status. Missing figures are NaN.
    """
    units = tree_of(units)
    parent = area_of(units, district)
    ids = area_districts(units, parent)  # the district and the others of its area
    n = len(ids)
    inds = indicators[indicators["panel"] == "districts"]
    observations = observations[observations["period"] == period]
    observations = observations[observations["unit_id"].isin([*ids, district])]
    if not _plain_amounts(targets):
        return _district_table_rows(observations, targets, units, inds, district, period)
    indexes = _Targets.per_indicator(targets, [district, parent])
    # `_values` of the period: the rows with a value, per indicator; the district's own row
    # first, and the other districts' values and statuses (the rows `district_average` reads).
    with_value = observations[observations["value"].notna()]
    per_indicator = _positions_by(with_value["indicator_id"])
    is_own = with_value["unit_id"].eq(district).to_numpy(dtype=bool, na_value=False)
    values = with_value["value"].to_numpy()
    statuses = with_value["status"].to_numpy(dtype=object)
    rows = []
    for ind in inds.to_dict("records"):
        at = per_indicator.get(ind["indicator_id"], np.empty(0, dtype=np.intp))
        own, rest = at[is_own[at]], at[~is_own[at]]
        value = float(values[own[0]]) if len(own) else math.nan
        status = str(statuses[own[0]]) if len(own) else ""
        index = indexes.get(ind["indicator_id"]) or _Targets.empty()
        _, target, tolerance, target_status, target_source = _goals(
            index, ind["unit"], [district], parent, period, n
        )[0]
        others = float(values[rest].sum() / len(rest)) if len(rest) else math.nan
        goal = (target, target_status, target_source, tolerance)
        others_status = combined_status(statuses[rest]) if len(rest) else ""
        rows.append(_table_row(ind, value, status, goal, others, others_status))
    return pd.DataFrame(rows)


def _table_row(ind: dict, value: float, status: str, goal: tuple, others: float, others_status: str) -> dict:
    """One row of `district_table`; `goal` is (target, target_status, target_source, tolerance)."""
    target, target_status, target_source, tolerance = goal
    return {
        "indicator_id": ind["indicator_id"],
        "name": ind["name"],
        "name_en": ind.get("name_en", ""),
        "unit": ind["unit"],
        "decimals": int(ind.get("decimals", 0)),
        "value": value,
        "status": status,
        "target": target,
        "target_status": target_status,
        "target_source": target_source,
        "vs_target": query.target_status(value, target, tolerance, ind["direction"]),
        "others": others,
        "others_status": others_status,
    }


def _district_table_rows(
    observations: pd.DataFrame,
    targets: pd.DataFrame,
    units: Units,
    inds: pd.DataFrame,
    district: str,
    period: str,
) -> pd.DataFrame:
    """`district_table` indicator by indicator, for a targets table whose amounts are not plain
    floats (`observations`: the period's rows of the districts)."""
    units = tree_of(units)
    parent = area_of(units, district)
    ids = area_districts(units, parent)
    n = len(ids)
    rows = []
    for ind in inds.to_dict("records"):
        own = _values(observations, ind["indicator_id"], period, [district])
        value = float(own["value"].iloc[0]) if len(own) else math.nan
        status = str(own["status"].iloc[0]) if len(own) else ""
        goal = targets_for(targets, ind["indicator_id"], ind["unit"], [district], parent, period, n).iloc[0]
        others = district_average(
            observations, units, ind["indicator_id"], period, exclude=district, district_ids=ids
        )
        rows.append(
            _table_row(
                ind,
                value,
                status,
                (goal["target"], goal["target_status"], goal["target_source"], goal["tolerance"]),
                math.nan if others["value"] is None else others["value"],
                others["status"] if others["n"] else "",
            )
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
