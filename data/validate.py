"""The validation rules of the dataset format, and the `python -m data.validate` command.

`validate_tables` takes the tables as text, exactly as data.load read them, and returns
typed pandas frames. A row with any error is left out and every leaving-out is reported as
a `Problem`; valid rows are kept. The rules run in this order, table by table in the order
of schema.TABLES (so referenced tables are final before the tables that refer to them):

1. the table is present (required tables only);
2. its columns: unknown columns (warning), missing required columns (the table is unusable);
3. each cell: empty where not allowed, numbers, counts, years, choices, periods, dates;
4. unique keys: the first row wins, later duplicates name it;
5. units only: self-parent, cycles, exactly one root;
6. references (schema.REFERENCES), repeated for units until no more rows drop.

Within a table, problems are reported sorted by row. See docs/data-format.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

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

# The (table, column) pairs other tables refer to.
_TARGETS = frozenset((target, column) for _, _, target, column in REFERENCES)

Values = dict[str, object]
Row = tuple[int, Values]  # (spreadsheet row number, parsed values by column)


@dataclass
class RawTable:
    """One table as read from its file: every cell as text, nothing checked yet."""

    file: str  # display name, e.g. "units.csv" or "drammen.xlsx[units]"
    columns: tuple[str, ...]  # headings as read: stripped, lower-cased, each once
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row, heading -> cell text)
    problems: list[Problem] = field(default_factory=list)  # found while reading
    dropped: int = 0  # rows the reader already left out (reported in problems)
    readable: bool = True  # False: the file could not be read at all


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

_SPACES = " \u00a0\u202f"  # thousands separators: space, no-break space, narrow no-break space
_NUMBER_RE = re.compile(
    rf"^[-+\u2212]?(?=[.,]?\d)(?:\d{{1,3}}(?:[{_SPACES}]\d{{3}})+|\d*)(?:[.,]\d+)?(?:[eE][-+]?\d+)?$"
)
_YEAR_RE = re.compile(r"^\d{4}$")
_MONTH_LIKE_RE = re.compile(r"^\d{4}-(?P<month>\d\d)$")  # "2016-13": a month that does not exist
_TERTIAL_LIKE_RE = re.compile(r"^\d{4}-(?P<tertial>T\d+)$")  # "2016-T4"


def parse_number(text: str) -> float:
    """'10,9' and '10.9' -> 10.9; '1 234,5' (space, U+00A0 or U+202F between thousands) -> 1234.5.

    A comma or a point is the decimal mark; a comma is never a thousands separator.
    """
    if not _NUMBER_RE.match(text):
        raise Invalid("not_a_number", value=text)
    plain = text.translate({ord(c): None for c in _SPACES}).replace(",", ".").replace("\u2212", "-")
    value = float(plain)
    if not math.isfinite(value):
        raise Invalid("not_a_number", value=text)
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
    return frame(table, [])


def frame(table: Table, rows: list[Row]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            c.name: pd.Series([values[c.name] for _, values in rows], dtype=dtype_of(table.name, c))
            for c in table.columns
        },
        columns=list(table.column_names),
    )


# --- Rules ------------------------------------------------------------------------------------


def check_present(table: Table, raw: RawTable | None, dataset: str, workbook: bool) -> list[Problem]:
    """Rule 1: a required table must be in the dataset."""
    if raw is not None or not table.required:
        return []
    return [Problem.make(dataset, 1, "-", "missing_sheet" if workbook else "missing_table", table=table.name)]


def check_columns(table: Table, raw: RawTable) -> list[Problem]:
    """Rule 2: unknown columns are ignored (warning); a missing required column is an error."""
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


def check_cells(table: Table, raw: RawTable) -> tuple[list[Row], list[Problem]]:
    """Rule 3: every cell of every row; a row with any bad cell is left out."""
    kept: list[Row] = []
    problems: list[Problem] = []
    defaults = {c.name: c.default or "" for c in table.columns if c.name not in raw.columns}
    for row, cells in raw.rows:
        values: Values = {}
        bad: list[Problem] = []
        for c in table.columns:
            try:
                values[c.name] = parse_cell(table.name, c, cells.get(c.name, defaults.get(c.name, "")))
            except Invalid as e:
                bad.append(Problem.make(raw.file, row, c.name, e.code, **e.params))
        problems += bad
        if not bad:
            kept.append((row, values))
    return kept, problems


def _without(rows: list[Row], problems: list[Problem]) -> tuple[list[Row], list[Problem]]:
    """The rows no problem is about, and the problems: how a rule leaves rows out."""
    bad = {p.row for p in problems}
    return [r for r in rows if r[0] not in bad], problems


def check_key(table: Table, file: str, rows: list[Row]) -> tuple[list[Row], list[Problem]]:
    """Rule 4: the key columns are unique together; the first row wins."""
    if not table.key:
        return rows, []
    first: dict[tuple[object, ...], int] = {}
    problems: list[Problem] = []
    for row, values in rows:
        key = tuple(values[c] for c in table.key)
        if key in first:
            problems.append(
                Problem.make(file, row, "-", "duplicate_key", key=", ".join(table.key), first=first[key])
            )
        else:
            first[key] = row
    return _without(rows, problems)


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


# --- Putting the rules together ---------------------------------------------------------------


def _first_rows(raw: RawTable | None, column: str) -> dict[str, int]:
    """Every value of `column` in the file, stripped, mapped to the first row it is on."""
    first: dict[str, int] = {}
    for row, cells in raw.rows if raw else []:
        first.setdefault(cells.get(column, "").strip(), row)
    return first


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


def _check_table(
    table: Table,
    raw: RawTable,
    kept_ids: Mapping[tuple[str, str], set[object]],
    raw_by_name: Mapping[str, RawTable | None],
) -> tuple[list[Row], list[Problem]]:
    if not raw.readable:
        return [], []
    problems = check_columns(table, raw)
    if any(p.code == "missing_column" for p in problems):
        return [], problems
    rows, found = check_cells(table, raw)
    problems += found
    rows, found = check_key(table, raw.file, rows)
    problems += found
    if table.name == "units":
        rows, found = _check_units(raw.file, rows, _first_rows(raw, "unit_id"))
        problems += found
    for source, column, target, target_column in REFERENCES:
        if source == table.name and target != table.name:
            first_rows = _first_rows(raw_by_name.get(target), target_column)
            rows, found = check_reference(
                raw.file, rows, column, target, kept_ids[target, target_column], first_rows
            )
            problems += found
    return rows, problems


def validate_tables(raw: Mapping[str, RawTable | None], dataset: str, workbook: bool = False) -> Result:
    """Check the tables read by data.load and return typed frames without the bad rows.

    `raw` maps table names to what was read (absent or None: not in the dataset); `dataset`
    is the display name used for problems about the dataset as a whole (a missing table);
    `workbook` says whether the dataset is one workbook (tables are sheets) or a folder.
    """
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    dropped: dict[str, int] = {}
    kept_ids: dict[tuple[str, str], set[object]] = {}
    for name, table in TABLES.items():
        source = raw.get(name)
        found = check_present(table, source, dataset, workbook)
        rows: list[Row] = []
        if source is not None:
            rows, checked = _check_table(table, source, kept_ids, raw)
            found = source.problems + checked
        problems += sorted(found, key=lambda p: p.row)
        tables[name] = frame(table, rows)
        dropped[name] = (len(source.rows) + source.dropped - len(rows)) if source else 0
        for target, column in _TARGETS:
            if target == name:
                kept_ids[name, column] = {values[column] for _, values in rows}
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
