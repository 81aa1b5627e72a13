"""Loading speed and memory: `data.load.load_dataset` on the national synthetic dataset and on Drammen.

    python -m bench.load_bench [--data PATH] [--repeats 3] [--no-csv] [--no-app] [--out bench/results]

Writes the issue's dataset (`python -m data.synthetic --municipalities 356 --indicators 300
--years 2010-2025 --monthly`) into PATH (default: a temporary folder, removed afterwards), and
the same tables as CSV beside it, then loads each dataset and the shipped data/drammen in fresh
Python processes, `--repeats` times each. Every run reports the seconds to import data.load,
the seconds `load_dataset` takes, and the peak resident memory of the process (`ru_maxrss`,
from `os.wait4`), which includes the interpreter and the libraries. This process imports
nothing heavy itself: on Linux a child's peak RSS starts from its parent's at fork. With the app (default), it
also times `app.create_app(PATH)` the same way: imports, loading and page registration, the
server's cold start without serving a page. Medians go to the table printed and, with every
run, to bench/results/load.json. Docs: docs/performance.md, "Loading".
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAMMEN = ROOT / "data" / "drammen"
SYNTHETIC_ARGS = ["--municipalities", "356", "--indicators", "300", "--years", "2010-2025", "--monthly"]
TIMEOUT_S = 600

# Run in a fresh interpreter: prints one JSON line about loading sys.argv[1].
LOAD_CHILD = """
import json, resource, sys, time
started = time.perf_counter()
from data.load import load_dataset
imported = time.perf_counter()
rss_import = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
dataset = load_dataset(sys.argv[1])
loaded = time.perf_counter()
print(json.dumps({
    "import_s": imported - started,
    "load_s": loaded - imported,
    "rss_after_import_mib": rss_import / 1024,
    "rows": {name: len(frame) for name, frame in dataset.tables.items()},
    "frames_mib": sum(f.memory_usage(deep=True).sum() for f in dataset.tables.values()) / 2**20,
    "problems": len(dataset.problems),
}))
"""

APP_CHILD = """
import json, sys, time
started = time.perf_counter()
import app
imported = time.perf_counter()
app.create_app(sys.argv[1])
print(json.dumps({"import_s": imported - started, "load_s": time.perf_counter() - imported}))
"""


def run_child(code: str, path: Path) -> dict:
    """Run `code` in a fresh interpreter on `path`: its JSON line, wall seconds and peak RSS in MiB."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", code, str(path)], cwd=ROOT, stdout=out, stderr=err)
        timer = threading.Timer(TIMEOUT_S, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # the child's own peak RSS, not the max of all children
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        lines, errors = out.read().strip().splitlines(), err.read().strip().splitlines()
    if proc.returncode != 0 or not lines:
        return {"error": (errors or [f"exit {proc.returncode}"])[-1]}
    result = json.loads(lines[-1])
    result["wall_s"] = wall
    result["peak_rss_mib"] = usage.ru_maxrss / 1024  # kB on Linux
    return result


def measure(code: str, path: Path, repeats: int) -> dict:
    runs = [run_child(code, path) for _ in range(repeats)]
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return {"runs": runs, "error": runs[-1]["error"]}
    median = {
        key: statistics.median(r[key] for r in ok)
        for key in ("import_s", "load_s", "wall_s", "peak_rss_mib", "rss_after_import_mib", "frames_mib")
        if all(r.get(key) is not None for r in ok) and key in ok[0]
    }
    return {"runs": runs, "median": median, "rows": ok[0].get("rows"), "problems": ok[0].get("problems")}


# The same tables as CSV files (dictionary columns as plain text, numbers as pyarrow writes them).
CSV_CHILD = """
import sys
from importlib.metadata import version
from pathlib import Path
import pyarrow as pa, pyarrow.csv as pa_csv, pyarrow.parquet as pq
source, target = Path(sys.argv[1]), Path(sys.argv[2])
target.mkdir(parents=True, exist_ok=True)
for file in sorted(source.glob("*.parquet")):
    table = pq.read_table(file)
    plain = {n: c.cast(pa.string()) if pa.types.is_dictionary(c.type) else c
             for n, c in zip(table.column_names, table.columns)}
    pa_csv.write_csv(pa.table(plain), target / (file.stem + ".csv"))
"""


def table(results: dict) -> str:
    def f(x: float | None, digits: int = 2) -> str:
        return "–" if x is None else f"{x:,.{digits}f}"

    lines = [
        f"{'dataset':<24}{'observations':>14}{'import s':>10}{'load s':>9}{'wall s':>9}"
        f"{'peak RSS MiB':>13}{'frames MiB':>11}"
    ]
    for name, r in results.items():
        m = r.get("median", {})
        rows = (r.get("rows") or {}).get("observations")
        lines.append(
            f"{name:<24}{'–' if rows is None else f'{rows:,}':>14}{f(m.get('import_s')):>10}"
            f"{f(m.get('load_s')):>9}{f(m.get('wall_s')):>9}{f(m.get('peak_rss_mib'), 0):>13}"
            f"{f(m.get('frames_mib'), 0):>11}" + (f"  error: {r['error']}" if "error" in r else "")
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="folder for the synthetic dataset (kept); default a temporary one")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-csv", action="store_true", help="skip the CSV copy of the synthetic dataset")
    parser.add_argument("--no-app", action="store_true", help="skip timing app.create_app")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args(argv)

    workdir = Path(args.data) if args.data else Path(tempfile.mkdtemp(prefix="kpi-load-bench-"))
    synthetic = workdir / "parquet" if not args.data else workdir
    command = [sys.executable, "-m", "data.synthetic", *SYNTHETIC_ARGS, "--out", str(synthetic)]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, timeout=TIMEOUT_S, stdout=subprocess.DEVNULL)
    generate_s = time.perf_counter() - started
    datasets = {"synthetic (parquet)": synthetic}
    if not args.no_csv:
        csv_dir = (workdir / "csv") if not args.data else workdir.with_name(workdir.name + "-csv")
        # In a child, like everything heavy: a child's ru_maxrss starts from its parent's RSS at fork.
        subprocess.run(
            [sys.executable, "-c", CSV_CHILD, str(synthetic), str(csv_dir)], check=True, timeout=TIMEOUT_S
        )
        datasets["synthetic (csv)"] = csv_dir
    datasets["drammen (csv)"] = DRAMMEN

    results = {}
    try:
        for name, path in datasets.items():
            results[name] = measure(LOAD_CHILD, path, args.repeats)
            results[name]["path"] = str(path)
        if not args.no_app:
            for name, path in (("app, synthetic", synthetic), ("app, drammen", DRAMMEN)):
                results[name] = measure(APP_CHILD, path, args.repeats)
                results[name]["path"] = str(path)
    finally:
        if not args.data:
            shutil.rmtree(workdir, ignore_errors=True)

    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "pandas": version("pandas"),
            "pyarrow": version("pyarrow"),
        },
        "synthetic_command": " ".join(["python", "-m", "data.synthetic", *SYNTHETIC_ARGS, "--out", "PATH"]),
        "generate_s": generate_s,
        "repeats": args.repeats,
        "results": results,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "load.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(
        f"generated the synthetic dataset in {generate_s:.1f} s; medians of {args.repeats} fresh processes:"
    )
    print(table(results))
    print(f"\nwritten: {out / 'load.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
