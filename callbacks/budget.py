"""The budget page: its routes and callbacks."""

from __future__ import annotations

from callbacks import pages
from layouts import budget

pages.register("budget", "/budget", lambda: pages.indicator_options("budget"), budget.layout, order=3)
