"""Numbers, amounts, periods and dates in the reader's language (Babel does the locale work).

Bokmål: `2 632`, `24 %`, `10,9 mill. kr`, `1. februar 2017`, `juni 2016`.
English: `2,632`, `24%`, `NOK 10.9 million`, `1 February 2017`, `June 2016`.
Pure functions: no Dash, no I/O.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import math
import re

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_skeleton
from babel.numbers import NumberPattern, format_decimal, format_percent, parse_pattern

LANGS = ("nb", "en")
DEFAULT_LANG = "nb"
_LOCALES = {"nb": "nb_NO", "en": "en_GB"}

MISSING = "–"  # shown where a figure is missing

_UNIT_WORDS = {
    "days": {"nb": ("dag", "dager"), "en": ("day", "days")},
    "years": {"nb": ("år", "år"), "en": ("year", "years")},
}
_TERTIAL = {"nb": "{n}. tertial {year}", "en": "T{n} {year}"}
_MILLION = {"nb": "{x} mill. kr", "en": "NOK {x} million"}
_KRONER = {"nb": "{x} kr", "en": "NOK {x}"}


def normalize_lang(lang: object) -> str:
    """Any input -> 'nb' or 'en' (unknown values fall back to bokmål)."""
    return lang if lang in LANGS else DEFAULT_LANG


def locale_of(lang: str) -> str:
    return _LOCALES[normalize_lang(lang)]


@functools.cache
def _locale(lang: str) -> Locale:
    """The Babel locale of `lang`, parsed once (Babel would parse its name on every call)."""
    return Locale.parse(locale_of(lang))


@functools.lru_cache(maxsize=256)
def _parsed(pattern: str) -> NumberPattern:
    """A number pattern parsed once: Babel's `format_*` take it as it is (it is never changed)."""
    return parse_pattern(pattern)


def _pattern(decimals: int, optional: bool = False) -> str:
    """'#,##0.0' for one fixed decimal; with `optional`, '#,##0.#' (no ',0' on whole numbers)."""
    return "#,##0" + ("." + ("#" if optional else "0") * decimals if decimals > 0 else "")


def _decimal(value: float, pattern: str, lang: str) -> str:
    """Babel with half-up rounding on the decimal value written (7,25 -> 7,3), as Excel rounds."""
    with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
        number = decimal.Decimal(repr(float(value)))
        return format_decimal(number, format=_parsed(pattern), locale=_locale(lang))


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def number(value: float | None, decimals: int = 0, lang: str = DEFAULT_LANG, signed: bool = False) -> str:
    """2632 -> '2 632' (nb) / '2,632' (en); `signed` adds '+' to positive numbers."""
    if _missing(value):
        return MISSING
    pattern = _pattern(max(int(decimals), 0))
    if signed:
        pattern = f"+{pattern};-{pattern}"
    return _decimal(value, pattern, lang)


def percent(value: float | None, decimals: int = 0, lang: str = DEFAULT_LANG, signed: bool = False) -> str:
    """A value already in percent: 24 -> '24 %' (nb) / '24%' (en)."""
    if _missing(value):
        return MISSING
    base = _locale(lang).percent_formats[None].pattern  # '#,##0 %' or '#,##0%'
    pattern = base.replace("#,##0", _pattern(max(int(decimals), 0)), 1)
    if signed:
        pattern = f"+{pattern};-{pattern}"
    with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
        share = decimal.Decimal(repr(float(value))) / 100
        return format_percent(share, format=_parsed(pattern), locale=_locale(lang))


def nok(value: float | None, lang: str = DEFAULT_LANG, signed: bool = False) -> str:
    """Kroner: millions as '10,9 mill. kr' / 'NOK 10.9 million', smaller amounts in whole kroner."""
    if _missing(value):
        return MISSING
    lang = normalize_lang(lang)
    if abs(value) >= 1_000_000:
        pattern = _pattern(1, optional=True)  # 10,9 mill. kr; 300 mill. kr
        if signed:
            pattern = f"+{pattern};-{pattern}"
        return _MILLION[lang].format(x=_decimal(value / 1_000_000, pattern, lang))
    return _KRONER[lang].format(x=number(value, 0, lang, signed))


def value(val: float | None, unit: str, decimals: int = 0, lang: str = DEFAULT_LANG) -> str:
    """A figure with its measure unit, as the indicators table describes it."""
    if _missing(val):
        return MISSING
    if unit == "percent":
        return percent(val, decimals, lang)
    if unit == "nok":
        return nok(val, lang)
    text = number(val, decimals, lang)
    words = _UNIT_WORDS.get(unit, {}).get(normalize_lang(lang))
    if words:
        return f"{text} {words[0] if val == 1 else words[1]}"
    return text


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date(text: str, lang: str = DEFAULT_LANG) -> str:
    """'2017-02-01' -> '1. februar 2017'; '2016-06' -> 'juni 2016'; '2016' -> '2016'.

    Dates are shown only as precisely as the source gives them.
    """
    m = _DATE_RE.match(text or "")
    if not m:
        return text or ""
    year, month, day = m.groups()
    loc = locale_of(lang)
    if day:
        return _babel_date(dt.date(int(year), int(month), int(day)), format="long", locale=loc)
    if month:
        return format_skeleton("yMMMM", dt.date(int(year), int(month), 1), locale=loc)
    return year


def period(text: str, lang: str = DEFAULT_LANG) -> str:
    """'2016' -> '2016'; '2016-03' -> 'mars 2016'; '2016-T1' -> '1. tertial 2016' / 'T1 2016'."""
    m = re.match(r"^(\d{4})-T([1-3])$", text or "")
    if m:
        return _TERTIAL[normalize_lang(lang)].format(n=m[2], year=m[1])
    return date(text, lang)


def change(old: float | None, new: float | None, lang: str = DEFAULT_LANG, decimals: int = 1) -> str:
    """Relative change in percent, signed: 2314 -> 2632 gives '+13,7 %'."""
    if _missing(old) or _missing(new) or old == 0:
        return MISSING
    return percent((new - old) / abs(old) * 100, decimals, lang, signed=True)
