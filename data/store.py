"""Where the app reads its data: one *store* per process, behind one small interface.

Two stores implement it:

- `FileStore` (the embedded default): the dataset files, read and validated once at start-up
  and kept in memory, with the observations indexed by indicator.
- `data.database.DatabaseStore` (with `DATABASE_URL`): a PostgreSQL database filled by
  `python -m data.load PATH --into URL`; filtering and aggregation run in the database.

Callbacks ask for what they draw, never for a whole large table:

- `table(name)` for the small tables (`units`, `indicators`, `targets`, `events`);
- `observations(indicator_ids=, unit_ids=, years=)` and `budget(unit_ids=, years=)` for the large
  ones, filtered by the store (`None` means "no filter on this column");
- `budget_year_to_date(year, subperiod, unit_ids)`: the budget page's year-to-date sums per unit
  and category, aggregated by the store (in PostgreSQL: one SQL statement);
- `observation_periods(indicator_ids)` / `budget_periods()` / `budget_unit_ids()` for the filter
  options and the budget's unit tree;
- `headline_observations(indicator_ids, year)`: the rows the overview cards need, only of the
  units each headline figure comes from (`headline_units`: in PostgreSQL a window query, in the
  file store a selection from `query_overview.CardIndex`, built once at load);
- `published_years(indicator_ids)`: the years with final annual figures (the default year);
- `final_sources()`: the distinct sources of the final (published) observations, for the footer;
- `info()` for the footer and `/healthz`: name, version, load time, problems, rows left out.

Every frame handed out has the columns and dtypes of the loaded dataset (docs/data-format.md)
and may be changed freely by the caller: it never reaches the store's own frames.
"""

from __future__ import annotations

import hashlib
import os
import threading
import weakref
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

import numpy as np
import pandas as pd

from data import cache, query, query_budget, query_overview
from data.load import Dataset, load_dataset
from data.messages import Problem

DEFAULT_PATH = Path(__file__).resolve().parent / "drammen"
ENV_VAR = "KPI_DATA"
SMALL_TABLES = ("units", "indicators", "targets", "events")
LARGE_TABLES = ("observations", "budget")
T = TypeVar("T")


@dataclass(frozen=True)
class StoreInfo:
    """What the footer and `/healthz` say about the data being served."""

    kind: str  # "files" or "postgresql"
    name: str  # the root unit's name, else the folder or file name
    version: str  # changes with any change of the data ("sha256:…")
    loaded_at: str | None  # ISO 8601 time of `data.load --into` (database); None for files
    observations: int
    problems: list[Problem] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    rows_left_out: int = 0


class Store(Protocol):
    def info(self) -> StoreInfo: ...

    def table(self, name: str) -> pd.DataFrame: ...

    def observations(
        self,
        indicator_ids: Iterable[str] | None = None,
        unit_ids: Iterable[str] | None = None,
        years: Iterable[int] | None = None,
    ) -> pd.DataFrame: ...

    def budget(
        self, unit_ids: Iterable[str] | None = None, years: Iterable[int] | None = None
    ) -> pd.DataFrame: ...

    def budget_year_to_date(
        self, year: int, subperiod: str = "year", unit_ids: Iterable[str] | None = None
    ) -> pd.DataFrame: ...

    def observation_periods(self, indicator_ids: Iterable[str] | None = None) -> list[str]: ...

    def budget_periods(self) -> pd.DataFrame: ...

    def budget_unit_ids(self) -> list[str]: ...

    def headline_units(self, indicator_ids: Iterable[str], year: int) -> list[tuple[str, str]]: ...

    def headline_observations(self, indicator_ids: Iterable[str], year: int) -> pd.DataFrame: ...

    def published_years(self, indicator_ids: Iterable[str] | None = None) -> list[int]: ...

    def final_sources(self) -> list[str]: ...


def root_name(units: pd.DataFrame, fallback: str) -> str:
    roots = units.loc[units["parent_id"] == "", "name"]
    return roots.iloc[0] if len(roots) else fallback


def source_files(dataset: Dataset) -> list[Path]:
    """The files a dataset was read from: the workbook, or the table files of its folder."""
    root = Path(dataset.path)
    if root.is_file():
        return [root]
    return sorted({root / name for name in dataset.sources.values() if (root / name).is_file()})


def files_version(files: list[Path]) -> str:
    """A short content hash of the files a dataset was read from: it changes with any byte."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0")
        with open(path, "rb") as file:
            for block in iter(lambda f=file: f.read(1 << 20), b""):
                digest.update(block)
    return "sha256:" + digest.hexdigest()[:16]


class FileStore:
    """The dataset files, loaded once and kept in memory."""

    kind = "files"

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        # The large tables with their text columns as categories (`open_dataset` loads them so):
        # ids, periods and choices repeat, so 2 M observations take ~40 MiB instead of ~260 MiB.
        # What the store hands out is always the usual `str` columns (`plain`).
        self._large = {name: compact(dataset.tables[name]) for name in LARGE_TABLES}
        obs = self._large["observations"]
        # Row positions of each indicator: a request for one indicator touches only its rows.
        codes, uniques = pd.factorize(obs["indicator_id"])
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
        self._rows = {str(key): order[bounds[i] : bounds[i + 1]] for i, key in enumerate(uniques)}
        # Each row's year (the period's first four digits), worked out once per distinct period.
        codes, periods = pd.factorize(obs["period"])
        year_of = np.array([int(str(p)[:4]) if str(p)[:4].isdigit() else -1 for p in periods], dtype=np.int64)
        self._years = year_of[codes] if len(periods) else np.zeros(len(obs), dtype=np.int64)
        # The overview cards' annual rows and headline picks, worked out once for this dataset
        # (a few hundred ms for 2 M rows): a card set for a year is then a selection of positions.
        self._cards = query_overview.CardIndex.build(obs, dataset.tables["units"])
        del obs
        self._version: str | None = None
        self._name: str | None = None

    def info(self) -> StoreInfo:
        if self._version is None:  # hashed on first use, not at start-up
            self._version = files_version(source_files(self.dataset))
        d = self.dataset
        if self._name is None:  # every cached read asks for the version: look the name up once
            self._name = root_name(d.tables["units"], Path(d.path).name)
        return StoreInfo(
            kind=self.kind,
            name=self._name,
            version=self._version,
            loaded_at=None,
            observations=len(d.tables["observations"]),
            problems=list(d.problems),
            errors=len(d.errors),
            warnings=len(d.warnings),
            rows_left_out=sum(d.dropped.values()),
        )

    def table(self, name: str) -> pd.DataFrame:
        if name in self._large:
            return plain(self._large[name])
        # pandas 3 copies on write: a shallow copy is enough to keep the cached frame unchanged.
        return self.dataset.tables[name].copy(deep=False)

    def observations(self, indicator_ids=None, unit_ids=None, years=None) -> pd.DataFrame:
        return plain(self._observations(indicator_ids, unit_ids, years))

    def _observations(self, indicator_ids=None, unit_ids=None, years=None) -> pd.DataFrame:
        """`observations(...)` in the store's own form (text columns as categories)."""
        obs = self._large["observations"]
        rows = None if indicator_ids is None else self._positions(indicator_ids)
        if years is not None:
            in_years = np.isin(self._years, [int(y) for y in years])
            rows = np.flatnonzero(in_years) if rows is None else rows[in_years[rows]]
        if rows is not None:
            obs = obs.iloc[rows]
        if unit_ids is not None:
            obs = obs[obs["unit_id"].isin(list(unit_ids))]
        return obs

    def budget(self, unit_ids=None, years=None) -> pd.DataFrame:
        rows = self._large["budget"]
        if unit_ids is not None:
            rows = rows[rows["unit_id"].isin(list(unit_ids))]
        if years is not None:
            rows = rows[rows["year"].isin([int(y) for y in years])]
        return plain(rows)

    def budget_year_to_date(self, year: int, subperiod: str = "year", unit_ids=None) -> pd.DataFrame:
        return query_budget.year_to_date(self.budget(unit_ids, [year]), int(year), subperiod)

    def observation_periods(self, indicator_ids=None) -> list[str]:
        periods = self._observations(indicator_ids)["period"]
        return sorted(str(p) for p in periods.unique())

    def budget_periods(self) -> pd.DataFrame:
        rows = plain(self._large["budget"][["year", "period"]].drop_duplicates())
        return rows.sort_values(["year", "period"]).reset_index(drop=True)

    def budget_unit_ids(self) -> list[str]:
        return sorted(str(u) for u in self._large["budget"]["unit_id"].unique())

    def published_years(self, indicator_ids=None) -> list[int]:
        obs = self._observations(indicator_ids)
        final = query.annual_mask(obs) & obs["status"].eq("final").to_numpy(dtype=bool, na_value=False)
        return sorted({int(p) for p in obs["period"][final].unique()})

    def _positions(self, indicator_ids) -> np.ndarray:
        """Row positions of the indicators' observations, in file order."""
        wanted = [self._rows[i] for i in dict.fromkeys(map(str, indicator_ids)) if i in self._rows]
        if len(wanted) <= 1:  # each indicator's positions are in file order already
            return wanted[0] if wanted else np.array([], dtype=np.intp)
        count = sum(len(w) for w in wanted)
        if count * 16 < len(self._years):
            return np.sort(np.concatenate(wanted))
        # Many rows: marking them in a mask of the whole table is linear, where sorting is not.
        mask = np.zeros(len(self._years), dtype=bool)
        for w in wanted:
            mask[w] = True
        return np.flatnonzero(mask)

    def headline_observations(self, indicator_ids, year: int) -> pd.DataFrame:
        # From the cards' index: the annual rows up to `year` of each indicator's headline unit
        # (the pick, the year before it and the sparkline are among them), in file order.
        rows = self._cards.rows(self._known(indicator_ids), int(year))
        return plain(self._large["observations"].iloc[rows])

    def headline_units(self, indicator_ids, year: int) -> list[tuple[str, str]]:
        return self._cards.headline_units(self._known(indicator_ids), int(year))

    def _known(self, indicator_ids) -> list[str]:
        """The ids of the indicators table among `indicator_ids` (`query.headline` shows no other)."""
        known = set(self.dataset.tables["indicators"]["indicator_id"].tolist())
        return [i for i in dict.fromkeys(map(str, indicator_ids)) if i in known]

    def final_sources(self) -> list[str]:
        obs = self._large["observations"]
        return sorted(s for s in obs.loc[obs["status"] == "final", "source"].unique() if s)


_current: dict[str, Store] = {}


def resolve_path(path: str | os.PathLike | None = None) -> Path:
    """The dataset to open: the argument, else $KPI_DATA, else the shipped Drammen dataset."""
    return Path(path or os.environ.get(ENV_VAR) or DEFAULT_PATH)


def use(store: Store) -> Store:
    """Serve from `store` from now on (app start-up, tests)."""
    _current["store"] = store
    return store


def compact(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its `str` columns as categories (the same frame if it has none)."""
    text = [c for c in frame.columns if isinstance(frame[c].dtype, pd.StringDtype)]
    return frame.astype(dict.fromkeys(text, "category")) if text else frame


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """A new frame with `frame`'s category columns back as `str`: the form every reader gets."""
    categories = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    if not categories:
        return frame.copy(deep=False)

    # Each column's categories taken by its codes (-1, missing, stays missing): the same values
    # and dtype as `astype("str")`, which converts every cell on its own (3-8x slower).
    def decoded(s: pd.Series) -> pd.Series:
        if not isinstance(s.cat.categories.dtype, pd.StringDtype):
            return s.astype("str")
        text = s.cat.categories.array.take(s.cat.codes.to_numpy(), allow_fill=True)
        return pd.Series(text, index=frame.index, name=s.name)

    columns = {c: decoded(s) if c in categories else s for c, s in frame.items()}
    return pd.DataFrame(columns, index=frame.index, copy=False)


def open_dataset(path: str | os.PathLike | None = None) -> Dataset:
    """Load the dataset at `path` (its large tables compact, see FileStore) and serve from it."""
    dataset = load_dataset(resolve_path(path), compact=LARGE_TABLES)
    use(FileStore(dataset))
    return dataset


def backend() -> Store:
    """The store of this process (the shipped or $KPI_DATA dataset when none was opened)."""
    if "store" not in _current:
        open_dataset()
    return _current["store"]


def current() -> Dataset:
    """The loaded dataset of the file store (only the file store has one)."""
    store = backend()
    if not isinstance(store, FileStore):
        raise TypeError("the database store has no dataset files")
    return store.dataset


def loaded() -> Store | None:
    """The store this process serves from, or None (never opens one itself)."""
    return _current.get("store")


def info() -> StoreInfo:
    return backend().info()


def table(name: str) -> pd.DataFrame:
    """One small table of the current store, as a frame the caller may change freely.

    The large tables are never handed out whole: ask `observations(...)` / `budget(...)` for
    the slice drawn, and `observation_periods` / `budget_periods` for the filter options.
    """
    if name in LARGE_TABLES:
        raise ValueError(
            f"store.table({name!r}) would read a whole large table: use store.{name}(...) with the "
            "indicators, units and years drawn, or store.observation_periods / store.budget_periods"
        )
    return backend().table(name)


# --- Kept once per store and dataset version -------------------------------------------------

_KEPT_LOCK = threading.RLock()
_kept: dict[str, tuple] = {}


def kept(name: str, build: Callable[[], T]) -> T:
    """What `build()` made of the data served now, kept under `name` for the current store
    (`backend()`, held by a weak reference, so a replaced store is let go) and dataset version
    (`info().version`): built again when either changes, else never expires (unlike the query
    cache). Two threads asking at once build it once. For what depends on the dataset only
    (unit trees, depths, the filter options); the value is shared: read it, never change it."""
    serving = backend()
    version = serving.info().version
    held = _kept.get(name)
    if held is not None and held[0]() is serving and held[1] == version:
        return held[2]
    with _KEPT_LOCK:
        held = _kept.get(name)  # another thread may have built it while this one waited
        if held is not None and held[0]() is serving and held[1] == version:
            return held[2]
        value = build()
        _kept[name] = (weakref.ref(serving), version, value)
    return value


_NOT_KEPT = object()


def kept_each(name: str, key: Hashable, build: Callable[[], T]) -> T:
    """`build()` kept under `name` and `key` as `kept` keeps a value (per store and dataset
    version, never expiring): for results over a small, fixed set of keys, such as the years of
    the dataset, which the caller makes sure `key` is one of. Two threads asking at once for a
    new key may both build it (the same result). Shared: read it, never change it."""
    every = kept(name, dict)
    found = every.get(key, _NOT_KEPT)
    if found is _NOT_KEPT:
        found = every[key] = build()
    return found


def unit_facts() -> query.UnitFacts:
    """The units table's `query.UnitFacts` (each unit's depth, the comparison units, the names
    by id) of the data served now, worked out once per store and dataset version (`kept`): what
    a request reads instead of walking the units tree. Shared: read it, never change it."""
    return kept("query.unit_facts", lambda: query.UnitFacts.of(table("units")))


# --- Reads through the query cache (data/cache.py) ------------------------------------------
# Keyed by the dataset version, the read and its normalised filters; a cache hit is a new frame.


def _ids(values: Iterable | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(sorted({str(v) for v in values}))


def _years(values: Iterable | None) -> tuple[int, ...] | None:
    return None if values is None else tuple(sorted({int(v) for v in values}))


def cached(name: str, args: tuple, compute):
    """`compute()` through the query cache, keyed by the data's version, `name` and `args`
    (normalised by the caller); for results derived from the store."""
    store = backend()
    return cache.read(store.info().version, name, args, compute)


def observations(indicator_ids=None, unit_ids=None, years=None) -> pd.DataFrame:
    args = (_ids(indicator_ids), _ids(unit_ids), _years(years))
    return cached("observations", args, lambda: backend().observations(*args))


def budget(unit_ids=None, years=None) -> pd.DataFrame:
    args = (_ids(unit_ids), _years(years))
    return cached("budget", args, lambda: backend().budget(*args))


def budget_year_to_date(year: int, subperiod: str = "year", unit_ids=None) -> pd.DataFrame:
    """`query_budget.year_to_date` of the budget rows of `year` and `unit_ids` (None: all units):
    one row per unit and category; computed by the store (in PostgreSQL: one SQL statement)."""
    args = (int(year), str(subperiod), _ids(unit_ids))
    return cached("budget_year_to_date", args, lambda: backend().budget_year_to_date(*args))


def observation_periods(indicator_ids=None) -> list[str]:
    if indicator_ids is None:  # every indicator's (the year filter, the default year): kept
        return list(kept("observation_periods", lambda: backend().observation_periods(None)))
    args = (_ids(indicator_ids),)
    return cached("observation_periods", args, lambda: backend().observation_periods(*args))


def budget_periods() -> pd.DataFrame:
    return cached("budget_periods", (), lambda: backend().budget_periods())


def budget_unit_ids() -> list[str]:
    return cached("budget_unit_ids", (), lambda: backend().budget_unit_ids())


def headline_units(indicator_ids, year: int) -> list[tuple[str, str]]:
    """(indicator_id, unit_id) of the row `query.headline` picks for each indicator up to `year`
    (the highest unit with a figure, published before illustrative): the cards then read only
    these units' observations, not every unit's."""
    args = (_ids(indicator_ids), int(year))
    return cached("headline_units", args, lambda: backend().headline_units(*args))


def headline_observations(indicator_ids, year: int) -> pd.DataFrame:
    """What `query.headline`, the overview cards and their sparklines need of the indicators up
    to `year`: the rows of the units their headline figures come from (`headline_units`; the
    file store hands out only their annual rows, from its cards' index). Either store gives the
    same cards."""
    args = (_ids(indicator_ids), int(year))
    return cached("headline_observations", args, lambda: backend().headline_observations(*args))


def published_years(indicator_ids=None) -> list[int]:
    """The years with final (published) annual figures of the indicators (all for None)."""
    if indicator_ids is None:
        return list(kept("published_years", lambda: backend().published_years(None)))
    args = (_ids(indicator_ids),)
    return cached("published_years", args, lambda: backend().published_years(*args))


def final_sources() -> list[str]:
    return cached("final_sources", (), lambda: backend().final_sources())


def dataset_name() -> str:
    """How the footer names the dataset: the root unit's name, else the folder or file name."""
    return backend().info().name
