"""Every chart's «Last ned» menu, «Vis som tabell» and summary sentence, in real headless Chromium:
each export is downloaded and read back (PNG size, SVG title, CSV and XLSX values against the
table view the page shows)."""

from __future__ import annotations

import io
import math
import re
import struct
import xml.etree.ElementTree as ET

import openpyxl
import pandas as pd
import pytest

from tests.browser.helpers import plain, settle

pytestmark = pytest.mark.browser

WATERFALL = '[id*="budget-graph-waterfall"]'


def number(text: str) -> float:
    """A number as the table view writes it ('-4 639 274', '1 684,5', '–' missing) -> float."""
    text = plain(text).replace(" ", "").replace("\u2212", "-").replace(",", ".")
    return math.nan if text in ("", "–") else float(text)


def frame_of(page, graph_selector: str):
    return page.locator(".chart-frame").filter(has=page.locator(graph_selector)).first


def open_page(page, url: str, graph_selector: str):
    page.goto(url)
    page.wait_for_selector(f"{graph_selector} .main-svg")
    settle(page)
    frame = frame_of(page, graph_selector)
    frame.locator(".chart-summary").filter(has_text=" ").wait_for()
    return frame


def table_view(page, frame) -> tuple[list[str], list[str], list[list[float]]]:
    """Open «Vis som tabell» (if closed) and read it: headers, row labels, numbers per row."""
    toggle = frame.locator(".chart-table-toggle")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
        settle(page)
    table = frame.locator(".chart-table table")
    table.wait_for()
    heads = [plain(h) for h in table.locator("thead th").all_inner_texts()]
    labels, values = [], []
    for row in table.locator("tbody tr").all():
        labels.append(plain(row.locator("th").inner_text()))
        values.append([number(c) for c in row.locator("td.num").all_inner_texts()])
    return heads, labels, values


def download(page, frame, item: str):
    """Open the frame's «Last ned» menu and choose `item`; the finished download."""
    frame.locator(".chart-export-toggle").click()
    with page.expect_download(timeout=60_000) as info:
        frame.locator(".dropdown-menu .dropdown-item", has_text=item).click()
    return info.value


def read(dl) -> bytes:
    with open(dl.path(), "rb") as fh:
        return fh.read()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def same(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(
        (math.isnan(x) and math.isnan(y)) or abs(x - y) < 1e-6 for x, y in zip(a, b, strict=True)
    )


def check_csv(data: bytes, heads, labels, values) -> pd.DataFrame:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    frame = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", dtype={0: str})
    assert list(frame.columns[: len(heads)]) == heads[: len(frame.columns)]
    assert frame.iloc[:, 0].astype(str).tolist() == labels
    numbers = frame.iloc[:, 1 : 1 + len(values[0])].astype(float).to_numpy().tolist()
    for got, shown in zip(numbers, values, strict=True):
        assert same(got, shown), (got, shown)
    return frame


def check_xlsx(data: bytes, title: str, heads, labels, values) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert plain(rows[0][0]) == title
    header = next(i for i, r in enumerate(rows) if r and r[0] == heads[0])
    assert sheet.cell(row=header + 1, column=1).font.b, "bold header"
    body = rows[header + 1 : header + 1 + len(labels)]
    assert [r[0] for r in body] == labels
    for row, shown in zip(body, values, strict=True):
        cells = row[1 : 1 + len(shown)]
        assert all(c is None or isinstance(c, float | int) for c in cells), "numbers stay numbers"
        assert same([math.nan if c is None else float(c) for c in cells], shown)


def test_budget_chart_exports_every_format(page, live_url, console_errors):
    frame = open_page(page, f"{live_url}/budget", WATERFALL)
    summary = plain(frame.locator(".chart-summary").inner_text())
    assert "høyest i" in summary and "lavest i" in summary, summary
    described = frame.locator('[role="figure"]').get_attribute("aria-describedby")
    assert frame.locator(".chart-summary").get_attribute("id") == described

    heads, labels, values = table_view(page, frame)
    assert frame.locator(".chart-table-toggle").get_attribute("aria-expanded") == "true"
    assert labels[0] == "Revidert budsjett" and labels[-1] == "Regnskap"
    assert any(v[0] < 0 for v in values), "a negative deviation is shown"
    title = plain(page.locator(f"{WATERFALL} .gtitle").first.text_content())

    png = download(page, frame, "Bilde (PNG med tittel, filtre og kilde)")
    assert png.suggested_filename == "budsjettavvik_2016_p05.png"
    assert png_size(read(png)) == (1920, 1080)

    svg = download(page, frame, "Vektorbilde (SVG)")
    assert svg.suggested_filename == "budsjettavvik_2016_p05.svg"
    text = plain("".join(ET.fromstring(read(svg)).itertext()))
    assert title in text and "Periode: 2016" in text and "Illustrativt tall" in text

    csv = download(page, frame, "Tallene som CSV (Excel)")
    assert csv.suggested_filename == "budsjettavvik_2016_p05.csv"
    raw = read(csv)
    assert b";" in raw.splitlines()[0]
    assert re.search(rb";-\d", raw) and b";'-" not in raw, "negative deviations stay numbers"
    check_csv(raw, heads, labels, values)

    xlsx = download(page, frame, "Tallene som Excel-arbeidsbok (XLSX)")
    assert xlsx.suggested_filename == "budsjettavvik_2016_p05.xlsx"
    check_xlsx(read(xlsx), title, heads, labels, values)

    # The modebar's camera: the client's own PNG, with the same file name.
    page.locator(WATERFALL).first.hover()
    with page.expect_download() as info:
        page.locator(f'{WATERFALL} .modebar-btn[data-title*="download" i]').first.click()
    assert info.value.suggested_filename == "budsjettavvik_2016_p05.png"
    # Beside it, the modebar's SVG button (assets/chart.js), and no "Share chart" to Chart Studio.
    page.locator(WATERFALL).first.hover()
    with page.expect_download() as info:
        page.locator(f'{WATERFALL} .modebar-btn[data-title="Last ned som SVG"]').first.click()
    assert info.value.suggested_filename == "budsjettavvik_2016_p05.svg"
    assert read(info.value).lstrip().startswith(b"<svg")
    assert page.locator('.modebar-btn[data-title*="Share" i]').count() == 0

    # «Vis som tabell» closes again.
    frame.locator(".chart-table-toggle").click()
    settle(page)
    assert frame.locator(".chart-table").is_hidden()
    assert frame.locator(".chart-table-toggle").get_attribute("aria-expanded") == "false"
    assert console_errors == []


@pytest.mark.parametrize(
    ("path", "graph", "stem"),
    [
        ("/indicators/discharge_ready_patients", '[id="overview-graph-series"]', "discharge_ready_patients"),
        ("/districts", '[id="districts-graph-bars"]', "distrikter_"),
        ("/housing", '[id*="housing-graph-trend"]', "bolig_"),
        ("/budget", '[id*="budget-graph-cumulative"]', "budsjettavvik_akkumulert_2016_p05"),
    ],
)
def test_one_chart_per_page_csv_matches_table(page, live_url, console_errors, path, graph, stem):
    frame = open_page(page, f"{live_url}{path}", graph)
    assert plain(frame.locator(".chart-summary").inner_text()).endswith(".")
    heads, labels, values = table_view(page, frame)
    assert labels and values
    csv = download(page, frame, "Tallene som CSV (Excel)")
    assert csv.suggested_filename.startswith(stem) and csv.suggested_filename.endswith(".csv")
    assert csv.suggested_filename.isascii()
    check_csv(read(csv), heads, labels, values)
    assert console_errors == []


def test_summary_sentence_in_both_languages(page, live_url):
    graph = '[id="overview-graph-series"]'
    frame = open_page(page, f"{live_url}/indicators/discharge_ready_patients", graph)
    nb = plain(frame.locator(".chart-summary").inner_text())
    # The example, from the published 2015 and 2016 figures.
    assert nb == (
        "Utskrivningsklare pasienter, P05 Helse, sosial og omsorg økte fra 2 314 i 2015 til 2 632 i 2016"
        " (+13,7 %)."
    ), nb
    frame = open_page(page, f"{live_url}/indicators/discharge_ready_patients?lang=en", graph)
    en = plain(frame.locator(".chart-summary").inner_text())
    assert any(w in en for w in ("rose from", "fell from", "was unchanged")), en
    assert frame.locator(".chart-table-toggle").inner_text() == "Show as table"


def test_menu_works_from_the_keyboard(page, live_url):
    frame = open_page(page, f"{live_url}/budget", WATERFALL)
    toggle = frame.locator(".chart-export-toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    menu = frame.locator(".dropdown-menu")
    menu.wait_for(state="visible")
    assert menu.locator(".dropdown-item").count() == 4
    page.keyboard.press("Escape")
    menu.wait_for(state="hidden")
    assert page.evaluate("() => document.activeElement.classList.contains('chart-export-toggle')")


def test_a_filter_change_sends_chart_and_frame_in_one_request(page, live_url, console_errors):
    """The summary, table view and file name come with the figure: one request per change."""
    frame = open_page(page, f"{live_url}/budget?period=2016", WATERFALL)
    before = plain(frame.locator(".chart-summary").inner_text())
    bodies: list[str] = []

    def record(request):
        if "_dash-update-component" in request.url:
            bodies.append(request.post_data or "")

    page.on("request", record)
    years = page.locator("#filter-select-year option").evaluate_all(
        "os => os.filter(o => !o.disabled).map(o => o.value)"
    )
    other = next(y for y in years if y != "2016")
    # Count plotly relayouts: the SVG button must come with the redraw itself (assets/chart.js),
    # not from a second, modebar-only relayout of the chart after it.
    page.evaluate(
        """() => { window.__relayouts = 0; const relayout = window.Plotly.relayout;
                   window.Plotly.relayout = function () { window.__relayouts++;
                                                          return relayout.apply(this, arguments); }; }"""
    )
    page.select_option("#filter-select-year", other)
    settle(page)
    frame.locator(".chart-summary").filter(has_not_text=before).wait_for()
    waterfall = [b for b in bodies if "budget_graph_waterfall" in b or "budget-graph-waterfall" in b]
    assert len(waterfall) == 1, waterfall  # the panel callback's own request, nothing after it
    assert '"part":"summary"' in waterfall[0].replace(" ", "")  # ... which carries the frame
    page.locator(WATERFALL).first.hover()
    with page.expect_download() as info:
        page.locator(f'{WATERFALL} .modebar-btn[data-title*="download" i]').first.click()
    assert info.value.suggested_filename == f"budsjettavvik_{other}_p05.png"
    page.locator(WATERFALL).first.hover()
    with page.expect_download() as info:
        page.locator(f'{WATERFALL} .modebar-btn[data-title="Last ned som SVG"]').first.click()
    assert info.value.suggested_filename == f"budsjettavvik_{other}_p05.svg"
    assert page.evaluate("() => window.__relayouts") == 0
    # The table view is built when opened, from the figure shown; a redraw closes it again.
    heads, labels, _ = table_view(page, frame)
    assert labels[0] == "Revidert budsjett" and labels[-1] == "Regnskap"
    page.select_option("#filter-select-year", "2016")
    settle(page)
    frame.locator(".chart-summary").filter(has_text=before).wait_for()
    assert frame.locator(".chart-table").is_hidden()
    assert frame.locator(".chart-table-toggle").get_attribute("aria-expanded") == "false"
    assert table_view(page, frame)[0] == heads
    assert console_errors == []


def test_district_page_charts_come_with_their_frame(page, live_url, console_errors):
    """The district page draws its charts in the layout: summary and file name are there at once."""
    graph = '[id*="districts-graph-indicator"]'
    frame = open_page(page, f"{live_url}/districts/hamborgstrom?period=2016", graph)
    assert plain(frame.locator(".chart-summary").inner_text()).endswith(".")
    graph_id = frame.locator(graph).first.get_attribute("id")
    indicator = re.search(r'"indicator":"([^"]+)"', graph_id).group(1)
    page.locator(graph).first.hover()
    with page.expect_download() as info:
        page.locator(f'{graph} .modebar-btn[data-title*="download" i]').first.click()
    assert info.value.suggested_filename == f"distrikt_{indicator}_2016_hamborgstrom.png"
    assert console_errors == []
