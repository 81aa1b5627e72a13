"""Norwegian and English number, amount, period and date formats (table-driven)."""

from __future__ import annotations

import math

import pytest

from layouts import format as fmt

NB, EN = "nb", "en"


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: fmt.number(2632, 0, NB), "2 632"),
        (lambda: fmt.number(2632, 0, EN), "2,632"),
        (lambda: fmt.number(1234567.891, 2, NB), "1 234 567,89"),
        (lambda: fmt.number(0.5, 1, EN), "0.5"),
        (lambda: fmt.number(318, 0, NB, signed=True), "+318"),
        (lambda: fmt.number(-318, 0, NB, signed=True), "-318"),
        (lambda: fmt.number(None, 0, NB), "–"),
        (lambda: fmt.number(math.nan, 0, NB), "–"),
        (lambda: fmt.number(math.inf, 0, EN), "–"),
        (lambda: fmt.percent(24, 0, NB), "24 %"),
        (lambda: fmt.percent(24, 0, EN), "24%"),
        (lambda: fmt.percent(7.25, 1, NB), "7,3 %"),
        (lambda: fmt.percent(13.74, 1, NB, signed=True), "+13,7 %"),
        (lambda: fmt.nok(10_900_000, NB), "10,9 mill. kr"),
        (lambda: fmt.nok(10_900_000, EN), "NOK 10.9 million"),
        (lambda: fmt.nok(300_000_000, NB), "300 mill. kr"),
        (lambda: fmt.nok(2_100_000, NB, signed=True), "+2,1 mill. kr"),
        (lambda: fmt.nok(-2_100_000, NB), "-2,1 mill. kr"),
        (lambda: fmt.nok(1_500_000_000, NB), "1 500 mill. kr"),
        (lambda: fmt.nok(850_000, NB), "850 000 kr"),
        (lambda: fmt.nok(850_000, EN), "NOK 850,000"),
        (lambda: fmt.value(2632, "count", 0, NB), "2 632"),
        (lambda: fmt.value(24, "percent", 0, NB), "24 %"),
        (lambda: fmt.value(10_900_000, "nok", 0, NB), "10,9 mill. kr"),
        (lambda: fmt.value(12, "days", 0, NB), "12 dager"),
        (lambda: fmt.value(1, "days", 0, EN), "1 day"),
        (lambda: fmt.value(13, "years", 0, NB), "13 år"),
        (lambda: fmt.value(None, "count", 0, NB), "–"),
        (lambda: fmt.date("2017-02-01", NB), "1. februar 2017"),
        (lambda: fmt.date("2017-02-01", EN), "1 February 2017"),
        (lambda: fmt.date("2016-06", NB), "juni 2016"),
        (lambda: fmt.date("2016-06", EN), "June 2016"),
        (lambda: fmt.date("2016", NB), "2016"),
        (lambda: fmt.date("not a date", NB), "not a date"),
        (lambda: fmt.period("2016", NB), "2016"),
        (lambda: fmt.period("2016-03", NB), "mars 2016"),
        (lambda: fmt.period("2016-T1", NB), "1. tertial 2016"),
        (lambda: fmt.period("2016-T2", EN), "T2 2016"),
        (lambda: fmt.change(2314, 2632, NB), "+13,7 %"),
        (lambda: fmt.change(2632, 2314, EN), "-12.1%"),
        (lambda: fmt.change(0, 5, NB), "–"),
        (lambda: fmt.change(None, 5, NB), "–"),
    ],
)
def test_format001_values(call, expected):
    assert plain(call()) == expected


def test_format002_thousands_separator_is_a_no_break_space():
    """A figure never wraps across lines in a card: Babel's bokmål group separator is U+00A0."""
    assert fmt.number(2632, 0, NB) == "2\xa0632"


@pytest.mark.parametrize(
    ("given", "expected"), [("nb", "nb"), ("en", "en"), ("de", "nb"), (None, "nb"), (3, "nb")]
)
def test_format003_unknown_language_falls_back_to_bokmal(given, expected):
    assert fmt.normalize_lang(given) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"), [(2.675, 2, "2,68"), (0.125, 2, "0,13"), (2.5, 0, "3")]
)
def test_format004_rounds_half_up_like_excel(value, decimals, expected):
    assert fmt.number(value, decimals, NB) == expected
