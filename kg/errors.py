"""Where a problem is, what it is, and how kg exits because of it.

User errors (bad input) are data: every reader collects `Problem`s into one `Report`,
and the pipeline raises once with all of them. Internal bugs stay ordinary exceptions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Documented in `kg --help` and the README; pySHACL uses the same scheme."""

    OK = 0
    FINDINGS = 1  # the input is readable but the graph breaks a rule (SHACL) or misses a bar
    INPUT = 2  # usage error, or unreadable / invalid input


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based position in a file; line or column may be unknown (0)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        text = self.path
        if self.line:
            text += f":{self.line}"
            if self.col:
                text += f":{self.col}"
        return text


def display_path(path: str | Path) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str
    severity: str = "error"  # "error" stops the pipeline; "warning" and "skipped" are reported only

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.location}: {prefix}{self.message}"


@dataclass
class Report:
    """Problems of one input, collected so the user sees all of them at once."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.problems.append(Problem(location, message))

    def warning(self, location: Location, message: str) -> None:
        self.problems.append(Problem(location, message, "warning"))

    def extend(self, other: "Report") -> None:
        self.problems.extend(other.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    def skip_errors_in(self, paths: set[str]) -> None:
        """--keep-going: an error in one of `paths` (a bad BibTeX entry, whose reader left it out)
        becomes a "skipped" notice."""
        self.problems = [Problem(p.location, p.message, "skipped")
                         if p.severity == "error" and p.location.path in paths else p for p in self.problems]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise InputError(self)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in sorted(self.problems, key=lambda p: p.location))


class KgError(Exception):
    """A failure the user can act on; carries its exit code."""

    exit_code = ExitCode.INPUT


class InputError(KgError):
    """Unreadable or invalid input: exit 2, nothing written."""

    def __init__(self, report: Report | str, outcome: str = "nothing was written"):
        if isinstance(report, str):
            report = Report([Problem(Location("kg"), report)])
        self.report = report
        n = len(report.errors)
        super().__init__(f"{report}\n{n} error{'s' if n != 1 else ''}; {outcome}.")


class FindingsError(KgError):
    """The input was read, but the result breaks a rule (e.g. SHACL): exit 1."""

    exit_code = ExitCode.FINDINGS
