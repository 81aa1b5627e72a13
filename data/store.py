"""The loaded dataset of this process, kept in memory.

The app opens one dataset at start-up (`open_dataset`); callbacks read tables through
`table()`, which hands out copies so that no callback can change the cached frames.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from data.load import Dataset, load_dataset

DEFAULT_PATH = Path(__file__).resolve().parent / "drammen"
ENV_VAR = "KPI_DATA"

_current: dict[str, Dataset] = {}


def resolve_path(path: str | os.PathLike | None = None) -> Path:
    """The dataset to open: the argument, else $KPI_DATA, else the shipped Drammen dataset."""
    return Path(path or os.environ.get(ENV_VAR) or DEFAULT_PATH)


def open_dataset(path: str | os.PathLike | None = None) -> Dataset:
    dataset = load_dataset(resolve_path(path))
    _current["dataset"] = dataset
    return dataset


def current() -> Dataset:
    if "dataset" not in _current:
        open_dataset()
    return _current["dataset"]


def loaded() -> Dataset | None:
    """The dataset this process has loaded, or None (never loads one itself)."""
    return _current.get("dataset")


def table(name: str) -> pd.DataFrame:
    """One table of the current dataset, as a frame the caller may change freely.

    pandas 3 copies on write, so a shallow copy is enough: adding or changing columns or values
    on it never reaches the cached frame, and nothing is copied until something is written.
    """
    return current().tables[name].copy(deep=False)


def dataset_name() -> str:
    """How the footer names the dataset: the root unit's name, else the folder or file name."""
    units = current().tables["units"]
    roots = units.loc[units["parent_id"] == "", "name"]
    return roots.iloc[0] if len(roots) else Path(current().path).name
