"""The load-test harness runs against gunicorn and writes valid JSON (the targets of
docs/reliability.md are measured by `make load`, not here)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def test_load001_smoke_run_replays_without_failures(tmp_path):
    args = ["--users", "5", "--seconds", "8", "--workers", "2", "--out", str(tmp_path)]
    out = subprocess.run(
        [sys.executable, "-m", "bench.load.run", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=400,
    )
    # 1 is "a target missed" (memory may move more in 8 s than in a minute); anything else is a crash.
    assert out.returncode in (0, 1), out.stderr[-3000:] + out.stdout[-3000:]
    report = json.loads((tmp_path / "load-test.json").read_text(encoding="utf-8"))
    assert (report["users"], report["seconds"], report["workers"]) == (5, 8, 2)
    assert report["gunicorn_command"].startswith("gunicorn -w 2 -b 127.0.0.1:")
    total = report["total"]
    assert total["failures"] == 0 and report["failures"] == [], report["failures"]
    assert total["requests"] > 20 and total["p50_ms"] > 0 and total["p95_ms"] >= total["p50_ms"]
    names = {r["name"] for r in report["requests"]}
    assert {"GET page", "GET /_dash-layout", "callbacks: page"} <= names
    assert any(name.startswith("callbacks: filter") for name in names)
    memory = report["memory"]
    assert len(memory["before"]["workers_mb"]) == 2 and memory["before"]["total_mb"] > 0
    assert memory["after"]["total_mb"] > 0 and isinstance(memory["growth_pct"], float)
    assert "RSS" in out.stdout and "total" in out.stdout
