"""YAML with positions: every mapping and list remembers where it and its items stand.

PyYAML's composer keeps 0-based marks on every node; we turn the node tree into plain
dicts and lists that carry 1-based Locations, and report duplicate keys (which PyYAML
would silently overwrite) instead of losing data.
"""
from __future__ import annotations

from typing import Any

import yaml

from kg.errors import Location, Report


class LDict(dict):
    """A mapping with the location of itself, of each key and of each value."""

    loc: Location
    key_locs: dict[str, Location]
    value_locs: dict[str, Location]
    raw: dict[str, str]  # the source text of scalar values: `5.10` stays "5.10", not 5.1


class LList(list):
    """A list with the location of itself and of each item."""

    loc: Location
    item_locs: list[Location]


def _loc(path: str, node: yaml.Node) -> Location:
    return Location(path, node.start_mark.line + 1, node.start_mark.column + 1)


def load(text: str, path: str, report: Report) -> Any:
    """Parse one YAML document; syntax errors and duplicate keys go to `report` (returns None)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        what = exc.problem or exc.context or "cannot parse"
        if exc.context and exc.context_mark and exc.problem_mark:
            cm = exc.context_mark
            what += f" ({exc.context.removeprefix('while ')} that starts at line {cm.line + 1}, column {cm.column + 1})"
        report.error(where, f"YAML syntax error: {what}; check the indentation, quoting and brackets")
        return None
    except yaml.YAMLError as exc:  # e.g. a reader error on a control character
        report.error(Location(path), f"YAML cannot be read: {exc}")
        return None
    if node is None:
        return None
    return _convert(node, path, report)


def _convert(node: yaml.Node, path: str, report: Report) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = LDict()
        out.loc, out.key_locs, out.value_locs, out.raw = _loc(path, node), {}, {}, {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if not isinstance(key, str):
                report.error(_loc(path, key_node), f"a key must be text, found {key!r}")
                continue
            if key in out:
                report.error(_loc(path, key_node),
                             f"duplicate key '{key}' (first at line {out.key_locs[key].line}); remove one")
                continue
            out[key] = _convert(value_node, path, report)
            out.key_locs[key] = _loc(path, key_node)
            out.value_locs[key] = _loc(path, value_node)
            if isinstance(value_node, yaml.ScalarNode):
                out.raw[key] = value_node.value
        return out
    if isinstance(node, yaml.SequenceNode):
        items = LList(_convert(n, path, report) for n in node.value)
        items.loc, items.item_locs = _loc(path, node), [_loc(path, n) for n in node.value]
        return items
    return _scalar(node)


_constructor = yaml.SafeLoader.__new__(yaml.SafeLoader)  # only its scalar constructors are used
yaml.constructor.SafeConstructor.__init__(_constructor)


def _scalar(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return _constructor.construct_object(node, deep=True)
    return node  # a complex key; the caller reports it
