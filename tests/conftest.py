"""Shared fixtures: a real app process on loopback and Playwright driving Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.run import CHROMIUM, CHROMIUM_ARGS  # one place for the browser and its flags
from tests.services import postgres_server, postgres_url, redis_url  # noqa: F401 (session fixtures)

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _status(url: str) -> int | None:
    """The HTTP status `url` answers with (3xx and 4xx included), None while nothing listens."""
    try:
        with urllib.request.build_opener(_NoRedirect).open(url, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code
    except OSError:
        return None


class AppProcess:
    """`python app.py` in a child process, exactly as a user starts it."""

    def __init__(self, *args: str, env: dict[str, str] | None = None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # The request log goes to a file: a pipe nobody reads fills up and blocks the server.
        self.log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [sys.executable, "app.py", "--port", str(self.port), *args],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def wait_ready(self, timeout: float = 60, ready_status: int = 200) -> AppProcess:
        """Poll `/` until it answers `ready_status` (redirects not followed: with a login in front
        the app is ready when it answers 401 or 302)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"app exited with {self.proc.returncode}:\n{self.output()}")
            if _status(self.url + "/") == ready_status:
                return self
            time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"app did not answer on {self.url}")

    def stop(self) -> str:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        out = self.output()
        self.log.close()
        return out


@pytest.fixture(scope="session")
def app_process():
    """Start an app process with extra arguments; every one is stopped at the end of the session."""
    started: list[AppProcess] = []

    def start(*args: str, env: dict[str, str] | None = None, ready_status: int = 200) -> AppProcess:
        process = AppProcess(*args, env=env).wait_ready(ready_status=ready_status)
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()


@pytest.fixture(scope="session")
def live_url(app_process) -> str:
    """The shipped dataset, served by `python app.py`."""
    return app_process().url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def console_errors(page):
    """Every console error and uncaught exception the page produces."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors
