"""Time each panel's main callback body in-process (no HTTP, no browser): median of N runs.

    .venv/bin/python -m bench.callback_times --data /tmp/scale [--runs 5]

Cold: the query cache is emptied before every run; warm: the same call again with the cache
filled (without data/cache.py, or before init, both are the uncached time). The first call of
each callback is not counted (imports, the file store's version hash).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time

import dash
from dash._callback_context import context_value
from dash._utils import AttributeDict


def _body(fn):
    return getattr(fn, "__wrapped__", fn)


def cases(year: str, district: str, indicator: str, district_ind: str):
    from callbacks import budget, districts, headline, housing, overview
    from layouts import ids

    page = {"show": ["period", "units", "indicator"], "lang": "nb"}
    housing_page = {**page, "page": "programme", "key": "startlan"}
    charts = [{"id": {"chart": c.key}} for c in housing.query_housing.programme("startlan").charts]
    months = [{"id": {"indicator": i}} for i in housing.query_housing.programme("startlan").indicators[:1]]
    outputs = [{}, {}, charts, {}, months, {}, {}, *[charts] * 6, *[months] * 6]  # + the charts' frames
    every = list(housing.options(months=True).keys)  # /housing: every programme's card and trend
    parts = ("summary", "image", "table", "table", "toggle", "toggle")  # exports.frame_outputs
    trend_part = {"graph": "housing_graph_trend"}
    return {
        "overview.update_overview": (
            lambda: _body(overview.update_overview)(year, {**page, "page": "overview"}),
            None,
        ),
        # The overview's data alone (cards and sparkline points, no layout): cold = computed.
        "overview._cards": (lambda: overview._cards(int(year)), None),
        "overview.update_indicator_series": (
            lambda: _body(overview.update_indicator_series)(
                [], {**page, "page": "indicator", "key": indicator}
            ),
            None,
        ),
        "overview.update_indicator_breakdown": (
            lambda: _body(overview.update_indicator_breakdown)(
                year, [], {**page, "page": "indicator", "key": indicator}
            ),
            None,
        ),
        "headline.fill_headline": (
            lambda: _body(headline.fill_headline)({"page": "districts", "lang": "nb"}, year),
            None,
        ),
        "headline.fill_headline_default_year": (  # a page opened without a year in its URL
            lambda: _body(headline.fill_headline)({"page": "housing", "lang": "en"}, None),
            None,
        ),
        "districts.update_bars": (
            lambda: _body(districts.update_bars)(
                year, "year", [], district_ind, {**page, "page": "districts"}
            ),
            None,
        ),
        "districts.update_multiples": (
            lambda: _body(districts.update_multiples)([], district_ind, {**page, "page": "districts"}),
            None,
        ),
        "districts.update_district_table": (
            lambda: _body(districts.update_district_table)(
                year, "year", {**page, "page": "district", "key": district}, ""
            ),
            None,
        ),
        "districts.fill_district": (
            lambda: _body(districts.fill_district)({**page, "page": "district", "key": district}),
            None,
        ),
        "housing.fill_programmes": (
            lambda: _body(housing.fill_programmes)(
                [{"programme": k} for k in every], year, {**page, "page": "housing"}
            ),
            [
                [{"id": {"type": ids.HOUSING_CARD, "programme": k}} for k in every],
                [{"id": {"type": ids.HOUSING_TREND, "programme": k}} for k in every],
                *([{"id": {**trend_part, "part": p, "programme": k}} for k in every] for p in parts),
            ],
        ),
        "housing.update_programme": (
            lambda: _body(housing.update_programme)({"programme": "startlan"}, year, "year", housing_page),
            outputs,
        ),
        "budget.update_budget": (
            lambda: _body(budget.update_budget)({}, year, "year", [], {**page, "page": "budget"}),
            None,
        ),
        # A drilled budget view: the root's first unit with budget rows (one municipality).
        "budget.update_budget_unit": (
            lambda: _body(budget.update_budget)(
                {},
                year,
                "year",
                [],
                {**page, "page": "budget-unit", "key": budget.budget_tree().in_budget[1]},
            ),
            None,
        ),
        "budget.options": (lambda: budget.options(with_keys=True), None),
        "districts.options": (lambda: districts.options(with_keys=True), None),
        "housing.options": (lambda: housing.options(months=True), None),
        "overview.options": (lambda: overview.indicator_options(), None),
    }


def _clear() -> None:
    try:
        from data import cache
    except ImportError:
        return
    cache.clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", default=None)
    parser.add_argument("--only", default="")
    args = parser.parse_args(argv)

    import app as app_module
    from data import store

    application = app_module.create_app(args.data) if hasattr(app_module, "create_app") else None
    server = application.server if application is not None else None
    obs_units = store.table("units")
    districts = obs_units.loc[obs_units["kind"] == "district", "unit_id"]
    inds = store.table("indicators")
    year = args.year or str(max(int(p[:4]) for p in store.observation_periods(None) if p[:4].isdigit()) - 1)
    ind = str(inds["indicator_id"].iloc[0])
    dind = str(inds.loc[inds["panel"] == "districts", "indicator_id"].iloc[0])
    print(f"data={args.data or 'shipped'} year={year} indicator={ind} district={districts.iloc[0]}")
    print(f"{'callback':40} {'cold ms':>9} {'warm ms':>9}")
    with server.test_request_context() if server is not None else _null():
        for name, (call, outputs) in cases(year, str(districts.iloc[0]), ind, dind).items():
            if args.only and args.only not in name:
                continue
            context_value.set(AttributeDict(outputs_list=outputs or [], triggered_inputs=[], inputs_list=[]))
            with contextlib.suppress(dash.exceptions.PreventUpdate):
                call()  # not counted
            cold, warm = [], []
            for _ in range(args.runs):
                _clear()
                t0 = time.perf_counter()
                with contextlib.suppress(dash.exceptions.PreventUpdate):
                    call()
                cold.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                with contextlib.suppress(dash.exceptions.PreventUpdate):
                    call()
                warm.append((time.perf_counter() - t0) * 1000)
            print(f"{name:40} {statistics.median(cold):9.1f} {statistics.median(warm):9.1f}", flush=True)
    return 0


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


if __name__ == "__main__":
    raise SystemExit(main())
