"""The PostgreSQL store (`DATABASE_URL`) and `python -m data.load PATH --into URL`.

SQLAlchemy Core over psycopg 3, no ORM. One table per dataset table with the columns of
data/schema.py, plus two columns added at load time:

- `row_no`: the row's position in the loaded frame, so that every frame read back has the order
  and the index the file store gives (`ORDER BY row_no`);
- `year` (observations only): the first four characters of `period`, so that a filter on years runs
  in the database with an index-friendly equality.

`dataset_meta` holds one row: name, version (the content hash of the source files, as the file
store computes it, so loading the same files twice gives the same version), load time, source and
row counts.

Reading: `observations(...)` and `budget(...)` filter in the database (WHERE ... IN), the period
lists and sources are SELECT DISTINCT; the small tables (units, indicators, targets, events) are
read once per dataset version and kept in the process. The version is looked up at most once per
`CHECK_SECONDS`, so a nightly reload shows without a restart.

Loading: the dataset is validated first with the rules and messages of `python -m data.validate`;
any error and nothing is written. Otherwise one transaction creates the schema when missing,
deletes the old rows, copies the new ones in (COPY ... FROM STDIN) and writes `dataset_meta`:
readers see the old dataset until it commits.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from data.load import Dataset, DatasetError, load_dataset
from data.messages import render
from data.query import comparison_ids, unit_depths
from data.query_budget import AMOUNTS, STATUS_ORDER, month_span
from data.schema import TABLES, Table
from data.store import LARGE_TABLES, SMALL_TABLES, StoreInfo, files_version, root_name, source_files
from data.validate import INTEGER_COLUMNS, dtype_of, empty_frame

ENV_VAR = "DATABASE_URL"
CHECK_SECONDS = 5.0  # how often a process looks for a newly loaded dataset
COPY_CHUNK = 200_000  # rows per COPY write
MEMO_SIZE = 512  # answers kept per dataset version (period lists per indicator choice, ...)
DRIVER = "postgresql+psycopg"

MESSAGES = {
    "bad_url": {
        "nb": "Ugyldig database-adresse «{url}»: {reason}",
        "en": "Invalid database URL '{url}': {reason}",
    },
    "driver": {
        "nb": "bruk postgresql://bruker:passord@vert/database (driveren {driver} støttes ikke)",
        "en": "use postgresql://user:password@host/database (the driver {driver} is not supported)",
    },
    "unreachable": {
        "nb": "Kan ikke bruke databasen {url}: {reason}",
        "en": "Cannot use the database {url}: {reason}",
    },
    "invalid": {
        "nb": "Ingenting lastet inn i {url}: datasettet har feil.",
        "en": "Nothing loaded into {url}: the dataset has errors.",
    },
    "loaded": {
        "nb": "Lastet {rows} rader inn i {url}: versjon {version}, {seconds:.1f} s",
        "en": "Loaded {rows} rows into {url}: version {version}, {seconds:.1f} s",
    },
}


class DatabaseUrlError(ValueError):
    """A DATABASE_URL that is not a PostgreSQL address this app can use (one line)."""


def message(code: str, lang: str = "nb", **values: object) -> str:
    return MESSAGES[code][lang if lang in ("nb", "en") else "nb"].format(**values)


def normalize_url(url: str | URL) -> URL:
    """`postgresql://…` or `postgres://…` (what users write) -> `postgresql+psycopg://…`.

    An explicit `+psycopg` is kept; any other database or driver raises DatabaseUrlError.
    """
    text = str(url).strip()
    if text.startswith("postgres://"):
        text = "postgresql://" + text[len("postgres://") :]
    try:
        parsed = make_url(text)
    except ArgumentError:
        raise DatabaseUrlError(
            message("bad_url", url=text, reason="postgresql://user:password@host/db")
        ) from None
    if parsed.get_backend_name() != "postgresql" or parsed.drivername not in ("postgresql", DRIVER):
        raise DatabaseUrlError(
            message("bad_url", url=_shown(parsed), reason=message("driver", driver=parsed.drivername))
        )
    return parsed.set(drivername=DRIVER)


def _shown(url: URL) -> str:
    """The address as users write it, without its password, for messages."""
    return url.set(drivername="postgresql").render_as_string(hide_password=True)


def create_engine(url: str | URL) -> Engine:
    return sa.create_engine(normalize_url(url), pool_pre_ping=True, pool_size=2, max_overflow=4)


# --- Schema -----------------------------------------------------------------------------------

metadata = sa.MetaData()


def _sql_type(table: Table, column) -> sa.types.TypeEngine:
    dtype = dtype_of(table.name, column)
    if dtype == "int64" or (table.name, column.name) in INTEGER_COLUMNS:
        return sa.BigInteger()
    if dtype == "float64":
        return sa.Double()
    return sa.Text()


def _table(table: Table) -> sa.Table:
    columns = [sa.Column("row_no", sa.BigInteger, primary_key=True, autoincrement=False)]
    for c in table.columns:
        sql_type = _sql_type(table, c)
        # Text is never NULL (an empty cell is ""); a missing number is NULL (NaN in the frame).
        columns.append(sa.Column(c.name, sql_type, nullable=not isinstance(sql_type, sa.Text)))
    if table.name == "observations":
        columns.append(sa.Column("year", sa.Integer, nullable=False))
    return sa.Table(table.name, metadata, *columns)


TABLE_OBJECTS: dict[str, sa.Table] = {name: _table(table) for name, table in TABLES.items()}
observations_t = TABLE_OBJECTS["observations"]
budget_t = TABLE_OBJECTS["budget"]
sa.Index(
    "ix_observations_indicator_unit_period",
    observations_t.c.indicator_id,
    observations_t.c.unit_id,
    observations_t.c.period,
)
sa.Index("ix_observations_unit", observations_t.c.unit_id)
sa.Index("ix_observations_year", observations_t.c.year)
sa.Index("ix_budget_year_unit", budget_t.c.year, budget_t.c.unit_id)

dataset_meta = sa.Table(
    "dataset_meta",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),  # always 1: one dataset
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("version", sa.Text, nullable=False),
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("row_counts", sa.JSON, nullable=False),
)


# --- Reading ----------------------------------------------------------------------------------


def _frame(table: Table, rows: list[tuple], with_row_no: bool = True) -> pd.DataFrame:
    """Rows (row_no first, then the table's columns) as the frame the file store would give."""
    if not rows:
        frame = empty_frame(table)
        frame.index = pd.Index([], dtype="int64")
        return frame
    columns = list(zip(*rows, strict=True))
    index = pd.Index(np.array(columns[0], dtype=np.int64)) if with_row_no else None
    data = {}
    for c, values in zip(table.columns, columns[1:], strict=True):
        dtype = dtype_of(table.name, c)
        if dtype in ("int64", "float64"):
            data[c.name] = pd.Series(np.array(values, dtype=dtype), index=index, copy=False)
        else:
            data[c.name] = pd.Series(pd.array(list(values), dtype="str"), index=index, copy=False)
    return pd.DataFrame(data, columns=list(table.column_names), copy=False)


def _ids(values: Iterable) -> list[str]:
    return list(dict.fromkeys(str(v) for v in values))


class DatabaseStore:
    """A dataset loaded into PostgreSQL by `python -m data.load PATH --into URL`."""

    kind = "postgresql"

    def __init__(self, url: str | URL) -> None:
        self.url = normalize_url(url)
        self._engine: Engine | None = None
        self._pid = 0
        self._lock = threading.Lock()
        self._meta: dict | None = None
        self._checked = -float("inf")
        self._small: tuple[str, dict[str, pd.DataFrame]] | None = None
        self._memo: tuple[str, dict] = ("", {})

    @property
    def engine(self) -> Engine:
        """One engine per process: gunicorn forks workers after the app is built."""
        if self._engine is None or self._pid != os.getpid():
            if self._engine is not None:
                self._engine.dispose(close=False)  # the parent's connections stay the parent's
            self._engine = create_engine(self.url)
            self._pid = os.getpid()
        return self._engine

    def _rows(self, query) -> list[tuple]:
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(query)]

    def meta(self) -> dict | None:
        """The `dataset_meta` row (None before the first load), looked up at most every CHECK_SECONDS."""
        with self._lock:
            now = time.monotonic()
            if now - self._checked >= CHECK_SECONDS:
                self._meta = self._read_meta()
                self._checked = now
            return self._meta

    def _read_meta(self) -> dict | None:
        with self.engine.connect() as conn:
            if conn.execute(sa.text("SELECT to_regclass('dataset_meta')")).scalar() is None:
                return None
            row = conn.execute(sa.select(dataset_meta).where(dataset_meta.c.id == 1)).mappings().first()
        return dict(row) if row else None

    def info(self) -> StoreInfo:
        meta = self.meta()
        if meta is None:
            return StoreInfo(self.kind, self.url.database or "", "", None, 0)
        return StoreInfo(
            kind=self.kind,
            name=meta["name"],
            version=meta["version"],
            loaded_at=meta["loaded_at"].isoformat(),
            observations=int(meta["row_counts"].get("observations", 0)),
        )

    def _small_tables(self) -> dict[str, pd.DataFrame]:
        meta = self.meta()
        version = meta["version"] if meta else ""
        cached = self._small
        if cached is not None and cached[0] == version:
            return cached[1]
        frames = {}
        for name in SMALL_TABLES:
            if meta is None:
                frames[name] = empty_frame(TABLES[name])
                continue
            t = TABLE_OBJECTS[name]
            columns = [t.c.row_no, *(t.c[c] for c in TABLES[name].column_names)]
            frames[name] = _frame(TABLES[name], self._rows(sa.select(*columns).order_by(t.c.row_no)))
            if len(frames[name]) and (frames[name].index == np.arange(len(frames[name]))).all():
                frames[name].index = pd.RangeIndex(len(frames[name]))
        self._small = (version, frames)
        return frames

    def _memoized(self, key: tuple, compute):
        """A small answer (period lists, sources) kept per dataset version: SELECT DISTINCT over a
        national table takes a second, and the answer only changes with a new load."""
        meta = self.meta()
        version = meta["version"] if meta else ""
        memo_version, memo = self._memo
        if memo_version != version:
            memo = {}
            self._memo = (version, memo)
        if key not in memo:
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            memo[key] = compute() if meta is not None else None
        return memo[key]

    def table(self, name: str) -> pd.DataFrame:
        if name in LARGE_TABLES:
            return getattr(self, name)()
        return self._small_tables()[name].copy(deep=False)

    def _select(self, name: str, *where) -> pd.DataFrame:
        if self.meta() is None:
            frame = empty_frame(TABLES[name])
            frame.index = pd.Index([], dtype="int64")
            return frame
        t = TABLE_OBJECTS[name]
        query = sa.select(t.c.row_no, *(t.c[c] for c in TABLES[name].column_names))
        return _frame(TABLES[name], self._rows(query.where(*where).order_by(t.c.row_no)))

    def observations(self, indicator_ids=None, unit_ids=None, years=None) -> pd.DataFrame:
        t = observations_t
        where = []  # no filter: no WHERE (tests check that the app always sends one)
        if indicator_ids is not None:
            where.append(t.c.indicator_id.in_(_ids(indicator_ids)))
        if unit_ids is not None:
            where.append(t.c.unit_id.in_(_ids(unit_ids)))
        if years is not None:
            where.append(t.c.year.in_([int(y) for y in years]))
        return self._select("observations", *where)

    def budget(self, unit_ids=None, years=None) -> pd.DataFrame:
        t = budget_t
        where = []
        if unit_ids is not None:
            where.append(t.c.unit_id.in_(_ids(unit_ids)))
        if years is not None:
            where.append(t.c.year.in_([int(y) for y in years]))
        return self._select("budget", *where)

    def budget_year_to_date(self, year: int, subperiod: str = "year", unit_ids=None) -> pd.DataFrame:
        """`query_budget.year_to_date` of the year's budget rows of `unit_ids`, in one statement:
        the same frame (columns, dtypes, values, row order) the file store gives."""
        if self.meta() is None:
            return pd.DataFrame(columns=YTD_COLUMNS)
        rows = self._rows(year_to_date_query(int(year), month_span(str(subperiod)), unit_ids))
        if not rows:  # no budget rows of the year and units: what year_to_date gives for none
            return pd.DataFrame(columns=YTD_COLUMNS)
        rows = [r[: len(YTD_COLUMNS)] for r in rows if r[-2]]  # groups with rows in the sub-period
        columns = list(zip(*rows, strict=True)) if rows else [()] * len(YTD_COLUMNS)
        data = {}
        for name, values in zip(YTD_COLUMNS, columns, strict=True):
            if name in ("unit_id", "category", "status"):
                data[name] = pd.array(list(values), dtype="str")
            else:
                data[name] = np.array([np.nan if v is None else v for v in values], dtype="float64")
        return pd.DataFrame(data, columns=YTD_COLUMNS)

    def observation_periods(self, indicator_ids=None) -> list[str]:
        ids = None if indicator_ids is None else tuple(sorted(_ids(indicator_ids)))
        t = observations_t
        query = sa.select(t.c.period).distinct()
        if ids is not None:
            query = query.where(t.c.indicator_id.in_(ids))
        periods = self._memoized(("periods", ids), lambda: sorted(str(p) for (p,) in self._rows(query)))
        return list(periods or [])

    def budget_periods(self) -> pd.DataFrame:
        frame = empty_frame(TABLES["budget"])[["year", "period"]]
        query = sa.select(budget_t.c.year, budget_t.c.period).distinct()
        rows = self._memoized(("budget_periods",), lambda: self._rows(query))
        if rows:
            years, periods = zip(*rows, strict=True)
            frame = pd.DataFrame(
                {"year": np.array(years, dtype="int64"), "period": pd.array(list(periods), dtype="str")}
            )
        return frame.sort_values(["year", "period"]).reset_index(drop=True)

    def headline_units(self, indicator_ids, year: int) -> list[tuple[str, str]]:
        """`query.headline`'s choice in one statement: per indicator, of the annual rows up to
        `year` of units in the tree (comparison units never), the first by (value missing,
        illustrative, year descending, depth, file order)."""
        ids = _ids(indicator_ids)
        depths = self._memoized(("headline_depths",), self._headline_depths)
        if not ids or not depths or self.meta() is None:
            return []
        t = observations_t
        d = sa.values(sa.column("unit_id", sa.Text), sa.column("depth", sa.Integer), name="depths").data(
            sorted(depths.items())
        )
        rank = (
            sa.func.row_number()
            .over(
                partition_by=t.c.indicator_id,
                order_by=[
                    t.c.value.is_(None),
                    t.c.status == "illustrative",
                    t.c.year.desc(),
                    d.c.depth,
                    t.c.row_no,
                ],
            )
            .label("rank")
        )
        ranked = (
            sa.select(t.c.indicator_id, t.c.unit_id, rank)
            .select_from(t.join(d, d.c.unit_id == t.c.unit_id))
            .where(
                t.c.indicator_id.in_(ids),
                t.c.year <= int(year),
                t.c.period.regexp_match("^[0-9]{4}$"),
            )
            .subquery()
        )
        query_ = sa.select(ranked.c.indicator_id, ranked.c.unit_id).where(ranked.c.rank == 1)
        return sorted((str(i), str(u)) for i, u in self._rows(query_))

    def _headline_depths(self) -> dict[str, int]:
        """The depth of every unit in the tree but the comparison units (what `headline_units`
        ranks by): kept per dataset version (`_memoized`), not walked on every request."""
        units = self.table("units")
        depths, beside = unit_depths(units), comparison_ids(units)
        return {u: d for u, d in depths.items() if u not in beside}

    def headline_observations(self, indicator_ids, year: int) -> pd.DataFrame:
        """The observations up to `year` of the units the indicators' headline figures come from:
        the chosen rows, the year before and the sparkline of the same unit are among them."""
        ids = _ids(indicator_ids)
        chosen = sorted({unit for _, unit in self.headline_units(ids, year)})
        t = observations_t
        return self._select(
            "observations", t.c.indicator_id.in_(ids), t.c.unit_id.in_(chosen), t.c.year <= int(year)
        )

    def published_years(self, indicator_ids=None) -> list[int]:
        t = observations_t
        where = [t.c.status == "final", t.c.period.regexp_match("^[0-9]{4}$")]
        if indicator_ids is not None:
            where.append(t.c.indicator_id.in_(_ids(indicator_ids)))
        return sorted(int(y) for (y,) in self._rows(sa.select(t.c.year).distinct().where(*where)))

    def budget_unit_ids(self) -> list[str]:
        query = sa.select(budget_t.c.unit_id).distinct()
        found = self._memoized(("budget_units",), lambda: sorted(str(u) for (u,) in self._rows(query)))
        return list(found or [])

    def final_sources(self) -> list[str]:
        t = observations_t
        query = sa.select(t.c.source).distinct().where(t.c.status == "final", t.c.source != "")
        sources = self._memoized(("sources",), lambda: sorted(str(s) for (s,) in self._rows(query)))
        return list(sources or [])


YTD_COLUMNS = ["unit_id", "category", *AMOUNTS, "forecast", "status"]


def year_to_date_query(year: int, months: int, unit_ids: Iterable | None = None) -> sa.Select:
    """`query_budget.year_to_date` as one SELECT (bound parameters only).

    Per unit and category the source is the year rows (a whole year with a year row), else the
    months, else the tertials; the rows of that source up to the sub-period's end are summed
    (exactly, as numeric, then rounded once to double precision: pandas' compensated sum gives the
    same), `forecast` is the one of the last period summed (the last such row in file order on a
    tie), `status` the worst. Columns: unit_id, category, the amounts, forecast, status, chosen
    (true), first_row; in order of each group's first summed row (`groupby(sort=False)` of the
    rows in file order). When the year has rows of these units, one more row, `chosen` false, says
    so: year_to_date gives an empty frame with dtypes then, an untyped one when there are none.
    """
    t = budget_t
    kind = sa.case((t.c.period == "year", "Y"), else_=sa.func.left(t.c.period, 1))
    number = sa.case((t.c.period == "year", 0), else_=sa.cast(sa.func.substr(t.c.period, 2), sa.Integer))
    rank = sa.case({s: i for i, s in enumerate(STATUS_ORDER)}, value=t.c.status)
    where = [t.c.year == sa.bindparam("year", year, type_=sa.BigInteger)]
    if unit_ids is not None:
        where.append(t.c.unit_id.in_(_ids(unit_ids)))
    rows = (
        sa.select(
            t.c.row_no,
            t.c.unit_id,
            t.c.category,
            *(t.c[a] for a in AMOUNTS),
            t.c.forecast,
            kind.label("kind"),
            number.label("n"),
            rank.label("rank"),
        )
        .where(*where)
        .cte("year_rows")
    )
    group = (rows.c.unit_id, rows.c.category)
    months_p = sa.bindparam("months", months, type_=sa.Integer)
    has = {k: sa.func.bool_or(rows.c.kind == k).over(partition_by=group) for k in ("Y", "M")}
    source = sa.case((sa.and_(has["Y"], months_p >= 12), "Y"), (has["M"], "M"), else_="T")
    sourced = sa.select(rows, source.label("source")).cte("sourced")
    c = sourced.c
    tertials = sa.bindparam("tertials", months // 4, type_=sa.Integer)
    limit = sa.case((c.source == "M", months_p), (c.source == "T", tertials), else_=0)
    chosen = sa.and_(c.kind == c.source, sa.or_(c.kind == "Y", c.n.between(1, limit)))
    picked = sa.select(sourced).where(chosen).subquery("picked")
    m = picked.c

    def summed(column):
        return sa.cast(sa.func.sum(sa.cast(column, sa.Numeric)), sa.Double)

    by_period = aggregate_order_by(m.forecast, m.n.desc(), m.row_no.desc())
    last_forecast = sa.type_coerce(sa.func.array_agg(by_period), ARRAY(sa.Double))
    groups = sa.select(
        m.unit_id,
        m.category,
        *(summed(m[a]).label(a) for a in AMOUNTS),
        last_forecast[1].label("forecast"),
        sa.case({i: s for i, s in enumerate(STATUS_ORDER)}, value=sa.func.max(m.rank)).label("status"),
        sa.true().label("chosen"),
        sa.func.min(m.row_no).label("first_row"),
    ).group_by(m.unit_id, m.category)
    # One row more, `chosen` false, when the year has rows of these units at all.
    any_rows = sa.select(
        sa.cast(sa.null(), sa.Text),
        sa.cast(sa.null(), sa.Text),
        *(sa.cast(sa.null(), sa.Double) for _ in AMOUNTS),
        sa.cast(sa.null(), sa.Double),
        sa.cast(sa.null(), sa.Text),
        sa.false(),
        sa.cast(sa.null(), sa.BigInteger),
    ).where(sa.exists(sa.select(rows.c.row_no)))
    both = sa.union_all(groups, any_rows).subquery("year_to_date")
    return sa.select(both).order_by(both.c.first_row.nulls_last())


# --- Loading ----------------------------------------------------------------------------------


def _copy(conn: sa.Connection, name: str, frame: pd.DataFrame) -> None:
    """COPY the frame's rows in (CSV; empty text stays "", a missing number becomes NULL)."""
    table = TABLES[name]
    frame = frame.reset_index(drop=True)
    out = pd.DataFrame({"row_no": np.arange(len(frame), dtype=np.int64)})
    for c in table.column_names:
        out[c] = frame[c]
    if name == "observations":
        out["year"] = frame["period"].str.slice(0, 4).astype("int64")
    texts = [c for c in out.columns if isinstance(TABLE_OBJECTS[name].c[c].type, sa.Text)]
    force = f", FORCE_NOT_NULL ({', '.join(texts)})" if texts else ""
    sql = f"COPY {name} ({', '.join(out.columns)}) FROM STDIN WITH (FORMAT csv{force})"
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(sql) as copy:
        for start in range(0, len(out), COPY_CHUNK):
            buffer = io.StringIO()
            out.iloc[start : start + COPY_CHUNK].to_csv(buffer, header=False, index=False, na_rep="")
            copy.write(buffer.getvalue())


def load_into(dataset: Dataset, url: str | URL) -> dict:
    """Replace the database's dataset with `dataset` (already validated) in one transaction."""
    engine = create_engine(url)
    counts = {name: len(dataset.tables[name]) for name in TABLES}
    version = files_version(source_files(dataset))
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(60602)"))  # one loader at a time
            metadata.create_all(conn)
            conn.execute(dataset_meta.delete())
            for name in reversed(TABLES):
                conn.execute(TABLE_OBJECTS[name].delete())
            for name in TABLES:
                _copy(conn, name, dataset.tables[name])
            conn.execute(
                dataset_meta.insert().values(
                    id=1,
                    name=root_name(dataset.tables["units"], Path(dataset.path).name),
                    version=version,
                    loaded_at=dt.datetime.now(dt.UTC),
                    source=str(Path(dataset.path).resolve()),
                    row_counts=counts,
                )
            )
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for name in TABLES:  # fresh statistics for the planner
                conn.execute(sa.text(f"ANALYZE {name}"))
    finally:
        engine.dispose()
    return {"rows": sum(counts.values()), "version": version, "counts": counts}


def _reason(exc: BaseException) -> str:
    """The driver's first line, e.g. 'connection refused'."""
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return lines[0] if lines else type(original).__name__


def load_command(path: str, url: str, lang: str = "nb") -> int:
    """`python -m data.load PATH --into URL`: 0 loaded, 1 dataset has errors, 2 unusable path or database."""
    started = time.monotonic()
    try:
        target = normalize_url(url)
    except DatabaseUrlError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        dataset = load_dataset(path)
    except DatasetError as exc:
        print(exc.text(lang), file=sys.stderr)
        return 2
    except Exception as exc:  # never a traceback on the command line
        print(
            render("internal_error", lang, path=path, reason=f"{type(exc).__name__}: {exc}"), file=sys.stderr
        )
        return 2
    if dataset.errors:
        print("\n".join([p.text(lang) for p in dataset.problems] + [dataset.summary(lang)]))
        print(message("invalid", lang, url=_shown(target)), file=sys.stderr)
        return 1
    for problem in dataset.problems:  # warnings only: shown, and the dataset is loaded
        print(problem.text(lang))
    try:
        done = load_into(dataset, target)
    except (DBAPIError, NoSuchModuleError, OSError) as exc:
        print(message("unreachable", lang, url=_shown(target), reason=_reason(exc)), file=sys.stderr)
        return 2
    seconds = time.monotonic() - started
    print(
        message(
            "loaded", lang, rows=done["rows"], url=_shown(target), version=done["version"], seconds=seconds
        )
    )
    return 0
