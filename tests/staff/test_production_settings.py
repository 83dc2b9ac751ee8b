"""The production settings: `check --deploy` reports nothing, and a missing secret
stops the process with its name."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def production_env(tmp_path: Path, **changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MADOGUCHI_", "DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="madoguchi.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="madoguchi.city.example.jp",
        MADOGUCHI_PUBLIC_URL="https://madoguchi.city.example.jp",
        MADOGUCHI_ENCRYPTION_KEY=base64.b64encode(os.urandom(32)).decode(),
        MADOGUCHI_INDEX_KEY=base64.b64encode(os.urandom(32)).decode(),
        MADOGUCHI_DATA_DIR=str(tmp_path),
        PYTHONPATH=str(ROOT / "src"),
    )
    env.update(changes)
    return {k: v for k, v in env.items() if v != ""}


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "madoguchi.cli.main", "manage", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_check_deploy_reports_nothing(tmp_path):
    done = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_without_the_encryption_key_production_does_not_start(tmp_path):
    done = manage(production_env(tmp_path, MADOGUCHI_ENCRYPTION_KEY=""), "check")
    assert done.returncode != 0
    assert "MADOGUCHI_ENCRYPTION_KEY must be set for production" in done.stderr


def test_the_health_check_answers_plain_http_while_pages_redirect_to_https(tmp_path):
    program = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "from django.test import Client\n"
        "call_command('migrate', verbosity=0)\n"
        "c = Client(HTTP_HOST='madoguchi.city.example.jp')\n"
        "print(*(c.get(p).status_code for p in ('/healthz', '/healthz/ready', '/healthz/live', '/ja/')))\n"
    )
    env = production_env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.stdout.split() == ["200", "200", "200", "301"], done.stderr[-2000:]
