"""Import SSB statbank exports (KOSTRA and other tables) into a dataset folder.

    python -m data.ssb IMPORT_FILE --mapping MAPPING --into DATASET_DIR [--status S] [--source S]

Reads JSON-stat 2.0 as PxWebApi v1 and v2 return it (`"class": "dataset"`, `id`, `size`,
`dimension` with `category.index`/`label`, `value`, `status`) and CSV with codes (`csv3` of
PxWebApi v1, UTF-8; `outputFormat=csv` of v2, ISO-8859-1; `;`, `,` or tab separated). The
mapping file (CSV, see docs/ssb-import.md) maps each ContentsCode to an `indicator_id` (with a
factor) and each region code, for a range of years, to a `unit_id`: Drammen is 0602 until
2019, 3005 from 2020 and 3301 from 2024; comparison units (EAK, EAKUO, EKG13, ...) get a name
and are added to units.csv under the root with kind `comparison`.

SSB's symbols keep their meaning: `-` (nothing to report) is a true 0; `.`, `..`, `...` and
`:` give an empty value with the reason in `missing` (never a 0). Any other symbol is an
error naming the file, row (or position in the JSON-stat `value` array) and column.

The import files are only read. observations.csv (and units.csv, for new comparison units)
of the dataset folder are rewritten with the imported rows merged in (a row with the same
indicator, unit and period is replaced), then the dataset is validated with the same rules
as `python -m data.validate`, and every problem is printed as FILE:ROW:COLUMN: message.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from data.schema import COMPARISON, MISSING_REASONS, STATUSES, TABLES
from data.validate import Invalid, parse_number

# SSB's symbols for a cell without a number, and what each one becomes.
ZERO_SYMBOL = "-"  # nothing to report: a true zero
MISSING_SYMBOLS = {".": "not_applicable", "..": "missing", "...": "not_yet_available", ":": "confidential"}
assert set(MISSING_SYMBOLS.values()) == set(MISSING_REASONS)

MAPPING_COLUMNS = ("kind", "code", "id", "from_year", "to_year", "factor", "name")
MAPPING_KINDS = ("contents", "region")

# Headings of the CSV export's columns (compared in lower case).
TIME_HEADINGS = ("tid", "år", "year", "time")
CONTENTS_HEADINGS = ("contentscode", "statistikkvariabel", "contents")
VALUE_HEADINGS = ("value", "verdi", "values")

_YEAR_RE = re.compile(r"^\d{4}$")
_MONTH_RE = re.compile(r"^(\d{4})M(0[1-9]|1[0-2])$")

# code -> (bokmål, English)
TEMPLATES: dict[str, tuple[str, str]] = {
    "not_found": ("finner ikke filen", "file not found"),
    "unreadable": ("filen kan ikke leses: {reason}", "the file cannot be read: {reason}"),
    "not_jsonstat": (
        "ikke JSON-stat 2.0 fra SSB: {reason}",
        "not JSON-stat 2.0 from SSB: {reason}",
    ),
    "no_dimension": (
        "finner ingen {what}-dimensjon (ventet {expected})",
        "no {what} dimension found (expected {expected})",
    ),
    "extra_dimension": (
        "dimensjonen «{dimension}» har {n} verdier; bare region, statistikkvariabel og tid kan ha flere",
        'dimension "{dimension}" has {n} values; only region, contents and time may have several',
    ),
    "value_count": (
        "ventet {expected} verdier (produktet av size), fant {found}",
        "expected {expected} values (the product of size), found {found}",
    ),
    "unknown_symbol": (
        "«{value}» er verken et tall eller et av SSBs symboler (-, ., .., ..., :) {cell}",
        '"{value}" is neither a number nor one of SSB\'s symbols (-, ., .., ..., :) {cell}',
    ),
    "no_value": (
        "cellen har verken tall eller symbol {cell}",
        "the cell has neither a number nor a symbol {cell}",
    ),
    "bad_time": (
        "«{value}» er ikke et år (2016) eller en måned (2016M03)",
        '"{value}" is not a year (2016) or a month (2016M03)',
    ),
    "csv_heading": (
        "overskriften mangler en kolonne for {what} (fant: {found})",
        "the heading has no column for {what} (found: {found})",
    ),
    "csv_cells": (
        "raden har {found} celler, overskriften {expected}",
        "the row has {found} cells, the heading {expected}",
    ),
    "duplicate_cell": (
        "samme observasjon ({key}) som {first}; to regionkoder gir samme enhet i samme år?",
        "the same observation ({key}) as {first}; two region codes give the same unit in the same year?",
    ),
    "nothing_mapped": (
        "ingen celle passer til mappingfilen (regionkoder og ContentsCode må stå der)",
        "no cell matches the mapping file (region codes and ContentsCodes must be listed there)",
    ),
    "skipped": (
        "{n} celler hoppet over: {what} «{value}» står ikke i mappingfilen",
        '{n} cells skipped: {what} "{value}" is not in the mapping file',
    ),
    "skipped_years": (
        "hoppet over regionkoden «{value}» for {years}: mappingfilen gir den ingen enhet de årene",
        'skipped region code "{value}" for {years}: the mapping file gives it no unit in those years',
    ),
    # The mapping file.
    "map_column": ("kolonnen «{column}» mangler", 'column "{column}" is missing'),
    "map_empty": ("cellen er tom, men må ha en verdi", "the cell is empty but must have a value"),
    "map_kind": ("«{value}» er ikke contents eller region", '"{value}" is not contents or region'),
    "map_year": ("«{value}» er ikke et årstall", '"{value}" is not a year'),
    "map_factor": ("«{value}» er ikke et tall", '"{value}" is not a number'),
    "map_duplicate": (
        "ContentsCode «{code}» står også på rad {first}",
        'ContentsCode "{code}" is also on row {first}',
    ),
    "map_overlap": (
        "regionkoden «{code}» har overlappende år med rad {first}",
        'region code "{code}" has years that overlap row {first}',
    ),
    "map_years": ("from_year {first} er etter to_year {last}", "from_year {first} is after to_year {last}"),
    "map_no_name": (
        "enheten «{unit}» finnes ikke i units.csv; gi den et navn i kolonnen name",
        'unit "{unit}" is not in units.csv; give it a name in the column name',
    ),
    # The dataset folder.
    "no_dataset": (
        "«{path}» er ikke en datasettmappe med units.csv",
        '"{path}" is not a dataset folder with units.csv',
    ),
    "not_csv": (
        "tabellen {table} er lagret som {found}; importen skriver bare til CSV-datasett",
        "table {table} is stored as {found}; the import only writes to CSV datasets",
    ),
    "no_root": ("units.csv har ingen enhet uten parent_id", "units.csv has no unit without a parent_id"),
}


def render(code: str, lang: str = "nb", /, **params: object) -> str:
    return TEMPLATES[code][0 if lang == "nb" else 1].format(**params)


@dataclass(frozen=True)
class ImportProblem:
    """One problem: FILE:WHERE:COLUMN: message. WHERE is a row number (heading = 1) of a CSV
    file, or a position such as `value[17]` in a JSON-stat file."""

    file: str
    where: str
    column: str
    code: str
    params: dict = field(default_factory=dict, hash=False, compare=False)
    warning: bool = False

    def message(self, lang: str = "nb") -> str:
        return render(self.code, lang, **self.params)

    def text(self, lang: str = "nb") -> str:
        return f"{self.file}:{self.where}:{self.column}: {self.message(lang)}"

    def __str__(self) -> str:
        return self.text("nb")


class ImportFailed(Exception):
    """The import stopped: `problems` say why (nothing was written)."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__("\n".join(p.text("en") for p in problems))
        self.problems = problems


# --- Cells ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One data cell of an export, by codes; `value` is a number, a symbol text, or None."""

    region: str
    contents: str
    time: str
    value: object
    symbol: str | None  # JSON-stat status, if any
    where: str  # "12" (a CSV row) or "value[17]"
    column: str  # the column (CSV heading) or "value"


def _cell_text(cell: Cell) -> str:
    return f"(region {cell.region}, {cell.contents}, {cell.time})"


def read_value(cell: Cell, file: str) -> tuple[float | None, str]:
    """(value, missing reason) of a cell: `-` is 0.0; `.`, `..`, `...`, `:` are (None, reason)."""
    symbol = (cell.symbol or "").strip()
    value = cell.value
    if isinstance(value, str):
        text = value.strip().strip('"').strip()
        if text == ZERO_SYMBOL or text in MISSING_SYMBOLS:
            symbol, value = text, None
        elif text == "":
            value = None
        else:
            try:
                value = parse_number(text)
            except Invalid:
                raise ImportFailed(
                    [
                        ImportProblem(
                            file,
                            cell.where,
                            cell.column,
                            "unknown_symbol",
                            {"value": text, "cell": _cell_text(cell)},
                        )
                    ]
                ) from None
    if symbol == ZERO_SYMBOL:
        return 0.0, ""
    if symbol in MISSING_SYMBOLS:
        return None, MISSING_SYMBOLS[symbol]
    if symbol:
        where = cell.where.replace("value[", "status[")
        raise ImportFailed(
            [
                ImportProblem(
                    file, where, "status", "unknown_symbol", {"value": symbol, "cell": _cell_text(cell)}
                )
            ]
        )
    if isinstance(value, bool) or not isinstance(value, int | float):
        if value is None:
            raise ImportFailed(
                [ImportProblem(file, cell.where, cell.column, "no_value", {"cell": _cell_text(cell)})]
            )
        raise ImportFailed(
            [
                ImportProblem(
                    file,
                    cell.where,
                    cell.column,
                    "unknown_symbol",
                    {"value": value, "cell": _cell_text(cell)},
                )
            ]
        )
    return float(value), ""


def period_of(time: str) -> str | None:
    """SSB's time code as a period of the format: '2016' -> '2016', '2016M03' -> '2016-03'."""
    if _YEAR_RE.match(time):
        return time
    if m := _MONTH_RE.match(time):
        return f"{m[1]}-{m[2]}"
    return None


# --- JSON-stat 2.0 ----------------------------------------------------------------------------


def _categories(dimension: dict) -> list[str]:
    """The codes of a dimension in index order (`index` may be an object or an array)."""
    category = dimension.get("category", {})
    index = category.get("index")
    if index is None:  # a single category may leave the index out
        return list(category.get("label", {}))
    if isinstance(index, list):
        return [str(c) for c in index]
    return [str(code) for code, _ in sorted(index.items(), key=lambda item: item[1])]


def _find(ids: list[str], role: dict, role_name: str, names: tuple[str, ...], contains: str | None = None):
    for dim in role.get(role_name, []) or []:
        if dim in ids:
            return dim
    for dim in ids:
        if dim.lower() in names or (contains and contains in dim.lower()):
            return dim
    return None


def read_jsonstat(path: Path) -> tuple[list[Cell], dict]:
    """The cells of a JSON-stat 2.0 dataset, and its labels (`table`: table number or label)."""
    file = path.name
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ImportFailed([ImportProblem(file, "1", "-", "unreadable", {"reason": e})]) from None
    if isinstance(doc, dict) and "dataset" in doc and "class" not in doc:  # JSON-stat 1 style wrapper
        doc = doc["dataset"]

    def fail(reason: str, where: str = "1", column: str = "-"):
        return ImportFailed([ImportProblem(file, where, column, "not_jsonstat", {"reason": reason})])

    if not isinstance(doc, dict) or doc.get("class") != "dataset":
        raise fail('"class" is not "dataset"')
    ids, size, dims = doc.get("id"), doc.get("size"), doc.get("dimension")
    if (
        not isinstance(ids, list)
        or not isinstance(size, list)
        or not isinstance(dims, dict)
        or len(ids) != len(size)
    ):
        raise fail('"id", "size" and "dimension" must be given, with as many sizes as ids')
    codes: dict[str, list[str]] = {}
    for dim, n in zip(ids, size, strict=True):
        if dim not in dims:
            raise fail(f'dimension "{dim}" is in "id" but not in "dimension"', "dimension", dim)
        codes[dim] = _categories(dims[dim])
        if len(codes[dim]) != n:
            raise fail(f'dimension "{dim}" has {len(codes[dim])} categories but size {n}', "size", dim)
    role = doc.get("role") or {}
    time = _find(ids, role, "time", TIME_HEADINGS)
    contents = _find(ids, role, "metric", CONTENTS_HEADINGS)
    region = _find(ids, role, "geo", ("region",), contains="region")
    for what, dim, expected in (
        ("tid", time, "Tid"),
        ("statistikkvariabel", contents, "ContentsCode"),
        ("region", region, "Region / KOKkommuneregion0000"),
    ):
        if dim is None:
            raise ImportFailed(
                [ImportProblem(file, "id", "-", "no_dimension", {"what": what, "expected": expected})]
            )
    for dim in ids:
        if dim not in (time, contents, region) and len(codes[dim]) > 1:
            raise ImportFailed(
                [ImportProblem(file, "id", dim, "extra_dimension", {"dimension": dim, "n": len(codes[dim])})]
            )
    total = 1
    for n in size:
        total *= n
    values = doc.get("value")
    if isinstance(values, dict):  # sparse: {"position": value}
        values = [values.get(str(i)) for i in range(total)]
    if not isinstance(values, list) or len(values) != total:
        found = len(values) if isinstance(values, list) else type(values).__name__
        raise ImportFailed(
            [ImportProblem(file, "value", "-", "value_count", {"expected": total, "found": found})]
        )
    status = doc.get("status") or {}
    if isinstance(status, str):  # one status for every cell
        status = dict.fromkeys(range(total), status)
    elif isinstance(status, list):
        status = dict(enumerate(status)) if len(status) == total else dict.fromkeys(range(total), status[0])
    else:
        status = {int(k): v for k, v in status.items()}
    cells = []
    strides = [1] * len(ids)
    for i in range(len(ids) - 2, -1, -1):
        strides[i] = strides[i + 1] * size[i + 1]
    for pos, value in enumerate(values):  # row-major: the last dimension changes fastest
        at = {dim: codes[dim][(pos // strides[i]) % size[i]] for i, dim in enumerate(ids)}
        cells.append(
            Cell(at[region], at[contents], at[time], value, status.get(pos), f"value[{pos}]", "value")
        )
    px = (doc.get("extension") or {}).get("px") or {}
    table = str(px.get("tableid") or px.get("tableId") or "") or str(doc.get("label") or "")
    return cells, {"table": table}


# --- CSV ----------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """UTF-8 (PxWebApi v1, with or without BOM), else ISO-8859-1 (PxWebApi v2's CSV)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("iso-8859-1")


def read_csv(path: Path) -> tuple[list[Cell], dict]:
    """The cells of a CSV export with codes: long (a region, ContentsCode, Tid and value column)
    or with one value column per ContentsCode (the heading is the code)."""
    file = path.name
    try:
        text = _decode(path.read_bytes())
    except OSError as e:
        raise ImportFailed([ImportProblem(file, "1", "-", "unreadable", {"reason": e})]) from None
    first = text.split("\n", 1)[0]
    separator = max((";", ",", "\t"), key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    if not rows:
        raise ImportFailed([ImportProblem(file, "1", "-", "unreadable", {"reason": "empty file"})])
    heading = [h.strip() for h in rows[0]]
    lower = [h.lower() for h in heading]

    def column(names: tuple[str, ...], contains: str | None = None) -> int | None:
        for i, h in enumerate(lower):
            if h in names or (contains and contains in h):
                return i
        return None

    region = column(("region",), contains="region")
    time = column(TIME_HEADINGS)
    contents = column(CONTENTS_HEADINGS)
    found = ", ".join(heading)
    for what, i in (("region", region), ("tid (Tid)", time)):
        if i is None:
            raise ImportFailed([ImportProblem(file, "1", "-", "csv_heading", {"what": what, "found": found})])
    rest = [i for i in range(len(heading)) if i not in (region, time, contents)]
    if contents is not None:
        value_cols = [i for i in rest if lower[i] in VALUE_HEADINGS] or rest[-1:]
        if not value_cols:
            raise ImportFailed(
                [ImportProblem(file, "1", "-", "csv_heading", {"what": "value", "found": found})]
            )
        rest = [i for i in rest if i not in value_cols]
    else:  # one value column per ContentsCode
        value_cols, rest = rest, []
    cells = []
    distinct: dict[int, set[str]] = {i: set() for i in rest}
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(heading):
            raise ImportFailed(
                [ImportProblem(file, str(n), "-", "csv_cells", {"found": len(row), "expected": len(heading)})]
            )
        for i in rest:
            distinct[i].add(row[i].strip())
        for v in value_cols:
            code = row[contents].strip() if contents is not None else heading[v]
            cells.append(Cell(row[region].strip(), code, row[time].strip(), row[v], None, str(n), heading[v]))
    for i, seen in distinct.items():
        if len(seen) > 1:
            raise ImportFailed(
                [
                    ImportProblem(
                        file, "1", heading[i], "extra_dimension", {"dimension": heading[i], "n": len(seen)}
                    )
                ]
            )
    return cells, {"table": ""}


def read_export(path: Path) -> tuple[list[Cell], dict]:
    if not path.is_file():
        raise ImportFailed([ImportProblem(path.name, "1", "-", "not_found")])
    head = path.read_bytes()[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return read_jsonstat(path) if head.startswith(b"{") else read_csv(path)


# --- The mapping file ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionRule:
    code: str
    unit_id: str
    first: int | None
    last: int | None
    name: str
    row: int

    def covers(self, year: int) -> bool:
        return (self.first is None or year >= self.first) and (self.last is None or year <= self.last)


@dataclass
class Mapping:
    file: str
    contents: dict[str, tuple[str, float]] = field(default_factory=dict)  # code -> (indicator_id, factor)
    regions: dict[str, list[RegionRule]] = field(default_factory=dict)

    def unit_for(self, code: str, year: int) -> RegionRule | None:
        return next((r for r in self.regions.get(code, []) if r.covers(year)), None)


def read_mapping(path: Path) -> Mapping:
    """The mapping file: CSV with columns kind, code, id, from_year, to_year, factor, name."""
    file = path.name
    if not path.is_file():
        raise ImportFailed([ImportProblem(file, "1", "-", "not_found")])
    text = _decode(path.read_bytes())
    first = text.split("\n", 1)[0]
    rows = list(
        csv.reader(
            io.StringIO(text, newline=""), delimiter=";" if first.count(";") > first.count(",") else ","
        )
    )
    heading = [h.strip().lower() for h in (rows[0] if rows else [])]
    problems = [
        ImportProblem(file, "1", c, "map_column", {"column": c})
        for c in ("kind", "code", "id")
        if c not in heading
    ]
    if problems:
        raise ImportFailed(problems)
    mapping = Mapping(file)
    first_rows: dict[str, int] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        v = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(heading)}
        bad = [ImportProblem(file, str(n), c, "map_empty") for c in ("kind", "code", "id") if not v.get(c)]
        if v.get("kind") and v["kind"] not in MAPPING_KINDS:
            bad.append(ImportProblem(file, str(n), "kind", "map_kind", {"value": v["kind"]}))
        years = {}
        for c in ("from_year", "to_year"):
            years[c] = None
            if v.get(c):
                if _YEAR_RE.match(v[c]):
                    years[c] = int(v[c])
                else:
                    bad.append(ImportProblem(file, str(n), c, "map_year", {"value": v[c]}))
        factor = 1.0
        if v.get("factor"):
            try:
                factor = parse_number(v["factor"])
            except Invalid:
                bad.append(ImportProblem(file, str(n), "factor", "map_factor", {"value": v["factor"]}))
        if years["from_year"] and years["to_year"] and years["from_year"] > years["to_year"]:
            bad.append(
                ImportProblem(
                    file,
                    str(n),
                    "to_year",
                    "map_years",
                    {"first": years["from_year"], "last": years["to_year"]},
                )
            )
        if bad:
            problems += bad
            continue
        if v["kind"] == "contents":
            if v["code"] in first_rows:
                problems.append(
                    ImportProblem(
                        file,
                        str(n),
                        "code",
                        "map_duplicate",
                        {"code": v["code"], "first": first_rows[v["code"]]},
                    )
                )
                continue
            first_rows[v["code"]] = n
            mapping.contents[v["code"]] = (v["id"], factor)
            continue
        rule = RegionRule(v["code"], v["id"], years["from_year"], years["to_year"], v.get("name", ""), n)
        for other in mapping.regions.get(rule.code, []):
            lo = max(rule.first or 0, other.first or 0)
            hi = min(rule.last or 9999, other.last or 9999)
            if lo <= hi:
                problems.append(
                    ImportProblem(
                        file, str(n), "from_year", "map_overlap", {"code": rule.code, "first": other.row}
                    )
                )
                break
        else:
            mapping.regions.setdefault(rule.code, []).append(rule)
    if problems:
        raise ImportFailed(problems)
    return mapping


# --- From cells to observations -------------------------------------------------------------------


@dataclass
class Converted:
    rows: list[dict[str, str]]  # observations, as CSV cells
    units: dict[str, RegionRule]  # unit_id -> the rule that named it (for new comparison units)
    notes: list[ImportProblem]  # warnings: cells skipped


def convert(cells: list[Cell], mapping: Mapping, file: str, status: str, source: str) -> Converted:
    """Observations from the cells: mapped codes, periods, values or reasons for missing.

    Every cell's value or symbol is checked, mapped or not (an unknown symbol is a broken
    export); cells whose ContentsCode or region code (for that year) the mapping does not
    name are skipped and counted in the notes.
    """
    rows: list[dict[str, str]] = []
    seen: dict[tuple[str, str, str], str] = {}
    units: dict[str, RegionRule] = {}
    unmapped: dict[tuple[str, str], int] = {}  # (what, code) -> cells
    out_of_years: dict[str, list[str]] = {}  # region code -> years without a unit
    problems: list[ImportProblem] = []
    for cell in cells:
        try:
            value, missing = read_value(cell, file)
        except ImportFailed as e:
            problems += e.problems
            continue
        period = period_of(cell.time)
        if period is None:
            problems.append(ImportProblem(file, cell.where, "Tid", "bad_time", {"value": cell.time}))
            continue
        if cell.contents not in mapping.contents:
            unmapped[("ContentsCode", cell.contents)] = unmapped.get(("ContentsCode", cell.contents), 0) + 1
            continue
        rule = mapping.unit_for(cell.region, int(period[:4]))
        if rule is None:
            if cell.region in mapping.regions:
                years = out_of_years.setdefault(cell.region, [])
                if cell.time not in years:
                    years.append(cell.time)
            else:
                unmapped[("region", cell.region)] = unmapped.get(("region", cell.region), 0) + 1
            continue
        indicator, factor = mapping.contents[cell.contents]
        obs_key = (indicator, rule.unit_id, period)
        if obs_key in seen:
            params = {"key": ", ".join(obs_key), "first": seen[obs_key]}
            problems.append(ImportProblem(file, cell.where, cell.column, "duplicate_cell", params))
            continue
        seen[obs_key] = f"{cell.where} (region {cell.region})"
        units.setdefault(rule.unit_id, rule)
        rows.append(
            {
                "indicator_id": indicator,
                "unit_id": rule.unit_id,
                "period": period,
                "value": "" if value is None else _number_text(value * factor),
                "status": status,
                "source": source,
                "missing": missing,
            }
        )
    if problems:
        raise ImportFailed(problems)
    notes = [
        ImportProblem(file, "-", "-", "skipped", {"n": n, "what": what, "value": code}, warning=True)
        for (what, code), n in unmapped.items()
    ]
    notes += [
        ImportProblem(
            file, "-", "-", "skipped_years", {"value": code, "years": ", ".join(years)}, warning=True
        )
        for code, years in out_of_years.items()
    ]
    if not rows:
        raise ImportFailed([*notes, ImportProblem(file, "-", "-", "nothing_mapped")])
    return Converted(rows, units, notes)


def _number_text(x: float) -> str:
    """A value as the dataset's CSV writes it: '12', '10.9' (no float noise such as 0.30000000000000004)."""
    x = round(x, 10)
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(x)


# --- The dataset folder -----------------------------------------------------------------------------


def _read_table(path: Path) -> tuple[list[str], list[list[str]], str]:
    """(heading, rows, separator) of a dataset CSV file, as text."""
    text = _decode(path.read_bytes()) if path.exists() else ""
    first = text.split("\n", 1)[0]
    separator = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    return (rows[0] if rows else []), rows[1:], separator


def _write_table(path: Path, heading: list[str], rows: list[list[str]], separator: str) -> None:
    """Write a table whole or not at all (a temporary file, then renamed over the old one)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, delimiter=separator, lineterminator="\n")
            writer.writerow(heading)
            writer.writerows(rows)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _table_file(folder: Path, table: str) -> Path:
    """The table's CSV file in the folder; another format of the same table is an error."""
    for other in folder.iterdir():
        if other.stem.lower() == table and other.suffix.lower() in (".parquet", ".xlsx"):
            raise ImportFailed(
                [ImportProblem(other.name, "1", "-", "not_csv", {"table": table, "found": other.suffix})]
            )
    found = [p for p in folder.iterdir() if p.name.lower() == f"{table}.csv"]
    return found[0] if found else folder / f"{table}.csv"


@dataclass
class Result:
    added: int = 0
    replaced: int = 0
    missing: int = 0
    new_units: list[str] = field(default_factory=list)
    notes: list[ImportProblem] = field(default_factory=list)


def import_export(
    export: str | Path,
    mapping_path: str | Path,
    into: str | Path,
    status: str = "final",
    source: str | None = None,
) -> Result:
    """Merge an SSB export into the dataset folder `into` (observations.csv, units.csv).

    Raises ImportFailed (nothing written) for a bad export, mapping or folder.
    """
    export, folder = Path(export), Path(into)
    units_file = folder / "units.csv" if folder.is_dir() else None
    if units_file is None or not any(p.name.lower() == "units.csv" for p in folder.iterdir()):
        raise ImportFailed([ImportProblem(str(folder), "1", "-", "no_dataset", {"path": folder})])
    units_file = _table_file(folder, "units")
    obs_file = _table_file(folder, "observations")
    mapping = read_mapping(Path(mapping_path))
    cells, meta = read_export(export)
    if source is None:
        table = meta.get("table", "")
        source = (
            f"SSB, statistikkbanken tabell {table}"
            if table.isdigit()
            else f"SSB, statistikkbanken ({export.name})"
        )
    converted = convert(cells, mapping, export.name, status, source)

    # Units: comparison units the mapping names and units.csv lacks, under the root.
    u_heading, u_rows, u_sep = _read_table(units_file)
    u_cols = {h.strip().lower(): i for i, h in enumerate(u_heading)}
    known = {r[u_cols["unit_id"]].strip() for r in u_rows if len(r) > u_cols.get("unit_id", 99)}
    roots = [
        r[u_cols["unit_id"]].strip()
        for r in u_rows
        if "parent_id" in u_cols and len(r) > u_cols["parent_id"] and not r[u_cols["parent_id"]].strip()
    ]
    new_units = [u for u in converted.units if u not in known]
    if new_units and not roots:
        raise ImportFailed([ImportProblem(units_file.name, "1", "parent_id", "no_root")])
    unnamed = [converted.units[u] for u in new_units if not converted.units[u].name]
    if unnamed:
        raise ImportFailed(
            [
                ImportProblem(mapping.file, str(r.row), "name", "map_no_name", {"unit": r.unit_id})
                for r in unnamed
            ]
        )
    result = Result(new_units=new_units, notes=converted.notes)

    # Observations: imported rows replace rows with the same key, the others are appended.
    heading, rows, sep = _read_table(obs_file)
    if not heading:
        heading, sep = list(TABLES["observations"].column_names), ","
    cols = {h.strip().lower(): i for i, h in enumerate(heading)}
    for name in TABLES["observations"].column_names:
        if name not in cols:
            heading.append(name)
            cols[name] = len(heading) - 1
            for r in rows:
                r.extend([""] * (len(heading) - len(r)))
    key_cols = [cols[c] for c in TABLES["observations"].key]
    position = {
        tuple(r[i].strip() for i in key_cols): n for n, r in enumerate(rows) if len(r) >= len(heading)
    }
    for obs in converted.rows:
        cells_out = [""] * len(heading)
        for name, text in obs.items():
            cells_out[cols[name]] = text
        key = (obs["indicator_id"], obs["unit_id"], obs["period"])
        if key in position:
            rows[position[key]] = cells_out
            result.replaced += 1
        else:
            position[key] = len(rows)
            rows.append(cells_out)
            result.added += 1
        result.missing += obs["missing"] != ""

    if new_units:
        root = roots[0]
        for unit_id in new_units:
            row = [""] * len(u_heading)
            values = {
                "unit_id": unit_id,
                "name": converted.units[unit_id].name,
                "parent_id": root,
                "kind": COMPARISON,
            }
            values["note"] = f"Sammenligningsenhet fra SSB (regionkode {converted.units[unit_id].code})."
            for name, text in values.items():
                if name in u_cols:
                    row[u_cols[name]] = text
            u_rows.append(row)
        _write_table(units_file, u_heading, u_rows, u_sep)
    _write_table(obs_file, heading, rows, sep)
    return result


# --- Command line -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Exit 0: imported and the dataset is valid; 1: problems (printed); 2: nothing imported."""
    parser = argparse.ArgumentParser(
        prog="python -m data.ssb",
        description="Import an SSB statbank export (JSON-stat2 or CSV with codes) into a dataset "
        "folder, mapping ContentsCode to indicators and region codes to units (docs/ssb-import.md).",
    )
    parser.add_argument("export", help="the export: .json (JSON-stat2, PxWebApi v1 or v2) or .csv (codes)")
    parser.add_argument("--mapping", required=True, help="mapping CSV, e.g. data/ssb/mapping-drammen.csv")
    parser.add_argument("--into", required=True, help="dataset folder (CSV tables) to merge into")
    parser.add_argument(
        "--status", choices=STATUSES, default="final", help="status of the rows (default final)"
    )
    parser.add_argument("--source", help="source text of the rows (default: SSB and the table number)")
    parser.add_argument("--lang", choices=("nb", "en"), default="nb", help="message language (default nb)")
    args = parser.parse_args(argv)
    lang = args.lang
    try:
        result = import_export(args.export, args.mapping, args.into, args.status, args.source)
    except ImportFailed as e:
        for p in e.problems:
            print(p.text(lang), file=sys.stderr)
        return 2
    except Exception as e:  # never a traceback on the command line (OSError, a bug, ...)
        print(
            f"{args.export}:1:-: {render('unreadable', lang, reason=f'{type(e).__name__}: {e}')}",
            file=sys.stderr,
        )
        return 2
    for note in result.notes:
        print(note.text(lang))
    if lang == "en":
        print(
            f"{result.added} observations added, {result.replaced} replaced ({result.missing} missing "
            f"with a reason); {len(result.new_units)} comparison units added"
        )
    else:
        print(
            f"{result.added} observasjoner lagt til, {result.replaced} erstattet ({result.missing} mangler "
            f"med grunn); {len(result.new_units)} sammenligningsenheter lagt til"
        )
    from data.load import DatasetError, load_dataset

    try:
        dataset = load_dataset(args.into)
    except DatasetError as e:
        print(e.text(lang) if hasattr(e, "text") else str(e), file=sys.stderr)
        return 1
    for p in dataset.problems:
        print(p.text(lang))
    print(dataset.summary(lang))
    return 1 if dataset.errors else 0


if __name__ == "__main__":
    sys.exit(main())
