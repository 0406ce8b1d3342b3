"""Study annotations (YAML) -> model records, validated against the schema in kg.model.

Every problem is reported with its `path:line:col`; nothing is built from a file with errors.
"""
from __future__ import annotations

import difflib
import math
import re
from pathlib import Path
from typing import Any

from kg import model
from kg.errors import Location, Report, display_path
from kg.read import yamlloc

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s\x00-\x20\x7f-\x9f<>\"{}|\\^`]*$")  # no controls: RFC 3987
TEXT_KINDS = {"text", "verbatim", "section", "path", "iri", "wikidata", "slug", "ref", "enum"}


def closest(word: str, known: list[str] | set[str] | dict, n: int = 3) -> str:
    """'; did you mean a, b?' or '; known: a, b, c, ...' for a message's tail."""
    known = sorted(known)
    near = difflib.get_close_matches(word, known, n=n, cutoff=0.6)
    if near:
        return "; did you mean " + ", ".join(f"'{k}'" for k in near) + "?"
    if not known:
        return ""
    shown = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "")
    return f"; known: {shown}"


def read_annotations(study_dir: Path, report: Report) -> tuple[model.StudyInfo | None, dict[str, list]]:
    """Read every `*.yaml` of a study folder; problems go to `report`."""
    records: dict[str, list] = {name: [] for name in model.SECTIONS if name != "study"}
    info: model.StudyInfo | None = None
    first_seen: dict[tuple[str, str], Location] = {}
    files = sorted(study_dir.glob("*.yaml")) + sorted(study_dir.glob("*.yml"))
    if not files:
        report.error(Location(display_path(study_dir)), "no annotation files (*.yaml) in this folder")
    for file in files:
        path = display_path(file)
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            line = file.read_bytes()[: exc.start].count(b"\n") + 1
            report.error(Location(path, line), "not valid UTF-8; save the file as UTF-8")
            continue
        except OSError as exc:
            report.error(Location(path), f"cannot read: {exc.strerror}")
            continue
        doc = yamlloc.load(text, path, report)
        if doc is None:
            if not any(p.location.path == path for p in report.errors):
                report.error(Location(path, 1), "the file is empty; give it at least one section such as 'themes:'")
            continue
        if not isinstance(doc, yamlloc.LDict):
            report.error(Location(path, 1), "expected sections ('themes:', 'excerpts:', ...) at the top level")
            continue
        for section, value in doc.items():
            where = doc.key_locs[section]
            cls = model.SECTIONS.get(section)
            if cls is None:
                report.error(where, f"unknown section '{section}'{closest(section, model.SECTIONS)}")
                continue
            if section == "study":
                if info is not None:
                    report.error(where, f"'study' is given twice (first at {info.locs['']}); keep one")
                elif not isinstance(value, yamlloc.LDict):
                    report.error(doc.value_locs[section], "'study' must be a mapping of fields (id:, title:, ...)")
                else:
                    info = _record(cls, value, report)
                continue
            if not isinstance(value, yamlloc.LList):
                if value is not None:  # an empty section is allowed
                    report.error(doc.value_locs[section], f"'{section}' must be a list of entries ('- id: ...')")
                continue
            for item, loc in zip(value, value.item_locs):
                if not isinstance(item, yamlloc.LDict):
                    report.error(loc, f"each entry of '{section}' must be a mapping of fields")
                    continue
                rec = _record(cls, item, report)
                if rec is None:
                    continue
                key = (section, rec.id)
                if key in first_seen:
                    report.error(rec.locs["id"] if "id" in rec.locs else rec.locs[""],
                                 f"duplicate {section} id '{rec.id}' (first at {first_seen[key]}); ids must be unique")
                    continue
                first_seen[key] = rec.locs["id"] if "id" in rec.locs else rec.locs[""]
                records[section].append(rec)
    if info is None and files and not report.errors:
        report.error(Location(display_path(files[0]), 1),
                     "no 'study:' section; one file must give the study's id, title and manuscript")
    return info, records


def _record(cls: type, data: yamlloc.LDict, report: Report) -> Any:
    specs = model.specs(cls)
    values: dict[str, Any] = {}
    locs: dict[str, Location] = {"": data.loc}
    ok = True
    for name in data:
        if name not in specs:
            report.error(data.key_locs[name], f"unknown field '{name}'{closest(name, specs)}")
            ok = False
    for name in sorted(model.required(cls)):
        if name not in data:
            ident = f" '{data['id']}'" if isinstance(data.get("id"), str) else ""
            report.error(data.loc, f"entry{ident} lacks the required field '{name}'")
            ok = False
        elif data[name] is None:  # `label:` left blank, or a value the YAML reader could not read
            loc = data.value_locs[name]
            if not any(p.location == loc for p in report.errors):  # else the reader said why already
                report.error(loc, f"'{name}' is empty; give a value")
            ok = False
    for name, spec in specs.items():
        if name not in data or data[name] is None:
            continue
        loc = data.value_locs[name]
        locs[name] = loc
        value = _value(spec, data[name], data.raw.get(name), loc, report, locs, name)
        if value is _BAD:
            ok = False
        else:
            values[name] = value
    if not ok:
        return None
    return cls(**values, locs=locs)


_BAD = object()


def _value(spec: model.Spec, value: Any, raw: str | None, loc: Location, report: Report,
           locs: dict[str, Location], name: str) -> Any:
    kind = spec.kind
    if kind in TEXT_KINDS:
        if isinstance(value, (dict, list)):
            report.error(loc, f"'{name}' must be a single value, not a {'list' if isinstance(value, list) else 'mapping'}")
            return _BAD
        text = raw if raw is not None else str(value)
        if kind != "verbatim":
            text = text.strip()
        if not text:
            report.error(loc, f"'{name}' is empty; give a value or leave the field out")
            return _BAD
        if kind == "slug" and not SLUG.match(text):
            report.error(loc, f"id '{text}' is not a slug: use lower-case letters, digits and '-', e.g. "
                              f"'{re.sub(r'[^a-z0-9]+', '-', text.lower()).strip('-') or 'my-id'}'")
            return _BAD
        if kind == "enum" and text not in spec.values:
            report.error(loc, f"'{name}' is '{text}'; expected one of: {', '.join(spec.values)}")
            return _BAD
        if kind == "wikidata" and not WIKIDATA.match(text):
            report.error(loc, f"'{text}' is not a Wikidata id; expected e.g. Q159")
            return _BAD
        if kind == "iri" and not IRI.match(text):
            report.error(loc, f"{text!r} is not an absolute IRI; expected e.g. https://example.org/my-study/")
            return _BAD
        return text
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            report.error(loc, f"'{name}' must be a number without thousands separators (e.g. 90333), found {raw!r}")
            return _BAD
        if not math.isfinite(value):  # YAML's .nan and .inf: no xsd:decimal can hold them
            report.error(loc, f"'{name}' must be a finite number, found {raw!r}")
            return _BAD
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            report.error(loc, f"'{name}' must be true or false, found {raw!r}")
            return _BAD
        return value
    if kind in ("refs", "citations"):
        if not isinstance(value, yamlloc.LList):
            report.error(loc, f"'{name}' must be a list, e.g. {name}: [a, b]")
            return _BAD
        if len(value) < spec.min_items:
            report.error(loc, f"'{name}' needs at least {spec.min_items} item(s)")
            return _BAD
        out = []
        for i, (item, item_loc) in enumerate(zip(value, value.item_locs)):
            locs[f"{name}[{i}]"] = item_loc
            if kind == "citations":
                if not isinstance(item, yamlloc.LDict):
                    report.error(item_loc, "a citation is a mapping: {work: key, stance: supports}")
                    return _BAD
                cit = _record(model.Citation, item, report)
                if cit is None:
                    return _BAD
                out.append(cit)
            elif isinstance(item, (dict, list)) or item is None:
                report.error(item_loc, f"each item of '{name}' must be an id")
                return _BAD
            else:
                out.append(str(item))
        return tuple(out)
    raise AssertionError(f"unknown field kind {kind}")  # a bug in kg.model, not user input
