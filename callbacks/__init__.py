"""Importing this package registers every callback (`dash.callback`)."""

from callbacks import headline, shell  # noqa: F401
