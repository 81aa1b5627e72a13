"""Read a dataset from disk: a folder of table files, or one .xlsx workbook.

`load_dataset(path)` reads every table as text (CSV, XLSX or Parquet), hands it to
data.validate, and returns a `Dataset` of typed frames plus every problem found. Bad content
never raises: it becomes a `Problem`, and the row or table it spoils is left out. Only a path
that is not a dataset at all raises `DatasetError`. Source files are opened read-only.

Reading rules (docs/data-format.md is the reference):
- Folder: one file per table, `<table>.csv`, `<table>.parquet` or `<table>.xlsx` (names
  compared without case). If a table has two files, the first in that order is read and the
  others are reported as errors. Hidden files, Excel lock files (`~$...`), sub-folders and
  `.md`/`.txt` notes are skipped silently; any other file is reported as a warning.
- A table's .xlsx file: the sheet named like the table, else the first sheet.
- Workbook dataset: one sheet per table, named like the table; other sheets are warnings.
- CSV: UTF-8 (with or without BOM), else Windows-1252. The separator is a semicolon if the
  heading line has more semicolons than commas, else a comma.
- The heading is the first non-empty row; headings are compared stripped and lower-cased.
  Empty rows are skipped; row numbers are those a spreadsheet shows (heading = 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pyarrow.parquet as pq

from data.messages import ERROR, WARNING, Problem, render, summary
from data.schema import PERIOD, TABLE_SUFFIXES, TABLES
from data.validate import RawTable, validate_tables

_SKIPPED_SUFFIXES = (".md", ".txt")


class DatasetError(Exception):
    """The path is not a dataset at all (missing, not a folder or workbook, unreadable)."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(render(code, "nb", **params))

    def text(self, lang: str = "nb") -> str:
        return render(self.code, lang, **self.params)


@dataclass
class Dataset:
    """A loaded dataset: every table of schema.TABLES, valid rows only, and what was wrong."""

    path: str
    tables: dict[str, pd.DataFrame]
    problems: list[Problem] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)  # rows left out, per table
    sources: dict[str, str] = field(default_factory=dict)  # table -> file or sheet it came from

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def summary(self, lang: str = "nb") -> str:
        """E.g. "3 feil, 1 advarsel i 6 tabeller (12 rader utelatt)"."""
        return summary(
            len(self.errors), len(self.warnings), len(self.sources), sum(self.dropped.values()), lang
        )


def load_dataset(path: str | Path) -> Dataset:
    """Read and validate the dataset at `path` (a folder, or an .xlsx workbook)."""
    root = Path(path)
    try:
        if root.is_dir():
            raws, problems = _read_folder(root)
        elif root.is_file() and root.suffix.lower() == ".xlsx":
            raws, problems = _read_workbook_dataset(root)
        elif root.exists():
            raise DatasetError("not_a_dataset", path=str(path))
        else:
            raise DatasetError("not_found", path=str(path))
    except OSError as e:
        raise DatasetError("unreadable_dataset", path=str(path), reason=e.strerror or e) from e
    if not raws:
        raise DatasetError("no_tables", path=str(path), tables=", ".join(TABLES))
    result = validate_tables(raws, root.name, workbook=root.is_file())
    return Dataset(
        path=str(path),
        tables=result.tables,
        problems=problems + result.problems,
        dropped=result.dropped,
        sources={name: raw.file for name, raw in raws.items()},
    )


# --- Finding the tables -----------------------------------------------------------------------


def _read_folder(root: Path) -> tuple[dict[str, RawTable], list[Problem]]:
    files: dict[str, list[Path]] = {}
    problems: list[Problem] = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith((".", "~$")) or entry.is_dir() or entry.suffix.lower() in _SKIPPED_SUFFIXES:
            continue
        name, suffix = entry.stem.strip().lower(), entry.suffix.lower()
        if name in TABLES and suffix in TABLE_SUFFIXES:
            files.setdefault(name, []).append(entry)
        else:
            problems.append(Problem.make(entry.name, 1, "-", "unknown_file", WARNING))
    raws: dict[str, RawTable] = {}
    for name, candidates in files.items():
        used, *others = sorted(candidates, key=lambda p: TABLE_SUFFIXES.index(p.suffix.lower()))
        problems += [
            Problem.make(other.name, 1, "-", "duplicate_file", table=name, used=used.name) for other in others
        ]
        raws[name] = _read_file(used, name)
    return raws, problems


def _read_file(path: Path, table: str) -> RawTable:
    try:
        suffix = path.suffix.lower()
        if suffix == ".csv":
            return _read_csv(path)
        if suffix == ".parquet":
            return _read_parquet(path, table)
        return _read_table_workbook(path, table)
    except Exception as e:  # any failure to read a file is a problem with that file, not a crash
        problem = Problem.make(path.name, 1, "-", "unreadable_file", reason=_reason(e))
        return RawTable(path.name, (), [], [problem], readable=False)


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return f"{type(error).__name__}: {error}"


# --- CSV --------------------------------------------------------------------------------------


def decode(raw: bytes) -> str:
    """UTF-8 with or without BOM; anything else is read as Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def sniff_separator(text: str) -> str:
    """';' if the first non-empty line has more semicolons than commas, else ','."""
    heading = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if heading.count(";") > heading.count(",") else ","


def _read_csv(path: Path) -> RawTable:
    text = decode(path.read_bytes())
    lines = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(text))
    return raw_table(path.name, lines)


# --- Parquet ----------------------------------------------------------------------------------


def _read_parquet(path: Path, table: str) -> RawTable:
    data = pq.read_table(path)
    names = [n for n in data.column_names if not n.startswith("__index_level_")]  # pandas' saved index
    kinds = _kinds(table, names)
    columns = [
        [cell_text(v, kind) for v in data.column(n).to_pylist()] for n, kind in zip(names, kinds, strict=True)
    ]
    return raw_table(path.name, [names, *map(list, zip(*columns, strict=True))])


# --- XLSX -------------------------------------------------------------------------------------


def _open_workbook(path: Path, data_only: bool = True) -> openpyxl.Workbook:
    with warnings.catch_warnings():  # openpyxl warns about styles and odd dates; we report values
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)


def _read_table_workbook(path: Path, table: str) -> RawTable:
    """A table stored as its own .xlsx file: the sheet named like the table, else the first."""
    book = _open_workbook(path)
    try:
        titles = book.sheetnames
        used = next((t for t in titles if t.strip().lower() == table), titles[0])
        raw = _read_sheets(path, book, {used: table}, lambda _title: path.name)[table]
    finally:
        book.close()
    raw.problems[:0] = [
        Problem.make(path.name, 1, "-", "unused_sheet", WARNING, used=used, sheet=t)
        for t in titles
        if t != used
    ]
    return raw


def _read_workbook_dataset(path: Path) -> tuple[dict[str, RawTable], list[Problem]]:
    """A whole dataset in one workbook, one sheet per table."""
    try:
        book = _open_workbook(path)
        try:
            sheets = {t: t.strip().lower() for t in book.sheetnames}
            wanted = {t: name for t, name in sheets.items() if name in TABLES}
            raws = _read_sheets(path, book, wanted, lambda title: f"{path.name}[{title}]")
        finally:
            book.close()
    except Exception as e:  # a workbook that cannot be opened is not a dataset we can read
        raise DatasetError("unreadable_dataset", path=str(path), reason=_reason(e)) from e
    problems = [
        Problem.make(f"{path.name}[{t}]", 1, "-", "unknown_sheet", WARNING, sheet=t)
        for t, name in sheets.items()
        if name not in TABLES
    ]
    return raws, problems


def _read_sheets(
    path: Path, book: openpyxl.Workbook, sheets: dict[str, str], file_of: Callable[[str], str]
) -> dict[str, RawTable]:
    """Read `sheets` ({sheet title: table}) of an open workbook; the formulas are opened only if needed."""
    values = {title: _sheet_values(book[title]) for title in sheets}
    formulas: dict[str, list[tuple]] = {}
    if any(_has_holes(rows) for rows in values.values()):  # an empty cell may be an uncalculated formula
        formula_book = _open_workbook(path, data_only=False)
        try:
            formulas = {title: _sheet_values(formula_book[title]) for title in sheets}
        finally:
            formula_book.close()
    return {
        table: _sheet_table(file_of(title), table, values[title], formulas.get(title, []))
        for title, table in sheets.items()
    }


def _sheet_values(sheet: Any) -> list[tuple]:
    sheet.reset_dimensions()  # some writers store wrong dimensions; read every row there is
    return list(sheet.iter_rows(values_only=True))


def _has_holes(rows: list[tuple]) -> bool:
    return any(v is None for row in rows for v in row)


def _sheet_table(file: str, table: str, values: list[tuple], formulas: list[tuple]) -> RawTable:
    heading_at = next((i for i, row in enumerate(values) if any(_filled(v) for v in row)), 0)
    heading = [cell_text(v) for v in values[heading_at]] if values else []
    kinds = _kinds(table, heading)
    lines = [[cell_text(v, kind) for v, kind in zip_longest(row, kinds)] for row in values]
    problems = [
        Problem.make(file, r, heading[c].strip().lower(), "formula_without_value")
        for r, (vrow, frow) in enumerate(zip(values, formulas, strict=False), start=1)
        if r > heading_at + 1
        for c, (v, f) in enumerate(zip(vrow, frow, strict=False))
        if v is None and f is not None and c < len(kinds) and kinds[c] is not None
    ]
    return raw_table(file, lines, problems)


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


# --- Cells as text ----------------------------------------------------------------------------


def _kinds(table: str, names: Sequence[str]) -> list[str | None]:
    columns = {c.name: c.kind for c in TABLES[table].columns}
    return [columns.get(str(n).strip().lower()) for n in names]


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


# --- From rows of text to a RawTable ----------------------------------------------------------


def raw_table(file: str, lines: Iterable[Sequence[str]], row_problems: Sequence[Problem] = ()) -> RawTable:
    """Turn rows of cell text (row 1 first) into a RawTable.

    The heading is the first non-empty row. Empty rows are skipped. A row with more non-empty
    cells than headings, or with a problem in `row_problems` (found by the reader), is left out.
    """
    found = list(row_problems)
    bad_rows = {p.row for p in found}
    numbered = ((row, list(cells)) for row, cells in enumerate(lines, start=1))
    heading_row, heading = next(((r, c) for r, c in numbered if any(x.strip() for x in c)), (1, []))
    names = [h.strip().lower() for h in heading]
    position: dict[str, int] = {}
    for i, name in enumerate(names):
        if name and name in position:
            found.append(Problem.make(file, heading_row, name, "duplicate_column", column=name))
        elif name:
            position[name] = i
    rows: list[tuple[int, dict[str, str]]] = []
    dropped = 0
    unnamed_used: set[int] = set()
    for row, cells in numbered:
        if row in bad_rows:
            dropped += 1
            continue
        filled = [i for i, x in enumerate(cells) if x.strip()]
        if not filled:
            continue
        if filled[-1] >= len(names):
            found.append(
                Problem.make(file, row, "-", "too_many_cells", found=filled[-1] + 1, expected=len(names))
            )
            dropped += 1
            continue
        unnamed_used.update(i for i in filled if not names[i])
        rows.append((row, {name: cells[i] if i < len(cells) else "" for name, i in position.items()}))
    found += [
        Problem.make(file, heading_row, "-", "unnamed_column", WARNING, position=i + 1)
        for i in sorted(unnamed_used)
    ]
    return RawTable(file, tuple(position), rows, found, dropped)
