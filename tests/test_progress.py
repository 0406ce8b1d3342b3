"""Progress bars stay quiet when stderr is not a terminal (CI, pipes), and draw on one."""
from __future__ import annotations

import io
import sys

from kg.progress import progress


def test_quiet_off_a_terminal(capsys):
    with progress("reading", 3) as advance:
        for _ in range(3):
            advance(1)
    assert capsys.readouterr().err == ""


def test_draws_on_a_terminal(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    fake = Tty()
    monkeypatch.setattr(sys, "stderr", fake)
    with progress("reading", 2) as advance:
        advance(2)
    assert "reading" in fake.getvalue()
