"""Characters a study's text may not hold, whichever reader met them: XML 1.0 (RDF/XML, the HTML
pages) cannot carry the C0 controls other than tab, LF and CR, nor U+FFFE and U+FFFF; a lone
surrogate is no character at all (UTF-8 cannot encode it). A .bib or .yaml file holds them only
by corruption or through an escape."""
from __future__ import annotations

import re

UNCARRIED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def uncarried(value: str, fix: str = "remove it") -> str | None:
    """Why `value` cannot go into the graph as it is (and `fix`), or None."""
    bad = UNCARRIED.search(value)
    if bad is None:
        return None
    return (f"it holds U+{ord(bad.group()):04X}, a control character, noncharacter or lone surrogate, "
            f"which RDF/XML and HTML cannot carry; {fix}")
