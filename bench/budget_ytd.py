"""Budget year to date in PostgreSQL (one statement) against reading the rows + pandas.

    .venv/bin/python -m data.synthetic --municipalities 356 --indicators 300 --years 2010-2025 \
        --monthly --out /tmp/scale-agg
    .venv/bin/python bench/budget_ytd.py /tmp/scale-agg

Starts a private PostgreSQL (tests/services.py), loads the dataset with `python -m data.load`,
then times, for the budget root's units, `DatabaseStore.budget_year_to_date` against
`query_budget.year_to_date(DatabaseStore.budget(...))` and the file store: median of 5 (ms).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from callbacks.budget import subtree  # noqa: E402
from data import query_budget as qb  # noqa: E402
from data.database import DatabaseStore  # noqa: E402
from data.load import load_dataset  # noqa: E402
from data.store import FileStore  # noqa: E402
from tests.services import PostgresServer  # noqa: E402


def median_ms(run, times: int = 5) -> tuple[float, object]:
    out, spent = None, []
    for _ in range(times):
        start = time.perf_counter()
        out = run()
        spent.append((time.perf_counter() - start) * 1000)
    return statistics.median(spent), out


def main(path: str, year: int = 2016) -> None:
    server = PostgresServer().start()
    try:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "data.load", path, "--into", server.url], cwd=ROOT)
        assert done.returncode == 0
        print(f"loaded in {time.perf_counter() - started:.1f} s")
        db, files = DatabaseStore(server.url), FileStore(load_dataset(path))
        units = db.table("units")
        with_rows = pd.DataFrame({"unit_id": db.budget_unit_ids()}, dtype="str")
        root = qb.budget_root(units, with_rows)
        wanted = subtree(units, root or "")
        rows = len(db.budget(wanted, [year]))
        print(f"root {root}: {len(wanted)} units, {rows} budget rows in {year}")
        for sub in ("year", "T2", "M05"):
            sql_ms, in_db = median_ms(lambda s=sub: db.budget_year_to_date(year, s, wanted))
            rows_ms, pulled = median_ms(lambda s=sub: qb.year_to_date(db.budget(wanted, [year]), year, s))
            file_ms, in_memory = median_ms(lambda s=sub: files.budget_year_to_date(year, s, wanted))
            pd.testing.assert_frame_equal(in_db, pulled)
            pd.testing.assert_frame_equal(in_db, in_memory)
            print(
                f"{year} {sub:>4}: {len(in_db)} rows out | PostgreSQL aggregate {sql_ms:7.1f} ms"
                f" | PostgreSQL rows + pandas {rows_ms:7.1f} ms | file store {file_ms:7.1f} ms"
            )
    finally:
        server.stop()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/scale-agg")
