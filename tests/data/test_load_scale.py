"""data.load on thousands of rows: the whole-column paths say exactly what the row-by-row reader says.

A synthetic dataset gets bad cells sprinkled over it (seeded), and is written as CSV and as
Parquet. Read by pyarrow in small blocks, by the csv module row by row, and from Parquet with
dictionary columns, it must give the same problems, rows left out and frames.
"""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from data import load, synthetic
from data.load import load_dataset
from data.schema import TABLES

BAD_CELLS = [
    "",
    "  ",
    "x",
    "1 234,5",
    "12 34",
    "\u22122",
    "-0",
    "1e999",
    "nan",
    "#N/A",
    "2016-13",
    "2016-T4",
    "16",
    "0123",
    "2016.5",
    "2015-02-29",
    " k0001 ",
    "ukjent",
    "Final",
    "M13",
    "1,5",
    "-3",
    "a,b",
    'sa "x"',
]


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same broken dataset as CSV files and as Parquet files."""
    root = tmp_path_factory.mktemp("scale")
    spec = synthetic.Spec(12, 20, 2015, 2017, monthly=True, seed=7)
    tables = synthetic.generate(spec)
    rng = random.Random(7)
    text: dict[str, dict[str, list[str]]] = {}
    for name, table in tables.items():
        columns = {n: [load.cell_text(v) for v in table.column(n).to_pylist()] for n in table.column_names}
        n_rows = table.num_rows
        for _ in range(max(1, n_rows // 200)):  # about one bad cell in 200 rows
            column = rng.choice(list(columns))
            columns[column][rng.randrange(n_rows)] = rng.choice(BAD_CELLS)
        if name == "observations":  # a few repeated keys, far apart
            for _ in range(5):
                i, j = rng.randrange(n_rows), rng.randrange(n_rows)
                for key in ("indicator_id", "unit_id", "period"):
                    columns[key][j] = columns[key][i]
        text[name] = columns
    folders = {fmt: root / fmt for fmt in ("csv", "parquet")}
    for fmt, folder in folders.items():
        folder.mkdir()
        for name, columns in text.items():
            arrays = {n: pa.array(v, pa.string()) for n, v in columns.items()}
            if fmt == "csv":
                pa_csv.write_csv(pa.table(arrays), folder / f"{name}.csv")
            else:  # ids and choices as dictionary columns, the rest as text
                typed = {
                    n: a.dictionary_encode() if n in ("unit_id", "period", "status") else a
                    for n, a in arrays.items()
                }
                pq.write_table(pa.table(typed), folder / f"{name}.parquet")
    return folders


def _summary(dataset) -> tuple[list[tuple[str, int, str, str, str]], dict[str, int]]:
    problems = [(Path(p.file).stem, p.row, p.column, p.code, p.message) for p in dataset.problems]
    return problems, dataset.dropped


def test_csv_in_blocks_parquet_and_row_by_row_agree(broken: dict[str, Path], monkeypatch) -> None:
    read_by_pyarrow = []
    csv_columns = load._csv_columns

    def counted(file: str, source: object):
        table = csv_columns(file, source)
        read_by_pyarrow.append(table is not None)
        return table

    monkeypatch.setattr(load, "_csv_columns", counted)
    monkeypatch.setattr(load, "_BLOCK", 1 << 12)  # many pyarrow blocks per file
    monkeypatch.setattr(load, "_CHUNK", 1 << 10)  # and many pieces when scanning the bytes
    in_blocks = load_dataset(broken["csv"])
    assert read_by_pyarrow == [True] * len(TABLES)
    parquet = load_dataset(broken["parquet"])
    monkeypatch.setattr(load, "_csv_columns", lambda *_args: None)
    row_by_row = load_dataset(broken["csv"])  # the csv module, now that the fast path declines
    assert len(row_by_row.errors) > 20
    assert {p.code for p in row_by_row.problems} >= {"not_a_number", "duplicate_key", "unknown_reference"}
    assert _summary(in_blocks) == _summary(row_by_row) == _summary(parquet)
    for name in TABLES:
        expected = row_by_row.tables[name]
        assert in_blocks.tables[name].equals(expected), name
        assert parquet.tables[name].equals(expected), name
        assert list(parquet.tables[name].dtypes) == list(expected.dtypes), name
