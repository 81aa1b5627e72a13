"""The bad-data corpus (tests/data/bad): `python -m data.validate` on every case, as a user runs it.

For each case the command must exit with the expected code and print exactly the expected
`FILE:ROW:COLUMN: message` lines and summary, never a traceback, and leave every source file
as it was (bytes, modification time, no new files). Cases that the format accepts by design
(BOM, decimal comma, thousands spaces, Windows-1252, ...) exit 0 and are read to the exact
values. tests/data/bad/README.md lists the cases; the app side is tests/browser/test_bad_corpus_app.py.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from data.load import load_dataset
from tests.conftest import AppProcess
from tests.data.bad import make_corpus

REPO = Path(__file__).resolve().parents[2]
BAD = REPO / "tests" / "data" / "bad"


def summary(errors: int, warnings: int, tables: int, dropped: int) -> str:
    e = "error" if errors == 1 else "errors"
    w = "warning" if warnings == 1 else "warnings"
    r = "row" if dropped == 1 else "rows"
    return f"{errors} {e}, {warnings} {w} in {tables} tables ({dropped} {r} left out)"


def ok(tables: int = 3) -> list[str]:
    return [summary(0, 0, tables, 0)]


OBS = "observations.csv"
ONE_CELL = (
    'the row is one single cell "{}", but the heading separates columns with ";"; '
    "use the same separator throughout the file"
)
STATUS_1 = (
    'observations.parquet:{}:status: "1" is not an allowed value (allowed: final, preliminary, illustrative)'
)
COUNT = 'is negative, but indicator "vedtak" is a count (unit count) and must be 0 or more'
EMPTY = "the cell is empty but must have a value"
LEFT_OUT = 'unit "{}" was left out of units because of errors (see row {})'

# case -> (exit code, every line `python -m data.validate CASE --lang en` prints).
CASES: dict[str, tuple[int, list[str]]] = {
    "valid": (0, ok()),
    # Files and their shape.
    "empty_file": (
        1,
        [f"{OBS}:1:-: the file is empty (no heading row); the table is left empty", summary(1, 0, 3, 0)],
    ),
    "blank_lines_only": (
        1,
        [f"{OBS}:1:-: the file is empty (no heading row); the table is left empty", summary(1, 0, 3, 0)],
    ),
    "header_only": (1, [f"{OBS}:1:-: the table has a heading but no rows", summary(1, 0, 3, 0)]),
    "wrong_delimiter_tab": (
        1,
        [
            f'{OBS}:1:-: the heading is one single column "indicator_id␉unit_id␉period␉value␉status": '
            "columns must be separated by commas or semicolons (the file seems to use tabs)",
            summary(1, 0, 3, 5),
        ],
    ),
    "wrong_delimiter_rows": (
        1,
        [
            f"{OBS}:{row}:-: " + ONE_CELL.format(cells)
            for row, cells in [
                (2, "sykefravaer,hso,2015,11.2,final"),
                (3, "sykefravaer,hso,2016,10.9,final"),
                (4, "vedtak,sentrum,2016,1316,final"),
                (5, "vedtak,aassiden,2016,1316,final"),
                (6, "vedtak,hso,2016,2632,final"),
            ]
        ]
        + [summary(5, 0, 3, 5)],
    ),
    "missing_required_column": (
        1,
        [f'{OBS}:1:value: column "value" is missing, so the whole table is left out', summary(1, 0, 3, 5)],
    ),
    "unknown_table_file": (
        1,
        [
            "observasjoner.csv:1:-: the file is not part of the format and is not read",
            'unknown_table_file:1:-: table "observations" is missing (expected the file observations.csv, '
            "observations.parquet or observations.xlsx)",
            summary(1, 1, 2, 0),
        ],
    ),
    "unknown_column_and_duplicate_column": (
        1,
        [
            f'{OBS}:1:kommentar: column "kommentar" is not part of the table and is not read',
            f'{OBS}:1:value: column "value" appears more than once; only the first is read',
            summary(1, 1, 3, 0),
        ],
    ),
    "ragged_rows": (
        1,
        [
            f"{OBS}:7:value: {EMPTY}",
            f"{OBS}:7:status: {EMPTY}",
            f"{OBS}:8:-: the row has 7 cells but the heading only 5 (a decimal comma in a comma-separated "
            "file? Use semicolons as separators)",
            summary(3, 0, 3, 2),
        ],
    ),
    "unclosed_quote": (
        1,
        [
            f'{OBS}:3:-: a quote mark (") opened in this row (line 3) is never closed, so the rest of the '
            "file (4 lines) is read as one cell; the row is left out",
            summary(1, 0, 3, 1),
        ],
    ),
    # Numbers.
    "bom": (0, ok()),
    "decimal_comma_and_point": (0, ok()),
    "thousands_separators": (0, ok()),
    "comma_thousands_ambiguous": (0, ok()),
    "decimal_comma_and_thousands_point": (
        1,
        [
            f'{OBS}:{row}:value: "{v}" has both a point and a comma, so it can be read two ways; use one '
            "decimal mark and spaces between thousands (1 234.5)"
            for row, v in [(4, "2.632,0"), (5, "1,316.0")]
        ]
        + [summary(2, 0, 3, 2)],
    ),
    "text_in_number_column": (
        1,
        [
            f'{OBS}:{row}:value: "{v}" is not a number'
            for row, v in [(2, "12 %"), (3, "ca. 11"), (4, "#DIV/0!")]
        ]
        + [summary(3, 0, 3, 3)],
    ),
    "nan_and_inf": (
        1,
        [f'{OBS}:{row}:value: "{v}" is not a number' for row, v in [(2, "inf"), (3, "NaN"), (4, "-Infinity")]]
        + [summary(3, 0, 3, 3)],
    ),
    "huge_number": (
        1,
        [f'{OBS}:6:value: "1e400" is too large to compute with (above 1.8e308)', summary(1, 0, 3, 1)],
    ),
    "negative_counts": (
        1,
        [
            f'{OBS}:4:value: "-5" {COUNT}',
            'targets.csv:2:tolerance: "-0.5" is negative but must be 0 or more',
            'targets.csv:3:target: "-10" is negative, but indicator "vedtak" is a count (unit count) and '
            "must be 0 or more",
            summary(3, 0, 4, 3),
        ],
    ),
    "empty_required_cell": (1, [f"{OBS}:2:value: {EMPTY}", f"{OBS}:4:unit_id: {EMPTY}", summary(2, 0, 3, 2)]),
    "wrong_case_choice": (
        1,
        [
            'indicators.csv:2:unit: "Prosent" is not an allowed value (allowed: count, percent, nok, days, '
            "years, ratio, per_1000)",
            f'{OBS}:2:status: "Final" is not an allowed value (allowed: final, preliminary, illustrative)',
            f'{OBS}:3:indicator_id: indicator "sykefravaer" was left out of indicators because of errors '
            "(see row 2)",
            summary(3, 0, 3, 3),
        ],
    ),
    # Keys and references.
    "duplicate_keys": (
        1,
        [
            "units.csv:6:-: the row already exists (same unit_id as row 4)",
            f"{OBS}:7:-: the row already exists (same indicator_id, unit_id, period as row 3)",
            summary(2, 0, 3, 2),
        ],
    ),
    "unknown_references": (
        1,
        [
            f'{OBS}:7:indicator_id: indicator "sykefravær" does not exist in indicators',
            f'{OBS}:8:unit_id: unit "strømsø" does not exist in units',
            'targets.csv:2:indicator_id: indicator "liggetid" does not exist in indicators',
            summary(3, 0, 4, 3),
        ],
    ),
    # The unit tree.
    "unit_cycle": (
        1,
        [
            'units.csv:6:parent_id: unit "a" is part of a circle of parent units: a → b → a',
            'units.csv:7:parent_id: unit "b" is part of a circle of parent units: b → a → b',
            "units.csv:8:parent_id: " + LEFT_OUT.format("b", 7),
            summary(3, 0, 3, 3),
        ],
    ),
    "two_roots": (
        1,
        [
            'units.csv:6:parent_id: unit "landet" has no parent, but "kommune" (row 2) is already at the '
            "top; only one unit can be at the top",
            summary(1, 0, 3, 1),
        ],
    ),
    "self_parent": (1, ['units.csv:6:parent_id: unit "x" cannot be its own parent', summary(1, 0, 3, 1)]),
    "unknown_parent": (
        1,
        ['units.csv:6:parent_id: unit "hsso" does not exist in units', summary(1, 0, 3, 1)],
    ),
    "no_root": (
        1,
        [
            "units.csv:1:parent_id: no unit is at the top (expected one unit with an empty parent_id)",
            'units.csv:2:parent_id: unit "fylket" does not exist in units',
            "units.csv:3:parent_id: " + LEFT_OUT.format("kommune", 2),
            "units.csv:4:parent_id: " + LEFT_OUT.format("hso", 3),
            "units.csv:5:parent_id: " + LEFT_OUT.format("hso", 3),
            f"{OBS}:2:unit_id: " + LEFT_OUT.format("hso", 3),
            f"{OBS}:3:unit_id: " + LEFT_OUT.format("hso", 3),
            f"{OBS}:4:unit_id: " + LEFT_OUT.format("sentrum", 4),
            f"{OBS}:5:unit_id: " + LEFT_OUT.format("aassiden", 5),
            f"{OBS}:6:unit_id: " + LEFT_OUT.format("hso", 3),
            summary(10, 0, 3, 9),
        ],
    ),
    # Periods, years and dates.
    "month_13": (
        1,
        [
            f'{OBS}:7:period: "2016-13": there is no month 13 (use 01–12)',
            f'{OBS}:8:period: "2016-00": there is no month 00 (use 01–12)',
            f'{OBS}:9:period: "2016-T4": there is no tertial T4 (use T1–T3)',
            summary(3, 0, 3, 3),
        ],
    ),
    "year_99999": (
        1,
        [
            f'{OBS}:7:period: "99999" is not a period (write 2016, 2016-03 or 2016-T1)',
            'budget.csv:2:year: "99999" is not a four-digit year',
            'budget.csv:3:year: "16" is not a four-digit year',
            summary(3, 0, 4, 3),
        ],
    ),
    "impossible_dates": (
        1,
        [
            'events.csv:2:date: the date "2016-02-31" does not exist in the calendar',
            'events.csv:3:date: "31.02.2016" is not a date (write 2016-06-14, 2016-06 or 2016)',
            summary(2, 0, 4, 2),
        ],
    ),
}

# Generated at test time by tests/data/bad/make_corpus.py (binary, or bytes an editor mangles).
GENERATED: dict[str, tuple[int, list[str]]] = {
    "cp1252": (0, ok()),
    "utf16": (0, ok()),
    "mixed_line_endings": (0, ok()),
    "long_cell": (0, ok()),
    "mixed_encoding": (
        0,
        [
            "indicators.csv:4:-: the file is UTF-8, but 1 line(s) from this one on are saved as "
            "Windows-1252; "
            "they are read as Windows-1252 (æ, ø, å come out right), but please save the whole file as UTF-8",
            summary(0, 1, 3, 0),
        ],
    ),
    "nul_byte": (
        1,
        [
            f"{OBS}:3:value: the cell contains a control character (NUL, U+0000); the file may be damaged",
            summary(1, 0, 3, 1),
        ],
    ),
    "png_as_csv": (
        1,
        [
            f"{OBS}:1:-: the file is not a CSV text file but a PNG image; the table is left empty",
            summary(1, 0, 3, 0),
        ],
    ),
    "xlsx_as_csv": (
        1,
        [
            f"{OBS}:1:-: the file is not a CSV text file but an Excel workbook or zip archive (give it the "
            "ending .xlsx); the table is left empty",
            summary(1, 0, 3, 0),
        ],
    ),
    "xlsx_workbook": (
        1,
        [
            'dataset.xlsx[Notater]:1:-: sheet "Notater" is not a table of the format and is not read',
            'dataset.xlsx[Pivot]:1:-: sheet "Pivot" is not a table of the format and is not read',
            f"dataset.xlsx[observations]:5:indicator_id: {EMPTY}",
            "dataset.xlsx[observations]:6:value: the formula has no saved value; open the file in Excel and "
            "save it again",
            summary(2, 2, 3, 2),
        ],
    ),
    "parquet_wrong_types": (
        1,
        [
            STATUS_1.format(2),
            'observations.parquet:3:period: "2016.5" is not a period (write 2016, 2016-03 or 2016-T1)',
            STATUS_1.format(3),
            'observations.parquet:4:value: "mange" is not a number',
            STATUS_1.format(4),
            STATUS_1.format(5),
            STATUS_1.format(6),
            summary(7, 0, 3, 5),
        ],
    ),
    "truncated_parquet": (1, None),  # type: ignore[dict-item]  # the reason is pyarrow's own text
    "zip_not_xlsx": (1, None),  # type: ignore[dict-item]
}
# For these the line is checked up to the reason, which is the library's own words.
UNREADABLE = {
    "truncated_parquet": "observations.parquet:1:-: the file cannot be read (",
    "zip_not_xlsx": "observations.xlsx:1:-: the file cannot be read (",
}


def snapshot(path: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `path` (a folder or one file): its bytes and modification time."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return {str(p): (p.read_bytes(), p.stat().st_mtime_ns) for p in files}


def validate(path: Path, lang: str = "en") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "data.validate", str(path), "--lang", lang],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def check(path: Path, code: int, lines: list[str] | None, lang: str = "en") -> list[str]:
    before = snapshot(path.parent if path.is_file() else path)
    result = validate(path, lang)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == ""
    assert result.returncode == code, result.stdout
    printed = result.stdout.splitlines()
    if lines is not None:
        assert printed == lines
    assert snapshot(path.parent if path.is_file() else path) == before  # never written to
    return printed


def test_every_case_folder_is_tested_and_listed_in_the_readme() -> None:
    folders = {p.name for p in BAD.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    assert folders == set(CASES)
    assert set(GENERATED) == set(make_corpus.GENERATED)
    readme = (BAD / "README.md").read_text(encoding="utf-8")
    for name in [*CASES, *GENERATED, "big_200mb"]:
        assert f"`{name}`" in readme, name


def test_corpus_is_small() -> None:
    assert sum(p.stat().st_size for p in BAD.rglob("*") if p.is_file()) < 1_000_000


@pytest.mark.parametrize(("case", "code", "lines"), [(c, *v) for c, v in CASES.items()], ids=list(CASES))
def test_committed_case(case: str, code: int, lines: list[str]) -> None:
    check(BAD / case, code, lines)


@pytest.mark.parametrize(
    ("case", "code", "lines"), [(c, *v) for c, v in GENERATED.items()], ids=list(GENERATED)
)
def test_generated_case(tmp_path: Path, case: str, code: int, lines: list[str] | None) -> None:
    printed = check(make_corpus.build(case, tmp_path), code, lines)
    if lines is None:
        assert printed[0].startswith(UNREADABLE[case]) and printed[1] == summary(1, 0, 3, 0)


@pytest.mark.parametrize(
    ("case", "line"),
    [
        (
            "empty_file",
            "observations.csv:1:-: filen er tom (ingen overskriftsrad); tabellen blir stående tom",
        ),
        ("header_only", "observations.csv:1:-: tabellen har en overskrift, men ingen rader"),
        ("huge_number", "observations.csv:6:value: «1e400» er for stort til å regne med (over 1,8·10³⁰⁸)"),
        (
            "unclosed_quote",
            'observations.csv:3:-: et anførselstegn («"») som åpnes i denne raden (linje 3), lukkes aldri, '
            "så resten av filen (4 linjer) blir lest som én celle; raden blir utelatt",
        ),
        ("month_13", "observations.csv:7:period: «2016-13»: måned 13 finnes ikke (bruk 01–12)"),
    ],
)
def test_bokmal_is_the_default(case: str, line: str) -> None:
    printed = check(BAD / case, 1, None, lang="nb")
    assert printed[0] == line
    assert "utelatt" in printed[-1]


# --- Accepted by design: read to the exact values -----------------------------------------------

VALUES = {"sykefravaer/hso/2015": 11.2, "sykefravaer/hso/2016": 10.9, "vedtak/sentrum/2016": 1316.0}
VALUES |= {"vedtak/aassiden/2016": 1316.0, "vedtak/hso/2016": 2632.0}


def values_of(path: Path) -> dict[str, float]:
    dataset = load_dataset(path)
    assert dataset.errors == []
    frame = dataset.tables["observations"]
    return {f"{r.indicator_id}/{r.unit_id}/{r.period}": r.value for r in frame.itertuples()}


@pytest.mark.parametrize(
    "case",
    ["valid", "bom", "decimal_comma_and_point", "thousands_separators", "mixed_line_endings", "cp1252"],
)
def test_accepted_cases_read_the_exact_values(tmp_path: Path, case: str) -> None:
    path = BAD / case if case in CASES else make_corpus.build(case, tmp_path)
    assert values_of(path) == VALUES


def test_comma_is_a_decimal_mark_never_a_thousands_separator() -> None:
    """Documented rule (docs/data-format.md, Numbers): "2,632" is 2.632, not 2632."""
    assert values_of(BAD / "comma_thousands_ambiguous")["vedtak/hso/2016"] == 2.632


@pytest.mark.parametrize("case", ["cp1252", "mixed_encoding", "utf16", "bom", "long_cell"])
def test_norwegian_letters_and_long_text_come_through(tmp_path: Path, case: str) -> None:
    path = BAD / case if case in CASES else make_corpus.build(case, tmp_path)
    dataset = load_dataset(path)
    names = dataset.tables["units"]["name"].tolist() + dataset.tables["indicators"]["name"].tolist()
    assert "Helse- og omsorgsdistrikt Åssiden" in names and "Sykefravær" in names
    assert not any("Ã" in n or "\ufffd" in n for n in names)
    if case == "mixed_encoding":
        assert "Fallskader på sykehjem" in names
    if case == "long_cell":
        assert (
            len(dataset.tables["indicators"]["description"].iloc[0]) == 12 * 16_667 - 1
        )  # surrounding spaces removed


def test_rows_left_out_are_left_out_and_the_rest_kept() -> None:
    """What the app is given: the valid rows, exactly; nothing guessed or repaired."""
    dataset = load_dataset(BAD / "nan_and_inf")
    values = dataset.tables["observations"]["value"].tolist()
    assert values == [1316.0, 2632.0] and not any(math.isnan(v) for v in values)
    assert dataset.dropped["observations"] == 3


# --- The big file -------------------------------------------------------------------------------

BIG = 200 * 1024 * 1024


def test_200_mb_file_is_validated_and_its_bad_rows_named_and_the_app_serves_the_rest(tmp_path: Path) -> None:
    """A 200 MB observations.csv (6.4 million rows, one bad value per million rows), generated
    here and deleted afterwards. The command names exactly those rows; the app starts on it and
    serves every other row (its /healthz counts what it loaded and what it left out; the footer's
    list of what was left out is checked in the browser on a 20 MB file,
    tests/browser/test_bad_corpus_app.py). Speed and memory are for `make bench`, not here."""
    folder, rows, bad = make_corpus.big(tmp_path / "big", BIG)
    try:
        assert (folder / "observations.csv").stat().st_size >= BIG
        before = (folder / "observations.csv").stat()
        printed = check(folder, 1, None)
        expected = [f'{OBS}:{6 + n * 1_000_000}:value: "x" is not a number' for n in range(1, bad + 1)]
        assert printed == [*expected, summary(bad, 0, 3, bad)]
        assert rows > 6_000_000
        app = AppProcess("--data", str(folder)).wait_ready(timeout=600)
        try:
            with urllib.request.urlopen(app.url + "/healthz", timeout=60) as response:
                health = json.loads(response.read())
        finally:
            app.stop()
        assert health["rows_left_out"] == bad
        assert health["observations"] == 5 + rows - bad  # the valid dataset's own 5 rows, then the rest
        after = (folder / "observations.csv").stat()
        assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)  # never written to
    finally:
        (folder / "observations.csv").unlink()
