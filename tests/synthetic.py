"""A small synthetic dataset for tests: `python -m data.synthetic` into a folder (a real run of
the command users run, so the files are what they would get)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_synthetic(
    out: Path, municipalities: int, indicators: int, years: str, monthly: bool = True
) -> Path:
    """Write the synthetic dataset (with months) into `out` and return `out`; a failing command
    fails the test with its output."""
    args = ["--municipalities", str(municipalities), "--indicators", str(indicators), "--years", years]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "data.synthetic",
            *args,
            *(["--monthly"] if monthly else []),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out
