"""The overview's card data for every year (a year change on `/`), without layout or cache.

    .venv/bin/python -m bench.overview_cards --data .bench-data/scale [--repeats 3] [--old]

Prints the file store's load and `CardIndex.build` time, then for every year with annual
figures the time of `callbacks.overview._card_rows` (the cards and sparkline points, as the
overview callback computes them on a cache miss): median and p95 over years x repeats, wall
and CPU time of this process (CPU is steadier on a busy machine). `--old` also times the way
the cards were computed before the index (`card_figures` + `sparklines` on every row of the
indicators up to the year) for comparison.
"""

from __future__ import annotations

import argparse
import statistics
import time


def _timed(call) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _report(name: str, times: list[tuple[float, float]]) -> None:
    wall, cpu = [w for w, _ in times], [c for _, c in times]
    print(
        f"{name:34} wall median {statistics.median(wall):7.1f} p95 {_p95(wall):7.1f} ms | "
        f"cpu median {statistics.median(cpu):7.1f} p95 {_p95(cpu):7.1f} ms  (n={len(times)})",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=None)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--old", action="store_true")
    args = parser.parse_args(argv)

    from data import query, query_overview, store
    from data.load import load_dataset

    wall, cpu = time.perf_counter(), time.process_time()
    dataset = load_dataset(store.resolve_path(args.data))
    print(f"load_dataset {time.perf_counter() - wall:.2f} s wall, {time.process_time() - cpu:.2f} s cpu")
    obs, units = dataset.tables["observations"], dataset.tables["units"]
    build_wall, build_cpu = _timed(lambda: query_overview.CardIndex.build(obs, units))
    print(f"CardIndex.build {build_wall:.0f} ms wall, {build_cpu:.0f} ms cpu ({len(obs):,} observations)")
    store.use(store.FileStore(dataset))

    from callbacks import overview

    indicators = store.table("indicators")
    years = sorted(obs.loc[query.annual_mask(obs), "period"].astype(int).unique())
    overview._card_rows(int(years[-1]), indicators)  # not counted: first call
    rounds = [y for _ in range(args.repeats) for y in years]
    new = [_timed(lambda y=y: overview._card_rows(int(y), indicators)) for y in rounds]
    _report("cards + sparklines (index)", new)
    if args.old:
        units_t, targets = store.table("units"), store.table("targets")
        every = store.observations(indicators["indicator_id"])

        def old(year: int) -> None:
            rows = every[every["period"].str.slice(0, 4).astype(int) <= year]
            cards = query_overview.card_figures(rows, indicators, units_t, targets, year)
            query_overview.sparklines(rows, cards, year)

        _report("cards + sparklines (every row)", [_timed(lambda y=y: old(int(y))) for y in years])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
