"""BibTeX files -> `Work`s, with every problem reported as `path:line` (1-based).

bibtexparser v2 splits the file into blocks (its line numbers are 0-based and carry no
path); we run no middleware and resolve values ourselves, in one pass per field:
`@string` and month macros, `#` concatenation, LaTeX -> Unicode (kg.read.latex), and
names split into family/given parts on the raw LaTeX (so `{\\"O}rki` stays one name).
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

import bibtexparser
from bibtexparser import model as bm
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

from kg.errors import Location, Report, display_path
from kg.model import Person, Work
from kg.read.chars import uncarried
from kg.read.latex import LatexError, decode

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its failures reach us as blocks

MONTHS = {m: str(i) for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
VERBATIM_FIELDS = {"url", "doi", "urldate", "file", "eprint", "isbn", "issn", "crossref"}
NAME_FIELDS = ("author", "editor")
_SIMPLE_NAME = re.compile(r"(?:[A-Z][A-Za-z.'-]*\s+)*[A-Z][A-Za-z'-]*")
_TOKEN = re.compile(r'\s*(?:(\{)|(")|([0-9]+)|([A-Za-z_][A-Za-z0-9_.:+/-]*))')


class BibValueError(ValueError):
    """A field value that cannot be resolved; the message is for the user."""


def read_bib_files(paths: list[Path], report: Report, texts: dict[Path, str] | None = None) -> dict[str, Work]:
    """Read BibTeX files (or their already read `texts`) into works by citation key; problems go to `report`."""
    works: dict[str, Work] = {}
    for path in paths:
        found = (parse_bib_text(texts[path], display_path(path), report) if texts and path in texts
                 else read_bib_file(path, report))
        for work in found:
            if work.key in works:
                report.error(work.loc, f"duplicate key '{work.key}' (first at {works[work.key].loc}); "
                                       "rename one of the entries")
                continue
            works[work.key] = work
    _resolve_crossrefs(works, report)
    return works


def read_bib_file(path: Path, report: Report) -> list[Work]:
    text = read_bib_text(path, report)
    return [] if text is None else parse_bib_text(text, display_path(path), report)


def read_bib_text(path: Path, report: Report) -> str | None:
    """A .bib file's text with Unix line ends, or None (reported) when it cannot be read as UTF-8."""
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.error(Location(shown), f"cannot read: {exc.strerror}")
        return None
    try:
        text = data.decode("utf-8-sig")  # a BOM is harmless: drop it
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.error(Location(shown, line), f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
                                            "save the file as UTF-8 (Zotero: Export with 'Unicode (UTF-8)')")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_bib_text(text: str, path: str, report: Report, dropped: dict[str, Location] | None = None) -> list[Work]:
    """The works of one file's text; `dropped`, if given, gets the key and place of each entry
    left out for an error (the parallel reader needs them to find duplicates across chunks)."""
    library = bibtexparser.parse_string(text, parse_stack=[])
    _report_failed_blocks(library, text, path, report)
    if not library.entries and not library.failed_blocks and text.strip() and not library.strings:
        report.error(Location(path, 1), "no BibTeX entries found; is this a BibTeX file? Entries start with '@type{key,'")
        return []
    macros = dict(MONTHS)
    for string in library.strings:
        try:
            macros[string.key.lower()] = _resolve(string.value, macros)
        except BibValueError as exc:
            report.error(Location(path, string.start_line + 1), f"@string {string.key}: {exc}")
    works = []
    for entry in library.entries:
        work = _work(entry, macros, path, report)
        if work is not None:
            works.append(work)
        elif dropped is not None and entry.key.strip():
            dropped.setdefault(entry.key, Location(path, entry.start_line + 1))
    return works


def _report_failed_blocks(library: bibtexparser.Library, text: str, path: str, report: Report) -> None:
    first_line = {e.key: e.start_line + 1 for e in library.entries}
    for block in library.failed_blocks:
        where = Location(path, (block.start_line or 0) + 1)
        if isinstance(block, bm.DuplicateBlockKeyBlock) and not block.key.strip():  # a second keyless entry
            _no_key(where, block.ignore_error_block.entry_type, report)
        elif isinstance(block, bm.DuplicateBlockKeyBlock):
            report.error(where, f"duplicate key '{block.key}' (first at line {first_line.get(block.key, '?')}); "
                                "rename one of the entries")
        elif isinstance(block, bm.DuplicateFieldKeyBlock):
            dupes = ", ".join(sorted(block.duplicate_keys))
            report.error(where, f"entry '{block.ignore_error_block.key}' gives the field(s) {dupes} more than once; keep one")
        else:
            reason = getattr(block.error, "abort_reason", "") or str(block.error) or "syntax error"
            end = getattr(block.error, "end_index", None)
            at = f" (parsing stopped at line {text[:end].count(chr(10)) + 1})" if isinstance(end, int) else ""
            report.error(where, f"this entry could not be parsed: {reason.strip()}{at}; "
                                "check its braces, quotes and commas")


def _no_key(where: Location, entry_type: str, report: Report) -> None:
    report.error(where, f"this @{entry_type} entry has no citation key; write '@{entry_type}{{key,'")


def _work(entry: bm.Entry, macros: dict[str, str], path: str, report: Report) -> Work | None:
    where = Location(path, entry.start_line + 1)
    if not entry.key.strip():
        _no_key(where, entry.entry_type, report)
        return None
    if bad := uncarried(entry.key):
        report.error(where, f"the citation key {entry.key!r}: {bad}")
        return None
    fields: dict[str, str] = {}
    people: dict[str, tuple[Person, ...]] = {}
    ok = True
    for fld in entry.fields:
        name = fld.key.lower()
        floc = Location(path, (fld.start_line if fld.start_line is not None else entry.start_line) + 1)
        if name in fields or name in people:  # `Title` and `title`: bibtexparser tells them apart, BibTeX does not
            report.error(floc, f"entry '{entry.key}' gives the field {name} more than once; keep one")
            ok = False
            continue
        try:
            raw = _resolve(fld.value, macros)
            if name in NAME_FIELDS:
                people[name] = _people(raw)
            elif name in VERBATIM_FIELDS:  # copied as written (no LaTeX), so checked here
                if bad := uncarried(raw):
                    raise BibValueError(bad)
                fields[name] = raw.strip()
            else:
                fields[name] = decode(raw)
        except (BibValueError, LatexError) as exc:
            hint = "; check its backslashes, braces and $ signs" if isinstance(exc, LatexError) else ""
            report.error(floc, f"field '{name}' of '{entry.key}': {exc}{hint}")
            ok = False
    if not ok:
        return None
    return Work(key=entry.key, entry_type=entry.entry_type.lower(), fields=fields,
                authors=people.get("author", ()), editors=people.get("editor", ()), loc=where)


def _resolve(value: str, macros: dict[str, str]) -> str:
    """A raw BibTeX value (`{..}`, `".."`, digits, macros, joined by `#`) -> its LaTeX text."""
    if value[:1] == "{" and value[-1:] == "}" and "}" not in value[1:-1] and "{" not in value[1:-1]:
        return value[1:-1]  # the common case, `{plain text}`, without a scan
    if value.isdigit():
        return value
    out, pos, n = [], 0, len(value)
    while True:
        m = _TOKEN.match(value, pos)
        if not m:
            rest = value[pos:].strip()
            raise BibValueError(f"cannot read the value near '{rest[:30]}'; enclose it in braces")
        if m.group(1) or m.group(2):
            start = m.end(0) - 1
            end = _closing(value, start)
            out.append(value[start + 1:end])
            pos = end + 1
        elif m.group(3):
            out.append(m.group(3))
            pos = m.end(0)
        else:
            name = m.group(4)
            if name.lower() not in macros:
                raise BibValueError(f"unknown macro '{name}'; define it with @string{{{name} = {{...}}}} "
                                  "or enclose the value in braces")
            out.append(macros[name.lower()])
            pos = m.end(0)
        rest = value[pos:].lstrip()
        if not rest:
            return "".join(out)
        if rest[0] != "#":
            word = re.match(r"[A-Za-z_]+\s*=", rest)
            hint = (f"a comma is missing before '{word.group(0).rstrip('= ')}'" if word
                    else f"unexpected '{rest[:20]}' after the value")
            raise BibValueError(hint)
        pos = n - len(rest) + 1


def _closing(value: str, start: int) -> int:
    """Index of the delimiter closing the `{` or `"` at `start`."""
    depth = 0
    quote = value[start] == '"'
    i = start + 1 if quote else start
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and not quote:
                return i
            if depth < 0:
                break
        elif ch == '"' and quote and depth == 0:
            return i
        i += 1
    raise BibValueError("unbalanced braces or an unterminated string")


def _people(raw: str) -> tuple[Person, ...]:
    people = []
    for name in split_multiple_persons_names(raw):
        name = name.strip()
        if not name:
            continue
        if name.lower() == "others":
            people.append(Person(family="others", others=True))
            continue
        if name.startswith("{") and _closing(name, 0) == len(name) - 1:  # {Corporate Name}
            people.append(Person(family=decode(name[1:-1]), corporate=True))
            continue
        simple = _SIMPLE_NAME.fullmatch(name)
        if simple:  # "J H Kramer", "Yessirkep": no comma, braces, escapes or lower-case particle
            given, _, family = name.rpartition(" ")
            people.append(Person(family=family, given=" ".join(given.split())))
            continue
        parts = parse_single_name_into_parts(name)
        people.append(Person(family=decode(" ".join(parts.last)), given=decode(" ".join(parts.first)),
                             von=decode(" ".join(parts.von)), jr=decode(" ".join(parts.jr))))
    return tuple(people)


def _resolve_crossrefs(works: dict[str, Work], report: Report) -> None:
    """A `crossref` child inherits every field it lacks; a book's title becomes its booktitle."""
    for key, work in list(works.items()):
        target = work.get("crossref")
        if not target:
            continue
        parent = works.get(target) or next((w for k, w in works.items() if k.lower() == target.lower()), None)
        if parent is None:  # left out, as every entry with an error is (see --keep-going)
            report.error(work.loc, f"entry '{key}' has crossref '{target}', which no entry defines")
            del works[key]
            continue
        inherited = {k: v for k, v in parent.fields.items() if k not in ("crossref", "title")}
        if "title" in parent.fields:
            inherited["booktitle"] = parent.fields["title"]
        fields = {**inherited, **work.fields}
        works[key] = Work(key=work.key, entry_type=work.entry_type, fields=fields,
                          authors=work.authors, editors=work.editors or parent.editors, loc=work.loc)
