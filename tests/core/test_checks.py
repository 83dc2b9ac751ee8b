"""`madoguchi manage check --deploy` under the production settings: each dangerous
value fails with its check's id, and the README's production example passes."""

from __future__ import annotations

import base64
import re
import subprocess
import sys

import pytest

from madoguchi.core.development import DEVELOPMENT_SECRET_KEY
from madoguchi.staff.crypto import _dev_key
from tests.staff.test_production_settings import ROOT, manage, production_env

PUBLISHED_ENCRYPTION_KEY = base64.b64encode(_dev_key("encryption")).decode()
PUBLISHED_INDEX_KEY = base64.b64encode(_dev_key("blind index")).decode()
FRESH_KEY = base64.b64encode(b"k" * 32).decode()  # stand-ins for random production keys
OTHER_FRESH_KEY = base64.b64encode(b"i" * 32).decode()

# a dangerous value, the check that refuses it
DANGEROUS = [
    ({"DJANGO_SECRET_KEY": DEVELOPMENT_SECRET_KEY}, "core.E001"),
    ({"ALLOWED_HOSTS": "*"}, "core.E002"),
    ({"ALLOWED_HOSTS": "madoguchi.city.example.jp,*"}, "core.E002"),
    ({"MADOGUCHI_PUBLIC_URL": ""}, "core.E003"),
    ({"MADOGUCHI_PUBLIC_URL": "http://madoguchi.city.example.jp"}, "core.E003"),
    ({"MADOGUCHI_PUBLIC_URL": "http://127.0.0.1:8000"}, "core.E003"),
    ({"MADOGUCHI_PUBLIC_URL": "https://"}, "core.E003"),
    ({"MADOGUCHI_NOW": "2026-11-20T10:00+09:00"}, "core.E004"),
    ({"MADOGUCHI_ENCRYPTION_KEY": PUBLISHED_ENCRYPTION_KEY}, "staff.E003"),
    ({"MADOGUCHI_INDEX_KEY": PUBLISHED_INDEX_KEY}, "staff.E003"),
]


def deploy_errors(**changes) -> list[str]:
    """The ids of the errors `check --deploy` reports with safe production values and `changes`."""
    from django.core import checks
    from django.test import override_settings

    from madoguchi.staff.crypto import keyring

    env = {k: changes.pop(k) for k in list(changes) if k == "MADOGUCHI_NOW"}
    settings = {"SECRET_KEY": "a-long-random-production-secret-" * 2, "ALLOWED_HOSTS": ["madoguchi.city.example.jp"],
                "MADOGUCHI_PUBLIC_URL": "https://madoguchi.city.example.jp", "MADOGUCHI_ENCRYPTION_KEY": FRESH_KEY,
                "MADOGUCHI_INDEX_KEY": OTHER_FRESH_KEY, **changes}  # fmt: skip
    with override_settings(**settings), pytest.MonkeyPatch.context() as mp:
        mp.delenv("MADOGUCHI_NOW", raising=False)
        for name, value in env.items():
            mp.setenv(name, value)
        keyring.cache_clear()
        try:
            found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
        finally:
            keyring.cache_clear()
    return sorted({m.id for m in found if m.level >= checks.ERROR})


def test_safe_values_pass():
    assert deploy_errors() == []


@pytest.mark.parametrize("change,check_id", DANGEROUS, ids=[f"{c}-{next(iter(v))}" for v, c in DANGEROUS])
def test_a_dangerous_value_fails_the_deploy_check(change, check_id):
    setting = {("SECRET_KEY" if k == "DJANGO_SECRET_KEY" else k): (v.split(",") if k == "ALLOWED_HOSTS" else v) for k, v in change.items()}
    assert deploy_errors(**setting) == [check_id]


def test_under_the_production_settings_check_deploy_exits_non_zero_and_names_it(tmp_path):
    done = manage(production_env(tmp_path, MADOGUCHI_NOW="2026-11-20T10:00+09:00", MADOGUCHI_ENCRYPTION_KEY=PUBLISHED_ENCRYPTION_KEY), "check", "--deploy")
    assert done.returncode != 0, done.stdout + done.stderr
    assert "(core.E004)" in done.stderr and "(staff.E003)" in done.stderr
    assert PUBLISHED_ENCRYPTION_KEY not in done.stdout + done.stderr  # a key is named, never printed


def test_the_production_settings_have_no_development_public_url(tmp_path):
    done = manage(production_env(tmp_path, MADOGUCHI_PUBLIC_URL=""), "check", "--deploy")
    assert done.returncode != 0 and "(core.E003)" in done.stderr and "not set" in done.stderr


def readme_production_exports() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Deploying on PostgreSQL", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.startswith("export ")]  # bash itself drops the "# ..." comments


def test_the_readme_production_example_passes(tmp_path):
    exports = readme_production_exports()
    assert any(e.startswith("export MADOGUCHI_PUBLIC_URL=https://") for e in exports)
    assert {e.split("=", 1)[0].removeprefix("export ") for e in exports} >= {
        "DJANGO_SECRET_KEY", "MADOGUCHI_ENCRYPTION_KEY", "MADOGUCHI_INDEX_KEY", "DATABASE_URL", "ALLOWED_HOSTS",
        "MADOGUCHI_PUBLIC_URL", "DJANGO_SETTINGS_MODULE",
    }  # fmt: skip
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT / "src"), "MADOGUCHI_DATA_DIR": str(tmp_path)}
    script = "set -e\n" + "\n".join(exports) + f'\nexec "{sys.executable}" -m madoguchi.cli.main manage check --deploy --fail-level WARNING\n'
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout
