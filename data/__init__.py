"""Data layer: the only code that reads files. See docs/data-format.md."""
