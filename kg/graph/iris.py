"""Every IRI kg mints for a study's things, in one place."""
from __future__ import annotations

from urllib.parse import quote

DEFAULT_BASE = "https://w3id.org/kg/study/{id}/"

# section name -> the IRI path segment of its records
SEGMENTS = {
    "works": "work", "research_questions": "rq", "themes": "theme", "respondents": "respondent",
    "interviews": "interview", "excerpts": "excerpt", "findings": "finding", "claims": "claim",
    "actors": "actor", "tools": "tool", "institutions": "institution", "statistics": "statistic",
    "tool_uses": "tool-use", "conclusions": "conclusion",
}


class Minter:
    def __init__(self, study_id: str, base: str | None = None):
        self.base = base or DEFAULT_BASE.format(id=quote(study_id, safe=""))
        if not self.base.endswith(("/", "#")):
            self.base += "/"

    @property
    def study(self) -> str:
        """The study itself; also the name of the graph that holds it."""
        return self.base

    @property
    def codebook(self) -> str:
        return self.base + "codebook"

    @property
    def tool_taxonomy(self) -> str:
        return self.base + "tools"

    def of(self, section: str, ident: str) -> str:
        return f"{self.base}{SEGMENTS[section]}/{quote(ident, safe='')}"

    def work(self, key: str) -> str:
        return self.of("works", key)
