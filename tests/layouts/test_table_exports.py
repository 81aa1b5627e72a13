"""The frame builders of «Last ned tabell» (layouts/page_exports.py): the columns each table shows,
headers in the page's language, numbers as numbers rounded as the page writes them, statuses in
words, text cells neutralised against formulas; the workbook's number format per row."""

from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd
import plotly.utils

from layouts import exports as ex
from layouts import page_exports as pe


def district_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": ["hamborgstrom", "x", "y"],
            "name": ["Hamborgstrøm", '=HYPERLINK("http://x")', "-Gulskogen"],
            "value": [12.34, 9.75, None],
            "status": ["illustrative", "final", ""],
            "target": [8.8, None, 8.8],
            "target_status": ["illustrative", "n/a", "final"],
            "vs_target": ["missed", "n/a", "n/a"],
        }
    )


def test_districts_frame_numbers_words_and_neutralised_names():
    frame = pe.districts_frame(district_rows(), "percent", 1, "nb")
    assert list(frame.columns) == [
        "Distrikt",
        "Verdi (%)",
        "Mål (%)",
        "Målets tallstatus",
        "Mot mål",
        "Tallstatus",
    ]
    assert frame["Distrikt"].tolist() == ["Hamborgstrøm", '\'=HYPERLINK("http://x")', "'-Gulskogen"]
    assert frame["Verdi (%)"].tolist()[:2] == [12.3, 9.8]  # half up, as the page writes 9,8 %
    assert pd.isna(frame["Verdi (%)"].iloc[2]) and pd.isna(frame["Mål (%)"].iloc[1])
    assert frame["Mot mål"].tolist() == ["✕ Ikke nådd", "– Uten mål", "– Uten mål"]
    assert frame["Tallstatus"].tolist() == ["Illustrativt tall", "Publisert tall", ""]
    assert frame["Målets tallstatus"].tolist() == ["Illustrativt tall", "", "Publisert tall"]
    en = pe.districts_frame(district_rows(), "nok", 0, "en")
    assert list(en.columns[:3]) == ["District", "Value (NOK)", "Target (NOK)"]
    assert en["Against target"].iloc[0] == "✕ Not met"


def test_a_number_is_never_text_and_text_never_a_formula_in_csv():
    frame = pe.districts_frame(district_rows(), "percent", 1, "nb")
    raw = ex.csv_bytes(frame)
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "Distrikt;Verdi (%);Mål (%);Målets tallstatus;Mot mål;Tallstatus"
    assert lines[1] == "Hamborgstrøm;12,3;8,8;Illustrativt tall;✕ Ikke nådd;Illustrativt tall"
    assert lines[2].startswith('"\'=HYPERLINK(""http://x"")";9,8;;')
    assert lines[3].startswith("'-Gulskogen;;8,8;")


def test_district_frame_has_a_measure_per_row_and_rounds_each_row_as_its_unit():
    rows = pd.DataFrame(
        {
            "indicator_id": ["a", "b"],
            "name": ["Sykefravær", "Pasienter"],
            "name_en": ["Sick leave", ""],
            "unit": ["percent", "count"],
            "decimals": [1, 0],
            "value": [8.06, 378.0],
            "status": ["illustrative", "final"],
            "target": [8.8, 379.0],
            "target_status": ["illustrative", "illustrative"],
            "target_source": ["district", "district"],
            "vs_target": ["met", "near"],
            "others": [9.0285714, 321.714],
            "others_status": ["illustrative", "final"],
        }
    )
    frame = pe.district_frame(rows, "nb")
    assert frame["Måleenhet"].tolist() == ["Prosent", "Antall"]
    assert frame["Verdi"].tolist() == [8.1, 378.0]
    assert frame["Snitt andre distrikter"].tolist() == [9.0, 322.0]
    assert frame["Snittets tallstatus"].tolist() == ["Illustrativt tall", "Publisert tall"]
    en = pe.district_frame(rows, "en")
    assert en["Indicator"].tolist() == ["Sick leave", "Pasienter"]  # no English name: the bokmål one
    assert en["Measure"].tolist() == ["Per cent", "Number"]


def test_indicator_frames_series_with_year_breakdown_without_and_a_note_for_missing_figures():
    rows = pd.DataFrame(
        {
            "label": ["P05", "P05"],
            "name": ["P05", "P05"],
            "year": [2015, 2016],
            "value": [10.24, None],
            "status": ["final", ""],
            "missing": ["", "not_published"],
            "target": [9.0, 8.8],
            "target_status": ["illustrative", "illustrative"],
            "against_target": ["missed", "n/a"],
        }
    )
    series = pe.indicator_frame(rows, "percent", 1, "nb", series=True)
    assert list(series.columns[:4]) == ["Enhet", "År", "Verdi (%)", "Mål (%)"]
    assert series["År"].tolist() == ["2015", "2016"] and not pd.api.types.is_numeric_dtype(series["År"])
    assert series["Verdi (%)"].tolist()[0] == 10.2
    breakdown = pe.indicator_frame(rows.iloc[:1], "count", 0, "en", series=False)
    assert list(breakdown.columns) == [
        "Unit",
        "Value",
        "Target",
        "Target's figure status",
        "Against target",
        "Figure status",
    ]


def test_housing_frame_writes_periods_and_unit_names_as_text():
    rows = pd.DataFrame(
        {
            "indicator_id": ["startlan_granted_nok", "startlan_households"],
            "unit_id": ["drammen", "drammen"],
            "period": ["2016-03", "2016"],
            "value": [23_950_000.0, 183.0],
            "status": ["illustrative", "final"],
            "target": [None, 180.0],
            "target_status": ["n/a", "illustrative"],
            "result": ["n/a", "met"],
            "name": ["Innvilget startlån", "Husstander"],
            "name_en": ["Start-up loans granted", "Households"],
            "unit": ["nok", "count"],
            "decimals": [0, 0],
            "unit_name": ["+Drammen", "Drammen kommune"],
        }
    )
    frame = pe.housing_frame(rows, "nb")
    assert frame["Periode"].tolist() == ["mars 2016", "2016"]
    assert frame["Enhet"].tolist() == ["'+Drammen", "Drammen kommune"]
    assert frame["Verdi"].tolist() == [23_950_000.0, 183.0]  # kroner, not «24 mill. kr»
    assert frame["Mot målet"].tolist() == ["– Uten mål", "✓ Nådd"]
    assert pe.housing_frame(rows, "en")["Period"].tolist() == ["March 2016", "2016"]


def test_an_empty_table_keeps_its_headers():
    frame = pe.districts_frame(pd.DataFrame(), "count", 0, "nb")
    assert len(frame) == 0 and frame.columns[0] == "Distrikt"
    assert ex.csv_bytes(frame).decode("utf-8-sig").startswith("Distrikt;Verdi;Mål;")


def test_workbook_number_format_per_row_and_context_rows():
    frame = pd.DataFrame(
        {
            "Indikator": ["=1+1", "Antall"],
            "Verdi": pd.array([8.1, 378.0], dtype="Float64"),
        }
    )
    content = pe.table_xlsx(frame, "-Tittel", ["Periode: 2016", "Kilde: x"], [1, 0])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == "'-Tittel" and sheet["A2"].value == "Periode: 2016"
    rows = list(sheet.iter_rows(min_row=6))
    assert [c.value for c in rows[0]] == ["'=1+1", 8.1]
    assert rows[0][0].data_type == "s"
    assert rows[0][1].number_format == "#,##0.0" and rows[1][1].number_format == "#,##0"
    whole = openpyxl.load_workbook(io.BytesIO(pe.table_xlsx(frame, "T", [], 1))).active
    assert whole["B4"].number_format == whole["B5"].number_format == "#,##0.0"


def test_the_control_names_its_table_kind_and_is_labelled():
    component = json.loads(
        json.dumps(pe.table_download("district", "en"), cls=plotly.utils.PlotlyJSONEncoder)
    )
    text = json.dumps(component)
    assert '"table": "district"' in text and "Download the table" in text
    props = component["props"]
    assert props["role"] == "group" and "table-export-label" in props["aria-labelledby"]
    buttons = [c for c in props["children"] if c["type"] == "Button"]
    assert [b["props"]["id"]["type"] for b in buttons] == ["table-export-csv", "table-export-xlsx"]
