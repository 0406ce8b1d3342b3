"""LaTeX in BibTeX field values -> Unicode.

Most field values hold no backslash at all (measured on a 94k-entry bibliography), so they
take a fast path that only drops protective braces and turns TeX ligatures into characters;
the rest go to pylatexenc (the decoder bibtexparser's own middleware uses), strictly, so a
value it cannot decode is reported instead of silently mangled. This module is the whole
decoding stage: replace it to change how values are decoded.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache

from kg.read.chars import uncarried

# TeX's ligatures and specials in text, as pylatexenc decodes them; the longest first, as TeX reads them
_SPECIALS = {"---": "\u2014", "--": "\u2013", "``": "\u201c", "''": "\u201d", "!`": "\u00a1", "?`": "\u00bf",
             "~": "\u00a0"}
_SPECIAL = re.compile("|".join(re.escape(k) for k in _SPECIALS))
_TEX_SPACE = re.compile(r"[ \t\n\r]+")  # only these are spaces to TeX: U+00A0 (`~`), U+2009, ... are text
# `%` starts a comment and `&` is an alignment tab to LaTeX, but in a bibliography field both mean
# themselves (the fast path keeps them): the slow path escapes them first, so both paths agree
_PERCENT_AMP = re.compile(r"(?<!\\)((?:\\\\)*)([%&])")


class LatexError(ValueError):
    """A value that is not well-formed LaTeX; the message says what is wrong."""


def braces_balanced(value: str) -> bool:
    depth = 0
    escaped = False
    for ch in value:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


@lru_cache(maxsize=65536)  # journal names, publishers and months repeat across entries
def decode(value: str) -> str:
    bad = uncarried(value)
    if bad:
        raise LatexError(bad)
    if not braces_balanced(value):
        raise LatexError("unbalanced braces")
    if "\\" not in value and "$" not in value:
        return _squeeze(_fast(value))
    return _squeeze(_slow(value))


def _fast(value: str) -> str:
    """pylatexenc's result for a value with no macro and no math: braces dropped, the specials
    decoded within each braced part (a brace ends a ligature: `-{}-` is two hyphens)."""
    if "{" in value or "}" in value:
        return "".join(_SPECIAL.sub(_special, part) for part in re.split(r"[{}]", value))
    return _SPECIAL.sub(_special, value)


def _special(m: re.Match) -> str:
    return _SPECIALS[m.group()]


def _squeeze(text: str) -> str:
    """Runs of TeX spaces (space, tab, newline) -> one space, none at the ends."""
    if text.isascii():
        return " ".join(text.split())  # the common case, in C
    return _TEX_SPACE.sub(" ", text).strip(" \t\n\r")


def _slow(value: str) -> str:
    from pylatexenc.latexwalker import LatexWalker, LatexWalkerError  # only when a value needs it

    walker_context, converter, warnings = _tools()
    try:
        walker = LatexWalker(_PERCENT_AMP.sub(r"\1\\\2", value), latex_context=walker_context, tolerant_parsing=False)
        nodes, _, _ = walker.get_latex_nodes()
    except LatexWalkerError as exc:
        raise LatexError(f"cannot decode its LaTeX: {str(exc).splitlines()[0]}") from None
    warnings.clear()
    try:
        text = converter.nodelist_to_text(nodes)
    except LatexError:
        raise
    except Exception as exc:  # noqa: BLE001 - pylatexenc's own bugs, e.g. `\c\author`: AttributeError
        raise LatexError(f"cannot decode its LaTeX (pylatexenc: {type(exc).__name__}: {exc})") from None
    if warnings:  # e.g. `\c\url`: pylatexenc logs a warning and returns its template, '%' signs and all
        raise LatexError(f"cannot decode its LaTeX: {warnings[0]}")
    return text


def _refuse(node) -> str:
    raise LatexError(f"'\\{node.macroname}' gives no text of its own in a field; write the text itself")


class _Collect(logging.Handler):
    """pylatexenc's warnings, kept as a list instead of printed on stderr."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record.getMessage().removeprefix("WARNING: "))


@lru_cache(maxsize=1)
def _tools():
    """The walker's macro table, the converter, and the list the converter's warnings go to.
    Two fixes to pylatexenc's defaults: the walker knows `\\href`'s two arguments (the converter
    expects them: IndexError otherwise), and the macros whose text pylatexenc takes from the clock
    or from an earlier value (`\\today`, `\\maketitle` after `\\title{..}`) are refused, so a
    value decodes the same whatever was decoded before it and whenever."""
    from pylatexenc import latex2text, latexwalker
    from pylatexenc.macrospec import MacroSpec

    walker_context = latexwalker.get_default_latex_context_db()
    walker_context.add_context_category("kg", prepend=True, macros=[MacroSpec("href", "{{")])
    converter_context = latex2text.get_default_latex_context_db()
    refused = ("today", "maketitle", "title", "author", "date")
    converter_context.add_context_category("kg", prepend=True, macros=[
        latex2text.MacroTextSpec(name, simplify_repl=_refuse) for name in refused])
    collect = _Collect()
    logger = logging.getLogger("pylatexenc")
    logger.addHandler(collect)
    logger.propagate = False
    converter = latex2text.LatexNodes2Text(latex_context=converter_context, math_mode="verbatim")
    return walker_context, converter, collect.seen
