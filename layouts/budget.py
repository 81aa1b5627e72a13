"""The budget page."""

from __future__ import annotations

from layouts.page import headline_page


def layout(lang: str | None = None, **query):
    """Accepts any query string: unknown parameters are ignored, bad values fall back to defaults."""
    return headline_page("budget", lang, query)
