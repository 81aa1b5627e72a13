"""Readers who browse and filter the dashboard, replaying what a browser sends.

    locust -f bench/load/locustfile.py --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:PORT

(`python -m bench.load.run` starts gunicorn and runs this for you.) Each simulated reader opens a
page the way a browser does (the HTML, `/_dash-layout`, `/_dash-dependencies`, then the page's
callbacks as recorded in bench/load/payloads.json by bench/load/record.py), then, with a few
seconds to read between actions, changes filters (year, sub-period, units, indicator), follows a
drill-down or another page inside the app (callbacks only, as dcc.Link does), switches language,
or reloads. Filter values are drawn from each page's own options. Every answer is checked: 200
(or 204 where the browser got 204) and, for callbacks, the output ids the browser got.
"""

from __future__ import annotations

import random

from locust import HttpUser, between, task

from bench.load.replay import CALLBACK_PATH, check_answer, load_scenarios, payload, pick_values, search_for

SCENARIOS = load_scenarios()
MAIN = [s for s in SCENARIOS if s["kind"] == "page" and s["lang"] == "nb"]
DRILLS = [s for s in SCENARIOS if s["kind"] == "drill" and s["lang"] == "nb"]
ENGLISH = [s for s in SCENARIOS if s["lang"] != "nb"]


class Reader(HttpUser):
    wait_time = between(1, 4)  # reading time between actions

    def on_start(self) -> None:
        self.rng = random.Random()
        self.open(self.rng.choice(MAIN), full=True)

    def get(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200 or not response.content:
                response.failure(f"HTTP {response.status_code}, {len(response.content)} bytes")

    def callbacks(self, entries: list[dict], name: str) -> None:
        for entry in entries:
            body = payload(entry["body"], self.values, self.search)
            with self.client.post(CALLBACK_PATH, json=body, name=name, catch_response=True) as response:
                problem = check_answer(entry, body, response.status_code, response.text)
                if problem:
                    response.failure(f"{self.scenario['path']}: {problem}")

    def open(self, scenario: dict, full: bool) -> None:
        """Open a page with filter values of its own: a full load, or in-app navigation."""
        self.scenario = scenario
        self.values = pick_values(scenario, self.rng)
        self.search = search_for(scenario, self.values)
        if full:
            self.get(scenario["path"] + self.search, "GET page")
            self.get("/_dash-layout", "GET /_dash-layout")
            self.get("/_dash-dependencies", "GET /_dash-dependencies")
        self.callbacks(scenario["load"], "callbacks: page")

    @task(6)
    def change_filter(self) -> None:
        if not self.scenario["actions"]:
            return
        name = self.rng.choice(sorted(self.scenario["actions"]))
        fresh = pick_values(self.scenario, self.rng)
        if name in fresh:
            self.values[name] = fresh[name]
        self.search = search_for(self.scenario, self.values)
        self.callbacks(self.scenario["actions"][name], f"callbacks: filter {name}")

    @task(3)
    def drill_down(self) -> None:
        self.open(self.rng.choice(DRILLS or MAIN), full=False)

    @task(2)
    def other_page(self) -> None:
        self.open(self.rng.choice(MAIN), full=False)

    @task(1)
    def english(self) -> None:
        self.open(self.rng.choice(ENGLISH or MAIN), full=True)

    @task(1)
    def reload(self) -> None:
        self.open(self.scenario, full=True)
