"""The pure pieces of «Last ned siden»: key figures read from the page's cards as Dash sends them,
the chart pages (title, summary, source, illustrative mark), the PDF cover figure, joining PDFs
and the PowerPoint deck (read back with python-pptx)."""

from __future__ import annotations

import io
import json

import pandas as pd
import plotly.io as pio
import plotly.utils
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader, PdfWriter

from layouts import cards, ids
from layouts import page_exports as pe
from layouts.figures.common import time_series


def sent(component) -> object:
    """A component tree as the browser sends it back in a State of `children`."""
    return json.loads(json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder))


def series_figure(lang: str = "nb", status: str = "illustrative") -> dict:
    rows = pd.DataFrame(
        {
            "label": ["Utskrivningsklare pasienter"] * 3,
            "x": ["2014", "2015", "2016"],
            "value": [2100.0, 2314.0, 2632.0],
            "status": ["final", "final", status],
        }
    )
    fig = time_series(rows, "Utskrivningsklare pasienter, 2014–2016", lang, "count", 0, "Årsrapport 2016")
    return json.loads(pio.to_json(fig))


def png(width: int = 192, height: int = 108) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#2a6f97").save(out, format="PNG")
    return out.getvalue()


def headline(name: str, value: str, status: str = "final") -> object:
    card = cards.headline_card("x", name, value, "P05 Helse, sosial og omsorg, 2016", status, "Kilde", "nb")
    return sent(card.children)  # the State is the children of the kpi-card id


def test_key_figures_from_headline_and_overview_cards():
    figures = pe.key_figures(
        [
            headline("Tilførte varige driftsmidler", "10,9 mill. kr"),
            headline("Frigjorte investeringsmidler", "100 mill. kr", status="illustrative"),
            headline("Tilførte varige driftsmidler", "10,9 mill. kr"),  # the same card twice: once
        ]
    )
    assert figures == [
        "Tilførte varige driftsmidler: 10,9 mill. kr (P05 Helse, sosial og omsorg, 2016)",
        "Frigjorte investeringsmidler: 100 mill. kr (P05 Helse, sosial og omsorg, 2016) – Illustrativt tall",
    ]
    # The overview's card is a link around the card: its id is on the link.
    rich = cards.kpi_card(
        cards.KpiCard("a", "Sykefravær", "9,1 %", "P05, 2016", "final", "met", "Mål 2016: 9 %"),
        "nb",
        href="/x",
    )
    assert rich.id == ids.kpi_card("a")
    assert pe.key_figures([sent(rich.children)]) == ["Sykefravær: 9,1 % (P05, 2016)"]
    # Anything that is no card, or nothing at all, gives no line.
    assert pe.key_figures([None, "text", {"props": {"children": []}}]) == []
    assert pe.key_figures(None) == []


def test_chart_pages_carry_title_summary_source_and_mark():
    figure = series_figure()
    empty = {"data": [], "layout": {"title": {"text": "Tom"}}}
    charts = pe.charts_of([figure, None, empty], "Periode: 2016 · Enheter: alle", "nb")
    assert len(charts) == 1  # graphs not drawn yet are left out
    chart = charts[0]
    assert chart.title == "Utskrivningsklare pasienter, 2014–2016"
    assert chart.summary.replace("\xa0", " ").startswith("Utskrivningsklare pasienter økte fra 2 314")
    assert chart.source == "Kilde: Årsrapport 2016"
    assert chart.illustrative
    assert "Periode: 2016" in json.dumps(chart.image, ensure_ascii=False)  # burned in by image_figure
    line = pe.context_line(chart, "Periode: 2016", "nb")
    assert line == "Periode: 2016 · Kilde: Årsrapport 2016 · «Illustrativt tall»"
    final = pe.charts_of([series_figure(status="final")], "Periode: 2016", "nb")[0]
    assert not final.illustrative
    assert "Illustrativt" not in pe.context_line(final, "Periode: 2016", "nb")


def test_cover_figure_escapes_labels_and_lists_figures_and_charts():
    cover = pe.cover_figure("Budsjett <b>x</b>", "Enhet: A&B", ["Navn: <i>1</i>"], ["Diagram 1"], "nb")
    texts = [a["text"] for a in cover["layout"]["annotations"]]
    assert cover["layout"]["title"]["text"] == "Budsjett &lt;b&gt;x&lt;/b&gt;"
    assert cover["layout"]["title"]["subtitle"]["text"] == "Enhet: A&amp;B"
    assert "Navn: &lt;i&gt;1&lt;/i&gt;" in texts
    assert "1. Diagram 1" in texts and "<b>Diagrammer (1)</b>" in texts
    none = pe.cover_figure("T", "F", [], [], "en")
    assert "No key figures on this page." in [a["text"] for a in none["layout"]["annotations"]]
    # Many cards: two columns, long lines shortened, never off the page.
    many = pe.cover_figure("T", "F", [f"Indikator {i}: " + "x" * 200 for i in range(20)], [], "nb")
    notes = many["layout"]["annotations"]
    assert {a["x"] for a in notes} == {0.0, 0.5}
    assert all(len(a["text"]) <= 66 and a["y"] > 0 for a in notes)


def test_join_pdfs_keeps_every_page_in_order():
    def pdf(pages: int, width: float) -> bytes:
        writer = PdfWriter()
        for _ in range(pages):
            writer.add_blank_page(width=width, height=300)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    joined = PdfReader(io.BytesIO(pe.join_pdfs([pdf(1, 100), pdf(2, 200)])))
    assert [float(p.mediabox.width) for p in joined.pages] == [100, 200, 200]


def test_pptx_has_title_slide_and_a_slide_per_chart_with_notes():
    charts = pe.charts_of([series_figure(), series_figure("nb", "final")], "Periode: 2016", "nb")
    figures = ["Tilførte varige driftsmidler: 10,9 mill. kr (P05, 2016)"]
    data = pe.build_pptx("Budsjettavvik", "Periode: 2016", figures, charts, [png(), png()], "nb")
    deck = Presentation(io.BytesIO(data))
    slides = list(deck.slides)
    assert len(slides) == 3
    assert round(deck.slide_width / deck.slide_height, 2) == round(16 / 9, 2)
    assert slides[0].shapes.title.text == "Budsjettavvik"
    assert "10,9 mill. kr" in slides[0].notes_slide.notes_text_frame.text
    for slide, chart in zip(slides[1:], charts, strict=True):
        assert slide.shapes.title.text == chart.title
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1 and pictures[0].left >= 0
        assert pictures[0].left + pictures[0].width <= deck.slide_width
        notes = slide.notes_slide.notes_text_frame.text
        assert chart.summary in notes and "10,9 mill. kr" in notes
    boxes = [s.text_frame.text for s in slides[1].shapes if s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX]
    assert boxes == ["Periode: 2016 · Kilde: Årsrapport 2016 · «Illustrativt tall»"]
    boxes = [s.text_frame.text for s in slides[2].shapes if s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX]
    assert boxes == ["Periode: 2016 · Kilde: Årsrapport 2016"]


def test_control_is_labelled_and_scoped_to_the_page_group():
    control = sent(pe.control("districts", "Distrikter", "en"))
    text = json.dumps(control, ensure_ascii=False)
    assert '"group": "districts"' in text and "Download the page" in text
    assert pe.group_of("budget-unit") == pe.DICT_GROUP and pe.group_of("indicator") == "indicator"
    assert pe.progress_text(2, 7, "nb") == "2 av 7 diagrammer"
    assert pe.progress_text(2, 7, "en") == "2 of 7 charts"


def test_budget_frame_has_numbers_words_status_and_a_total_row():
    rows = pd.DataFrame(
        {
            "label": ["NAV", '=HYPERLINK("http://x")'],
            "kind": ["unit", "unit"],
            "key": ["nav", "x"],
            "revised_budget": [1_000_000.0, 500_000.0],
            "actual": [1_046_000.0, 480_000.0],
            "deviation_nok": [46_000.0, -20_000.0],
            "deviation_pct": [4.6, -4.0],
            "word": ["merforbruk", "mindreforbruk"],
            "forecast": [1_050_000.0, None],
            "status": ["illustrative", "final"],
        }
    )
    total = {
        "revised_budget": 1_500_000.0,
        "actual": 1_526_000.0,
        "deviation_nok": 26_000.0,
        "deviation_pct": 1.7,
        "word": "merforbruk",
        "forecast": None,
        "status": "final",
    }
    frame = pe.budget_frame(rows, total, False, "nb")
    assert list(frame.columns) == [
        "Enhet",
        "Revidert budsjett",
        "Regnskap",
        "Avvik",
        "Avvik %",
        "Mer-/mindreforbruk",
        "Prognose årsslutt",
        "Status",
    ]
    assert frame["Enhet"].tolist() == ["NAV", '\'=HYPERLINK("http://x")', "Sum"]
    assert frame["Avvik"].tolist() == [46_000.0, -20_000.0, 26_000.0]
    assert pd.isna(frame["Prognose årsslutt"].iloc[1])
    assert frame["Status"].tolist()[:2] == ["Illustrativt tall", "Publisert tall"]
    assert frame["Mer-/mindreforbruk"].tolist() == ["▲ merforbruk", "▼ mindreforbruk", "▲ merforbruk"]
    en = pe.budget_frame(rows, total, True, "en")
    assert en.columns[0] == "Cost category" and len(en) == 3
