"""The floor: a bare Dash app that draws one figure of a given size and redraws it when a
native select changes. Same machine, same browser, same measurement as the product.

    python -m bench.bare_app --points 2000 --port 8099
"""

from __future__ import annotations

import argparse

import dash_bootstrap_components as dbc
import numpy as np
import plotly.graph_objects as go
from dash import Dash, Input, Output, dcc, html


def figure(points: int, seed: int) -> go.Figure:
    rng = np.random.default_rng(seed)
    return go.Figure(go.Bar(x=np.arange(points), y=rng.integers(0, 1000, points)))


def create(points: int) -> Dash:
    app = Dash(__name__, compress=True)  # as the product serves: gzip
    app.layout = html.Div(
        [
            html.Section(
                dbc.Select(id="bare-select", options=[str(i) for i in range(5)], value="0"),
                className="filter-bar",
            ),
            dcc.Graph(id="bare-graph"),
        ]
    )

    @app.callback(Output("bare-graph", "figure"), Input("bare-select", "value"))
    def draw(value):
        return figure(points, int(value or 0))

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8099)
    args = parser.parse_args()
    create(args.points).run(host="127.0.0.1", port=args.port, debug=False)


if __name__ == "__main__":
    main()
