"""YAML with positions: every mapping and list remembers where it and its items stand.

PyYAML's composer keeps 0-based marks on every node; we turn the node tree into plain
dicts and lists that carry 1-based Locations, and report duplicate keys (which PyYAML
would silently overwrite) instead of losing data.
"""
from __future__ import annotations

import re
from typing import Any

import yaml

from kg.errors import Location, Report
from kg.read.chars import UNCARRIED, uncarried


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


_constructor = yaml.SafeLoader.__new__(yaml.SafeLoader)  # only its scalar constructors (and resolver) are used
yaml.constructor.SafeConstructor.__init__(_constructor)
MAX_DEPTH = 100  # reported where the nesting passes it, when Python's recursion limit stops PyYAML


def load(text: str, path: str, report: Report) -> Any:
    """Parse one YAML document; syntax errors and duplicate keys go to `report` (returns None)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        return None if node is None else _Converter(path, report).convert(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path, 1)
        what = exc.problem or exc.context or "cannot parse"
        if exc.context and exc.context_mark and exc.problem_mark:
            cm = exc.context_mark
            what += f" ({exc.context.removeprefix('while ')} that starts at line {cm.line + 1}, column {cm.column + 1})"
        report.error(where, f"YAML syntax error: {what}; check the indentation, quoting and brackets")
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: a control character, U+FFFE
        before = text[: exc.position]
        where = Location(path, before.count("\n") + 1, exc.position - before.rfind("\n"))
        report.error(where, f"YAML does not allow the character U+{exc.character:04X}; remove it, or write it "
                            "as an escape (\\x.. or \\u....) in a double-quoted string")
    except RecursionError:  # the composer and the converter recurse once per level of nesting
        report.error(_too_deep(text, path), f"the YAML is nested more than {MAX_DEPTH} levels deep; "
                                            "annotations need a few levels")
    return None


def _too_deep(text: str, path: str) -> Location:
    """Where the nesting passes MAX_DEPTH levels (the parser's events come without recursion)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return Location(path, event.start_mark.line + 1, event.start_mark.column + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return Location(path, 1)


class _Converter:
    """Nodes -> LDict, LList and scalars. A node reached again through an alias is converted once
    and shared (chains of `&b [*a, *a]` stay linear instead of exponential), and an alias inside
    the node it names is reported (its conversion would never end)."""

    def __init__(self, path: str, report: Report):
        self.path, self.report = path, report
        self.done: dict[int, Any] = {}
        self.active: set[int] = set()
        _constructor.constructed_objects.clear()  # it caches every node it builds: keep it from growing
        _constructor.recursive_objects.clear()

    def convert(self, node: yaml.Node) -> Any:
        key = id(node)
        if key in self.done:
            return self.done[key]
        if key in self.active:
            self.report.error(_loc(self.path, node), "this anchored node contains an alias of itself; "
                                                     "a YAML anchor may not be used inside its own node")
            return None
        self.active.add(key)
        value = self.done[key] = self._convert(node)
        self.active.discard(key)
        return value

    def _convert(self, node: yaml.Node) -> Any:
        path, report = self.path, self.report
        if isinstance(node, yaml.MappingNode):
            out = LDict()
            out.loc, out.key_locs, out.value_locs, out.raw = _loc(path, node), {}, {}, {}
            for key_node, value_node in node.value:
                key = self.scalar(key_node)
                if key is _UNREADABLE:
                    continue
                if not isinstance(key, str):
                    found = {yaml.SequenceNode: "a list", yaml.MappingNode: "a mapping"}.get(type(key), repr(key))
                    report.error(_loc(path, key_node), f"a key must be text, found {found}")
                    continue
                if key in out:
                    report.error(_loc(path, key_node),
                                 f"duplicate key '{key}' (first at line {out.key_locs[key].line}); remove one")
                    continue
                out[key] = self.convert(value_node)
                out.key_locs[key] = _loc(path, key_node)
                out.value_locs[key] = _loc(path, value_node)
                if isinstance(value_node, yaml.ScalarNode):
                    out.raw[key] = value_node.value
            return out
        if isinstance(node, yaml.SequenceNode):
            items = LList(self.convert(n) for n in node.value)
            items.loc, items.item_locs = _loc(path, node), [_loc(path, n) for n in node.value]
            return items
        value = self.scalar(node)
        return None if value is _UNREADABLE else value

    def scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return node  # a complex key; the caller reports it
        bad = UNCARRIED.search(node.value)  # only escapes in double quotes can write these
        if bad and "\ud800" <= bad.group() <= "\udfff":
            try:  # "\ud83d\ude00", a UTF-16 pair of escapes as JSON writes them: one character, as in JSON
                node.value = node.value.encode("utf-16", "surrogatepass").decode("utf-16")
                bad = UNCARRIED.search(node.value)
            except UnicodeDecodeError:
                pass
        if bad:
            self.report.error(_loc(self.path, node), f"the text: {uncarried(node.value, 'remove its escape')}")
            return _UNREADABLE
        try:
            return _constructor.construct_object(node, deep=True)
        except Exception as exc:  # noqa: BLE001 - PyYAML's constructors raise ValueError, AttributeError, ...
            if node.style is None and node.tag == _constructor.resolve(yaml.ScalarNode, node.value, (True, False)):
                # YAML 1.1 took a plain value for a type it then cannot build (2022-02-30 for a date,
                # 0x_ for a number, `=` for its "value" type): to the writer it is text
                return node.value
            reason = (str(exc).splitlines() or [type(exc).__name__])[0]
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.report.error(_loc(self.path, node), f"cannot read {node.value[:40]!r} as {tag} ({reason}); "
                                                     "remove the tag")
            return _UNREADABLE


_UNREADABLE = object()  # a scalar whose error is reported
