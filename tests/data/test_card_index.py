"""The overview cards' index (`query_overview.CardIndex`, built once per dataset in the file
store) against the way the cards were computed before it: `card_figures` and `sparklines` on
every row of the indicators up to the year. Same cards, changes, statuses and sparkline points
for every year, on the shipped Drammen dataset, a small synthetic one and a scrambled variant
of it with the cases the pick has to get right (missing values, published before illustrative,
comparison units, units outside the tree, sub-year periods, shuffled row order).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data import query
from data import query_overview as qo
from data.load import load_dataset
from data.store import FileStore
from tests.synthetic import write_synthetic

ROOT = Path(__file__).resolve().parents[2]
SYNTHETIC_ARGS = ("--municipalities", "4", "--indicators", "12", "--years", "2013-2016", "--monthly")


@pytest.fixture(scope="module")
def synthetic_path(tmp_path_factory) -> Path:
    return write_synthetic(tmp_path_factory.mktemp("synthetic-cards"), 4, 12, "2013-2016")


@pytest.fixture(scope="module", params=["drammen", "synthetic"])
def file_store(request, synthetic_path) -> FileStore:
    path = ROOT / "data" / "drammen" if request.param == "drammen" else synthetic_path
    return FileStore(load_dataset(path))


def years_of(observations: pd.DataFrame) -> list[int]:
    years = sorted(observations.loc[query.annual_mask(observations), "period"].astype(int).unique())
    return [years[0] - 1, *years, years[-1] + 1]  # before any figure and after the last one too


def indicator_sets(indicators: pd.DataFrame):
    yield indicators  # the overview: every indicator
    for panel in indicators["panel"].unique():
        yield indicators[indicators["panel"] == panel]
    yield indicators.iloc[[0]]  # an indicator's own card


def old_cards(observations, indicators, units, targets, year):
    """The cards as computed before the index: from every row of the indicators up to `year`."""
    rows = observations[observations["indicator_id"].isin(indicators["indicator_id"])]
    rows = rows[rows["period"].str.slice(0, 4).astype(int) <= year]
    cards = qo.card_figures(rows, indicators, units, targets, year)
    return cards, qo.sparklines(rows, cards, year)


def assert_same(new, old) -> None:
    (cards, lines), (want_cards, want_lines) = new, old
    pd.testing.assert_frame_equal(cards, want_cards)
    assert list(lines) == list(want_lines)
    for key, points in want_lines.items():
        pd.testing.assert_frame_equal(lines[key], points)


def test_store_cards_are_the_cards_from_every_row(file_store):
    every = file_store.observations()
    indicators, units, targets = (file_store.table(n) for n in ("indicators", "units", "targets"))
    compared = with_cards = 0
    for year in years_of(every):
        for inds in indicator_sets(indicators):
            narrow = file_store.headline_observations(inds["indicator_id"], year)
            cards = qo.card_figures(narrow, inds, units, targets, year)
            expected = old_cards(every, inds, units, targets, year)
            assert_same((cards, qo.sparklines(narrow, cards, year)), expected)
            # Only the headline units' annual rows up to the year are handed out.
            assert query.annual_mask(narrow).all()
            assert (narrow["period"].astype(int) <= year).all()
            assert set(zip(narrow["indicator_id"], narrow["unit_id"], strict=True)) <= set(
                zip(cards["indicator_id"], cards["unit_id"], strict=True)
            )
            compared += 1
            with_cards += len(cards) > 0
    assert with_cards >= compared // 2 > 5


def test_store_headline_units_are_query_headlines(file_store):
    every = file_store.observations()
    indicators, units = file_store.table("indicators"), file_store.table("units")
    for year in years_of(every):
        for inds in indicator_sets(indicators):
            picked = query.headline(every, inds, units, year)
            expected = sorted(zip(picked["indicator_id"], picked["unit_id"], strict=True))
            assert file_store.headline_units([*inds["indicator_id"], "no_such_indicator"], year) == expected


def test_a_reloaded_dataset_gets_its_own_index(tmp_path, synthetic_path):
    """The index belongs to the store of one dataset version: changed figures, changed cards."""
    before = FileStore(load_dataset(synthetic_path))
    ids = list(before.table("indicators")["indicator_id"])
    year = max(years_of(before.observations())) - 1
    for name in ("indicators", "units", "targets", "events", "budget"):
        (tmp_path / f"{name}.parquet").write_bytes((synthetic_path / f"{name}.parquet").read_bytes())
    obs = pd.read_parquet(synthetic_path / "observations.parquet")
    obs["value"] = obs["value"] + 1000.0
    obs.to_parquet(tmp_path / "observations.parquet")
    after = FileStore(load_dataset(tmp_path))
    old, new = before.headline_observations(ids, year), after.headline_observations(ids, year)
    assert len(old) == len(new) > 0
    np.testing.assert_allclose(new["value"].to_numpy(), old["value"].to_numpy() + 1000.0)


def scrambled(store: FileStore, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The synthetic observations and units with every case the pick must order right."""
    rng = np.random.default_rng(seed)
    obs = store.observations().reset_index(drop=True)
    units = store.table("units")
    n = len(obs)
    status = rng.choice(np.array(["final", "preliminary", "illustrative"]), n, p=[0.3, 0.2, 0.5])
    value = obs["value"].to_numpy().copy()
    value[rng.random(n) < 0.15] = np.nan  # missing figures, which a real figure comes before
    missing = np.where(np.isnan(value), "not_published", "")
    obs = obs.assign(
        value=value,
        status=pd.array(status, dtype="str"),
        missing=pd.array(missing, dtype="str"),
    )
    # A comparison unit, a unit outside the tree and a second root's child with figures of
    # every indicator and year, newest of all: never a card's unit.
    extra_units = pd.DataFrame(
        {
            "unit_id": ["landet", "ukjent_forelder"],
            "name": ["Landet", "Ukjent"],
            "parent_id": ["", "finnes_ikke"],
            "kind": ["comparison", "district"],
        }
    )
    units = pd.concat([units, extra_units.reindex(columns=units.columns, fill_value="")], ignore_index=True)
    some = obs[query.annual_mask(obs)].drop_duplicates(["indicator_id", "period"])
    extra = pd.concat(
        [
            some.assign(unit_id="landet", status="final", value=1.0, missing=""),
            some.assign(unit_id="ukjent_forelder", status="final", value=2.0, missing=""),
            some.assign(unit_id="not_in_units", status="final", value=3.0, missing=""),
        ]
    )
    obs = pd.concat([obs, extra], ignore_index=True)
    obs = obs.iloc[rng.permutation(len(obs))].reset_index(drop=True)  # the pick's tie-break is row order
    return obs.astype({c: "str" for c in ("unit_id", "status", "missing")}), units


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_index_picks_what_headline_picks_on_scrambled_rows(synthetic_path, seed):
    store = FileStore(load_dataset(synthetic_path))
    obs, units = scrambled(store, seed)
    indicators, targets = store.table("indicators"), store.table("targets")
    index = qo.CardIndex.build(obs, units)
    statuses = set()
    for year in years_of(obs):
        for inds in indicator_sets(indicators):
            narrow = obs.iloc[index.rows(inds["indicator_id"], year)]
            cards = qo.card_figures(narrow, inds, units, targets, year)
            expected = old_cards(obs, inds, units, targets, year)
            assert_same((cards, qo.sparklines(narrow, cards, year)), expected)
            statuses.update(cards["status"])
    assert statuses >= {"final", "preliminary", "illustrative"}


def test_empty_and_unknown():
    obs = pd.DataFrame(
        {c: pd.Series(dtype="str") for c in ("indicator_id", "unit_id", "period", "status")}
    ).assign(value=pd.Series(dtype=float))
    units = pd.DataFrame({"unit_id": ["k"], "name": ["K"], "parent_id": [""], "kind": ["municipality"]})
    index = qo.CardIndex.build(obs, units)
    assert len(index.rows(["x"], 2016)) == 0
    assert index.headline_units(["x"], 2016) == []


def test_cardindex_points001_one_frame_reads_as_the_dict_of_frames_and_survives_pickling():
    """The cached form of the sparklines gives each card exactly its frame from `sparklines`."""
    import pickle

    dataset = load_dataset(ROOT / "data" / "drammen")
    obs, inds = dataset.tables["observations"], dataset.tables["indicators"]
    cards = qo.card_figures(obs, inds, dataset.tables["units"], dataset.tables["targets"], 2016)
    points = qo.sparklines(obs, cards, 2016)
    assert len(points) >= 20
    cached = pickle.loads(pickle.dumps(qo.CardPoints(points)))
    for indicator_id, frame in points.items():
        pd.testing.assert_frame_equal(cached.get(indicator_id), frame)
    assert cached.get("no-such-indicator") is None
    assert qo.CardPoints({}).get("x", "none") == "none"
