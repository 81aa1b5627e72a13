"""Problems found in a dataset, and their wording in bokmål ("nb") and English ("en").

Every problem the loader or the validator finds is a `Problem` with a short machine `code`
and a message rendered from the templates below in both languages, written for a municipal
analyst rather than a programmer. docs/data-format.md lists the codes.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("nb", "en")
ERROR, WARNING = "error", "warning"

# code -> (bokmål, English). Placeholders are filled by `render`; `{noun}` comes from NOUNS.
TEMPLATES: dict[str, tuple[str, str]] = {
    # The dataset as a whole (raised as DatasetError by data.load).
    "not_found": ("Finner ikke «{path}»", 'Cannot find "{path}"'),
    "not_a_dataset": (
        "«{path}» er ikke et datasett (ventet en mappe med tabellfiler eller en .xlsx-arbeidsbok)",
        '"{path}" is not a dataset (expected a folder of table files or an .xlsx workbook)',
    ),
    "no_tables": (
        "«{path}» inneholder ingen av tabellene {tables}",
        '"{path}" contains none of the tables {tables}',
    ),
    "unreadable_dataset": ("Kan ikke lese «{path}»: {reason}", 'Cannot read "{path}": {reason}'),
    "internal_error": (
        "Uventet feil ved lesing av «{path}»: {reason}",
        'Unexpected error while reading "{path}": {reason}',
    ),
    # Files and sheets.
    "unknown_file": (
        "filen hører ikke til formatet og blir ikke lest",
        "the file is not part of the format and is not read",
    ),
    "unknown_sheet": (
        "arket «{sheet}» er ikke en tabell i formatet og blir ikke lest",
        'sheet "{sheet}" is not a table of the format and is not read',
    ),
    "unused_sheet": (
        "bare arket «{used}» blir lest; arket «{sheet}» blir ikke lest",
        'only sheet "{used}" is read; sheet "{sheet}" is not',
    ),
    "duplicate_file": (
        "tabellen «{table}» finnes også i «{used}», som blir brukt; denne filen blir ikke lest",
        'table "{table}" is also in "{used}", which is used; this file is not read',
    ),
    "missing_table": (
        "tabellen «{table}» mangler (ventet filen {table}.csv, {table}.parquet eller {table}.xlsx)",
        'table "{table}" is missing (expected the file {table}.csv, {table}.parquet or {table}.xlsx)',
    ),
    "missing_sheet": (
        "arbeidsboken mangler arket «{table}»",
        'the workbook has no sheet "{table}"',
    ),
    "unreadable_file": (
        "filen kan ikke leses ({reason}); tabellen blir stående tom",
        "the file cannot be read ({reason}); the table is left empty",
    ),
    # Columns.
    "missing_column": (
        "kolonnen «{column}» mangler, så hele tabellen blir utelatt",
        'column "{column}" is missing, so the whole table is left out',
    ),
    "unknown_column": (
        "kolonnen «{column}» hører ikke til tabellen og blir ikke lest",
        'column "{column}" is not part of the table and is not read',
    ),
    "duplicate_column": (
        "kolonnen «{column}» finnes flere ganger; bare den første blir lest",
        'column "{column}" appears more than once; only the first is read',
    ),
    "unnamed_column": (
        "kolonne nr. {position} har verdier, men ingen overskrift, og blir ikke lest",
        "column no. {position} has values but no heading and is not read",
    ),
    # Rows and cells.
    "too_many_cells": (
        "raden har {found} celler, men overskriften bare {expected} (et desimalkomma i en "
        "kommaseparert fil? Bruk semikolon som skilletegn)",
        "the row has {found} cells but the heading only {expected} (a decimal comma in a "
        "comma-separated file? Use semicolons as separators)",
    ),
    "not_text": (
        "filen er ikke en CSV-tekstfil, men {what}; tabellen blir stående tom",
        "the file is not a CSV text file but {what}; the table is left empty",
    ),
    "empty_file": (
        "filen er tom (ingen overskriftsrad); tabellen blir stående tom",
        "the file is empty (no heading row); the table is left empty",
    ),
    "no_rows": (
        "tabellen har en overskrift, men ingen rader",
        "the table has a heading but no rows",
    ),
    "wrong_separator": (
        "overskriften er én eneste kolonne «{heading}»: kolonnene må skilles med komma eller "
        "semikolon (filen ser ut til å bruke {separator})",
        'the heading is one single column "{heading}": columns must be separated by commas or '
        "semicolons (the file seems to use {separator})",
    ),
    "row_separator": (
        "raden er én eneste celle «{value}», men overskriften skiller kolonnene med «{separator}»; "
        "bruk samme skilletegn i hele filen",
        'the row is one single cell "{value}", but the heading separates columns with "{separator}"; '
        "use the same separator throughout the file",
    ),
    "unclosed_quote": (
        'et anførselstegn («"») som åpnes i denne raden (linje {line}), lukkes aldri, så resten av '
        "filen ({lines} linjer) blir lest som én celle; raden blir utelatt",
        'a quote mark (") opened in this row (line {line}) is never closed, so the rest of the file '
        "({lines} lines) is read as one cell; the row is left out",
    ),
    "control_character": (
        "cellen inneholder et kontrolltegn ({character}); filen kan være skadet",
        "the cell contains a control character ({character}); the file may be damaged",
    ),
    "mixed_encoding": (
        "filen er UTF-8, men {lines} linje(r) fra og med denne er lagret som Windows-1252; de er lest "
        "som Windows-1252 (æ, ø, å blir riktige), men lagre gjerne hele filen som UTF-8",
        "the file is UTF-8, but {lines} line(s) from this one on are saved as Windows-1252; they are "
        "read as Windows-1252 (æ, ø, å come out right), but please save the whole file as UTF-8",
    ),
    "formula_without_value": (
        "formelen har ingen lagret verdi; åpne filen i Excel og lagre den på nytt",
        "the formula has no saved value; open the file in Excel and save it again",
    ),
    "empty": ("cellen er tom, men må ha en verdi", "the cell is empty but must have a value"),
    "not_a_number": ("«{value}» er ikke et tall", '"{value}" is not a number'),
    "ambiguous_number": (
        "«{value}» har både punktum og komma, så det kan leses på to måter; bruk ett desimaltegn "
        "og mellomrom mellom tusener (1 234,5)",
        '"{value}" has both a point and a comma, so it can be read two ways; use one decimal mark '
        "and spaces between thousands (1 234.5)",
    ),
    "number_too_large": (
        "«{value}» er for stort til å regne med (over 1,8·10³⁰⁸)",
        '"{value}" is too large to compute with (above 1.8e308)',
    ),
    "negative_count": (
        "«{value}» er negativt, men indikatoren «{indicator}» teller (unit count) og må være 0 eller mer",
        '"{value}" is negative, but indicator "{indicator}" is a count (unit count) and must be 0 or more',
    ),
    "negative": (
        "«{value}» er negativt, men må være 0 eller mer",
        '"{value}" is negative but must be 0 or more',
    ),
    "not_a_whole_number": ("«{value}» er ikke et helt tall", '"{value}" is not a whole number'),
    "not_a_year": ("«{value}» er ikke et årstall med fire sifre", '"{value}" is not a four-digit year'),
    "not_allowed": (
        "«{value}» er ikke en tillatt verdi (tillatt: {allowed})",
        '"{value}" is not an allowed value (allowed: {allowed})',
    ),
    "bad_period": (
        "«{value}» er ikke en periode (skriv 2016, 2016-03 eller 2016-T1)",
        '"{value}" is not a period (write 2016, 2016-03 or 2016-T1)',
    ),
    "bad_month": (
        "«{value}»: måned {month} finnes ikke (bruk 01–12)",
        '"{value}": there is no month {month} (use 01–12)',
    ),
    "bad_tertial": (
        "«{value}»: tertial {tertial} finnes ikke (bruk T1–T3)",
        '"{value}": there is no tertial {tertial} (use T1–T3)',
    ),
    "bad_date": (
        "«{value}» er ikke en dato (skriv 2016-06-14, 2016-06 eller 2016)",
        '"{value}" is not a date (write 2016-06-14, 2016-06 or 2016)',
    ),
    "no_such_date": (
        "datoen «{value}» finnes ikke i kalenderen",
        'the date "{value}" does not exist in the calendar',
    ),
    "value_and_missing": (
        "raden har både en verdi og en grunn til at verdien mangler («{reason}»); bruk bare én av dem",
        'the row has both a value and a reason why the value is missing ("{reason}"); use only one',
    ),
    # Across rows and tables.
    "duplicate_key": (
        "raden finnes allerede (samme {key} som rad {first})",
        "the row already exists (same {key} as row {first})",
    ),
    "unknown_reference": (
        "{noun} «{value}» finnes ikke i {target}",
        '{noun} "{value}" does not exist in {target}',
    ),
    "reference_left_out": (
        "{noun} «{value}» er utelatt fra {target} på grunn av feil (se rad {first})",
        '{noun} "{value}" was left out of {target} because of errors (see row {first})',
    ),
    "self_parent": (
        "enheten «{value}» kan ikke være sin egen overordnede enhet",
        'unit "{value}" cannot be its own parent',
    ),
    "cycle": (
        "enheten «{value}» er med i en sirkel av overordnede enheter: {path}",
        'unit "{value}" is part of a circle of parent units: {path}',
    ),
    "extra_root": (
        "enheten «{value}» har ingen overordnet enhet, men «{root}» (rad {first}) står allerede "
        "øverst; bare én enhet kan stå øverst",
        'unit "{value}" has no parent, but "{root}" (row {first}) is already at the top; only '
        "one unit can be at the top",
    ),
    "no_root": (
        "ingen enhet står øverst (ventet én enhet med tom parent_id)",
        "no unit is at the top (expected one unit with an empty parent_id)",
    ),
}

# The word for a row of a referenced table, used as {noun} in reference messages.
NOUNS: dict[str, tuple[str, str]] = {
    "units": ("enheten", "unit"),
    "indicators": ("indikatoren", "indicator"),
}
_DEFAULT_NOUN = ("verdien", "value")


# What a file that is not text really is ({what} in "not_text"), by the bytes it starts with.
WHATS: dict[str, tuple[str, str]] = {
    "png": ("et PNG-bilde", "a PNG image"),
    "jpeg": ("et JPEG-bilde", "a JPEG image"),
    "pdf": ("et PDF-dokument", "a PDF document"),
    "xlsx": (
        "en Excel-arbeidsbok eller et zip-arkiv (gi den endelsen .xlsx)",
        "an Excel workbook or zip archive (give it the ending .xlsx)",
    ),
    "xls": (
        "en gammel Excel-fil (.xls); lagre den som .xlsx eller CSV",
        "an old Excel file (.xls); save it as .xlsx or CSV",
    ),
    "parquet": ("en Parquet-fil (gi den endelsen .parquet)", "a Parquet file (give it the ending .parquet)"),
    "binary": ("en binærfil (den inneholder NUL-byte)", "a binary file (it contains NUL bytes)"),
}

_SHOWN = 80  # characters of a cell shown in a message


def shown(value: object) -> str:
    """A cell's text as a message shows it: control characters visible (U+0000 as ␀, a line
    break as ␊), and at most _SHOWN characters."""
    text = str(value)
    text = "".join(chr(0x2400 + ord(c)) if ord(c) < 0x20 else c for c in text)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def render(code: str, lang: str = "nb", /, **params: object) -> str:
    """The message for `code` in `lang` ("nb" or "en"), with `params` filled in."""
    i = LANGS.index(lang)
    noun = NOUNS.get(str(params.get("target", "")), _DEFAULT_NOUN)[i]
    if "what" in params:
        params = {**params, "what": WHATS[str(params["what"])][i]}
    params = {k: shown(v) if k in ("value", "heading") else v for k, v in params.items()}
    return TEMPLATES[code][i].format(noun=noun, **params)


@dataclass(frozen=True)
class Problem:
    """One problem in a dataset. `str(problem)` is "FILE:ROW:COLUMN: message" in bokmål.

    `row` is the row number a spreadsheet shows (heading = 1, first data row = 2); problems
    about a whole file or table use 1. `column` is "-" when no single column is at fault.
    """

    file: str
    row: int
    column: str
    code: str
    message: str  # bokmål
    severity: str = ERROR
    message_en: str = ""

    @classmethod
    def make(
        cls, file: str, row: int, column: str, code: str, /, severity: str = ERROR, **params: object
    ) -> Problem:
        """A problem with its message rendered from TEMPLATES[code] in both languages."""
        return cls(
            file, row, column, code, render(code, "nb", **params), severity, render(code, "en", **params)
        )

    def message_in(self, lang: str = "nb") -> str:
        """The message alone, in bokmål ("nb") or English ("en")."""
        return self.message_en if lang == "en" else self.message

    def text(self, lang: str = "nb") -> str:
        """The whole report line in bokmål ("nb") or English ("en"): "FILE:ROW:COLUMN: message"."""
        return f"{self.file}:{self.row}:{self.column}: {self.message_in(lang)}"

    def __str__(self) -> str:
        return self.text("nb")

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def summary(errors: int, warnings: int, tables: int, dropped: int, lang: str = "nb") -> str:
    """One line such as "3 feil, 1 advarsel i 6 tabeller (12 rader utelatt)"."""

    def n(count: int, one: str, many: str) -> str:
        return f"{count} {one if count == 1 else many}"

    if lang == "en":
        return (
            f"{n(errors, 'error', 'errors')}, {n(warnings, 'warning', 'warnings')} in "
            f"{n(tables, 'table', 'tables')} ({n(dropped, 'row', 'rows')} left out)"
        )
    return (
        f"{n(errors, 'feil', 'feil')}, {n(warnings, 'advarsel', 'advarsler')} i "
        f"{n(tables, 'tabell', 'tabeller')} ({n(dropped, 'rad', 'rader')} utelatt)"
    )
