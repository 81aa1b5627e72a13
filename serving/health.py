"""`/healthz` for load balancers and orchestrators: 200 with the dataset's name and version when a
dataset is loaded, 503 otherwise. The login (serving/auth.py) lets this one route through, so the
answer holds nothing but what the footer of a public page shows anyway."""

from __future__ import annotations

import flask

from data import store

HEALTH_RULE = "/healthz"


def install_health(server: flask.Flask) -> None:
    @server.get(HEALTH_RULE)
    def healthz():
        if store.loaded() is None:
            return flask.jsonify(status="unavailable"), 503
        info = store.info()
        if not info.observations:
            return flask.jsonify(status="unavailable"), 503
        body = {
            "status": "ok",
            "dataset": info.name,
            "version": info.version,
            "loaded_at": info.loaded_at,
            "store": info.kind,
            "observations": info.observations,
            "rows_left_out": info.rows_left_out,
        }
        response = flask.jsonify(body)
        response.cache_control.no_store = True
        return response
