"""The app on cases of the bad-data corpus (tests/data/bad): it starts, the footer's data-status
notice counts what was left out and lists it, the rest of the figures are served, and the
source files are untouched. Few cases, one app each (the machine has two cores)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.helpers import settle, visible_text
from tests.conftest import ROOT, AppProcess
from tests.data.bad import make_corpus
from tests.data.test_bad_corpus import snapshot

pytestmark = pytest.mark.browser

BAD = ROOT / "tests" / "data" / "bad"

# case -> (errors, warnings, rows left out, a problem line shown, figures still served on /districts).
# unclosed_quote loses the rest of its file (the quote swallows it), so only 2015 is left: the
# overview shows it.
CASES = {
    "month_13": (3, 0, 3, "observations.csv:7:period: «2016-13»: måned 13 finnes ikke", ["2 632", "1 316"]),
    "unclosed_quote": (1, 0, 1, "observations.csv:3:-: et anførselstegn", ["11,2 %", "2015"]),
    "unit_cycle": (3, 0, 3, "units.csv:6:parent_id: enheten «a» er med i en sirkel", ["2 632", "1 316"]),
    "nul_byte": (1, 0, 1, "observations.csv:3:value: cellen inneholder et kontrolltegn", ["2 632", "1 316"]),
    "mixed_encoding": (
        0,
        1,
        0,
        "indicators.csv:4:-: filen er UTF-8",
        ["2 632", "Helse- og omsorgsdistrikt Åssiden"],
    ),
    "xlsx_workbook": (
        2,
        2,
        2,
        "dataset.xlsx[observations]:6:value: formelen har ingen lagret verdi",
        ["1 316"],
    ),
}


def serve(path: Path, page, route: str = "/districts") -> tuple[AppProcess, str]:
    app = AppProcess("--data", str(path)).wait_ready()
    page.goto(app.url + route)
    page.wait_for_selector(".data-problems")
    page.wait_for_selector(".kpi-card")
    settle(page)
    return app, visible_text(page)


@pytest.mark.parametrize("case", list(CASES))
def test_app_serves_the_rest_and_says_what_was_left_out(page, console_errors, tmp_path, case) -> None:
    errors, warnings, dropped, line, figures = CASES[case]
    path = BAD / case if (BAD / case).is_dir() else make_corpus.build(case, tmp_path)
    before = snapshot(path.parent if path.is_file() else path)
    app, text = serve(path, page, "/" if case == "unclosed_quote" else "/districts")
    try:
        notice = page.locator(".data-problems").inner_text()
        assert f"feil: {errors}, advarsler: {warnings}, utelatte rader: {dropped}" in notice
        page.get_by_text("Vis hva som er utelatt").click()
        assert line in visible_text(page, ".data-problems")
        for figure in figures:
            assert figure in text, f"{figure!r} not served for {case}"
        assert console_errors == []
    finally:
        log = app.stop()
    assert "Traceback" not in log
    assert snapshot(path.parent if path.is_file() else path) == before


def test_app_on_a_big_file_with_bad_rows(page, tmp_path) -> None:
    """A 20 MB observations.csv (640 000 rows, 6 bad) rather than 200 MB: generating and loading
    200 MB takes over a minute on a loaded two-core machine; tests/data/test_bad_corpus.py runs the
    validator on 200 MB."""
    folder, _rows, bad = make_corpus.big(tmp_path / "big", 20 * 1024 * 1024, bad_every=100_000)
    try:
        app, text = serve(folder, page)
        try:
            notice = page.locator(".data-problems").inner_text()
            assert f"feil: {bad}, advarsler: 0, utelatte rader: {bad}" in notice
            page.get_by_text("Vis hva som er utelatt").click()
            assert "observations.csv:100006:value: «x» er ikke et tall" in visible_text(
                page, ".data-problems"
            )
            assert "2 632" in text and "1 316" in text  # the valid dataset's own rows are served
        finally:
            app.stop()
    finally:
        (folder / "observations.csv").unlink()
