"""Hostile requests: every server callback and every page URL, fed fuzzed values (hypothesis).

Each callback in `app.callback_map` gets `/_dash-update-component` payloads shaped as the Dash
renderer sends them (pattern-matching ids with the real id values the layouts use, or unknown
ones), with input and state values drawn from what the page really sends, mutations of it and
plain garbage: text with control characters, huge strings and numbers, nan/inf, None, lists,
dicts. The answer must be 200 or 204 (PreventUpdate), never 500, and never Python error text.
The page routes are fuzzed the same way through GET and Dash Pages' routing callback, which is
where `?period=...` is parsed.

Bounded and reproducible: `derandomize=True`, no example database, a fixed number of examples.
"""

from __future__ import annotations

import gc
import json
import os
import re
import urllib.request
from urllib.parse import quote, urlencode

import pytest
from dash import Dash
from dash._utils import split_callback_id, stringify_id
from dash.development.base_component import Component
from flask import got_request_exception
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layouts import ids
from layouts.state import PARAMS, SUBPERIODS

CALLBACK_URL = "/_dash-update-component"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))  # per test; FUZZ_EXAMPLES=500 digs deeper

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

# Python's own words: none of them may reach a browser.
PYTHON_ERROR = re.compile(
    r'Traceback|File "|\b(?:[A-Z][A-Za-z]*Error|[A-Z][A-Za-z]*Exception|StopIteration|KeyboardInterrupt)\b'
)

HOSTILE_TEXT = [
    "",
    " ",
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    "javascript:alert(1)",
    "%{x}",
    "{0}{name}{}",
    "%s%d%n",
    "../../../etc/passwd",
    "\x00\x01\x1b[31m\r\n\t",
    "\ud800",  # a lone surrogate (not valid UTF-8)
    "\u202e\u200b\ufeff",
    "ø" * 10_000,
    "9" * 400,
    "-1",
    "2016",
    "2016-13",
    "2016-T9",
    "0000",
    "99999",
    "2016-03-01",
    "NaN",
    "Infinity",
    "None",
    "null",
    "[]",
    "{}",
    "year",
    "M00",
    "T0",
    "__proto__",
    "constructor",
]

text = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8"), max_size=12),
    st.sampled_from(HOSTILE_TEXT),
).filter(lambda s: not PYTHON_ERROR.search(s))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    text,
)
garbage = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=8,
)


def the_app() -> Dash:
    """The app of this pytest process.

    Dash moves every `dash.callback` into the first app that serves a request; a second app in
    the same process would have none. So reuse an app that already serves (tests/test_app.py
    builds one), else build one.
    """
    from dash import _callback

    if not _callback.GLOBAL_CALLBACK_MAP:
        served = [
            obj
            for obj in gc.get_objects()
            if isinstance(obj, Dash) and obj._got_first_request.get("setup_server")
        ]
        if served:
            return served[0]
    from app import create_app

    return create_app()


@pytest.fixture(scope="module")
def dash_app():
    app = the_app()
    app.server.test_client().get("/")  # the first request moves the callbacks into the app
    return app


@pytest.fixture(scope="module")
def client(dash_app):
    return dash_app.server.test_client()


@pytest.fixture(scope="module")
def crashes(dash_app):
    """Exceptions the server caught while answering (with debug off they are only logged)."""
    found: list[BaseException] = []

    def record(_sender, exception, **_extra):
        found.append(exception)

    got_request_exception.connect(record, dash_app.server)
    yield found
    got_request_exception.disconnect(record, dash_app.server)


# --- what the layouts really contain ---------------------------------------------------------


def _walk(component):
    if isinstance(component, Component):
        yield component
        yield from component._traverse()


def _drilled_layouts():
    """Every route with its defaults in both languages, and every drilled view the data has."""
    from callbacks import pages
    from data import query_districts as qd
    from data import query_housing, store

    units = store.table("units")
    keys = {
        "district": list(qd.district_units(units)["unit_id"])[:2],
        "programme": list(query_housing.available_programmes(store.observations())),
        "budget-unit": list(units["unit_id"])[:3],
        "indicator": list(store.table("indicators")["indicator_id"])[:2],
    }
    for route in pages.ROUTES:
        for lang in ("nb", "en"):
            yield route.layout(lang=lang)
        for key in keys.get(route.name, []):
            yield route.layout(key=key)


@pytest.fixture(scope="module")
def seen(dash_app):
    """[(id, {prop: value})] of every component with an id, in the shell and on every page."""
    found: list[tuple[object, dict]] = []
    for layout in [dash_app.layout, *_drilled_layouts()]:
        for component in _walk(layout):
            cid = getattr(component, "id", None)
            if cid is None:
                continue
            props = {}
            for prop in component._prop_names:
                value = getattr(component, prop, None)
                if value is not None and prop != "children" and not isinstance(value, Component):
                    props[prop] = value
            found.append((cid, props))
    return found


# --- payloads ----------------------------------------------------------------------------------


def _pattern(id_text: str):
    return json.loads(id_text) if id_text.startswith("{") else id_text


def _wild(value) -> str | None:
    return (
        value[0] if isinstance(value, list) and value and value[0] in ("MATCH", "ALL", "ALLSMALLER") else None
    )


def _matches(concrete, pattern, binding: dict | None = None) -> bool:
    """Does a concrete id fit a pattern? MATCH keys must equal `binding` (any value when None)."""
    if not isinstance(pattern, dict):
        return concrete == pattern
    if not isinstance(concrete, dict) or set(concrete) != set(pattern):
        return False
    for k, v in pattern.items():
        w = _wild(v)
        if w == "MATCH" and binding is not None and concrete[k] != binding.get(k):
            return False
        if w is None and concrete[k] != v:
            return False
    return True


def real_values(seen, pattern, prop: str) -> list:
    out = []
    for cid, props in seen:
        if prop in props and _matches(cid, pattern) and props[prop] not in out:
            out.append(props[prop])
    return out


def _concrete(pattern: dict, binding: dict) -> dict:
    return {k: binding[k] if _wild(v) == "MATCH" else v for k, v in pattern.items()}


def click_data(inner):
    """Shapes a plotly click sends, with fuzzed points."""
    point = st.fixed_dictionaries(
        {},
        optional={
            "customdata": inner,
            "curveNumber": st.one_of(st.integers(-3, 5), inner),
            "x": inner,
            "y": inner,
            "pointIndex": st.integers(0, 50),
            "label": inner,
        },
    )
    return st.one_of(inner, st.fixed_dictionaries({"points": st.lists(point, max_size=2)}))


def search_strings(years: list[str], unit_ids: list[str], indicator_ids: list[str]):
    names = st.one_of(st.sampled_from([*PARAMS, "key", "path", "query_params", "lang"]), text)
    values = st.one_of(
        text,
        st.sampled_from(years + [f"{y}-{s}" for y in years[:2] for s in ("03", "T2", "T4", "M03", "13")]),
        st.lists(st.sampled_from([*unit_ids, "nope"]), max_size=4).map(",".join),
        st.sampled_from([*indicator_ids, "en", "nb", "de"]),
    )
    pairs = st.lists(st.tuples(names, values), max_size=5)
    return st.one_of(
        pairs.map(lambda p: "?" + urlencode(p)),
        text.map(lambda s: "?" + s),
        text,
        st.none(),
    )


def path_strings(routes: list[str]):
    key = st.one_of(text.map(lambda s: quote(s, safe="")), text, st.sampled_from(["", "/", "..", "a/b"]))
    templated = [r for r in routes if "<" in r]
    return st.one_of(
        st.sampled_from(routes),
        st.tuples(st.sampled_from(templated), key).map(lambda t: t[0].split("<")[0] + t[1]),
        text.map(lambda s: "/" + s),
        text,
        st.none(),
    )


@pytest.fixture(scope="module")
def domain(dash_app):
    from callbacks import pages
    from data import query, store

    obs = store.observations()
    years = [str(y) for y in query.available_years(obs)] + ["1999", "3000"]
    units = list(store.table("units")["unit_id"])
    indicators = list(store.table("indicators")["indicator_id"])
    routes = [route.path for route in pages.ROUTES]
    return years, units, indicators, routes


def value_strategy(pattern, prop: str, seen, domain):
    """Values for one input: what the page really holds, a mutation of it, or garbage."""
    years, units, indicators, routes = domain
    real = real_values(seen, pattern, prop)
    key = pattern if isinstance(pattern, str) else None
    options = [garbage]
    if real:
        options.append(st.sampled_from(real))
        dicts = [v for v in real if isinstance(v, dict)]
        if dicts:
            names = [*sorted({k for d in dicts for k in d}), "extra"]
            options.append(
                st.tuples(
                    st.sampled_from(dicts), st.dictionaries(st.sampled_from(names), garbage, max_size=3)
                ).map(lambda t: {**t[0], **t[1]})
            )
    if key == ids.FILTER_YEAR:
        options.append(st.sampled_from(years))
    elif key == ids.FILTER_SUBPERIOD:
        options.append(st.sampled_from([*SUBPERIODS, "M13", "T4"]))
    elif key == ids.FILTER_UNITS:
        options.append(st.lists(st.one_of(st.sampled_from(units), text, garbage), max_size=6))
    elif key == ids.FILTER_INDICATOR:
        options.append(st.sampled_from([*indicators, "nope"]))
    elif prop == "clickData":
        options.append(
            click_data(st.one_of(garbage, st.lists(st.sampled_from([*units, "x/2016"]), max_size=2)))
        )
    elif prop == "search":
        options.append(search_strings(years, units, indicators))
    elif prop == "pathname":
        options.append(path_strings(routes))
    return st.one_of(*options)


@st.composite
def payloads(draw, output_key: str, cb: dict, seen, domain):
    """A request body as the renderer builds it, with drawn ids and values."""
    specs = split_callback_id(output_key)
    single = isinstance(specs, dict)
    outputs = [specs] if single else specs
    deps = [*outputs, *cb["inputs"], *cb["state"]]

    # Bind every MATCH key once: a value the layouts use, or an unknown one.
    binding: dict = {}
    for dep in deps:
        pattern = _pattern(dep["id"])
        if not isinstance(pattern, dict):
            continue
        for k, v in pattern.items():
            if _wild(v) == "MATCH" and k not in binding:
                known = sorted(
                    {str(c[k]) for c, _ in seen if _matches(c, pattern) and not isinstance(c[k], dict)}
                )
                binding[k] = draw(st.sampled_from(known) | text) if known else draw(text)

    def expand(dep: dict, with_value: bool):
        pattern = _pattern(dep["id"])

        def item(cid):
            out = {"id": cid, "property": dep["property"]}
            if with_value:
                out["value"] = draw(value_strategy(pattern, dep["property"], seen, domain))
            return out

        if not isinstance(pattern, dict):
            return item(pattern)
        if any(_wild(v) in ("ALL", "ALLSMALLER") for v in pattern.values()):
            found = [c for c, _ in seen if _matches(c, pattern, binding)]
            unique = [json.loads(s) for s in dict.fromkeys(json.dumps(c, sort_keys=True) for c in found)]
            unknown = {k: draw(text) if _wild(v) in ("ALL", "ALLSMALLER") else v for k, v in pattern.items()}
            unknown = _concrete(unknown, binding)
            chosen = draw(st.sampled_from([unique, [], [*unique, unknown], unique[:1]]))
            return [item(c) for c in chosen]
        return item(_concrete(pattern, binding))

    body_outputs = [expand(o, False) for o in outputs]
    inputs = [expand(i, True) for i in cb["inputs"]]
    state = [expand(s, True) for s in cb["state"]]
    flat = [x for i in inputs for x in (i if isinstance(i, list) else [i])]
    changed = draw(st.lists(st.sampled_from(flat), max_size=len(flat), unique_by=id)) if flat else []
    body = {
        "output": output_key,
        "outputs": body_outputs[0] if single else body_outputs,
        "inputs": inputs,
        "changedPropIds": [f"{stringify_id(c['id'])}.{c['property']}" for c in changed],
    }
    if state:
        body["state"] = state
    return body


def server_callbacks(app: Dash) -> list[str]:
    """Callbacks answered in the request. Background callbacks (a job in a process of its own,
    polled by the browser) are left out: a request only starts their job."""
    return [key for key, cb in app.callback_map.items() if "callback" in cb and not cb.get("background")]


def check_answer(response, crashes, what, refused: bool = False) -> None:
    """200, or 204 (PreventUpdate), or 400 where `refused` (a request the renderer never sends)."""
    body = response.get_data(as_text=True)
    detail = f"{what}\n{crashes[-1]!r}" if crashes else what
    allowed = (200, 204, 400) if refused else (200, 204)
    assert response.status_code in allowed, f"{response.status_code} for {detail}"
    found = PYTHON_ERROR.search(body)
    assert found is None, f"Python error text {found.group(0)!r} in the answer to {detail}"
    assert not crashes, detail


def post(client, body):
    # NaN and Infinity as a browser never sends them, but a hostile client can.
    return client.post(CALLBACK_URL, data=json.dumps(body), content_type="application/json")


# --- the tests ---------------------------------------------------------------------------------


def _declared_callbacks() -> dict[str, str]:
    """{test id: output key} of every server callback the callbacks package declares (read at
    collection, before any app takes them over); the routing callback is test_fuzz004's."""
    from dash import _callback

    import callbacks  # noqa: F401  (registers them)

    out = {}
    for key, cb in _callback.GLOBAL_CALLBACK_MAP.items():
        if "callback" in cb and not cb.get("background"):
            func = getattr(cb["callback"], "__wrapped__", cb["callback"])
            name = f"{func.__module__.removeprefix('callbacks.')}.{func.__name__}"
            n = sum(1 for k in out if k.split("#")[0] == name)
            out[f"{name}#{n + 1}" if n else name] = key
    return out


DECLARED = _declared_callbacks()


def test_fuzz001_every_server_callback_is_fuzzed(dash_app):
    """The list is the app's own: a new callback is fuzzed without anyone adding it here."""
    assert len([k for k in server_callbacks(dash_app) if "_pages_content" in k]) == 1  # test_fuzz004
    ours = [
        key
        for key in server_callbacks(dash_app)
        if getattr(dash_app.callback_map[key]["callback"], "__wrapped__", None) is not None
        and dash_app.callback_map[key]["callback"].__wrapped__.__module__.startswith("callbacks.")
    ]
    assert sorted(ours) == sorted(DECLARED.values())
    assert len(DECLARED) >= 15


@pytest.mark.parametrize("name", sorted(DECLARED))
def test_fuzz002_callback_payloads_never_crash(dash_app, client, seen, domain, crashes, name):
    key = DECLARED[name]
    cb = dash_app.callback_map[key]

    @FUZZ_SETTINGS
    @given(body=payloads(key, cb, seen, domain))
    def run(body):
        crashes.clear()
        check_answer(post(client, body), crashes, f"{name}: {json.dumps(body)[:2000]}")

    run()


@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz003_routes_with_fuzzed_query_strings(client, domain, crashes, data):
    years, units, indicators, routes = domain
    path = data.draw(path_strings(routes).filter(lambda p: isinstance(p, str) and p.startswith("/")))
    search = data.draw(search_strings(years, units, indicators).filter(lambda s: s is not None))
    # A lone surrogate goes out as the bytes of its (invalid) UTF-8 form, as a hostile client can.
    url = quote(path, safe="/%", errors="surrogatepass")
    url += "?" + quote(search.lstrip("?"), safe="=&%,", errors="surrogatepass") if search else ""
    crashes.clear()
    response = client.get(url)
    body = response.get_data(as_text=True)
    assert response.status_code in (200, 404), f"{response.status_code} for {url}"
    assert PYTHON_ERROR.search(body) is None, url
    assert not crashes, url


@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz004_page_routing_with_fuzzed_path_and_query(dash_app, client, domain, crashes, data):
    """Dash Pages' routing callback draws the page a URL asks for: it parses `?period=...`."""
    years, units, indicators, routes = domain
    key = next(k for k in server_callbacks(dash_app) if "_pages_content" in k)
    pathname = data.draw(path_strings(routes))
    search = data.draw(search_strings(years, units, indicators))
    body = {
        "output": key,
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname", "_pages_location.search"],
    }
    crashes.clear()
    response = post(client, body)
    if not (isinstance(pathname, str) and pathname.startswith("/")):
        # Only a hand-made request sends a pathname that is not a path: app.py refuses it.
        assert response.status_code == 400, json.dumps(body)
    check_answer(response, crashes, json.dumps(body), refused=True)


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        "{}",
        '{"output": "nope.children", "outputs": {"id": "nope", "property": "children"}, "inputs": []}',
        '{"output": "filter-summary-units.children", "inputs": [], "outputs": []}',  # clientside
        '{"output": ["x"], "outputs": [], "inputs": []}',
        '{"output": "shell-div-meta-sink.children", "outputs": {}, "inputs": {}}',
        '{"output": ".._pages_content.children..._pages_store.data..", "outputs": [], "inputs": '
        '[{"id": "_pages_location", "property": "pathname", "value": null}]}',
    ],
)
def test_fuzz005_malformed_callback_requests_are_refused(client, body):
    """A body the renderer would never send gets 400 (app.py), and no Python error text."""
    response = client.post(CALLBACK_URL, data=body, content_type="application/json")
    assert response.status_code == 400
    assert PYTHON_ERROR.search(response.get_data(as_text=True)) is None


def test_fuzz006_app_py_runs_without_debug(app_process):
    """`python app.py` without --debug: no dev tools, no debugger, no hot reload."""
    url = app_process().url
    with urllib.request.urlopen(url + "/") as response:
        html = response.read().decode()
    config = json.loads(
        re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', html).group(1)
    )
    assert config.get("ui") is False and config.get("props_check") is False, config
    assert not config.get("hot_reload"), config
    assert "dash-debug-menu" not in html and "_dash-debug" not in html
    assert re.search(r"dash_renderer\.[\w.]*min\.js", html) and ".dev.js" not in html
