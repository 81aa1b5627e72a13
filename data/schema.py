"""The dataset format: table and column names, types, allowed values and keys.

This module is the one source of truth for the public data contract documented in
docs/data-format.md. It has no I/O and imports nothing but the standard library, so the
loader, the validator, the generator and the docs test can all read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Column kinds. "text" is free text; "id" is a short identifier (no surrounding spaces);
# "number" is a finite float; "count" a finite, non-negative number; "period"/"date" are
# checked by the regular expressions below; "choice" takes one of `allowed`.
TEXT, ID, NUMBER, COUNT, PERIOD, DATE, CHOICE, YEAR = (
    "text",
    "id",
    "number",
    "count",
    "period",
    "date",
    "choice",
    "year",
)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = True  # the column must be present in the file
    nullable: bool = False  # an empty cell is allowed
    allowed: tuple[str, ...] = ()
    default: str | None = None  # value used when an optional column is absent
    doc: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # unique together; empty for no key
    required: bool = True  # the dataset must contain this table
    doc: str = ""

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


UNIT_KINDS = ("municipality", "programme_area", "service", "district", "staff", "comparison")
# Units that are not part of the organisation but stand beside it for comparison (the national
# figure, a KOSTRA group, the ASSS network, another municipality). They hang directly under the
# root so the tree keeps one root; queries never count them as below the root.
COMPARISON = "comparison"
PANELS = ("districts", "housing", "budget", "social", "organisation")
MEASURE_UNITS = ("count", "percent", "nok", "days", "years", "ratio", "per_1000")
DIRECTIONS = ("higher_is_better", "lower_is_better", "neutral")
STATUSES = ("final", "preliminary", "illustrative")
# Why an observation has no value, after SSB's symbols: `.` not applicable, `..` missing,
# `...` not yet available, `:` confidential. (SSB's `-`, nothing to report, is a true 0.)
MISSING_REASONS = ("not_applicable", "missing", "not_yet_available", "confidential")
BUDGET_PERIODS = ("year", "T1", "T2", "T3", *(f"M{m:02d}" for m in range(1, 13)))
EVENT_PANELS = (*PANELS, "overview")

# The six goal areas of Drammen's annual report (HSO-planen). A dataset may use others;
# these are the ones the shipped dataset uses and the overview groups by, in this order.
GOAL_AREAS = (
    "Lengst mulig i eget liv",
    "Trygg og aktiv hverdag",
    "Sjef i eget liv",
    "Hjelp når du trenger det",
    "Kompetanse",
    "Arbeidskultur",
)

# Periods: a year "2016", a month "2016-03", or a tertial "2016-T1" (T1..T3).
PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>0[1-9]|1[0-2])|T(?P<tertial>[1-3])))?$")
# Event dates: a full date "2016-06-14", or only as precise as the source: "2016-06", "2016".
DATE_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>0[1-9]|[12]\d|3[01]))?)?$")

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "units",
            (
                Column("unit_id", ID, doc="Short stable identifier, e.g. `hamborgstrom`."),
                Column("name", TEXT, doc="Display name (bokmål)."),
                Column("parent_id", ID, nullable=True, doc="Empty for the one root unit."),
                Column("kind", CHOICE, allowed=UNIT_KINDS),
                Column("note", TEXT, required=False, nullable=True, default=""),
            ),
            key=("unit_id",),
            doc=(
                "The organisation as a tree: municipality, programme area, services, districts, "
                "staff; comparison units (kind `comparison`) directly under the root."
            ),
        ),
        Table(
            "indicators",
            (
                Column("indicator_id", ID),
                Column("name", TEXT, doc="Name in bokmål."),
                Column("name_en", TEXT, required=False, nullable=True, default=""),
                Column("panel", CHOICE, allowed=PANELS),
                Column("goal_area", TEXT, nullable=True),
                Column("unit", CHOICE, allowed=MEASURE_UNITS),
                Column("direction", CHOICE, allowed=DIRECTIONS),
                Column("decimals", COUNT, required=False, default="0"),
                Column("description", TEXT, required=False, nullable=True, default=""),
                Column("source", TEXT, required=False, nullable=True, default=""),
            ),
            key=("indicator_id",),
        ),
        Table(
            "observations",
            (
                Column("indicator_id", ID),
                Column("unit_id", ID),
                Column("period", PERIOD),
                Column(
                    "value",
                    NUMBER,
                    nullable=True,
                    doc="The value; empty only when `missing` gives the reason.",
                ),
                Column("status", CHOICE, allowed=STATUSES),
                Column("source", TEXT, required=False, nullable=True, default=""),
                Column(
                    "missing",
                    CHOICE,
                    required=False,
                    nullable=True,
                    allowed=MISSING_REASONS,
                    default="",
                    doc="Why `value` is empty; empty when there is a value.",
                ),
            ),
            key=("indicator_id", "unit_id", "period"),
        ),
        Table(
            "targets",
            (
                Column("indicator_id", ID),
                Column("unit_id", ID),
                Column("period", PERIOD),
                Column("target", NUMBER),
                Column("tolerance", COUNT, required=False, default="0"),
                Column("decided_by", TEXT, required=False, nullable=True, default=""),
                # Not in the first draft of the format: whether the target itself is a
                # decided figure or one made up for illustration. Absent means decided.
                Column("status", CHOICE, required=False, allowed=STATUSES, default="final"),
            ),
            key=("indicator_id", "unit_id", "period"),
            required=False,
        ),
        Table(
            "budget",
            (
                Column("unit_id", ID),
                Column("year", YEAR),
                Column("period", CHOICE, allowed=BUDGET_PERIODS),
                Column("category", TEXT),
                Column("original_budget", NUMBER, nullable=True),
                Column("revised_budget", NUMBER, nullable=True),
                Column("actual", NUMBER, nullable=True),
                Column("forecast", NUMBER, required=False, nullable=True, default=""),
                Column("status", CHOICE, allowed=STATUSES),
            ),
            key=("unit_id", "year", "period", "category"),
            required=False,
            doc=(
                "Amounts in NOK, expenses positive and income negative, so a unit's net is the "
                "sum of its categories. `year` rows hold the whole year; `M01`..`M12` and "
                "`T1`..`T3` rows hold that month or tertial alone (the app sums them to year to "
                "date). `forecast` is the year-end forecast made at that period."
            ),
        ),
        Table(
            "events",
            (
                Column("date", DATE),
                Column("unit_id", ID),
                Column("panel", CHOICE, allowed=EVENT_PANELS),
                Column("title", TEXT),
                Column("description", TEXT, required=False, nullable=True, default=""),
                Column("source", TEXT, required=False, nullable=True, default=""),
            ),
            key=(),
            required=False,
        ),
    )
}

# References between tables: (table, column) -> (table, column) it must exist in.
REFERENCES: tuple[tuple[str, str, str, str], ...] = (
    ("units", "parent_id", "units", "unit_id"),
    ("observations", "indicator_id", "indicators", "indicator_id"),
    ("observations", "unit_id", "units", "unit_id"),
    ("targets", "indicator_id", "indicators", "indicator_id"),
    ("targets", "unit_id", "units", "unit_id"),
    ("budget", "unit_id", "units", "unit_id"),
    ("events", "unit_id", "units", "unit_id"),
)

# File endings a table may be stored in inside a dataset folder.
TABLE_SUFFIXES = (".csv", ".parquet", ".xlsx")


def parse_period(text: str) -> tuple[int, str, int] | None:
    """'2016' -> (2016, 'year', 0); '2016-03' -> (2016, 'month', 3); '2016-T1' -> (2016, 'tertial', 1).

    Returns None for anything else.
    """
    m = PERIOD_RE.match(text or "")
    if not m:
        return None
    year = int(m["year"])
    if m["month"]:
        return year, "month", int(m["month"])
    if m["tertial"]:
        return year, "tertial", int(m["tertial"])
    return year, "year", 0
