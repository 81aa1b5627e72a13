"""Helpers shared by the browser tests: visible text as a reader sees it, and waiting until the
Dash callbacks an action started have all answered."""

from __future__ import annotations

import time

CALLBACK_URL = "/_dash-update-component"


def plain(text: str) -> str:
    """`text` with no-break and narrow no-break spaces (Norwegian digit groups) read as spaces."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def visible_text(page, selector: str = "body") -> str:
    return plain(page.inner_text(selector))


class CallbackWatch:
    """Counts a page's Dash callback requests in flight (tests/browser/conftest.py gives every
    test page one, as `page.dash_callbacks`)."""

    def __init__(self, page) -> None:
        self.in_flight = 0
        self.changed = time.monotonic()
        page.on("request", lambda r: self._count(r, +1))
        page.on("requestfinished", lambda r: self._count(r, -1))
        page.on("requestfailed", lambda r: self._count(r, -1))

    def _count(self, request, step: int) -> None:
        if CALLBACK_URL in request.url:
            self.in_flight += step
            self.changed = time.monotonic()


def settle(page, quiet_ms: int = 400, timeout_s: float = 20.0) -> None:
    """Wait until no callback request has been in flight for `quiet_ms` (a callback's answer can
    start the next one, so one quiet moment is not enough)."""
    watch: CallbackWatch = page.dash_callbacks
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        page.wait_for_timeout(50)  # lets Playwright deliver the request events
        if watch.in_flight <= 0 and time.monotonic() - watch.changed >= quiet_ms / 1000:
            return
    raise AssertionError(f"Dash callbacks still running after {timeout_s} s ({watch.in_flight} in flight)")


def wait_text(page, selector: str, *parts: str) -> None:
    """Wait until the first element matching `selector` holds every one of `parts` (textContent,
    so SVG chart titles too; no-break spaces read as spaces)."""
    page.wait_for_function(
        """([selector, parts]) => {
            const el = document.querySelector(selector);
            if (!el) return false;
            const text = el.textContent.replace(/[\\u00a0\\u202f]/g, ' ');
            return parts.every((part) => text.includes(part));
        }""",
        arg=[selector, list(parts)],
    )
