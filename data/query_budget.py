"""Budget deviation: year-to-date sums, roll-up through the unit tree, cumulative deviation.

Pure: frames in, frames or values out; inputs are never changed. The budget table holds
leaf units × categories × years × periods (`year`, `M01`..`M12` or `T1`..`T3`, each month or
tertial alone). Deviation is actual minus revised budget: positive is merforbruk.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data import query

# The published figures the budget table must reproduce (docs/drammen-dataset.md).
DEVIATION_INDICATOR = "budget_deviation_nok"  # actual − revised budget
FUNDS_INDICATOR = "operating_funds_added_nok"  # revised − original budget
AMOUNTS = ("original_budget", "revised_budget", "actual")
STATUS_ORDER = ("final", "preliminary", "illustrative")  # the last one present wins


def month_span(subperiod: str) -> int:
    """How many months a sub-period reaches to, year to date: 'year' 12, 'T2' 8, 'M05' 5."""
    if subperiod.startswith("T") and subperiod[1:].isdigit():
        return 4 * int(subperiod[1:])
    if subperiod.startswith("M") and subperiod[1:].isdigit():
        return int(subperiod[1:])
    return 12


def step_of(period: str) -> tuple[str, int] | None:
    """'M03' -> ('M', 3); 'T2' -> ('T', 2); 'year' or anything else -> None."""
    kind, number = period[:1], period[1:]
    if kind in ("M", "T") and number.isdigit():
        return kind, int(number)
    return None


def budget_years(budget: pd.DataFrame) -> list[int]:
    return sorted({int(y) for y in budget["year"].unique()})


def budget_subperiods(budget: pd.DataFrame) -> tuple[str, ...]:
    """'year' first, then the tertials and months the table has rows for."""
    found = {p for p in budget["period"].unique() if step_of(str(p))}
    return ("year", *sorted(p for p in found if p[0] == "T"), *sorted(p for p in found if p[0] == "M"))


def default_year(budget: pd.DataFrame, observations: pd.DataFrame, indicator_ids) -> int | None:
    """The latest budget year with a final annual figure of `indicator_ids`, else the latest budget year."""
    years = budget_years(budget)
    obs = query.annual(query.of_indicators(observations, indicator_ids))  # few rows: filter first
    obs = obs[obs["status"].eq("final")]
    final = sorted(set(obs["period"].astype(int)) & set(years))
    if final:
        return final[-1]
    return years[-1] if years else None


def worst_status(statuses) -> str:
    """'illustrative' if any row is, else 'preliminary' if any is, else 'final'."""
    present = set(statuses)
    for status in reversed(STATUS_ORDER):
        if status in present:
            return status
    return "final"


def _finite(x: object) -> bool:
    """A finite real number (numpy scalars included), not a bool."""
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x)


def _sum(values: pd.Series) -> float:
    """A sum that stays missing (NaN) when every value is missing."""
    return values.sum(min_count=1)


def year_to_date(budget: pd.DataFrame, year: int, subperiod: str = "year") -> pd.DataFrame:
    """One row per unit and category: the amounts from the start of `year` to the end of `subperiod`.

    'year' uses the year rows (or the sum of the months or tertials where a year row is missing);
    'T2' sums months 1–8 (or tertials 1–2); 'M05' sums months 1–5 (or the tertials that end by
    then). `forecast` is the year-end forecast made at the last period summed (NaN if none).
    Columns: unit_id, category, original_budget, revised_budget, actual, forecast, status.
    """
    columns = ["unit_id", "category", *AMOUNTS, "forecast", "status"]
    rows = budget[budget["year"] == year]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    months = month_span(subperiod)
    # Kind (0 year, 1 month, 2 tertial) and number of each distinct period, not of every row;
    # periods, units, categories and statuses are never missing (data/schema.py).
    p_codes, periods = query.codes_of(rows["period"])
    steps = [step_of(p) for p in periods.tolist()]
    kind = np.array([*("YMT".index(s[0]) if s else 0 for s in steps), 0], dtype=np.int64)[p_codes]
    number = np.array([*(s[1] if s else 0 for s in steps), 0], dtype=np.int64)[p_codes]
    # Each (unit, category) pair as a code in the order of its first row (as groupby sort=False).
    u_codes, _ = pd.factorize(rows["unit_id"])
    c_codes, _ = pd.factorize(rows["category"])
    group, _ = pd.factorize(u_codes.astype(np.int64) * (int(c_codes.max()) + 1) + c_codes)
    pairs, first_row = np.unique(group, return_index=True)
    has_year = np.zeros(len(pairs), dtype=bool)
    has_year[group[kind == 0]] = True
    has_month = np.zeros(len(pairs), dtype=bool)
    has_month[group[kind == 1]] = True
    source = np.where(has_year & (months >= 12), 0, np.where(has_month, 1, 2))[group]
    limit = np.array([0, months, months // 4], dtype=np.int64)[source]
    chosen = np.flatnonzero((kind == source) & ((kind == 0) | ((number >= 1) & (number <= limit))))
    g = group[chosen]
    out = rows[list(AMOUNTS)].take(chosen).groupby(g, sort=False).sum(min_count=1)
    groups = out.index.to_numpy()
    # The forecast of each pair's last period summed (its last row among the highest number).
    by_number = np.lexsort((np.arange(len(chosen)), number[chosen]))[::-1]
    seen, last = np.unique(g[by_number], return_index=True)
    forecast = rows["forecast"].take(chosen[by_number[last]])
    s_codes, statuses = query.codes_of(rows["status"])
    rank = np.array([STATUS_ORDER.index(x) for x in statuses.tolist()], dtype=np.int64)[s_codes[chosen]]
    worst = np.zeros(len(pairs), dtype=np.int64)
    np.maximum.at(worst, g, rank)
    firsts = first_row[groups]
    return pd.DataFrame(
        {
            "unit_id": rows["unit_id"].take(firsts).reset_index(drop=True),
            "category": rows["category"].take(firsts).reset_index(drop=True),
            **{c: out[c].reset_index(drop=True) for c in AMOUNTS},
            "forecast": forecast.take(np.searchsorted(seen, groups)).reset_index(drop=True),
            "status": pd.Series([STATUS_ORDER[r] for r in worst[groups].tolist()], dtype="str"),
        },
        columns=columns,
    )


def _with_deviation(frame: pd.DataFrame) -> pd.DataFrame:
    """Adds deviation_nok, deviation_pct and word (merforbruk/mindreforbruk/balanse)."""
    actual, revised = frame["actual"].to_numpy(), frame["revised_budget"].to_numpy()
    if actual.dtype == np.float64 and revised.dtype == np.float64:
        # `query.deviation` and `deviation_word` on whole columns: the same float operations.
        both = np.isfinite(actual) & np.isfinite(revised)
        with np.errstate(invalid="ignore", divide="ignore"):
            nok = np.where(both, actual - revised, np.nan)
            pct = np.where(both & (revised != 0), nok / np.abs(revised) * 100, np.nan)
        words = np.where(nok > 0, query.OVERSPEND, np.where(nok < 0, query.UNDERSPEND, query.BALANCE))
        return frame.assign(
            deviation_nok=pd.Series(nok, index=frame.index, dtype="float64"),
            deviation_pct=pd.Series(pct, index=frame.index, dtype="float64"),
            word=[w if ok else None for w, ok in zip(words.tolist(), np.isfinite(nok).tolist(), strict=True)],
        )
    pairs = [query.deviation(a, b) for a, b in zip(frame["actual"], frame["revised_budget"], strict=True)]
    nok = [p[0] for p in pairs]
    return frame.assign(
        deviation_nok=pd.Series(nok, index=frame.index, dtype="float64"),
        deviation_pct=pd.Series([p[1] for p in pairs], index=frame.index, dtype="float64"),
        word=[query.deviation_word(n) for n in nok],
    )


def _children(units: pd.DataFrame) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for unit, parent in zip(units["unit_id"].tolist(), units["parent_id"].tolist(), strict=True):
        out.setdefault(parent, []).append(unit)
    return out


def budget_units(units: pd.DataFrame, budget: pd.DataFrame) -> list[str]:
    """Units that have budget rows or units below them with rows, in tree order."""
    parents = dict(zip(units["unit_id"].tolist(), units["parent_id"].tolist(), strict=True))
    keep: set[str] = set()
    for unit_id in pd.unique(budget["unit_id"]):
        keep.update(_path_up(parents, unit_id, keep))
    return [u for u in query.descendants(units, "") if u in keep]


def _path_up(parents: dict, unit_id: str, done: set[str]) -> list[str]:
    """`unit_path` from `unit_id` up, read from a parent map built once: the units on it that are
    not in `done` yet (a path that reaches a unit of `done` goes on as that unit's path did)."""
    path: list[str] = []
    current = unit_id
    while current in parents and current not in path and current not in done:
        path.append(current)
        current = parents[current]
    return path


def budget_root(units: pd.DataFrame, budget: pd.DataFrame) -> str | None:
    """The unit the budget page starts at: from the root down while only one child has budget rows.

    Drammen: drammen -> p05 (P05 has 16 units with rows).
    """
    keep = set(budget_units(units, budget))
    children = _children(units)
    current = next((u for u in children.get("", []) if u in keep), None)
    with_rows = set(pd.unique(budget["unit_id"]))
    while current is not None and current not in with_rows:
        below = [c for c in children.get(current, []) if c in keep]
        if len(below) != 1:
            break
        current = below[0]
    return current


@dataclass(frozen=True, eq=False)
class BudgetTree:
    """The unit tree as the budget page walks it, worked out once per dataset (the callbacks keep
    one per dataset version): what `budget_units`, `budget_root`, `unit_path`,
    `query.descendants`, `query.expand_units` and `_subtrees` give, from maps built once
    instead of on every call (a national tree has 2 343 units). Each method gives the same
    value as the function it stands for; results per unit are kept (the tree never changes).
    """

    unit_ids: tuple[str, ...]  # the units table's order
    parents: dict[str, str]
    names: dict[str, str]
    children: dict[str, list[str]]  # every unit by parent, comparison units too (`_children`)
    inside: dict[str, list[str]]  # by parent without comparison units (`query.descendants`)
    beside: frozenset[str]  # the comparison units
    in_budget: tuple[str, ...]  # `budget_units`
    with_rows: frozenset[str]  # the units with budget rows
    root: str | None  # `budget_root`
    _memo: dict = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, units: pd.DataFrame, budget: pd.DataFrame) -> BudgetTree:
        """From the units table and the budget's units (a frame with a unit_id column)."""
        unit_ids = units["unit_id"].tolist()
        parent_ids = units["parent_id"].tolist()
        beside = frozenset(query.comparison_ids(units))
        inside: dict[str, list[str]] = {}
        for unit, parent in zip(unit_ids, parent_ids, strict=True):
            if unit not in beside:
                inside.setdefault(parent, []).append(unit)
        return cls(
            unit_ids=tuple(unit_ids),
            parents=dict(zip(unit_ids, parent_ids, strict=True)),
            names=dict(zip(unit_ids, units["name"].tolist(), strict=True)),
            children=_children(units),
            inside=inside,
            beside=beside,
            in_budget=tuple(budget_units(units, budget)),
            with_rows=frozenset(pd.unique(budget["unit_id"])),
            root=budget_root(units, budget),
        )

    def kept(self, key: tuple, compute):
        """`compute()` the first time `key` is asked for, then the same value (the tree never changes)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def descendants(self, unit_id: str) -> tuple[str, ...]:
        """`query.descendants(units, unit_id)`."""
        return self.kept(("descendants", unit_id), lambda: tuple(query.below(self.inside, unit_id)))

    def expand(self, selected: list[str] | tuple[str, ...]) -> list[str]:
        """`query.expand_units(units, selected)`."""
        if not selected:
            every = self.kept(("every",), lambda: tuple(u for u in self.unit_ids if u not in self.beside))
            return list(every)
        out: list[str] = []
        seen: set[str] = set()
        for unit in selected:
            if unit in self.parents:
                for u in (unit, *self.descendants(unit)):
                    if u not in seen:
                        seen.add(u)
                        out.append(u)
        return out

    def allowed(self, selected: list[str] | tuple[str, ...]) -> frozenset[str]:
        """`set(query.expand_units(units, selected))`."""
        if not selected:
            return self.kept(("allowed",), lambda: frozenset(self.expand(())))
        return frozenset(self.expand(selected))

    def subtrees(self, parent: str) -> dict[str, list[str]]:
        """`_subtrees(units, parent)` (a new dict of new lists)."""
        kept = self.kept(
            ("subtrees", parent),
            lambda: {child: (child, *self.descendants(child)) for child in self.children.get(parent, [])},
        )
        return {child: list(units) for child, units in kept.items()}

    def unit_path(self, unit_id: str) -> list[str]:
        """`unit_path(units, unit_id)`."""
        path: list[str] = []
        current = unit_id
        while current in self.parents and current not in path:
            path.append(current)
            current = self.parents[current]
        return list(reversed(path))


def unit_path(units: pd.DataFrame, unit_id: str) -> list[str]:
    """The units from the root down to `unit_id` (both included); [] for an unknown unit."""
    parents = dict(zip(units["unit_id"].tolist(), units["parent_id"].tolist(), strict=True))
    path: list[str] = []
    current = unit_id
    while current in parents and current not in path:
        path.append(current)
        current = parents[current]
    return list(reversed(path))


def breakdown(
    ytd: pd.DataFrame,
    units: pd.DataFrame,
    parent: str,
    selected: list[str] | tuple[str, ...] = (),
    tree: BudgetTree | None = None,
) -> pd.DataFrame:
    """The rows of one view: the units directly under `parent`, each summed over its subtree;
    or, for a unit with budget rows of its own and no units under it, its cost categories.

    `selected` is the unit filter (hierarchy-aware, empty = all): only its leaf rows are summed
    and only units with such rows are listed. Rows keep the unit tree order (categories: the
    table's order). Columns: key, label, kind ('unit' / 'category'), drill (another level below),
    original_budget, revised_budget, actual, forecast, status, deviation_nok, deviation_pct, word.
    `tree`: `units` as a `BudgetTree` (the same result, without walking the tree again).
    """
    if tree is None:
        allowed = set(query.expand_units(units, list(selected)))
        names = dict(zip(units["unit_id"].tolist(), units["name"].tolist(), strict=True))
        below = _subtrees(units, parent)
    else:  # the same, from the maps worked out once
        allowed, names, below = tree.allowed(selected), tree.names, tree.subtrees(parent)
    ytd = ytd[query.isin(ytd["unit_id"], allowed)]
    columns = ["key", "label", "kind", "drill", *AMOUNTS, "forecast", "status"]
    out = []
    per_unit = _sums_per_subtree(ytd, below)
    if per_unit is not None:
        if per_unit["key"]:
            per_unit["label"] = [names.get(child, child) for child in per_unit["key"]]
            per_unit["kind"] = ["unit"] * len(per_unit["key"])
            per_unit["drill"] = [True] * len(per_unit["key"])
            return _with_deviation(pd.DataFrame({c: per_unit[c] for c in columns}, columns=columns))
    else:
        for child, rows in _rows_per_subtree(ytd, below):
            out.append(
                {
                    "key": child,
                    "label": names.get(child, child),
                    "kind": "unit",
                    "drill": True,
                    **{c: _sum_values(rows[c]) for c in (*AMOUNTS, "forecast")},
                    "status": worst_status(rows["status"]),
                }
            )
    if not out:
        own = ytd[ytd["unit_id"] == parent]
        for category, rows in own.groupby("category", sort=False):
            out.append(
                {
                    "key": category,
                    "label": category,
                    "kind": "category",
                    "drill": False,
                    **{c: _sum(rows[c]) for c in (*AMOUNTS, "forecast")},
                    "status": worst_status(rows["status"]),
                }
            )
    return _with_deviation(pd.DataFrame(out, columns=columns))


def _subtrees(units: pd.DataFrame, parent: str) -> dict[str, list[str]]:
    """`{child: [child, *query.descendants(units, child)]}` for the units directly under `parent`
    (comparison units included, as `_children` gives them), from one children map."""
    children: dict[str, list[str]] = {}
    beside = query.comparison_ids(units)
    for unit, up in zip(units["unit_id"].tolist(), units["parent_id"].tolist(), strict=True):
        if unit not in beside:
            children.setdefault(up, []).append(unit)
    out: dict[str, list[str]] = {}
    for child in _children(units).get(parent, []):
        subtree, seen = [child], set()
        stack = list(reversed(children.get(child, [])))
        while stack:  # query.descendants, on the map built once
            unit = stack.pop()
            if unit not in seen:
                seen.add(unit)
                subtree.append(unit)
                stack.extend(reversed(children.get(unit, [])))
        out[child] = subtree
    return out


def _rows_per_subtree(ytd: pd.DataFrame, below: dict[str, list[str]]):
    """(child, {column: values}) for each subtree of `below` with rows in `ytd`, in `below`'s order.

    The values are each column's cells of the subtree's rows in `ytd`'s order, as
    `ytd[ytd["unit_id"].isin(subtree)]` gives them, found in one pass: the rows are grouped by
    the subtree their unit is in (a unit in two subtrees, which a valid tree never has, makes
    it filter once per subtree instead).
    """
    owner: dict[str, int] = {}
    overlap = False
    for i, subtree in enumerate(below.values()):
        for unit in subtree:
            overlap = overlap or owner.setdefault(unit, i) != i
    names = [*AMOUNTS, "forecast", "status"]
    if overlap:
        for child, subtree in below.items():
            rows = ytd[ytd["unit_id"].isin(subtree)]
            if len(rows):
                yield child, {c: rows[c].to_numpy() for c in names}
        return
    codes, unit_ids = query.codes_of(ytd["unit_id"])
    group_of = np.array([owner.get(u, -1) for u in unit_ids], dtype=np.int64)
    group = np.append(group_of, -1)[codes] if len(codes) else np.empty(0, dtype=np.int64)
    order = np.argsort(group, kind="stable")
    sorted_group = group[order]
    bounds = np.searchsorted(sorted_group, np.arange(len(below) + 1), side="left")
    columns = {c: ytd[c].to_numpy()[order] for c in names}
    for i, child in enumerate(below):
        start, stop = bounds[i], bounds[i + 1]
        if stop > start:
            yield child, {c: values[start:stop] for c, values in columns.items()}


def _sums_per_subtree(ytd: pd.DataFrame, below: dict[str, list[str]]) -> dict[str, list] | None:
    """What `breakdown` sums of each subtree of `below` with rows in `ytd` (as `_rows_per_subtree`
    and `_sum_values` give it), as columns: key, the amounts and status; the rows grouped and
    sorted once, each group's cells summed by numpy in the same order (the same sums). None when
    a unit is in two subtrees or a column is not float64 (`_rows_per_subtree` then)."""
    amounts = (*AMOUNTS, "forecast")
    owner: dict[str, int] = {}
    for i, subtree in enumerate(below.values()):
        for unit in subtree:
            if owner.setdefault(unit, i) != i:
                return None
    columns = {c: ytd[c].to_numpy() for c in amounts}
    if any(values.dtype != np.float64 for values in columns.values()):
        return None
    codes, unit_ids = query.codes_of(ytd["unit_id"])
    group_of = np.array([owner.get(u, -1) for u in unit_ids], dtype=np.int64)
    group = np.append(group_of, -1)[codes] if len(codes) else np.empty(0, dtype=np.int64)
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(len(below) + 1), side="left")
    filled = np.flatnonzero(bounds[1:] > bounds[:-1])
    starts, stops = bounds[:-1][filled].tolist(), bounds[1:][filled].tolist()
    children = list(below)
    out: dict[str, list] = {"key": [children[i] for i in filled.tolist()]}
    add = np.add.reduce  # what ndarray.sum calls, without its Python wrapper
    for c, values in columns.items():
        values = values[order]
        missing = np.isnan(values)
        counted = np.concatenate(([0], np.cumsum(missing))).tolist()
        summed = np.where(missing, 0.0, values)  # each group's sum: its cells, missing ones as 0
        out[c] = [
            np.nan if counted[b] - counted[a] == b - a else add(summed[a:b])
            for a, b in zip(starts, stops, strict=True)
        ]
    s_codes, statuses = query.codes_of(ytd["status"])
    ranks = [STATUS_ORDER.index(x) if x in STATUS_ORDER else 0 for x in statuses.tolist()]
    rank = np.array([*ranks, 0], dtype=np.int64)[s_codes][order]
    worst = np.maximum.reduceat(rank, starts).tolist() if starts else []
    out["status"] = [STATUS_ORDER[r] for r in worst]
    return out


def _sum_values(values: np.ndarray) -> float:
    """`_sum` of a column's values: for floats, what pandas' `sum(min_count=1)` does (missing
    cells as 0, numpy's sum of the cells in the same order; NaN when all are missing)."""
    if values.dtype != np.float64:
        return _sum(pd.Series(values))
    missing = np.isnan(values)
    count = np.count_nonzero(missing)  # one pass instead of all() and any()
    if count == len(values):
        return np.nan
    return np.where(missing, 0.0, values).sum() if count else values.sum()


def leaves_of(
    units: pd.DataFrame,
    unit_id: str,
    selected: list[str] | tuple[str, ...] = (),
    tree: BudgetTree | None = None,
) -> list[str]:
    """`unit_id` and every unit below it, restricted to the unit filter (empty = all)."""
    if tree is not None:
        allowed = tree.allowed(selected)
        return [u for u in (unit_id, *tree.descendants(unit_id)) if u in allowed]
    allowed = set(query.expand_units(units, list(selected)))
    return [u for u in [unit_id, *query.descendants(units, unit_id)] if u in allowed]


def largest_and_rest(rows: pd.DataFrame, limit: int, rest_label: Callable[[int], str]) -> pd.DataFrame:
    """The rows with a deviation, at most `limit`: beyond it the `limit - 1` with the largest
    deviation in kroner (in their order) and one row, kind 'rest', labelled `rest_label(n)`,
    summing the n others (`totals`), so a chart of them adds up to the same budget and actual."""
    finite = rows["deviation_nok"].map(lambda v: isinstance(v, float) and math.isfinite(v))
    finite = finite.to_numpy(dtype=bool)
    if finite.sum() <= limit:
        return rows.loc[finite]  # (an empty mask would select columns)
    # Beyond the limit: positions, and only the rows kept and the columns `totals` reads taken.
    positions = np.flatnonzero(finite)
    size = pd.Series(np.abs(rows["deviation_nok"].to_numpy(dtype="float64")[positions]))
    largest = np.zeros(len(positions), dtype=bool)
    largest[size.sort_values(ascending=False, kind="stable").index[: limit - 1].to_numpy()] = True
    rest = rows[[*AMOUNTS, "forecast", "status"]].take(positions[~largest])
    folded = {**totals(rest), "key": "", "label": rest_label(len(rest)), "kind": "rest", "drill": False}
    return pd.concat([rows.take(positions[largest]), pd.DataFrame([folded])], ignore_index=True)


def totals(rows: pd.DataFrame) -> dict[str, object]:
    """The sum of a view's rows: amounts, deviation (kr, %, word), funds added, status."""
    out: dict[str, object] = {c: _sum(rows[c]) if len(rows) else math.nan for c in (*AMOUNTS, "forecast")}
    nok, pct = query.deviation(out["actual"], out["revised_budget"])
    added = out["revised_budget"] - out["original_budget"]
    out.update(
        deviation_nok=nok,
        deviation_pct=pct,
        word=query.deviation_word(nok),
        funds_added=added if _finite(added) else None,
        status=worst_status(rows["status"]) if len(rows) else "final",
    )
    return out


def published(
    observations: pd.DataFrame, indicator_id: str, unit_id: str, year: int
) -> tuple[float, str] | None:
    """The final (published) annual figure of one indicator, unit and year, with its source; or None."""
    # The first matching row, found on the columns as lists (a unit's rows of two indicators: a
    # few hundred at most; four pandas comparisons cost more than reading them).
    wanted = (indicator_id, unit_id, str(year), "final")
    columns = [observations[c].tolist() for c in ("indicator_id", "unit_id", "period", "status")]
    first = next(
        (i for i, row in enumerate(zip(*columns, strict=True)) if all(map(_is_text, row)) and row == wanted),
        None,
    )
    if first is None:
        return None
    source = observations["source"].iloc[first] if "source" in observations else ""
    return float(observations["value"].iloc[first]), str(source or "")


def _is_text(x: object) -> bool:
    return isinstance(x, str)


def matches(value: object, figure: tuple[float, str] | None, tolerance: float = 0.5) -> bool:
    """True when a computed amount equals a published figure (to the krone)."""
    return figure is not None and _finite(value) and abs(float(value) - figure[0]) <= tolerance


def published_match(observations: pd.DataFrame, unit_id: str, year: int, total: dict) -> str | None:
    """The citation of the published figures when a view's whole-year `total` (from `totals`)
    reproduces both the published deviation and the funds added, to the krone; else None.

    The citation is the source up to any derivation note after a ';'.
    """
    deviation = published(observations, DEVIATION_INDICATOR, unit_id, year)
    funds = published(observations, FUNDS_INDICATOR, unit_id, year)
    if matches(total.get("deviation_nok"), deviation) and matches(total.get("funds_added"), funds):
        return deviation[1].split(";")[0].strip()
    return None


def cumulative(budget: pd.DataFrame, unit_ids: list[str], year: int, subperiod: str = "year") -> pd.DataFrame:
    """Cumulative deviation (actual − revised) month by month (or tertial by tertial).

    Three series: 'current' for `year` up to the end of `subperiod`; 'forecast', the year-end
    deviation as forecast at each of those periods (forecast − the year's revised budget); and
    'previous', the whole of `year - 1`. Columns: series, year, period ('M01' / 'T1'), step,
    value, status. Years without month or tertial rows give no points.
    """
    columns = ["series", "year", "period", "step", "value", "status"]
    out = []
    # Codes of the whole frame once: each series is then a mask, and only its amounts are copied
    # (the text columns never are). Periods and statuses are never missing (data/schema.py).
    wanted = query.isin(budget["unit_id"], unit_ids)
    years = budget["year"].to_numpy()
    p_codes, periods = query.codes_of(budget["period"])
    s_codes, statuses = query.codes_of(budget["status"])
    steps = [step_of(p) for p in periods.tolist()]
    plans, parts = [], []
    span = max((s[1] for s in steps if s), default=0) + 1  # keys: series number * span + step
    for number, (series, which, limit) in enumerate(
        (("current", year, month_span(subperiod)), ("previous", year - 1, 12))
    ):
        positions = np.flatnonzero(wanted & (years == which))
        # step_of and the status rank of each distinct period and status of the rows
        present = [steps[c] for c in _present(p_codes[positions], len(periods))]
        kinds = {s[0] for s in present if s}
        kind = "M" if "M" in kinds else "T" if "T" in kinds else None
        if kind is None:
            continue
        step = np.array([*(s[1] if s and s[0] == kind else 0 for s in steps), 0], dtype=np.int64)
        rank = np.zeros(len(statuses) + 1, dtype=np.int64)
        for code in _present(s_codes[positions], len(statuses)):
            rank[code] = STATUS_ORDER.index(statuses.iloc[code])
        positions = positions[step[p_codes[positions]] > 0]
        # One group per (series, step)
        parts.append((positions, number * span + step[p_codes[positions]], rank[s_codes[positions]]))
        plans.append((number, series, which, limit, kind))
    if not plans:
        return pd.DataFrame(out, columns=columns)
    # Both series' sums in one groupby (each group's rows in the same order as one per series:
    # the same sums, pandas' compensated summation of each group's rows).
    positions = np.concatenate([p[0] for p in parts])
    keys = np.concatenate([p[1] for p in parts])
    ranks = np.concatenate([p[2] for p in parts])
    amounts = budget[["revised_budget", "actual", "forecast"]].take(positions)
    sums = amounts.groupby(keys).sum(min_count=1)
    found = sums.index.to_numpy()
    worst = np.zeros(int(keys.max()) + 1 if len(keys) else 1, dtype=np.int64)
    np.maximum.at(worst, keys, ranks)
    for number, series, which, limit, kind in plans:
        mine = (found >= number * span) & (found < (number + 1) * span)
        per_step = sums.loc[mine]
        step_numbers = (found[mine] - number * span).tolist()
        revised = per_step["revised_budget"].set_axis(step_numbers)
        actual = per_step["actual"].set_axis(step_numbers)
        year_revised = _sum(revised)
        last = limit if kind == "M" else limit // 4
        deviation = (actual - revised).cumsum().tolist()
        forecasts = per_step["forecast"].tolist()
        status = [STATUS_ORDER[r] for r in worst[found[mine]].tolist()]
        for i, step in enumerate(step_numbers):
            if step > last:
                continue
            period = f"{kind}{step:02d}" if kind == "M" else f"{kind}{step}"
            base = {"year": which, "period": period, "step": int(step), "status": status[i]}
            out.append({**base, "series": series, "value": deviation[i]})
            if series == "current" and _finite(forecasts[i]):
                out.append({**base, "series": "forecast", "value": forecasts[i] - year_revised})
    return pd.DataFrame(out, columns=columns)


def _present(codes: np.ndarray, count: int) -> list[int]:
    """The codes (of `count` distinct values; -1 = missing, left out) that occur in `codes`."""
    return np.flatnonzero(np.bincount(codes + 1, minlength=count + 1)[1:]).tolist()
