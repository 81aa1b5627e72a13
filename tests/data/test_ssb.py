"""data.ssb: SSB statbank exports (JSON-stat2 v1/v2, CSV v1/v2) into a dataset, and what the
app does with comparison units and values missing with a reason.

The export files in tests/data/ssb/ are written by hand in SSB's structure (KOSTRA table 12209
with region codes 0602/3005/3301 for Drammen and EAK, EAKUO, EKG13 to compare with).
"""

from __future__ import annotations

import hashlib
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from data import query, query_overview, ssb
from data.load import load_dataset
from layouts import overview
from layouts.i18n import t

ROOT = Path(__file__).resolve().parents[2]
FILES = ROOT / "tests" / "data" / "ssb"
MAPPING = ROOT / "data" / "ssb" / "mapping-drammen.csv"
SHIPPED = ROOT / "data" / "drammen"
IND = "nursing_home_occupancy_pct"


def observations(name: str) -> pd.DataFrame:
    """The rows one export gives with the shipped mapping, indexed by (indicator, unit, period)."""
    cells, _ = ssb.read_export(FILES / name)
    rows = ssb.convert(cells, ssb.read_mapping(MAPPING), name, "final", "SSB").rows
    return pd.DataFrame(rows).set_index(["indicator_id", "unit_id", "period"])


def cell(frame: pd.DataFrame, unit: str, period: str, indicator: str = IND) -> tuple[str, str]:
    row = frame.loc[(indicator, unit, period)]
    return row["value"], row["missing"]


# --- Reading the four kinds of export ------------------------------------------------------------


def test_jsonstat_v1_region_code_by_year_and_symbols() -> None:
    obs = observations("kostra-12209-v1.json")
    # Drammen: 0602 until 2019, 3005 2020-2023, 3301 from 2024; each code's other years are skipped.
    assert cell(obs, "drammen", "2019") == ("93.1", "")
    assert cell(obs, "drammen", "2020") == ("95.4", "")
    assert cell(obs, "drammen", "2024") == ("", "not_yet_available")  # 3301 "..."
    assert cell(obs, "landet", "2020") == ("91", "")
    assert cell(obs, "landet_uten_oslo", "2024") == ("", "missing")  # ".."
    assert cell(obs, "kostragruppe_13", "2020") == ("0", "")  # "-": nothing to report, a true zero
    assert cell(obs, "kostragruppe_13", "2024") == ("", "confidential")  # ":"
    assert len(obs) == 12  # 6 regions x 3 years, less the 6 cells outside a code's years


def test_jsonstat_v2_with_extension_and_null_dash() -> None:
    obs = observations("kostra-12209-v2.json")
    assert cell(obs, "drammen", "2023") == ("96.1", "")  # 3005 in 2023
    assert cell(obs, "drammen", "2024") == ("97", "")  # 3301 in 2024
    assert cell(obs, "drammen", "2024", "nursing_home_places") == ("405", "")
    assert cell(obs, "landet", "2023", "nursing_home_places") == ("38551", "")
    assert cell(obs, "kostragruppe_13", "2024") == ("", "confidential")
    assert cell(obs, "kostragruppe_13", "2023", "nursing_home_places") == ("0", "")  # null with "-"
    assert ("nursing_home_places", "drammen", "2023") in obs.index
    assert len(obs) == 12


def test_jsonstat_table_number_becomes_the_source(tmp_path: Path) -> None:
    _, meta = ssb.read_export(FILES / "kostra-12209-v2.json")
    assert meta["table"] == "12209"


def test_csv3_v1_utf8_long_format() -> None:
    obs = observations("kostra-12209-csv3-v1.csv")
    assert cell(obs, "drammen", "2018") == ("92.7", "")  # 0602
    assert cell(obs, "drammen", "2020") == ("95.4", "")  # 3005
    assert cell(obs, "drammen", "2021") == ("", "missing")
    assert cell(obs, "landet_uten_oslo", "2021") == ("0", "")
    assert cell(obs, "kostragruppe_13", "2021") == ("", "confidential")


def test_csv_v2_iso_8859_1_semicolons_and_decimal_comma() -> None:
    raw = (FILES / "kostra-12209-csv-v2.csv").read_bytes()
    assert "år".encode("iso-8859-1") in raw and "år".encode() not in raw  # really ISO-8859-1
    obs = observations("kostra-12209-csv-v2.csv")
    assert cell(obs, "drammen", "2023") == ("96.1", "")
    assert cell(obs, "drammen", "2024", "nursing_home_places") == ("405", "")
    assert cell(obs, "drammen", "2025") == ("", "not_yet_available")
    assert cell(obs, "landet", "2024") == ("93.1", "")


def test_factor_scales_values(tmp_path: Path) -> None:
    mapping = tmp_path / "m.csv"
    mapping.write_text(
        "kind,code,id,from_year,to_year,factor,name\n"
        "contents,KOSbelegginst0000,nursing_home_occupancy_pct,,,0.5,\n"
        "region,EAK,landet,,,,Landet\n",
        encoding="utf-8",
    )
    cells, _ = ssb.read_export(FILES / "kostra-12209-v1.json")
    rows = ssb.convert(cells, ssb.read_mapping(mapping), "x", "final", "SSB").rows
    assert sorted(r["value"] for r in rows) == ["45.1", "45.5", "46.15"]


# --- Bad files ----------------------------------------------------------------------------------


def problems_of(export: Path, mapping: Path = MAPPING) -> list[str]:
    with pytest.raises(ssb.ImportFailed) as e:
        ssb.convert(*_read(export, mapping))
    return [p.text("en") for p in e.value.problems]


def _read(export: Path, mapping: Path):
    cells, _ = ssb.read_export(export)
    return cells, ssb.read_mapping(mapping), export.name, "final", "SSB"


def test_unknown_symbol_in_jsonstat_names_position_and_column() -> None:
    [line] = problems_of(FILES / "bad-symbol-v1.json")
    assert line.startswith("bad-symbol-v1.json:status[1]:status: ")
    assert '"x"' in line and "region 0602" in line and "2020" in line


def test_unknown_symbols_in_csv_name_row_and_column() -> None:
    lines = problems_of(FILES / "bad-symbol.csv")
    assert [line.split(": ")[0] for line in lines] == ["bad-symbol.csv:3:value", "bad-symbol.csv:4:value"]
    assert '"?"' in lines[0] and '"12,x"' in lines[1]


def test_value_count_must_match_size(tmp_path: Path) -> None:
    bad = tmp_path / "short.json"
    bad.write_text(
        (FILES / "kostra-12209-v1.json").read_text(encoding="utf-8").replace('"value":[93.1,', '"value":['),
        encoding="utf-8",
    )
    with pytest.raises(ssb.ImportFailed) as e:
        ssb.read_export(bad)
    assert (
        e.value.problems[0].text("en")
        == "short.json:value:-: expected 18 values (the product of size), found 17"
    )


def test_not_jsonstat_and_csv_without_region(tmp_path: Path) -> None:
    a = tmp_path / "a.json"
    a.write_text('{"class": "collection"}', encoding="utf-8")
    b = tmp_path / "b.csv"
    b.write_text('"Tid","value"\n"2020",1\n', encoding="utf-8")
    for path, start in (
        (a, "a.json:1:-: not JSON-stat"),
        (b, "b.csv:1:-: the heading has no column for region"),
    ):
        with pytest.raises(ssb.ImportFailed) as e:
            ssb.read_export(path)
        assert e.value.problems[0].text("en").startswith(start)


def test_mapping_problems_name_row_and_column(tmp_path: Path) -> None:
    mapping = tmp_path / "m.csv"
    mapping.write_text(
        "kind,code,id,from_year,to_year,factor,name\n"
        "contents,KOSbelegginst0000,nursing_home_occupancy_pct,,,x,\n"
        "region,3005,drammen,2020,2023,,\n"
        "region,3005,drammen,2023,,,\n"
        "place,0602,drammen,,,,\n"
        "region,0602,,,20l9,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ssb.ImportFailed) as e:
        ssb.read_mapping(mapping)
    assert [p.text("en").split(": ")[0] for p in e.value.problems] == [
        "m.csv:2:factor",
        "m.csv:4:from_year",
        "m.csv:5:kind",
        "m.csv:6:id",
        "m.csv:6:to_year",
    ]


def test_two_codes_for_one_unit_and_year_is_an_error(tmp_path: Path) -> None:
    mapping = tmp_path / "m.csv"
    mapping.write_text(
        "kind,code,id,from_year,to_year\n"
        "contents,KOSbelegginst0000,nursing_home_occupancy_pct,,\n"
        "region,3005,drammen,,\n"
        "region,3301,drammen,,\n",
        encoding="utf-8",
    )
    lines = problems_of(FILES / "kostra-12209-v2.json", mapping)
    assert lines[0].startswith("kostra-12209-v2.json:value[4]:value: the same observation")


# --- The command line: a round trip into a copy of the shipped dataset ------------------------------


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """data/drammen with the four exports imported by the command line."""
    folder = tmp_path_factory.mktemp("ds") / "drammen"
    shutil.copytree(SHIPPED, folder)
    inputs = [FILES / n for n in ("kostra-12209-v1.json", "kostra-12209-v2.json", "kostra-12209-csv3-v1.csv")]
    inputs.append(FILES / "kostra-12209-csv-v2.csv")
    before = {p: digest(p) for p in [*inputs, MAPPING]}
    for path in inputs:
        done = run("data.ssb", str(path), "--mapping", str(MAPPING), "--into", str(folder), "--lang", "en")
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Traceback" not in done.stderr
        assert "0 errors" in done.stdout
    assert {p: digest(p) for p in before} == before  # the input files are never written to
    return folder


def test_cli_round_trip_validates(imported: Path) -> None:
    done = run("data.validate", str(imported))
    assert done.returncode == 0, done.stdout
    units = pd.read_csv(imported / "units.csv", dtype=str, keep_default_na=False)
    added = units[units["kind"] == "comparison"]
    assert list(added["unit_id"]) == ["landet", "landet_uten_oslo", "kostragruppe_13"]
    assert set(added["parent_id"]) == {"drammen"}
    assert (units["parent_id"] == "").sum() == 1  # still one root


def test_cli_merges_replaces_and_keeps_the_rest(imported: Path) -> None:
    shipped = pd.read_csv(SHIPPED / "observations.csv", dtype=str, keep_default_na=False)
    obs = load_dataset(imported).tables["observations"]
    # distinct keys: 12 (v1 json) + 9 new (v2 json) + 5 new (csv3) + 2 new (v2 csv); the rest replaced
    assert len(obs) == len(shipped) + 28
    rows = obs.set_index(["indicator_id", "unit_id", "period"])
    assert rows.loc[(IND, "drammen", "2024"), "value"] == 97.0  # v2 (csv) replaced v1's "..."
    assert rows.loc[(IND, "drammen", "2024"), "missing"] == ""
    assert math.isnan(rows.loc[(IND, "drammen", "2025"), "value"])
    assert rows.loc[(IND, "drammen", "2025"), "missing"] == "not_yet_available"
    assert rows.loc[(IND, "kostragruppe_13", "2020"), "value"] == 0.0
    assert rows.loc[(IND, "drammen", "2019"), "source"] == "SSB, statistikkbanken (kostra-12209-csv3-v1.csv)"
    assert rows.loc[(IND, "landet", "2019"), "source"] == "SSB, statistikkbanken tabell 12209"


def test_cli_bad_export_writes_nothing_and_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "ds"
    shutil.copytree(SHIPPED, folder)
    before = {p.name: digest(p) for p in folder.iterdir()}
    done = run("data.ssb", str(FILES / "bad-symbol.csv"), "--mapping", str(MAPPING), "--into", str(folder))
    assert done.returncode == 2
    assert done.stderr.splitlines()[0].startswith("bad-symbol.csv:3:value: «?»")
    assert "Traceback" not in done.stderr
    assert {p.name: digest(p) for p in folder.iterdir()} == before


def test_cli_not_a_dataset(tmp_path: Path) -> None:
    done = run(
        "data.ssb", str(FILES / "kostra-12209-v1.json"), "--mapping", str(MAPPING), "--into", str(tmp_path)
    )
    assert done.returncode == 2 and "units.csv" in done.stderr and "Traceback" not in done.stderr


# --- Validation of `missing` ----------------------------------------------------------------------


def test_validation_value_xor_missing(tmp_path: Path) -> None:
    folder = tmp_path / "ds"
    shutil.copytree(SHIPPED, folder)
    with (folder / "observations.csv").open("a", encoding="utf-8") as f:
        f.write("sick_leave_pct,p05,2030,,final,,not_yet_available\n")
        f.write("sick_leave_pct,p05,2031,,final,,\n")
        f.write("sick_leave_pct,p05,2032,7.5,final,,confidential\n")
        f.write("sick_leave_pct,p05,2033,7.5,final,,secret\n")
    # the shipped file has no `missing` column: add it to the heading
    text = (folder / "observations.csv").read_text(encoding="utf-8")
    (folder / "observations.csv").write_text(
        text.replace("status,source\n", "status,source,missing\n", 1), "utf-8"
    )
    dataset = load_dataset(folder)
    n = len(text.splitlines())
    lines = [p.text("en") for p in dataset.errors]
    assert lines == [
        f"observations.csv:{n - 2}:value: the cell is empty but must have a value",
        f"observations.csv:{n - 1}:missing: the row has both a value and a reason why the value is missing "
        '("confidential"); use only one',
        f'observations.csv:{n}:missing: "secret" is not an allowed value (allowed: not_applicable, missing, '
        "not_yet_available, confidential)",
    ]
    obs = dataset.tables["observations"]
    kept = obs[(obs["indicator_id"] == "sick_leave_pct") & (obs["period"] == "2030")]
    assert (
        len(kept) == 1
        and math.isnan(kept["value"].iloc[0])
        and kept["missing"].iloc[0] == "not_yet_available"
    )


# --- Queries and the indicator view ---------------------------------------------------------------


@pytest.fixture(scope="module")
def tables(imported: Path) -> dict[str, pd.DataFrame]:
    return load_dataset(imported).tables


def test_comparison_units_are_never_below_the_root(tables) -> None:
    units = tables["units"]
    assert "landet" not in query.descendants(units, "drammen")
    assert "landet" not in query.expand_units(units, [])
    assert query.expand_units(units, ["landet"]) == ["landet"]
    assert query_overview.top_unit(tables["observations"], units, IND) == "drammen"


def test_series_compares_drammen_with_comparison_units_and_keeps_reasons(tables) -> None:
    rows = query_overview.series(tables["observations"], tables["units"], IND, ["drammen", "landet"])
    assert list(dict.fromkeys(rows["label"])) == ["Drammen kommune", "Landet"]
    r2025 = rows[(rows["unit_id"] == "drammen") & (rows["year"] == 2025)].iloc[0]
    assert math.isnan(r2025["value"]) and r2025["missing"] == "not_yet_available"


def test_card_says_why_a_figure_is_missing_never_zero(tables) -> None:
    obs = tables["observations"]
    only = obs[~((obs["indicator_id"] == IND) & (obs["unit_id"] == "drammen") & obs["value"].notna())]
    cards = query_overview.card_figures(only, tables["indicators"], tables["units"], tables["targets"], 2025)
    row = cards[cards["indicator_id"] == IND].to_dict("records")[0]
    # drammen has only missing figures left, and p05 real ones up to 2016: the real figure wins
    assert row["unit_id"] == "p05" and row["missing"] == ""
    no_real = only[~((only["indicator_id"] == IND) & (only["unit_id"] != "drammen"))]
    cards = query_overview.card_figures(
        no_real, tables["indicators"], tables["units"], tables["targets"], 2025
    )
    row = cards[cards["indicator_id"] == IND].to_dict("records")[0]
    assert row["year"] == 2025 and row["missing"] == "not_yet_available"
    facts = overview.card_facts(row, "nb")
    assert facts.value_text == "Ikke tilgjengelig ennå (SSB: ...)"
    assert overview.card_facts(row, "en").value_text == "Not yet available (SSB: ...)"
    assert row["against_target"] == "n/a"


def test_series_table_shows_reasons(tables) -> None:
    rows = query_overview.series(tables["observations"], tables["units"], IND, ["drammen", "kostragruppe_13"])
    rows = query_overview.with_targets(rows, tables["targets"], {IND: "neutral"})
    info = overview.IndicatorInfo(IND, "Beleggsprosent", "percent", 1)
    text = str(overview.series_table(rows, info, "nb"))
    assert t("missing_not_yet_available", "nb") in text
    assert t("missing_confidential", "nb") in text and t("missing_missing", "nb") in text


def test_breakdown_of_chosen_units_includes_comparison_units(tables) -> None:
    rows = query_overview.breakdown(
        tables["observations"],
        tables["units"],
        tables["targets"],
        IND,
        "neutral",
        2024,
        ["drammen", "landet"],
    )
    assert list(rows["unit_id"]) == ["drammen", "landet"]
    all_units = query_overview.breakdown(
        tables["observations"], tables["units"], tables["targets"], IND, "neutral", 2024
    )
    assert "landet" not in set(all_units["unit_id"])
