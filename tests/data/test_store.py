"""The data manager hands out frames that cannot corrupt the cached dataset."""

from __future__ import annotations

import pandas as pd

from data import store


def test_store001_changes_to_a_table_never_reach_the_cache():
    store.open_dataset()
    before = store.observations().copy()
    frame = store.observations()
    frame["value"] = 0.0
    frame.loc[frame.index[0], "indicator_id"] = "changed"
    del frame["source"]
    again = store.observations()
    assert again.equals(before)
    assert again is not frame


def _file_store(path=None) -> store.FileStore:
    from data.load import load_dataset

    return store.FileStore(load_dataset(store.resolve_path(path)))


def test_store002_filtered_reads_equal_masks_over_the_whole_table():
    fs = _file_store()
    obs = fs.dataset.tables["observations"]
    ids = ["discharge_ready_patients", "startlan_households", "no_such_indicator"]
    units = ["p05", "drammen", "hamborgstrom"]
    years = obs["period"].str.slice(0, 4).astype(int)
    cases = [
        ({"indicator_ids": ids}, obs["indicator_id"].isin(ids)),
        ({"unit_ids": units}, obs["unit_id"].isin(units)),
        ({"years": [2015, 2016]}, years.isin([2015, 2016])),
        (
            {"indicator_ids": ids, "unit_ids": units, "years": [2016]},
            obs["indicator_id"].isin(ids) & obs["unit_id"].isin(units) & (years == 2016),
        ),
        ({"indicator_ids": []}, obs["indicator_id"].isin([])),
    ]
    for kwargs, mask in cases:
        got = fs.observations(**kwargs)
        pd.testing.assert_frame_equal(got, obs[mask], obj=str(kwargs))
    assert len(fs.observations(indicator_ids=["discharge_ready_patients"])) > 0
    assert fs.observations(indicator_ids=["no_such_indicator"]).empty


def test_store003_budget_periods_and_sources():
    fs = _file_store()
    budget = fs.dataset.tables["budget"]
    got = fs.budget(unit_ids=["nav", "gulskogen"], years=[2016])
    pd.testing.assert_frame_equal(
        got, budget[budget["unit_id"].isin(["nav", "gulskogen"]) & (budget["year"] == 2016)]
    )
    assert not got.empty
    periods = fs.observation_periods(["livsglede_certified_districts"])
    assert periods == sorted(periods) and {"2016", "2017-02"} <= set(periods)
    pairs = fs.budget_periods()
    assert list(pairs.columns) == ["year", "period"] and not pairs.duplicated().any()
    assert (2016, "year") in set(zip(pairs["year"], pairs["period"], strict=True))
    assert "Årsrapport 2016, P05 Helse og omsorg" in fs.final_sources()


def test_store004_version_follows_the_file_contents(tmp_path):
    import shutil

    folder = tmp_path / "drammen"
    shutil.copytree(store.DEFAULT_PATH, folder)
    first = _file_store(folder).info()
    assert first.kind == "files" and first.version.startswith("sha256:")
    assert _file_store(folder).info().version == first.version
    events = folder / "events.csv"
    events.write_text(events.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert _file_store(folder).info().version != first.version
    assert first.observations == len(_file_store(folder).dataset.tables["observations"])


def test_store005_frames_handed_out_never_change_the_store():
    fs = _file_store()
    before = fs.dataset.tables["observations"].copy()
    part = fs.observations(indicator_ids=["discharge_ready_patients"])
    part["value"] = -1.0
    part.loc[part.index[0], "unit_id"] = "changed"
    pd.testing.assert_frame_equal(fs.dataset.tables["observations"], before)


def test_store_keeps_the_large_tables_compact_and_hands_out_plain_text():
    """The file store holds ids and choices as categories (memory) but every frame it hands out
    has the loader's usual `str` columns, equal to loading the files plainly."""
    from data.load import load_dataset

    dataset = store.open_dataset()
    plain = load_dataset(store.resolve_path(None))
    for name in store.LARGE_TABLES:
        kept = dataset.tables[name]
        texts = [
            c for c in plain.tables[name].columns if isinstance(plain.tables[name][c].dtype, pd.StringDtype)
        ]
        assert texts and all(isinstance(kept[c].dtype, pd.CategoricalDtype) for c in texts), name
        handed_out = store.backend().table(name)
        pd.testing.assert_frame_equal(handed_out, plain.tables[name])
        assert handed_out is not kept
    pd.testing.assert_frame_equal(store.observations(), plain.tables["observations"])
    pd.testing.assert_frame_equal(store.budget(), plain.tables["budget"])
    ids = ["discharge_ready_patients", "startlan_households"]
    obs = plain.tables["observations"]
    expected = obs[obs["indicator_id"].isin(ids) & obs["unit_id"].isin(["p05", "hamborgstrom"])]
    pd.testing.assert_frame_equal(store.observations(ids, ["p05", "hamborgstrom"]), expected)
    budget = plain.tables["budget"]
    pd.testing.assert_frame_equal(store.budget(years=[2016]), budget[budget["year"] == 2016])
    assert store.observation_periods() == sorted(obs["period"].unique())
    assert store.budget_unit_ids() == sorted(budget["unit_id"].unique())


def test_plain_gives_what_astype_str_gives_missing_cells_and_index_included():
    frame = pd.DataFrame(
        {
            "unit_id": pd.Categorical(["b", None, "a", "b"], categories=["b", "a", "unused"]),
            "value": [1.0, None, 3.0, 4.0],
            "status": pd.Categorical([None, None, None, None], categories=pd.Index([], dtype="str")),
            "note": pd.array(["x", None, "z", ""], dtype="str"),
        },
        index=[7, 3, 11, 0],
    )
    expected = frame.astype({"unit_id": "str", "status": "str"})
    out = store.plain(frame)
    pd.testing.assert_frame_equal(out, expected, check_exact=True)
    assert out["unit_id"].isna().tolist() == [False, True, False, False]
    out.loc[7, "unit_id"] = "changed"  # a new frame: the store's stays as it was
    assert frame.loc[7, "unit_id"] == "b"
    empty = store.plain(frame.iloc[:0])
    pd.testing.assert_frame_equal(empty, expected.iloc[:0], check_exact=True)
    numbers = pd.DataFrame({"code": pd.Categorical([3, None, 1])})  # categories that are not text
    pd.testing.assert_frame_equal(store.plain(numbers), numbers.astype({"code": "str"}), check_exact=True)


def test_reads_of_many_indicators_equal_the_mask_over_the_whole_table():
    # Few indicators: their positions are sorted; many (over 1/16 of the rows): marked in a mask.
    fs = _file_store()
    obs = fs.dataset.tables["observations"]
    every = list(dict.fromkeys(obs["indicator_id"]))
    picks = [every[:1], every[-1:], every[:2], every[::3], every[1::2], every, [*every[::-1], "nope"]]
    for ids in picks:
        pd.testing.assert_frame_equal(fs.observations(ids), obs[obs["indicator_id"].isin(ids)], obj=str(ids))
        with_years = fs.observations(ids, years=[2016])
        expected = obs[obs["indicator_id"].isin(ids) & obs["period"].str.startswith("2016")]
        pd.testing.assert_frame_equal(with_years, expected, obj=str(ids))
    assert len(every) > 20  # so that the picks above take both ways
