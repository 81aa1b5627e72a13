"""«Last ned siden» in real headless Chromium: the whole page as PDF and as PowerPoint, made by a
background job while the page keeps answering. Each file is downloaded and read back (pypdf,
python-pptx): a cover page / title slide, then one page / slide per chart on the page, titled
with the chart's title as the page shows it, with the page's key figures in the notes."""

from __future__ import annotations

import re
import time

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from tests.browser.helpers import plain, settle

pytestmark = pytest.mark.browser

PROGRESS = re.compile(r"^\d+ av \d+ diagrammer$")
WATERFALL = '[id*="budget-graph-waterfall"]'


def open_page(page, url: str) -> list[str]:
    """Open `url`, wait for its charts and cards; the chart titles as the page shows them."""
    page.goto(url)
    page.wait_for_selector(".page-export-button")
    page.wait_for_selector(".main-svg .gtitle")
    settle(page)
    page.wait_for_timeout(300)  # a last redraw of the charts after the final callback
    return [plain(t).strip() for t in page.locator(".chart-frame .main-svg .gtitle").all_text_contents()]


def key_figures(page) -> list[str]:
    return [plain(v) for v in page.locator(".kpi-card .kpi-value").all_inner_texts()]


def export(page, label: str, tmp_path, expect_progress: bool = True) -> tuple[str, str]:
    """Click the page's «Last ned siden» button `label`; the file's path and suggested name.
    While the job runs the progress bar and 'n av N diagrammer' are shown, the buttons disabled."""
    with page.expect_download(timeout=120_000) as download:
        page.locator(".page-export-button", has_text=label).click()
        if expect_progress:
            running = page.locator(".page-export-running")
            running.wait_for(state="visible", timeout=10_000)
            assert page.locator(".page-export-button").first.is_disabled()
            page.wait_for_function(
                "() => /^\\d+ av \\d+ diagrammer$/.test("
                "(document.querySelector('.page-export-progress-text') || {}).textContent || '')",
                timeout=60_000,
            )
            assert PROGRESS.match(plain(page.locator(".page-export-progress-text").inner_text()))
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    return str(path), download.value.suggested_filename


def check_pdf(path: str, title: str, charts: list[str], figures: list[str]) -> None:
    reader = PdfReader(path)
    assert len(reader.pages) == 1 + len(charts)
    cover = plain(reader.pages[0].extract_text())
    assert title in cover
    for value in figures:
        assert value in cover
    for number, chart in enumerate(charts, start=1):
        text = " ".join(plain(reader.pages[number].extract_text()).split())
        assert " ".join(chart.split()) in text, f"page {number + 1} lacks the title {chart!r}"


def check_pptx(path: str, title: str, charts: list[str], figures: list[str]) -> None:
    deck = Presentation(path)
    slides = list(deck.slides)
    assert len(slides) == 1 + len(charts)
    assert slides[0].shapes.title.text == title
    for slide, chart in zip(slides[1:], charts, strict=True):
        assert plain(slide.shapes.title.text) == chart
        assert any(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in slide.shapes)
        notes = plain(slide.notes_slide.notes_text_frame.text)
        for value in figures:
            assert value in notes
    assert all(value in plain(slides[0].notes_slide.notes_text_frame.text) for value in figures)


def test_pagex001_budget_as_pdf_and_powerpoint(page, console_errors, live_url, tmp_path):
    charts = open_page(page, live_url + "/budget?period=2016")
    assert len(charts) == 2
    figures = key_figures(page)
    assert "10,9 mill. kr" in figures
    title = plain(page.locator("h1").inner_text())

    path, name = export(page, "PDF", tmp_path)
    assert re.fullmatch(r"budsjettavvik_2016_p05\.pdf", name, flags=re.IGNORECASE)
    check_pdf(path, title, charts, figures)
    assert "Ferdig: " + name in plain(page.locator(".page-export-status").inner_text())

    path, name = export(page, "PowerPoint", tmp_path)
    assert name.endswith(".pptx")
    check_pptx(path, title, charts, figures)
    # The illustrative breakdown is marked on the waterfall's slide.
    boxes = [
        shape.text_frame.text
        for shape in list(Presentation(path).slides)[1].shapes
        if shape.shape_type == MSO_SHAPE_TYPE.TEXT_BOX
    ]
    assert any("Illustrativt tall" in box and "Periode: 2016" in box for box in boxes)
    assert console_errors == []


def test_pagex002_districts_as_pdf_and_powerpoint(page, console_errors, live_url, tmp_path):
    charts = open_page(page, live_url + "/districts")
    assert len(charts) == 2
    figures = key_figures(page)
    assert figures
    title = plain(page.locator("h1").inner_text())
    check_pdf(export(page, "PDF", tmp_path)[0], title, charts, figures)
    check_pptx(export(page, "PowerPoint", tmp_path)[0], title, charts, figures)
    assert console_errors == []


def test_pagex003_drilled_budget_unit_in_english(page, console_errors, live_url, tmp_path):
    """A drilled view (dict-id charts, no headline cards) in English."""
    page.goto(live_url + "/budget?period=2016")
    page.wait_for_selector(".budget-drill-link")
    unit_url = page.locator(".budget-drill-link").first.get_attribute("href")
    charts = open_page(page, live_url + unit_url + "&lang=en")
    assert len(charts) == 2
    title = plain(page.locator("h1").inner_text())
    assert page.locator(".page-export-label").inner_text() == "Download the page"
    path, _ = export(page, "PowerPoint", tmp_path, expect_progress=False)
    check_pptx(path, title, charts, [])
    notes = Presentation(path).slides[0].notes_slide.notes_text_frame.text
    assert "No key figures on this page." in notes
    assert console_errors == []


def test_pagex004_page_answers_filters_while_an_export_runs(page, console_errors, live_url, tmp_path):
    open_page(page, live_url + "/budget?period=2016")
    with page.expect_download(timeout=120_000) as download:
        page.locator(".page-export-button", has_text="PDF").click()
        page.locator(".page-export-running").wait_for(state="visible", timeout=10_000)
        started = time.monotonic()
        page.select_option("#filter-select-year", "2015")
        page.wait_for_function(
            "(sel) => { const t = document.querySelector(sel + ' .gtitle');"
            " return t && t.textContent.endsWith('2015'); }",
            arg=WATERFALL,
            timeout=15_000,
        )
        answered = time.monotonic() - started
        # The chart was redrawn while the job still ran (the file was not there yet).
        assert page.locator(".page-export-running").is_visible()
    assert download.value.suggested_filename.endswith(".pdf")
    assert answered < 10
    # The file has the page as it was when the button was pressed: 2016.
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert "2016" in download.value.suggested_filename
    assert "2016" in PdfReader(path).pages[1].extract_text()
    assert console_errors == []


def test_pagex005_keyboard_and_cancel(page, console_errors, live_url):
    """The buttons are reached and pressed with the keyboard; «Avbryt» stops the job."""
    open_page(page, live_url + "/budget?period=2016")
    button = page.locator(".page-export-button", has_text="PowerPoint")
    button.focus()
    assert page.evaluate("() => document.activeElement.textContent") == "PowerPoint"
    downloads: list = []
    page.on("download", lambda d: downloads.append(d.suggested_filename))
    page.keyboard.press("Enter")
    cancel = page.locator(".page-export-cancel")
    cancel.wait_for(state="visible", timeout=10_000)
    # The job has reported (the browser knows which job to stop) before «Avbryt» is pressed.
    page.locator(".page-export-progress-text", has_text=PROGRESS).wait_for(timeout=60_000)
    cancel.focus()
    page.keyboard.press("Enter")
    page.locator(".page-export-running").wait_for(state="hidden", timeout=15_000)
    assert not button.is_disabled()
    page.wait_for_timeout(8_000)  # longer than the job would have taken
    assert downloads == []
    assert page.locator(".page-export-status").inner_text() == ""
    assert console_errors == []


def test_pagex006_budget_table_as_csv_and_xlsx(page, console_errors, live_url, tmp_path):
    """«Last ned tabell» under the budget table: the rows the page shows plus the total, amounts as
    numbers that round to what the page writes."""
    open_page(page, live_url + "/budget?period=2016")
    table = page.locator('[id*="budget-div-table"] table')
    labels = [plain(t) for t in table.locator("tbody tr th").all_inner_texts()]
    total = plain(table.locator("tfoot tr").inner_text())
    assert "+2,1 mill. kr" in total

    with page.expect_download() as download:
        page.locator(".table-export-button", has_text="CSV").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert download.value.suggested_filename.endswith(".csv")
    frame = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
    assert frame["Enhet"].tolist() == [*labels, "Sum"]
    assert round(frame["Avvik"].iloc[-1] / 1e6, 1) == 2.1
    assert frame["Status"].iloc[0] == "Illustrativt tall"

    with page.expect_download() as download:
        page.locator(".table-export-button", has_text="XLSX").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0][0] == "Avvik per enhet, 2016"
    header = next(i for i, row in enumerate(cells) if row[0] == "Enhet")
    assert [row[0] for row in cells[header + 1 :]] == [*labels, "Sum"]
    assert isinstance(cells[-1][3], int | float) and round(cells[-1][3] / 1e6, 1) == 2.1
    assert console_errors == []


def test_pagex007_every_page_has_the_control_and_the_overview_exports_its_cards(
    page, console_errors, live_url, tmp_path
):
    """The overview (cards, no charts): a PDF of one cover page with its key figures. Every other
    kind of page shows «Last ned siden» without an error in the console."""
    page.goto(live_url + "/")
    page.wait_for_selector(".kpi-card .kpi-value")
    settle(page)
    figures = key_figures(page)
    assert len(figures) > 3
    indicator = page.locator(".kpi-card-link").first.get_attribute("href")
    path, name = export(page, "PDF", tmp_path, expect_progress=False)
    assert name.startswith("oversikt_")
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    cover = plain(reader.pages[0].extract_text())
    assert "Oversikt" in cover and figures[0] in cover

    page.goto(live_url + "/districts")
    page.wait_for_selector(".districts-drill-link")
    district = page.locator(".districts-drill-link").first.get_attribute("href")
    page.goto(live_url + "/housing")
    page.wait_for_selector(".housing-details-link")
    programme = page.locator(".housing-details-link").first.get_attribute("href")
    settle(page)
    assert page.locator(".page-export-button").count() == 2
    for url in (indicator, district, programme):
        page.goto(live_url + url)
        page.wait_for_selector(".page-export-button")
        page.wait_for_selector(".main-svg .gtitle")
        settle(page)
        assert page.locator(".page-export-button").all_inner_texts() == ["PDF", "PowerPoint"], url
    assert console_errors == []
