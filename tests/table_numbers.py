"""Reading a figure back from the text a table shows: '12,3 %', '2 632', '10,9 mill. kr',
'NOK 287,400', '15,2 dager', '379 (illustrativt mål)'; '–' is no figure."""

from __future__ import annotations

import decimal
import math
import re

_NUMBER = {
    "nb": re.compile(r"[−-]?\d+(?:[ \u00a0\u202f]\d{3})*(?:,\d+)?"),
    "en": re.compile(r"[−-]?\d+(?:,\d{3})*(?:\.\d+)?"),
}


def shown_number(text: str, lang: str = "nb") -> tuple[float, float, int] | None:
    """The first figure in `text` as (number, multiplier, decimals): '10,9 mill. kr' ->
    (10.9, 1e6, 1), '12,3 %' -> (12.3, 1, 1), '2 632' -> (2632, 1, 0); None when there is none."""
    found = _NUMBER[lang].search(text)
    if found is None:
        return None
    raw = found.group(0).replace("−", "-")
    raw = raw.replace(",", "") if lang == "en" else re.sub(r"[ \u00a0\u202f]", "", raw).replace(",", ".")
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    rest = text[found.end() :]
    multiplier = 1e6 if re.match(r"\s*(mill\.|million)", rest) else 1.0
    return float(raw), multiplier, decimals


def same_figure(exported: object, text: str, lang: str = "nb") -> bool:
    """Whether a number from a file is the figure `text` shows (as the page rounds it);
    an empty cell is the same as a shown '–'."""
    shown = shown_number(text, lang)
    missing = exported is None or (isinstance(exported, float) and math.isnan(exported))
    if shown is None:
        return missing
    if missing:
        return False
    number, multiplier, decimals = shown
    with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):  # as layouts/format.py rounds
        value = decimal.Decimal(repr(float(exported) / multiplier)).quantize(
            decimal.Decimal(1).scaleb(-decimals)
        )
    return float(value) == number
