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


OPTIONS = urlstate.FilterOptions(
    years=(2015, 2016),
    default_year=2016,
    subperiods=("year", "T1", "M03"),
    units=(("kommune", "Kommune", 0), ("d1", "Distrikt 1", 1)),
    indicators=(("a", "A", "A en"), ("b", "B", "")),
    default_indicator="a",
    keys=("d1",),
)


@pytest.mark.parametrize(
    ("query", "key", "expected", "notices"),
    [
        ({}, None, dict(year=2016, subperiod="year", units=(), indicator="a", key=None), []),
        ({"period": "2015-03"}, None, dict(year=2015, subperiod="M03"), []),
        ({"period": "2015-T1"}, None, dict(year=2015, subperiod="T1"), []),
        ({"period": "2015-T2"}, None, dict(year=2016, subperiod="year"), [("period", "2015-T2")]),
        ({"period": "2016-13"}, None, dict(year=2016, subperiod="year"), [("period", "2016-13")]),
        ({"period": "1999"}, None, dict(year=2016), [("period", "1999")]),
        ({"period": "<script>"}, None, dict(year=2016), [("period", "<script>")]),
        ({"units": "d1,zz,"}, None, dict(units=("d1",)), [("units", "zz")]),
        ({"indicator": "b"}, None, dict(indicator="b"), []),
        ({"indicator": "x"}, None, dict(indicator="a"), [("indicator", "x")]),
        ({}, "d1", dict(key="d1"), []),
        ({}, "nope", dict(key=None), [("key", "nope")]),
        ({"lang": "en", "foo": "1"}, None, dict(lang="en"), [("param", "foo")]),
        ({"lang": "sv"}, None, dict(lang="nb"), [("lang", "sv")]),
    ],
)
def test_urlstate004_resolve_falls_back_with_notices(query, key, expected, notices):
    state = urlstate.resolve("districts", query, OPTIONS, key)
    for name, value in expected.items():
        assert getattr(state, name) == value, name
    assert list(state.notices) == notices


@pytest.mark.parametrize(
    ("state", "url"),
    [
        (urlstate.PageState("districts", year=2016), "/districts?period=2016"),
        (
            urlstate.PageState(
                "districts", lang="en", year=2016, subperiod="M03", units=("a", "b"), indicator="x"
            ),
            "/districts?period=2016-03&units=a%2Cb&indicator=x&lang=en",
        ),
        (urlstate.PageState("budget", year=2016, subperiod="T2"), "/budget?period=2016-T2"),
        (urlstate.PageState("budget"), "/budget"),
    ],
)
def test_urlstate005_state_to_url(state, url):
    assert state.url(f"/{state.page}") == url


def test_urlstate006_state_from_filters_keeps_only_shown_filters():
    page = {"page": "districts", "lang": "en", "key": "d1", "show": ["period", "indicator"]}
    state = urlstate.PageState.from_filters(page, "2015", "M03", ["d1"], "b")
    assert (state.page, state.lang, state.year, state.subperiod, state.units, state.indicator, state.key) == (
        "districts",
        "en",
        2015,
        "M03",
        (),
        "b",
        "d1",
    )
    assert urlstate.PageState.from_filters(None, None, None, None, None).year is None
