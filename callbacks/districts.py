"""The districts page: its routes and callbacks."""

from __future__ import annotations

from callbacks import pages
from layouts import districts

pages.register(
    "districts", "/districts", lambda: pages.indicator_options("districts"), districts.layout, order=1
)
