"""docs/data-format.md must name every table, column, allowed value, reference and problem code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from data.messages import TEMPLATES
from data.schema import REFERENCES, TABLES

DOC = (Path(__file__).resolve().parents[2] / "docs" / "data-format.md").read_text(encoding="utf-8")


def section(table: str) -> str:
    """The text under the heading "### `table`", up to the next heading."""
    match = re.search(rf"^### `{table}`\n(.*?)(?=^#)", DOC + "\n#", re.MULTILINE | re.DOTALL)
    assert match, f"docs/data-format.md has no section ### `{table}`"
    return match[1]


@pytest.mark.parametrize("name", list(TABLES))
def test_every_column_and_allowed_value_is_documented(name: str) -> None:
    table, text = TABLES[name], section(name)
    assert ("Required table" if table.required else "Optional table") in text
    for column in table.columns:
        assert (
            f"| `{column.name}` | {column.kind} | {'required' if column.required else 'optional'} |" in text
        )
        for value in column.allowed:
            assert f"`{value}`" in text, f"{name}.{column.name}: allowed value {value!r} is not documented"
        if column.default:
            assert f"default `{column.default}`" in text, f"{name}.{column.name}: default is not documented"


@pytest.mark.parametrize("name", list(TABLES))
def test_every_key_is_documented(name: str) -> None:
    key = TABLES[name].key
    expected = "Key: " + ", ".join(f"`{c}`" for c in key) + "." if key else "No key"
    assert expected in " ".join(section(name).split())


@pytest.mark.parametrize(("source", "column", "target", "target_column"), REFERENCES)
def test_every_reference_is_documented(source: str, column: str, target: str, target_column: str) -> None:
    assert f"`{column}` → `{target}.{target_column}`" in " ".join(section(source).split())


@pytest.mark.parametrize("code", list(TEMPLATES))
def test_every_problem_code_is_documented(code: str) -> None:
    assert f"`{code}`" in DOC
