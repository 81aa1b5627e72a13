"""The panel queries as they were before the performance work of issue #5 (commit ff92173), so
that tests/data/test_query_equivalence*.py can check that the faster data/query*.py give exactly
the same results. Not used by the app.

The old modules are read from the repository's history (`git show ff92173:data/<module>.py`), not
kept as copies; `from data import query` in them is pointed at the old `query`. Without git or
without that commit (an export, a shallow clone) the equivalence tests are skipped, saying why.
"""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

BASE = "ff92173"
MODULES = ("query", "query_budget", "query_districts", "query_housing", "query_overview")
ROOT = Path(__file__).resolve().parents[3]


def _source(name: str) -> str:
    try:
        done = subprocess.run(
            ["git", "show", f"{BASE}:data/{name}.py"], cwd=ROOT, capture_output=True, text=True, check=False
        )
    except OSError as exc:
        pytest.skip(f"git is needed to read the old queries ({exc})", allow_module_level=True)
    if done.returncode:
        pytest.skip(f"commit {BASE} is not in this clone: {done.stderr.strip()}", allow_module_level=True)
    return done.stdout.replace("from data import query\n", f"from {__name__} import query\n")


for _name in MODULES:
    _module = types.ModuleType(f"{__name__}.{_name}")
    _module.__file__ = f"{BASE}:data/{_name}.py"
    sys.modules[_module.__name__] = _module  # before running it: dataclasses look their module up
    exec(compile(_source(_name), _module.__file__, "exec"), _module.__dict__)
    globals()[_name] = _module
