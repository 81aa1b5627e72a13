"""The housing page: its routes and callbacks."""

from __future__ import annotations

from callbacks import pages
from layouts import housing

pages.register("housing", "/housing", lambda: pages.indicator_options("housing"), housing.layout, order=2)
