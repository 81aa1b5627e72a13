"""The load test's replay: recorded payloads get other filter values, answers are checked."""

from __future__ import annotations

import json
import random

from bench.load.replay import check_answer, output_keys, payload, pick_values, search_for

SCENARIO = {
    "path": "/districts",
    "lang": "en",
    "filters": {
        "year": {"value": "2016", "options": ["2014", "2015", "2016"]},
        "subperiod": {"value": "year", "options": ["year", "T1", "M03"]},
        "units": {"value": [], "options": ["askollen", "konnerud", "fjell"]},
    },
}
BODY = {
    "output": '..a.children...{"page":["MATCH"],"type":"b"}.children..',
    "outputs": [
        {"id": "a", "property": "children"},
        [{"id": {"type": "b", "page": "x"}, "property": "children"}],
    ],
    "inputs": [
        {"id": "filter-select-year", "property": "value", "value": "2016"},
        [{"id": {"type": "q", "page": "x"}, "property": "data", "value": {"page": "x"}}],
        {"id": "_pages_location", "property": "search", "value": ""},
    ],
    "state": [{"id": "filter-checklist-units", "property": "value", "value": []}],
}


def test_load002_payload_takes_the_values_and_leaves_the_rest():
    values = {"year": "2014", "units": ["fjell"]}
    body = payload(BODY, values, "?period=2014&units=fjell")
    assert body["inputs"][0]["value"] == "2014"
    assert body["state"][0]["value"] == ["fjell"]
    assert body["inputs"][2]["value"] == "?period=2014&units=fjell"
    assert body["inputs"][1] == BODY["inputs"][1]
    assert BODY["inputs"][0]["value"] == "2016"  # the recording itself is not changed


def test_load003_values_come_from_the_page_options_and_the_url_follows():
    rng = random.Random(7)
    for _ in range(50):
        values = pick_values(SCENARIO, rng)
        assert values["year"] in SCENARIO["filters"]["year"]["options"]
        assert set(values["units"]) <= {"askollen", "konnerud", "fjell"}
    assert search_for(SCENARIO, {"year": "2015", "subperiod": "M03", "units": ["a", "b"]}) == (
        "?period=2015-03&units=a,b&lang=en"
    )
    assert search_for({**SCENARIO, "lang": "nb"}, {"year": "2015", "subperiod": "T1"}) == "?period=2015-T1"


def test_load004_answers_are_checked_against_the_recording():
    keys = ["a", '{"page":"x","type":"b"}']
    assert output_keys(BODY) == set(keys)
    entry = {"status": 200, "keys": keys}
    good = json.dumps({"multi": True, "response": {k: {"children": 1} for k in keys}})
    assert check_answer(entry, BODY, 200, good) is None
    assert "lacks 1" in check_answer(entry, BODY, 200, json.dumps({"response": {"a": {}}}))
    assert "not asked for" in check_answer(entry, BODY, 200, json.dumps({"response": {"z": {}, "a": {}}}))
    assert check_answer(entry, BODY, 500, "") == "HTTP 500"
    assert check_answer(entry, BODY, 200, "<html>") == "answer is not Dash callback JSON"
    assert check_answer(entry, BODY, 204, "") == "204 where outputs were expected"
    assert check_answer({"status": 204, "keys": []}, BODY, 204, "") is None


def test_load005_an_output_sent_as_state_may_be_left_out_when_unchanged():
    # The headline cards: the container's children are an Output and, as the browser shows them, a
    # State; the answer leaves them out (no_update) when the year asked for is the one shown.
    shown = {"id": {"type": "b", "page": "x"}, "property": "children", "value": [{"props": {}}]}
    body = {**BODY, "state": [*BODY["state"], [shown]]}
    keys = ["a", '{"page":"x","type":"b"}']
    entry = {"status": 200, "keys": keys}
    assert check_answer(entry, body, 200, json.dumps({"response": {"a": {}}})) is None
    assert check_answer({"status": 200, "keys": keys[1:]}, body, 204, "") is None
    # Only those: another output left out is still a fault, and so is a 204 that drops it.
    assert "lacks 1" in check_answer(entry, body, 200, json.dumps({"response": {keys[1]: {}}}))
    assert check_answer(entry, body, 204, "") == "204 where outputs were expected"
    # A State of another property of the same component does not count.
    other = {**shown, "property": "className"}
    body = {**BODY, "state": [*BODY["state"], [other]]}
    assert "lacks 1" in check_answer(entry, body, 200, json.dumps({"response": {"a": {}}}))
