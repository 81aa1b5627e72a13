"""The PostgreSQL store against the file store, and `python -m data.load PATH --into URL`.

Every test runs against a private PostgreSQL server (tests/services.py), for real. The same
dataset read through both stores must give the same frames, the same seed figures and the same
panel results; the loader must refuse a bad dataset without touching the database.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from data import query
from data import query_budget as qb
from data.database import DatabaseStore, DatabaseUrlError, create_engine, normalize_url
from data.load import load_dataset
from data.store import FileStore, files_version, source_files
from tests.services import create_database
from tests.synthetic import write_synthetic
from tests.test_seed_figures import SEED_FIGURES

ROOT = Path(__file__).resolve().parents[2]
DRAMMEN = ROOT / "data" / "drammen"


def run_load(path: Path | str, url: str, *extra: str) -> subprocess.CompletedProcess:
    """The real command line, as an operator runs it."""
    return subprocess.run(
        [sys.executable, "-m", "data.load", str(path), "--into", url, *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def db_state(url: str) -> tuple[str, dict[str, int]]:
    """The version in dataset_meta and the row count of each table, read with plain SQL."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            version = conn.execute(sa.text("SELECT version FROM dataset_meta")).scalar_one()
            counts = {
                name: conn.execute(sa.text(f"SELECT count(*) FROM {name}")).scalar_one()
                for name in ("units", "indicators", "observations", "targets", "budget", "events")
            }
    finally:
        engine.dispose()
    return version, counts


@pytest.fixture(scope="session")
def loaded_url(postgres_url) -> str:
    """The private database with the shipped dataset loaded through the command line."""
    done = run_load(DRAMMEN, postgres_url)
    assert done.returncode == 0, done.stdout + done.stderr
    return postgres_url


@pytest.fixture(scope="session")
def file_store() -> FileStore:
    return FileStore(load_dataset(DRAMMEN))


@pytest.fixture(scope="session")
def db_store(loaded_url) -> DatabaseStore:
    return DatabaseStore(loaded_url)


@pytest.fixture(params=["files", "postgresql"])
def store_backend(request):
    """The shipped dataset through either store."""
    return request.getfixturevalue("file_store" if request.param == "files" else "db_store")


# --- URLs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgres://u:p@h:5433/db", "postgresql+psycopg://u:p@h:5433/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_normalize_url_puts_psycopg_under_the_plain_form(url, expected):
    assert normalize_url(url).render_as_string(hide_password=False) == expected


@pytest.mark.parametrize(
    "url", ["mysql://u:p@h/db", "postgresql+psycopg2://u@h/db", "sqlite:///x.db", "nonsense"]
)
def test_normalize_url_refuses_other_databases_and_drivers(url):
    with pytest.raises(DatabaseUrlError) as caught:
        normalize_url(url)
    assert "\n" not in str(caught.value) and "postgresql://" in str(caught.value)


# --- The same figures through both stores -----------------------------------------------------


@pytest.mark.parametrize(("indicator", "unit", "period", "value", "unit_kind"), SEED_FIGURES)
def test_seed_figures_through_the_store(store_backend, indicator, unit, period, value, unit_kind):
    rows = store_backend.observations([indicator], [unit], [int(period[:4])])
    rows = rows[rows["period"] == period]
    assert len(rows) == 1, (indicator, unit, period)
    assert rows["value"].iloc[0] == pytest.approx(value)
    assert rows["status"].iloc[0] == "final"


def test_info_names_the_store_and_the_same_version(store_backend, file_store):
    info = store_backend.info()
    assert info.name == "Drammen kommune"
    assert info.observations == len(file_store.dataset.tables["observations"]) > 0
    assert info.version == files_version(source_files(file_store.dataset))
    assert info.problems == [] and info.rows_left_out == 0
    if info.kind == "postgresql":
        assert pd.Timestamp(info.loaded_at).tzinfo is not None  # ISO 8601 with offset
    else:
        assert info.kind == "files" and info.loaded_at is None


OBSERVATION_FILTERS = [
    {},
    {"indicator_ids": ["discharge_ready_patients"]},
    {"indicator_ids": ["discharge_ready_patients", "everyday_rehab_persons", "no_such_indicator"]},
    {"indicator_ids": []},
    {"unit_ids": ["p05"]},
    {"unit_ids": ["bragernes", "drammen"], "years": [2016]},
    {"years": [2015, 2016]},
    {"years": [1900]},
    {"indicator_ids": ["discharge_ready_patients"], "unit_ids": ["p05"], "years": [2016]},
]
BUDGET_FILTERS = [
    {},
    {"unit_ids": ["p05"]},
    {"years": [2016]},
    {"unit_ids": ["nav", "x"], "years": [2015, 2016]},
    {"unit_ids": []},
]


@pytest.mark.parametrize("filters", OBSERVATION_FILTERS, ids=str)
def test_observations_frame_for_frame(file_store, db_store, filters):
    pd.testing.assert_frame_equal(db_store.observations(**filters), file_store.observations(**filters))


@pytest.mark.parametrize("filters", BUDGET_FILTERS, ids=str)
def test_budget_frame_for_frame(file_store, db_store, filters):
    pd.testing.assert_frame_equal(db_store.budget(**filters), file_store.budget(**filters))


@pytest.mark.parametrize("name", ["units", "indicators", "targets", "events", "observations", "budget"])
def test_tables_frame_for_frame(file_store, db_store, name):
    pd.testing.assert_frame_equal(db_store.table(name), file_store.table(name))


def test_periods_and_sources_are_the_same(file_store, db_store):
    for ids in (None, ["discharge_ready_patients"], ["startlan_households", "tilvisning_flats"], []):
        assert db_store.observation_periods(ids) == file_store.observation_periods(ids)
    pd.testing.assert_frame_equal(db_store.budget_periods(), file_store.budget_periods())
    assert db_store.final_sources() == file_store.final_sources()
    assert db_store.budget_unit_ids() == file_store.budget_unit_ids()
    assert {"nav", "gulskogen"} <= set(db_store.budget_unit_ids())
    assert any("Årsrapport 2016" in s for s in db_store.final_sources())


def test_frames_handed_out_are_the_callers(db_store):
    units = db_store.table("units")
    units.loc[0, "name"] = "changed"
    assert db_store.table("units").loc[0, "name"] == "Drammen kommune"


def test_panel_queries_give_the_same_results(store_backend, file_store):
    units, indicators = store_backend.table("units"), store_backend.table("indicators")
    head = query.headline(store_backend.observations(years=range(2000, 2017)), indicators, units, 2016)
    expected = query.headline(
        file_store.observations(), file_store.table("indicators"), file_store.table("units"), 2016
    )
    pd.testing.assert_frame_equal(head, expected)
    card = head.set_index("indicator_id").loc["discharge_ready_patients"]
    assert (card["value"], card["year"]) == (2632, 2016)

    ytd = qb.year_to_date(store_backend.budget(years=[2016]), 2016)
    view = qb.breakdown(ytd, units, "drammen")
    total = qb.totals(view)
    # Årsrapport 2016: P05 overspent by 2,1 mill. kr.
    assert total["deviation_nok"] == pytest.approx(2_100_000, abs=0.5)
    assert total["word"] == query.deviation_word(2_100_000)
    pd.testing.assert_frame_equal(ytd, qb.year_to_date(file_store.budget(), 2016))


# --- Loading ----------------------------------------------------------------------------------


def test_schema_and_indexes_exist(loaded_url):
    engine = create_engine(loaded_url)
    try:
        inspector = sa.inspect(engine)
        tables = set(inspector.get_table_names())
        assert {
            "units",
            "indicators",
            "observations",
            "targets",
            "budget",
            "events",
            "dataset_meta",
        } <= tables
        indexed = {name: [ix["column_names"] for ix in inspector.get_indexes(name)] for name in tables}
        assert ["indicator_id", "unit_id", "period"] in indexed["observations"]
        assert ["unit_id"] in indexed["observations"]
        assert ["year", "unit_id"] in indexed["budget"]
        columns = {c["name"] for c in inspector.get_columns("observations")}
        assert {"indicator_id", "unit_id", "period", "value", "status", "source", "missing"} <= columns
    finally:
        engine.dispose()


def test_loading_twice_gives_the_same_version_and_counts(loaded_url, file_store):
    before = db_state(loaded_url)
    done = run_load(DRAMMEN, loaded_url)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 and before[0] in lines[0] and "4830" in lines[0].replace(" ", "")
    assert db_state(loaded_url) == before
    assert before[1]["observations"] == len(file_store.dataset.tables["observations"])
    assert before[0] == files_version(source_files(file_store.dataset))


def test_a_bad_dataset_changes_nothing(loaded_url, tmp_path):
    before = db_state(loaded_url)
    bad = tmp_path / "bad"
    shutil.copytree(DRAMMEN, bad)
    obs = bad / "observations.csv"
    lines = obs.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    cells = lines[4].rstrip("\n").split(",")
    cells[header.index("value")] = "mange"
    lines[4] = ",".join(cells) + "\n"
    obs.write_text("".join(lines), encoding="utf-8")
    done = run_load(bad, loaded_url)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "observations.csv:5:value:" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert db_state(loaded_url) == before


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://kpi@127.0.0.1:1/kpi",
        "mysql://u:p@127.0.0.1/db",
        "postgresql://nobody@127.0.0.1:{port}/kpi",
    ],
)
def test_unusable_database_exits_2_with_one_line(url, postgres_url):
    url = url.format(port=postgres_url.rsplit(":", 1)[1].split("/")[0])
    done = run_load(DRAMMEN, url.replace("nobody@", "nobody:secret@"))
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr and "secret" not in done.stderr


def test_a_new_load_is_picked_up_by_a_running_store(postgres_url):
    """A reload shows in a running process without a restart (version looked up every few seconds)."""
    url = create_database(postgres_url, "reload")
    live = DatabaseStore(url)
    assert live.info().observations == 0 and live.table("units").empty and live.observations().empty
    assert run_load(DRAMMEN, url).returncode == 0
    live._checked = float("-inf")  # the few seconds have passed
    assert live.info().observations > 0
    assert len(live.table("units")) > 0


# --- Budget year to date, aggregated in the database --------------------------------------------
# DatabaseStore.budget_year_to_date runs query_budget.year_to_date as one SQL statement: it must
# give the file store's frame (columns, dtypes, values, row order) for every filter.


def subperiods_of(store) -> tuple[str, ...]:
    return qb.budget_subperiods(store.budget_periods())


def assert_same_year_to_date(db, files, unit_sets) -> int:
    """Every budget year × every sub-period the data offers (and one year without rows) × `unit_sets`."""
    years = [*qb.budget_years(files.budget_periods()), 1999]
    compared = 0
    for year in years:
        for sub in subperiods_of(files):
            for unit_ids in unit_sets:
                got = db.budget_year_to_date(year, sub, unit_ids)
                want = files.budget_year_to_date(year, sub, unit_ids)
                try:
                    pd.testing.assert_frame_equal(got, want)
                except AssertionError as exc:
                    raise AssertionError(f"year {year}, {sub}, units {unit_ids}: {exc}") from None
                compared += 1
    return compared


def test_file_store_year_to_date_is_query_budget_year_to_date(file_store):
    got = file_store.budget_year_to_date(2016, "M05", ["nav"])
    pd.testing.assert_frame_equal(got, qb.year_to_date(file_store.budget(["nav"], [2016]), 2016, "M05"))
    assert set(got["unit_id"]) == {"nav"} and len(got) == 4


def test_budget_year_to_date_of_drammen_is_the_file_stores(file_store, db_store):
    units = file_store.table("units")
    districts = units.loc[units["kind"] == "district", "unit_id"].tolist()
    with_rows = set(file_store.budget_unit_ids())
    assert len(districts) == 8 and set(districts) <= with_rows
    assert "p05" not in with_rows  # a unit without rows of its own
    unit_sets = [None, ["nav"], districts, ["p05"], ["no-such-unit"], []]
    assert subperiods_of(file_store) == ("year", *(f"M{m:02d}" for m in range(1, 13)))
    assert assert_same_year_to_date(db_store, file_store, unit_sets) == 5 * 13 * 6
    # Sub-periods really differ: May sums five months, the year row is the whole year.
    may, year = (db_store.budget_year_to_date(2016, s, ["nav"]) for s in ("M05", "year"))
    assert (may["actual"] < year["actual"]).sum() >= 3


def test_p05_overspend_2016_from_the_database(db_store):
    units = db_store.table("units")
    view = qb.breakdown(db_store.budget_year_to_date(2016, "year", None), units, "p05")
    total = qb.totals(view)
    # Årsrapport 2016: P05 overspent by 2,1 mill. kr.
    assert total["deviation_nok"] == pytest.approx(2_100_000, abs=0.5)
    assert total["word"] == query.deviation_word(2_100_000)
    assert len(view) == 16 and set(view["kind"]) == {"unit"}


def test_budget_year_to_date_is_one_statement(db_store, postgres_server):
    db_store.info()  # the version lookup is not part of the read
    start = postgres_server.log.stat().st_size
    ytd = db_store.budget_year_to_date(2016, "M05", ["nav", "gulskogen"])
    with open(postgres_server.log, encoding="utf-8", errors="replace") as log:
        log.seek(start)
        sent = re.findall(r"(?:statement|execute [^:]*): (.*?)(?=\n\S|\Z)", log.read(), re.S)
    statements = [s for s in sent if s.strip() not in (";", "BEGIN", "ROLLBACK", "COMMIT")]
    assert len(ytd) == 8
    assert len(statements) == 1, statements  # the aggregation, not the rows, comes back
    assert statements[0].startswith("WITH") and "GROUP BY" in statements[0] and "FROM budget" in statements[0]


SYNTHETIC_ARGS = ("--municipalities", "3", "--indicators", "10", "--years", "2014-2016", "--monthly")


def synthetic_dir(tmp_path_factory) -> Path:
    return write_synthetic(tmp_path_factory.mktemp("synthetic-agg"), 3, 10, "2014-2016")


@pytest.fixture(scope="module")
def synthetic_stores(tmp_path_factory, postgres_url):
    """A small synthetic national dataset (monthly budget rows) through both stores."""
    path = synthetic_dir(tmp_path_factory)
    url = create_database(postgres_url, "synthetic_agg")
    done = run_load(path, url)
    assert done.returncode == 0, done.stdout + done.stderr
    return DatabaseStore(url), FileStore(load_dataset(path))


def test_budget_year_to_date_of_synthetic_data_is_the_file_stores(synthetic_stores):
    db, files = synthetic_stores
    budget_units = files.budget_unit_ids()
    first = sorted({u.split("-")[0] for u in budget_units})[0]
    unit_sets = [None, [u for u in budget_units if u.startswith(first)], budget_units[-1:], ["no-such-unit"]]
    assert len(subperiods_of(files)) == 13 and len(budget_units) >= 3
    assert assert_same_year_to_date(db, files, unit_sets) == 4 * 13 * 4


# Hand-made rows for what the shipped data has none of: tertials, a year row beside tertials,
# missing amounts and forecasts, mixed statuses, øre, periods out of file order, and a group whose
# first summed row comes late in the file.
EDGE_BUDGET = """unit_id,year,period,category,original_budget,revised_budget,actual,forecast,status
gulskogen,2016,M05,A,100.10,100.20,100.30,1200.40,final
nav,2016,year,A,1200.10,1200.20,1300.30,1300.30,illustrative
nav,2016,M03,A,100.11,100.22,120.33,1250.44,final
nav,2016,M01,A,100.01,100.02,90.03,1210.04,final
nav,2016,M02,A,100.05,100.06,,1220.07,preliminary
nav,2016,T2,B,400.25,410.50,420.75,,final
nav,2016,T1,B,400.10,410.20,430.30,1300.40,preliminary
nav,2016,T3,B,400.33,410.66,,1290.99,final
nav,2016,year,C,5000,5100,,,final
nav,2016,M01,D,10,11,,100,final
nav,2016,M02,D,10,11,,,illustrative
nav,2016,year,E,900,950,975.5,975.5,final
nav,2016,T1,E,300,310,330.25,980,preliminary
nav,2015,year,A,1100,1150,1175,1175,final
nav,2015,T1,B,380,390,395,1180,final
gulskogen,2016,M01,A,50.50,50.25,49.75,1190.10,preliminary
gulskogen,2016,M12,B,0.1,0.2,0.3,0.7,final
gulskogen,2016,M11,B,0.2,0.1,0.7,0.3,illustrative
"""


@pytest.fixture(scope="module")
def edge_stores(tmp_path_factory, postgres_url):
    path = tmp_path_factory.mktemp("edge-budget") / "drammen"
    shutil.copytree(DRAMMEN, path)
    (path / "budget.csv").write_text(EDGE_BUDGET, encoding="utf-8")
    url = create_database(postgres_url, "edge_budget")
    done = run_load(path, url)
    assert done.returncode == 0, done.stdout + done.stderr
    files = FileStore(load_dataset(path))
    assert not files.dataset.errors
    return DatabaseStore(url), files


def test_budget_year_to_date_of_hand_made_edge_cases_is_the_file_stores(edge_stores):
    db, files = edge_stores
    assert subperiods_of(files) == ("year", "T1", "T2", "T3", "M01", "M02", "M03", "M05", "M11", "M12")
    unit_sets = [None, ["nav"], ["gulskogen"], ["gulskogen", "nav"], ["p05"]]
    assert assert_same_year_to_date(db, files, unit_sets) == 3 * 10 * 5


def test_hand_made_edge_cases_give_the_documented_figures(edge_stores):
    db, _ = edge_stores
    ytd = db.budget_year_to_date(2016, "M02", None).set_index(["unit_id", "category"])
    # Months 1-2 of A: the M02 actual is missing, so only M01's counts; forecast made at M02.
    assert ytd.loc[("nav", "A"), "actual"] == 90.03
    assert ytd.loc[("nav", "A"), "forecast"] == 1220.07
    assert ytd.loc[("nav", "A"), "status"] == "preliminary"
    # D: every actual missing -> NaN, not 0; the forecast at M02 is missing -> NaN.
    assert pd.isna(ytd.loc[("nav", "D"), "actual"]) and pd.isna(ytd.loc[("nav", "D"), "forecast"])
    assert ytd.loc[("nav", "D"), "status"] == "illustrative"
    # B has tertials only: none ends by February. C and E have year rows only for the whole year.
    assert ("nav", "B") not in ytd.index and ("nav", "C") not in ytd.index
    # The row order is that of each group's first summed row in the file.
    order = db.budget_year_to_date(2016, "M01", None)
    assert list(zip(order["unit_id"], order["category"], strict=True)) == [
        ("nav", "A"),
        ("nav", "D"),
        ("gulskogen", "A"),
    ]
    whole = db.budget_year_to_date(2016, "year", ["nav"]).set_index("category")
    assert whole.loc["B", "actual"] == 420.75 + 430.30  # T3's actual is missing
    assert whole.loc["B", "forecast"] == 1290.99
    assert whole.loc["E", "actual"] == 975.5 and pd.isna(whole.loc["C", "actual"])
    assert db.budget_year_to_date(2016, "M05", ["p05"]).empty


# --- Which unit each headline figure comes from (the overview's narrow read) -----------------


def _headline_cases(file_store):
    indicators = file_store.table("indicators")
    years = sorted({int(p[:4]) for p in file_store.observation_periods()})
    panels = [None, *sorted(set(indicators["panel"]))]
    for panel in panels:
        ids = list(
            indicators["indicator_id"]
            if panel is None
            else indicators.loc[indicators["panel"] == panel, "indicator_id"]
        )
        for year in [years[0] - 1, *years]:
            yield panel, ids, year


def test_headline_units_are_the_same_in_both_stores(file_store, db_store):
    cases = 0
    for _, ids, year in _headline_cases(file_store):
        assert db_store.headline_units(ids, year) == file_store.headline_units(ids, year), (ids[:2], year)
        cases += 1
    assert cases > 20
    # Drammen's published 2016 total comes from P05, not from a district's share.
    assert ("discharge_ready_patients", "p05") in db_store.headline_units(["discharge_ready_patients"], 2016)
    assert db_store.headline_units(["discharge_ready_patients"], 1990) == []


def test_cards_from_the_headline_observations_equal_cards_from_every_row(store_backend, file_store):
    """The overview reads only `headline_observations` (in PostgreSQL: the headline units' rows
    up to the year): its cards, changes and sparklines are exactly those computed from every
    observation of every unit and year."""
    from data import query_overview as qo

    indicators, units, targets = (file_store.table(n) for n in ("indicators", "units", "targets"))
    every = file_store.observations()
    narrower = 0
    for panel, ids, year in _headline_cases(file_store):
        narrow = store_backend.headline_observations(ids, year)
        if store_backend.info().kind == "postgresql":  # only the headline units' rows
            of_indicators = len(every[every["indicator_id"].isin(ids)])
            assert len(narrow) <= of_indicators
            narrower += len(narrow) < of_indicators
        assert (narrow["period"].str.slice(0, 4).astype(int) <= year).all()
        inds = indicators[indicators["indicator_id"].isin(ids)]
        pd.testing.assert_frame_equal(
            query.headline(narrow, indicators, units, year, panel=panel),
            query.headline(every, indicators, units, year, panel=panel),
        )
        cards = qo.card_figures(every, inds, units, targets, year)
        pd.testing.assert_frame_equal(qo.card_figures(narrow, inds, units, targets, year), cards)
        lines, expected = qo.sparklines(narrow, cards, year), qo.sparklines(every, cards, year)
        assert lines.keys() == expected.keys()
        for key in expected:
            pd.testing.assert_frame_equal(lines[key], expected[key])
    if store_backend.info().kind == "postgresql":  # districts' and months' rows left out
        assert narrower > 20


def test_headline_units_of_synthetic_data_are_the_file_stores(synthetic_stores):
    db_side, file_side = synthetic_stores
    cases = list(_headline_cases(file_side))
    for _, ids, year in cases:
        assert db_side.headline_units(ids, year) == file_side.headline_units(ids, year), (ids[:2], year)
    assert any(file_side.headline_units(ids, year) for _, ids, year in cases)


def test_published_years_are_the_same_in_both_stores_and_give_the_default_year(store_backend, file_store):
    """The default year comes from `published_years` and the period lists, never from reading
    the indicators' rows: it is `query.latest_published_year` of those rows."""
    from callbacks import pages
    from data import cache
    from data import store as store_module

    indicators = file_store.table("indicators")
    every = file_store.observations()
    saved, saved_cache = dict(store_module._current), dict(cache._state)
    cache._state.clear()  # no query cache: both stores share a version, each must answer itself
    store_module.use(store_backend)
    try:
        for panel in [None, *sorted(set(indicators["panel"]))]:
            ids = (
                None if panel is None else list(indicators.loc[indicators["panel"] == panel, "indicator_id"])
            )
            assert store_backend.published_years(ids) == file_store.published_years(ids)
            rows = every if ids is None else every[every["indicator_id"].isin(ids)]
            assert pages.latest_published_year(ids) == query.latest_published_year(rows), panel
    finally:
        store_module._current.clear()
        store_module._current.update(saved)
        cache._state.update(saved_cache)
    assert 2016 in store_backend.published_years(["discharge_ready_patients"])
    assert store_backend.published_years(["no_such_indicator"]) == []
