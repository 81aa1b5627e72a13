"""`/healthz` for load balancers and orchestrators: 200 with the dataset's name and version when a
dataset is loaded, 503 otherwise. The login (serving/auth.py) lets this one route through, so the
answer holds nothing but what the footer of a public page shows anyway."""

from __future__ import annotations

import hashlib
from pathlib import Path

import flask

from data import store

HEALTH_RULE = "/healthz"


def source_files(dataset) -> list[Path]:
    """The files a dataset was read from: the workbook, or the table files of its folder."""
    root = Path(dataset.path)
    if root.is_file():
        return [root]
    return sorted({root / name for name in dataset.sources.values() if (root / name).is_file()})


def dataset_version(files: list[Path]) -> str:
    """A short content hash of the files the dataset was read from: it changes with any byte."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0")
        with open(path, "rb") as file:
            for block in iter(lambda f=file: f.read(1 << 20), b""):
                digest.update(block)
    return "sha256:" + digest.hexdigest()[:16]


def install_health(server: flask.Flask) -> None:
    versions: dict[int, str] = {}  # per loaded dataset object: hashed once, on the first request

    @server.get(HEALTH_RULE)
    def healthz():
        dataset = store.loaded()
        if dataset is None or dataset.tables["observations"].empty:
            return flask.jsonify(status="unavailable"), 503
        key = id(dataset)
        if key not in versions:
            versions[key] = dataset_version(source_files(dataset))
        body = {
            "status": "ok",
            "dataset": store.dataset_name(),
            "version": versions[key],
            "observations": len(dataset.tables["observations"]),
            "rows_left_out": sum(dataset.dropped.values()),
        }
        response = flask.jsonify(body)
        response.cache_control.no_store = True
        return response
