"""«Last ned tabell» under every HTML table, in real headless Chromium: each table is downloaded
as CSV and as XLSX and read back; every row and every figure must be what the table on the page
shows (the page's Norwegian or English numbers are parsed back), numbers are numbers, and labels
from the data that would start a formula are neutralised."""

from __future__ import annotations

import csv
import math
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests.browser.helpers import plain, settle
from tests.conftest import ROOT
from tests.table_numbers import same_figure

pytestmark = pytest.mark.browser

TABLE_SELECTORS = {
    "districts": "table.districts-drill-table",
    "district": "table.district-indicator-table",
    "indicator-series": "table.indicator-series-table",
    "indicator-breakdown": "table.indicator-breakdown-table",
    "housing": "table.housing-table",
}
# Columns of periods: text in the files, though they look like numbers.
TEXT_COLUMNS = ("År", "Year", "Periode", "Period")
HOSTILE_NAME = '=HYPERLINK("http://x")'
DASH_NAME = "-Gulskogen"


def control(page, table: str):
    """The «Last ned tabell» group of the table kind `table` (its dict id names the kind)."""
    return page.locator(f'.table-export:has([id*=\'"table":"{table}"\'])')


def download(page, table: str, label: str, tmp_path: Path) -> tuple[Path, str]:
    with page.expect_download() as info:
        control(page, table).locator(".table-export-button", has_text=label).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path, info.value.suggested_filename


def shown_table(page, table: str) -> tuple[list[str], list[list[str]]]:
    """The headers and the rows' cells of the table as the page shows them."""
    element = page.locator(TABLE_SELECTORS[table])
    heads = [plain(h).strip() for h in element.locator("thead th").all_inner_texts()]
    rows = [
        [plain(c).strip() for c in row.locator("th, td").all_inner_texts()]
        for row in element.locator("tbody tr").all()
    ]
    return heads, rows


def column_for(frame: pd.DataFrame, head: str) -> str:
    """The file's column for a header of the page: the same words, with the unit in brackets."""
    found = [c for c in frame.columns if c == head or c.startswith(f"{head} (")]
    assert found, f"no column for {head!r} in {list(frame.columns)}"
    return found[0]


def _words(text: object) -> str:
    text = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
    text = "".join(text.split())
    return "" if text == "–" else text


def check_same_as_page(frame: pd.DataFrame, heads: list[str], rows: list[list[str]], lang: str) -> None:
    """Every row and cell of the page's table is in the file: numbers equal to the figures
    shown, texts the same words."""
    assert len(frame) == len(rows) > 0
    for j, head in enumerate(heads):
        column = column_for(frame, head)
        numeric = pd.api.types.is_numeric_dtype(frame[column])
        for i, row in enumerate(rows):
            value = frame[column].iloc[i]
            if numeric:
                exported = None if pd.isna(value) else float(value)
                assert same_figure(exported, row[j], lang), (head, i, exported, row[j])
            else:
                assert _words(value) == _words(row[j]), (head, i, value, row[j])


def read_csv(path: Path) -> pd.DataFrame:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for Excel"
    assert b";" in raw.splitlines()[0]
    return pd.read_csv(
        path,
        sep=";",
        decimal=",",
        encoding="utf-8-sig",
        keep_default_na=False,
        na_values=[""],
        dtype=dict.fromkeys(TEXT_COLUMNS, str),  # a year or period is text in the file
    )


def read_xlsx(path: Path, frame: pd.DataFrame) -> tuple[list[list], list]:
    """The workbook's rows above the header (title, filters, source, note) and the cells below it,
    checked against the CSV: numbers are numbers with a number format, texts the same."""
    sheet = openpyxl.load_workbook(path).active
    cells = [list(row) for row in sheet.iter_rows()]
    values = [[c.value for c in row] for row in cells]
    header = next(i for i, row in enumerate(values) if row[: len(frame.columns)] == list(frame.columns))
    body = cells[header + 1 :]
    assert len(body) == len(frame)
    for i, row in enumerate(body):
        for j, column in enumerate(frame.columns):
            cell, expected = row[j], frame[column].iloc[i]
            if pd.api.types.is_numeric_dtype(frame[column]):
                if pd.isna(expected):
                    assert cell.value is None
                else:
                    assert isinstance(cell.value, int | float)
                    assert cell.value == pytest.approx(float(expected))
                    assert cell.number_format.startswith("#,##0")
            else:
                assert cell.data_type == "s" or cell.value is None  # never a formula
                assert _words(cell.value) == _words(expected)
    return values[:header], body


def open_view(page, url: str, table: str) -> None:
    page.goto(url)
    page.wait_for_selector(TABLE_SELECTORS[table], state="attached")
    settle(page)


def check_table(page, table: str, tmp_path: Path, lang: str = "nb") -> tuple[pd.DataFrame, list, str]:
    """Download `table` as CSV and XLSX and compare both with the page; the frame, the rows above
    the workbook's header and the CSV's file name."""
    heads, rows = shown_table(page, table)
    csv_path, csv_name = download(page, table, "CSV", tmp_path)
    assert csv_name.endswith(".csv")
    frame = read_csv(csv_path)
    check_same_as_page(frame, heads, rows, lang)
    xlsx_path, xlsx_name = download(page, table, "XLSX", tmp_path)
    assert xlsx_name == csv_name.removesuffix(".csv") + ".xlsx"
    top, _ = read_xlsx(xlsx_path, frame)
    return frame, top, csv_name


def test_tablex001_districts_and_one_district(page, console_errors, live_url, tmp_path):
    """/districts: the districts of the chosen indicator; /districts/<unit>: every indicator of the
    district, each row in its own unit (a measure column, the number format per row)."""
    open_view(page, live_url + "/districts?period=2016&indicator=sick_leave_pct", "districts")
    frame, top, name = check_table(page, "districts", tmp_path)
    assert name == "distrikter_tabell_sick_leave_pct_2016_alle.csv"
    assert list(frame.columns[:3]) == ["Distrikt", "Verdi (%)", "Mål (%)"]
    assert top[0][0] == plain(page.locator("#districts-heading-table").inner_text())
    lines = [row[0] for row in top[1:] if row[0]]
    assert "Periode: 2016" in lines[0] and "Indikator: Sykefravær" in lines[0]
    assert any(line.startswith("Kilde: ") for line in lines)

    open_view(page, live_url + "/districts/hamborgstrom?period=2016", "district")
    frame, top, name = check_table(page, "district", tmp_path)
    assert name == "distrikt_hamborgstrom_2016.csv"
    assert "Måleenhet" in frame.columns and set(frame["Måleenhet"]) >= {"Antall", "Prosent"}
    assert top[0][0].startswith("Hamborgstrøm")
    # The workbook's number format follows each row's unit: one decimal for per cent, none for counts.
    xlsx_path, _ = download(page, "district", "XLSX", tmp_path)
    _, body = read_xlsx(xlsx_path, frame)
    value = list(frame.columns).index("Verdi")
    for row, measure in zip(body, frame["Måleenhet"], strict=True):
        expected = "#,##0.0" if measure == "Prosent" else None
        if expected:
            assert row[value].number_format == expected
        elif measure == "Antall":
            assert row[value].number_format == "#,##0"
    assert console_errors == []


def test_tablex002_indicator_series_and_breakdown_in_english(page, console_errors, live_url, tmp_path):
    """/indicators/<id>: the time series' table (folded away) and the breakdown by unit, with the
    page in English: English headers, the English numbers parsed back."""
    open_view(page, live_url + "/indicators/sick_leave_pct?period=2016&lang=en", "indicator-breakdown")
    page.locator(".indicator-details summary").click()
    frame, top, name = check_table(page, "indicator-series", tmp_path, lang="en")
    assert name == "sick_leave_pct_utvikling_tabell_alle.csv"
    assert list(frame.columns[:4]) == ["Unit", "Year", "Value (%)", "Target (%)"]
    assert frame["Year"].astype(str).tolist() == sorted(frame["Year"].astype(str).tolist())
    assert top[0][0].startswith("Sick leave")

    frame, top, name = check_table(page, "indicator-breakdown", tmp_path, lang="en")
    assert name == "sick_leave_pct_enheter_tabell_2016_alle.csv"
    assert top[0][0] == "Sick leave by unit, 2016"
    assert "Illustrative figure" in set(frame["Figure status"])
    assert any("illustrative" in str(row[0]).lower() for row in top[1:])
    assert console_errors == []


def test_tablex003_housing_programme_and_a_month(page, console_errors, live_url, tmp_path):
    """/housing/<programme>: the programme's figures for a year and, after choosing a month, for
    that month; amounts in kroner as numbers (the page writes them in millions)."""
    page.goto(live_url + "/housing")
    page.wait_for_selector(".housing-details-link")
    link = page.locator(".housing-details-link").first.get_attribute("href")
    open_view(page, live_url + link, "housing")
    frame, top, name = check_table(page, "housing", tmp_path)
    key = link.split("?")[0].rsplit("/", 1)[1]
    assert name.startswith(f"bolig_{key}_tabell_")
    assert frame["Verdi"].notna().any()
    assert any(str(row[0]).startswith("Periode: ") and "Program: " in str(row[0]) for row in top[1:])

    # A month: the table and both files hold that month's figures (amounts in kroner).
    open_view(page, live_url + "/housing/startlan?period=2016-03", "housing")
    frame, top, name = check_table(page, "housing", tmp_path)
    assert name == "bolig_startlan_tabell_2016-03.csv"
    monthly = frame[frame["Periode"] == "mars 2016"]  # figures given only per year stay yearly
    assert len(monthly) and set(frame["Periode"]) <= {"mars 2016", "2016"}
    kroner = monthly[monthly["Måleenhet"] == "Kroner"]["Verdi"].dropna()
    assert len(kroner) and (kroner >= 1_000).all()
    assert console_errors == []


def write_hostile_copy(folder: Path) -> Path:
    """data/drammen with Hamborgstrøm named like a formula and Gulskogen starting with '-'."""
    shutil.copytree(ROOT / "data" / "drammen", folder)
    units = folder / "units.csv"
    with units.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    names = {"hamborgstrom": HOSTILE_NAME, "gulskogen": DASH_NAME}
    for row in rows:
        row["name"] = names.get(row["unit_id"], row["name"])
    with units.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder


def test_tablex004_labels_that_look_like_formulas_are_neutralised(
    page, console_errors, app_process, tmp_path
):
    """A unit named `=HYPERLINK("http://x")` and one named '-Gulskogen': the page shows them as
    text; in CSV and XLSX they are text cells with a leading apostrophe, never formulas, and the
    workbook's title (which holds the name) is neutralised too."""
    app = app_process("--data", str(write_hostile_copy(tmp_path / "data")))
    open_view(page, app.url + "/districts?period=2016&indicator=sick_leave_pct", "districts")
    _, rows = shown_table(page, "districts")
    assert {HOSTILE_NAME, DASH_NAME} <= {row[0] for row in rows}
    csv_path, _ = download(page, "districts", "CSV", tmp_path)
    frame = read_csv(csv_path)
    assert {f"'{HOSTILE_NAME}", f"'{DASH_NAME}"} <= set(frame["Distrikt"])
    assert not any(str(v).startswith(("=", "+", "-", "@")) for v in frame["Distrikt"])
    xlsx_path, _ = download(page, "districts", "XLSX", tmp_path)
    _, body = read_xlsx(xlsx_path, frame)
    hostile = [row[0] for row in body if str(row[0].value).startswith("'=")]
    assert len(hostile) == 1 and hostile[0].data_type == "s"

    open_view(page, app.url + "/districts/hamborgstrom?period=2016", "district")
    csv_path, name = download(page, "district", "CSV", tmp_path)
    assert name == "distrikt_hamborgstrom_2016.csv"
    xlsx_path, _ = download(page, "district", "XLSX", tmp_path)
    sheet = openpyxl.load_workbook(xlsx_path).active
    assert sheet["A1"].value.startswith(f"'{HOSTILE_NAME}") and sheet["A1"].data_type == "s"
    lines = [str(c.value) for c in sheet["A"][1:4] if c.value]
    assert any(f"Enhet: {HOSTILE_NAME}" in line for line in lines)
    assert console_errors == []
