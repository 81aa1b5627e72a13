"""The pure export pieces: formula neutralisation, file names, the table read from a figure's
traces, CSV bytes for Norwegian Excel, the XLSX workbook, summary sentences and the image copy."""

from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd
import plotly.io as pio

from layouts import exports as ex
from layouts.figures.budget import waterfall
from layouts.figures.common import time_series


def as_client(fig) -> dict:
    """The figure as a dcc.Graph holds it (plotly's JSON: numpy arrays as typed arrays)."""
    return json.loads(pio.to_json(fig))


def series_figure(lang: str = "nb"):
    rows = pd.DataFrame(
        {
            "label": ["Utskrivningsklare pasienter"] * 3,
            "x": ["2014", "2015", "2016"],
            "value": [2100.0, 2314.0, 2632.0],
            "status": ["final", "final", "illustrative"],
        }
    )
    return as_client(time_series(rows, "Utskrivningsklare pasienter, 2014–2016", lang, "count", 0, "Kilde X"))


def test_neutralise_text_only():
    for text in ("=1+1", "+47 123", "-2", "@SUM(A1)", "\t=1", "\r=1"):
        assert ex.neutralise(text) == "'" + text
    assert ex.neutralise("Konnerud") == "Konnerud"
    assert ex.neutralise(-3.5) == -3.5 and ex.neutralise(-3) == -3


def test_file_names_fold_to_ascii():
    assert ex.file_stem("budsjettavvik", "2016", "P05") == "budsjettavvik_2016_P05"
    assert ex.fold("Åskollen/Strømsø æ") == "Askollen-Stromso-ae"
    assert ex.file_stem("bolig", "", "alle") == "bolig_alle"
    assert ex.file_stem("Ærlig talt", "2016-03", "x<y") == "AErlig-talt_2016-03_x-y"


def test_summary_example_sentence_in_both_languages():
    nb = ex.summary(ex.chart_table(series_figure("nb"), "nb"), "nb")
    assert (
        nb.replace("\xa0", " ")
        == "Utskrivningsklare pasienter økte fra 2 314 i 2015 til 2 632 i 2016 (+13,7 %)."
    )
    en = ex.summary(ex.chart_table(series_figure("en"), "en"), "en")
    assert en == "Utskrivningsklare pasienter rose from 2,314 in 2015 to 2,632 in 2016 (+13.7%)."


def test_summary_of_a_unit_line_names_the_indicator_too():
    rows = pd.DataFrame(
        {
            "label": ["P05 Helse, sosial og omsorg"] * 2,
            "x": ["2015", "2016"],
            "value": [2314.0, 2632.0],
            "status": ["final", "final"],
        }
    )
    title = "Utskrivningsklare pasienter, P05 Helse, sosial og omsorg, 2015–2016"
    figure = as_client(time_series(rows, title, "nb", "count", 0, "Kilde X"))
    text = ex.summary(ex.chart_table(figure, "nb"), "nb").replace("\xa0", " ")
    assert text == (
        "Utskrivningsklare pasienter, P05 Helse, sosial og omsorg økte fra 2 314 i 2015 til 2 632 i 2016"
        " (+13,7 %)."
    )


def test_trend_sentence_fell_unchanged_and_shares():
    fell = ex.trend_sentence("Ventetid", ("2015", 12.0), ("2016", 9.0), "days", 0, "nb")
    assert fell.replace("\xa0", " ") == "Ventetid sank fra 12 dager i 2015 til 9 dager i 2016 (-25,0 %)."
    same = ex.trend_sentence("Ventetid", ("2015", 9.0), ("2016", 9.0), "days", 0, "en")
    assert same == "Ventetid was unchanged at 9 days from 2015 to 2016."
    share = ex.trend_sentence("Sykefravær", ("2015", 9.8), ("2016", 10.1), "percent", 1, "nb")
    assert (
        share.replace("\xa0", " ")
        == "Sykefravær økte fra 9,8 % i 2015 til 10,1 % i 2016 (+0,3 prosentpoeng)."
    )


def test_table_from_traces_marks_illustrative_and_skips_events():
    events = pd.DataFrame({"x": ["2015"], "title": ["=HYPERLINK(1)"]})
    rows = pd.DataFrame(
        {"label": ["A", "A"], "x": ["2015", "2016"], "value": [1.0, 2.0], "status": ["final", "illustrative"]}
    )
    fig = as_client(time_series(rows, "T", "nb", "count", 0, events=events))
    table = ex.chart_table(fig, "nb")
    assert table.series == ["A"] and table.categories == ["2015", "2016"]
    assert table.values == [[1.0], [2.0]]
    assert table.notes == ["", "Illustrativt tall"]


def waterfall_figure():
    rows = pd.DataFrame(
        {
            "key": ["a", "b"],
            "label": ["=cmd|' /C calc'!A0", "Fjell"],
            "kind": ["unit", "unit"],
            "revised_budget": [1000.0, 500.0],
            "actual": [900.0, 650.0],
            "deviation_nok": [-100.0, 150.0],
            "deviation_pct": [-10.0, 30.0],
            "word": ["mindreforbruk", "merforbruk"],
            "status": ["final", "final"],
        }
    )
    return as_client(waterfall(rows, "Budsjettavvik P05, 2016", "nb", "kilde"))


def test_csv_for_norwegian_excel_round_trips_and_neutralises_text_only():
    table = ex.chart_table(waterfall_figure(), "nb")
    data = ex.csv_bytes(ex.to_frame(table, "nb"))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Kategori;Avvik (kr)"
    assert "'=cmd|' /C calc'!A0;-100" in lines  # text neutralised, the negative number stays a number
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert back.iloc[:, 1].tolist() == [1500.0, -100.0, 150.0, 1550.0]
    frame = pd.DataFrame({"Enhet": ["x"], "Verdi": pd.array([1234.5], dtype="Float64")})
    assert ex.csv_bytes(frame).decode("utf-8-sig").splitlines()[1] == "x;1234,5"


def test_xlsx_numbers_stay_numbers_text_is_neutralised():
    table = ex.chart_table(waterfall_figure(), "nb")
    data = ex.xlsx_bytes(ex.to_frame(table, "nb"), "=Tittel", ["Periode: 2016", "@kilde"], decimals=0)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "'=Tittel" and sheet["A1"].font.b
    assert rows[1][0] == "Periode: 2016" and rows[2][0] == "'@kilde"
    header = rows.index(("Kategori", "Avvik (kr)"))
    body = rows[header + 1 :]
    assert body[1] == ("'=cmd|' /C calc'!A0", -100)
    assert sheet.cell(row=header + 3, column=2).data_type == "n"
    assert sheet.cell(row=header + 3, column=2).number_format == "#,##0"
    assert sheet.cell(row=header + 1, column=1).font.b


def test_range_sentence_leaves_out_the_waterfall_totals():
    table = ex.chart_table(waterfall_figure(), "nb")
    text = ex.summary(table, "nb").replace("\xa0", " ")
    assert text == "Budsjettavvik P05: høyest i Fjell (150 kr), lavest i =cmd|' /C calc'!A0 (-100 kr)."


def test_range_sentence_keeps_a_title_with_commas_whole_but_for_its_period():
    figure = waterfall_figure()
    figure["layout"]["title"] = {"text": "P05 Helse, sosial og omsorg: fra budsjett til regnskap, 2016"}
    text = ex.summary(ex.chart_table(figure, "nb"), "nb")
    assert text.startswith("P05 Helse, sosial og omsorg: fra budsjett til regnskap: høyest i Fjell")


def test_image_copy_has_filters_source_and_mark_and_leaves_input_alone():
    fig = series_figure()
    before = json.dumps(fig, sort_keys=True)
    image = ex.image_figure(fig, "Periode: 2016 · Enheter: <b>alle</b>", "nb")
    assert json.dumps(fig, sort_keys=True) == before
    layout = image["layout"]
    assert (layout["width"], layout["height"]) == (960, 540)
    assert "&lt;b&gt;alle&lt;/b&gt;" in layout["title"]["subtitle"]["text"]
    texts = [a["text"] for a in layout["annotations"]]
    assert "Kilde: Kilde X" in texts and "«Illustrativt tall»" in texts
