"""A synthetic national dataset for performance work: KOSTRA-like figures for every municipality.

    python -m data.synthetic --municipalities 356 --indicators 300 --years 2010-2025 --monthly \
        [--seed 1] --out PATH

writes `PATH/{units,indicators,observations,targets,budget,events}.parquet`: a dataset that
`python -m data.validate PATH` accepts with no problems (docs/data-format.md), the same bytes
for the same arguments and seed (with the same pyarrow). Every figure is made up: status
`illustrative`, source «Syntetisk datasett (data/synthetic.py)». The names are not real
municipalities. The invocation above gives 2,094,240 observations (seed 1).

The shape, and why:

- **units**: the root `norge` «Norge (alle kommuner)»; under it each municipality `kNNNN`
  (numbered by size, `k0001` the largest), kind `municipality`; under each its programme area
  P05 `kNNNN-p05` (`programme_area`), and under that two services (`service`), one to eight
  districts by size (`district`) and a staff unit (`staff`). The format has no kind for a
  country or a group of municipalities, so the root is marked `municipality`: it stands for
  what KOSTRA publishes as the region «Landet», a municipal-level aggregate, and its note says
  so. No code in the app reads `kind`.
- **indicators**: `ind000`... spread round-robin over the five panels and the six goal areas
  of schema.GOAL_AREAS, with a unit of measure, a direction and decimals fitting the panel.
  Every tenth indicator (`ind000`, `ind010`, ...) is *monthly*.
- **observations**: every indicator for the root and every municipality for every year
  (KOSTRA: annual, municipal level); the root holds the sum (counts, kroner) or the
  population-weighted mean (rates) of the municipalities. With `--monthly`, the ten largest
  municipalities (an ASSS-like network) also have every monthly indicator for their P05 and
  each of their districts, per month and per year (the year is the sum or mean of its months).
  Rows: `(M + 1) * K * Y` + with `--monthly` `sum over the ten largest of (1 + districts) *
  ceil(K / 10) * Y * 13`, see `observation_rows`.
- **targets**: every indicator that has a direction, for the ten largest municipalities, every
  year.
- **budget**: the P05 of every municipality, and with `--monthly` the districts of the ten
  largest, four categories (income negative), every year: the `year` row and the months
  `M01`-`M12` (with `--monthly`) or the tertials `T1`-`T3`; months add up to the year.
- **events**: a few per dataset, on municipalities, with real calendar dates.

Everything is drawn with numpy's `default_rng(seed)` in whole arrays (seconds, not minutes).
Text columns with few distinct values are written as Parquet dictionary columns, which
data.load reads without decoding every cell.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from data.schema import EVENT_PANELS, GOAL_AREAS, PANELS, TABLES

SOURCE = "Syntetisk datasett (data/synthetic.py)"
STATUS = "illustrative"
NETWORK_SIZE = 10  # the largest municipalities with district and monthly detail (ASSS has 10)
MONTHLY_EVERY = 10  # every tenth indicator has monthly figures
EXTENSIVE = ("count", "nok")  # summed over units; the other units of measure are averaged
CATEGORIES = (("Lønn", 0.66), ("Varer og tjenester", 0.22), ("Overføringer", 0.12), ("Inntekter", -0.14))
# Units of measure and directions per panel (cycled), and the decimals of each unit of measure.
PANEL_UNITS = {
    "districts": ("count", "percent", "days", "per_1000"),
    "housing": ("count", "nok", "percent"),
    "budget": ("nok", "percent", "ratio"),
    "social": ("per_1000", "percent", "count"),
    "organisation": ("percent", "count", "years"),
}
DECIMALS = {"count": 0, "nok": 0, "percent": 1, "days": 1, "years": 1, "ratio": 2, "per_1000": 1}
# A typical level of each unit of measure: counts and kroner per 1,000 inhabitants.
LEVEL = {
    "count": (5.0, 60.0),
    "nok": (2e5, 5e6),
    "percent": (5.0, 95.0),
    "days": (3.0, 40.0),
    "years": (2.0, 15.0),
    "ratio": (0.3, 3.0),
    "per_1000": (2.0, 150.0),
}
DIRECTIONS = ("higher_is_better", "lower_is_better", "neutral")


@dataclass(frozen=True)
class Spec:
    municipalities: int
    indicators: int
    first_year: int
    last_year: int
    monthly: bool = False
    seed: int = 1

    @property
    def years(self) -> np.ndarray:
        return np.arange(self.first_year, self.last_year + 1)

    @property
    def network(self) -> int:
        return min(NETWORK_SIZE, self.municipalities)

    @property
    def monthly_indicators(self) -> int:
        return math.ceil(self.indicators / MONTHLY_EVERY)


def observation_rows(spec: Spec, network_districts: list[int]) -> int:
    """How many observation rows `spec` gives; `network_districts`: districts of each network municipality."""
    years = len(spec.years)
    rows = (spec.municipalities + 1) * spec.indicators * years
    if spec.monthly:
        rows += sum(1 + d for d in network_districts) * spec.monthly_indicators * years * 13
    return rows


# --- Columns ----------------------------------------------------------------------------------


def _dict_column(codes: np.ndarray, values: list[str]) -> pa.DictionaryArray:
    """A text column stored as codes into `values` (a Parquet dictionary column)."""
    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), pa.array(values, pa.string()))


def _constant(text: str, n: int) -> pa.DictionaryArray:
    return _dict_column(np.zeros(n, np.int32), [text])


def _table(name: str, columns: dict[str, pa.Array | np.ndarray | list]) -> pa.Table:
    """The columns in the schema's order; optional columns (`observations.missing`) may be left out."""
    table = TABLES[name]
    assert list(columns) == [c for c in table.column_names if c in columns], name
    assert all(c.name in columns for c in table.columns if c.required), name
    return pa.table(columns)


# --- Units ------------------------------------------------------------------------------------


@dataclass
class Units:
    table: pa.Table
    population: np.ndarray  # per municipality, largest first
    municipality: list[str]  # unit ids of the municipalities
    p05: list[str]
    districts: list[list[str]]  # per municipality
    district_weights: list[np.ndarray]  # each district's share of its municipality


def make_units(spec: Spec, rng: np.random.Generator) -> Units:
    n = spec.municipalities
    population = np.sort(np.clip(np.exp(rng.normal(8.7, 1.25, n)), 200, 700_000).round())[::-1]
    n_districts = np.clip(np.log2(population / 2_000).astype(int), 1, 8)
    rows: list[tuple[str, str, str, str, str]] = [
        (
            "norge",
            "Norge (alle kommuner)",
            "",
            "municipality",
            "Syntetisk rot: landet, som KOSTRA-regionen «Landet». Formatet har ingen egen type for "
            "landet, så roten er merket municipality.",
        )
    ]
    municipality, p05, districts, weights = [], [], [], []
    for i in range(n):
        k = f"k{i + 1:04d}"
        network = " Med i det ASSS-lignende nettverket (distrikter og måned)." if i < spec.network else ""
        rows.append(
            (
                k,
                f"Syntetisk kommune {i + 1:03d}",
                "norge",
                "municipality",
                f"{population[i]:.0f} innb.{network}",
            )
        )
        rows.append((f"{k}-p05", "P05 Helse og omsorg", k, "programme_area", ""))
        rows.append((f"{k}-hjem", "Hjemmetjenesten", f"{k}-p05", "service", ""))
        rows.append((f"{k}-sykehjem", "Sykehjem", f"{k}-p05", "service", ""))
        ds = [f"{k}-d{j + 1}" for j in range(n_districts[i])]
        rows += [(d, f"Distrikt {j + 1}", f"{k}-p05", "district", "") for j, d in enumerate(ds)]
        rows.append((f"{k}-stab", "Stab helse og omsorg", f"{k}-p05", "staff", ""))
        municipality.append(k)
        p05.append(f"{k}-p05")
        districts.append(ds)
        weights.append(rng.dirichlet(np.full(len(ds), 6.0)))
    columns = zip(TABLES["units"].column_names, zip(*rows, strict=True), strict=True)
    table = _table("units", {c: pa.array(v, pa.string()) for c, v in columns})
    return Units(table, population, municipality, p05, districts, weights)


# --- Indicators -------------------------------------------------------------------------------


@dataclass
class Indicators:
    table: pa.Table
    ids: list[str]
    measure: list[str]
    direction: list[str]
    decimals: np.ndarray
    base: np.ndarray  # typical level (per 1,000 inhabitants for counts and kroner)
    trend: np.ndarray  # yearly growth


def make_indicators(spec: Spec, rng: np.random.Generator) -> Indicators:
    k = spec.indicators
    width = max(3, len(str(k - 1)))
    ids = [f"ind{i:0{width}d}" for i in range(k)]
    panel = [PANELS[i % len(PANELS)] for i in range(k)]
    measure = [PANEL_UNITS[p][(i // len(PANELS)) % len(PANEL_UNITS[p])] for i, p in enumerate(panel)]
    direction = [DIRECTIONS[(i // 3) % 3] for i in range(k)]
    goal = [GOAL_AREAS[(i // len(PANELS) + i) % len(GOAL_AREAS)] for i in range(k)]
    decimals = np.array([DECIMALS[m] for m in measure], np.int64)
    low = np.array([LEVEL[m][0] for m in measure])
    high = np.array([LEVEL[m][1] for m in measure])
    base = np.exp(rng.uniform(np.log(low), np.log(high)))
    trend = rng.normal(0.01, 0.02, k)
    monthly = [i % MONTHLY_EVERY == 0 for i in range(k)]
    table = _table(
        "indicators",
        {
            "indicator_id": pa.array(ids),
            "name": pa.array([f"Syntetisk indikator {i:0{width}d}" for i in range(k)]),
            "name_en": pa.array([f"Synthetic indicator {i:0{width}d}" for i in range(k)]),
            "panel": pa.array(panel),
            "goal_area": pa.array(goal),
            "unit": pa.array(measure),
            "direction": pa.array(direction),
            "decimals": pa.array(decimals),
            "description": pa.array(
                ["Syntetisk tall for ytelsestesting" + (", også per måned." if m else ".") for m in monthly]
            ),
            "source": pa.array([SOURCE] * k),
        },
    )
    return Indicators(table, ids, measure, direction, decimals, base, trend)


# --- Observations -----------------------------------------------------------------------------


def _round(values: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """Round each indicator's values (last-but-one axis or given shape) to its decimals."""
    out = np.empty_like(values)
    for d in np.unique(decimals):
        mask = decimals == d
        out[..., mask, :] = np.round(values[..., mask, :], int(d))
    return out


def _aggregate(values: np.ndarray, weights: np.ndarray, extensive: np.ndarray, axis: int) -> np.ndarray:
    """Sum (extensive indicators) or weighted mean (the rest) over `axis`; indicators on axis -2."""
    w = np.expand_dims(weights, tuple(i for i in range(values.ndim) if i != axis))
    total = values.sum(axis=axis)
    mean = (values * w).sum(axis=axis) / weights.sum()
    return np.where(extensive[:, None], total, mean)


def _percent_clip(values: np.ndarray, measure: list[str]) -> np.ndarray:
    percent = np.array([m == "percent" for m in measure])
    values[..., percent, :] = np.clip(values[..., percent, :], 0.0, 100.0)
    return values


@dataclass
class Observations:
    table: pa.Table
    municipal: np.ndarray  # (municipalities, indicators, years), rounded


def make_observations(spec: Spec, units: Units, ind: Indicators, rng: np.random.Generator) -> Observations:
    years = spec.years
    n, k, y = spec.municipalities, spec.indicators, len(years)
    extensive = np.array([m in EXTENSIVE for m in ind.measure])
    level = np.exp(rng.normal(0.0, 0.18, (n, k)))
    growth = (1.0 + ind.trend)[:, None] ** np.arange(y)[None, :]  # (k, y)
    rate = ind.base[None, :, None] * level[:, :, None] * growth[None] * np.exp(rng.normal(0, 0.04, (n, k, y)))
    per_head = units.population[:, None, None] / 1000.0
    municipal = np.where(extensive[None, :, None], rate * per_head, rate)
    municipal = _round(_percent_clip(municipal, ind.measure), ind.decimals)
    national = _round(_aggregate(municipal, units.population, extensive, axis=0)[None], ind.decimals)
    annual = np.concatenate([national, municipal])  # (1 + n, k, y); unit 0 is the root

    unit_ids = ["norge", *units.municipality]
    periods = [str(v) for v in years]
    u, i, p = np.indices(annual.shape).reshape(3, -1)
    values = [annual.reshape(-1)]
    codes_u, codes_i, codes_p = [u], [i], [p]

    if spec.monthly:
        monthly_idx = np.arange(0, k, MONTHLY_EVERY)
        ext_m = extensive[monthly_idx]
        periods += [f"{v}-{m:02d}" for v in years for m in range(1, 13)]
        phase = rng.uniform(0, 12, len(monthly_idx))
        amplitude = rng.uniform(0.0, 0.25, len(monthly_idx))
        season = 1 + amplitude[:, None] * np.cos(2 * np.pi * (np.arange(12)[None, :] - phase[:, None]) / 12)
        season_share = season / season.sum(axis=1, keepdims=True)  # (km, 12)
        for m in range(spec.network):
            base = municipal[m][monthly_idx]  # (km, y)
            w = units.district_weights[m]
            d = len(w)
            noise = np.exp(rng.normal(0, 0.05, (d, len(monthly_idx), y, 12)))
            spread = np.exp(rng.normal(0, 0.1, (d, len(monthly_idx))))[:, :, None, None]
            ext_months = base[None, :, :, None] * w[:, None, None, None] * season_share[None, :, None, :]
            int_months = base[None, :, :, None] * spread * season[None, :, None, :]
            months = np.where(ext_m[None, :, None, None], ext_months, int_months) * noise  # (d, km, y, 12)
            dec = ind.decimals[monthly_idx]
            measure = [ind.measure[j] for j in monthly_idx]
            flat = _percent_clip(months.reshape(d, len(monthly_idx), y * 12), measure)
            months = _round(flat, dec).reshape(d, len(monthly_idx), y, 12)
            p05_months = _round(
                _aggregate(months.reshape(d, len(monthly_idx), y * 12), w, ext_m, axis=0), dec
            ).reshape(1, len(monthly_idx), y, 12)
            block = np.concatenate([p05_months, months])  # (1 + d, km, y, 12)
            year_total = np.where(ext_m[None, :, None], block.sum(axis=3), block.mean(axis=3))
            year_total = _round(year_total, dec)
            # Periods: the year (code t), then its months (code y + t * 12 + month).
            with_year = np.concatenate([year_total[..., None], block], axis=3)  # (1 + d, km, y, 13)
            first = len(unit_ids)
            unit_ids += [units.p05[m], *units.districts[m]]
            uu, ii, tt, mm = np.indices(with_year.shape).reshape(4, -1)
            codes_u.append(first + uu)
            codes_i.append(monthly_idx[ii])
            codes_p.append(np.where(mm == 0, tt, y + tt * 12 + mm - 1))
            values.append(with_year.reshape(-1))

    n_rows = sum(len(v) for v in values)
    table = _table(
        "observations",
        {
            "indicator_id": _dict_column(np.concatenate(codes_i), ind.ids),
            "unit_id": _dict_column(np.concatenate(codes_u), unit_ids),
            "period": _dict_column(np.concatenate(codes_p), periods),
            "value": pa.array(np.concatenate(values) + 0.0),
            "status": _constant(STATUS, n_rows),
            "source": _constant(SOURCE, n_rows),
        },
    )
    return Observations(table, municipal)


def make_targets(
    spec: Spec, units: Units, ind: Indicators, obs: Observations, rng: np.random.Generator
) -> pa.Table:
    chosen = np.array([i for i, d in enumerate(ind.direction) if d != "neutral"], np.int64)
    years = spec.years
    m = spec.network
    sign = np.array([1.0 if ind.direction[i] == "higher_is_better" else -1.0 for i in chosen])
    base = obs.municipal[:m][:, chosen, :]  # (m, c, y)
    target = base * (1 + sign[None, :, None] * np.abs(rng.normal(0.03, 0.02, base.shape)))
    target = _round(_percent_clip(target, [ind.measure[i] for i in chosen]), ind.decimals[chosen])
    tolerance = _round(np.abs(target) * 0.05, ind.decimals[chosen])
    mm, cc, yy = np.indices(target.shape).reshape(3, -1)
    n_rows = target.size
    return _table(
        "targets",
        {
            "indicator_id": _dict_column(cc, [ind.ids[i] for i in chosen]),
            "unit_id": _dict_column(mm, units.municipality[:m]),
            "period": _dict_column(yy, [str(v) for v in years]),
            "target": pa.array(target.reshape(-1)),
            "tolerance": pa.array(tolerance.reshape(-1) + 0.0),
            "decided_by": _constant("Syntetisk mål (data/synthetic.py)", n_rows),
            "status": _constant(STATUS, n_rows),
        },
    )


# --- Budget -----------------------------------------------------------------------------------


def make_budget(spec: Spec, units: Units, rng: np.random.Generator) -> pa.Table:
    years = spec.years
    y = len(years)
    unit_ids = list(units.p05)
    net = 32_000.0 * units.population * np.exp(rng.normal(0, 0.1, spec.municipalities))
    scale = list(net)
    if spec.monthly:
        for m in range(spec.network):
            unit_ids += units.districts[m]
            scale += list(net[m] * 0.7 * units.district_weights[m])
    scale_arr = np.array(scale)
    shares = np.array([s for _, s in CATEGORIES])
    growth = 1.035 ** np.arange(y)
    original = np.round(scale_arr[:, None, None] * shares[None, None, :] * growth[None, :, None], -3)
    revised = np.round(original * (1 + rng.normal(0.01, 0.01, original.shape)))
    actual = np.round(revised * (1 + rng.normal(0.0, 0.02, original.shape)))  # (u, y, c)
    if spec.monthly:
        plan = np.array([1, 0.95, 1, 1, 1, 1.45, 0.9, 1, 1, 1, 1, 1.05])
        steps = [f"M{m:02d}" for m in range(1, 13)]
    else:
        plan = np.ones(3)
        steps = ["T1", "T2", "T3"]
    plan = plan / plan.sum()
    real = plan[None, None, None, :] * np.exp(rng.normal(0, 0.05, (*original.shape, len(plan))))
    real = real / real.sum(axis=3, keepdims=True)

    def split(total: np.ndarray, share: np.ndarray) -> np.ndarray:
        parts = np.round(total[..., None] * share)
        parts[..., -1] = total - parts[..., :-1].sum(axis=-1)  # the parts add up to the year
        return parts

    o_parts = split(original, np.broadcast_to(plan, (*original.shape, len(plan))))
    r_parts = split(revised, np.broadcast_to(plan, (*original.shape, len(plan))))
    a_parts = split(actual, real)
    # Forecast made at each step: actual so far plus the revised budget for the rest of the year.
    done = np.cumsum(a_parts, axis=3)
    left = revised[..., None] - np.cumsum(r_parts, axis=3)
    forecast = done + left
    forecast[..., -1] = actual

    def with_year(year_value: np.ndarray, parts: np.ndarray) -> np.ndarray:
        return np.concatenate([year_value[..., None], parts], axis=3)  # (u, y, c, 1 + steps)

    o, r, a = with_year(original, o_parts), with_year(revised, r_parts), with_year(actual, a_parts)
    f = with_year(actual, forecast)
    o, r, a, f = (np.moveaxis(x, 2, 3) for x in (o, r, a, f))  # (u, y, step, c): categories last
    uu, yy, ss, cc = np.indices(o.shape).reshape(4, -1)
    n_rows = o.size
    return _table(
        "budget",
        {
            "unit_id": _dict_column(uu, unit_ids),
            "year": pa.array(years[yy].astype(np.int64)),
            "period": _dict_column(ss, ["year", *steps]),
            "category": _dict_column(cc, [c for c, _ in CATEGORIES]),
            "original_budget": pa.array(o.reshape(-1) + 0.0),
            "revised_budget": pa.array(r.reshape(-1) + 0.0),
            "actual": pa.array(a.reshape(-1) + 0.0),
            "forecast": pa.array(f.reshape(-1) + 0.0),
            "status": _constant(STATUS, n_rows),
        },
    )


# --- Events -----------------------------------------------------------------------------------


def make_events(spec: Spec, units: Units, rng: np.random.Generator) -> pa.Table:
    n = min(50, 5 + spec.municipalities // 10)
    start = np.datetime64(f"{spec.first_year}-01-01")
    days = (np.datetime64(f"{spec.last_year + 1}-01-01") - start).astype(int)
    dates = np.sort(start + rng.integers(0, days, n)).astype(str)
    who = rng.integers(0, spec.municipalities, n)
    panel = rng.integers(0, len(EVENT_PANELS), n)
    return _table(
        "events",
        {
            "date": pa.array(list(dates)),
            "unit_id": pa.array([units.municipality[i] for i in who]),
            "panel": pa.array([EVENT_PANELS[i] for i in panel]),
            "title": pa.array([f"Syntetisk hendelse {j + 1}" for j in range(n)]),
            "description": pa.array(["Laget for ytelsestesting; har ikke skjedd."] * n),
            "source": pa.array([SOURCE] * n),
        },
    )


# --- Writing ----------------------------------------------------------------------------------


def generate(spec: Spec) -> dict[str, pa.Table]:
    """Every table of the dataset for `spec`, drawn from `default_rng(spec.seed)`."""
    rng = np.random.default_rng(spec.seed)
    units = make_units(spec, rng)
    ind = make_indicators(spec, rng)
    obs = make_observations(spec, units, ind, rng)
    return {
        "units": units.table,
        "indicators": ind.table,
        "observations": obs.table,
        "targets": make_targets(spec, units, ind, obs, rng),
        "budget": make_budget(spec, units, rng),
        "events": make_events(spec, units, rng),
    }


def write(spec: Spec, out: str | Path) -> dict[str, int]:
    """Write the dataset for `spec` into the folder `out` (created if needed); rows per table."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    tables = generate(spec)
    for name, table in tables.items():
        pq.write_table(table, folder / f"{name}.parquet", compression="zstd", row_group_size=1 << 20)
    return {name: table.num_rows for name, table in tables.items()}


def _years(text: str) -> tuple[int, int]:
    first, _, last = text.partition("-")
    try:
        a, b = int(first), int(last or first)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YEAR or FIRST-LAST, got {text!r}") from None
    if not (1000 <= a <= b <= 9999):
        raise argparse.ArgumentTypeError(f"expected four-digit years, first <= last, got {text!r}")
    return a, b


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.synthetic", description=__doc__.split("\n\n")[0])
    parser.add_argument("--municipalities", type=_positive, default=356)
    parser.add_argument("--indicators", type=_positive, default=300)
    parser.add_argument("--years", type=_years, default=(2010, 2025), help="FIRST-LAST, e.g. 2010-2025")
    parser.add_argument("--monthly", action="store_true", help="monthly detail for the ten largest")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="dataset folder to write (created if needed)")
    args = parser.parse_args(argv)
    spec = Spec(args.municipalities, args.indicators, *args.years, monthly=args.monthly, seed=args.seed)
    started = time.perf_counter()
    rows = write(spec, args.out)
    took = time.perf_counter() - started
    print(", ".join(f"{name} {n:,}" for name, n in rows.items()) + f" rows -> {args.out} ({took:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
