"""Pure queries over the dataset's tables: frames in, frames or values out. No I/O."""

from __future__ import annotations

import math
import numbers

import pandas as pd

from data.schema import COMPARISON, parse_period


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
    """Depth of every unit below a root (a unit with no parent): the root is 0."""
    children: dict[str, list[str]] = {}
    for unit, parent in zip(units["unit_id"], units["parent_id"], strict=True):
        children.setdefault(parent, []).append(unit)
    depths: dict[str, int] = {}
    frontier = [(root, 0) for root in children.get("", [])]
    while frontier:
        unit, depth = frontier.pop()
        if unit not in depths:
            depths[unit] = depth
            frontier.extend((child, depth + 1) for child in children.get(unit, []))
    return depths


def annual(observations: pd.DataFrame) -> pd.DataFrame:
    """Only the rows whose period is a whole year."""
    return observations[observations["period"].str.fullmatch(r"\d{4}")]


def latest_published_year(observations: pd.DataFrame) -> int | None:
    """The latest year with published (final) annual figures, or with any figures at all."""
    years = annual(observations)
    final = years[years["status"] == "final"]
    pool = final if len(final) else years
    if pool.empty:
        return None
    return int(pool["period"].astype(int).max())


def available_years(observations: pd.DataFrame) -> list[int]:
    return sorted({parsed[0] for p in observations["period"].unique() if (parsed := parse_period(p))})


def headline(
    observations: pd.DataFrame,
    indicators: pd.DataFrame,
    units: pd.DataFrame,
    year: int,
    panel: str | None = None,
) -> pd.DataFrame:
    """One row per indicator: its latest annual figure up to `year`, for the highest unit that has one.

    Published (final or preliminary) figures come before illustrative ones: an indicator
    published for 2015 and generated for 2016 shows the real 2015 figure, with its own year
    (column `year`). The highest unit is the municipal or programme-area figure where it
    exists, so cards show published totals rather than a district's share. Rows keep the
    indicators' order; indicators with no figure up to `year` are left out.
    """
    inds = indicators if panel is None else indicators[indicators["panel"] == panel]
    obs = annual(observations)
    obs = obs[obs["indicator_id"].isin(inds["indicator_id"]) & ~obs["unit_id"].isin(comparison_ids(units))]
    obs = obs.assign(
        year=obs["period"].astype(int),
        _depth=obs["unit_id"].map(unit_depths(units)),
        _illustrative=obs["status"].eq("illustrative"),
        _missing=~has_value(obs),
        missing=missing_reasons(obs),
    )
    obs = obs[(obs["year"] <= year) & obs["_depth"].notna()]
    # A figure before a missing one (that says why it is missing): the card shows the latest
    # real figure, and the reason only when there is no figure at all.
    order = obs.sort_values(
        ["_missing", "_illustrative", "year", "_depth"], ascending=[True, True, False, True], kind="stable"
    )
    top = order.drop_duplicates("indicator_id")
    top = top.rename(columns={"source": "source_obs"})[
        ["indicator_id", "unit_id", "year", "value", "status", "source_obs", "missing"]
    ]
    out = inds.merge(top, on="indicator_id", how="inner")
    names = dict(zip(units["unit_id"], units["name"], strict=True))
    return out.assign(unit_name=out["unit_id"].map(names)).reset_index(drop=True)


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
    for unit, parent in zip(units["unit_id"], units["parent_id"], strict=True):
        if unit not in beside:
            children.setdefault(parent, []).append(unit)
    out: list[str] = []
    stack = list(reversed(children.get(unit_id, [])))
    while stack:
        unit = stack.pop()
        if unit not in out:
            out.append(unit)
            stack.extend(reversed(children.get(unit, [])))
    return out


def expand_units(units: pd.DataFrame, selected: list[str] | tuple[str, ...]) -> list[str]:
    """A unit filter made hierarchy-aware: each chosen unit with every unit below it.

    An empty choice means every unit of the organisation (comparison units only when chosen).
    Unknown ids are dropped.
    """
    known = set(units["unit_id"])
    if not selected:
        beside = comparison_ids(units)
        return [u for u in units["unit_id"] if u not in beside]
    out: list[str] = []
    for unit in selected:
        if unit in known:
            for u in [unit, *descendants(units, unit)]:
                if u not in out:
                    out.append(u)
    return out
