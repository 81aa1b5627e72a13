"""Queries of the overview (`/`) and the indicator detail view (`/indicators/<id>`).

Pure: frames in, frames or values out; no I/O, inputs are never changed. Status against
target comes from `data.query.target_status`; the card figure follows `data.query.headline`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from data import query
from data.schema import GOAL_AREAS

# The order the summary line counts in, and the statuses a card can have.
STATUS_ORDER = (query.MET, query.NEAR, query.MISSED, query.NO_STATUS)
TARGET_COLUMNS = ["target", "tolerance", "target_status"]


def with_targets(frame: pd.DataFrame, targets: pd.DataFrame, directions: dict[str, str]) -> pd.DataFrame:
    """`frame` (indicator_id, unit_id, year, value) with the target of the same indicator, unit and
    year, and `against_target`: met / near / missed / n/a, direction-aware with the target's
    tolerance. `target_status` is the target's own status (final, illustrative, ...)."""
    annual = targets[targets["period"].str.fullmatch(r"\d{4}")]
    annual = annual.assign(year=annual["period"].astype(int)).rename(columns={"status": "target_status"})
    annual = annual[["indicator_id", "unit_id", "year", *TARGET_COLUMNS]]
    out = frame.drop(columns=[c for c in TARGET_COLUMNS if c in frame.columns])
    out = out.merge(annual, on=["indicator_id", "unit_id", "year"], how="left")
    against = [
        query.target_status(value, target, tol, directions.get(ind, ""))
        for ind, value, target, tol in zip(
            out["indicator_id"], out["value"], out["target"], out["tolerance"], strict=True
        )
    ]
    return out.assign(target_status=out["target_status"].fillna(""), against_target=against)


def _annual_values(observations: pd.DataFrame) -> pd.DataFrame:
    """Annual observations with an integer `year` column."""
    annual = query.annual(observations)
    return annual.assign(year=annual["period"].astype(int))


def _of_cards(observations: pd.DataFrame, cards: pd.DataFrame) -> pd.DataFrame:
    """The observations of the cards' indicators and units (a superset of the pairs, in the
    frame's order; the merges on (indicator_id, unit_id) that follow pick the pairs)."""
    rows = query.of_indicators(observations, cards["indicator_id"].unique())
    return rows[rows["unit_id"].isin(cards["unit_id"].unique())]


def card_figures(
    observations: pd.DataFrame,
    indicators: pd.DataFrame,
    units: pd.DataFrame,
    targets: pd.DataFrame,
    year: int,
) -> pd.DataFrame:
    """One row per indicator for the overview cards.

    The figure is `data.query.headline`'s (published before illustrative, the highest unit,
    with its own `year`). Added: the target for the same indicator, unit and year with
    `against_target`; the figure of the year before for the same unit (`prev_value`,
    `prev_status`) and the change in percent (`change_pct`, None when there is nothing to
    compare with or the earlier figure is 0).
    """
    cards = query.headline(observations, indicators, units, year)
    if cards.empty:
        return cards.assign(
            **{c: [] for c in [*TARGET_COLUMNS, "against_target", "prev_value", "prev_status", "change_pct"]}
        )
    directions = dict(zip(indicators["indicator_id"], indicators["direction"], strict=True))
    cards = with_targets(cards, targets, directions)
    prev = _annual_values(_of_cards(observations, cards))[
        ["indicator_id", "unit_id", "year", "value", "status"]
    ]
    prev = prev.rename(columns={"value": "prev_value", "status": "prev_status"}).assign(year=prev["year"] + 1)
    cards = cards.merge(prev, on=["indicator_id", "unit_id", "year"], how="left")
    change = [
        (new - old) / abs(old) * 100 if pd.notna(old) and old != 0 else None
        for old, new in zip(cards["prev_value"], cards["value"], strict=True)
    ]
    return cards.assign(prev_status=cards["prev_status"].fillna(""), change_pct=change)


def status_counts(cards: pd.DataFrame) -> dict[str, int]:
    """How many cards are met, near, missed and without status, in that order."""
    counts = cards["against_target"].value_counts() if len(cards) else pd.Series(dtype=int)
    return {status: int(counts.get(status, 0)) for status in STATUS_ORDER}


def rests_on_illustrative(cards: pd.DataFrame) -> int:
    """How many cards with a status against target use an illustrative figure or target."""
    if cards.empty:
        return 0
    rated = cards["against_target"] != query.NO_STATUS
    illustrative = cards["status"].eq("illustrative") | cards["target_status"].eq("illustrative")
    return int((rated & illustrative).sum())


def goal_areas(cards: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The cards grouped by goal area: the six of the annual report first, in their order, then
    any other goal area in the order met; cards keep their order inside a group."""
    present = list(dict.fromkeys(cards["goal_area"])) if len(cards) else []
    order = [g for g in GOAL_AREAS if g in present] + [g for g in present if g not in GOAL_AREAS]
    return [(goal, cards[cards["goal_area"] == goal]) for goal in order]


def sparklines(observations: pd.DataFrame, cards: pd.DataFrame, up_to: int) -> dict[str, pd.DataFrame]:
    """For each card: the annual figures of its indicator and unit up to `up_to` (year, value, status)."""
    annual = _annual_values(_of_cards(observations, cards))
    annual = annual[annual["year"] <= up_to].merge(
        cards[["indicator_id", "unit_id"]], on=["indicator_id", "unit_id"]
    )
    annual = annual.sort_values(["indicator_id", "year"], kind="stable")
    # Each indicator's rows are one run of the sorted frame: cut it there (groupby's keys and
    # order, without a lookup per group).
    ids = annual["indicator_id"].to_numpy(dtype=object)
    present = ~pd.isna(ids)
    columns = annual[["year", "value", "status"]][present]
    ids = ids[present]
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if len(ids) else np.empty(0, dtype=np.intp)
    ends = np.r_[starts[1:], len(ids)] if len(ids) else starts
    return {ids[a]: columns.iloc[a:b].reset_index(drop=True) for a, b in zip(starts, ends, strict=True)}


# --- The indicator detail view -------------------------------------------------------------


def ancestors(units: pd.DataFrame, unit_id: str) -> list[str]:
    """The units above `unit_id`, nearest first (not itself); stops at a circle of parents."""
    parents = dict(zip(units["unit_id"].tolist(), units["parent_id"].tolist(), strict=True))
    out: list[str] = []
    parent = parents.get(unit_id, "")
    while parent and parent not in out and parent != unit_id:
        out.append(parent)
        parent = parents.get(parent, "")
    return out


def top_unit(observations: pd.DataFrame, units: pd.DataFrame, indicator_id: str) -> str | None:
    """The highest unit with annual figures for the indicator (the first in the units table on a tie)."""
    annual = query.annual(observations[observations["indicator_id"] == indicator_id])
    have = set(annual["unit_id"]) - query.comparison_ids(units)
    depths = query.unit_depths(units)
    ranked = [(depths[u], i, u) for i, u in enumerate(units["unit_id"]) if u in have and u in depths]
    return min(ranked)[2] if ranked else None


def series(
    observations: pd.DataFrame, units: pd.DataFrame, indicator_id: str, unit_ids: list[str] | tuple[str, ...]
) -> pd.DataFrame:
    """Annual figures of one indicator for the given units, in their order, then by year.

    Columns: indicator_id, unit_id, label (the unit's name), year, value, status, missing (why
    the value is missing: NaN `value` and a reason, never a 0).
    """
    rows = observations[observations["indicator_id"] == indicator_id]
    rows = _annual_values(rows[rows["unit_id"].isin(unit_ids)])
    names = dict(zip(units["unit_id"].tolist(), units["name"].tolist(), strict=True))
    position = {u: i for i, u in enumerate(unit_ids)}
    rows = rows.assign(
        label=rows["unit_id"].map(names),
        _pos=rows["unit_id"].map(position),
        missing=query.missing_reasons(rows),
    )
    rows = rows.sort_values(["_pos", "year"], kind="stable")
    columns = ["indicator_id", "unit_id", "label", "year", "value", "status", "missing"]
    return rows[columns].reset_index(drop=True)


def target_line(
    targets: pd.DataFrame, indicator_id: str, unit_ids: list[str] | tuple[str, ...]
) -> pd.DataFrame:
    """The annual targets to draw as one line beside the units' series (year, target, status).

    One unit: its targets. Several: their targets only if every unit has the same target in
    every year (else one line would misrepresent some of them, and the frame is empty).
    """
    annual = targets[(targets["indicator_id"] == indicator_id) & targets["period"].str.fullmatch(r"\d{4}")]
    annual = annual[annual["unit_id"].isin(unit_ids)]
    empty = pd.DataFrame({"year": pd.Series(dtype=int), "target": pd.Series(dtype=float), "status": []})
    if annual.empty:
        return empty
    per_year = annual.groupby("period").agg(
        target=("target", "first"),
        spread=("target", "nunique"),
        n=("unit_id", "nunique"),
        status=("status", lambda s: "illustrative" if s.eq("illustrative").any() else s.iloc[0]),
    )
    if len(set(unit_ids)) > 1 and ((per_year["spread"] > 1) | (per_year["n"] < len(set(unit_ids)))).any():
        return empty
    per_year = per_year.reset_index()
    per_year = per_year.assign(year=per_year["period"].astype(int))
    return per_year[["year", "target", "status"]].sort_values("year").reset_index(drop=True)


def events_for(
    events: pd.DataFrame,
    units: pd.DataFrame,
    panel: str,
    unit_ids: list[str] | tuple[str, ...],
    years: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """Events of the indicator's panel or of the overview, about the chosen units or a unit above
    them, within `years` (first, last; inclusive) if given; sorted by date. Adds `year` (int)."""
    concerned = set(unit_ids)
    for unit in unit_ids:
        concerned.update(ancestors(units, unit))
    rows = events[events["panel"].isin([panel, "overview"]) & events["unit_id"].isin(concerned)]
    rows = rows.assign(year=rows["date"].str[:4].astype(int))
    if years is not None:
        rows = rows[rows["year"].between(*years)]
    return rows.sort_values("date", kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class SeriesView:
    """What an indicator's time series shows for the chosen units."""

    rows: pd.DataFrame  # series() with the target and against_target of each figure
    labels: list[str]  # the units' names: those with figures, else those asked for
    years: list[int]
    target_line: pd.DataFrame  # target_line() of the units with figures
    target_line_left_out: bool  # several units with targets, but no one line for them all
    events: pd.DataFrame  # events_for() the units, in every year

    @property
    def span(self) -> tuple[int, int] | None:
        return (self.years[0], self.years[-1]) if self.years else None

    @property
    def events_in_span(self) -> pd.DataFrame:
        """The events inside the series' years (those are drawn; the others are only listed)."""
        if self.span is None:
            return self.events.iloc[0:0]
        return self.events[self.events["year"].between(*self.span)]


def series_view(
    observations: pd.DataFrame,
    units: pd.DataFrame,
    targets: pd.DataFrame,
    events: pd.DataFrame,
    indicator: dict,
    chosen: list[str] | tuple[str, ...] = (),
) -> SeriesView:
    """The time series of `indicator` (a row of the indicators table) for the chosen units, or for
    its top unit when none is chosen; with its target line and the events of its panel."""
    ind = indicator["indicator_id"]
    top = top_unit(observations, units, ind)
    asked = list(chosen) or ([top] if top else [])
    rows = with_targets(series(observations, units, ind, asked), targets, {ind: indicator["direction"]})
    shown = list(dict.fromkeys(rows["unit_id"]))
    line = target_line(targets, ind, shown)
    with_goal = targets[(targets["indicator_id"] == ind) & targets["unit_id"].isin(shown)]
    names = dict(zip(units["unit_id"].tolist(), units["name"].tolist(), strict=True))
    return SeriesView(
        rows=rows,
        labels=list(dict.fromkeys(rows["label"])) or [names.get(u, u) for u in asked],
        years=sorted(int(y) for y in rows["year"].unique()),
        target_line=line,
        target_line_left_out=line.empty and with_goal["unit_id"].nunique() > 1,
        events=events_for(events, units, indicator["panel"], asked),
    )


def breakdown(
    observations: pd.DataFrame,
    units: pd.DataFrame,
    targets: pd.DataFrame,
    indicator_id: str,
    direction: str,
    year: int,
    chosen: list[str] | tuple[str, ...] = (),
) -> pd.DataFrame:
    """The indicator by unit for one year: the most detailed units with a figure.

    Among the chosen units and those below them (all units if none is chosen), the units with
    an annual figure for `year` that have no unit below them with a figure too: the districts
    rather than their total, or the total alone when only it has figures. Sorted by value,
    largest first. Columns: unit_id, name, kind, value, status, target, tolerance,
    target_status, against_target.
    """
    rows = _annual_values(observations[observations["indicator_id"] == indicator_id])
    rows = rows[rows["year"] == year]
    rows = rows[rows["unit_id"].isin(query.expand_units(units, list(chosen)))]
    above = query.with_figures_below(units, set(rows["unit_id"]))
    rows = rows[~rows["unit_id"].isin(above)]
    info = units.set_index("unit_id")
    rows = rows.assign(
        name=rows["unit_id"].map(info["name"]),
        kind=rows["unit_id"].map(info["kind"]) if "kind" in info else "",
        missing=query.missing_reasons(rows),
    )
    rows = with_targets(rows, targets, {indicator_id: direction})
    rows = rows.sort_values(["value", "name"], ascending=[False, True], kind="stable")  # missing last
    columns = ["unit_id", "name", "kind", "value", "status", *TARGET_COLUMNS, "against_target", "missing"]
    return rows[columns].reset_index(drop=True)
