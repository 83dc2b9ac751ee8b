"""The rules core is plain Python: importing every module of it loads no Django."""

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

PROGRAM = """
import importlib, pkgutil, sys
import madoguchi.rules as rules
names = [m.name for m in pkgutil.walk_packages(rules.__path__, "madoguchi.rules.")]
for name in names:
    importlib.import_module(name)
from madoguchi.rules.loader import load_municipality
load_municipality("koganei")
print(len(names))
print(sorted(m for m in sys.modules if m == "django" or m.startswith("django.")))
"""


def test_rules_core_imports_no_django():
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        capture_output=True,
        text=True,
        cwd=SRC,
        env={"PYTHONPATH": str(SRC), "PATH": ""},
        check=True,
    )
    count, django_modules = result.stdout.splitlines()
    assert int(count) >= 10  # calendar, catalog, city, datafile, dates, errors, loader, ...
    assert django_modules == "[]"
