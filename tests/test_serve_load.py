"""`kg serve` under concurrent load answers everything, and cuts off a query that runs too long
(scripts/load_serve.py; here smaller than the README's 1,000 queries from 20 clients)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import load_serve  # noqa: E402


def test_concurrent_clients_and_the_timeout():
    result = load_serve.run(queries=200, clients=10, timeout=1.0, project=None)
    assert result["errors"] == 0, result["first_error"]
    assert not result["long_query_completed"] and result["long_query_s"] < 30
    assert result["answers_after"]
