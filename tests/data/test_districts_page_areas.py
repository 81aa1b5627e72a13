"""The districts page's callbacks on a small synthetic dataset with several areas (issue #5):
the home area's districts without a choice, another area's after choosing its municipality, and
at most MAX_DISTRICTS drawn when the choice covers more."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd

from data import query_districts as qd
from tests.conftest import ROOT
from tests.synthetic import write_synthetic

SCRIPT = """
import json, re, sys
import app as app_module
from data import store
application = app_module.create_app(sys.argv[1])
from callbacks import districts
ind, year, out = sys.argv[2], sys.argv[3], {}
page = {"show": ["period", "units", "indicator"], "lang": "nb", "page": "districts"}
bars = getattr(districts.update_bars, "__wrapped__", districts.update_bars)
multiples = getattr(districts.update_multiples, "__wrapped__", districts.update_multiples)
with application.server.test_request_context():
    for chosen in json.loads(sys.argv[4]):
        result = json.dumps(bars(year, "year", chosen, ind, page), default=str)
        panels = json.dumps(multiples(chosen, ind, page)[0], default=str)
        out[",".join(chosen)] = {
            "ids": sorted(set(re.findall(r"/districts/(k[0-9]+-d[0-9]+)", result))),  # table links
            "capped": "Viser " in result,
            "multiples_capped": "viser " in panels,
        }
print(json.dumps(out))
"""


def test_districtspage001_home_area_then_another_area_then_capped(tmp_path):
    data = write_synthetic(tmp_path / "synthetic", 45, 5, "2015-2016")
    units = pd.read_parquet(data / "units.parquet")
    inds = pd.read_parquet(data / "indicators.parquet")
    ind = str(inds.loc[inds["panel"] == "districts", "indicator_id"].iloc[0])
    obs = pd.read_parquet(data / "observations.parquet")
    obs = obs[(obs["indicator_id"] == ind) & (obs["period"] == "2016") & obs["value"].notna()]
    districts = qd.district_units(units)
    with_data = districts[districts["unit_id"].isin(obs["unit_id"])]
    areas = list(dict.fromkeys(with_data["parent_id"]))
    assert len(areas) >= 2 and len(districts) > qd.MAX_DISTRICTS  # several areas, more than a screen
    home = str(districts["parent_id"].iloc[0])
    other = next(a for a in areas if a != home)
    municipality = str(units.loc[units["unit_id"] == other, "parent_id"].iloc[0])
    chosen = [[], [municipality], ["norge"]]
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(data), ind, "2016", json.dumps(chosen)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    out = json.loads(done.stdout.strip().splitlines()[-1])

    def expected(area):
        return sorted(with_data.loc[with_data["parent_id"] == area, "unit_id"])

    assert out[""]["ids"] == expected(home)  # no choice: the home area's districts only
    assert out[municipality]["ids"] == expected(other) and expected(other)
    assert not out[""]["capped"] and not out[municipality]["capped"]
    first = set(districts["unit_id"].iloc[: qd.MAX_DISTRICTS])  # the first screen, in tree order
    everything = out["norge"]
    assert everything["capped"] and everything["multiples_capped"]
    assert everything["ids"] == sorted(first & set(with_data["unit_id"]))
