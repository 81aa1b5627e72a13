"""Reading the page state from a URL query string."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from layouts.format import normalize_lang

# Query parameters carried over when moving between pages.
KEPT = ("lang", "period")


def parse(search: str | None) -> dict[str, str]:
    """'?lang=en&period=2016' -> {'lang': 'en', 'period': '2016'} (last value wins)."""
    return {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}


def lang_of(search: str | None) -> str:
    return normalize_lang(parse(search).get("lang"))


def href(path: str, query: dict[str, str]) -> str:
    """A link to `path` keeping the shared query parameters; bokmål is the default, left out."""
    kept = {k: query[k] for k in KEPT if query.get(k) and not (k == "lang" and query[k] == "nb")}
    return f"{path}?{urlencode(kept)}" if kept else path
