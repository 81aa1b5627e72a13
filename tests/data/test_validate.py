"""data.validate: each rule with a failing and a passing case, the messages, and the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from data.messages import TEMPLATES, Problem
from data.schema import REFERENCES, TABLES
from data.validate import main
from tests.data import MINIMAL, found, load, write_dataset

REPO = Path(__file__).resolve().parents[2]

OBS = "indicator_id,unit_id,period,value,status\n"
UNITS = MINIMAL["units"]
IND = "indicator_id,name,panel,goal_area,unit,direction,decimals\n"
TARGETS = "indicator_id,unit_id,period,target,tolerance\n"
BUDGET = "unit_id,year,period,category,original_budget,revised_budget,actual,status\n"
EVENTS = "date,unit_id,panel,title\n"


def obs(*rows: str) -> str:
    return OBS + "".join(f"{r}\n" for r in rows)


def units(*rows: str) -> str:
    return UNITS + "".join(f"{r}\n" for r in rows)


# Each case: overrides for the minimal dataset, and the problems expected ("" = none).
RULES = {
    # Files and columns.
    "missing_table-fail": (
        {"units": None},
        ["ds:1:- missing_table", "observations.csv:2:unit_id unknown_reference"],
    ),
    "missing_table-pass-optional": ({"targets": None, "budget": None, "events": None}, []),
    "missing_column-fail": (
        {"observations": "indicator_id,unit_id,period,status\nsykefravaer,hso,2016,final\n"},
        ["observations.csv:1:value missing_column"],
    ),
    "missing_column-pass-optional": ({"observations": obs("sykefravaer,hso,2016,1,final")}, []),
    "unknown_column-warn": (
        {"observations": OBS.replace("\n", ",kommentar\n") + "sykefravaer,hso,2016,1,final,ok\n"},
        ["observations.csv:1:kommentar unknown_column"],
    ),
    "duplicate_column-fail": (
        {"observations": OBS.replace("\n", ",value\n") + "sykefravaer,hso,2016,1,final,2\n"},
        ["observations.csv:1:value duplicate_column"],
    ),
    "unnamed_column-warn": (
        {"observations": OBS.replace("\n", ",\n") + "sykefravaer,hso,2016,1,final,ok\n"},
        ["observations.csv:1:- unnamed_column"],
    ),
    "unnamed_column-pass-empty": (
        {"observations": OBS.replace("\n", ",,\n") + "sykefravaer,hso,2016,1,final,,\n"},
        [],
    ),
    "too_many_cells-fail": (
        {"observations": obs("sykefravaer,hso,2016,10,9,final")},
        ["observations.csv:2:- too_many_cells"],
    ),
    "too_many_cells-pass-quoted": ({"observations": obs('sykefravaer,hso,2016,"10,9",final')}, []),
    # Cells.
    "empty-fail": ({"observations": obs("sykefravaer,hso,2016,,final")}, ["observations.csv:2:value empty"]),
    "empty-fail-spaces": (
        {"observations": obs("sykefravaer,hso,   ,1,final")},
        ["observations.csv:2:period empty"],
    ),
    "empty-pass-nullable": (
        {"indicators": IND + "sykefravaer,Sykefravær,organisation,,percent,neutral,1\n"},
        [],
    ),
    "every-bad-cell": (
        {"observations": obs(",hso,2016-13,x,fin")},
        [
            "observations.csv:2:indicator_id empty",
            "observations.csv:2:period bad_month",
            "observations.csv:2:value not_a_number",
            "observations.csv:2:status not_allowed",
        ],
    ),
    "negative-fail": (
        {"targets": TARGETS + "sykefravaer,hso,2016,8,-1\n"},
        ["targets.csv:2:tolerance negative"],
    ),
    "negative-pass": ({"targets": TARGETS + "sykefravaer,hso,2016,-8,0.5\n"}, []),
    "not_a_whole_number-fail": (
        {"indicators": IND + "sykefravaer,Sykefravær,organisation,,percent,neutral,1.5\n"},
        [
            "indicators.csv:2:decimals not_a_whole_number",
            "observations.csv:2:indicator_id reference_left_out",
        ],
    ),
    "not_a_whole_number-pass": (
        {"indicators": IND + "sykefravaer,Sykefravær,organisation,,percent,neutral,2.0\n"},
        [],
    ),
    "not_a_year-fail": (
        {"budget": BUDGET + "hso,16,year,Lønn,1,,,final\n"},
        ["budget.csv:2:year not_a_year"],
    ),
    "not_a_year-pass": ({"budget": BUDGET + "hso,2016,year,Lønn,1,,,final\n"}, []),
    "not_allowed-fail": (
        {"budget": BUDGET + "hso,2016,M13,Lønn,1,,,final\n"},
        ["budget.csv:2:period not_allowed"],
    ),
    "not_allowed-pass": ({"budget": BUDGET + "hso,2016,M12,Lønn,1,,,preliminary\n"}, []),
    "bad_period-fail": (
        {"observations": obs("sykefravaer,hso,2016-3,1,final")},
        ["observations.csv:2:period bad_period"],
    ),
    "bad_month-fail": (
        {"observations": obs("sykefravaer,hso,2016-00,1,final")},
        ["observations.csv:2:period bad_month"],
    ),
    "bad_tertial-fail": (
        {"observations": obs("sykefravaer,hso,2016-T4,1,final")},
        ["observations.csv:2:period bad_tertial"],
    ),
    "period-pass": (
        {"observations": obs("sykefravaer,hso,2016-12,1,final", "sykefravaer,hso,2016-T3,1,final")},
        [],
    ),
    "bad_date-fail": (
        {"events": EVENTS + "14.06.2016,hso,overview,Avtale\n"},
        ["events.csv:2:date bad_date"],
    ),
    "no_such_date-fail": (
        {"events": EVENTS + "2015-02-29,hso,overview,Avtale\n"},
        ["events.csv:2:date no_such_date"],
    ),
    "date-pass": (
        {"events": EVENTS + "2016-02-29,hso,overview,A\n2016-06,hso,budget,B\n2016,kommune,social,C\n"},
        [],
    ),
    # Keys.
    "duplicate_key-fail": (
        {"observations": obs("sykefravaer,hso,2016,1,final", "sykefravaer,hso,2016,2,final")},
        ["observations.csv:3:- duplicate_key"],
    ),
    "duplicate_key-pass": (
        {"observations": obs("sykefravaer,hso,2016,1,final", "sykefravaer,hso,2017,2,final")},
        [],
    ),
    "no-key-pass": ({"events": EVENTS + "2016,hso,overview,A\n2016,hso,overview,A\n"}, []),
    # The unit tree.
    "self_parent-fail": ({"units": units("x,X,x,service")}, ["units.csv:4:parent_id self_parent"]),
    "cycle-fail": (
        {"units": units("a,A,b,service", "b,B,a,service", "c,C,a,staff")},
        [
            "units.csv:4:parent_id cycle",
            "units.csv:5:parent_id cycle",
            "units.csv:6:parent_id reference_left_out",
        ],
    ),
    "extra_root-fail": (
        {"units": units("r2,R2,,district", "r3,R3,r2,staff")},
        ["units.csv:4:parent_id extra_root", "units.csv:5:parent_id reference_left_out"],
    ),
    "no_root-fail": (
        {"units": "unit_id,name,parent_id,kind\nkommune,K,ukjent,municipality\nhso,H,kommune,service\n"},
        [
            "units.csv:1:parent_id no_root",
            "units.csv:2:parent_id unknown_reference",
            "units.csv:3:parent_id reference_left_out",
            "observations.csv:2:unit_id reference_left_out",
        ],
    ),
    "tree-pass": ({"units": units("a,A,hso,service", "b,B,a,staff", "c,C,kommune,district")}, []),
    # References.
    "unknown_reference-fail": (
        {"observations": obs("sykefravaer,foo,2016,1,final")},
        ["observations.csv:2:unit_id unknown_reference"],
    ),
    "reference_left_out-fail": (
        {"units": UNITS.replace("programme_area", "programmeområde")},
        ["units.csv:3:kind not_allowed", "observations.csv:2:unit_id reference_left_out"],
    ),
    "reference-pass-root": ({"observations": obs("sykefravaer,kommune,2016,1,final")}, []),
    # The bad-data corpus (tests/data/bad) in miniature: the codes added for it.
    "empty_file-fail": ({"observations": ""}, ["observations.csv:1:- empty_file"]),
    "no_rows-fail": ({"observations": OBS}, ["observations.csv:1:- no_rows"]),
    "no_rows-pass-optional": ({"targets": TARGETS}, []),
    "wrong_separator-fail": (
        {"observations": obs("sykefravaer,hso,2016,1,final").replace(",", "|")},
        ["observations.csv:1:- wrong_separator"],
    ),
    "row_separator-fail": (
        {"observations": OBS.replace(",", ";") + "sykefravaer,hso,2016,1,final\n"},
        ["observations.csv:2:- row_separator"],
    ),
    "ambiguous_number-fail": (
        {"observations": obs('sykefravaer,hso,2016,"1.234,5",final', 'sykefravaer,hso,2015,"1,234.5",final')},
        ["observations.csv:2:value ambiguous_number", "observations.csv:3:value ambiguous_number"],
    ),
    "number_too_large-fail": (
        {"observations": obs("sykefravaer,hso,2016,-1e309,final")},
        ["observations.csv:2:value number_too_large"],
    ),
    "negative_count-fail": (
        {
            "indicators": IND + "vedtak,Vedtak,districts,,count,neutral,0\n",
            "observations": obs("vedtak,hso,2016,-1,final", "vedtak,hso,2015,0,final"),
            "targets": TARGETS + "vedtak,hso,2016,-2,0\n",
        },
        ["observations.csv:2:value negative_count", "targets.csv:2:target negative_count"],
    ),
    "negative_count-pass-not-a-count": ({"observations": obs("sykefravaer,hso,2016,-1,final")}, []),
    "control_character-fail": (
        {"observations": obs("sykefravaer,hso,2016,1,final", "sykefravaer,hso\x00,2015,1,final")},
        ["observations.csv:3:unit_id control_character"],
    ),
}


@pytest.mark.parametrize(("tables", "expected"), list(RULES.values()), ids=list(RULES))
def test_rule(tmp_path: Path, tables: dict[str, str | None], expected: list[str]) -> None:
    assert found(load(tmp_path / "ds", **tables)) == expected


# A valid row for each table that refers to others, to break one reference at a time.
VALID_ROWS = {
    "observations": obs("sykefravaer,hso,2016,1,final"),
    "targets": TARGETS + "sykefravaer,hso,2016,8,0\n",
    "budget": BUDGET + "hso,2016,year,Lønn,1,,,final\n",
    "events": EVENTS + "2016,hso,overview,A\n",
}


@pytest.mark.parametrize(
    ("source", "column", "target"),
    [(s, c, t) for s, c, t, _ in REFERENCES if s != "units"],
    ids=[f"{s}.{c}" for s, c, _, _ in REFERENCES if s != "units"],
)
def test_every_reference_is_checked(tmp_path: Path, source: str, column: str, target: str) -> None:
    heading, row = VALID_ROWS[source].splitlines()
    cells = row.split(",")
    cells[heading.split(",").index(column)] = "ukjent"
    dataset = load(tmp_path, **{source: f"{heading}\n{','.join(cells)}\n"})
    assert found(dataset) == [f"{source}.csv:2:{column} unknown_reference"]
    assert f"«ukjent» finnes ikke i {target}" in dataset.problems[0].message
    assert load(tmp_path / "ok", **{source: VALID_ROWS[source]}).problems == []


@pytest.mark.parametrize(
    ("tables", "nb", "en"),
    [
        (
            {"observations": obs("sykefravaer,hso,2016,1,final", 'sykefravaer,hso,2017,"12,x",final')},
            "observations.csv:3:value: «12,x» er ikke et tall",
            'observations.csv:3:value: "12,x" is not a number',
        ),
        (
            {"units": units("a,A,foo,service")},
            "units.csv:4:parent_id: enheten «foo» finnes ikke i units",
            'units.csv:4:parent_id: unit "foo" does not exist in units',
        ),
        (
            {"observations": obs("sykefravaer,hso,2016,1,final", "sykefravaer,hso,2016,2,final")},
            "observations.csv:3:-: raden finnes allerede (samme indicator_id, unit_id, period som rad 2)",
            "observations.csv:3:-: the row already exists (same indicator_id, unit_id, period as row 2)",
        ),
        (
            {"observations": obs("sykefravaer,hso,2016,1,endelig")},
            "observations.csv:2:status: «endelig» er ikke en tillatt verdi (tillatt: final, preliminary, "
            "illustrative)",
            'observations.csv:2:status: "endelig" is not an allowed value (allowed: final, preliminary, '
            "illustrative)",
        ),
        (
            {"observations": obs("sykefravaer,hso,2016-13,1,final")},
            "observations.csv:2:period: «2016-13»: måned 13 finnes ikke (bruk 01–12)",
            'observations.csv:2:period: "2016-13": there is no month 13 (use 01–12)',
        ),
        (
            {"units": UNITS.replace("programme_area", "x")},
            "observations.csv:2:unit_id: enheten «hso» er utelatt fra units på grunn av feil (se rad 3)",
            'observations.csv:2:unit_id: unit "hso" was left out of units because of errors (see row 3)',
        ),
        (
            {"units": units("a,A,b,service", "b,B,a,service")},
            "units.csv:4:parent_id: enheten «a» er med i en sirkel av overordnede enheter: a → b → a",
            'units.csv:4:parent_id: unit "a" is part of a circle of parent units: a → b → a',
        ),
    ],
)
def test_messages_in_both_languages(tmp_path: Path, tables: dict[str, str], nb: str, en: str) -> None:
    dataset = load(tmp_path, **tables)
    assert nb in [str(p) for p in dataset.problems]
    assert en in [p.text("en") for p in dataset.problems]


def test_problem_line_and_text() -> None:
    problem = Problem.make("observations.csv", 14, "value", "not_a_number", value="12,x")
    assert str(problem) == "observations.csv:14:value: «12,x» er ikke et tall" == problem.text("nb")
    assert problem.text("en") == 'observations.csv:14:value: "12,x" is not a number'
    assert (problem.message_in("nb"), problem.message_in("en")) == (
        "«12,x» er ikke et tall",
        '"12,x" is not a number',
    )
    assert (problem.code, problem.severity, problem.is_error) == ("not_a_number", "error", True)


def test_every_template_renders_in_both_languages() -> None:
    names = "path tables reason sheet used table column position found expected value allowed month tertial"
    more = ["key", "first", "target", "root", "heading", "separator", "line", "lines", "character"]
    more.append("indicator")
    params = {**dict.fromkeys([*names.split(), *more], "x"), "what": "png"}
    for code in TEMPLATES:
        problem = Problem.make("f", 1, "-", code, **params)
        assert problem.message and problem.message_en and "{" not in problem.message + problem.message_en


def test_problems_are_sorted_by_row_within_a_table(tmp_path: Path) -> None:
    text = obs("sykefravaer,hso,2016,1,final", "sykefravaer,foo,2017,1,final", "sykefravaer,hso,2016,2,final")
    assert found(load(tmp_path, observations=text)) == [
        "observations.csv:3:unit_id unknown_reference",
        "observations.csv:4:- duplicate_key",
    ]


def test_invalid_rows_are_left_out_and_valid_rows_kept(tmp_path: Path) -> None:
    text = obs("sykefravaer,hso,2016,1,final", "sykefravaer,hso,2017,x,final", "sykefravaer,hso,2018,3,final")
    dataset = load(tmp_path, observations=text)
    assert dataset.tables["observations"]["period"].tolist() == ["2016", "2018"]
    assert dataset.dropped["observations"] == 1


def test_missing_column_leaves_out_the_whole_table(tmp_path: Path) -> None:
    dataset = load(tmp_path, units="unit_id,parent_id,kind\nkommune,,municipality\nhso,kommune,service\n")
    assert dataset.tables["units"].empty and dataset.dropped["units"] == 2
    assert found(dataset) == [
        "units.csv:1:name missing_column",
        "observations.csv:2:unit_id reference_left_out",
    ]


def test_references_point_only_at_earlier_tables() -> None:
    order = list(TABLES)
    assert all(order.index(target) <= order.index(source) for source, _, target, _ in REFERENCES)


# --- Command line -----------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "data.validate", *args], cwd=REPO, capture_output=True, text=True, timeout=60
    )


def test_cli_valid_dataset_exits_0(tmp_path: Path) -> None:
    result = run_cli(str(write_dataset(tmp_path)))
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "0 feil, 0 advarsler i 3 tabeller (0 rader utelatt)\n",
        "",
    )


def test_cli_errors_exit_1_with_one_line_each(tmp_path: Path) -> None:
    write_dataset(
        tmp_path, observations=obs("sykefravaer,hso,2016,1,final", "sykefravaer,hso,2017,12;x,final")
    )
    (tmp_path / "notes.doc").write_text("x")
    result = run_cli(str(tmp_path), "--lang", "en")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "notes.doc:1:-: the file is not part of the format and is not read",
        'observations.csv:3:value: "12;x" is not a number',
        "1 error, 1 warning in 3 tables (1 row left out)",
    ]
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("path", ["does/not/exist", "data/schema.py"])
def test_cli_not_a_dataset_exits_2_with_one_line(path: str) -> None:
    result = run_cli(path)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and path in result.stderr and "Traceback" not in result.stderr


def test_cli_warnings_only_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_dataset(tmp_path)
    (tmp_path / "notes.doc").write_text("x")
    assert main([str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "notes.doc:1:-: filen hører ikke til formatet og blir ikke lest",
        "0 feil, 1 advarsel i 3 tabeller (0 rader utelatt)",
    ]


def test_cli_unexpected_failure_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(_path: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("data.load.load_dataset", boom)
    assert main([str(tmp_path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err == f'Unexpected error while reading "{tmp_path}": RuntimeError: boom\n'
