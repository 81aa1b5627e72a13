"""The query micro-benchmark runs on the shipped dataset and writes valid JSON (figures not tested)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_benchq001_smoke_run_writes_valid_json(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "bench.queries", "--smoke", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads((tmp_path / "queries-smoke.json").read_text(encoding="utf-8"))
    assert report["smoke"] is True and report["repeats"] == 1
    assert report["observations"] > 1000
    names = [r["case"] for r in report["results"]]
    assert len(names) == len(set(names)) >= 14
    assert {"headline (districts panel)", "budget: root view", "housing: programme page"} <= set(names)
    for r in report["results"]:
        assert 0 < r["observations_filtered"] <= report["observations"]
        for kind in ("whole", "filtered"):
            run = r[kind]
            assert len(run["runs_ms"]) == 1 and run["median_ms"] == run["runs_ms"][0] > 0
            assert run["tracemalloc_peak_mib"] >= 0
    assert "headline (districts panel)" in out.stdout
