"""A redraw as the few changes it makes: a `dash.Patch` from the component tree the browser shows
to the one a callback has built.

Dash 4.4.1's renderer takes time that grows with the square of the components one response
inserts (docs/performance.md): a panel page's 16 headline cards cost ~270 ms of the browser's
time on every year change, though a year change only changes their texts. Given the tree shown
(the container's `children` as a State: exactly what the browser holds, as JSON) and the new
tree, `towards(shown, new)` gives a Patch that assigns only the props that differ. Where the
shape differs (another component, other props) the subtree there is sent whole; with nothing
shown yet, or nothing alike, the new tree itself.
"""

from __future__ import annotations

import json
from typing import Any

import dash
from dash._utils import to_json

# More operations than this: send the tree (a Patch this long saves the browser nothing).
MAX_OPERATIONS = 400
# Counters the browser keeps itself (clicks): left as they are. Setting one from a callback would
# fire the callbacks that listen to it (a «Vis 8 til» button would add cards on a year change).
BROWSER_PROPS = frozenset(
    {"n_clicks", "n_clicks_timestamp", "n_blur", "n_blur_timestamp", "n_submit", "n_submit_timestamp"}
)


def as_json(tree: Any) -> Any:
    """A component tree as Dash sends it: plain dicts ({type, namespace, props}), lists, values."""
    return json.loads(to_json(tree))


def _is_component(value: Any) -> bool:
    return isinstance(value, dict) and {"type", "namespace", "props"} <= value.keys()


def _diff(old: Any, new: Any, path: list, out: list) -> None:
    """Append (path, operation, value) triples that turn `old` into `new` to `out`."""
    if old == new:
        return
    if _is_component(old) and _is_component(new):
        same_kind = (old["type"], old["namespace"]) == (new["type"], new["namespace"])
        if same_kind and old["props"].keys() == new["props"].keys():
            for key, value in new["props"].items():
                if key not in BROWSER_PROPS:
                    _diff(old["props"][key], value, [*path, "props", key], out)
            return
    elif isinstance(old, list) and isinstance(new, list) and old and new:
        common = min(len(old), len(new))
        for i in range(common):
            _diff(old[i], new[i], [*path, i], out)
        if len(new) > common:
            out.append((path, "extend", new[common:]))
        for i in reversed(range(common, len(old))):
            out.append(([*path, i], "delete", None))
        return
    out.append((path, "assign", new))


def towards(shown: Any, new: Any, max_operations: int = MAX_OPERATIONS) -> Any:
    """What to send for a container whose `children` are `shown` (as the browser holds them; None
    on the first draw) so that it shows `new` (components): a Patch of what differs, `new` itself
    when nothing alike is shown, or `dash.no_update` when nothing differs."""
    if shown is None:
        return new
    changes: list = []
    _diff(shown, as_json(new), [], changes)
    if not changes:
        return dash.no_update
    if len(changes) > max_operations or any(not path and op == "assign" for path, op, _ in changes):
        return new
    patch = dash.Patch()
    for path, operation, value in changes:
        if operation == "extend":
            _at(patch, path).extend(value)
        elif operation == "delete":
            del _at(patch, path[:-1])[path[-1]]
        else:
            _at(patch, path[:-1])[path[-1]] = value
    return patch


def _at(patch: dash.Patch, path: list) -> dash.Patch:
    for key in path:
        patch = patch[key]
    return patch


def apply(tree: Any, patch: Any) -> Any:
    """`patch` (a Patch, its JSON, or a whole new tree) applied to `tree` (JSON), as the browser
    applies the operations `towards` writes (Assign, Extend, Delete). For tests and checks."""
    if not isinstance(patch, dash.Patch):
        return as_json(patch)
    tree = json.loads(json.dumps(tree))
    for op in patch.to_plotly_json()["operations"]:
        *parents, last = op["location"] if op["location"] else [None]
        target = tree
        for key in parents:
            target = target[key]
        if op["operation"] == "Assign":
            target[last] = as_json(op["params"]["value"])
        elif op["operation"] == "Extend":
            (target[last] if last is not None else target).extend(as_json(op["params"]["value"]))
        elif op["operation"] == "Delete":
            del target[last]
        else:
            raise ValueError(f"not an operation `towards` writes: {op['operation']}")
    return tree
