"""Every chart is sent with margins wide enough for its labels, legend and source line
(layouts/figures/margins.py, fast.place_footer): plotly never has to widen one, which it does by
drawing the whole chart a second time on every update. Checked in Chromium on every page of the
shipped dataset and of a synthetic one, in both languages, at two screen widths."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.browser.helpers import CallbackWatch, settle
from tests.synthetic import write_synthetic

pytestmark = pytest.mark.browser

SHIPPED = [
    "/districts",
    "/districts?period=2015&units=hamborgstrom,fjell",
    "/districts/hamborgstrom",
    "/indicators/discharge_ready_patients",
    "/indicators/discharge_ready_patients?units=hamborgstrom,fjell",
    "/housing",
    "/housing/startlan",
    "/housing/startlan?period=2016&subperiod=M03",
    "/budget",
    "/budget?period=2015&subperiod=M05",
    "/budget/hamborgstrom",
]

# Each chart's margins as the figure gives them and as plotly drew them, and what is on the axes.
MARGINS_JS = """
() => [...document.querySelectorAll('.js-plotly-plot')].filter((gd) => gd._fullLayout).map((gd) => {
  const given = gd._fullLayout.margin, drawn = gd._fullLayout._size;
  return {
    chart: ((gd.closest('[id]') || {}).id || '?').slice(-60),
    title: (gd.querySelector('.gtitle') || {}).textContent || '',
    widened: ['l', 'r', 't', 'b'].filter((side) => Math.round(drawn[side]) > given[side])
      .map((side) => `${side}: ${given[side]} -> ${Math.round(drawn[side])}`),
  };
})
"""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory, app_process):
    """12 municipalities, 30 indicators over five years with months: other names, values and
    units than Drammen's (counts in the tens of thousands, percentages, days)."""
    out = write_synthetic(tmp_path_factory.mktemp("margins"), 12, 30, "2012-2016")
    indicators = pd.read_parquet(out / "indicators.parquet")
    units = pd.read_parquet(out / "units.parquet")
    district = units.loc[units["kind"] == "district", "unit_id"].iloc[0]
    on_districts = indicators.loc[indicators["panel"] == "districts", "indicator_id"].tolist()
    paths = [f"/districts?indicator={i}" for i in on_districts[:6]]
    paths += ["/budget", "/budget?period=2015&subperiod=T2", f"/districts/{district}"]
    paths += [f"/indicators/{i}" for i in indicators["indicator_id"].tolist()[::7]]
    return app_process("--data", str(out)).url, paths


def widened_charts(page, url: str) -> tuple[int, list[dict]]:
    """Open `url`, wait until every chart is drawn; the number of charts and those plotly widened."""
    page.goto(url)
    page.wait_for_selector(".data-ok, .data-problems")
    settle(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].every((gd) => gd._fullLayout)"
        " && !document.querySelector('.dash-graph--pending')"
    )
    charts = page.evaluate(MARGINS_JS)
    return len(charts), [c for c in charts if c["widened"]]


@pytest.mark.parametrize("width", [1280, 1920])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_margins001_no_chart_of_the_shipped_data_is_widened(browser, live_url, width, lang):
    context = browser.new_context(viewport={"width": width, "height": 1000})
    page = context.new_page()
    page.dash_callbacks = CallbackWatch(page)
    drawn, widened = 0, []
    for path in SHIPPED:
        url = f"{live_url}{path}{'&' if '?' in path else '?'}lang={lang}"
        count, found = widened_charts(page, url)
        drawn += count
        widened += [{**c, "url": path} for c in found]
    context.close()
    assert drawn >= 20, "charts drawn"
    assert widened == [], widened


def test_margins002_no_chart_of_other_data_is_widened(page, synthetic):
    url, paths = synthetic
    drawn, widened = 0, []
    for lang in ("nb", "en"):
        for path in paths:
            count, found = widened_charts(page, f"{url}{path}{'&' if '?' in path else '?'}lang={lang}")
            drawn += count
            widened += [{**c, "url": path, "lang": lang} for c in found]
    assert drawn >= 2 * len(paths), "charts drawn"
    assert widened == [], widened
