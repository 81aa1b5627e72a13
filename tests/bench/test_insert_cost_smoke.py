"""bench/insert_cost.py runs (two cards, each of its three ways) and prints a time for each; no targets."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT


def test_insert_cost_smoke_prints_every_timing():
    done = subprocess.run(
        [sys.executable, "-m", "bench.insert_cost", "--cards", "2", "--timeout", "120"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    row = done.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"\s*2(\s+\d+\.\d\d s){3}", row), done.stdout
