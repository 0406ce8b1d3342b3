"""An installed (non-editable) wheel finds the ontology and the bundled study it carries."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_ontology_and_bundled_study(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path / "dist"), str(ROOT)], check=True)
    (wheel,) = (tmp_path / "dist").glob("kg-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("kg/_bundled/ontology/kg.ttl", "kg/_bundled/ontology/shapes.ttl",
                   "kg/_bundled/bib/soft-power-kazakhstan.bib", "kg/_bundled/study/study.yaml",
                   "kg/_bundled/study/article.txt"):
        assert needed in names
    assert not [n for n in names if n.startswith(("tests/", "scripts/"))]

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = dict(os.environ, PYTHONPATH=str(site), KG_CACHE_DIR=str(tmp_path / "cache"))
    where = subprocess.run([sys.executable, "-c", "import kg.resources as r; print(r.ROOT)"],
                           capture_output=True, text=True, env=env, cwd=tmp_path, check=True).stdout.strip()
    assert where == str(site / "kg" / "_bundled")
    result = subprocess.run([sys.executable, "-m", "kg", "check"], capture_output=True, text=True, env=env,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "SHACL conforms" in result.stdout
