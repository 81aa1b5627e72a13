"""The data manager hands out frames that cannot corrupt the cached dataset."""

from __future__ import annotations

from data import store


def test_store001_changes_to_a_table_never_reach_the_cache():
    store.open_dataset()
    before = store.current().tables["observations"].copy()
    frame = store.table("observations")
    frame["value"] = 0.0
    frame.loc[frame.index[0], "indicator_id"] = "changed"
    del frame["source"]
    again = store.table("observations")
    assert again.equals(before)
    assert again is not frame
