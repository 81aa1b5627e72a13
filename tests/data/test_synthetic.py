"""data.synthetic: a valid, deterministic national dataset; and Parquet read like CSV."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from data import synthetic
from data.load import cell_text, load_dataset
from data.schema import COMPARISON, TABLES, UNIT_KINDS
from tests.data import found

REPO = Path(__file__).resolve().parents[2]
SMALL = ["--municipalities", "3", "--indicators", "5", "--years", "2015-2016", "--monthly"]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small dataset, written by the command line as documented."""
    out = tmp_path_factory.mktemp("synthetic") / "small"
    result = subprocess.run(
        [sys.executable, "-m", "data.synthetic", *SMALL, "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "observations" in result.stdout
    return out


def test_small_dataset_is_valid_and_complete(small: Path) -> None:
    assert sorted(p.name for p in small.iterdir()) == sorted(f"{name}.parquet" for name in TABLES)
    dataset = load_dataset(small)
    assert found(dataset) == []
    assert dataset.dropped == dict.fromkeys(TABLES, 0)
    assert all(len(frame) for frame in dataset.tables.values())
    obs = dataset.tables["observations"]
    assert set(obs["status"]) == {"illustrative"}
    assert set(obs["source"]) == {synthetic.SOURCE}
    assert set(dataset.tables["budget"]["status"]) == {"illustrative"}


def test_small_dataset_has_a_municipal_tree(small: Path) -> None:
    units = load_dataset(small).tables["units"]
    parent = dict(zip(units["unit_id"], units["parent_id"], strict=True))
    kind = dict(zip(units["unit_id"], units["kind"], strict=True))
    assert [u for u, p in parent.items() if p == ""] == ["norge"]
    municipalities = [u for u, p in parent.items() if p == "norge"]
    assert municipalities == ["k0001", "k0002", "k0003"]
    assert {kind[m] for m in municipalities} == {"municipality"}
    for m in municipalities:
        assert parent[f"{m}-p05"] == m and kind[f"{m}-p05"] == "programme_area"
        below = {kind[u] for u, p in parent.items() if p == f"{m}-p05"}
        assert below == {"service", "district", "staff"}
    # Every kind of the municipal tree; comparison units (Landet, KOSTRA groups) come from an SSB
    # import (data/ssb.py), not from the generator.
    assert set(kind.values()) == set(UNIT_KINDS) - {COMPARISON}


def test_row_count_formula(small: Path) -> None:
    dataset = load_dataset(small)
    units = dataset.tables["units"]
    spec = synthetic.Spec(3, 5, 2015, 2016, monthly=True)
    districts = [
        int(((units["parent_id"] == f"{m}-p05") & (units["kind"] == "district")).sum())
        for m in (
            "k0001",
            "k0002",
            "k0003",
        )
    ]
    expected = (3 + 1) * 5 * 2 + sum(1 + d for d in districts) * math.ceil(5 / 10) * 2 * 13
    assert len(dataset.tables["observations"]) == expected == synthetic.observation_rows(spec, districts)
    budget_units = 3 + sum(districts)
    assert len(dataset.tables["budget"]) == budget_units * 2 * 13 * len(synthetic.CATEGORIES)


def test_issue_invocation_gives_two_million_observations() -> None:
    """The issue's command (356 municipalities, 300 indicators, 2010-2025, monthly), counted."""
    spec = synthetic.Spec(356, 300, 2010, 2025, monthly=True)
    units = synthetic.make_units(spec, np.random.default_rng(spec.seed))
    rows = synthetic.observation_rows(spec, [len(d) for d in units.districts[: spec.network]])
    assert rows >= 2_000_000


def test_same_seed_same_bytes_other_seed_other_figures(tmp_path: Path, small: Path) -> None:
    again = tmp_path / "again"
    assert synthetic.main([*SMALL, "--out", str(again)]) == 0
    for name in TABLES:
        assert (again / f"{name}.parquet").read_bytes() == (small / f"{name}.parquet").read_bytes(), name
    other = tmp_path / "other"
    assert synthetic.main([*SMALL, "--seed", "2", "--out", str(other)]) == 0
    first = pq.read_table(small / "observations.parquet").column("value")
    second = pq.read_table(other / "observations.parquet").column("value")
    assert first != second
    assert found(load_dataset(other)) == []


def test_without_monthly_only_annual_figures(tmp_path: Path) -> None:
    assert (
        synthetic.main(
            ["--municipalities", "2", "--indicators", "3", "--years", "2020", "--out", str(tmp_path)]
        )
        == 0
    )
    dataset = load_dataset(tmp_path)
    assert found(dataset) == []
    assert len(dataset.tables["observations"]) == 3 * 3 * 1
    assert set(dataset.tables["observations"]["period"]) == {"2020"}
    assert set(dataset.tables["budget"]["period"]) == {"year", "T1", "T2", "T3"}


# --- A broken Parquet file says the same as the same table in CSV -----------------------------


def _broken_observations(small: Path) -> pa.Table:
    """The small dataset's observations with wrong types and bad cells, as Parquet would hold them."""
    table = pq.read_table(small / "observations.parquet").slice(0, 12)
    ids = table.column("indicator_id").to_pylist()
    units = table.column("unit_id").to_pylist()
    periods = table.column("period").to_pylist()
    values: list[object] = [str(v) for v in table.column("value").to_pylist()]
    units[2] = "ukjent"  # an unknown unit
    values[3] = "abc"  # text in a number column
    values[4] = None  # an empty cell
    values[5] = "1 234,5"  # a number with a thousands space and a decimal comma: valid
    periods[6] = "2016-13"  # a month that does not exist
    periods[7] = periods[0]  # the same key as row 2
    units[7], ids[7] = units[0], ids[0]
    values[8] = "inf"
    return pa.table(
        {
            "indicator_id": pa.array(ids).dictionary_encode(),
            "unit_id": pa.array(units),
            "period": pa.array(periods),
            "value": pa.array(values, pa.string()),
            "status": pa.array(["illustrative"] * 11 + ["endelig"]),
        }
    )


def _broken_targets(small: Path) -> pa.Table:
    table = pq.read_table(small / "targets.parquet").slice(0, 6)
    tolerance = table.column("tolerance").to_numpy().copy()
    tolerance[1] = -1.0  # a negative count
    return table.set_column(table.schema.get_field_index("tolerance"), "tolerance", pa.array(tolerance))


def _as_text(table: pa.Table) -> pa.Table:
    """The same cells as text, what a CSV file of the table holds."""
    return pa.table(
        {n: pa.array([cell_text(v) for v in table.column(n).to_pylist()]) for n in table.column_names}
    )


def _problems(dataset) -> list[tuple[str, int, str, str, str]]:
    return [(Path(p.file).stem, p.row, p.column, p.code, p.message_en) for p in dataset.problems]


def test_broken_parquet_gives_the_same_messages_as_csv(tmp_path: Path, small: Path, monkeypatch) -> None:
    broken = {"observations": _broken_observations(small), "targets": _broken_targets(small)}
    folders = {}
    for fmt in ("parquet", "csv"):
        folder = folders[fmt] = tmp_path / fmt
        folder.mkdir()
        for name in TABLES:
            if name not in broken:
                (folder / f"{name}.parquet").write_bytes((small / f"{name}.parquet").read_bytes())
        for name, table in broken.items():
            if fmt == "parquet":
                pq.write_table(table, folder / f"{name}.parquet")
            else:
                pa_csv.write_csv(_as_text(table), folder / f"{name}.csv")
    typed, text = load_dataset(folders["parquet"]), load_dataset(folders["csv"])
    monkeypatch.setattr("data.load._csv_columns", lambda *_args: None)  # CSV read row by row instead
    by_row = load_dataset(folders["csv"])
    assert [(p[1], p[2], p[3]) for p in _problems(typed) if p[0] == "observations"] == [
        (4, "unit_id", "unknown_reference"),
        (5, "value", "not_a_number"),
        (6, "value", "empty"),
        (8, "period", "bad_month"),
        (9, "-", "duplicate_key"),
        (10, "value", "not_a_number"),
        (13, "status", "not_allowed"),
    ]
    assert ("targets", 3, "tolerance", "negative", '"-1" is negative but must be 0 or more') in _problems(
        typed
    )
    assert _problems(typed) == _problems(text) == _problems(by_row)
    assert typed.dropped == text.dropped == by_row.dropped
    for name in broken:
        assert typed.tables[name].equals(text.tables[name]) and text.tables[name].equals(by_row.tables[name])
    assert typed.tables["observations"]["value"].tolist()[2] == 1234.5  # the sixth row, "1 234,5"
