"""The validation rules of the dataset format, and the `python -m data.validate` command.

`validate_tables` takes the tables as data.load read them (columns of cells: text, or
Parquet's own types, checked as the text `cell_text` gives) and returns typed pandas frames.
A row with any error is left out and every leaving-out is reported as a `Problem`; valid
rows are kept. The rules run in this order, table by table in the order
of schema.TABLES (so referenced tables are final before the tables that refer to them):

1. the table is present (required tables only);
2. its columns: unknown columns (warning), missing required columns (the table is unusable);
3. each cell: empty where not allowed, numbers, counts, years, choices, periods, dates;
4. unique keys: the first row wins, later duplicates name it;
5. units only: self-parent, cycles, exactly one root;
6. references (schema.REFERENCES), repeated for units until no more rows drop.

Within a table, problems are reported sorted by row. See docs/data-format.md.

The rules run over whole columns (numpy, pyarrow), so that a national dataset of millions of
rows loads in seconds: a cell is checked once per distinct text (ids, choices, periods: few
distinct values), or, for numbers, by a strict vectorised test that accepts only cells the
per-cell rules accept with the same value. Every other cell goes through the per-cell rules
(`parse_cell`), which alone decide what a problem says, so the messages, rows and columns are
the same whatever the file format.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.messages import WARNING, Problem, render
from data.schema import (
    CHOICE,
    COUNT,
    DATE,
    DATE_RE,
    ID,
    NUMBER,
    PERIOD,
    PERIOD_RE,
    REFERENCES,
    TABLES,
    TEXT,
    YEAR,
    Column,
    Table,
)

# Count columns that must hold whole numbers (their frames use int64, like year columns).
INTEGER_COLUMNS = frozenset({("indicators", "decimals")})

# The (table, column) pairs other tables refer to, and those tables.
_TARGETS = frozenset((target, column) for _, _, target, column in REFERENCES)
_REFERRED = frozenset(target for target, _ in _TARGETS)

Values = dict[str, object]
Row = tuple[int, Values]  # (spreadsheet row number, parsed values by column)


@dataclass
class RawTable:
    """One table as read from its file, nothing checked yet: one array of cells per column.

    A cell is text (CSV, XLSX) or a value of the file's own type (Parquet); null is an empty
    cell. What the rules check is the cell's text, `cell_text(value, kind)`.
    """

    file: str  # display name, e.g. "units.csv" or "drammen.xlsx[units]"
    columns: tuple[str, ...]  # headings as read: stripped, lower-cased, each once
    cells: dict[str, pa.Array] = field(default_factory=dict)  # heading -> one cell per data row
    row_numbers: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # spreadsheet rows
    problems: list[Problem] = field(default_factory=list)  # found while reading
    dropped: int = 0  # rows the reader already left out (reported in problems)
    readable: bool = True  # False: the file could not be read at all

    @property
    def n_rows(self) -> int:
        return len(self.row_numbers)

    def release(self) -> None:
        """Let the cells go once the table is checked (a national table holds ~60 MB of them)."""
        self.cells = {}
        self.row_numbers = self.row_numbers[:0]


@dataclass
class Result:
    tables: dict[str, pd.DataFrame]
    problems: list[Problem]
    dropped: dict[str, int]


class Invalid(ValueError):
    """A cell that breaks a rule: `code` and `params` name the message in data.messages."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(render(code, "en", **params))
        self.code = code
        self.params = params


# --- Cells -----------------------------------------------------------------------------------


def cell_text(value: object, kind: str | None = None) -> str:
    """A typed cell (XLSX, Parquet) as the text a CSV file would hold.

    Whole floats lose their ".0"; NaN is empty; a date in a period column that is the first of
    a month becomes "YYYY-MM" (Excel turns a typed "2016-03" into 1 March 2016).
    """
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%Y-%m") if kind == PERIOD and value.day == 1 else value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


_SPACES = " \u00a0\u202f"  # thousands separators: space, no-break space, narrow no-break space
_NUMBER_RE = re.compile(
    rf"^[-+\u2212]?(?=[.,]?\d)(?:\d{{1,3}}(?:[{_SPACES}]\d{{3}})+|\d*)(?:[.,]\d+)?(?:[eE][-+]?\d+)?$"
)
# "1.234,5", "1,234.5": a thousands mark and a decimal mark, which way round cannot be known.
_BOTH_MARKS_RE = re.compile(r"^[-+\u2212]?\d[\d.,]*(?:\.\d*,|,\d*\.)[\d.,]*$")
_YEAR_RE = re.compile(r"^\d{4}$")
_MONTH_LIKE_RE = re.compile(r"^\d{4}-(?P<month>\d\d)$")  # "2016-13": a month that does not exist
_TERTIAL_LIKE_RE = re.compile(r"^\d{4}-(?P<tertial>T\d+)$")  # "2016-T4"


def parse_number(text: str) -> float:
    """'10,9' and '10.9' -> 10.9; '1 234,5' (space, U+00A0 or U+202F between thousands) -> 1234.5.

    A comma or a point is the decimal mark; a comma is never a thousands separator.
    """
    if not _NUMBER_RE.match(text):
        if _BOTH_MARKS_RE.match(text):
            raise Invalid("ambiguous_number", value=text)
        raise Invalid("not_a_number", value=text)
    plain = text.translate({ord(c): None for c in _SPACES}).replace(",", ".").replace("\u2212", "-")
    value = float(plain)
    if not math.isfinite(value):
        raise Invalid("number_too_large", value=text)
    return value


def parse_count(text: str) -> float:
    value = parse_number(text)
    if value < 0:
        raise Invalid("negative", value=text)
    return value


def parse_year(text: str) -> int:
    if not _YEAR_RE.match(text):
        raise Invalid("not_a_year", value=text)
    return int(text)


def parse_period(text: str) -> str:
    if PERIOD_RE.match(text):
        return text
    if m := _MONTH_LIKE_RE.match(text):
        raise Invalid("bad_month", value=text, month=m["month"])
    if m := _TERTIAL_LIKE_RE.match(text):
        raise Invalid("bad_tertial", value=text, tertial=m["tertial"])
    raise Invalid("bad_period", value=text)


def parse_date(text: str) -> str:
    m = DATE_RE.match(text)
    if not m:
        raise Invalid("bad_date", value=text)
    if m["day"]:
        try:
            dt.date(int(m["year"]), int(m["month"]), int(m["day"]))
        except ValueError:
            raise Invalid("no_such_date", value=text) from None
    return text


def _parse_text(text: str) -> str:
    return text


_PARSERS: dict[str, Callable[[str], object]] = {
    TEXT: _parse_text,
    ID: _parse_text,
    NUMBER: parse_number,
    COUNT: parse_count,
    YEAR: parse_year,
    PERIOD: parse_period,
    DATE: parse_date,
}


def is_integer_column(table: str, column: Column) -> bool:
    return column.kind == YEAR or (table, column.name) in INTEGER_COLUMNS


def parse_cell(table: str, column: Column, text: str) -> object:
    """The typed value of one cell, or `Invalid`. Surrounding whitespace is ignored."""
    text = text.strip()
    if not text:
        if not column.nullable:
            raise Invalid("empty")
        return math.nan if column.kind in (NUMBER, COUNT, YEAR) else ""
    if column.kind == CHOICE:
        if text not in column.allowed:
            raise Invalid("not_allowed", value=text, allowed=", ".join(column.allowed))
        return text
    value = _PARSERS[column.kind](text)
    if is_integer_column(table, column):
        if not float(value).is_integer():  # type: ignore[arg-type]
            raise Invalid("not_a_whole_number", value=text)
        return int(value)  # type: ignore[call-overload]
    return value


def dtype_of(table: str, column: Column) -> str:
    """The pandas dtype of a column in the loaded frames."""
    if column.kind in (NUMBER, COUNT, YEAR):
        return "int64" if is_integer_column(table, column) and not column.nullable else "float64"
    return "str"


def empty_frame(table: Table) -> pd.DataFrame:
    return pd.DataFrame(
        {c.name: pd.Series([], dtype=dtype_of(table.name, c)) for c in table.columns},
        columns=list(table.column_names),
    )


# --- Rules ------------------------------------------------------------------------------------


def check_present(table: Table, raw: RawTable | None, dataset: str, workbook: bool) -> list[Problem]:
    """Rule 1: a required table must be in the dataset."""
    if raw is not None or not table.required:
        return []
    return [Problem.make(dataset, 1, "-", "missing_sheet" if workbook else "missing_table", table=table.name)]


_SEPARATOR_NAMES = {"\t": "tabs", "|": "|", ";": ";", ",": ","}


def check_columns(table: Table, raw: RawTable) -> list[Problem]:
    """Rule 2: unknown columns are ignored (warning); a missing required column is an error.

    A file with no heading at all is `empty_file`, and a heading that is one column holding
    another separator (tabs, `|`) is `wrong_separator`, each instead of every column missing.
    """
    if not raw.columns and not raw.n_rows:
        return [Problem.make(raw.file, 1, "-", "empty_file")]
    if len(raw.columns) == 1 and raw.columns[0] not in table.column_names:
        used = [c for c in _SEPARATOR_NAMES if c in raw.columns[0]]
        if used:
            separator = _SEPARATOR_NAMES[used[0]]
            heading = raw.columns[0]
            return [Problem.make(raw.file, 1, "-", "wrong_separator", heading=heading, separator=separator)]
    problems = [
        Problem.make(raw.file, 1, name, "unknown_column", WARNING, column=name)
        for name in raw.columns
        if name not in table.column_names
    ]
    problems += [
        Problem.make(raw.file, 1, c.name, "missing_column", column=c.name)
        for c in table.columns
        if c.required and c.name not in raw.columns
    ]
    return problems


def _without(rows: list[Row], problems: list[Problem]) -> tuple[list[Row], list[Problem]]:
    """The rows no problem is about, and the problems: how a rule leaves rows out."""
    bad = {p.row for p in problems}
    return [r for r in rows if r[0] not in bad], problems


def check_self_parent(file: str, rows: list[Row]) -> tuple[list[Row], list[Problem]]:
    """Rule 5a: a unit cannot be its own parent."""
    problems = [
        Problem.make(file, row, "parent_id", "self_parent", value=v["unit_id"])
        for row, v in rows
        if v["parent_id"] == v["unit_id"]
    ]
    return _without(rows, problems)


def check_cycles(file: str, rows: list[Row]) -> tuple[list[Row], list[Problem]]:
    """Rule 5b: following parent_id upwards must never come back to the same unit."""
    parent = {str(v["unit_id"]): str(v["parent_id"]) for _, v in rows}
    cycle_of: dict[str, list[str]] = {}
    visited: set[str] = set()
    for start in parent:
        path: list[str] = []
        unit = start
        while unit in parent and unit not in visited:
            visited.add(unit)
            path.append(unit)
            unit = parent[unit]
        if unit in path:  # this walk closed a new cycle
            cycle = path[path.index(unit) :]
            for i, member in enumerate(cycle):
                cycle_of[member] = [*cycle[i:], *cycle[:i], member]
    problems = [
        Problem.make(
            file, row, "parent_id", "cycle", value=v["unit_id"], path=" → ".join(cycle_of[v["unit_id"]])
        )
        for row, v in rows
        if v["unit_id"] in cycle_of
    ]
    return _without(rows, problems)


def check_root(file: str, rows: list[Row]) -> tuple[list[Row], list[Problem]]:
    """Rule 5c: exactly one unit has an empty parent_id; later roots are left out."""
    roots = [(row, v) for row, v in rows if v["parent_id"] == ""]
    if not roots:
        return rows, [Problem.make(file, 1, "parent_id", "no_root")]
    (first, root), extra = roots[0], roots[1:]
    problems = [
        Problem.make(
            file, row, "parent_id", "extra_root", value=v["unit_id"], root=root["unit_id"], first=first
        )
        for row, v in extra
    ]
    return _without(rows, problems)


def check_reference(
    file: str, rows: list[Row], column: str, target: str, valid: set[object], first_rows: Mapping[str, int]
) -> tuple[list[Row], list[Problem]]:
    """Rule 6: a non-empty value must exist among the kept rows of the target table.

    `first_rows` maps every key seen in the target file (kept or not) to its first row, so a
    reference to a row that was left out says so instead of calling the value unknown.
    """
    problems: list[Problem] = []
    for row, values in rows:
        value = values[column]
        if value == "" or value in valid:
            continue
        if value in first_rows:
            problems.append(
                Problem.make(
                    file,
                    row,
                    column,
                    "reference_left_out",
                    value=value,
                    target=target,
                    first=first_rows[value],
                )
            )
        else:
            problems.append(Problem.make(file, row, column, "unknown_reference", value=value, target=target))
    return _without(rows, problems)


# --- Whole columns ----------------------------------------------------------------------------

# Number cells the vectorised test accepts: ASCII digits with an optional sign, decimal mark and
# exponent, nothing around them. Each matches _NUMBER_RE and gives the same float as
# parse_number; every other cell (thousands spaces, U+2212, surrounding spaces, words, the
# empty cell) goes through parse_cell.
_FAST_NUMBER = r"^[-+]?[0-9]+(?:[.,][0-9]+)?(?:[eE][-+]?[0-9]+)?$"
_FAST_YEAR = r"^[0-9]{4}$"


def distinct_texts(cells: pa.Array, kind: str | None = None) -> tuple[np.ndarray, list[str]]:
    """`(codes, texts)`: the text (`cell_text`) of each distinct cell, and every cell's index into it.

    A null cell is "". Each distinct value is converted once, so this is fast for columns
    with few distinct values (ids, choices, periods) however many rows they have.
    """
    if not pa.types.is_dictionary(cells.type):
        try:
            cells = pc.dictionary_encode(cells)
        except (pa.ArrowNotImplementedError, pa.ArrowInvalid, pa.ArrowTypeError):  # e.g. lists
            codes, uniques = pd.factorize(np.array([cell_text(v, kind) for v in cells.to_pylist()], object))
            return codes, [str(u) for u in uniques]
    texts = [cell_text(v, kind) for v in cells.dictionary.to_pylist()]
    indices = cells.indices
    if indices.null_count:
        indices = indices.fill_null(len(texts))
        texts.append("")
    return indices.to_numpy(zero_copy_only=False), texts


@dataclass
class _Parsed:
    """One column after rule 3: numbers per row (`values`), or per row an index into `texts`.

    `texts` are distinct parsed values (equal values have one code); a bad cell has code -1.
    `bad_positions` and `bad_errors` list the cells that break a rule and, for each, its
    `Invalid`.
    """

    values: np.ndarray | None = None
    codes: np.ndarray | None = None
    texts: list[str] = field(default_factory=list)
    bad_positions: list[np.ndarray] = field(default_factory=list)
    bad_errors: list[list[Invalid]] = field(default_factory=list)
    too_large: np.ndarray | None = None  # whole numbers beyond int64, at these positions

    def key(self) -> np.ndarray:
        """Per row, a value that is equal exactly when the parsed values are equal."""
        return self.values if self.values is not None else self.codes  # type: ignore[return-value]

    def kept_texts(self, keep: np.ndarray) -> set[str]:
        return {self.texts[c] for c in np.unique(self.codes[keep])} if self.codes is not None else set()

    def series(self, table: str, column: Column, keep: np.ndarray | None, compact: bool = False) -> pd.Series:
        """The kept rows (`keep` None: all) as a column of the loaded frame.

        `compact`: a text column as a `category` of its distinct texts instead of `str` (the file
        store's in-memory form of the large tables; `astype("str")` gives the usual column back).
        """
        if self.values is not None:
            if self.too_large is not None and (keep is None or keep[self.too_large].any()):
                raise OverflowError(
                    "The elements provided in the data cannot all be casted to the dtype int64"
                )
            values = self.values if keep is None else self.values[keep]
            if not values.flags.writeable:  # still the file's own buffer: the frame gets its own
                values = values.copy()
            return pd.Series(values, dtype=dtype_of(table, column), copy=False)
        codes = self.codes if keep is None else self.codes[keep]  # type: ignore[index]
        if compact:  # the texts are distinct and every kept row has one (a bad cell's row is left out)
            categories = pd.Index(self.texts, dtype="str")
            return pd.Series(pd.Categorical.from_codes(codes, categories=categories), copy=False)
        indices = pa.array(codes.astype(np.int32, copy=False))
        strings = pa.DictionaryArray.from_arrays(indices, pa.array(self.texts, pa.large_string()))
        return pd.Series(pd.array(strings.dictionary_decode(), dtype="str"), copy=False)


def _parse_texts(table: str, column: Column, texts: list[str]) -> tuple[list[object], dict[int, Invalid]]:
    """parse_cell for each text: the values (None where bad) and the errors by index."""
    values: list[object] = []
    errors: dict[int, Invalid] = {}
    for i, text in enumerate(texts):
        try:
            values.append(parse_cell(table, column, text))
        except Invalid as e:
            values.append(None)
            errors[i] = e
    return values, errors


def _by_text(table: str, column: Column, codes: np.ndarray, texts: list[str]) -> _Parsed:
    """Rule 3 for a column, once per distinct text."""
    values, errors = _parse_texts(table, column, texts)
    parsed = _Parsed()
    if errors:
        bad = np.zeros(len(texts) + 1, bool)
        bad[list(errors)] = True
        positions = np.flatnonzero(bad[codes])
        parsed.bad_positions.append(positions)
        parsed.bad_errors.append([errors[c] for c in codes[positions].tolist()])
    if column.kind in (NUMBER, COUNT, YEAR):
        dtype = np.dtype(dtype_of(table, column))
        large = [i for i, v in enumerate(values) if isinstance(v, int) and not -(2**63) <= v < 2**63]
        if large:  # as before: only an error if such a row is kept (pandas cannot hold it)
            flags = np.zeros(len(values), bool)
            flags[large] = True
            parsed.too_large = np.flatnonzero(flags[codes])
            values = [0 if i in large else v for i, v in enumerate(values)]
        per_text = np.array([0 if v is None else v for v in values], dtype)
        parsed.values = per_text[codes] if len(texts) else np.zeros(len(codes), dtype)
        return parsed
    index: dict[object, int] = {}
    canonical = np.array([-1 if v is None else index.setdefault(v, len(index)) for v in values], np.int32)
    parsed.texts = [str(v) for v in index]
    # Every text valid and distinct once parsed (the usual case): the codes are already right.
    parsed.codes = codes if len(index) == len(values) else canonical[codes]
    return parsed


def _fill_in(
    table: str, column: Column, values: np.ndarray, positions: np.ndarray, texts: list[str]
) -> _Parsed:
    """parse_cell for the cells at `positions` (their texts given), written into `values`."""
    codes, distinct = pd.factorize(np.array(texts, object))
    rest = _by_text(table, column, codes, [str(t) for t in distinct])
    values[positions] = rest.values
    parsed = _Parsed(values=values, too_large=None if rest.too_large is None else positions[rest.too_large])
    parsed.bad_positions = [positions[p] for p in rest.bad_positions]
    parsed.bad_errors = rest.bad_errors
    return parsed


def _through(codes: np.ndarray, distinct: _Parsed) -> _Parsed:
    """A number column parsed once per distinct value (`distinct`), for the rows given by `codes`."""
    parsed = _Parsed(values=distinct.values[codes])  # type: ignore[index]
    for where, errors in zip(distinct.bad_positions, distinct.bad_errors, strict=True):
        flags = np.zeros(len(distinct.values), bool)  # type: ignore[arg-type]
        flags[where] = True
        positions = np.flatnonzero(flags[codes])
        error_of = dict(zip(where.tolist(), errors, strict=True))
        parsed.bad_positions.append(positions)
        parsed.bad_errors.append([error_of[c] for c in codes[positions].tolist()])
    if distinct.too_large is not None:
        flags = np.zeros(len(distinct.values), bool)  # type: ignore[arg-type]
        flags[distinct.too_large] = True
        parsed.too_large = np.flatnonzero(flags[codes])
    return parsed


def _numbers(table: str, column: Column, cells: pa.Array) -> _Parsed:
    """Rule 3 for a number, count or year column: whole arrays, parse_cell for the odd cells."""
    integer = is_integer_column(table, column)
    typed = pa.types.is_integer(cells.type) or pa.types.is_floating(cells.type)
    if typed:
        x = pc.cast(cells, pa.float64(), safe=False).to_numpy(zero_copy_only=False)
        empty = np.isnan(x)  # null or NaN: an empty cell
        ok = np.isfinite(x)
    elif pa.types.is_string(cells.type) or pa.types.is_large_string(cells.type):
        empty = pc.fill_null(pc.equal(cells, ""), True).to_numpy(zero_copy_only=False)
        ok = pc.fill_null(
            pc.match_substring_regex(cells, _FAST_YEAR if column.kind == YEAR else _FAST_NUMBER), False
        )
        text = pc.if_else(ok, cells, "0")
        if column.kind != YEAR:
            text = pc.replace_substring(text, ",", ".")
        x = pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False)
        ok = ok.to_numpy(zero_copy_only=False) & np.isfinite(x)
    elif pa.types.is_dictionary(cells.type):  # the same rules on the distinct values
        indices, dictionary = cells.indices, cells.dictionary
        if indices.null_count:
            indices = indices.fill_null(len(dictionary))
            dictionary = pa.concat_arrays([dictionary, pa.nulls(1, dictionary.type)])
        return _through(indices.to_numpy(zero_copy_only=False), _numbers(table, column, dictionary))
    else:  # decimals, booleans, dates ...: once per distinct value
        return _by_text(table, column, *distinct_texts(cells, column.kind))
    if typed and np.any(np.signbit(x) & (x == 0)):
        x = x + 0.0  # a typed -0.0 reads as "0", so it is 0.0 (a text "-0" stays -0.0)
    with np.errstate(invalid="ignore"):
        if column.kind == COUNT:
            ok &= x >= 0
        if integer:
            ok &= (np.floor(x) == x) & (np.abs(x) < 2.0**63)
        if column.kind == YEAR:
            ok &= (x >= 1000) & (x <= 9999)
    dtype = np.dtype(dtype_of(table, column))
    if ok.all():  # the usual case: no copy beyond the one the frame needs
        return _Parsed(values=x.astype(dtype, copy=False))
    values = np.where(ok, x, 0.0).astype(dtype, copy=False)
    odd = np.flatnonzero(~ok & ~empty)
    parsed = _Parsed(values=values)
    if len(odd):
        python = cells.take(pa.array(odd)).to_pylist()
        parsed = _fill_in(table, column, values, odd, [cell_text(v, column.kind) for v in python])
    blank = np.flatnonzero(empty)
    if len(blank):
        if column.nullable:
            values[blank] = np.nan
        else:
            parsed.bad_positions.append(blank)
            parsed.bad_errors.append([Invalid("empty")] * len(blank))
    return parsed


def parse_column(table: str, column: Column, cells: pa.Array | None, n_rows: int) -> _Parsed:
    """Rule 3 for one column of `n_rows` cells; `cells` None: the column is absent (its default)."""
    if cells is None:
        return _by_text(table, column, np.zeros(n_rows, np.int64), [column.default or ""])
    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    if column.kind in (NUMBER, COUNT, YEAR):
        return _numbers(table, column, cells)
    return _by_text(table, column, *distinct_texts(cells, column.kind))


# --- Putting the rules together ---------------------------------------------------------------


def _first_rows(raw: RawTable | None, column: str, wanted: set[str] | None = None) -> dict[str, int]:
    """Each value of `column` in the file (stripped; all, or those in `wanted`) -> its first row."""
    if raw is None or column not in raw.cells or not raw.n_rows:
        return {}
    codes, texts = distinct_texts(raw.cells[column])
    stripped = [t.strip() for t in texts]
    chosen = [i for i, t in enumerate(stripped) if wanted is None or t in wanted]
    present, first_position = np.unique(codes, return_index=True)
    where = dict(zip(present.tolist(), first_position.tolist(), strict=True))
    first: dict[str, int] = {}
    for i in sorted((i for i in chosen if i in where), key=where.__getitem__):
        first.setdefault(stripped[i], int(raw.row_numbers[where[i]]))
    return first


def _cell_problems(file: str, table: Table, raw: RawTable, parsed: dict[str, _Parsed]) -> list[Problem]:
    """Every bad cell as a problem, row by row and within a row in the order of the columns."""
    positions, order, errors = [], [], []
    for i, c in enumerate(table.columns):
        for where, found in zip(parsed[c.name].bad_positions, parsed[c.name].bad_errors, strict=True):
            positions.append(where)
            order.append(np.full(len(where), i))
            errors += found
    if not errors:
        return []
    pos, col = np.concatenate(positions), np.concatenate(order)
    rows = raw.row_numbers[pos]
    names = table.column_names
    return [
        Problem.make(file, int(rows[j]), names[col[j]], errors[j].code, **errors[j].params)
        for j in np.lexsort((col, pos)).tolist()
    ]


def _key_problems(table: Table, raw: RawTable, parsed: dict[str, _Parsed], keep: np.ndarray) -> list[Problem]:
    """Rule 4 on the kept rows: a later row with the same key is left out (`keep` is updated)."""
    if not table.key or not keep.any():
        return []
    kept = None if keep.all() else np.flatnonzero(keep)
    combined = np.zeros(len(keep) if kept is None else len(kept), np.int64)
    size = 1
    for c in table.key:  # one integer per key: codes of the parts in mixed radix
        part = parsed[c].key() if kept is None else parsed[c].key()[kept]
        if parsed[c].values is not None:
            part, distinct = pd.factorize(part)
            n = len(distinct)
        else:
            n = len(parsed[c].texts)
        if size * max(n, 1) >= 1 << 62:  # too many combinations for one integer: renumber
            combined, distinct = pd.factorize(combined)
            size = len(distinct)
        combined = combined * max(n, 1) + part
        size *= max(n, 1)
    ordered = np.sort(combined)
    if not (ordered[1:] == ordered[:-1]).any():  # the usual case: every key once
        return []
    del ordered
    duplicate = pd.Series(combined).duplicated(keep="first").to_numpy()
    positions = np.flatnonzero(duplicate) if kept is None else kept[duplicate]
    first_position = np.flatnonzero(~duplicate) if kept is None else kept[~duplicate]
    first_row = pd.Series(raw.row_numbers[first_position], index=combined[~duplicate])
    firsts = first_row.loc[combined[duplicate]].tolist()
    keep[positions] = False
    joined = ", ".join(table.key)
    return [
        Problem.make(raw.file, int(row), "-", "duplicate_key", key=joined, first=int(first))
        for row, first in zip(raw.row_numbers[positions].tolist(), firsts, strict=True)
    ]


def _unit_problems(raw: RawTable, parsed: dict[str, _Parsed], keep: np.ndarray) -> list[Problem]:
    """Rule 5 and the parent references, row by row (a unit tree is small)."""
    kept = np.flatnonzero(keep)
    ids, parents = parsed["unit_id"], parsed["parent_id"]
    rows: list[Row] = [
        (int(raw.row_numbers[i]), {"unit_id": ids.texts[a], "parent_id": parents.texts[b]})
        for i, a, b in zip(kept.tolist(), ids.codes[kept].tolist(), parents.codes[kept].tolist(), strict=True)
    ]
    rows, problems = _check_units(raw.file, rows, _first_rows(raw, "unit_id"))
    still = {row for row, _ in rows}
    keep[kept] = [int(r) in still for r in raw.row_numbers[kept]]
    return problems


def _check_units(file: str, rows: list[Row], first_rows: dict[str, int]) -> tuple[list[Row], list[Problem]]:
    problems: list[Problem] = []
    for rule in (check_self_parent, check_cycles, check_root):
        rows, found = rule(file, rows)
        problems += found
    while True:  # a unit whose parent was left out is left out too, down the tree
        valid = {v["unit_id"] for _, v in rows}
        rows, found = check_reference(file, rows, "parent_id", "units", valid, first_rows)
        problems += found
        if not found:
            return rows, problems


def _reference_problems(
    raw: RawTable,
    parsed: _Parsed,
    keep: np.ndarray,
    column: str,
    target: str,
    valid: set[str],
    target_raw: RawTable | None,
    target_column: str,
) -> list[Problem]:
    """Rule 6 for one column, once per distinct value: `keep` is updated."""
    unknown = np.array([t != "" and t not in valid for t in parsed.texts] + [False])
    bad = np.flatnonzero(unknown[parsed.codes] & keep)
    if not len(bad):
        return []
    keep[bad] = False
    values = [parsed.texts[c] for c in parsed.codes[bad].tolist()]
    first_rows = _first_rows(target_raw, target_column, set(values))
    return [
        Problem.make(
            raw.file, int(row), column, "reference_left_out", value=v, target=target, first=first_rows[v]
        )
        if v in first_rows
        else Problem.make(raw.file, int(row), column, "unknown_reference", value=v, target=target)
        for row, v in zip(raw.row_numbers[bad].tolist(), values, strict=True)
    ]


def _missing_problems(raw: RawTable, parsed: dict[str, _Parsed], keep: np.ndarray) -> list[Problem]:
    """Rule 3b (observations): `value` is empty exactly when `missing` gives a reason.

    A row with neither is `empty` (as before the column was optional); a row with both is
    `value_and_missing`. Only rows whose two cells are valid on their own are checked; `keep` is
    updated.
    """
    value, missing = parsed["value"], parsed["missing"]
    if value.values is None or missing.codes is None:
        return []
    checked = np.ones(raw.n_rows, bool)
    for where in (*value.bad_positions, *missing.bad_positions):
        checked[where] = False
    reasons = np.array([*missing.texts, ""], object)[missing.codes]  # code -1 (bad): ""
    has_reason = reasons != ""
    empty = np.isnan(value.values)
    neither = np.flatnonzero(checked & empty & ~has_reason)
    both = np.flatnonzero(checked & ~empty & has_reason)
    if not len(neither) and not len(both):
        return []
    keep[neither] = False
    keep[both] = False
    problems = [Problem.make(raw.file, int(raw.row_numbers[i]), "value", "empty") for i in neither.tolist()]
    problems += [
        Problem.make(raw.file, int(raw.row_numbers[i]), "missing", "value_and_missing", reason=reasons[i])
        for i in both.tolist()
    ]
    return sorted(problems, key=lambda p: p.row)


# Kept indicators whose unit is `count` (kept_ids key): their values and targets are not negative.
_COUNT_INDICATORS = ("indicators", "unit=count")
_VALUE_COLUMNS = {"observations": "value", "targets": "target"}


def _negative_count_problems(
    raw: RawTable, parsed: dict[str, _Parsed], keep: np.ndarray, column: str, counts: set[str]
) -> list[Problem]:
    """A value of an indicator that counts (unit `count`) below 0: the row is left out."""
    ids, values = parsed["indicator_id"], parsed[column].values
    if not counts or ids.codes is None or values is None:
        return []
    counting = np.array([t in counts for t in ids.texts] + [False])[ids.codes]
    with np.errstate(invalid="ignore"):
        bad = np.flatnonzero(counting & keep & (values < 0))
    keep[bad] = False
    return [
        Problem.make(
            raw.file,
            int(raw.row_numbers[i]),
            column,
            "negative_count",
            value=cell_text(float(values[i])),
            indicator=ids.texts[ids.codes[i]],
        )
        for i in bad.tolist()
    ]


def _check_table(
    table: Table,
    raw: RawTable,
    kept_ids: dict[tuple[str, str], set[str]],
    raw_by_name: Mapping[str, RawTable | None],
    compact: bool = False,
) -> tuple[pd.DataFrame, list[Problem], int]:
    """Rules 2 to 6 for one table read from a file: its frame, problems, and rows kept."""
    if not raw.readable:
        return empty_frame(table), [], 0
    problems = check_columns(table, raw)
    if any(p.code in ("missing_column", "empty_file", "wrong_separator") for p in problems):
        return empty_frame(table), problems, 0
    if table.required and not raw.n_rows and not raw.dropped:
        problems.append(Problem.make(raw.file, 1, "-", "no_rows"))
    parsed = {c.name: parse_column(table.name, c, raw.cells.get(c.name), raw.n_rows) for c in table.columns}
    keep = np.ones(raw.n_rows, bool)
    for found in parsed.values():
        for where in found.bad_positions:
            keep[where] = False
    problems += _cell_problems(raw.file, table, raw, parsed)
    if table.name == "observations":
        problems += _missing_problems(raw, parsed, keep)
    problems += _key_problems(table, raw, parsed, keep)
    if table.name == "units":
        problems += _unit_problems(raw, parsed, keep)
    for source, column, target, target_column in REFERENCES:
        if source == table.name and target != table.name:
            problems += _reference_problems(
                raw,
                parsed[column],
                keep,
                column,
                target,
                kept_ids[target, target_column],
                raw_by_name.get(target),
                target_column,
            )
    if table.name in _VALUE_COLUMNS:
        counts = kept_ids.get(_COUNT_INDICATORS, set())
        problems += _negative_count_problems(raw, parsed, keep, _VALUE_COLUMNS[table.name], counts)
    if table.name == "indicators":
        unit = parsed["unit"]
        kept_ids[_COUNT_INDICATORS] = {
            ids_text
            for ids_text, unit_code in zip(
                (parsed["indicator_id"].texts[c] for c in parsed["indicator_id"].codes[keep].tolist()),
                unit.codes[keep].tolist(),
                strict=True,
            )
            if unit.texts[unit_code] == "count"
        }
    for target, column in _TARGETS:
        if target == table.name:
            kept_ids[target, column] = parsed[column].kept_texts(keep)  # type: ignore[index]
    rows = None if keep.all() else keep
    columns: dict[str, pd.Series] = {}
    for c in table.columns:  # column by column, letting each one's cells go once it is built
        columns[c.name] = parsed.pop(c.name).series(table.name, c, rows, compact)
        if table.name not in _REFERRED:  # no later table looks up its cells
            raw.cells.pop(c.name, None)
    frame = pd.DataFrame(columns, columns=list(table.column_names), copy=False)
    return frame, problems, int(keep.sum())


def validate_tables(
    raw: Mapping[str, RawTable | None], dataset: str, workbook: bool = False, compact: Iterable[str] = ()
) -> Result:
    """Check the tables read by data.load and return typed frames without the bad rows.

    `raw` maps table names to what was read (absent or None: not in the dataset); `dataset`
    is the display name used for problems about the dataset as a whole (a missing table);
    `workbook` says whether the dataset is one workbook (tables are sheets) or a folder;
    `compact` names the tables whose text columns come as `category` instead of `str`.
    """
    compact = set(compact)
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    dropped: dict[str, int] = {}
    kept_ids: dict[tuple[str, str], set[str]] = {}
    for name, table in TABLES.items():
        source = raw.get(name)
        found = check_present(table, source, dataset, workbook)
        tables[name], kept = empty_frame(table), 0
        if source is not None:
            tables[name], checked, kept = _check_table(table, source, kept_ids, raw, name in compact)
            found = source.problems + checked
        order = {c: i for i, c in enumerate(table.column_names)}  # within a row: column order
        problems += sorted(found, key=lambda p: (p.row, order.get(p.column, -1)))
        dropped[name] = (source.n_rows + source.dropped - kept) if source else 0
        for target, column in _TARGETS:
            if target == name and (target, column) not in kept_ids:
                kept_ids[target, column] = set()
        if source is not None and name not in _REFERRED:
            source.release()
            pa.default_memory_pool().release_unused()  # give what the table used back to the system
    return Result(tables, problems, dropped)


# --- Command line -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """`python -m data.validate PATH [--lang nb|en]`: exit 0 valid, 1 errors, 2 not readable."""
    parser = argparse.ArgumentParser(
        prog="python -m data.validate",
        description="Check a dataset (a folder of table files or one .xlsx workbook) against "
        "docs/data-format.md and list every problem as FILE:ROW:COLUMN: message.",
    )
    parser.add_argument("path", help="dataset folder or .xlsx workbook")
    parser.add_argument("--lang", choices=("nb", "en"), default="nb", help="message language (default nb)")
    args = parser.parse_args(argv)
    from data.load import DatasetError, load_dataset  # here: data.load imports this module

    try:
        dataset = load_dataset(args.path)
        lines = [p.text(args.lang) for p in dataset.problems] + [dataset.summary(args.lang)]
    except DatasetError as e:
        print(e.text(args.lang), file=sys.stderr)
        return 2
    except Exception as e:  # never a traceback on the command line
        print(
            render("internal_error", args.lang, path=args.path, reason=f"{type(e).__name__}: {e}"),
            file=sys.stderr,
        )
        return 2
    try:
        print("\n".join(lines))
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 1 if dataset.errors else 0


if __name__ == "__main__":
    sys.exit(main())
