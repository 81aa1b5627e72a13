"""Labels from the data that look like HTML, script or Markdown are shown as plain text.

The shipped dataset is copied with every name, category, source and event text replaced by
hostile strings; every page and drilled view is opened in Chromium, chart points are hovered,
and nothing from the data may become markup: no script runs, no element is created from a label,
and the label's characters (`<b>fet</b>`) are there to read, in the page and in the charts.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from tests.browser.helpers import settle
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

HOSTILE = (
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '<a href="javascript:window.__xss=1">klikk</a>',
    "**fet** [lenke](javascript:alert(1))",
    "<b>fet</b>",
    "%{y} &amp; <br>",
)

# table file -> the text columns whose every value is replaced by a hostile string
TEXT_COLUMNS = {
    "units.csv": ("name", "note"),
    "indicators.csv": ("name", "name_en", "goal_area", "description", "source"),
    "observations.csv": ("source",),
    "targets.csv": ("decided_by",),
    "events.csv": ("title", "description", "source"),
    "budget.csv": ("category",),
}


def hostile(value: str, index: int) -> str:
    """The same original value always gets the same hostile label (a category stays a category);
    the number keeps different names apart."""
    return f"{HOSTILE[index % len(HOSTILE)]} {index}"


def write_hostile_dataset(folder: Path) -> Path:
    """A copy of data/drammen with every label hostile; ids, numbers and periods unchanged."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in sorted((ROOT / "data" / "drammen").iterdir()):
        target = folder / source.name
        columns = TEXT_COLUMNS.get(source.name)
        if columns is None:
            shutil.copy(source, target)
            continue
        with source.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
            fields = list(rows[0].keys())
        for column in columns:
            labels: dict[str, str] = {}
            for row in rows:
                if row.get(column):
                    key = row[column]
                    row[column] = labels.setdefault(key, hostile(key, len(labels)))
        with target.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
    return folder


def first_ids(folder: Path) -> dict[str, str]:
    """A district, an indicator and a budget unit of the dataset, for the drilled views."""

    def rows(name: str) -> list[dict]:
        with (folder / name).open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    budget_units = {r["unit_id"] for r in rows("budget.csv")}
    return {
        "district": next(r["unit_id"] for r in rows("units.csv") if r["kind"] == "district"),
        "indicator": next(r["indicator_id"] for r in rows("indicators.csv") if r["panel"] == "districts"),
        "budget_unit": next(r["unit_id"] for r in rows("units.csv") if r["unit_id"] in budget_units),
    }


@pytest.fixture(scope="module")
def hostile_site(app_process, tmp_path_factory):
    folder = write_hostile_dataset(tmp_path_factory.mktemp("hostile") / "drammen")
    return app_process("--data", str(folder)).url, first_ids(folder)


# Every page and drilled view; `hover` says the charts' hover labels name units or categories.
PAGES = [
    ("/", False),
    ("/?lang=en", False),
    ("/indicators/{indicator}", True),
    ("/districts", True),
    ("/districts?lang=en", True),
    ("/districts/{district}", False),
    ("/housing", False),
    ("/housing/startlan", False),
    ("/budget", True),
    ("/budget/{budget_unit}", True),
]

# What the page made of the data: anything created from a label is a failure.
DOM_REPORT = """() => {
    const all = [...document.querySelectorAll('*')];
    return {
        xss: typeof window.__xss,
        // Dash's own JSON (type application/json) carries the labels escaped; it never runs.
        scripts: [...document.scripts].filter((s) => s.type !== 'application/json'
            && s.textContent.includes('__xss')).length,
        images: document.querySelectorAll('img[onerror], img[src="x"]').length,
        jsLinks: all.filter((el) => ['href', 'xlink:href', 'src', 'action']
            .some((a) => (el.getAttribute(a) || '').trim().toLowerCase().startsWith('javascript'))).length,
        handlers: all.filter((el) => [...el.attributes]
            .some((a) => a.name.toLowerCase().startsWith('on'))).length,
        // '<b>fet</b>' or '**fet**' read as markup: a bold element holding just 'fet'
        boldFet: all.filter((el) => /^(b|strong)$/i.test(el.tagName)
            && el.textContent.trim() === 'fet').length,
        svgBold: [...document.querySelectorAll('svg tspan')].filter((el) =>
            (el.getAttribute('style') || '').includes('bold') && el.textContent.trim() === 'fet').length,
        svgLinks: document.querySelectorAll('svg a').length,
        text: document.body.innerText,
        svg: [...document.querySelectorAll('svg.main-svg')].map((s) => s.textContent).join('\\n'),
    };
}"""


def check_nothing_became_markup(page, where: str) -> dict:
    report = page.evaluate(DOM_REPORT)
    assert report["xss"] == "undefined", where
    for key in ("scripts", "images", "jsLinks", "handlers", "boldFet", "svgBold", "svgLinks"):
        assert report[key] == 0, f"{key} on {where}"
    return report


def hover_texts(page, limit: int = 4) -> list[str]:
    """Hover the first points of every chart (Plotly's drag layer lies over them: force) and
    read the hover label each time."""
    texts = []
    for graph in page.locator(".js-plotly-plot").all():
        points = graph.locator(".point")
        for i in range(min(points.count(), limit)):
            points.nth(i).hover(force=True)
            page.wait_for_timeout(150)
            texts.append(" ".join(page.locator(".hoverlayer").all_text_contents()))
        page.mouse.move(0, 0)
    return texts


@pytest.mark.parametrize(("path", "hover"), PAGES, ids=[p for p, _ in PAGES])
def test_hostile101_labels_stay_plain_text(page, console_errors, hostile_site, path, hover):
    url, keys = hostile_site
    where = path.format(**keys)
    page.goto(url + where)
    page.wait_for_selector(".page")
    settle(page)
    # The overview's sparklines are images without text: no chart there to show a label.
    labelled_charts = not where.startswith("/?") and where != "/"
    if labelled_charts:
        # Plotly draws after the callback has answered: wait until a chart shows a label.
        page.wait_for_function(
            """(labels) => {
                const svg = [...document.querySelectorAll('svg.main-svg')]
                    .map((s) => s.textContent).join(' ');
                return labels.some((label) => svg.includes(label));
            }""",
            arg=list(HOSTILE),
            timeout=15_000,
        )
    report = check_nothing_became_markup(page, where)
    # The labels are there to read, characters and all: in the page and in the charts.
    assert any(h in report["text"] for h in HOSTILE), f"no label shown literally on {where}"
    if labelled_charts:
        assert any(h in report["svg"] for h in HOSTILE), f"no chart label shown literally on {where}"
    assert "**fet**" in report["text"] + report["svg"] or "<b>fet</b>" in report["text"] + report["svg"]
    texts = hover_texts(page)
    check_nothing_became_markup(page, f"{where} after hovering")
    if hover:
        assert any(h in text for text in texts for h in HOSTILE), (where, texts)
    assert console_errors == [] or all("__xss" not in e for e in console_errors), console_errors
