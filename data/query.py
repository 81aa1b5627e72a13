"""Pure queries over the dataset's tables: frames in, frames or values out. No I/O."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.schema import COMPARISON, parse_period

ANNUAL_RE = r"\d{4}"


def codes_of(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """A column as integer codes into its distinct values (-1 for a missing cell), and those values.

    The panel queries test and convert each distinct value once (a few hundred periods or a few
    thousand units) instead of every one of millions of cells; the distinct values keep the
    column's dtype, so a test on them is the same pandas operation as on the column.
    """
    codes, uniques = pd.factorize(values)
    return codes, pd.Series(uniques, dtype=values.dtype)


def _per_code(codes: np.ndarray, per_value: np.ndarray, missing) -> np.ndarray:
    """`per_value[code]` for every cell, `missing` where the code is -1."""
    out = np.append(per_value, np.array([missing], dtype=per_value.dtype))
    return out[codes]  # code -1 picks the appended value


def isin(values: pd.Series, wanted) -> np.ndarray:
    """`values.isin(wanted)` for strings, as a boolean array: each distinct value is looked up
    once in a set (pyarrow-backed `isin` converts a long list of strings on every call)."""
    codes, uniques = codes_of(values)
    wanted = set(wanted)
    found = np.array([u in wanted for u in uniques.tolist()], dtype=bool)
    return _per_code(codes, found, False)


def annual_mask(observations: pd.DataFrame) -> np.ndarray:
    """True for the rows whose period is a whole year (`annual`'s rows), without copying the frame."""
    codes, periods = codes_of(observations["period"])
    return _per_code(codes, periods.str.fullmatch(ANNUAL_RE).to_numpy(dtype=bool, na_value=False), False)


def comparison_ids(units: pd.DataFrame) -> set[str]:
    """The comparison units (kind `comparison`: the national figure, KOSTRA groups, other
    municipalities): beside the organisation, never part of the unit above them."""
    if "kind" not in units:
        return set()
    return set(units.loc[units["kind"] == COMPARISON, "unit_id"])


def has_value(observations: pd.DataFrame) -> pd.Series:
    """True for rows with a value; False for rows whose value is missing (with a reason)."""
    return observations["value"].notna()


def missing_reasons(frame: pd.DataFrame) -> pd.Series:
    """The `missing` column (why a value is missing), "" where the frame has none."""
    if "missing" in frame:
        return frame["missing"].fillna("").astype(str)
    return pd.Series("", index=frame.index, dtype="str")


def unit_depths(units: pd.DataFrame) -> dict[str, int]:
    """Depth of every unit below a root (a unit with no parent): the root is 0. Walks the tree on
    every call: a caller on a request path reads the depths of the served units table from its
    kept `UnitFacts` (`store.unit_facts()`) instead."""
    return _unit_depths(units["unit_id"].tolist(), units["parent_id"].tolist())


def _unit_depths(ids: list, parents: list) -> dict[str, int]:
    children: dict[str, list[str]] = {}
    for unit, parent in zip(ids, parents, strict=True):
        children.setdefault(parent, []).append(unit)
    depths: dict[str, int] = {}
    frontier = [(root, 0) for root in children.get("", [])]
    while frontier:
        unit, depth = frontier.pop()
        if unit not in depths:
            depths[unit] = depth
            frontier.extend((child, depth + 1) for child in children.get(unit, []))
    return depths


@dataclass(frozen=True)
class UnitFacts:
    """What `headline` reads of the units table, worked out once for a table (the callbacks keep
    the served table's once per dataset version: `store.unit_facts()`): each unit's depth
    (`unit_depths`), the comparison units (`comparison_ids`) and each unit's name by id, as the
    series `Series.map` makes of that dict (so a map by it gives the same values and dtype,
    without making it again). Shared: read it, never change it."""

    depths: dict[str, int]
    beside: frozenset[str]
    names: pd.Series

    @classmethod
    def of(cls, units: pd.DataFrame) -> UnitFacts:
        """The facts of `units`, worked out on every call (walks the tree)."""
        names = dict(zip(units["unit_id"].tolist(), units["name"].tolist(), strict=True))
        if names:  # as pandas.core.algorithms.map_array turns a dict into a series
            by_id = pd.Series(list(names.values()), index=pd.Index(list(names.keys()), tupleize_cols=False))
        else:
            by_id = pd.Series(names, dtype=np.float64)
        return cls(unit_depths(units), frozenset(comparison_ids(units)), by_id)


def annual(observations: pd.DataFrame) -> pd.DataFrame:
    """Only the rows whose period is a whole year."""
    return observations[annual_mask(observations)]


def of_indicators(observations: pd.DataFrame, indicator_ids) -> pd.DataFrame:
    """The rows of the given indicators (in the frame's order): filter on this first, then on
    anything else, so later masks run over the few rows drawn rather than the whole table."""
    return observations[observations["indicator_id"].isin(list(indicator_ids))]


def latest_published_year(observations: pd.DataFrame) -> int | None:
    """The latest year with published (final) annual figures, or with any figures at all."""
    codes, periods = codes_of(observations["period"])
    is_year = periods.str.fullmatch(ANNUAL_RE).to_numpy(dtype=bool, na_value=False)
    years_mask = _per_code(codes, is_year, False)
    final = years_mask & observations["status"].eq("final").to_numpy(dtype=bool, na_value=False)
    pool = final if final.any() else years_mask
    if not pool.any():
        return None
    used = np.unique(codes[pool])
    return int(periods.iloc[used].astype(int).max())


def available_years(observations: pd.DataFrame) -> list[int]:
    return sorted({parsed[0] for p in observations["period"].unique() if (parsed := parse_period(p))})


def headline(
    observations: pd.DataFrame,
    indicators: pd.DataFrame,
    units: pd.DataFrame,
    year: int,
    panel: str | None = None,
    facts: UnitFacts | None = None,
) -> pd.DataFrame:
    """One row per indicator: its latest annual figure up to `year`, for the highest unit that has one.

    Published (final or preliminary) figures come before illustrative ones: an indicator
    published for 2015 and generated for 2016 shows the real 2015 figure, with its own year
    (column `year`). The highest unit is the municipal or programme-area figure where it
    exists, so cards show published totals rather than a district's share. Rows keep the
    indicators' order; indicators with no figure up to `year` are left out. `facts`: the
    units table's `UnitFacts` when the caller has them (else worked out here, walking the tree).
    """
    facts = UnitFacts.of(units) if facts is None else facts
    inds = indicators if panel is None else indicators[indicators["panel"] == panel]
    # One row per indicator, already the one to show (the latest figure before a missing one,
    # published before illustrative, the highest unit; a year up to `year`, a unit on the tree):
    # nothing left to sort or drop, and the merge puts them in the indicators' order.
    obs = observations.iloc[_headline_rows(observations, inds, units, year, facts)]
    top = obs.assign(year=obs["period"].astype(int), missing=missing_reasons(obs))
    top = top.rename(columns={"source": "source_obs"})[
        ["indicator_id", "unit_id", "year", "value", "status", "source_obs", "missing"]
    ]
    out = inds.merge(top, on="indicator_id", how="inner")
    return out.assign(unit_name=out["unit_id"].map(facts.names)).reset_index(drop=True)


def _headline_rows(
    observations: pd.DataFrame,
    inds: pd.DataFrame,
    units: pd.DataFrame,
    year: int,
    facts: UnitFacts | None = None,
) -> np.ndarray:
    """The row positions `headline` picks, one per indicator, in the frame's order.

    The same choice as sorting every candidate row by (missing, illustrative, year descending,
    depth) stably and keeping each indicator's first, done on integer codes: each distinct
    period and unit is converted once, and only the chosen rows are ever copied.
    """
    wanted = observations["indicator_id"].isin(inds["indicator_id"]).to_numpy(dtype=bool, na_value=False)
    positions = np.flatnonzero(wanted)
    if not len(positions):
        return positions
    columns = ["indicator_id", "unit_id", "period", "value", "status"]
    # Every row wanted (the store handed out only these indicators): no copy of the rows.
    obs = (
        observations[columns]
        if len(positions) == len(observations)
        else observations.iloc[positions][columns]
    )
    p_codes, periods = codes_of(obs["period"])
    is_year = periods.str.fullmatch(ANNUAL_RE).to_numpy(dtype=bool, na_value=False)
    year_of = np.zeros(len(periods), dtype=np.int64)
    year_of[is_year] = periods[is_year].astype(int).to_numpy()
    u_codes, unit_ids = codes_of(obs["unit_id"])
    facts = UnitFacts.of(units) if facts is None else facts
    depths, beside = facts.depths, facts.beside
    depth_of = np.array([depths.get(u, -1) if u not in beside else -1 for u in unit_ids], dtype=np.int64)
    row_year = _per_code(p_codes, year_of, 0)
    row_depth = _per_code(u_codes, depth_of, -1)
    keep = _per_code(p_codes, is_year, False) & (row_depth >= 0) & (row_year <= year)
    if not keep.any():
        return positions[:0]
    positions, obs = positions[keep], obs[keep]
    row_year, row_depth = row_year[keep], row_depth[keep]
    missing = obs["value"].isna().to_numpy()
    illustrative = obs["status"].eq("illustrative").to_numpy(dtype=bool, na_value=False)
    i_codes, _ = codes_of(obs["indicator_id"])
    chosen = _first_per_group(i_codes, missing, illustrative, row_year, row_depth)
    if chosen is not None:
        return np.sort(positions[chosen])
    # Sort keys, last one first for lexsort: position, depth, year (descending), illustrative, missing.
    order = np.lexsort((np.arange(len(positions)), row_depth, -row_year, illustrative, missing, i_codes))
    sorted_codes = i_codes[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = sorted_codes[1:] != sorted_codes[:-1]
    return np.sort(positions[order[first]])


def _first_per_group(
    groups: np.ndarray, missing: np.ndarray, illustrative: np.ndarray, year: np.ndarray, depth: np.ndarray
) -> np.ndarray | None:
    """For each group, the position of its first row in the order (missing, illustrative, year
    descending, depth, position): the smallest of one integer key per row that packs those
    fields in that order (no sort of the rows). None when the key would not fit in 62 bits."""
    n = len(groups)
    newest, oldest = int(year.max()), int(year.min())
    widths = [1, 1, (newest - oldest).bit_length(), int(depth.max()).bit_length(), max(n - 1, 0).bit_length()]
    if sum(widths) > 62 or int(depth.min()) < 0:
        return None
    key = np.zeros(n, dtype=np.int64)
    for width, field in zip(
        widths,
        (missing, illustrative, newest - year, depth, np.arange(n)),
        strict=True,
    ):
        key = (key << width) | np.asarray(field, dtype=np.int64)
    smallest = pd.Series(key).groupby(groups, sort=False).min().to_numpy()
    return smallest & ((1 << widths[-1]) - 1)


# --- Status against target ---------------------------------------------------------------

MET, NEAR, MISSED, NO_STATUS = "met", "near", "missed", "n/a"


def _is_number(x: object) -> bool:
    """A finite real number (numpy scalars included), not a bool."""
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x)


def target_status(value: float | None, target: float | None, tolerance: float | None, direction: str) -> str:
    """'met', 'near' or 'missed' against a target; 'n/a' when a figure or the target is missing.

    higher_is_better: met at or above the target, near within `tolerance` below it.
    lower_is_better: met at or below the target, near within `tolerance` above it.
    neutral: met within `tolerance` either side, otherwise missed (there is no "better" side).
    The tolerance edges count as near (inclusive).
    """
    if not (_is_number(value) and _is_number(target)):
        return NO_STATUS
    tol = abs(tolerance) if _is_number(tolerance) else 0.0
    if direction == "higher_is_better":
        gap = target - value
    elif direction == "lower_is_better":
        gap = value - target
    elif direction == "neutral":
        return MET if abs(value - target) <= tol else MISSED
    else:
        return NO_STATUS
    if gap <= 0:
        return MET
    return NEAR if gap <= tol else MISSED


# --- Budget deviation --------------------------------------------------------------------

OVERSPEND, UNDERSPEND, BALANCE = "merforbruk", "mindreforbruk", "balanse"


def deviation(actual: float | None, budget: float | None) -> tuple[float | None, float | None]:
    """Actual minus budget in kroner, and as % of the budget; positive is merforbruk.

    The percentage is None when the budget is zero or missing (never a division by zero).
    """
    if not (_is_number(actual) and _is_number(budget)):
        return None, None
    nok = actual - budget
    return nok, (nok / abs(budget) * 100 if budget != 0 else None)


def deviation_word(nok: float | None) -> str | None:
    """'merforbruk' (spent more than budgeted), 'mindreforbruk' (less) or 'balanse'."""
    if not _is_number(nok):
        return None
    return OVERSPEND if nok > 0 else UNDERSPEND if nok < 0 else BALANCE


# --- Units -------------------------------------------------------------------------------


def descendants(units: pd.DataFrame, unit_id: str) -> list[str]:
    """The units below `unit_id` (not itself), in tree order; comparison units are never below."""
    children: dict[str, list[str]] = {}
    beside = comparison_ids(units)
    for unit, parent in zip(units["unit_id"].tolist(), units["parent_id"].tolist(), strict=True):
        if unit not in beside:
            children.setdefault(parent, []).append(unit)
    return below(children, unit_id)


def below(children: dict[str, list[str]], unit_id: str) -> list[str]:
    """The units below `unit_id` (not itself) in a map of each unit's children, in tree order."""
    out: list[str] = []
    seen: set[str] = set()
    stack = list(reversed(children.get(unit_id, [])))
    while stack:
        unit = stack.pop()
        if unit not in seen:
            seen.add(unit)
            out.append(unit)
            stack.extend(reversed(children.get(unit, [])))
    return out


def expand_units(units: pd.DataFrame, selected: list[str] | tuple[str, ...]) -> list[str]:
    """A unit filter made hierarchy-aware: each chosen unit with every unit below it.

    An empty choice means every unit of the organisation (comparison units only when chosen).
    Unknown ids are dropped.
    """
    known = set(units["unit_id"].tolist())
    if not selected:
        beside = comparison_ids(units)
        return [u for u in units["unit_id"].tolist() if u not in beside]
    out: list[str] = []
    seen: set[str] = set()
    for unit in selected:
        if unit in known:
            for u in [unit, *descendants(units, unit)]:
                if u not in seen:
                    seen.add(u)
                    out.append(u)
    return out


def with_figures_below(units: pd.DataFrame, with_figures) -> set[str]:
    """The units that have a unit of `with_figures` below them (in `descendants`'s sense: linked
    through parents that are not comparison units), found by walking up once from each."""
    parents = dict(zip(units["unit_id"].tolist(), units["parent_id"].tolist(), strict=True))
    beside = comparison_ids(units)
    out: set[str] = set()
    walked: set[str] = set()
    for unit in with_figures:
        current = unit
        while current not in walked and current in parents and current not in beside:
            walked.add(current)
            current = parents[current]
            out.add(current)
    return out
