"""Micro-benchmark of the panel queries (data/query*.py), one call at a time, no server.

    python -m bench.queries [--data PATH] [--repeats 5] [--smoke] [--out bench/results] [--only NAME]

Without `--data` it writes the issue's national dataset (`python -m data.synthetic
--municipalities 356 --indicators 300 --years 2010-2025 --monthly`, 2.09 M observations) into a
temporary folder and loads it with `data.load.load_dataset`. `--smoke` uses the shipped
data/drammen with one run (what CI runs; it writes queries-smoke.json).

Every case calls the queries one callback makes, with the inputs that callback gives them
(see callbacks/*.py), twice: on the whole tables, and on the tables pre-filtered to what is
drawn (`observations[observations.indicator_id.isin(ids)]`, the budget of the years shown), as
the callbacks get them from data.store. Reported per case: the median of `--repeats` timed runs
(ms), and from one more run the peak of memory allocated by Python and numpy (tracemalloc) and
the rise of the process's peak resident memory over its resident memory before the call (VmHWM,
reset through /proc/self/clear_refs; Linux only, else null). The filtering itself is not timed.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
DRAMMEN = ROOT / "data" / "drammen"
SCALE_ARGS = ["--municipalities", "356", "--indicators", "300", "--years", "2010-2025", "--monthly"]


def modules() -> SimpleNamespace:
    """The query modules the cases call (a test swaps in other implementations)."""
    from data import query, query_budget, query_districts, query_housing, query_overview

    return SimpleNamespace(q=query, qo=query_overview, qd=query_districts, qh=query_housing, qb=query_budget)


@dataclass(frozen=True)
class Case:
    name: str
    indicators: tuple[str, ...] | None  # the observations it needs (None: every indicator)
    run: Callable[[SimpleNamespace, dict], object]  # (modules, tables) -> result


def _programme(m: SimpleNamespace, obs) -> object:
    """The housing programme to draw: the first of PROGRAMMES the data has, else (synthetic data)
    one made of the first housing-panel indicators with monthly figures."""
    present = set(obs["indicator_id"].unique())
    for prog in m.qh.PROGRAMMES:
        if present.issuperset(prog.indicators):
            return prog
    return None


def parameters(tables: dict) -> dict:
    """The realistic inputs of the cases, read from the data (by the current queries)."""
    m = modules()
    obs, inds, units, budget = tables["observations"], tables["indicators"], tables["units"], tables["budget"]
    year = m.q.latest_published_year(obs)
    by_panel = {p: list(inds.loc[inds["panel"] == p, "indicator_id"]) for p in inds["panel"].unique()}
    prog = _programme(m, obs)
    if prog is None:
        housing = by_panel.get("housing", [])[:2]
        every = list(inds["indicator_id"])
        monthly = m.qh.monthly_indicators(obs[obs["indicator_id"].isin(every[:20])], every[:20])[:1]
        charts = (m.qh.Chart("a", tuple(housing)), m.qh.Chart("b", tuple(monthly or housing[:1])))
        prog = m.qh.Programme("bench", housing[0], charts, ("bolig",))
    districts = m.qd.district_units(units)
    district_ind = inds[inds["panel"] == "districts"].iloc[0].to_dict()
    root = m.qb.budget_root(units, budget)
    below = [
        u
        for u in m.qb.budget_units(units, budget)
        if units.loc[units["unit_id"] == u, "parent_id"].iloc[0] == root
    ]
    budget_year = m.qb.default_year(budget, obs, (m.qb.DEVIATION_INDICATOR, m.qb.FUNDS_INDICATOR))
    return {
        "year": year,
        "panels": by_panel,
        "programme": prog,
        "district_indicator": district_ind,
        "district": districts["unit_id"].iloc[0],
        "period": str(year),
        "indicator": inds.iloc[0].to_dict(),
        "budget_root": root,
        "budget_unit": below[0] if below else root,
        "budget_year": budget_year,
    }


def cases(p: dict) -> list[Case]:
    """The queries of each callback (callbacks/*.py) with the inputs `p` (from `parameters`)."""
    year, prog, dind, ind = p["year"], p["programme"], p["district_indicator"], p["indicator"]
    districts_panel = tuple(p["panels"].get("districts", ()))
    budget_ids = ("budget_deviation_nok", "operating_funds_added_nok")

    def headline(m, t):  # callbacks/headline.py: the districts page's headline cards
        inds = t["indicators"]
        return m.q.headline(t["observations"], inds, t["units"], year, panel="districts")

    def overview_cards(m, t):  # callbacks/overview.py update_overview: every card and sparkline
        rows = m.qo.card_figures(t["observations"], t["indicators"], t["units"], t["targets"], year)
        return rows, m.qo.sparklines(t["observations"], rows, year)

    def indicator_card(m, t):  # update_indicator_card: one card
        inds = t["indicators"][t["indicators"]["indicator_id"] == ind["indicator_id"]]
        rows = m.qo.card_figures(t["observations"], inds, t["units"], t["targets"], year)
        return rows, m.qo.sparklines(t["observations"], rows, year)

    def indicator_series(m, t):  # update_indicator_series, no unit chosen
        view = m.qo.series_view(
            t["observations"], t["units"], t["targets"], t["events"],
            {"indicator_id": ind["indicator_id"], "direction": ind["direction"], "panel": ind["panel"]},
        )  # fmt: skip
        return view.rows, view.labels, view.years, view.target_line, view.target_line_left_out, view.events

    def indicator_breakdown(m, t):  # update_indicator_breakdown, no unit chosen
        return m.qo.breakdown(
            t["observations"], t["units"], t["targets"], ind["indicator_id"], ind["direction"], year
        )

    def district_bars(m, t):  # callbacks/districts.py update_bars
        obs, units = t["observations"], t["units"]
        rows = m.qd.district_values(obs, t["targets"], units, dind, p["period"])
        return rows, m.qd.district_average(obs, units, dind["indicator_id"], p["period"])

    def district_multiples(m, t):  # update_multiples
        return m.qd.district_series(t["observations"], t["targets"], t["units"], dind)

    def district_table(m, t):  # update_district_table
        return m.qd.district_table(
            t["observations"], t["targets"], t["units"], t["indicators"], p["district"], p["period"]
        )

    def district_profile(m, t):  # fill_district
        return m.qd.district_profile(
            t["observations"], t["targets"], t["units"], t["indicators"], p["district"]
        )

    def housing_programme_card(m, t):  # callbacks/housing.py fill_programme (one of /housing's cards)
        obs, inds = t["observations"], t["indicators"]
        rows = m.q.headline(obs, inds[inds["indicator_id"].isin(prog.indicators)], t["units"], year)
        years = m.qh.years_of(obs, prog.indicators)
        series = m.qh.annual_series(obs, t["units"], prog.charts[0].indicators, up_to=year)
        return rows, years, series, m.qh.programme_events(t["events"], prog, 2000, 2100)

    def housing_programme_page(m, t):  # update_programme: trends, months of the year, the table
        obs, units = t["observations"], t["units"]
        trends = [m.qh.annual_series(obs, units, chart.indicators) for chart in prog.charts]
        months = [
            m.qh.months_of_year(obs, units, i, year) for i in m.qh.monthly_indicators(obs, prog.indicators)
        ]
        table = m.qh.period_values(obs, t["targets"], t["indicators"], units, prog.indicators, year, 3)
        return trends, months, table

    def budget_view(m, t, unit):  # callbacks/budget.py update_budget, whole year
        units, table, by = t["units"], t["budget"], p["budget_year"]
        ytd = m.qb.year_to_date(table, by, "year")
        rows = m.qb.breakdown(ytd, units, unit)
        total = m.qb.totals(rows)
        published = m.qb.published_match(t["observations"], unit, by, total)
        series = m.qb.cumulative(table, m.qb.leaves_of(units, unit), by, "year")
        return rows, total, published, series

    def budget_options(m, t):  # callbacks/budget.py options() and view(): every page load
        table, units = t["budget"], t["units"]
        return (
            m.qb.budget_units(units, table),
            m.qb.budget_root(units, table),
            m.qb.default_year(table, t["observations"], budget_ids),
            m.qb.budget_subperiods(table),
        )

    return [
        Case("headline (districts panel)", districts_panel, headline),
        Case("overview: card_figures + sparklines (all)", None, overview_cards),
        Case("indicator: card_figures + sparklines", (ind["indicator_id"],), indicator_card),
        Case("indicator: series_view", (ind["indicator_id"],), indicator_series),
        Case("indicator: breakdown", (ind["indicator_id"],), indicator_breakdown),
        Case("districts: values + average", (dind["indicator_id"],), district_bars),
        Case("districts: district_series", (dind["indicator_id"],), district_multiples),
        Case("district: district_table", districts_panel, district_table),
        Case("district: district_profile", districts_panel, district_profile),
        Case("housing: programme card", prog.indicators, housing_programme_card),
        Case("housing: programme page", prog.indicators, housing_programme_page),
        Case("budget: options", budget_ids, budget_options),
        Case("budget: root view", budget_ids, lambda m, t: budget_view(m, t, p["budget_root"])),
        Case("budget: unit view", budget_ids, lambda m, t: budget_view(m, t, p["budget_unit"])),
    ]


def filtered(tables: dict, case: Case, budget_years: tuple[int, ...]) -> dict:
    """The tables as a callback gets them from the store for `case`: the observations of its
    indicators, the budget of the years shown."""
    out = dict(tables)
    if case.indicators is not None:
        obs = tables["observations"]
        out["observations"] = obs[obs["indicator_id"].isin(list(case.indicators))]
    if case.name.startswith("budget:") and case.name != "budget: options":
        out["budget"] = tables["budget"][tables["budget"]["year"].isin(list(budget_years))]
    return out


def _status_kib(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def memory(fn: Callable[[], object]) -> dict:
    """Peak memory of one call: tracemalloc's peak (Python and numpy) and the rise of VmHWM."""
    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
        before = _status_kib("VmRSS")
    except OSError:
        before = None
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    hwm = _status_kib("VmHWM") if before is not None else None
    return {
        "tracemalloc_peak_mib": round(peak / 2**20, 2),
        "rss_peak_rise_mib": None if hwm is None else round(max(hwm - before, 0) / 1024, 1),
    }


def measure(fn: Callable[[], object], repeats: int) -> dict:
    times = []
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": round(statistics.median(times), 2),
        "runs_ms": [round(x, 2) for x in times],
        **memory(fn),
    }


def run(tables: dict, repeats: int, only: tuple[str, ...] = ()) -> list[dict]:
    p = parameters(tables)
    m = modules()
    years = (p["budget_year"] - 1, p["budget_year"]) if p["budget_year"] is not None else ()
    out = []
    for case in cases(p):
        if only and not any(part in case.name for part in only):
            continue
        whole = measure(lambda c=case: c.run(m, tables), repeats)
        small = filtered(tables, case, years)
        pre = measure(lambda c=case, s=small: c.run(m, s), repeats)
        out.append(
            {
                "case": case.name,
                "observations_filtered": len(small["observations"]),
                "whole": whole,
                "filtered": pre,
            }
        )
        print(_row(out[-1]), flush=True)
    return out


HEADER = f"{'case':44} {'whole ms':>9} {'MiB tm/rss':>12} {'filtered ms':>12} {'MiB tm/rss':>12} {'rows':>9}"


def _mib(r: dict) -> str:
    rss = "-" if r["rss_peak_rise_mib"] is None else f"{r['rss_peak_rise_mib']:.0f}"
    return f"{r['tracemalloc_peak_mib']:.0f}/{rss}"


def _row(r: dict) -> str:
    w, f = r["whole"], r["filtered"]
    return (
        f"{r['case']:44} {w['median_ms']:9.1f} {_mib(w):>12} {f['median_ms']:12.1f} {_mib(f):>12}"
        f" {r['observations_filtered']:9,}"
    )


def make_scale_dataset(folder: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "data.synthetic", *SCALE_ARGS, "--out", str(folder)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", default=None, help="dataset folder or workbook (default: the scale dataset)"
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="the shipped dataset, one run (CI)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument(
        "--only", action="append", default=[], help="run only the cases whose name contains this (repeatable)"
    )
    args = parser.parse_args(argv)

    from data.load import load_dataset

    repeats = 1 if args.smoke else max(args.repeats, 1)
    with tempfile.TemporaryDirectory(prefix="kpi-bench-") as tmp:
        if args.smoke:
            path = DRAMMEN
        elif args.data:
            path = Path(args.data)
        else:
            path = Path(tmp) / "scale"
            make_scale_dataset(path)
        started = time.perf_counter()
        dataset = load_dataset(path)
        load_s = time.perf_counter() - started
        if dataset.errors:
            print(f"{path}: {len(dataset.errors)} errors in the dataset", file=sys.stderr)
            return 2
        tables = dataset.tables
        n = len(tables["observations"])
        print(f"{path}: {n:,} observations, loaded in {load_s:.1f} s; median of {repeats}")
        print(HEADER)
        results = run(tables, repeats, tuple(args.only))

    import pandas as pd

    report = {
        "smoke": args.smoke,
        "dataset": "data/drammen" if args.smoke else str(args.data or "synthetic " + " ".join(SCALE_ARGS)),
        "observations": len(tables["observations"]),
        "budget_rows": len(tables["budget"]),
        "repeats": repeats,
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "machine": f"{platform.system()} {platform.machine()}, {__import__('os').cpu_count()} cores",
        "results": results,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    target = out / ("queries-smoke.json" if args.smoke else "queries.json")
    target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"-> {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
