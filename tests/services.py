"""Private, throwaway PostgreSQL and Redis servers for the backend tests (session fixtures).

`make services` installs Debian's `postgresql` and `redis-server`; these fixtures start their own
servers on loopback in a temporary folder (never the system services, PostgreSQL never as root)
and remove them at the end of the session. A missing binary fails the test with a message saying
to run `make services`: the backend tests run for real in CI, they are never skipped.

- `postgres_url`: `postgresql://kpi@127.0.0.1:PORT/kpi` (trust authentication on loopback only);
- `redis_url`: `redis://127.0.0.1:PORT/0` (no persistence).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_USER = "kpi"
PG_DB = "kpi"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _missing(what: str) -> None:
    pytest.fail(
        f"{what} is not installed: run `make services` (installs postgresql and redis-server)", pytrace=False
    )


def postgres_bin(name: str) -> str:
    """A PostgreSQL server binary (Debian keeps them in /usr/lib/postgresql/<major>/bin)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return found[-1]
    on_path = shutil.which(name)
    if on_path is None:
        _missing(f"PostgreSQL ({name})")
    return on_path


def _as_postgres() -> list[str]:
    """PostgreSQL refuses to run as root: run its commands as the `postgres` user then."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _wait_port(port: int, proc: subprocess.Popen | None = None, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing answers on 127.0.0.1:{port}")


class PostgresServer:
    """initdb + pg_ctl start in a temporary folder owned by the user the server runs as."""

    def __init__(self) -> None:
        self.initdb, self.pg_ctl = postgres_bin("initdb"), postgres_bin("pg_ctl")
        self.postgres = postgres_bin("postgres")
        self.root = Path(tempfile.mkdtemp(prefix="kpi-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.url = f"postgresql://{PG_USER}@127.0.0.1:{self.port}/{PG_DB}"
        self.log = self.root / "log"  # the server log: every statement (log_statement=all)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self.root.chmod(0o700)

    def _run(self, *args: str) -> str:
        done = subprocess.run([*_as_postgres(), *args], capture_output=True, text=True, cwd=self.root)
        if done.returncode:
            raise RuntimeError(f"{' '.join(args[:2])} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start(self) -> PostgresServer:
        self._run(self.initdb, "-D", str(self.data), "-U", PG_USER, "-A", "trust", "-E", "UTF8", "--no-sync")
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off"
        options += " -c full_page_writes=off -c synchronous_commit=off"
        options += " -c log_statement=all"  # the tests read what the app asks (self.log)
        self._run(self.pg_ctl, "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        _wait_port(self.port)
        self._run(postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", PG_USER, PG_DB)
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                [*_as_postgres(), self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"],
                capture_output=True,
                cwd=self.root,
            )
        shutil.rmtree(self.root, ignore_errors=True)


class RedisServer:
    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            _missing("Redis (redis-server)")
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="kpi-redis-"))
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = open(self.root / "log", "w")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=self.root,
        )
        _wait_port(self.port, self.proc)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A private PostgreSQL on loopback with an empty database `kpi`; `.url`, `.log` (statements)."""
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server) -> str:
    """`postgresql://kpi@127.0.0.1:PORT/kpi` of the private server (an empty database at first)."""
    return postgres_server.url


def create_database(url: str, name: str) -> str:
    """A fresh empty database `name` on the server of `url` (dropped first if it exists); its URL."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A private Redis on loopback without persistence: `redis://127.0.0.1:PORT/0`."""
    server = RedisServer()
    try:
        yield server.url
    finally:
        server.stop()
