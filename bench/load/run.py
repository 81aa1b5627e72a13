"""`make load`: many readers at once against gunicorn, with latency, failures and memory.

    python -m bench.load.run [--users 50] [--seconds 60] [--workers 4] [--out bench/results]

Starts `gunicorn -w WORKERS -b 127.0.0.1:<free port> app:server` (loopback only; AUTH unset),
warms it up (every recorded page once, from as many threads as there are workers), samples the
resident memory (VmRSS from /proc) of the master and each worker, runs locust headless for
SECONDS with USERS readers (bench/load/locustfile.py), samples the memory again, stops gunicorn,
prints a table and writes bench/results/load-test.json. Exits 1 when any request failed or the
memory grew by 10 % or more. Docs: docs/reliability.md.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from bench.load.replay import CALLBACK_PATH, check_answer, load_scenarios, payload, search_for

ROOT = Path(__file__).resolve().parent.parent.parent
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
MAX_GROWTH_PCT = 10.0
START_TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float | None:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return sorted(found)


def memory(master: int) -> dict:
    workers = {pid: rss_mb(pid) for pid in children(master)}
    workers = {pid: mb for pid, mb in workers.items() if mb is not None}
    master_mb = rss_mb(master) or 0.0
    return {
        "master_mb": round(master_mb, 1),
        "workers_mb": {str(pid): round(mb, 1) for pid, mb in workers.items()},
        "total_mb": round(master_mb + sum(workers.values()), 1),
    }


def http(url: str, body: dict | None = None, timeout: float = 60) -> tuple[int, str]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def start_gunicorn(workers: int) -> tuple[subprocess.Popen, str, list[str], Path]:
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}", "app:server"]
    env = {k: v for k, v in os.environ.items() if k not in ("AUTH", "KPI_SERVER_TIMING")}
    log = Path(tempfile.mkstemp(prefix="gunicorn-", suffix=".log")[1])
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            if http(url + "/_dash-layout", timeout=5)[0] == 200:
                return proc, url, command, log
        time.sleep(0.3)
    stop(proc)
    raise SystemExit(f"gunicorn did not answer on {url} within {START_TIMEOUT_S} s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # gunicorn stops its workers on TERM
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def warm_up(url: str, scenarios: list[dict], workers: int) -> list[str]:
    """Every recorded page once (with its recorded values), from `workers` threads at a time so
    each worker has drawn pages before memory is sampled. Returns the problems met."""

    def visit(scenario: dict) -> list[str]:
        values = {}
        for name, info in scenario["filters"].items():
            values[name] = info["value"]
        search = search_for(scenario, values)
        problems = []
        status, _ = http(url + scenario["path"] + search)
        if status != 200:
            problems.append(f"GET {scenario['path']}: HTTP {status}")
        for entry in scenario["load"]:
            body = payload(entry["body"], values, search)
            status, text = http(url + CALLBACK_PATH, body)
            problem = check_answer(entry, body, status, text)
            if problem:
                problems.append(f"{scenario['path']}: {problem}")
        return problems

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return [p for problems in pool.map(visit, scenarios * 2) for p in problems]


def read_stats(prefix: Path) -> tuple[list[dict], list[dict]]:
    def number(text: str) -> float | None:
        with contextlib.suppress(ValueError):
            return float(text)
        return None

    rows = []
    with open(f"{prefix}_stats.csv", newline="") as f:
        for row in csv.DictReader(f):
            rows.append(
                {
                    "name": row["Name"] if row["Name"] != "Aggregated" else "total",
                    "method": row["Type"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": number(row["Requests/s"]),
                    "avg_ms": number(row["Average Response Time"]),
                    "p50_ms": number(row["50%"]),
                    "p95_ms": number(row["95%"]),
                    "p99_ms": number(row["99%"]),
                    "max_ms": number(row["Max Response Time"]),
                }
            )
    failures = []
    with contextlib.suppress(OSError), open(f"{prefix}_failures.csv", newline="") as f:
        failures = [
            {"name": r["Name"], "error": r["Error"], "count": int(r["Occurrences"])}
            for r in csv.DictReader(f)
        ]
    return rows, failures


def run_locust(url: str, users: int, seconds: int, spawn_rate: int, prefix: Path) -> list[str]:
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
        "-u", str(users), "-r", str(spawn_rate), "-t", f"{seconds}s",
        "--host", url, "--csv", str(prefix), "--only-summary", "--stop-timeout", "10",
        "--loglevel", "WARNING", "--exit-code-on-error", "0",
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=seconds + 300)
    if done.returncode != 0 or not Path(f"{prefix}_stats.csv").exists():
        raise SystemExit(f"locust failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return ["locust", *command[3:]]


def table(report: dict) -> str:
    lines = [f"{'request':34} {'count':>7} {'fail':>5} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)"]
    for r in report["requests"]:
        lines.append(
            f"{r['name'][:34]:34} {r['requests']:7d} {r['failures']:5d} {r['rps'] or 0:6.1f}"
            f" {r['p50_ms'] or 0:6.0f} {r['p95_ms'] or 0:6.0f} {r['p99_ms'] or 0:6.0f}"
        )
    before, after = report["memory"]["before"], report["memory"]["after"]
    lines.append("")
    lines.append(f"RSS      {'before':>9} {'after':>9}  MB")
    lines.append(f"master   {before['master_mb']:9.1f} {after['master_mb']:9.1f}")
    for pid, mb in before["workers_mb"].items():
        lines.append(f"worker {pid:>7} {mb:9.1f} {after['workers_mb'].get(pid, float('nan')):9.1f}")
    for pid in sorted(set(after["workers_mb"]) - set(before["workers_mb"])):
        lines.append(f"worker {pid:>7} {'(new)':>9} {after['workers_mb'][pid]:9.1f}")
    lines.append(
        f"total    {before['total_mb']:9.1f} {after['total_mb']:9.1f}"
        f"  growth {report['memory']['growth_pct']:+.1f} %"
    )
    machine = report["machine"]
    lines.append(f"load average before/after: {machine['loadavg_before']} / {machine['loadavg_after']}")
    return "\n".join(lines)


def loadavg() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--spawn-rate", type=int, default=10, help="readers started per second")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args(argv)
    scenarios = load_scenarios()

    proc, url, command, log = start_gunicorn(args.workers)
    try:
        problems = warm_up(url, scenarios, args.workers)
        if problems:
            raise SystemExit("warm-up failed:\n" + "\n".join(problems[:20]))
        before, load_before = memory(proc.pid), loadavg()
        with tempfile.TemporaryDirectory() as tmp:
            prefix = Path(tmp) / "locust"
            locust_command = run_locust(url, args.users, args.seconds, args.spawn_rate, prefix)
            rows, failures = read_stats(prefix)
        after, load_after = memory(proc.pid), loadavg()
    finally:
        stop(proc)
        server_log = log.read_text()[-2000:]
        log.unlink()

    growth = (after["total_mb"] - before["total_mb"]) / before["total_mb"] * 100
    total = next(r for r in rows if r["name"] == "total")
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "loadavg_before": load_before,
            "loadavg_after": load_after,
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "gunicorn_command": " ".join(["gunicorn", *command[3:]]),
        "locust_command": " ".join(locust_command),
        "users": args.users,
        "seconds": args.seconds,
        "workers": args.workers,
        "requests": [r for r in rows if r["name"] != "total"] + [total],
        "total": total,
        "failures": failures,
        "memory": {"before": before, "after": after, "growth_pct": round(growth, 2)},
        "workers_restarted": sorted(set(before["workers_mb"]) ^ set(after["workers_mb"])),
    }
    report["passed"] = total["requests"] > 0 and total["failures"] == 0 and growth < MAX_GROWTH_PCT
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / "load-test.json"
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print(table(report))
    for failure in failures[:10]:
        print(f"FAILED {failure['count']}x {failure['name']}: {failure['error']}")
    if report["workers_restarted"]:
        print(f"workers replaced during the run: {report['workers_restarted']}\n{server_log}")
    verdict = "PASS" if report["passed"] else "FAIL"
    print(f"{verdict}: {total['failures']} failures, memory {growth:+.1f} % -> {out}")
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
