"""Read a dataset from disk: a folder of table files, or one .xlsx workbook.

`load_dataset(path)` reads every table (CSV, XLSX or Parquet) into whole columns of cells,
hands them to data.validate, and returns a `Dataset` of typed frames plus every problem found.
Bad content never raises: it becomes a `Problem`, and the row or table it spoils is left out.
Only a path that is not a dataset at all raises `DatasetError`. Source files are opened
read-only. A folder's tables are read one at a time, as the validator reaches them.

Parquet columns keep their types and dictionary encoding. A plain CSV file (one line per row,
no blank lines, as many cells in each row as in the heading) is parsed by pyarrow; any other
CSV file, and every workbook, is read row by row with the csv module or openpyxl. Either way
the cells, row numbers and problems are the same (docs/performance.md, "Loading").

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

import codecs
import csv
import io
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from data.messages import ERROR, WARNING, Problem, render, summary
from data.schema import TABLE_SUFFIXES, TABLES
from data.validate import RawTable, cell_text, distinct_texts, validate_tables

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


def load_dataset(path: str | Path, compact: Iterable[str] = ()) -> Dataset:
    """Read and validate the dataset at `path` (a folder, or an .xlsx workbook).

    `compact` names tables whose text columns are loaded as `category` instead of `str` (the
    file store keeps the large tables so: data/store.py).
    """
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
    result = validate_tables(raws, root.name, workbook=root.is_file(), compact=compact)
    return Dataset(
        path=str(path),
        tables=result.tables,
        problems=problems + result.problems,
        dropped=result.dropped,
        sources={name: raw.file for name, raw in raws.items()},
    )


# --- Finding the tables -----------------------------------------------------------------------


class _Files(Mapping[str, RawTable]):
    """The tables of a folder, each read when first asked for (data.validate checks one table
    at a time, so a large table need not be in memory beside the frames of the others)."""

    def __init__(self, files: dict[str, Path]) -> None:
        self._files = files
        self._read: dict[str, RawTable] = {}

    def __getitem__(self, name: str) -> RawTable:
        if name not in self._read:
            self._read[name] = _read_file(self._files[name], name)
        return self._read[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def _read_folder(root: Path) -> tuple[Mapping[str, RawTable], list[Problem]]:
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
    used: dict[str, Path] = {}
    for name, candidates in files.items():
        used[name], *others = sorted(candidates, key=lambda p: TABLE_SUFFIXES.index(p.suffix.lower()))
        problems += [
            Problem.make(other.name, 1, "-", "duplicate_file", table=name, used=used[name].name)
            for other in others
        ]
    return _Files(used), problems


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
        return RawTable(path.name, (), problems=[problem], readable=False)


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return f"{type(error).__name__}: {error}"


# --- CSV --------------------------------------------------------------------------------------


def decode(raw: bytes) -> str:
    """UTF-8 with or without BOM, UTF-16 with a BOM; anything else is read as Windows-1252,
    line by line where UTF-8 and Windows-1252 lines are mixed (see `decode_lines`)."""
    return decode_lines(raw)[0]


def decode_lines(raw: bytes) -> tuple[str, list[int]]:
    """The text of a CSV file, and the numbers of the lines read as Windows-1252 in a file that
    is otherwise UTF-8 (empty unless the file mixes the two).

    A file that is not valid UTF-8 is Windows-1252, except when it also holds letters beyond
    ASCII in valid UTF-8: then each line that is not valid UTF-8 is read as Windows-1252 and
    the rest as UTF-8. A Norwegian Windows-1252 line (æ, ø, å as single bytes) is never valid
    UTF-8, and a UTF-8 line read as Windows-1252 would turn «æ» into «Ã¦», so both kinds of
    line come out right.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace"), []
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    text = raw.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="surrogateescape")
    if not _UTF8_LETTER.search(text):  # no UTF-8 beyond ASCII: the whole file is Windows-1252
        return raw.decode("cp1252", errors="replace"), []
    legacy: list[int] = []
    counted = (0, 1)  # (position, line number there)

    def windows_1252(match: re.Match[str]) -> str:
        nonlocal counted
        position, line = counted
        line += text.count("\n", position, match.start())
        counted = (match.start(), line)
        legacy.append(line)
        return match[0].encode("utf-8", errors="surrogateescape").decode("cp1252", errors="replace")

    return _UNDECODED_LINE.sub(windows_1252, text), legacy


# A letter beyond ASCII that was valid UTF-8; a line with a byte that was not (a surrogate).
_UTF8_LETTER = re.compile("[^\x00-\x7f\udc80-\udcff]")
_UNDECODED_LINE = re.compile("[^\n]*[\udc80-\udcff][^\n]*")


# What a file that is not text starts with: the key of data.messages.WHATS.
_SIGNATURES = (
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"%PDF", "pdf"),
    (b"PK\x03\x04", "xlsx"),
    (b"\xd0\xcf\x11\xe0", "xls"),
    (b"PAR1", "parquet"),
)


def not_text(head: bytes) -> str | None:
    """What the file is if its first bytes say it is not a text file (a key of WHATS), else None."""
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            return what
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    # NUL in the heading line, or in many places (UTF-16 without BOM, a program's own format);
    # a NUL or two in the rows of a text file leave out those rows only.
    binary = b"\x00" in head.split(b"\n", 1)[0] or head.count(b"\x00") > len(head) // 10
    return "binary" if binary else None


def sniff_separator(text: str) -> str:
    """';' if the first non-empty line has more semicolons than commas, else ','."""
    heading = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if heading.count(";") > heading.count(",") else ","


def _read_csv(path: Path) -> RawTable:
    with path.open("rb") as f:
        what = not_text(f.read(4096))
    if what is not None:
        problem = Problem.make(path.name, 1, "-", "not_text", what=what)
        return RawTable(path.name, (), problems=[problem], readable=False)
    fast = _csv_columns(path.name, path)
    if fast is not None:
        return fast
    raw = path.read_bytes()
    text, legacy = decode_lines(raw)
    problems = []
    if legacy:
        problems.append(Problem.make(path.name, legacy[0], "-", "mixed_encoding", WARNING, lines=len(legacy)))
    if not _is_utf8(raw) and "\x00" not in text:  # the same text as UTF-8, for pyarrow
        fast = _csv_columns(path.name, text.encode("utf-8"))
        if fast is not None:
            fast.problems[:0] = problems
            return fast
    del raw
    separator = sniff_separator(text)
    reader = _Records(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    raw = raw_table(path.name, reader, separator=separator)
    raw.problems[:0] = problems
    if text.count('"') % 2 and reader.last and any("\n" in c or "\r" in c for c in reader.last):
        _leave_out_last(raw, reader, text)
    return raw


class _Records:
    """The records of a csv reader, remembering the last one and the line it began on."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.last: list[str] = []
        self.last_line = 0
        self.line_before = 0
        self.count = 0

    def __iter__(self) -> Iterator[list[str]]:
        for record in self.reader:
            self.last_line = self.line_before + 1
            self.line_before = self.reader.line_num
            self.last = record
            self.count += 1
            yield record


def _leave_out_last(raw: RawTable, reader: _Records, text: str) -> None:
    """An unclosed quote: the csv module read from it to the end of the file as one record,
    the last. Report it (row = that record) and leave the row out if it was kept."""
    row = reader.count
    lines = len(text.splitlines()) - reader.last_line + 1
    raw.problems = [p for p in raw.problems if p.row != row]
    raw.problems.append(
        Problem.make(raw.file, row, "-", "unclosed_quote", line=reader.last_line, lines=lines)
    )
    if raw.n_rows and raw.row_numbers[-1] == row:
        raw.cells = {name: cells.slice(0, raw.n_rows - 1) for name, cells in raw.cells.items()}
        raw.row_numbers = raw.row_numbers[:-1]
    raw.dropped += 1


_CHUNK = 1 << 24  # bytes scanned at a time
_BLOCK = 1 << 24  # bytes pyarrow parses at a time


def _chunks(source: Path | bytes) -> Iterator[bytes]:
    if isinstance(source, bytes):
        yield from (source[i : i + _CHUNK] for i in range(0, len(source), _CHUNK))
        return
    with source.open("rb") as f:
        while chunk := f.read(_CHUNK):
            yield chunk


def _is_utf8(source: Path | bytes) -> bool:
    """Whether the bytes are valid UTF-8, read piece by piece."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in _chunks(source):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


@dataclass
class _Lines:
    """What `_csv_columns` needs to know of a file's bytes, read piece by piece."""

    utf8: bool = True
    first: bytes = b""  # the first line, without its line feed
    line_feeds: int = 0
    ends_with_line_feed: bool = False
    lone_carriage_returns: bool = False
    nul: bool = False  # a NUL byte somewhere: read row by row, which reports it

    @classmethod
    def of(cls, source: Path | bytes) -> _Lines:
        facts = cls()
        decoder = codecs.getincrementaldecoder("utf-8")()
        carriage_returns = crlf = 0
        last = b""
        first: list[bytes] = []
        try:
            for chunk in _chunks(source):
                decoder.decode(chunk)
                if not facts.line_feeds:
                    end = chunk.find(b"\n")
                    first.append(chunk if end < 0 else chunk[:end])
                facts.line_feeds += chunk.count(b"\n")
                facts.nul = facts.nul or b"\x00" in chunk
                if b"\r" in chunk or last == b"\r":
                    carriage_returns += chunk.count(b"\r")
                    crlf += chunk.count(b"\r\n") + (last == b"\r" and chunk[:1] == b"\n")
                last = chunk[-1:]
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return cls(utf8=False)
        facts.first = b"".join(first).removeprefix(codecs.BOM_UTF8)
        facts.ends_with_line_feed = last == b"\n"
        facts.lone_carriage_returns = carriage_returns != crlf
        return facts


# A long text cell is allowed (csv's default limit is 128 KiB; a quote never closed can make
# a cell of the whole rest of the file, which is reported as "unclosed_quote").
csv.field_size_limit(2**31 - 1)
_CSV_FIELD_LIMIT = csv.field_size_limit()


def _csv_columns(file: str, source: Path | bytes) -> RawTable | None:
    """A UTF-8 CSV file (a path, or its bytes) parsed by pyarrow; None if it is not plain enough.

    Plain: one line per row (no blank lines, no line breaks inside quotes, no lone carriage
    returns), the heading on line 1, every row as many cells as the heading. Then pyarrow
    splits the cells exactly as the csv module does, and row numbers are line numbers; any
    other file is read row by row. Text columns with few distinct values are kept
    dictionary-encoded, so that the cells of a large file take little memory.
    """
    lines = _Lines.of(source)
    if not lines.utf8 or lines.lone_carriage_returns or lines.nul:
        return None
    head = lines.first.decode("utf-8")
    if not any(line.strip() for line in head.splitlines()):
        return None
    separator = sniff_separator(head)
    heading = next(csv.reader(io.StringIO(head, newline=""), delimiter=separator), [])
    if not any(h.strip() for h in heading):
        return None
    names = [f"c{i}" for i in range(len(heading))]
    pieces: list[list[pa.Array]] = [[] for _ in names]
    encode: list[bool] = []  # per column: keep it dictionary-encoded (decided on the first block)
    rows = 0
    try:
        reader = pa_csv.open_csv(
            pa.BufferReader(source) if isinstance(source, bytes) else source,
            read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1, block_size=_BLOCK),
            parse_options=pa_csv.ParseOptions(delimiter=separator, quote_char='"', double_quote=True),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        for batch in reader:
            rows += batch.num_rows
            for i, cells in enumerate(batch.columns):
                if len(cells) and pc.max(pc.binary_length(cells)).as_py() > _CSV_FIELD_LIMIT:
                    return None  # the csv module refuses such a file; let it say so
                encoded = pc.dictionary_encode(cells)
                if len(encode) <= i:
                    encode.append(len(encoded.dictionary) <= max(len(cells) // 2, 1))
                pieces[i].append(encoded if encode[i] else cells)
    except (pa.ArrowException, ValueError):
        return None
    if lines.line_feeds + (not lines.ends_with_line_feed) != 1 + rows:
        return None
    columns = [
        pa.chunked_array(
            p, pa.dictionary(pa.int32(), pa.string()) if encode[i] else pa.string()
        ).combine_chunks()
        if p
        else pa.array([], pa.string())
        for i, p in enumerate(pieces)
    ]
    del pieces
    return columnar_table(file, heading, columns)


# --- Parquet ----------------------------------------------------------------------------------


def _read_parquet(path: Path, table: str) -> RawTable:
    data = pq.read_table(path)
    keep = [i for i, n in enumerate(data.column_names) if not n.startswith("__index_level_")]  # pandas index
    names = [data.column_names[i] for i in keep]
    columns = [data.column(i).combine_chunks() for i in keep]
    del data
    pa.default_memory_pool().release_unused()  # the reader's buffers: back to the system, not kept
    columnar = columnar_table(path.name, names, columns)
    if columnar is not None:
        return columnar
    kinds = _kinds(table, names)  # no heading at all: the first row with a value is the heading
    cells = [[cell_text(v, kind) for v in c.to_pylist()] for c, kind in zip(columns, kinds, strict=True)]
    return raw_table(path.name, [names, *map(list, zip(*cells, strict=True))])


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


# --- From rows of text to a RawTable ----------------------------------------------------------


def raw_table(
    file: str,
    lines: Iterable[Sequence[str]],
    row_problems: Sequence[Problem] = (),
    separator: str | None = None,
) -> RawTable:
    """Turn rows of cell text (row 1 first) into a RawTable.

    The heading is the first non-empty row. Empty rows are skipped. A row with more non-empty
    cells than headings, or with a problem in `row_problems` (found by the reader), is left out;
    so is a row with a NUL byte, and (CSV, `separator` given) a row that is one cell holding the
    other separator.
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
        nul = next((i for i in filled if "\x00" in cells[i]), None)
        if nul is not None:
            column = names[nul] if nul < len(names) and names[nul] else "-"
            found.append(Problem.make(file, row, column, "control_character", character="NUL, U+0000"))
            dropped += 1
            continue
        other = {",": ";", ";": ","}.get(separator or "")
        if other and filled == [0] and len(position) > 1 and other in cells[0]:
            found.append(
                Problem.make(file, row, "-", "row_separator", value=cells[0].strip(), separator=separator)
            )
            dropped += 1
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
    cells = {name: pa.array([values[name] for _, values in rows], pa.string()) for name in position}
    row_numbers = np.array([row for row, _ in rows], np.int64)
    return RawTable(file, tuple(position), cells, row_numbers, found, dropped)


# --- From whole columns to a RawTable ---------------------------------------------------------


def _blank(cells: pa.Array) -> np.ndarray:
    """Per cell: is it empty (null, NaN, or only spaces)?"""
    if pa.types.is_integer(cells.type) or pa.types.is_floating(cells.type):
        return np.isnan(pc.cast(cells, pa.float64(), safe=False).to_numpy(zero_copy_only=False))
    codes, texts = distinct_texts(cells)
    return np.array([not t.strip() for t in texts] + [True], bool)[codes]


def columnar_table(file: str, names: Sequence[str], columns: Sequence[pa.Array]) -> RawTable | None:
    """A RawTable from whole columns under the heading `names` (row 1; data from row 2).

    The same rules as `raw_table`: a row with no value is skipped; the first of two columns
    with the same heading is read; values under an empty heading are a warning. Returns None
    if no heading has a name (then the heading is a later row: use `raw_table`).
    """
    if not any(str(n).strip() for n in names):
        return None
    headings = [str(n).strip().lower() for n in names]
    found: list[Problem] = []
    position: dict[str, int] = {}
    for i, name in enumerate(headings):
        if name and name in position:
            found.append(Problem.make(file, 1, name, "duplicate_column", column=name))
        elif name:
            position[name] = i
    n = len(columns[0]) if columns else 0
    blank: dict[int, np.ndarray] = {}
    empty_row = np.ones(n, bool)
    for i, cells in enumerate(columns):
        if not empty_row.any():
            break
        blank[i] = _blank(cells)
        empty_row &= blank[i]
    row_numbers = np.arange(2, n + 2, dtype=np.int64)
    if empty_row.any():
        kept = ~empty_row
        columns = [c.filter(pa.array(kept)) for c in columns]
        blank = {i: b[kept] for i, b in blank.items()}
        row_numbers = row_numbers[kept]
    unnamed = [
        i
        for i, name in enumerate(headings)
        if not name and not (blank[i] if i in blank else _blank(columns[i])).all()
    ]
    found += [Problem.make(file, 1, "-", "unnamed_column", WARNING, position=i + 1) for i in unnamed]
    cells = {name: columns[i] for name, i in position.items()}
    return RawTable(file, tuple(position), cells, row_numbers, found)


# --- Command line -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """`python -m data.load PATH --into URL`: validate, then replace the database's dataset."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m data.load",
        description="Validate a dataset (folder or .xlsx workbook) and load it into PostgreSQL in one "
        "transaction; with any error nothing is changed (docs/database.md).",
    )
    parser.add_argument("path", help="dataset folder or .xlsx workbook")
    parser.add_argument("--into", required=True, metavar="URL", help="postgresql://user:password@host/db")
    parser.add_argument("--lang", choices=("nb", "en"), default="nb", help="message language (default nb)")
    args = parser.parse_args(argv)
    from data.database import load_command  # here: data.database imports this module

    return load_command(args.path, args.into, args.lang)


if __name__ == "__main__":
    import sys

    sys.exit(main())
