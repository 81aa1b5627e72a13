"""data.load: every accepted file variant, the output frames, and what is never done to sources."""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from data.load import DatasetError, cell_text, decode_lines, load_dataset, not_text
from data.messages import Problem
from data.schema import TABLES
from tests.data import MINIMAL, found, load, write_dataset

OBS_HEAD = "indicator_id,unit_id,period,value,status"


def rows_of(csv_text: str) -> list[list[str]]:
    return [line.split(",") for line in csv_text.strip().split("\n")]


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


# --- CSV variants -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "value"),
    [
        pytest.param(f"{OBS_HEAD}\nsykefravaer,hso,2016,10.9,final\n".encode(), 10.9, id="utf8-comma-point"),
        pytest.param(f"{OBS_HEAD}\r\nsykefravaer,hso,2016,10.9,final\r\n".encode(), 10.9, id="crlf"),
        pytest.param(
            f"{OBS_HEAD}\nsykefravaer,hso,2016,10.9,final\n".encode("utf-8-sig"), 10.9, id="utf8-bom"
        ),
        pytest.param(
            f'{OBS_HEAD}\nsykefravaer,hso,2016,"10,9",final\n'.encode(), 10.9, id="comma-quoted-decimal"
        ),
        pytest.param(
            f'{OBS_HEAD}\nsykefravaer,hso,2016,"1 234,5",final\n'.encode(),
            1234.5,
            id="comma-quoted-thousands",
        ),
        pytest.param(
            f"{OBS_HEAD.replace(',', ';')}\nsykefravaer;hso;2016;10,9;final\n".encode(), 10.9, id="semicolon"
        ),
        pytest.param(
            f"{OBS_HEAD.replace(',', ';')}\nsykefravaer;hso;2016;10.9;final\n".encode(),
            10.9,
            id="semicolon-point",
        ),
        pytest.param(
            f"{OBS_HEAD.replace(',', ';')}\nsykefravaer;hso;2016;2 632;final\n".encode(), 2632, id="space"
        ),
        pytest.param(
            f"{OBS_HEAD.replace(',', ';')}\nsykefravaer;hso;2016;2\u00a0632;final\n".encode(), 2632, id="nbsp"
        ),
        pytest.param(
            f"{OBS_HEAD.replace(',', ';')}\nsykefravaer;hso;2016;1\u202f234\u202f567,25;final\n".encode(),
            1234567.25,
            id="narrow-nbsp",
        ),
        pytest.param(
            f"{OBS_HEAD.replace(',', ';')}\nsykefravaer;hso;2016;1\u00a0234,5;final\n".encode("cp1252"),
            1234.5,
            id="cp1252-nbsp",
        ),
        pytest.param(
            f"{OBS_HEAD.replace(',', ';')}\nsykefravaer;hso;2016;-1,5E+03;final\n".encode(),
            -1500,
            id="exponent",
        ),
        pytest.param(f"{OBS_HEAD}\nsykefravaer,hso,2016,\u22122,final\n".encode(), -2, id="minus-sign"),
    ],
)
def test_csv_variants_read_the_same_number(tmp_path: Path, content: bytes, value: float) -> None:
    dataset = load(tmp_path, observations=content)
    assert found(dataset) == []
    assert dataset.tables["observations"]["value"].tolist() == [value]


@pytest.mark.parametrize(
    ("encoding", "separator"),
    [("utf-8", ","), ("utf-8-sig", ","), ("cp1252", ";"), ("utf-8", ";"), ("cp1252", ",")],
)
def test_csv_encodings_keep_norwegian_letters(tmp_path: Path, encoding: str, separator: str) -> None:
    name = "Helse, omsorg og Åssiden æøå"
    text = MINIMAL["units"].replace(",", separator).replace("Helse og omsorg", f'"{name}"')
    dataset = load(tmp_path, units=text.encode(encoding))
    assert found(dataset) == []
    assert dataset.tables["units"]["name"].tolist() == ["Drammen kommune", "Helse, omsorg og Åssiden æøå"]


def test_csv_headings_ignore_case_and_spaces_and_order(tmp_path: Path) -> None:
    dataset = load(
        tmp_path, observations=" Value ,STATUS,period,unit_id,indicator_id\n10.9,final,2016,hso,sykefravaer\n"
    )
    assert found(dataset) == []
    assert list(dataset.tables["observations"].columns) == list(TABLES["observations"].column_names)


def test_csv_row_numbers_count_blank_lines_and_records(tmp_path: Path) -> None:
    text = f'{OBS_HEAD},source\n\nsykefravaer,hso,2016,1,final,"two\nlines"\nsykefravaer,hso,2017,x,final,\n'
    dataset = load(tmp_path, observations=text)
    assert found(dataset) == ["observations.csv:4:value not_a_number"]


def test_ids_and_choices_are_stripped(tmp_path: Path) -> None:
    dataset = load(tmp_path, observations=f"{OBS_HEAD}\n sykefravaer , hso ,2016, 10.9 , final \n")
    assert found(dataset) == []
    row = dataset.tables["observations"].iloc[0]
    assert (row["indicator_id"], row["unit_id"], row["status"]) == ("sykefravaer", "hso", "final")


# --- Output frames ----------------------------------------------------------------------------

FULL = {
    "targets": "indicator_id,unit_id,period,target\nsykefravaer,hso,2016,8\n",
    "budget": (
        "unit_id,year,period,category,original_budget,revised_budget,actual,status\n"
        "hso,2016,M01,Lønn,100,,90,final\n"
    ),
    "events": "date,unit_id,panel,title\n2016-06-14,hso,overview,Ny avtale\n",
}
EXPECTED_DTYPES = {
    "units": ["str"] * 5,
    "indicators": ["str"] * 7 + ["int64"] + ["str"] * 2,
    "observations": ["str", "str", "str", "float64", "str", "str", "str"],
    "targets": ["str", "str", "str", "float64", "float64", "str", "str"],
    "budget": ["str", "int64", "str", "str", "float64", "float64", "float64", "float64", "str"],
    "events": ["str"] * 6,
}


@pytest.mark.parametrize("with_rows", [True, False], ids=["rows", "empty"])
def test_every_table_has_schema_columns_and_dtypes(tmp_path: Path, with_rows: bool) -> None:
    extra = FULL if with_rows else {}
    dataset = load(tmp_path, **extra)
    assert found(dataset) == []
    assert list(dataset.tables) == list(TABLES)
    for name, table in TABLES.items():
        frame = dataset.tables[name]
        written = {**MINIMAL, **extra}.get(name, "heading only\n")
        assert list(frame.columns) == list(table.column_names), name
        assert [str(t) for t in frame.dtypes] == EXPECTED_DTYPES[name], name
        assert len(frame) == len(written.splitlines()) - 1, name


def test_absent_optional_columns_get_defaults_and_empty_text_is_a_string(tmp_path: Path) -> None:
    dataset = load(tmp_path, **FULL)
    targets = dataset.tables["targets"].iloc[0]
    assert (targets["tolerance"], targets["decided_by"], targets["status"]) == (0.0, "", "final")
    assert dataset.tables["indicators"]["decimals"].tolist() == [0]
    assert dataset.tables["units"]["parent_id"].tolist() == ["", "kommune"]
    assert dataset.tables["units"]["note"].tolist() == ["", ""]
    budget = dataset.tables["budget"].iloc[0]
    assert budget["year"] == 2016 and math.isnan(budget["revised_budget"]) and math.isnan(budget["forecast"])


def test_dataset_reports_sources_dropped_and_summary(tmp_path: Path) -> None:
    dataset = load(
        tmp_path, observations=f"{OBS_HEAD}\nsykefravaer,hso,2016,x,final\nsykefravaer,hso,2017,1,final\n"
    )
    assert dataset.sources == {
        "indicators": "indicators.csv",
        "observations": "observations.csv",
        "units": "units.csv",
    }
    assert dataset.dropped == dict.fromkeys(TABLES, 0) | {"observations": 1}
    assert [p.code for p in dataset.errors] == ["not_a_number"] and dataset.warnings == []
    assert dataset.summary() == "1 feil, 0 advarsler i 3 tabeller (1 rad utelatt)"
    assert dataset.summary("en") == "1 error, 0 warnings in 3 tables (1 row left out)"


# --- XLSX -------------------------------------------------------------------------------------


def test_xlsx_table_files_in_a_folder(tmp_path: Path) -> None:
    write_dataset(tmp_path, observations=None)
    write_xlsx(
        tmp_path / "observations.xlsx",
        {
            "observations": [
                ["indicator_id", "unit_id", "period", "value", "status", None],
                ["sykefravaer", "hso", 2016, 10.9, "final"],
                ["sykefravaer", "hso", dt.datetime(2016, 3, 1), "1 234,5", "final", None],
                [],
                ["sykefravaer", "hso", "2016-T1", "#DIV/0!", "final"],
            ],
            "Notater": [["fritekst"]],
        },
    )
    dataset = load_dataset(tmp_path)
    assert found(dataset) == [
        "observations.xlsx:1:- unused_sheet",
        "observations.xlsx:5:value not_a_number",
    ]
    obs = dataset.tables["observations"]
    assert obs["period"].tolist() == ["2016", "2016-03"]
    assert obs["value"].tolist() == [10.9, 1234.5]


def test_xlsx_workbook_dataset(tmp_path: Path) -> None:
    sheets = {name: rows_of(text) for name, text in MINIMAL.items()}
    sheets["observations"][1][3] = 10.9
    sheets["observations"].append(["sykefravaer", "hso", 2017, "12,x", "final"])
    sheets["Notater"] = [["fritekst"]]
    book = write_xlsx(tmp_path / "drammen.xlsx", sheets)
    dataset = load_dataset(book)
    assert found(dataset) == [
        "drammen.xlsx[Notater]:1:- unknown_sheet",
        "drammen.xlsx[observations]:3:value not_a_number",
    ]
    assert dataset.sources["units"] == "drammen.xlsx[units]"
    assert dataset.tables["observations"]["value"].tolist() == [10.9]
    assert dataset.tables["units"]["parent_id"].tolist() == ["", "kommune"]


def test_xlsx_workbook_missing_sheet(tmp_path: Path) -> None:
    book = write_xlsx(
        tmp_path / "drammen.xlsx", {name: rows_of(MINIMAL[name]) for name in ("units", "indicators")}
    )
    assert found(load_dataset(book)) == ["drammen.xlsx:1:- missing_sheet"]


def test_xlsx_formula_without_saved_value_is_a_problem(tmp_path: Path) -> None:
    write_dataset(tmp_path, observations=None)
    write_xlsx(
        tmp_path / "observations.xlsx",
        {
            "Ark1": [
                OBS_HEAD.split(","),
                ["sykefravaer", "hso", 2016, "=1+1", "final"],
                ["sykefravaer", "hso", 2017, 3, "final"],
            ]
        },
    )
    dataset = load_dataset(tmp_path)
    assert found(dataset) == ["observations.xlsx:2:value formula_without_value"]
    assert dataset.tables["observations"]["period"].tolist() == ["2017"]
    assert dataset.dropped["observations"] == 1


def test_xlsx_formula_with_saved_value_gives_the_value(tmp_path: Path) -> None:
    write_dataset(tmp_path, observations=None)
    path = write_xlsx(
        tmp_path / "observations.xlsx",
        {"observations": [OBS_HEAD.split(","), ["sykefravaer", "hso", 2016, "=21.8/2", "final"]]},
    )
    with zipfile.ZipFile(path) as book:  # what Excel does on saving: store the computed value
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    for empty in (b"<v />", b"<v></v>"):  # as openpyxl writes an empty value, by version
        parts[sheet] = parts[sheet].replace(b"<f>21.8/2</f>" + empty, b"<f>21.8/2</f><v>10.9</v>")
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)
    dataset = load_dataset(tmp_path)
    assert found(dataset) == []
    assert dataset.tables["observations"]["value"].tolist() == [10.9]


# --- Parquet ----------------------------------------------------------------------------------


def test_parquet_converts_column_types_and_reports_bad_values(tmp_path: Path) -> None:
    write_dataset(tmp_path, observations=None, indicators=None)
    pq.write_table(
        pa.table(
            {
                "indicator_id": ["sykefravaer", "sykefravaer", "sykefravaer"],
                "unit_id": ["hso", "hso", "hso"],
                "period": [2016, 2017, 2018],  # integers in a period column
                "value": ["10.9", "abc", "2 632"],  # text in a number column
                "status": ["final", "final", "final"],
            }
        ),
        tmp_path / "observations.parquet",
    )
    indicators = pd.read_csv(io.StringIO(MINIMAL["indicators"]), dtype=str).assign(decimals=[1.0])
    indicators.to_parquet(tmp_path / "indicators.parquet", index=True)
    dataset = load_dataset(tmp_path)
    assert found(dataset) == ["observations.parquet:3:value not_a_number"]
    assert dataset.tables["observations"]["value"].tolist() == [10.9, 2632.0]
    assert dataset.tables["observations"]["period"].tolist() == ["2016", "2018"]
    assert dataset.tables["indicators"]["decimals"].tolist() == [1]


def test_parquet_missing_value_is_an_empty_cell(tmp_path: Path) -> None:
    write_dataset(tmp_path, observations=None)
    frame = pd.DataFrame(
        {
            "indicator_id": ["sykefravaer"],
            "unit_id": ["hso"],
            "period": ["2016"],
            "value": [math.nan],
            "status": ["final"],
        }
    )
    frame.to_parquet(tmp_path / "observations.parquet")
    assert found(load_dataset(tmp_path)) == ["observations.parquet:2:value empty"]


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (None, None, ""),
        (math.nan, None, ""),
        (math.inf, None, "inf"),
        (2016.0, None, "2016"),
        (10.9, None, "10.9"),
        (1e20, None, "1e+20"),
        (7, None, "7"),
        (dt.datetime(2016, 3, 1), "period", "2016-03"),
        (dt.datetime(2016, 3, 1), "date", "2016-03-01"),
        (dt.date(2016, 3, 2), "period", "2016-03-02"),
        (dt.datetime(2016, 3, 1, 12, 30), "date", "2016-03-01 12:30:00"),
        (b"abc", None, "abc"),
    ],
)
def test_cell_text(value: object, kind: str | None, text: str) -> None:
    assert cell_text(value, kind) == text


# --- Files in the folder ----------------------------------------------------------------------


def test_unknown_files_warn_and_notes_are_skipped(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    for name in ("notes.doc", "README.md", "kilder.txt", ".hidden.csv", "~$units.xlsx"):
        (tmp_path / name).write_text("x")
    (tmp_path / "arkiv").mkdir()
    dataset = load_dataset(tmp_path)
    assert found(dataset) == ["notes.doc:1:- unknown_file"]
    assert [p.severity for p in dataset.problems] == ["warning"]


def test_two_files_for_one_table_use_the_first_by_suffix(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    write_xlsx(tmp_path / "units.xlsx", {"units": [["unit_id"], ["other"]]})
    dataset = load_dataset(tmp_path)
    assert found(dataset) == ["units.xlsx:1:- duplicate_file"]
    assert dataset.sources["units"] == "units.csv"
    assert dataset.tables["units"]["unit_id"].tolist() == ["kommune", "hso"]


@pytest.mark.parametrize("name", ["observations.parquet", "observations.xlsx"])
def test_unreadable_table_file_is_a_problem(tmp_path: Path, name: str) -> None:
    write_dataset(tmp_path, observations=None)
    (tmp_path / name).write_bytes(b"this is not really a " + name.encode())
    dataset = load_dataset(tmp_path)
    assert found(dataset) == [f"{name}:1:- unreadable_file"]
    assert dataset.tables["observations"].empty


@pytest.mark.parametrize(
    ("make", "code"),
    [
        pytest.param(lambda p: p / "nowhere", "not_found", id="missing"),
        pytest.param(lambda p: write_dataset(p / "ds") / "units.csv", "not_a_dataset", id="csv-file"),
        pytest.param(lambda p: p, "no_tables", id="empty-folder"),
        pytest.param(
            lambda p: (p / "bad.xlsx").write_bytes(b"junk") and p / "bad.xlsx",
            "unreadable_dataset",
            id="xlsx",
        ),
    ],
)
def test_not_a_dataset_raises_dataset_error(tmp_path: Path, make, code: str) -> None:
    path = make(tmp_path)
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert info.value.code == code
    assert str(path) in str(info.value) and str(path) in info.value.text("en")
    assert "\n" not in str(info.value)


# --- Sources are never changed ----------------------------------------------------------------


def test_loading_never_changes_source_files(tmp_path: Path) -> None:
    write_dataset(tmp_path, observations=None, indicators=None)
    write_xlsx(
        tmp_path / "observations.xlsx",
        {"observations": [OBS_HEAD.split(","), ["sykefravaer", "hso", 2016, "=1+1", "final"]]},
    )
    pq.write_table(
        pa.Table.from_pandas(pd.read_csv(io.StringIO(MINIMAL["indicators"]))), tmp_path / "indicators.parquet"
    )
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    load_dataset(tmp_path)
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    assert after == before


# --- Bad files (tests/data/bad has the whole corpus) ------------------------------------------


def test_decode_lines_reads_mixed_utf8_and_windows_1252_line_by_line() -> None:
    raw = "a,Sykefravær\n".encode() + "b,På sykehjem\n".encode("cp1252") + b"c,x\n" + "d,Å\n".encode("cp1252")
    assert decode_lines(raw) == ("a,Sykefravær\nb,På sykehjem\nc,x\nd,Å\n", [2, 4])
    assert decode_lines("a,På\n".encode("cp1252")) == ("a,På\n", [])  # all Windows-1252: no warning
    assert decode_lines("a,På\n".encode("utf-16")) == ("a,På\n", [])


@pytest.mark.parametrize(
    ("head", "what"),
    [
        (b"\x89PNG\r\n\x1a\n", "png"),
        (b"PK\x03\x04rest", "xlsx"),
        (b"PAR1rest", "parquet"),
        (b"%PDF-1.7", "pdf"),
        (b"a\x00b,c\n", "binary"),
        ("unit_id,name\n".encode("utf-16"), None),
        (b"unit_id,name\nx,y\x00z\nv,w\x00\n", None),  # NULs in rows: those rows, not the file
        ("unit_id,name\nx,y\n".encode("utf-16-le"), "binary"),  # UTF-16 without its BOM
        (b"unit_id,name\n", None),
    ],
)
def test_not_text_knows_files_that_are_not_csv(head: bytes, what: str | None) -> None:
    assert not_text(head) == what


def test_problem_messages_show_control_characters_and_cut_long_cells() -> None:
    problem = Problem.make("f.csv", 2, "value", "not_a_number", value="1\x002\n" + "9" * 200)
    assert "1␀2␊" in problem.message_en and problem.message_en.count("9") < 80 and "…" in problem.message_en
