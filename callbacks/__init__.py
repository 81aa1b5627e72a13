"""Importing this package registers every callback (`dash.callback`) and declares every route."""

from callbacks import budget, districts, exports, filters, headline, housing, overview, page_exports, shell  # noqa: F401
