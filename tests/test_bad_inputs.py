"""Every bad input in tests/data/bad: exit 2, the file:line it names, a clear message, nothing written."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import BAD, expectation
from kg.cli import cli

CASES = sorted(BAD.glob("bib/*.bib")) + sorted(BAD.glob("study/*.yaml"))


@pytest.mark.parametrize("bad", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_bad_input_is_reported_with_its_location(bad: Path, tiny: Path, runner, tmp_path):
    target = tiny / bad.parent.name / f"zz_{bad.name}"
    shutil.copy(bad, target)
    out = tmp_path / "out.ttl"
    out.write_text("previous output\n")

    result = runner.invoke(cli, ["build", str(tiny), "-o", str(out)])

    where, text = expectation(bad)
    assert result.exit_code == 2, result.output
    assert f"zz_{bad.name}:{where}: " in result.output, result.output
    assert text in result.output, result.output
    assert "Traceback" not in result.output
    assert out.read_text() == "previous output\n"  # untouched


def test_every_problem_of_a_file_is_reported_at_once(tiny: Path, runner):
    for name in ("missing_comma.bib", "unknown_macro.bib", "duplicate_key.bib"):
        shutil.copy(BAD / "bib" / name, tiny / "bib" / f"zz_{name}")
    result = runner.invoke(cli, ["check", str(tiny)])
    assert result.exit_code == 2
    assert "3 errors; nothing was written." in result.output


def test_missing_project_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(cli, ["check", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "not a kg project" in result.output
