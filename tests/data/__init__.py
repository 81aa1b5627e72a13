"""Tests of the data layer, and helpers to write tiny datasets for them."""

from __future__ import annotations

from pathlib import Path

from data.load import Dataset, load_dataset

# The smallest valid dataset: a root unit and one child, one indicator, one observation.
MINIMAL: dict[str, str] = {
    "units": (
        "unit_id,name,parent_id,kind\n"
        "kommune,Drammen kommune,,municipality\n"
        "hso,Helse og omsorg,kommune,programme_area\n"
    ),
    "indicators": (
        "indicator_id,name,panel,goal_area,unit,direction\n"
        "sykefravaer,Sykefravær,organisation,Arbeidskultur,percent,lower_is_better\n"
    ),
    "observations": "indicator_id,unit_id,period,value,status\nsykefravaer,hso,2016,10.9,final\n",
}


def write_dataset(folder: Path, **tables: str | bytes | None) -> Path:
    """Write MINIMAL as UTF-8 CSV files into `folder`; `tables` replace tables (None removes one).

    Bytes are written as they are (for encodings); text is written as UTF-8.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in {**MINIMAL, **tables}.items():
        if content is None:
            continue
        path = folder / f"{name}.csv"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return folder


def load(folder: Path, **tables: str | bytes | None) -> Dataset:
    return load_dataset(write_dataset(folder, **tables))


def found(dataset: Dataset) -> list[str]:
    """Each problem as "FILE:ROW:COLUMN code", in the order reported."""
    return [f"{p.file}:{p.row}:{p.column} {p.code}" for p in dataset.problems]
