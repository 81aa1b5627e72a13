"""The benchmark harness runs and writes valid JSON (the targets themselves are not tested here)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def test_bench001_smoke_run_writes_valid_json(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "bench.run", "--smoke", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads((tmp_path / "bench-smoke.json").read_text(encoding="utf-8"))
    assert report["smoke"] is True
    targets = {r["target"]: r for r in report["results"]}
    assert set(targets) == {"floor (bare Dash)", "shipped"}
    shipped = targets["shipped"]
    assert shipped["cold_start_s"]["p50"] > 0
    assert shipped["browser_ms"]["n"] > 0 and shipped["browser_ms"]["p95"] > 0
    assert shipped["server_ms"]["n"] > 0  # the Server-Timing header reached the harness
    per_callback = shipped["server_ms_by_callback"]  # ... named by the callback's first output
    assert sum(s["n"] for s in per_callback.values()) == shipped["server_ms"]["n"]
    assert "?" not in per_callback and all(s["p95"] > 0 for s in per_callback.values())
    assert shipped["response_bytes"]["p95"] > 0
    assert shipped["initial_bytes"] > 0 and shipped["rss_mb"] > 0
    assert "shipped" in out.stdout and "floor" in out.stdout
