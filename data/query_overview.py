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
    # Only the frame's indicators and units can match: narrowed first (by codes, cheap), so the
    # period test and the merge run over a few rows rather than every target of a national dataset.
    wanted = query.isin(targets["indicator_id"], set(frame["indicator_id"].tolist()))
    wanted &= query.isin(targets["unit_id"], set(frame["unit_id"].tolist()))
    annual = targets[wanted]
    annual = annual[annual["period"].str.fullmatch(r"\d{4}")]
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
    facts: query.UnitFacts | None = None,
) -> pd.DataFrame:
    """One row per indicator for the overview cards.

    The figure is `data.query.headline`'s (published before illustrative, the highest unit,
    with its own `year`). Added: the target for the same indicator, unit and year with
    `against_target`; the figure of the year before for the same unit (`prev_value`,
    `prev_status`) and the change in percent (`change_pct`, None when there is nothing to
    compare with or the earlier figure is 0). `facts`: the units table's `query.UnitFacts` when
    the caller keeps them (else `query.headline` works them out).
    """
    cards = query.headline(observations, indicators, units, year, facts=facts)
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


def _sparkline_rows(observations: pd.DataFrame, cards: pd.DataFrame, up_to: int):
    """The cards' annual rows up to `up_to`, sorted by indicator: (indicator ids, their
    (year, value, status) rows), rows without an indicator left out."""
    annual = _annual_values(_of_cards(observations, cards))
    annual = annual[annual["year"] <= up_to].merge(
        cards[["indicator_id", "unit_id"]], on=["indicator_id", "unit_id"]
    )
    annual = annual.sort_values(["indicator_id", "year"], kind="stable")
    ids = annual["indicator_id"].to_numpy(dtype=object)
    present = ~pd.isna(ids)
    return ids[present], annual[["year", "value", "status"]][present]


def _runs(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of equal ids starts and ends."""
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if len(ids) else np.empty(0, dtype=np.intp)
    ends = np.r_[starts[1:], len(ids)] if len(ids) else starts
    return starts, ends


def sparklines(observations: pd.DataFrame, cards: pd.DataFrame, up_to: int) -> dict[str, pd.DataFrame]:
    """For each card: the annual figures of its indicator and unit up to `up_to` (year, value, status)."""
    # Each indicator's rows are one run of the sorted frame: cut it there (groupby's keys and
    # order, without a lookup per group).
    ids, columns = _sparkline_rows(observations, cards, up_to)
    out = {}
    for a, b in zip(*_runs(ids), strict=True):
        points = columns[a:b]  # a new frame (a view, copied on write): its index set below
        points.index = pd.RangeIndex(b - a)  # as reset_index(drop=True), at half the cost
        out[ids[a]] = points
    return out


def card_points(observations: pd.DataFrame, cards: pd.DataFrame, up_to: int) -> CardPoints:
    """`CardPoints(sparklines(observations, cards, up_to))`, built straight from the sorted rows
    (no frame per indicator)."""
    ids, columns = _sparkline_rows(observations, cards, up_to)
    if not len(ids):
        return CardPoints({})
    frame = columns.reset_index(drop=True)
    # As `DataFrame.assign(indicator_id=<str>)` types each indicator's column.
    frame.insert(0, "indicator_id", pd.array(ids, dtype=pd.Series([str(ids[0])]).dtype))
    return CardPoints.from_frame(frame)


class CardPoints:
    """The cards' sparkline points as one frame (indicator_id, year, value, status), read like the
    dict `sparklines` returns: `.get(indicator_id)` gives that indicator's (year, value, status).

    One frame pickles in a millisecond where 300 small ones take ~150 ms, and the query cache
    pickles what it keeps; a page then slices only the cards it draws.
    """

    def __init__(self, points: dict[str, pd.DataFrame]):
        frames = [f.assign(indicator_id=k) for k, f in points.items()]
        columns = ["indicator_id", "year", "value", "status"]
        empty = pd.DataFrame(columns=columns)
        self.frame = pd.concat(frames, ignore_index=True)[columns] if frames else empty
        self._runs: dict[str, tuple[int, int]] | None = None
        self._lists: tuple[list, list, list] | None = None

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> CardPoints:
        """From the one frame (indicator_id, year, value, status), each indicator's rows a run."""
        out = cls({})
        out.frame = frame
        return out

    def __getstate__(self) -> dict:
        return {"frame": self.frame}

    def __setstate__(self, state: dict) -> None:
        self.frame, self._runs, self._lists = state["frame"], None, None

    def _run(self, indicator_id: str) -> tuple[int, int] | None:
        if self._runs is None:  # each indicator's rows are one run of the frame
            ids = self.frame["indicator_id"].to_numpy(dtype=object)
            self._runs = {ids[a]: (int(a), int(b)) for a, b in zip(*_runs(ids), strict=True)}
        return self._runs.get(indicator_id)

    def get(self, indicator_id: str, default: pd.DataFrame | None = None) -> pd.DataFrame | None:
        run = self._run(indicator_id)
        if run is None:
            return default
        a, b = run
        rows = self.frame.iloc[a:b, 1:]
        rows.index = pd.RangeIndex(b - a)
        return rows

    def lists(self, indicator_id: str) -> tuple[list, list, list] | None:
        """`get(indicator_id)`'s points as lists: years and values as floats (NaN where not a
        number, as `pd.to_numeric(..., errors="coerce").astype(float)`), statuses as they are;
        None when the indicator has no points. The whole frame is converted once."""
        run = self._run(indicator_id)
        if run is None:
            return None
        if self._lists is None:
            self._lists = (
                pd.to_numeric(self.frame["year"], errors="coerce").astype(float).tolist(),
                pd.to_numeric(self.frame["value"], errors="coerce").astype(float).tolist(),
                self.frame["status"].tolist(),
            )
        a, b = run
        years, values, statuses = self._lists
        return years[a:b], values[a:b], statuses[a:b]


# --- The cards' index: annual rows precomputed once per dataset ----------------------------


@dataclass(frozen=True)
class CardIndex:
    """The annual observations as the overview cards read them, worked out once per dataset so
    that the rows of a card set for any year are a selection of a few thousand positions.

    Built from the whole observations table (`build`); `rows(indicator_ids, year)` gives the row
    positions `card_figures` and `sparklines` need: every annual row up to `year` of each
    indicator's headline unit (the unit of `query.headline`'s pick), in the table's order. The
    pick is the same as `query.headline`'s: per indicator, of the annual rows up to the year of
    units in the tree (comparison units never), the first by (value missing, illustrative, year
    descending, depth, row order). Columns are int codes: ~9 bytes per annual row.
    """

    indicator_codes: dict[str, int]  # indicator id -> code
    unit_ids: np.ndarray  # code -> unit id (object)
    # One row per (indicator, class, year) with a row in the tree, sorted by indicator, class
    # (missing * 2 + illustrative), year descending: its first row by (depth, row order).
    best_indicator: np.ndarray  # int32
    best_year: np.ndarray  # int32
    best_unit: np.ndarray  # int32
    # The annual rows, sorted by (indicator, unit, year, row order), cut into (indicator, unit) runs.
    pair_keys: np.ndarray  # int64 indicator * n_units + unit, one per run, sorted
    pair_starts: np.ndarray  # int64, len(pair_keys) + 1
    positions: np.ndarray  # int32/int64 row positions in the observations table
    years: np.ndarray  # int32 year of each of those rows

    @classmethod
    def build(cls, observations: pd.DataFrame, units: pd.DataFrame) -> CardIndex:
        # Whole columns as codes, then the annual rows' codes (never a copy of 2 M rows' strings);
        # 32-bit where the values fit and temporaries dropped early: the peak memory of the build
        # stays with the process (the allocator keeps it), so it is kept low.
        p_codes, periods = query.codes_of(observations["period"])
        # The annual periods, by query.annual_mask's rule.
        is_year = periods.str.fullmatch(query.ANNUAL_RE).to_numpy(dtype=bool, na_value=False)
        year_of = [int(p) if y else -1 for p, y in zip(periods.tolist(), is_year, strict=True)]
        positions = np.flatnonzero(np.append(is_year, False)[p_codes])
        years = np.array([*year_of, -1], dtype=np.int32)[p_codes[positions]]
        del p_codes
        i_codes, indicator_ids = pd.factorize(observations["indicator_id"])
        i_codes = i_codes[positions].astype(np.int32)
        u_codes, unit_ids = pd.factorize(observations["unit_id"])
        u_codes = u_codes[positions].astype(np.int32)
        missing = observations["value"].isna().to_numpy()[positions]
        illustrative = observations["status"].eq("illustrative").to_numpy(dtype=bool, na_value=False)
        illustrative = illustrative[positions]
        positions = positions.astype(np.int32 if len(observations) < 2**31 else np.int64)
        n_units = max(len(unit_ids), 1)
        depths, beside = query.unit_depths(units), query.comparison_ids(units)
        depth_of = [depths.get(u, -1) if u not in beside else -1 for u in unit_ids]
        depth = np.array([*depth_of, -1], dtype=np.int32)[u_codes]  # code -1 (no unit): not in the tree
        newest, oldest = (int(years.max()), int(years.min())) if len(years) else (0, 0)
        span = newest - oldest + 1

        # Every annual row by (indicator, unit, year, row order): a card's rows are one run.
        key = i_codes.astype(np.int64)
        key *= n_units
        key += u_codes  # the (indicator, unit) pair
        key *= span
        key += years
        key -= oldest
        order = np.argsort(key, kind="stable")  # stable: row order last
        pair_sorted = key[order]
        del key
        pair_sorted //= span
        cut = np.flatnonzero(np.r_[True, pair_sorted[1:] != pair_sorted[:-1]]) if len(order) else order
        pair_keys = pair_sorted[cut]
        del pair_sorted
        sorted_positions, sorted_years = positions[order], years[order]
        n_rows = len(order)
        del order

        # The headline pick: of each (indicator, class, year), the row with the least (depth, row
        # order); for a year, an indicator's pick is the first of its groups up to that year.
        tree = np.flatnonzero(depth >= 0)
        group = i_codes[tree].astype(np.int64)
        group *= 4
        group += missing[tree].astype(np.int64) * 2 + illustrative[tree]  # the class
        group *= span
        group += newest
        group -= years[tree]  # year descending
        key = group * (int(depth.max(initial=0)) + 1)
        key += depth[tree]
        within = np.argsort(key, kind="stable")  # by group, then depth, then row order
        del key
        group = group[within]
        first = np.r_[True, group[1:] != group[:-1]] if len(within) else within.astype(bool)
        best = tree[within[first]]  # sorted by group: indicator, class, year descending
        del group, within, tree
        return cls(
            indicator_codes={str(ind): code for code, ind in enumerate(indicator_ids)},
            unit_ids=np.asarray(unit_ids, dtype=object),
            best_indicator=i_codes[best],
            best_year=years[best],
            best_unit=u_codes[best],
            pair_keys=pair_keys,
            pair_starts=np.r_[cut, n_rows].astype(np.int64),
            positions=sorted_positions,
            years=sorted_years,
        )

    def headline_pairs(self, indicator_ids, year: int) -> tuple[np.ndarray, np.ndarray]:
        """(indicator codes, unit codes) of `query.headline`'s pick for each indicator with an
        annual figure up to `year`, by indicator code."""
        known = self.indicator_codes
        codes = [known[i] for i in dict.fromkeys(map(str, indicator_ids)) if i in known]
        wanted = np.zeros(len(self.indicator_codes) + 1, dtype=bool)
        wanted[codes] = True
        rows = np.flatnonzero(wanted[self.best_indicator] & (self.best_year <= int(year)))
        inds = self.best_indicator[rows]
        first = np.r_[True, inds[1:] != inds[:-1]] if len(rows) else rows.astype(bool)
        return inds[first], self.best_unit[rows[first]]

    def headline_units(self, indicator_ids, year: int) -> list[tuple[str, str]]:
        """`query.headline`'s (indicator_id, unit_id) pairs up to `year`, sorted."""
        inds, units = self.headline_pairs(indicator_ids, year)
        names = {code: ind for ind, code in self.indicator_codes.items()}
        return sorted((names[int(i)], str(self.unit_ids[u])) for i, u in zip(inds, units, strict=True))

    def rows(self, indicator_ids, year: int) -> np.ndarray:
        """Row positions (in table order) of every annual row up to `year` of each indicator's
        headline unit: all `card_figures` and `sparklines` read for these indicators and year."""
        inds, units = self.headline_pairs(indicator_ids, year)
        if not len(inds):
            return np.empty(0, dtype=np.intp)
        at = np.searchsorted(self.pair_keys, inds.astype(np.int64) * max(len(self.unit_ids), 1) + units)
        starts, ends = self.pair_starts[at], self.pair_starts[at + 1]
        lengths = ends - starts
        # The runs' positions without a Python loop: a range per run, laid end to end.
        offsets = np.repeat(starts - np.r_[0, np.cumsum(lengths)[:-1]], lengths)
        picked = np.arange(int(lengths.sum())) + offsets
        picked = picked[self.years[picked] <= int(year)]
        return np.sort(self.positions[picked].astype(np.intp))


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


def top_unit(
    observations: pd.DataFrame,
    units: pd.DataFrame,
    indicator_id: str,
    facts: query.UnitFacts | None = None,
) -> str | None:
    """The highest unit with annual figures for the indicator (the first in the units table on a
    tie). `facts`: the units table's `query.UnitFacts` when the caller keeps them (else the
    depths and comparison units are worked out here)."""
    annual = query.annual(observations[observations["indicator_id"] == indicator_id])
    beside = query.comparison_ids(units) if facts is None else facts.beside
    have = set(annual["unit_id"]) - beside
    depths = query.unit_depths(units) if facts is None else facts.depths
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
    facts: query.UnitFacts | None = None,
) -> SeriesView:
    """The time series of `indicator` (a row of the indicators table) for the chosen units, or for
    its top unit when none is chosen; with its target line and the events of its panel.
    `facts`: the units table's `query.UnitFacts` when the caller keeps them (for `top_unit`)."""
    ind = indicator["indicator_id"]
    top = top_unit(observations, units, ind, facts)
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
