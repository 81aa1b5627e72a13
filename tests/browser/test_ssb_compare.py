"""An SSB import in the browser: the indicator view compares Drammen with a comparison unit and
says why a figure is missing (never 0)."""

from __future__ import annotations

import shutil
from pathlib import Path

from data import ssb
from tests.browser.helpers import plain, settle, wait_text

ROOT = Path(__file__).resolve().parents[2]
FILES = ROOT / "tests" / "data" / "ssb"


def test_indicator_view_compares_with_landet_and_shows_missing_reason(
    page, app_process, tmp_path_factory, console_errors
) -> None:
    folder = tmp_path_factory.mktemp("ssb") / "drammen"
    shutil.copytree(ROOT / "data" / "drammen", folder)
    for name in ("kostra-12209-v1.json", "kostra-12209-csv-v2.csv"):
        ssb.import_export(FILES / name, ROOT / "data" / "ssb" / "mapping-drammen.csv", folder)
    app = app_process("--data", str(folder))
    page.goto(f"{app.url}/indicators/nursing_home_occupancy_pct?units=drammen,landet&period=2024")
    settle(page)
    assert "Landet" in plain(page.text_content("#filter-checklist-units"))  # offered in the unit filter
    wait_text(page, "#overview-div-breakdown-table", "Drammen kommune", "Landet")
    breakdown = plain(page.text_content("#overview-div-breakdown-table"))
    assert "97,0 %" in breakdown and "93,1 %" in breakdown
    wait_text(page, "#overview-div-series-table", "Landet", "Ikke tilgjengelig ennå (SSB: ...)")
    series = plain(page.text_content("#overview-div-series-table"))
    row_2025 = [r for r in page.locator("#overview-div-series-table tr").all_text_contents() if "2025" in r]
    assert row_2025 and all("Ikke tilgjengelig ennå" in r and "0,0" not in r for r in row_2025)
    assert "Landet" in series
    assert console_errors == []
