"""The whole page as one file: PDF (a cover page, then a page per chart) or PowerPoint (a title
slide, then a slide per chart with the key figures and the chart's summary in the notes), and
the «Last ned siden» control in the page header.

Pure: figure dicts, texts and already rendered images in, bytes and components out. Rendering
the images (kaleido) and the background job live in callbacks/page_exports.py; the chart's own
parts (table, summary, image with its context) come from layouts/exports.py.
"""

from __future__ import annotations

import decimal
import html as html_text
import io
import uuid
from dataclasses import dataclass

import openpyxl
import pandas as pd
from dash import dcc, html

from layouts import exports as ex
from layouts import format as fmt
from layouts import ids
from layouts.chart import dom_id
from layouts.figures.budget import deviation_label
from layouts.figures.common import STATUS_STYLE
from layouts.i18n import TEXTS, t

# Pages whose charts have plain string ids: a callback can only ask for those where they exist,
# so these pages get a group of their own; every other page's charts have dict ids (ALL).
STRING_GROUPS: dict[str, tuple[str, ...]] = {
    "indicator": (ids.INDICATOR_SERIES, ids.INDICATOR_BREAKDOWN),
    "districts": (ids.DISTRICTS_BARS, ids.DISTRICTS_MULTIPLES),
}
DICT_GROUP = "all"
GROUPS = (DICT_GROUP, *STRING_GROUPS)
FORMATS = ("pdf", "pptx")
MEDIA = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
# Card parts read for the key figures, in the order they are written.
_CARD_PARTS = ("kpi-name", "kpi-value", "kpi-context", "figure-badge")


def group_of(page: str) -> str:
    return page if page in STRING_GROUPS else DICT_GROUP


# --- The control in the page header ---------------------------------------------------------


def control(page: str, title: str, lang: str) -> html.Div:
    """«Last ned siden»: PDF and PowerPoint buttons, a progress bar and a status line while the
    file is made, a cancel button, and the download. `title` is the page's heading."""
    group = group_of(page)

    def pid(kind: str) -> dict:
        return ids.page_export(kind, group)

    buttons = [
        html.Button(
            t(f"page_export_{kind}", lang),
            id=pid(kind),
            n_clicks=0,
            type="button",
            className="btn btn-outline-secondary btn-sm page-export-button",
            title=t(f"page_export_{kind}_title", lang),
        )
        for kind in FORMATS
    ]
    return html.Div(
        [
            html.Span(t("page_export_label", lang), className="page-export-label", id=pid("label")),
            html.Div(
                [*buttons],
                className="btn-group page-export-buttons",
                role="group",
                **{"aria-labelledby": dom_id(pid("label"))},
            ),
            html.Div(
                [
                    # A native <progress> named by the text beside it («2 av 7 diagrammer»).
                    html.Progress(
                        id=pid("progress"),
                        value="0",
                        max="1",
                        className="page-export-progress",
                        **{"aria-labelledby": dom_id(pid("progress-text"))},
                    ),
                    html.Span(id=pid("progress-text"), className="page-export-progress-text small"),
                    html.Button(
                        t("page_export_cancel", lang),
                        id=ids.PAGE_EXPORT_CANCEL,
                        n_clicks=0,
                        type="button",
                        className="btn btn-link btn-sm page-export-cancel",
                    ),
                ],
                id=pid("running"),
                className="page-export-running",
                hidden=True,
            ),
            html.Div(id=pid("status"), className="page-export-status small", role="status"),
            dcc.Store(id=pid("meta"), data={"title": title, "token": uuid.uuid4().hex}),
            dcc.Download(id=pid("download")),
        ],
        className="page-export d-print-none",
    )


def progress_text(done: int, total: int, lang: str) -> str:
    """'2 av 7 diagrammer' / '2 of 7 charts'."""
    return t("page_export_progress", lang, done=done, total=total)


# --- Key figures from the page's cards -------------------------------------------------------


def _texts(node: object) -> list[str]:
    """Every text in a component tree (as Dash sends a State of `children`), in order."""
    if node is None or isinstance(node, bool):
        return []
    if isinstance(node, str | int | float):
        return [str(node)]
    if isinstance(node, list | tuple):
        return [s for child in node for s in _texts(child)]
    if isinstance(node, dict):
        return _texts((node.get("props") or {}).get("children"))
    return []


def _classes(node: dict) -> list[str]:
    return str((node.get("props") or {}).get("className") or "").split()


def _find(node: object, class_name: str) -> dict | None:
    """The first component in the tree whose className holds `class_name`."""
    if isinstance(node, list | tuple):
        for child in node:
            found = _find(child, class_name)
            if found is not None:
                return found
        return None
    if not isinstance(node, dict):
        return None
    if class_name in _classes(node):
        return node
    return _find((node.get("props") or {}).get("children"), class_name)


def card_line(card: object) -> str:
    """One card as a line: 'Brukere av hjemmetjenester: 2 632 (P05 Helse, sosial og omsorg, 2016)',
    with ' – Illustrativt tall' when the card says so. '' for a tree that is no card."""
    parts = {}
    for name in _CARD_PARTS:
        found = _find(card, name)
        parts[name] = " ".join(" ".join(_texts(found)).split()) if found else ""
    if not parts["kpi-name"] or not parts["kpi-value"]:
        return ""
    line = f"{parts['kpi-name']}: {parts['kpi-value']}"
    if parts["kpi-context"]:
        line += f" ({parts['kpi-context']})"
    if parts["figure-badge"]:
        line += f" – {parts['figure-badge']}"
    return line


def key_figures(cards: list | None) -> list[str]:
    """The lines of every card on the page (the children of each kpi-card id), duplicates once."""
    lines: list[str] = []
    for card in cards or []:
        line = card_line(card)
        if line and line not in lines:
            lines.append(line)
    return lines


# --- One chart, ready for a page or a slide --------------------------------------------------


@dataclass(frozen=True)
class ChartPage:
    """What a page or slide says about one chart: texts in the reader's language."""

    title: str
    summary: str
    source: str
    illustrative: bool
    image: dict  # the figure with its title, filters, source and mark burned in (960 × 540)

    @classmethod
    def of(cls, figure: dict, filters: str, lang: str) -> ChartPage:
        table = ex.chart_table(figure, lang)
        source = ex.plain_text(ex.meta_of(figure).get("source") or "")
        return cls(
            title=ex.title_of(figure) or table.title or t("page_export_untitled", lang),
            summary=ex.summary(table, lang),
            source=f"{t('source', lang)}: {source}" if source else "",
            illustrative=table.illustrative or ex.is_illustrative(figure, lang),
            image=ex.image_figure(figure, filters, lang),
        )


def charts_of(figures: list, filters: str, lang: str) -> list[ChartPage]:
    """The charts that have something drawn (a graph not yet filled in is left out)."""
    return [ChartPage.of(f, filters, lang) for f in figures if isinstance(f, dict) and f.get("data")]


def context_line(chart: ChartPage, filters: str, lang: str) -> str:
    parts = [filters, chart.source]
    if chart.illustrative:
        parts.append(f"«{t('illustrative', lang)}»" if lang != "en" else t("illustrative", lang))
    return " · ".join(p for p in parts if p)


# --- The cover page (PDF) --------------------------------------------------------------------


def cover_figure(title: str, filters: str, figures: list[str], charts: list[str], lang: str) -> dict:
    """The PDF's first page as a plotly figure (960 × 540, no axes): the page title, the filters,
    the key figures and the charts that follow. Texts are escaped: labels from data stay text."""
    esc = lambda s: html_text.escape(str(s), quote=False)  # noqa: E731
    notes = []
    y = 1.0

    def line(text: str, size: int, x: float = 0.0, bold: bool = False, step: float = 0.05) -> None:
        nonlocal y
        notes.append(
            {
                "text": f"<b>{esc(text)}</b>" if bold else esc(text),
                "x": x,
                "y": y,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "left",
                "yanchor": "top",
                "showarrow": False,
                "align": "left",
                "font": {"size": size, "color": "#1d2733"},
            }
        )
        y -= step

    line(t("headline", lang, period="").strip(), 15, bold=True, step=0.06)
    shown = figures or [t("page_export_no_figures", lang)]
    two_columns = len(shown) > 12
    half = (len(shown) + 1) // 2 if two_columns else len(shown)
    size, room = (11, 66) if two_columns else (12, 125)  # characters that fit a line
    top = y
    for i, text in enumerate(shown[:40]):
        if i == half:
            y = top
        line(
            text if len(text) <= room else text[: room - 1] + "…",
            size,
            x=0.0 if i < half else 0.5,
            step=0.042,
        )
    y = min(y, top - 0.042 * half) - 0.03
    if charts:
        line(t("page_export_contents", lang, n=len(charts)), 13, bold=True, step=0.05)
        for i, name in enumerate(charts[:8], start=1):
            line(f"{i}. {name}", 11, step=0.04)
    return {
        "data": [],
        "layout": {
            "title": {
                "text": esc(title),
                "subtitle": {"text": esc(filters), "font": {"size": 13}},
                "x": 0,
                "xanchor": "left",
                "xref": "paper",
                "font": {"size": 24},
            },
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "annotations": notes,
            "margin": {"l": 48, "r": 48, "t": 110, "b": 40},
            "width": ex.IMAGE_WIDTH,
            "height": ex.IMAGE_HEIGHT,
            "plot_bgcolor": "#ffffff",
            "paper_bgcolor": "#ffffff",
        },
    }


def join_pdfs(parts: list[bytes]) -> bytes:
    """One PDF of the pages of every part, in order."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    writer.add_metadata({"/Producer": "HSO-nøkkeltall"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- PowerPoint -------------------------------------------------------------------------------


def notes_text(figures: list[str], summary: str, lang: str) -> str:
    lines = [t("headline", lang, period="").strip() + ":"]
    lines += [f"• {f}" for f in figures] or [t("page_export_no_figures", lang)]
    if summary:
        lines = [summary, "", *lines]
    return "\n".join(lines)


def build_pptx(
    title: str, filters: str, figures: list[str], charts: list[ChartPage], pictures: list[bytes], lang: str
) -> bytes:
    """16:9 deck: a title slide (page title, filters; key figures in the notes), then per chart a
    slide titled with the chart's title, its PNG, a line with filters, source and the illustrative
    mark, and the chart's summary and the page's key figures in the notes."""
    from pptx import Presentation
    from pptx.util import Emu, Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    width = deck.slide_width

    first = deck.slides.add_slide(deck.slide_layouts[0])
    first.shapes.title.text = title
    first.placeholders[1].text = filters
    first.notes_slide.notes_text_frame.text = notes_text(figures, "", lang)
    for shape in (first.shapes.title, first.placeholders[1]):
        shape.left, shape.width = Inches(0.8), width - Inches(1.6)

    for chart, picture in zip(charts, pictures, strict=True):
        slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
        head = slide.shapes.title
        head.text = chart.title
        head.left, head.top, head.width, head.height = (
            Inches(0.5),
            Inches(0.25),
            width - Inches(1.0),
            Inches(0.9),
        )
        for paragraph in head.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(26)
        pic_height = Inches(5.4)
        pic_width = Emu(int(pic_height * ex.IMAGE_WIDTH / ex.IMAGE_HEIGHT))
        slide.shapes.add_picture(
            io.BytesIO(picture), Emu(int((width - pic_width) / 2)), Inches(1.2), pic_width, pic_height
        )
        box = slide.shapes.add_textbox(Inches(0.5), Inches(6.7), width - Inches(1.0), Inches(0.6))
        box.text_frame.word_wrap = True
        box.text_frame.text = context_line(chart, filters, lang)
        for paragraph in box.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(12)
        slide.notes_slide.notes_text_frame.text = notes_text(figures, chart.summary, lang)

    deck.core_properties.title = title
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


# --- «Last ned tabell»: an HTML table of the page as CSV / XLSX --------------------------------
#
# Every HTML table on the pages has a kind (TABLE_KINDS) and one frame builder here: the rows the
# query behind the table gives (data/query_*.py, as the callbacks draw them) in, a DataFrame out
# with the columns the page shows, headers in the page's language, numbers as numbers (rounded as
# the page writes them, amounts in kroner) and every text cell neutralised against formulas.
# The control under each table is `table_download(kind, lang)`; callbacks/page_exports.py serves
# every kind with one callback (MATCH on the kind).

TABLE_FORMATS = ("csv", "xlsx")
TABLE_KINDS = ("budget", "districts", "district", "indicator-series", "indicator-breakdown", "housing")
# The budget table's columns as the page shows them: (row key, header key); None: a text column.
BUDGET_COLUMNS = (
    ("revised_budget", "budget_col_revised"),
    ("actual", "budget_col_actual"),
    ("deviation_nok", "budget_col_deviation"),
    ("deviation_pct", "budget_col_deviation_pct"),
    ("word", "budget_col_word"),
    ("forecast", "budget_col_forecast"),
    ("status", "budget_col_status"),
)
# The measure unit in a number column's header: 'Verdi (%)', 'Mål (kr)', 'Verdi (dager)'.
_UNIT_HEAD = {
    "percent": {"nb": "%", "en": "%"},
    "nok": {"nb": "kr", "en": "NOK"},
    "days": {"nb": "dager", "en": "days"},
    "years": {"nb": "år", "en": "years"},
}


def table_download(table: str, lang: str) -> html.Div:
    """CSV and XLSX buttons for the page's table of kind `table` (TABLE_KINDS), with its download.
    The group is named by its label; each button says which file it gives."""
    label_id = ids.table_export("label", table)
    return html.Div(
        [
            html.Span(t("table_export_label", lang), className="table-export-label", id=label_id),
            *(
                html.Button(
                    t(f"table_export_{kind}", lang),
                    id=ids.table_export(kind, table),
                    n_clicks=0,
                    type="button",
                    className="btn btn-outline-secondary btn-sm table-export-button",
                )
                for kind in TABLE_FORMATS
            ),
            html.Div(id=ids.table_export("status", table), className="small", role="status"),
            dcc.Download(id=ids.table_export("download", table)),
        ],
        className="table-export d-print-none",
        role="group",
        **{"aria-labelledby": dom_id(label_id)},
    )


@dataclass(frozen=True)
class Column:
    """One column of an exported table: its header (already in the page's language), how a row's
    cell is read, and whether it holds numbers (rounded to `decimals`, a row's field name or a
    fixed count) or text."""

    head: str
    cell: object  # a callable: row dict -> value
    number: bool = False
    decimals: object = None  # None (as is), an int, or a callable: row -> int


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if value == value and abs(value) != float("inf") else None


def rounded(value: object, decimals: int | None) -> float | None:
    """`value` as a float rounded half up to `decimals` (as layouts/format.py writes it)."""
    number = _number(value)
    if number is None or decimals is None:
        return number
    with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
        return float(decimal.Decimal(repr(number)).quantize(decimal.Decimal(1).scaleb(-int(decimals))))


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def table_frame(records: list[dict], columns: list[Column]) -> pd.DataFrame:
    """The rows as a DataFrame of `columns`: number columns Float64 (missing: <NA>), text columns
    str with every cell (and header) neutralised against formulas."""
    data: dict[str, object] = {}
    for column in columns:
        cells = [column.cell(r) for r in records]
        if column.number:
            places = [column.decimals(r) if callable(column.decimals) else column.decimals for r in records]
            data[ex.neutralise(column.head)] = pd.array(
                [rounded(v, d) for v, d in zip(cells, places, strict=True)], dtype="Float64"
            )
        else:
            data[ex.neutralise(column.head)] = pd.array(
                [ex.neutralise(_text(v)) for v in cells], dtype=object
            )
    return pd.DataFrame(data, columns=list(data))


def unit_head(name: str, unit: str, lang: str) -> str:
    """'Verdi (%)', 'Mål (kr)'; a count has no unit word: 'Verdi'."""
    word = _UNIT_HEAD.get(unit, {}).get("en" if lang == "en" else "nb")
    return f"{name} ({word})" if word else name


def measure_word(unit: str, lang: str) -> str:
    """'Antall', 'Prosent', 'Kroner', 'Dager' (the unit column of a table of several units)."""
    key = f"ov_measure_{unit}"
    return t(key, lang) if key in TEXTS else unit


def figure_word(status: object, lang: str) -> str:
    """A figure's status in words: «Illustrativt tall», «Foreløpig tall», «Publisert tall»; ''
    for no figure."""
    if status in ("illustrative", "preliminary"):
        return t(str(status), lang)
    return t("ov_final", lang) if status and status != "n/a" else ""


def against_word(status: object, lang: str) -> str:
    """'✓ Nådd' / '✕ Not met', as the pages write the status against target."""
    style = STATUS_STYLE.get(str(status), STATUS_STYLE["n/a"])
    return f"{style['symbol']} {style['en' if lang == 'en' else 'nb']}"


def indicator_label(row: dict, lang: str) -> str:
    name_en = row.get("name_en")
    return str(name_en) if lang == "en" and isinstance(name_en, str) and name_en else _text(row.get("name"))


def _status_word(status: object, lang: str) -> str:
    return t(status, lang) if status in ("illustrative", "preliminary") else t("budget_final", lang)


def _target_columns(unit: str, decimals, lang: str) -> list[Column]:
    return [
        Column(unit_head(t("ov_col_target", lang), unit, lang), lambda r: r.get("target"), True, decimals),
        Column(t("table_col_target_status", lang), lambda r: figure_word(r.get("target_status"), lang)),
    ]


def budget_frame(rows: pd.DataFrame, total: dict, by_category: bool, lang: str) -> pd.DataFrame:
    """The budget table as the page shows it, with every amount as a number (kroner, not
    'mill. kr') and the total as the last row. Text cells are neutralised against formulas."""
    first = t("budget_col_category" if by_category else "budget_col_unit", lang)
    records = [*rows.to_dict("records"), {**total, "label": t("budget_total", lang)}]
    columns = [Column(first, lambda r: r.get("label"))]
    for key, head in BUDGET_COLUMNS:
        if key == "word":
            columns.append(Column(t(head, lang), lambda r: deviation_label(r.get("word"), lang)))
        elif key == "status":
            columns.append(Column(t(head, lang), lambda r: _status_word(r.get("status"), lang)))
        else:
            columns.append(Column(t(head, lang), lambda r, key=key: r.get(key), True))
    return table_frame(records, columns)


def districts_frame(rows: pd.DataFrame, unit: str, decimals: int, lang: str) -> pd.DataFrame:
    """/districts: the districts of the chosen indicator (data.query_districts.district_values)."""
    columns = [
        Column(t("districts_col_district", lang), lambda r: r.get("name")),
        Column(
            unit_head(t("districts_col_value", lang), unit, lang), lambda r: r.get("value"), True, decimals
        ),
        *_target_columns(unit, decimals, lang),
        Column(t("districts_col_status", lang), lambda r: against_word(r.get("vs_target"), lang)),
        Column(t("districts_col_figure", lang), lambda r: figure_word(r.get("status"), lang)),
    ]
    return table_frame(rows.to_dict("records"), columns)


def district_frame(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """/districts/<unit>: every indicator of one district (data.query_districts.district_table);
    the units differ by row, so the measure is a column of its own."""
    places = lambda r: int(r.get("decimals") or 0)  # noqa: E731

    def against(r: dict) -> str:
        return against_word(r.get("vs_target"), lang) if _number(r.get("value")) is not None else ""

    columns = [
        Column(t("districts_col_indicator", lang), lambda r: indicator_label(r, lang)),
        Column(t("table_col_measure", lang), lambda r: measure_word(str(r.get("unit")), lang)),
        Column(t("districts_col_value", lang), lambda r: r.get("value"), True, places),
        Column(t("districts_col_target", lang), lambda r: r.get("target"), True, places),
        Column(t("table_col_target_status", lang), lambda r: figure_word(r.get("target_status"), lang)),
        Column(t("districts_col_status", lang), against),
        Column(t("districts_col_others", lang), lambda r: r.get("others"), True, places),
        Column(t("table_col_others_status", lang), lambda r: figure_word(r.get("others_status"), lang)),
        Column(t("districts_col_figure", lang), lambda r: figure_word(r.get("status"), lang)),
    ]
    return table_frame(rows.to_dict("records"), columns)


def _missing_note(row: dict, lang: str) -> str:
    reason = row.get("missing")
    key = f"missing_{reason}"
    return t(key, lang) if isinstance(reason, str) and reason and key in TEXTS else ""


def indicator_frame(rows: pd.DataFrame, unit: str, decimals: int, lang: str, series: bool) -> pd.DataFrame:
    """/indicators/<id>: the time series' table (`series`: data.query_overview.series_view rows,
    with the year) or the breakdown by unit (data.query_overview.breakdown)."""
    records = rows.to_dict("records")
    columns = [Column(t("ov_col_unit", lang), lambda r: r.get("label") if series else r.get("name"))]
    if series:
        columns.append(Column(t("ov_col_year", lang), lambda r: _text(r.get("year"))))
    columns += [
        Column(unit_head(t("ov_col_value", lang), unit, lang), lambda r: r.get("value"), True, decimals),
        *_target_columns(unit, decimals, lang),
        Column(t("ov_col_against", lang), lambda r: against_word(r.get("against_target"), lang)),
        Column(t("ov_col_figure", lang), lambda r: figure_word(r.get("status"), lang)),
    ]
    if any(_missing_note(r, lang) for r in records):
        columns.append(Column(t("export_note", lang), lambda r: _missing_note(r, lang)))
    return table_frame(records, columns)


def housing_frame(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """/housing/<programme>: the programme's figures for the period (data.query_housing.period_values)."""
    places = lambda r: int(r.get("decimals") or 0)  # noqa: E731
    columns = [
        Column(t("housing_col_indicator", lang), lambda r: indicator_label(r, lang)),
        Column(t("housing_col_unit", lang), lambda r: r.get("unit_name")),
        Column(t("housing_col_period", lang), lambda r: fmt.period(_text(r.get("period")), lang)),
        Column(t("table_col_measure", lang), lambda r: measure_word(str(r.get("unit")), lang)),
        Column(t("housing_col_value", lang), lambda r: r.get("value"), True, places),
        Column(t("housing_col_status", lang), lambda r: figure_word(r.get("status"), lang)),
        Column(t("housing_col_target", lang), lambda r: r.get("target"), True, places),
        Column(t("table_col_target_status", lang), lambda r: figure_word(r.get("target_status"), lang)),
        Column(t("housing_col_result", lang), lambda r: against_word(r.get("result"), lang)),
    ]
    return table_frame(rows.to_dict("records"), columns)


def table_xlsx(frame: pd.DataFrame, title: str, context: list[str], decimals) -> bytes:
    """layouts.exports.xlsx_bytes (title, context rows, header, rows); `decimals` an int for the
    whole table or a list, one per row, for a table whose rows have different units."""
    if not isinstance(decimals, list):
        return ex.xlsx_bytes(frame, title, context, decimals=decimals)
    content = ex.xlsx_bytes(frame, title, context)
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    first = sheet.max_row - len(frame) + 1
    numeric = [j for j, c in enumerate(frame.columns, start=1) if pd.api.types.is_numeric_dtype(frame[c])]
    for i, places in enumerate(decimals):
        for j in numeric:
            sheet.cell(row=first + i, column=j).number_format = ex.number_format(places)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
