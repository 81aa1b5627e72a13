"""Replaying recorded callback payloads with other filter values, and checking the answers.

Shared by the locustfile and the warm-up in bench/load/run.py; imports nothing but the standard
library (locust patches the network modules with gevent, the harness must not).
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from urllib.parse import urlencode

PAYLOADS = Path(__file__).resolve().parent / "payloads.json"
CALLBACK_PATH = "/_dash-update-component"
FILTER_IDS = {
    "filter-select-year": "year",
    "filter-select-subperiod": "subperiod",
    "filter-checklist-units": "units",
    "filter-select-indicator": "indicator",
}
LOCATION_IDS = ("shell-url-location", "_pages_location")


def load_scenarios(path: Path = PAYLOADS) -> list[dict]:
    if not path.exists():
        raise SystemExit(f"{path}: no recorded payloads; run `python -m bench.load.record` first")
    scenarios = json.loads(path.read_text(encoding="utf-8"))["scenarios"]
    if not scenarios:
        raise SystemExit(f"{path}: no scenarios recorded")
    return scenarios


def pick_values(scenario: dict, rng: random.Random) -> dict:
    """Filter values a reader might choose on this page: any year it offers, mostly the whole year,
    none to three units, any indicator."""
    values = {}
    for name, info in scenario["filters"].items():
        options = info["options"]
        if not options:
            continue
        if name == "units":
            values[name] = rng.sample(options, rng.choice([0, 0, 1, 2, min(3, len(options))]))
        elif name == "subperiod":
            values[name] = "year" if "year" in options and rng.random() < 0.6 else rng.choice(options)
        else:
            values[name] = rng.choice(options)
    return values


def search_for(scenario: dict, values: dict) -> str:
    """The query string the filters write for these values (as assets/filters.js does)."""
    query = {}
    if "year" in values:
        sub = values.get("subperiod", "year")
        if sub == "year":
            query["period"] = values["year"]
        else:
            query["period"] = f"{values['year']}-{sub[1:] if sub.startswith('M') else sub}"
    if values.get("units"):
        query["units"] = ",".join(values["units"])
    if "indicator" in values:
        query["indicator"] = values["indicator"]
    if scenario["lang"] != "nb":
        query["lang"] = scenario["lang"]
    return "?" + urlencode(query, safe=",") if query else ""


def _items(entries):
    for entry in entries or []:
        if isinstance(entry, list):  # the inputs of an ALL wildcard
            yield from entry
        else:
            yield entry


def payload(body: dict, values: dict, search: str) -> dict:
    """The recorded request body with the filter values and the URL's query string replaced."""
    body = copy.deepcopy(body)
    for item in (*_items(body.get("inputs")), *_items(body.get("state"))):
        if "value" not in item or not isinstance(item.get("id"), str):
            continue
        name = FILTER_IDS.get(item["id"])
        if name in values:
            item["value"] = values[name]
        elif item["id"] in LOCATION_IDS and item.get("property") == "search":
            item["value"] = search
    return body


def _key(ident) -> str:
    """An output's id as Dash spells it in the response."""
    return ident if isinstance(ident, str) else json.dumps(ident, sort_keys=True, separators=(",", ":"))


def _outputs(body: dict) -> list[dict]:
    outputs = body.get("outputs")
    return list(_items(outputs if isinstance(outputs, list) else [outputs]))


def output_keys(body: dict) -> set[str]:
    """The ids an answer may hold, spelled as Dash spells them in the response."""
    return {_key(item["id"]) for item in _outputs(body)}


def stated_keys(body: dict) -> set[str]:
    """The outputs whose value the browser also sends (a State of the same property): the
    callback may leave them out of its answer when the new value is the one shown (the headline
    cards, `layouts/patch.towards`), e.g. when a replay picks the year the recording showed."""
    stated = {(_key(s["id"]), s.get("property")) for s in _items(body.get("state")) if "id" in s}
    return {_key(o["id"]) for o in _outputs(body) if (_key(o["id"]), o.get("property")) in stated}


def check_answer(entry: dict, body: dict, status: int, text: str) -> str | None:
    """None when the answer is what the browser got when recording (200 with the same output ids,
    or 204 where the recording had 204; an output the browser sent as State may be left out:
    unchanged); otherwise what is wrong."""
    if status == 204:
        expected = set(entry["keys"]) - stated_keys(body)
        return None if entry["status"] == 204 or not expected else "204 where outputs were expected"
    if status != 200:
        return f"HTTP {status}"
    try:
        answer = json.loads(text)["response"]
    except (ValueError, KeyError, TypeError):
        return "answer is not Dash callback JSON"
    got = set(answer)
    if not got <= output_keys(body):
        return f"answer has ids that were not asked for: {sorted(got - output_keys(body))[:3]}"
    missing = set(entry["keys"]) - got - stated_keys(body)
    if missing:
        return f"answer lacks {len(missing)} of the expected output ids, e.g. {sorted(missing)[0]}"
    return None
