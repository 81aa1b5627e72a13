"""Reading and writing the page state in the URL."""

from __future__ import annotations

import pytest

from layouts import state as urlstate


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("", {}),
        (None, {}),
        ("?lang=en", {"lang": "en"}),
        ("?lang=en&period=2016&foo=bar", {"lang": "en", "period": "2016", "foo": "bar"}),
        ("?lang=nb&lang=en", {"lang": "en"}),
        ("?%3Cscript%3E=1", {"<script>": "1"}),
    ],
)
def test_urlstate001_parse(search, expected):
    assert urlstate.parse(search) == expected


@pytest.mark.parametrize(
    ("search", "lang"), [("", "nb"), ("?lang=en", "en"), ("?lang=EN", "nb"), ("?lang=<b>", "nb")]
)
def test_urlstate002_lang(search, lang):
    assert urlstate.lang_of(search) == lang


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("/housing", {}, "/housing"),
        ("/housing", {"lang": "nb"}, "/housing"),
        ("/housing", {"lang": "en"}, "/housing?lang=en"),
        ("/", {"lang": "en", "period": "2015", "foo": "x"}, "/?lang=en&period=2015"),
        ("/budget", {"period": "2016&x=1"}, "/budget?period=2016%26x%3D1"),
    ],
)
def test_urlstate003_href_keeps_shared_parameters(path, query, expected):
    assert urlstate.href(path, query) == expected
