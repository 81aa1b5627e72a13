"""Importing this package registers every callback (`dash.callback`) and declares every route."""

from callbacks import budget, districts, filters, headline, housing, overview, shell  # noqa: F401
