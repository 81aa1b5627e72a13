"""The overview page: its routes and callbacks."""

from __future__ import annotations

from callbacks import pages
from layouts import overview

pages.register("overview", "/", lambda: pages.indicator_options(None), overview.layout, order=0)
