"""What a chart exports: the data behind it as a table (CSV for Norwegian Excel, XLSX), a
one-sentence summary in the reader's language, the image with its context burned in, and the
file names.

Pure: a plotly figure as a dict (as a dcc.Graph holds it) in, bytes, strings, DataFrames and
figure dicts out. No Dash, no I/O; the figure given is never changed.

The table is read from the traces, so it holds exactly what the chart draws: the category axis
(periods or units) as text, one column per series, numbers rounded as the hover labels show
them, and a note column where a point is «Illustrativt tall». Legend-only traces (no values),
overlays that skip hover (hatching) and event markers (the hidden second y-axis) are left out.
"""

from __future__ import annotations

import base64
import copy
import decimal
import html
import io
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from layouts import format as fmt
from layouts.i18n import t

# Cells that Excel (or LibreOffice, Google Sheets) would read as a formula: = + - @, and the tab
# and carriage return that can hide one (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Every image: a 16:9 slide, 960 × 540 layout pixels at scale 2 -> 1920 × 1080 px.
IMAGE_WIDTH, IMAGE_HEIGHT, IMAGE_SCALE = 960, 540, 2

_FOLD = {"æ": "ae", "ø": "o", "å": "a", "Æ": "AE", "Ø": "O", "Å": "A"}
_UNIT_HEAD = {"percent": {"nb": "%", "en": "%"}, "nok": {"nb": "kr", "en": "NOK"}}
_TAGS = re.compile(r"<[^>]*>")
_YEAR = re.compile(r"^\d{4}$")
_D3_DECIMALS = re.compile(r"%\{[xy]:[^}]*\.(\d+)f\}")


# --- Text cells: formula injection, file names ---------------------------------------------


def neutralise(value: object) -> object:
    """A text cell that would start a formula gets a leading apostrophe ("=1+1" -> "'=1+1").

    Only text: numbers (a real -3 too) are returned unchanged and stay numbers in the file.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def fold(text: object) -> str:
    """ASCII for a file name: æ -> ae, ø -> o, å -> a, accents dropped, anything else but
    letters, digits, '.', '_' and '-' -> '-'. 'Bolig for velferd' -> 'Bolig-for-velferd'."""
    text = "".join(_FOLD.get(c, c) for c in str(text))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9._\-]+", "-", text).strip("-._")


def file_stem(*parts: object) -> str:
    """'budsjettavvik', '2016', 'P05' -> 'budsjettavvik_2016_P05' (empty parts are left out)."""
    return "_".join(p for p in (fold(part) for part in parts) if p) or "figur"


def plain_text(text: object) -> str:
    """Plotly's label markup as plain text: tags dropped, entities decoded ('&lt;b&gt;' -> '<b>')."""
    return html.unescape(_TAGS.sub(" ", str(text or ""))).replace("  ", " ").strip()


# --- The data behind a chart ---------------------------------------------------------------


@dataclass
class ChartTable:
    """The values a chart draws: rows by category (period or unit), one column per series."""

    title: str
    category: str  # header of the first column
    series: list[str]
    categories: list[str] = field(default_factory=list)
    values: list[list[float | None]] = field(default_factory=list)  # [row][series]
    notes: list[str] = field(default_factory=list)  # per row: '' or 'Illustrativt tall'
    unit: str = ""
    decimals: int | None = None
    horizontal: bool = False
    is_time: bool = False  # the categories are periods, in order

    @property
    def illustrative(self) -> bool:
        return any(self.notes)


def meta_of(figure: dict) -> dict:
    meta = (figure or {}).get("layout", {}).get("meta")
    return meta if isinstance(meta, dict) else {}


def title_of(figure: dict) -> str:
    title = (figure or {}).get("layout", {}).get("title")
    text = title.get("text", "") if isinstance(title, dict) else title
    return plain_text(text)


_DTYPES = {"f8", "f4", "i1", "i2", "i4", "u1", "u2", "u4", "i8", "u8"}


def values_of(value: object) -> list:
    """A trace's array as a list: plain lists as they are, plotly's typed arrays
    ({"dtype": "f8", "bdata": base64}, as plotly 6+ sends numpy arrays) decoded."""
    if isinstance(value, dict) and "bdata" in value and value.get("dtype") in _DTYPES:
        array = np.frombuffer(
            base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]).newbyteorder("<")
        )
        return array.tolist()
    if isinstance(value, list | tuple):
        return list(value)
    return [] if value is None else [value]


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _rounded(value: float | None, decimals: int | None) -> float | None:
    """Half-up to `decimals`, as the hover labels and layouts/format.py show it."""
    if value is None or decimals is None:
        return value
    with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
        return float(decimal.Decimal(repr(value)).quantize(decimal.Decimal(1).scaleb(-decimals)))


def _category(value: object, year_axis: bool) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = plain_text(value)
    if year_axis and re.match(r"^\d{4}-", text):
        return text[:4]
    return text


def _strings(value: object) -> str:
    return json.dumps(value, ensure_ascii=False) if value is not None else ""


def _series_name(trace: dict, lang: str) -> str:
    """The trace's name; with the hover label's panel name when they differ (small multiples)."""
    name = plain_text(trace.get("name"))
    extra = re.search(r"<extra>(.*?)</extra>", str(trace.get("hovertemplate") or ""))
    panel = plain_text(extra.group(1)) if extra and "%{" not in extra.group(1) else ""
    name = "" if name == fmt.MISSING else name
    if panel and name and panel != name:
        return f"{panel}: {name}"
    return name or panel or t("export_value", lang)


def _decimals_of(figure: dict) -> int | None:
    meta = meta_of(figure)
    if isinstance(meta.get("decimals"), int):
        return meta["decimals"]
    for trace in figure.get("data", []):
        found = _D3_DECIMALS.search(str(trace.get("hovertemplate") or ""))
        if found:
            return int(found.group(1))
    return None


def _axis(figure: dict, name: str) -> dict:
    axis = figure.get("layout", {}).get(name)
    return axis if isinstance(axis, dict) else {}


def _drawn(trace: dict) -> bool:
    """A trace that draws values: not a legend entry, hatching overlay or event marker row."""
    if trace.get("type", "scatter") not in ("scatter", "bar", "waterfall", "scattergl"):
        return False
    return trace.get("hoverinfo") != "skip" and trace.get("visible") is not False


def chart_table(figure: dict, lang: str) -> ChartTable:
    """The values of every drawn trace of `figure`, as rows by category and columns by series."""
    figure = figure or {}
    meta = meta_of(figure)
    decimals = _decimals_of(figure)
    illustrative = t("illustrative", lang).lower()
    points: dict[str, dict[str, float | None]] = {}  # category -> series -> value
    marked: dict[str, list[str]] = {}
    series: list[str] = []
    horizontal = False
    categories: list[str] = []
    bars_across = any(
        tr.get("orientation") == "h" and tr.get("type") in ("bar", "waterfall")
        for tr in figure.get("data", [])
    )
    for trace in figure.get("data", []):
        on_axis = str(trace.get("yaxis") or "y")
        if not _drawn(trace) or _axis(figure, "yaxis" + on_axis[1:]).get("visible") is False:
            continue  # event markers sit on a hidden second y-axis
        flat = trace.get("orientation") == "h" or (bars_across and trace.get("type", "scatter") == "scatter")
        cats, vals = (trace.get("y"), trace.get("x")) if flat else (trace.get("x"), trace.get("y"))
        cats, vals = values_of(cats), values_of(vals)
        if not vals or all(_number(v) is None for v in vals):
            continue
        horizontal = horizontal or flat
        axis = _axis(figure, "yaxis" if flat else "xaxis")
        year_axis = axis.get("hoverformat") == "%Y" or axis.get("tickformat") == "%Y"
        name = _series_name(trace, lang)
        if name not in series:
            series.append(name)
        custom = trace.get("customdata")
        texts = [trace.get("text"), trace.get("hovertext")]
        custom, *texts = [values_of(c) if isinstance(c, dict) else c for c in (custom, *texts)]
        for i, (cat, val) in enumerate(zip(cats, vals, strict=False)):
            label = _category(cat, year_axis)
            if label not in points:
                points[label] = {}
                categories.append(label)
            if name in points[label]:
                continue  # a step line's closing point repeats its year
            points[label][name] = _rounded(_number(val), decimals)
            extras = [c[i] if isinstance(c, list) and i < len(c) else c for c in (custom, *texts)]
            if illustrative in _strings(extras).lower() and name not in marked.setdefault(label, []):
                marked[label].append(name)
    is_time = not horizontal and bool(categories)
    if categories and all(_YEAR.match(c) for c in categories):
        categories.sort()
    axis = _axis(figure, "yaxis" if horizontal else "xaxis")
    head = plain_text((axis.get("title") or {}).get("text") if isinstance(axis.get("title"), dict) else "")
    if not head:
        head = t("export_period" if is_time else "export_category", lang)
    notes = []
    for cat in categories:
        names = marked.get(cat, [])
        if not names:
            notes.append("")
        elif len(names) == len(points[cat]) or len(series) == 1:
            notes.append(t("illustrative", lang))
        else:
            notes.append(f"{t('illustrative', lang)}: {', '.join(names)}")
    return ChartTable(
        title=title_of(figure),
        category=head,
        series=series,
        categories=categories,
        values=[[points[c].get(s) for s in series] for c in categories],
        notes=notes,
        unit=str(meta.get("unit") or ""),
        decimals=decimals,
        horizontal=horizontal,
        is_time=is_time,
    )


def column_head(table: ChartTable, name: str, lang: str) -> str:
    """A series' header with its unit: 'Sykefravær (%)', 'Avvik (kr)'."""
    unit = _UNIT_HEAD.get(table.unit, {}).get(fmt.normalize_lang(lang))
    return f"{name} ({unit})" if unit else name


def to_frame(table: ChartTable, lang: str) -> pd.DataFrame:
    """The table as a DataFrame: categories as text, numbers as floats (NaN where missing) and a
    note column when a figure is illustrative. Text cells and headers are neutralised."""
    data: dict[str, list] = {neutralise(table.category): [neutralise(c) for c in table.categories]}
    for j, name in enumerate(table.series):
        head = neutralise(column_head(table, name, lang))
        data[head] = pd.array([row[j] for row in table.values], dtype="Float64")
    if table.illustrative:
        data[t("export_note", lang)] = [neutralise(n) for n in table.notes]
    frame = pd.DataFrame(data)
    frame.iloc[:, 0] = frame.iloc[:, 0].astype(str)
    return frame


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV that opens right in Norwegian Excel: UTF-8 with BOM, ';' between cells, decimal comma."""
    return frame.to_csv(sep=";", decimal=",", index=False, encoding="utf-8-sig", float_format="%.15g").encode(
        "utf-8-sig"
    )


def number_format(decimals: int | None) -> str:
    return "#,##0" if not decimals else "#,##0." + "0" * decimals


def xlsx_bytes(
    frame: pd.DataFrame, title: str, context: list[str], sheet: str = "Data", decimals=None
) -> bytes:
    """A workbook: the title (bold), one row per context line (filters, source, marks), a blank
    row, the header (bold) and the rows. Numbers are numbers with a number format; every text
    cell is neutralised."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append([neutralise(title)])
    ws["A1"].font = Font(bold=True, size=13)
    for line in context:
        if line:
            ws.append([neutralise(line)])
    ws.append([])
    ws.append([neutralise(str(c)) for c in frame.columns])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    for row in frame.itertuples(index=False):
        cells = []
        for value, is_number in zip(row, numeric, strict=True):
            if is_number:
                cells.append(None if pd.isna(value) else float(value))
            else:
                cells.append(neutralise("" if pd.isna(value) else str(value)))
        ws.append(cells)
    for j, is_number in enumerate(numeric, start=1):
        letter = get_column_letter(j)
        if is_number:
            for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=j, max_col=j):
                cell.number_format = number_format(decimals)
        longest = max([len(str(c)) for c in frame.iloc[:, j - 1]] + [len(str(frame.columns[j - 1]))])
        ws.column_dimensions[letter].width = min(max(longest + 2, 10), 60)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- The one-sentence summary ----------------------------------------------------------------


def _value(value: float, table: ChartTable, lang: str) -> str:
    return fmt.value(value, table.unit, table.decimals or 0, lang)


def trend_sentence(
    subject: str, first: tuple[str, float], last: tuple[str, float], unit: str, decimals: int, lang: str
) -> str:
    """'Utskrivningsklare pasienter økte fra 2 314 i 2015 til 2 632 i 2016 (+13,7 %).'"""
    (p1, v1), (p2, v2) = first, last
    a, b = fmt.value(v1, unit, decimals, lang), fmt.value(v2, unit, decimals, lang)
    if a == b:
        return t("summary_same", lang, subject=subject, value=b, first=p1, last=p2)
    key = "summary_rose" if v2 > v1 else "summary_fell"
    text = t(key, lang, subject=subject, a=a, b=b, first=p1, last=p2)
    # A relative change only between two positive figures (not across zero, not of deviations).
    change = fmt.change(v1, v2, lang) if v1 > 0 and v2 >= 0 else fmt.MISSING
    if unit == "percent":  # a share: the change in percentage points says more
        change = t("summary_points", lang, n=fmt.number(v2 - v1, max(decimals, 1), lang, signed=True))
    return f"{text}." if change == fmt.MISSING else t("summary_with_change", lang, text=text, change=change)


def range_sentence(
    subject: str, high: tuple[str, float], low: tuple[str, float], unit: str, decimals: int, lang: str
) -> str:
    """'Sykefravær 2016: høyest i Konnerud (9,1 %), lavest i Fjell (6,0 %).'"""
    return t(
        "summary_range",
        lang,
        subject=subject,
        high=high[0],
        high_value=fmt.value(high[1], unit, decimals, lang),
        low=low[0],
        low_value=fmt.value(low[1], unit, decimals, lang),
    )


def title_subject(title: str) -> str:
    """A chart's title without its period: "<what>, 2013–2016" -> "<what>"."""
    head, _, tail = (title or "").rpartition(",")
    return head if head and any(ch.isdigit() for ch in tail) else (title or "")


def summary(table: ChartTable, lang: str) -> str:
    """One sentence about the chart: over time, the first series' change between its last two
    periods; across units (horizontal bars), the highest and the lowest of the first series.
    A waterfall's first and last bar (budget and actual totals) are left out of the ranking."""
    if not table.series or not table.categories:
        return t("summary_empty", lang, title=table.title)
    points = [
        (c, row[0]) for c, row in zip(table.categories, table.values, strict=True) if row[0] is not None
    ]
    subject = table.series[0]
    decimals = table.decimals or 0
    titled = title_subject(table.title)
    if not points:
        return t("summary_empty", lang, title=table.title)
    if table.is_time:
        if len(points) == 1:
            return t(
                "summary_single",
                lang,
                subject=subject,
                value=_value(points[0][1], table, lang),
                period=points[0][0],
            )
        if titled and subject in titled:  # a unit's line in an indicator's chart: name both
            subject = titled
        return trend_sentence(subject, points[-2], points[-1], table.unit, decimals, lang)
    if table.unit == "nok" and len(points) > 3 and table.horizontal:
        points = points[1:-1]  # the waterfall's revised budget and actual totals
    subject = titled or subject
    high = max(points, key=lambda p: p[1])
    low = min(points, key=lambda p: p[1])
    if len(points) == 1:
        return t("summary_single", lang, subject=subject, value=_value(high[1], table, lang), period=high[0])
    return range_sentence(subject, high, low, table.unit, decimals, lang)


# --- The image with its context --------------------------------------------------------------


def is_illustrative(figure: dict, lang: str) -> bool:
    """Any trace that names «Illustrativt tall» (hover marks, legend names): the builders mark
    every illustrative point that way (layouts/figures/common.py status_hover)."""
    word = t("illustrative", lang).lower()
    return any(word in _strings(trace).lower() for trace in (figure or {}).get("data", []))


def image_figure(figure: dict, filters: str, lang: str) -> dict:
    """A copy of `figure` for a 960 × 540 image: the title, the active filters in plain words as
    its subtitle, the source line along the bottom and «Illustrativt tall» top right when any
    figure is illustrative. Data labels stay plain text (markup characters are escaped)."""
    fig = copy.deepcopy(figure or {})
    layout = fig.setdefault("layout", {})
    source_word = f"{t('source', lang)}:"
    notes = layout.get("annotations") or []
    sources = [a for a in notes if plain_text(a.get("text")).startswith(source_word)]
    layout["annotations"] = [a for a in notes if a not in sources]
    margin = dict(layout.get("margin") or {})
    top, bottom = max(int(margin.get("t", 60)), 100), max(int(margin.get("b", 50)), 130)
    margin.update(t=top, b=bottom)
    layout.update(width=IMAGE_WIDTH, height=IMAGE_HEIGHT, autosize=False, margin=margin)
    plot = IMAGE_HEIGHT - top - bottom
    title = (
        layout.get("title") if isinstance(layout.get("title"), dict) else {"text": layout.get("title") or ""}
    )
    subtitle = (
        (title.get("subtitle") or {}).get("text", "") if isinstance(title.get("subtitle"), dict) else ""
    )
    line = html.escape(filters, quote=False)
    title["subtitle"] = {"text": f"{subtitle}<br>{line}" if subtitle else line, "font": {"size": 12}}
    title.update(y=1 - 12 / IMAGE_HEIGHT, yanchor="top", yref="container", pad={"l": 14})
    layout["title"] = title
    legend = dict(layout.get("legend") or {})
    if legend.get("orientation") == "h" and float(legend.get("y", 0) or 0) < 0:
        legend.update(y=-58 / plot, yanchor="top")
    layout["legend"] = legend
    if sources:
        source = dict(sources[0])
        source.update(
            xref="paper", yref="paper", x=0, xanchor="left", y=-(bottom - 8) / plot, yanchor="bottom"
        )
        layout["annotations"].append(source)
    if is_illustrative(figure, lang):
        layout["annotations"].append(
            {
                "text": f"«{t('illustrative', lang)}»" if lang != "en" else f"“{t('illustrative', lang)}”",
                "xref": "paper",
                "yref": "paper",
                "x": 1,
                "y": 1 + (top - 14) / plot,
                "xanchor": "right",
                "yanchor": "top",
                "showarrow": False,
                "font": {"size": 13, "color": "#8A5A00"},
                "bordercolor": "#8A5A00",
                "borderwidth": 1.5,
                "borderpad": 4,
                "bgcolor": "#ffffff",
            }
        )
    return fig
